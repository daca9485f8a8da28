""" "Was hat sich seit … geändert?" in the cockpit (#/entwicklung), on the Gifhorn data as if
it had been loaded ten days ago (the test moves the history's moments back; the analyses'
state of that load is kept as the start). Then, today, an editor adds an actor with an
offering that closes a coverage gap, and marks a measure done. The view shows exactly
these changes between yesterday and today, its tables download as CSV and Excel, and a
signed-in user downloads the Integrationskonzept with the development since that day.
"""

from __future__ import annotations

import io
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import neo4j
import pytest
from docx import Document
from openpyxl import load_workbook
from playwright.sync_api import Locator, Page, expect

from domain import days
from graph.settings import Settings
from graph.tokens import create_token

from .conftest import (
    LiveServer,
    axe_violations,
    make_account,
    open_view,
    screenshot,
    sign_in,
)

EDITOR = "entwicklung@landkreis.example"
ACTOR = {"id": "entwicklung-test-verein", "name": "Verein Entwicklungstest"}
OFFERING = {"id": "entwicklung-test-kurs", "title": "Entwicklungstest Sprachcafé"}


@pytest.fixture(scope="module")
def changes(server: LiveServer, driver: neo4j.Driver, settings: Settings) -> dict[str, Any]:
    """The hand-made changes of today, after the load was moved ten days back.

    Today is read when the changes are made, not when the module is imported: a run that
    crosses midnight in Gifhorn would otherwise look for them on the day before. The
    window reaches from the day before the first change to the day of the last, so it
    holds them all even if midnight falls between two of them.
    """
    db = settings.neo4j_database
    first_day = days.today()
    # asking once keeps the gap keys of the loaded state (its GapSnapshot) ...
    server.graphql(
        "query($d: Date!) { development(since: $d) { gapsCompared } }", {"d": str(first_day)}
    )
    # ... then the load and that state move ten days back, as if loaded then
    driver.execute_query(
        "MATCH (n) WHERE n:Change OR n:GapSnapshot SET n.at = n.at - duration({days: 10})",
        database_=db,
    )
    gaps = server.graphql(
        "{ gaps { coverage(top: 200) { gaps { key municipalityId topicId targetGroupId } } } }"
    )["gaps"]["coverage"]["gaps"]
    cell = next(g for g in gaps if g["targetGroupId"] is None)
    _, secret = create_token(driver, db, "editor", "Entwicklungstest")
    server.graphql(
        "mutation($input: ActorInput!) { createActor(input: $input) { outcome } }",
        {"input": {**ACTOR, "kind": "ASSOCIATION", "source": "test"}},
        token=secret,
    )
    server.graphql(
        "mutation($input: OfferingInput!) { createOffering(input: $input) { outcome } }",
        {
            "input": {
                **OFFERING,
                "kind": "MEETING_POINT",
                "source": "test",
                "providers": [ACTOR["id"]],
                "topics": [cell["topicId"]],
                "municipalities": [cell["municipalityId"]],
            }
        },
        token=secret,
    )
    server.graphql(
        "mutation($input: MeasureInput!) { createMeasure(input: $input) { outcome } }",
        {
            "input": {
                "id": "entwicklung-test-massnahme",
                "title": "Sprachcafé eröffnet",
                "status": "IN_PROGRESS",
                "source": "test",
            }
        },
        token=secret,
    )
    server.graphql(  # done today: the status log dates the change
        'mutation { updateMeasure(id: "entwicklung-test-massnahme", input: {status: DONE})'
        " { outcome } }",
        token=secret,
    )
    make_account(settings, EDITOR, "editor")
    last_day = days.today()
    return {
        "closed": cell["key"],
        "since": first_day - timedelta(days=1),
        "until": last_day,
        "days": {f"{day:%d.%m.%Y}" for day in (first_day, last_day)},
    }


def _download(page: Page, button: Any, tmp_path: Path) -> Path:
    with page.expect_download(timeout=60_000) as info:
        button.click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    return target


