"""A view whose analyses are still being computed waits and says so, instead of failing.

The first request after a change computes the analyses and the map layout; on a large
network that takes longer than a request's budget (``API_REQUEST_TIMEOUT``), the server
answers ``TIMEOUT`` and keeps computing. The cockpit then tells the visitor and asks again
until the cached answer is there. Here the budget is cut to half a second, so that even the
Gifhorn network's first layout outlasts it.
"""

from __future__ import annotations

from collections.abc import Iterator

import neo4j
import pytest
from playwright.sync_api import Browser, expect

from graph.settings import Settings
from tests.web.conftest import LiveServer, PageWatch, load_gifhorn

WAITING = "neu berechnet"


@pytest.fixture
def impatient_server(driver: neo4j.Driver, settings: Settings) -> Iterator[LiveServer]:
    load_gifhorn(driver, settings)
    with LiveServer(settings.model_copy(update={"api_request_timeout": 0.5})) as live:
        yield live


def test_the_map_waits_for_its_first_layout_and_then_draws(
    impatient_server: LiveServer, browser: Browser
) -> None:
    page = browser.new_page()
    watch = PageWatch(page)
    try:
        page.goto(f"{impatient_server.url}/#/karte")
        expect(page.locator("#live-status")).to_contain_text(WAITING, timeout=60_000)
        # The same page, no reload: it asked again and drew the map once the layout was there.
        page.wait_for_selector("main[data-ready]", state="attached", timeout=120_000)

        assert page.locator("#netzwerkkarte").get_attribute("data-nodes") == "75"
        expect(page.locator("#live-status")).not_to_contain_text(WAITING)
        # The browser logs each 504 it received; nothing else may have gone wrong.
        assert [e for e in watch.errors if "504" not in e] == []
        assert not watch.foreign_requests(impatient_server.url)
    finally:
        page.close()
