"""A view whose analyses are still being computed waits and says so, instead of failing.

The first request after a change computes the analyses and the map layout; on a large
network that takes longer than a request's budget (``API_REQUEST_TIMEOUT``), the server
answers ``TIMEOUT`` and keeps computing. The cockpit then tells the visitor and asks again
until the cached answer is there.

The test holds the layout itself instead of hoping that it outlasts a short budget: the
computation waits for an event that the test sets only after the page said it is waiting.
So the page must see a ``TIMEOUT`` whatever the machine's speed, and the budget can stay
generous for every other request of the page.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import neo4j
import pytest
from playwright.sync_api import Browser, expect

from graph.analysis.network_map import network_map
from graph.settings import Settings
from tests.web.conftest import LiveServer, PageWatch, load_gifhorn

WAITING = "neu berechnet"
BUDGET = 5.0
"""The request budget: far above what any request of the page needs on a busy machine, and
still far below the time the held layout waits."""
HOLD_AT_MOST = 180.0
"""A guard only: the layout goes on after this long even if the test never released it."""


class HeldLayout:
    """``network_map`` of the analyses, held until ``release()``; counts its calls."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.released = threading.Event()
        self.started = threading.Event()
        self.calls = 0

        def held(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            self.started.set()
            self.released.wait(HOLD_AT_MOST)
            return network_map(*args, **kwargs)

        # What the analyses call to lay the map out (graph/gap_service.py).
        monkeypatch.setattr("graph.gap_service.network_map", held)

    def release(self) -> None:
        self.released.set()


@pytest.fixture
def held_layout(monkeypatch: pytest.MonkeyPatch) -> Iterator[HeldLayout]:
    held = HeldLayout(monkeypatch)
    yield held
    held.release()  # never leave a server thread waiting


@pytest.fixture
def impatient_server(
    driver: neo4j.Driver, settings: Settings, held_layout: HeldLayout
) -> Iterator[LiveServer]:
    load_gifhorn(driver, settings)
    with LiveServer(settings.model_copy(update={"api_request_timeout": BUDGET})) as live:
        yield live


def test_the_map_waits_for_its_first_layout_and_then_draws(
    impatient_server: LiveServer, held_layout: HeldLayout, browser: Browser
) -> None:
    page = browser.new_page()
    watch = PageWatch(page)
    try:
        page.goto(f"{impatient_server.url}/#/karte")
        # The layout has begun and cannot finish: the request's budget runs out, the server
        # answers TIMEOUT and the page says that it waits.
        expect(page.locator("#live-status")).to_contain_text(WAITING, timeout=60_000)
        assert held_layout.started.is_set()
        expect(page.locator("main[data-ready]")).to_have_count(0)

        held_layout.release()
        # The same page, no reload: it asked again and drew the map once the layout was there.
        page.wait_for_selector("main[data-ready]", state="attached", timeout=120_000)

        expect(page.locator("#netzwerkkarte")).to_have_attribute("data-nodes", "75")
        expect(page.locator("#live-status")).not_to_contain_text(WAITING)
        # Computed once: the retry got the layout that went on after the TIMEOUT.
        assert held_layout.calls == 1
        # The browser logs each 504 it received; nothing else may have gone wrong.
        assert [e for e in watch.errors if "504" not in e] == []
        assert not watch.foreign_requests(impatient_server.url)
    finally:
        page.close()
