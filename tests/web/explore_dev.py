"""Dev exploration only (not committed): the edit form against today's API with a token."""

from __future__ import annotations

import json
from collections.abc import Iterator

import neo4j
import pytest
from playwright.sync_api import Browser, Route

from graph.settings import Settings
from graph.tokens import create_token

from .conftest import LiveServer, load_gifhorn, open_view, screenshot


@pytest.fixture(scope="module")
def server(driver: neo4j.Driver, settings: Settings) -> Iterator[LiveServer]:
    load_gifhorn(driver, settings)
    with LiveServer(settings) as live:
        yield live


def test_explore(
    server: LiveServer, browser: Browser, driver: neo4j.Driver, settings: Settings
) -> None:
    _, secret = create_token(driver, settings.neo4j_database, "admin", "dev")
    context = browser.new_context(
        viewport={"width": 1400, "height": 1000},
        locale="de-DE",
        extra_http_headers={"authorization": f"Bearer {secret}"},
    )
    account = {"id": "a1", "email": "redaktion@gifhorn.example", "role": "admin", "actorIds": []}

    def session(route: Route) -> None:
        route.fulfill(
            status=200,
            content_type="application/json",
            body=json.dumps({"signedIn": True, "account": account, "csrfToken": "x"}),
        )

    context.route("**/auth/session", session)
    page = context.new_page()
    page.on("console", lambda m: print("CONSOLE", m.type, m.text))
    offering = server.graphql("{ offerings(first: 1) { edges { node { id } } } }")["offerings"][
        "edges"
    ][0]["node"]["id"]
    open_view(page, f"{server.url}/#/angebot/{offering}")
    screenshot(page, "dev-offering")
    print(page.locator("header").inner_text())
    page.get_by_role("link", name="Bearbeiten").click()
    page.wait_for_selector("form.edit-form")
    page.wait_for_timeout(1000)
    screenshot(page, "dev-edit")
    page.get_by_label("Titel").fill("")
    page.get_by_label("Plätze").fill("-5")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_timeout(1500)
    print(page.locator("main").inner_text()[:1500])
    screenshot(page, "dev-edit-error")
    page.get_by_label("Titel").fill("Neuer Titel")
    page.get_by_label("Plätze").fill("12")
    page.get_by_role("combobox", name="Sprachen").fill("Arabisch")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_timeout(1500)
    print(page.url)
    print(page.locator("main").inner_text()[:800])
    page.goto(f"{server.url}/#/bearbeiten/akteur/stabsstelle-integration")
    page.wait_for_timeout(3000)
    print("AKTEUR", page.locator("main").inner_text()[:500])
    page.wait_for_selector("form.edit-form")
    page.get_by_role("button", name="Löschen").click()
    page.get_by_role("button", name="Ja, endgültig löschen").click()
    page.wait_for_timeout(1500)
    print(page.locator(".delete-box").inner_text())
    wg = server.graphql("{ workingGroups(first: 1) { edges { node { id } } } }")["workingGroups"][
        "edges"
    ][0]["node"]["id"]
    page.goto(f"{server.url}/#/bearbeiten/arbeitskreis/{wg}")
    page.wait_for_selector("form.edit-form")
    page.wait_for_timeout(800)
    screenshot(page, "dev-wg")
    context.close()
