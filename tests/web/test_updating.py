"""After a change the cockpit says "wird aktualisiert" while the analyses are recomputed in
the background, shows the previous map meanwhile, and the new one once it is there.

The recomputation is held (its projection waits for an event the test sets), so the page
must see it under way whatever the machine's speed; the server never makes a visitor wait
(``API_ANALYSIS_WAIT=0``, as in production).
"""

from __future__ import annotations

from collections.abc import Iterator

import neo4j
import pytest
from playwright.sync_api import Browser, expect

from graph.settings import Settings
from graph.tokens import create_token
from tests.api.test_recompute import HeldProjection
from tests.web.conftest import LiveServer, PageWatch, load_gifhorn, open_view

UPDATING = "werden aktualisiert"
NEW_ACTOR = {"id": "neu-im-netz", "name": "Neu im Netz", "kind": "ASSOCIATION", "source": "test"}
CREATE = "mutation($input: ActorInput!) { createActor(input: $input) { id revision } }"


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> Iterator[HeldProjection]:
    holder = HeldProjection(monkeypatch)
    yield holder
    holder.release()


@pytest.fixture
def server(driver: neo4j.Driver, settings: Settings, held: HeldProjection) -> Iterator[LiveServer]:
    load_gifhorn(driver, settings)
    served = settings.model_copy(update={"api_analysis_wait": 0.0, "api_analysis_debounce": 0.05})
    with LiveServer(served) as live:
        yield live


def test_the_map_says_it_is_being_updated_and_then_shows_the_new_one(
    server: LiveServer,
    held: HeldProjection,
    driver: neo4j.Driver,
    settings: Settings,
    browser: Browser,
) -> None:
    _, secret = create_token(driver, settings.neo4j_database, "editor", "updating test")
    page = browser.new_page()
    watch = PageWatch(page)
    try:
        open_view(page, f"{server.url}/?aktualisierung=1#/karte")
        expect(page.locator("#netzwerkkarte")).to_have_attribute("data-nodes", "75")
        expect(page.locator("#map-updating")).to_have_count(0)

        held.arm()
        server.graphql(
            CREATE,
            {"input": NEW_ACTOR},
            token=secret,
        )
        assert held.started.wait(120)
        # The poll sees the change: the page says so and shows the previous map meanwhile.
        expect(page.locator("#live-status")).to_contain_text(UPDATING, timeout=60_000)
        expect(page.locator("#map-updating")).to_have_count(1, timeout=60_000)
        expect(page.locator("#netzwerkkarte")).to_have_attribute("data-nodes", "75")

        held.release()
        # Done: the page refreshes by itself and draws the map with the new actor.
        expect(page.locator("#netzwerkkarte")).to_have_attribute(
            "data-nodes", "76", timeout=120_000
        )
        expect(page.locator("#map-updating")).to_have_count(0)
        expect(page.locator("#live-status")).not_to_contain_text(UPDATING)
        assert watch.errors == []
        assert not watch.foreign_requests(server.url)
    finally:
        page.close()
