"""Smaller findings of the trial (issue 18, item 9), each as a user meets it.

The reasons in "Akteure am Rand" are separated; Vermittlerrolle is a percentage; the
Sprachen page is paged instead of 500 rows in one table; search hits for a field of action
or a target group can be clicked; a printed table says whether it is complete or an
excerpt.
"""

from __future__ import annotations

from collections.abc import Iterator

import neo4j
import pytest
from playwright.sync_api import Browser, Page

from graph.settings import Settings

from .conftest import LiveServer, load_gifhorn, open_view


@pytest.fixture(scope="module")
def server(driver: neo4j.Driver, settings: Settings) -> Iterator[LiveServer]:
    load_gifhorn(driver, settings)
    with LiveServer(settings) as live:
        yield live


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    yield context.new_page()
    context.close()


def test_reasons_are_separated_and_brokerage_is_a_percentage(
    server: LiveServer, page: Page
) -> None:
    open_view(page, f"{server.url}/#/luecken")
    column = page.evaluate(
        "() => [...document.querySelectorAll('#analyse-peripheral thead th')]"
        ".findIndex((th) => th.textContent.trim().startsWith('Begründung')) + 1"
    )
    assert column > 0, "no column Begründung"
    cells = f"#analyse-peripheral tbody tr > :nth-child({column})"
    reasons = page.locator(cells).all_inner_texts()
    several = [r for r in reasons if "Verbindung" in r and "Arbeitskreis" in r]
    assert several and all("; " in r for r in several), several[:3]
    brokerage = page.locator("#analyse-brokers tbody tr td:nth-child(2)").all_inner_texts()
    assert brokerage and all(value.endswith(" %") for value in brokerage), brokerage[:3]


def test_the_languages_page_is_paged(server: LiveServer, page: Page) -> None:
    open_view(page, f"{server.url}/#/sprachen")
    rows = page.locator("#languages-gaps-filter").locator("xpath=../..").locator("tbody tr")
    assert rows.count() == 50
    more = page.get_by_role("button", name="Weitere 50 anzeigen")
    more.click()
    assert rows.count() == 100
    assert page.evaluate("document.documentElement.scrollHeight") < 20_000


def test_field_of_action_and_target_group_hits_can_be_clicked(
    server: LiveServer, page: Page
) -> None:
    open_view(page, f"{server.url}/#/suche?text=frauen")
    items = page.locator("ol.hits li")
    kinds = items.all_inner_texts()
    for index, text in enumerate(kinds):
        if "Handlungsfeld" in text or "Zielgruppe" in text:
            assert items.nth(index).locator("a").count() == 1, text
    target = items.filter(has_text="Zielgruppe").first.locator("a")
    target.click()
    page.wait_for_selector("main[data-view=versorgung][data-ready]", state="attached")
    assert page.locator("#coverage-columns").input_value() == "TARGET_GROUP"


def test_a_printed_list_says_it_is_an_excerpt(server: LiveServer, page: Page) -> None:
    open_view(page, f"{server.url}/#/luecken")
    note = page.locator("#analyse-coverage .excerpt-note").first
    assert not note.is_visible()
    page.emulate_media(media="print")
    assert note.is_visible()
    assert note.inner_text().startswith("Auszug: Dieser Ausdruck enthält 25 von ")
    complete = page.locator("#analyse-workingGroups .excerpt-note").first
    assert complete.inner_text().startswith("Vollständig")
    page.emulate_media(media="screen")