def test_the_development_view_shows_exactly_todays_changes_and_exports_them(
    server: LiveServer, changes: dict[str, Any], page: Page, tmp_path: Path
) -> None:
    since, until = changes["since"], changes["until"]
    # linked from the overview and the navigation
    open_view(page, f"{server.url}/#/ueberblick")
    page.get_by_role("link", name="Was hat sich seit … geändert?").click()
    page.wait_for_function("location.hash === '#/entwicklung'")
    expect(
        page.get_by_role("navigation").get_by_role("link", name="Entwicklung")
    ).to_have_attribute("aria-current", "page")

    # the two days, chosen in the form, stand in the address
    page.get_by_label("seit").fill(since.isoformat())
    page.get_by_label("bis einschließlich").fill(until.isoformat())
    page.get_by_role("button", name="Anzeigen").click()
    page.wait_for_function(
        "(s) => location.hash === s", arg=f"#/entwicklung?seit={since}&bis={until}"
    )
    page.wait_for_selector("main[data-ready] #entwicklung-zahlen")
    main = page.locator("main")

    def names(section: str) -> Locator:
        return main.locator(f"section:has(#{section}) tbody tr td:first-child")

    expect(names("akteure-neu")).to_have_text([ACTOR["name"]], use_inner_text=True)
    expect(names("angebote-neu")).to_have_text([OFFERING["title"]], use_inner_text=True)
    expect(names("akteure-weg")).to_have_text(["Keine Einträge"], use_inner_text=True)
    expect(names("angebote-weg")).to_have_text(["Keine Einträge"], use_inner_text=True)
    expect(names("umgesetzt")).to_have_text(["Sprachcafé eröffnet"], use_inner_text=True)
    expect(main.locator("#lueckenvergleich")).to_contain_text("verglichen")
    expect(main.locator("section:has(#geschlossen) tbody")).to_contain_text(
        changes["closed"], use_inner_text=True
    )
    expect(main.locator("#akteure-neu")).to_have_text("Akteure angelegt (1)")
    expect(main.get_by_role("link", name=ACTOR["name"])).to_have_attribute(
        "href", f"#/akteur/{ACTOR['id']}"
    )
    assert axe_violations(page) == []
    screenshot(page, "entwicklung")

    # a window before today's changes shows none of them
    open_view(
        page,
        f"{server.url}/#/entwicklung?seit={since - timedelta(days=4)}&bis={since}",
    )
    page.wait_for_selector("#entwicklung-zahlen")
    expect(names("akteure-neu")).to_have_text(["Keine Einträge"], use_inner_text=True)
    expect(names("umgesetzt")).to_have_text(["Keine Einträge"], use_inner_text=True)

    # the tables download like every table of the cockpit
    open_view(page, f"{server.url}/#/entwicklung?seit={since}&bis={until}")
    section = main.locator("section:has(#akteure-neu)")
    csv = _download(page, section.get_by_role("button", name=re.compile("Als CSV")), tmp_path)
    text = csv.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == "Name;angelegt am"
    name, created = text.splitlines()[1].split(";")
    assert name == ACTOR["name"] and created in changes["days"]
    workbook = _download(
        page, section.get_by_role("button", name=re.compile("Als Excel")), tmp_path
    )
    sheet = load_workbook(workbook).active
    assert sheet is not None
    assert sheet["A2"].value == ACTOR["name"]

    # signed in: the Integrationskonzept with the development since that day
    expect(main.get_by_role("link", name=re.compile("Integrationskonzept"))).to_have_count(0)
    sign_in(page, EDITOR)
    page.wait_for_selector("main[data-ready] #entwicklung-zahlen")
    link = main.get_by_role("link", name="Integrationskonzept als Word-Dokument herunterladen")
    expect(link).to_have_attribute("href", f"/export/integrationskonzept.docx?since={since}")
    report = Document(io.BytesIO(_download(page, link, tmp_path).read_bytes()))
    headings = [
        p.text
        for p in report.paragraphs
        if p.style is not None and p.style.name.startswith("Heading")
    ]
    assert f"Entwicklung seit {since:%d.%m.%Y}" in headings
    assert "Neue Akteure (1)" in headings
    body = "\n".join(p.text for p in report.paragraphs)
    assert ACTOR["name"] in body and "Sprachcafé eröffnet" in body
