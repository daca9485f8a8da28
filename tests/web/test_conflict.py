"""Two people edit the same record; the second is told of the conflict and shown what the
first changed ("anna@… am …: Termine: „(leer)“ → „donnerstags 18 Uhr“"), "Neu laden" loads
the other person's value, and saving again succeeds."""

from __future__ import annotations

from collections.abc import Iterator

import neo4j
import pytest
from playwright.sync_api import Browser, Page, expect

from graph.settings import Settings

from .conftest import (
    LiveServer,
    axe_violations,
    desk,
    load_gifhorn,
    make_account,
    open_view,
    saved,
    screenshot,
    sign_in,
)

OFFERING = "afrika-kulturabend"
FIRST, SECOND = "anna@landkreis.example", "ben@landkreis.example"


@pytest.fixture(scope="module")
def server(driver: neo4j.Driver, settings: Settings) -> Iterator[LiveServer]:
    load_gifhorn(driver, settings)
    make_account(settings, FIRST, "editor")
    make_account(settings, SECOND, "editor")
    with LiveServer(settings) as live:
        yield live


def _editing(browser: Browser, server: LiveServer, email: str) -> Page:
    context = desk(browser)
    page = context.new_page()
    open_view(page, f"{server.url}/#/angebot/{OFFERING}")
    sign_in(page, email)
    page.get_by_role("link", name="Bearbeiten").click()
    page.locator("form.edit-form").wait_for()
    return page


def test_the_second_of_two_editors_is_told_of_the_conflict(
    server: LiveServer, browser: Browser
) -> None:
    first = _editing(browser, server, FIRST)
    second = _editing(browser, server, SECOND)

    first.get_by_label("Termine").fill("donnerstags 18 Uhr")
    first.get_by_role("button", name="Speichern").click()
    saved(first, server)

    second.get_by_label("Titel").fill("Afrikanischer Kulturabend im Kulturzentrum")
    second.get_by_role("button", name="Speichern").click()
    conflict = second.locator(".conflict[role=alert]")
    conflict.wait_for()
    expect(conflict).to_contain_text(
        "Inzwischen hat jemand anderes gespeichert", use_inner_text=True
    )
    expect(conflict).to_contain_text(FIRST, use_inner_text=True)
    expect(conflict).to_contain_text(
        "Termine: „(leer)“ → „donnerstags 18 Uhr“", use_inner_text=True
    )
    assert axe_violations(second) == []
    screenshot(second, "konflikt")
    # nothing of the second edit was written
    check = server.graphql(f'{{ offering(id: "{OFFERING}") {{ title schedule }} }}')
    expected = {"title": "Afrikanischer Kulturabend", "schedule": "donnerstags 18 Uhr"}
    assert check["offering"] == expected

    second.get_by_role("button", name="Neu laden (Ihre Eingaben verwerfen)").click()
    second.wait_for_function(
        "() => document.querySelector('#f-schedule').value === 'donnerstags 18 Uhr'"
    )
    second.get_by_label("Titel").fill("Afrikanischer Kulturabend im Kulturzentrum")
    second.get_by_role("button", name="Speichern").click()
    saved(second, server)
    check = server.graphql(f'{{ offering(id: "{OFFERING}") {{ title schedule }} }}')
    assert check["offering"] == {
        "title": "Afrikanischer Kulturabend im Kulturzentrum",
        "schedule": "donnerstags 18 Uhr",
    }
    first.context.close()
    second.context.close()
