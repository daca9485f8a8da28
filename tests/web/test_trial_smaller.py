"""Smaller findings of the trial (issue 18, item 9), each as a user meets it.

The reasons in "Akteure am Rand" are separated; Vermittlerrolle is the same percentage in
the table, its reason and on the actor's page; the Sprachen page is paged instead of 500
rows in one table; search hits for a field of action or a target group open Versorgung
narrowed to it; a printed table says whether it is complete or an excerpt; the header is
one row at 1,280 px, signed in or not, and two rows on a phone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import neo4j
import pytest
from playwright.sync_api import Browser, Page, expect

from graph.settings import Settings

from .conftest import LiveServer, account_menu, load_gifhorn, make_account, open_view, sign_in

ADMIN = "kopf@gifhorn.example"


@pytest.fixture(scope="module")
def server(driver: neo4j.Driver, settings: Settings) -> Iterator[LiveServer]:
    load_gifhorn(driver, settings)
    make_account(settings, ADMIN, "admin")
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
    # the same figure, written the same way, in its reason and on the actor's page
    first = page.locator("#analyse-brokers tbody tr").first
    figure = first.locator("td:nth-child(2)").inner_text()
    assert figure in first.inner_text().split(figure, 1)[1], "the reason names another figure"
    first.locator("a").first.click()
    page.wait_for_selector("main[data-view=akteur][data-ready]", state="attached")
    expect(page.locator("main")).to_contain_text(f"Vermittlerrolle {figure}", use_inner_text=True)


def test_the_languages_page_is_paged(server: LiveServer, page: Page) -> None:
    open_view(page, f"{server.url}/#/sprachen")
    rows = page.locator("#languages-gaps-filter").locator("xpath=../..").locator("tbody tr")
    expect(rows).to_have_count(50)
    more = page.get_by_role("button", name="Weitere 50 anzeigen")
    more.click()
    expect(rows).to_have_count(100)
    assert page.evaluate("document.documentElement.scrollHeight") < 20_000


def test_field_of_action_and_target_group_hits_can_be_clicked(
    server: LiveServer, page: Page
) -> None:
    open_view(page, f"{server.url}/#/suche?text=frauen")
    items = page.locator("ol.hits li")
    kinds = items.all_inner_texts()
    for index, text in enumerate(kinds):
        if "Handlungsfeld" in text or "Zielgruppe" in text:
            expect(items.nth(index).locator("a"), text).to_have_count(1)
    # a target group opens Versorgung narrowed to it: which municipalities have an offering
    target = items.filter(has_text="Zielgruppe").first.locator("a")
    name = target.inner_text()
    target.click()
    page.wait_for_selector("main[data-view=versorgung][data-ready]", state="attached")
    expect(page.locator("#coverage-columns")).to_have_value("TARGET_GROUP")
    headers = page.locator("#coverage-table thead th")
    expect(headers).to_have_text(["Gemeinde", name], use_inner_text=True)
    expect(page.locator("#coverage-caption")).to_contain_text(name, use_inner_text=True)
    page.get_by_role("link", name="Alle Zielgruppen zeigen").click()
    page.wait_for_function("() => document.querySelectorAll('#coverage-table thead th').length > 2")
    # and a field of action, the same way
    open_view(page, f"{server.url}/#/suche?text=frauen")
    topic = page.locator("ol.hits li").filter(has_text="Handlungsfeld").first.locator("a")
    name = topic.inner_text()
    topic.click()
    page.wait_for_selector("main[data-view=versorgung][data-ready]", state="attached")
    expect(page.locator("#coverage-columns")).to_have_value("TOPIC")
    expect(headers).to_have_text(["Gemeinde", name], use_inner_text=True)


def test_a_printed_list_says_it_is_an_excerpt(server: LiveServer, page: Page) -> None:
    open_view(page, f"{server.url}/#/luecken")
    note = page.locator("#analyse-coverage .excerpt-note").first
    expect(note).to_be_hidden()
    page.emulate_media(media="print")
    expect(note).to_be_visible()
    expect(note).to_have_text(
        re.compile("^Auszug: Dieser Ausdruck enthält 25 von "), use_inner_text=True
    )
    complete = page.locator("#analyse-workingGroups .excerpt-note").first
    expect(complete).to_have_text(re.compile("^Vollständig"), use_inner_text=True)
    page.emulate_media(media="screen")


def _boxes(page: Page) -> dict[str, dict[str, float]]:
    boxes: dict[str, dict[str, float]] = page.evaluate(
        """() => Object.fromEntries(['.site-header', '.brand', '#nav ul', '#auth'].map((s) => {
             const b = document.querySelector(s).getBoundingClientRect();
             return [s, { x: b.x, y: b.y, width: b.width, height: b.height }];
           }))"""
    )
    return boxes


def _one_row(page: Page) -> None:
    boxes = _boxes(page)
    brand, nav, auth = boxes[".brand"], boxes["#nav ul"], boxes["#auth"]
    # side by side, left to right, and every one beside the others (not below them)
    assert brand["x"] + brand["width"] <= nav["x"] <= nav["x"] + nav["width"] <= auth["x"]
    for box in (nav, auth):
        assert box["y"] < brand["y"] + brand["height"] and brand["y"] < box["y"] + box["height"]
    # the navigation holds every link on its one line, none cut off
    assert page.evaluate(
        "(() => { const ul = document.querySelector('#nav ul'); "
        "return ul.scrollWidth <= ul.clientWidth && "
        "new Set([...ul.children].map((li) => li.getBoundingClientRect().top)).size === 1; })()"
    )
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_header_is_one_row_at_1280_px_signed_in_or_not(
    server: LiveServer, page: Page, browser: Browser
) -> None:
    open_view(page, f"{server.url}/#/ueberblick")
    height = _boxes(page)[".site-header"]["height"]
    _one_row(page)

    sign_in(page, ADMIN)  # the longest menu: an admin's

    _one_row(page)
    assert _boxes(page)[".site-header"]["height"] == height
    button = page.locator("#auth button.signed-in")
    expect(button).to_have_attribute("aria-expanded", "false")
    menu = account_menu(page)
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(menu.get_by_role("link")).to_have_text(
        ["Tabelle hochladen", "Konten"], use_inner_text=True
    )
    expect(menu).to_contain_text(ADMIN, use_inner_text=True)
    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    assert page.evaluate("document.activeElement.classList.contains('signed-in')")
    assert _boxes(page)[".site-header"]["height"] == height

    # on a phone the navigation takes a row of its own below the brand and the account
    phone = browser.new_context(viewport={"width": 390, "height": 800}, locale="de-DE")
    try:
        small = phone.new_page()
        open_view(small, f"{server.url}/#/ueberblick")
        boxes = _boxes(small)
        brand, nav = boxes[".brand"], boxes["#nav ul"]
        assert nav["y"] >= brand["y"] + brand["height"]
        assert small.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    finally:
        phone.close()
