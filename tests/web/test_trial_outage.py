"""The server stops under an open page and comes back: the page says so and recovers alone.

Issue 18, item 2. The server runs in its own process here (not the thread the other browser
tests use), so the test can kill it the way a crash or a restart does and start it again on
the same port. While it is gone the page shows "Server nicht erreichbar, neuer Versuch …"
within a few seconds, a drill-down ends in an error instead of hanging on "werden geladen",
and once the server answers again the banner and the old error vanish and the view is
drawn afresh, with no click by the user.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Iterator
from multiprocessing.process import BaseProcess

import httpx
import neo4j
import pytest
from playwright.sync_api import Browser, Page, expect

from graph.settings import Settings
from tests.conftest import free_port
from tests.web.conftest import load_gifhorn, open_view

BANNER = "Server nicht erreichbar, neuer Versuch"


def _serve(settings: Settings, port: int) -> None:
    """The app under uvicorn, in a child process (module level: spawn imports it)."""
    import uvicorn

    from schema.app import create_app

    uvicorn.run(create_app(settings), host="127.0.0.1", port=port, log_level="warning")


class ServerProcess:
    """The app in a separate process on a fixed port, which can be killed and restarted."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: BaseProcess | None = None

    def start(self) -> None:
        self.process = multiprocessing.get_context("spawn").Process(
            target=_serve, args=(self.settings, self.port), daemon=True
        )
        self.process.start()
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{self.url}/healthz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or not self.process.is_alive():
                raise RuntimeError("the test API server process did not start")
            time.sleep(0.2)

    def kill(self) -> None:
        """Gone at once, like a crash: open connections are reset, new ones refused."""
        assert self.process is not None
        self.process.kill()
        self.process.join(timeout=30)


@pytest.fixture
def server(driver: neo4j.Driver, settings: Settings) -> Iterator[ServerProcess]:
    load_gifhorn(driver, settings)
    served = ServerProcess(settings)
    served.start()
    yield served
    if served.process is not None and served.process.is_alive():
        served.kill()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    yield context.new_page()
    context.close()


def test_an_outage_is_shown_bounded_and_recovered_from_without_a_click(
    server: ServerProcess, page: Page
) -> None:
    open_view(page, f"{server.url}/#/versorgung")
    banner = page.locator("#connection-banner")
    expect(banner).to_be_hidden()

    server.kill()
    # the revision poll (every 5 s) notices; 20 s leaves room on a busy machine
    expect(banner).to_contain_text(BANNER, timeout=20_000)
    expect(banner).to_be_visible()

    # a drill-down asked for while the server is gone ends in an error, it does not hang
    page.locator("#coverage-table button.cell").first.click()
    drilldown = page.locator("#drilldown")
    expect(drilldown.locator("[role=alert]")).to_contain_text(
        "Die Angebote konnten nicht geladen werden", timeout=20_000
    )
    expect(drilldown).not_to_contain_text("werden geladen")

    # another view opened meanwhile shows a clear error, not an endless "loading"
    page.goto(f"{server.url}/#/sprachen")
    page.wait_for_selector("main[data-ready]", state="attached", timeout=20_000)
    expect(page.locator("main .error")).to_contain_text("nicht erreichbar")

    server.start()
    # back by itself: the banner and the old error go, the view is drawn with its data
    expect(banner).to_be_hidden(timeout=30_000)
    expect(page.locator("main .error")).to_have_count(0, timeout=30_000)
    page.wait_for_selector("main[data-ready] table", state="attached", timeout=60_000)
    expect(page.locator("main h1")).to_have_text("Sprachen", use_inner_text=True)
