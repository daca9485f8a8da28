"""Fixtures of the browser tests: the real app under uvicorn, serving the built cockpit.

The server is `schema.app.create_app` with the test settings, on a free loopback port in a
background thread, talking to the real test Neo4j; the browser is Debian's Chromium driven
by Playwright (its own browser download cannot work offline). A missing `web/dist` is a
failure that says how to build it, never a skip.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import neo4j
import pytest
import uvicorn
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Locator,
    Page,
    Playwright,
    expect,
    sync_playwright,
)

from bench.bench_web import CHROMIUM_ARGS
from graph.settings import PROJECT_ROOT, Settings
from tests.conftest import ANALYSIS_WAIT, free_port
from tests.conftest import load_gifhorn as load_gifhorn  # the browser tests import it here

DIST = PROJECT_ROOT / "web" / "dist"
AXE = PROJECT_ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM = "/usr/bin/chromium"

EXPECT_TIMEOUT_MS = 30_000
"""How long an `expect(...)` waits for the page to show what it asserts. A bound on waiting,
not a promise about speed: after a write, a view may wait for the analyses' background
recomputation (tests/conftest.py: ANALYSIS_WAIT), which takes seconds on a loaded 2-core
machine; Playwright's 5 s default made such steps fail there while passing alone."""
expect.set_options(timeout=EXPECT_TIMEOUT_MS)


def require_dist() -> None:
    if not (DIST / "index.html").is_file() or not (DIST / "graphiql.html").is_file():
        pytest.fail(
            f"the web app is not built ({DIST} is missing): run `make web` "
            "(cd web && npm ci && npm run build) before the browser tests",
            pytrace=False,
        )


class LiveServer:
    """The app under uvicorn in a thread; `url` is its origin, `graphql()` calls its API."""

    def __init__(self, settings: Settings) -> None:
        from schema.app import create_app

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            create_app(settings), host="127.0.0.1", port=self.port, log_level="warning"
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self._thread.start()
        deadline = time.monotonic() + 30
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the test API server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=30)

    def graphql(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        token: str | None = None,
        timeout: float = 120,
    ) -> dict[str, Any]:
        headers = {"authorization": f"Bearer {token}"} if token else {}
        response = httpx.post(
            f"{self.url}/graphql",
            json={"query": query, "variables": variables or {}},
            headers=headers,
            timeout=timeout,
        )
        body: dict[str, Any] = response.json()
        assert not body.get("errors"), body["errors"]
        data: dict[str, Any] = body["data"]
        return data

    def settle(self, bound: float = ANALYSIS_WAIT) -> None:
        """Wait until the analyses are recomputed after the last write (``analysisStatus``).

        A view that reads analyses (a measure's gaps, the agenda) waits for that background
        recomputation itself; on a loaded 2-core machine it took longer than a browser step
        may wait. A test waits for the mechanism here instead, then for the page.
        """
        query = "{ analysisStatus { revision latestRevision updating } }"
        deadline = time.monotonic() + bound
        while True:
            status = self.graphql(query)["analysisStatus"]
            fresh = status["revision"] is not None and not status["updating"]
            if fresh and status["revision"] >= (status["latestRevision"] or 0):
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"analyses not recomputed within {bound} s: {status}")
            time.sleep(1.0)  # longer than the debounce (0.5 s), which each look restarts


@pytest.fixture(scope="module")
def server(driver: neo4j.Driver, settings: Settings) -> Iterator[LiveServer]:
    """The app on the shipped Gifhorn data (loaded unless the last module left it unchanged,
    ``tests/loaded_data.py``); a module that needs other data or accounts made before the
    server starts defines its own."""
    load_gifhorn(driver, settings)
    with LiveServer(settings) as live:
        yield live


@pytest.fixture(scope="package")
def playwright_instance() -> Iterator[Playwright]:
    """Playwright for the browser tests, stopped after the last of them.

    Its sync API marks an asyncio loop as running in the test thread between calls, so
    while it lives no later test of the worker can call ``asyncio.run`` (account helpers,
    the CLI). Package scope ends it with the browser tests, which run as one unit
    (``tests/conftest.py``: ``parallel_group``)."""
    with sync_playwright() as instance:
        yield instance


@pytest.fixture(scope="package")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    require_dist()
    launched = playwright_instance.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield launched
    launched.close()


def desk(browser: Browser) -> BrowserContext:
    """A German browser window of desk size. ``bypass_csp`` only so that a test can inject
    axe-core; the app's own Content-Security-Policy is ``test_security``'s."""
    return browser.new_context(
        viewport={"width": 1400, "height": 1000}, locale="de-DE", bypass_csp=True
    )


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A page in a fresh desk-sized window (``desk``); a module that needs another size or
    a phone defines its own."""
    context = desk(browser)
    yield context.new_page()
    context.close()


class PageWatch:
    """Everything a page did that a test asserts on: console errors and every request."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.errors: list[str] = []
        self.requests: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        page.on("request", lambda request: self.requests.append(request.url))

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(f"console error: {message.text}")

    def foreign_requests(self, origin: str) -> list[str]:
        return [
            url
            for url in self.requests
            if not (url.startswith(origin + "/") or url.startswith(("data:", "blob:")))
        ]


