"""A spreadsheet uploaded in the cockpit, as the Stabsstelle's editor would do it: the
workbook of ``integration-graph export --format xlsx`` with one description changed in
Excel is checked ("Prüfen": 1 Angebot geändert, nothing written yet), applied
("Übernehmen") and found in "Änderungen" under the editor's name.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest
from openpyxl import load_workbook
from playwright.sync_api import Browser, Page, expect
from typer.testing import CliRunner

from graph.settings import Settings

from .conftest import (
    LiveServer,
    account_menu,
    axe_violations,
    desk,
    load_gifhorn,
    make_account,
    open_view,
    sign_in,
)

EDITOR = "redaktion@gifhorn.example"
NEW_TEXT = "Neu: jeden Dienstag auch abends (aus der Tabelle)"


@pytest.fixture(scope="module")
def server(driver: neo4j.Driver, settings: Settings) -> Iterator[LiveServer]:
    load_gifhorn(driver, settings)
    make_account(settings, EDITOR, "editor")
    with LiveServer(settings) as live:
        yield live


@pytest.fixture
def edited_workbook(
    server: LiveServer, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, str]:
    """The CLI's export with one cell changed; the path and the offering's id."""
    from cli.main import app
    from graph.settings import get_settings

    monkeypatch.setenv("NEO4J_LOCAL_DIR", str(settings.neo4j_local_dir))
    monkeypatch.setenv("NEO4J_LOCAL_PORT", str(settings.neo4j_local_port))
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["export", "--format", "xlsx", str(tmp_path / "out")])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    path = tmp_path / "out" / "landschaft.xlsx"
    book = load_workbook(path)
    sheet = book["Angebote"]
    header = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    row = next(sheet.iter_rows(min_row=2, max_row=2))
    row[header.index("Beschreibung")].value = NEW_TEXT
    offering = str(row[header.index("Kennung")].value)
    book.save(path)
    return path, offering


def test_an_editor_uploads_a_changed_workbook_checks_and_applies_it(
    server: LiveServer, edited_workbook: tuple[Path, str], browser: Browser
) -> None:
    path, offering = edited_workbook
    context = desk(browser)
    page: Page = context.new_page()
    try:
        open_view(page, f"{server.url}/#/ueberblick")
        sign_in(page, EDITOR)
        account_menu(page).get_by_role("link", name="Tabelle hochladen").click()
        page.get_by_label("Datei (Excel .xlsx oder CSV)").set_input_files(str(path))
        page.get_by_role("button", name="Prüfen").click()

        counts = page.locator("#upload-counts")
        counts.wait_for(timeout=120_000)
        offerings = counts.locator("tr[data-kind=offerings]")
        expect(offerings.locator("[data-count=updated]")).to_have_text("1", use_inner_text=True)
        expect(offerings.locator("[data-count=created]")).to_have_text("0", use_inner_text=True)
        expect(counts.locator("tr[data-kind=actors] [data-count=updated]")).to_have_text(
            "0", use_inner_text=True
        )
        assert axe_violations(page) == []
        described = server.graphql(f'{{ offering(id: "{offering}") {{ description }} }}')
        assert described["offering"]["description"] != NEW_TEXT  # the check wrote nothing

        page.get_by_role("button", name="Übernehmen").click()
        page.locator("#upload-applied").wait_for(timeout=120_000)
        described = server.graphql(f'{{ offering(id: "{offering}") {{ description }} }}')
        assert described["offering"]["description"] == NEW_TEXT

        page.get_by_role("link", name="Die Änderung unter „Änderungen“ ansehen").click()
        page.wait_for_selector("main[data-ready]", state="attached")
        main = page.locator("main")
        main.get_by_text(NEW_TEXT).first.wait_for(timeout=60_000)
        expect(main).to_contain_text("Datei geladen", use_inner_text=True)
        expect(main).to_contain_text(EDITOR, use_inner_text=True)
    finally:
        context.close()
