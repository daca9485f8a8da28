"""The Versorgung heat map as the trial used it (issue 18, item 3; the copy part of item 5).

At 1,280 px the Gemeinde column stays in view when the table scrolls sideways; the numbers
are one Tab stop with arrow keys between them; the drill-down names each offering's
languages; what was opened (a Samtgemeinde, a drill-down) is in the address, so Back from
an offering shows the same picture; a copy of the table carries plain numbers and names.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import LiveServer, open_view


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    yield context.new_page()
    context.close()


def test_the_gemeinde_column_stays_in_view_when_the_table_scrolls(
    server: LiveServer, page: Page
) -> None:
    open_view(page, f"{server.url}/#/versorgung")
    scroller = page.locator("#coverage-table").locator("xpath=..")
    wide = scroller.evaluate("e => e.scrollWidth > e.clientWidth")
    assert wide, "at 1,280 px the heat map is expected to be wider than its box"
    scroller.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
    box = scroller.bounding_box()
    name = page.locator("#coverage-table tbody th[scope=row]").first
    cell = name.bounding_box()
    assert box is not None and cell is not None
    assert abs(cell["x"] - box["x"]) < 2, (cell, box)
    # nothing covers it: the point in its middle belongs to the row header
    covered_by_it = name.evaluate(
        """th => { const r = th.getBoundingClientRect();
                   const x = r.left + r.width / 2, y = r.top + r.height / 2;
                   const hit = document.elementFromPoint(x, y);
                   return th.contains(hit); }"""
    )
    assert covered_by_it
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280


def test_the_numbers_are_one_tab_stop_with_arrow_keys(server: LiveServer, page: Page) -> None:
    open_view(page, f"{server.url}/#/versorgung")
    cells = page.locator("#coverage-table button.cell")
    assert cells.count() > 50
    expect(page.locator("#coverage-table button.cell[tabindex='0']")).to_have_count(1)
    # Tab from the column switch reaches the numbers after the first row's name, not 80 later
    page.locator("#coverage-columns").focus()
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('button.cell')"):
            break
    first = page.evaluate("document.activeElement.dataset.key")
    assert first == cells.first.get_attribute("data-key")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.dataset.key") == cells.nth(1).get_attribute(
        "data-key"
    )
    page.keyboard.press("ArrowDown")
    row_length = page.locator("#coverage-table tbody tr").first.locator("button.cell").count()
    assert page.evaluate("document.activeElement.dataset.key") == cells.nth(
        row_length + 1
    ).get_attribute("data-key")
    page.keyboard.press("End")
    assert page.evaluate("document.activeElement.dataset.key") == cells.nth(
        2 * row_length - 1
    ).get_attribute("data-key")
    expect(page.locator("#coverage-table button.cell[tabindex='0']")).to_have_count(1)
    # Enter opens the drill-down of the focused cell
    page.keyboard.press("Enter")
    expect(page.locator("#drilldown h2")).to_be_visible()


def test_drill_down_names_languages_and_back_restores_it(server: LiveServer, page: Page) -> None:
    open_view(page, f"{server.url}/#/versorgung")
    page.get_by_role("button", name="Samtgemeinde Meinersen: Mitgliedsgemeinden aufklappen").click()
    page.wait_for_selector("#coverage-table tr.member")
    cell = page.get_by_role("button", name="Samtgemeinde Meinersen, Sprache:")
    cell.click()
    heading = page.locator("#drilldown h2")
    expect(heading).to_contain_text("Samtgemeinde Meinersen · Sprache:")
    items = page.locator("#drilldown li")
    expect(items.first).to_be_attached()
    for text in items.all_inner_texts():
        assert "Sprachen: " in text, text
    expect(items).to_contain_text(["Deutsch"], use_inner_text=True)
    assert "offen=sg-meinersen" in page.url and "zelle=sg-meinersen:sprache" in page.url
    title = heading.inner_text()

    items.first.locator("a").click()
    page.wait_for_selector("main[data-view=angebot][data-ready]", state="attached")
    page.go_back()
    page.wait_for_selector("main[data-view=versorgung][data-ready]", state="attached")
    expect(page.locator("#drilldown h2")).to_have_text(title)
    expect(page.locator("#coverage-table tr.member")).to_have_count(4)
    expect(
        page.get_by_role("button", name="Samtgemeinde Meinersen: Mitgliedsgemeinden zuklappen")
    ).to_be_visible()


def test_a_copied_heat_map_carries_numbers_not_marks(server: LiveServer, page: Page) -> None:
    open_view(page, f"{server.url}/#/versorgung")
    page.get_by_role("button", name="Samtgemeinde Meinersen: Mitgliedsgemeinden aufklappen").click()
    page.wait_for_selector("#coverage-table tr.member")
    copied = page.evaluate(
        """() => { const range = document.createRange();
                   range.selectNodeContents(document.querySelector('#coverage-table'));
                   const selection = getSelection(); selection.removeAllRanges();
                   selection.addRange(range); return selection.toString(); }"""
    )
    assert "Samtgemeinde Meinersen" in copied
    assert "✕" not in copied and "▸" not in copied and "▾" not in copied
    # the gap is still visible on screen, as CSS content
    mark = page.locator("#coverage-table button.cell.gap").first.evaluate(
        "b => getComputedStyle(b, '::after').content"
    )
    assert "✕" in mark
