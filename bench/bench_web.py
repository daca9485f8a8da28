"""The cockpit in Chromium: time to first render of each view, and the map's frame time.

For the Gifhorn data, every view is opened in a fresh page `--repeat` times; the figure is
the time from navigation start to the view's `cockpit-ready` mark (set when its data is on
screen). Then a synthetic landscape of `--actors` actors (default 10,000) is loaded and the
network map is measured: first render (the server lays the graph out once for the new
revision), a repeated render, and the frame time while the camera pans and zooms
(requestAnimationFrame deltas, p50/p95) and while the mouse hovers from node to node.
Chromium is Debian's, headless, drawing WebGL with SwiftShader on the CPU: a real GPU is
faster, so these are upper bounds. Needs the built app (`make web`).
Run: ``python -m bench web [--repeat 5] [--actors 10000]``.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn
from playwright.sync_api import Browser, sync_playwright
from rich.console import Console
from rich.table import Table

from bench.support import bench_settings, save, wipe
from graph.db import open_driver
from graph.migrations import migrate
from graph.settings import PROJECT_ROOT, Settings
from graph.store.writer import write_landscape
from loaders.landscape import load_landscape
from loaders.synthetic import generate, write_document

VIEWS = ("ueberblick", "karte", "versorgung", "sprachen", "luecken", "suche?text=caritas")
# Debian's Chromium, headless, offline; WebGL without a GPU through SwiftShader, so sigma.js
# really draws (the browser tests in tests/web use the same flags).
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
]  # fmt: skip

# Pan and zoom the way a user's drag does (sigma's camera animation, edges and labels hidden
# while moving on large maps); returns every requestAnimationFrame delta.
PAN_AND_ZOOM = """async (moves) => {
  const camera = window.cockpitMap.getCamera();
  const deltas = []; let running = true; let last = performance.now();
  const tick = (now) => { deltas.push(now - last); last = now;
                          if (running) requestAnimationFrame(tick); };
  requestAnimationFrame((now) => { last = now; requestAnimationFrame(tick); });
  for (let i = 0; i < moves; i++) {
    await camera.animate({ x: 0.5 + 0.3 * Math.sin(i), y: 0.5 + 0.3 * Math.cos(i),
                           ratio: 0.4 + 0.5 * Math.abs(Math.cos(i / 2)) }, { duration: 400 });
  }
  running = false;
  return deltas;
}"""

NODE_POSITIONS = """(count) => {
  const renderer = window.cockpitMap; renderer.getCamera().setState({ x: 0.5, y: 0.5, ratio: 1 });
  renderer.refresh();
  const nodes = renderer.getGraph().nodes();
  const step = Math.max(1, Math.floor(nodes.length / count));
  renderer.getContainer().scrollIntoView();
  const box = renderer.getContainer().getBoundingClientRect();
  return nodes.filter((_, i) => i % step === 0).map((id) => {
    const p = renderer.framedGraphToViewport(renderer.getNodeDisplayData(id));
    return { x: box.left + p.x, y: box.top + p.y };
  }).filter((p) => p.y > 0 && p.y < window.innerHeight && p.x > 0 && p.x < window.innerWidth)
    .slice(0, count);
}"""

# time from a mouse move to the frame after the one that shows its hover highlight
ARM_HOVER_PROBE = """() => {
  window.hoverMs = null;
  window.addEventListener('mousemove', () => {
    const start = performance.now();
    requestAnimationFrame(() => requestAnimationFrame(() => {
      window.hoverMs = performance.now() - start; }));
  }, { once: true, capture: true });
}"""


# polled inside the page: the app's CSP forbids the eval behind Playwright's wait_for_function
WAIT_FOR_HOVER = """() => new Promise((resolve) => {
  const poll = setInterval(() => {
    if (window.hoverMs !== null) { clearInterval(poll); resolve(window.hoverMs); }
  }, 5);
})"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(settings: Settings) -> Iterator[str]:
    """The real app under uvicorn in a thread; yields its origin."""
    from schema.app import create_app

    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def ready_ms(browser: Browser, url: str) -> float:
    """Navigation start to the view's data on screen, in a fresh page (cold browser cache)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        page.goto(url)
        page.wait_for_selector("main[data-ready]", state="attached", timeout=300_000)
        if page.locator("main .error").count():
            raise RuntimeError(f"{url}: {page.locator('main .error').inner_text()}")
        mark = page.evaluate(
            "performance.getEntriesByName('cockpit-ready').map((m) => m.startTime).pop()"
        )
        return round(float(mark), 1)
    finally:
        context.close()


def measure_views(browser: Browser, origin: str, repeat: int) -> list[dict[str, Any]]:
    rows = []
    for view in VIEWS:
        times = [ready_ms(browser, f"{origin}/#/{view}") for _ in range(repeat)]
        rows.append(
            {
                "data": "gifhorn",
                "view": view.split("?")[0],
                "first_ms": times[0],
                "median_ms": round(statistics.median(times), 1),
                "max_ms": max(times),
                "runs": repeat,
            }
        )
    return rows


def measure_map(browser: Browser, origin: str, actors: int) -> dict[str, Any]:
    first = ready_ms(browser, f"{origin}/#/karte")
    again = ready_ms(browser, f"{origin}/#/karte")
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        page.goto(f"{origin}/#/karte")
        page.wait_for_selector("main[data-ready]", state="attached", timeout=300_000)
        nodes = int(page.locator("#netzwerkkarte").get_attribute("data-nodes") or 0)
        page.evaluate(PAN_AND_ZOOM, 2)  # warm-up
        frames: list[float] = page.evaluate(PAN_AND_ZOOM, 20)
        hovers: list[float] = []
        for point in page.evaluate(NODE_POSITIONS, 30):
            page.evaluate(ARM_HOVER_PROBE)
            page.mouse.move(point["x"], point["y"])
            hovers.append(float(page.evaluate(WAIT_FOR_HOVER)))
        return {
            "data": f"synthetic {actors} actors",
            "view": "karte",
            "nodes_drawn": nodes,
            "first_render_ms": first,
            "repeated_render_ms": again,
            "frame_p50_ms": round(percentile(frames, 0.5), 1),
            "frame_p95_ms": round(percentile(frames, 0.95), 1),
            "frames": len(frames),
            "hover_p50_ms": round(percentile(hovers, 0.5), 1),
            "hover_p95_ms": round(percentile(hovers, 0.95), 1),
            "hovers": len(hovers),
        }
    finally:
        context.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench web")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--actors", type=int, default=10_000)
    args = parser.parse_args(argv)
    if not (PROJECT_ROOT / "web" / "dist" / "index.html").is_file():
        raise SystemExit("web/dist is missing: run `make web` first")
    settings = bench_settings()
    database = settings.neo4j_database
    with open_driver(settings) as driver, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        wipe(driver, database)
        migrate(driver, database)
        dataset = PROJECT_ROOT / "loaders" / "data" / "gifhorn"
        write_landscape(driver, load_landscape([dataset]), database=database)
        with serving(settings) as origin:
            rows: list[dict[str, Any]] = measure_views(browser, origin, args.repeat)
            rows.append(measure_map(browser, origin, 0) | {"data": "gifhorn"})
        load_synthetic_actors(driver, database, args.actors)
        # the first map request lays out the new revision: more than the default 30 s per request
        patient = settings.model_copy(update={"api_request_timeout": 900.0})
        with serving(patient) as origin:
            rows.append(measure_map(browser, origin, args.actors))
        browser.close()
    report(rows)
    print(f"saved {save('web', rows)}")


def load_synthetic_actors(driver: Any, database: str, actors: int) -> None:
    """Wipe and load `integration-graph generate --actors N --seed 7` (by actors, not nodes)."""
    wipe(driver, database)
    migrate(driver, database)
    with tempfile.TemporaryDirectory() as folder:
        write_document(generate(actors, seed=7), Path(folder), "json")
        write_landscape(driver, load_landscape([folder]), database=database)


def report(rows: list[dict[str, Any]]) -> None:
    views = Table(title="Cockpit: navigation start to data on screen (ms)")
    for column in ("data", "view", "first_ms", "median_ms", "max_ms", "runs"):
        views.add_column(column)
    maps = Table(title="Network map: render and frame times (ms)")
    map_columns = ("data", "nodes_drawn", "first_render_ms", "repeated_render_ms",
                   "frame_p50_ms", "frame_p95_ms", "hover_p50_ms", "hover_p95_ms")  # fmt: skip
    for column in map_columns:
        maps.add_column(column)
    for row in rows:
        if "frame_p50_ms" in row:
            maps.add_row(*(str(row[column]) for column in map_columns))
        else:
            views.add_row(
                *(str(row[c]) for c in ("data", "view", "first_ms", "median_ms", "max_ms", "runs"))
            )
    Console().print(views)
    Console().print(maps)


if __name__ == "__main__":
    main()