def open_view(page: Page, url: str, timeout: float = 60_000) -> None:
    """Go to a view and wait until it says its data is shown (`main[data-ready]`)."""
    page.goto(url)
    page.wait_for_selector("main[data-ready]", state="attached", timeout=timeout)


SAVED_OR_REFUSED = (
    "location.hash.includes('gespeichert=1') "
    "|| document.body.textContent.includes('Nicht gespeichert')"
)
"""A save's two ends: the record's page, or the form's "Nicht gespeichert: …"."""


def saved(page: Page, server: LiveServer) -> None:
    """After "Speichern": the form goes to the record's page once the write is committed
    (``?gespeichert=1``); that page says "Gespeichert" once it has read the record, with the
    analyses it shows recomputed (:meth:`LiveServer.settle`). A refused save fails at once
    with the form's words, so a slow write and a refused one are told apart."""
    page.wait_for_function(SAVED_OR_REFUSED, timeout=EXPECT_TIMEOUT_MS)
    if "gespeichert=1" not in page.evaluate("location.hash"):
        refused = page.get_by_text("Nicht gespeichert").first.inner_text()
        pytest.fail(f"the save was refused: {refused}")
    server.settle()
    page.get_by_role("status").filter(has_text="Gespeichert").wait_for()


def wait_until_held(page: Page, held: list[Any], what: str) -> None:
    """Let Playwright run until a route handler has held a request in ``held`` (the handler
    sees it only while Playwright waits), at most 30 s."""
    for _ in range(300):
        if held:
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"{what} was not asked")


def screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    height = int(page.evaluate("document.documentElement.scrollHeight"))
    width = int(page.evaluate("document.documentElement.scrollWidth"))
    # the whole page, but long tables cut at 4,000 px to keep the artefacts small
    clip = {"x": 0, "y": 0, "width": width, "height": min(height, 4000)}
    page.screenshot(path=str(path), full_page=True, clip=clip)  # type: ignore[arg-type]
    return path


def map_pixels(page: Page) -> int:
    """Non-transparent pixels sigma drew on its node layer (rendered and read in one task)."""
    return int(
        page.evaluate(
            """() => {
              const renderer = window.cockpitMap;
              renderer.refresh();
              const canvas = renderer.getCanvases().nodes;
              const gl = canvas.getContext('webgl2') || canvas.getContext('webgl');
              const pixels = new Uint8Array(gl.drawingBufferWidth * gl.drawingBufferHeight * 4);
              gl.readPixels(0, 0, gl.drawingBufferWidth, gl.drawingBufferHeight,
                            gl.RGBA, gl.UNSIGNED_BYTE, pixels);
              let drawn = 0;
              for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) drawn++;
              return drawn;
            }"""
        )
    )


PASSWORD = "Ein-sicheres-Passwort-2026"


def make_account(settings: Settings, email: str, role: str, actors: list[str] | None = None) -> str:
    """An account made through the store, as `integration-graph account create` does; its id."""
    import asyncio

    from graph.accounts import create_account
    from graph.db import open_async_driver

    async def work() -> str:
        driver = open_async_driver(settings)
        try:
            account, _ = await create_account(
                driver, settings.neo4j_database, email, role, actors, PASSWORD
            )
            return str(account.id)
        finally:
            await driver.close()

    # Playwright's sync API keeps an event loop running in this thread: use another one.
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, work()).result()


def member_with_offerings(server: LiveServer, settings: Settings, email: str) -> dict[str, Any]:
    """A member account for the provider of an offering it alone offers ("own"), and an
    offering of another organisation ("other"), as the editing tests need them."""
    data = server.graphql(
        "{ offerings(first: 200) { edges { node { id title providers { id } } } } }"
    )
    nodes = [edge["node"] for edge in data["offerings"]["edges"]]
    own = next(n for n in nodes if len(n["providers"]) == 1)
    provider = own["providers"][0]["id"]
    other = next(n for n in nodes if provider not in {p["id"] for p in n["providers"]})
    make_account(settings, email, "member", [provider])
    return {"own": own, "other": other, "provider": provider}


def sign_in(page: Page, email: str, password: str = PASSWORD) -> None:
    """Sign in through the header's form, as a person would, and wait until it is done."""
    page.locator("#auth").get_by_role("button", name="Anmelden").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("E-Mail").fill(email)
    dialog.get_by_label("Passwort").fill(password)
    dialog.get_by_role("button", name="Anmelden").click()
    page.locator("#auth .signed-in").wait_for()
    page.wait_for_selector("main[data-ready]", state="attached")


def account_menu(page: Page) -> Locator:
    """Open the signed-in account's menu in the header ("Tabelle hochladen", "Konten",
    "Abmelden"); the menu's locator."""
    menu = page.locator("#account-menu")
    if not menu.is_visible():
        page.locator("#auth button.signed-in").click()
    menu.wait_for()
    return menu


def sign_out(page: Page) -> None:
    """Sign out through the account's menu, as a person would."""
    account_menu(page).get_by_role("button", name="Abmelden").click()
    page.locator("#auth").get_by_role("button", name="Anmelden").wait_for()


def axe_violations(page: Page, selector: str = "main") -> list[str]:
    """Serious or critical axe findings inside `selector` (the context must bypass the CSP)."""
    page.add_script_tag(path=str(AXE))
    result: dict[str, Any] = page.evaluate(
        "(s) => axe.run(document.querySelector(s), { resultTypes: ['violations'] })", selector
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
