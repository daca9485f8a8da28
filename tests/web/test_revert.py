"""An admin undoes a change in "Änderungen"; a change that a later one depends on is
refused with the server's words, and nothing changes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import neo4j
import pytest
from playwright.sync_api import Page, expect

from graph.settings import Settings
from graph.tokens import create_token

from .conftest import (
    LiveServer,
    axe_violations,
    load_gifhorn,
    make_account,
    open_view,
    screenshot,
    sign_in,
)

OFFERING = "afrika-kulturabend"
ADMIN = "stabsstelle@landkreis.example"
UPDATE = """mutation($title: String!) {
  updateOffering(id: "afrika-kulturabend", input: {title: $title}) { outcome } }"""


@pytest.fixture(scope="module")
def server(driver: neo4j.Driver, settings: Settings) -> Iterator[LiveServer]:
    load_gifhorn(driver, settings)
    make_account(settings, ADMIN, "admin")
    with LiveServer(settings) as live:
        yield live


def test_an_admin_reverts_a_change(
    server: LiveServer, page: Page, driver: neo4j.Driver, settings: Settings
) -> None:
    _, secret = create_token(driver, settings.neo4j_database, "editor", "Planung")
    server.graphql(UPDATE, {"title": "Kulturabend eins"}, token=secret)
    server.graphql(UPDATE, {"title": "Kulturabend zwei"}, token=secret)

    open_view(page, f"{server.url}/#/ueberblick")
    sign_in(page, ADMIN)
    open_view(page, f"{server.url}/#/aenderungen?datensatz={OFFERING}")
    changes = page.locator("ol.changes > li")
    latest, earlier = changes.nth(0), changes.nth(1)
    expect(latest).to_contain_text("Kulturabend zwei", use_inner_text=True)

    # the earlier change has a later one on the same field: refused, with the reason
    earlier.get_by_role("button", name="rückgängig machen").click()
    refused = earlier.locator(".revert-result")
    refused.wait_for()
    expect(refused).to_have_text(re.compile("^Nicht rückgängig gemacht:"), use_inner_text=True)
    assert server.graphql(f'{{ offering(id: "{OFFERING}") {{ title }} }}')["offering"] == {
        "title": "Kulturabend zwei"
    }

    latest.get_by_role("button", name="rückgängig machen").click()
    page.get_by_text("Rückgängig gemacht;").wait_for()
    assert server.graphql(f'{{ offering(id: "{OFFERING}") {{ title }} }}')["offering"] == {
        "title": "Kulturabend eins"
    }
    # the revert is itself a change, at the top of the list
    page.wait_for_function(
        "() => document.querySelector('ol.changes > li h2').textContent"
        ".includes('rückgängig gemacht')"
    )
    page.get_by_role("status").filter(has_text="Rückgängig gemacht;").wait_for()
    assert axe_violations(page) == []
    screenshot(page, "aenderungen-rueckgaengig")
