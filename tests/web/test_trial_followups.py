"""Follow-ups of the user trial, as the Stabsstelle meets them in the cockpit: a measure
made from a gap shows no internal codes (no id field, the gap in words), the gap's state
names the Arbeitskreis once, the Arbeitskreis' agenda draft lists its open gaps per
Handlungsfeld and the new measure without a due date, and the history words the status log
and an account's role and lock as the cockpit does elsewhere."""

from __future__ import annotations

import re
from typing import Any

import neo4j
import pytest
from playwright.sync_api import Page, expect

from domain import days
from graph.settings import Settings

from .conftest import LiveServer, axe_violations, make_account, open_view, saved, sign_in

ADMIN = "leitung@landkreis.example"
GROUP = "ak-gesellschaftliche-teilhabe"
GROUP_NAME = "Arbeitskreis Gesellschaftliche Teilhabe"


@pytest.fixture(scope="module")
def teilhabe(server: LiveServer, settings: Settings) -> dict[str, Any]:
    """The group's fields of action and their open coverage gaps in the shipped data."""
    data = server.graphql(
        '{ workingGroup(id: "ak-gesellschaftliche-teilhabe") { topics { id } }'
        " gaps { coverage(top: 5000) { gaps { key topicId topicName municipalityName"
        " targetGroupName state } } } }"
    )
    topics = {t["id"] for t in data["workingGroup"]["topics"]}
    gaps = [
        g
        for g in data["gaps"]["coverage"]["gaps"]
        if g["topicId"] in topics and g["state"] == "OPEN"
    ]
    make_account(settings, ADMIN, "admin")
    return {"gaps": gaps, "fields": {g["topicId"] for g in gaps}}


def test_a_measure_from_a_gap_shows_no_codes_and_reaches_the_groups_agenda(
    server: LiveServer, teilhabe: dict[str, Any], page: Page
) -> None:
    gap = next(g for g in teilhabe["gaps"] if not g["targetGroupName"])
    in_words = f"{gap['topicName']} in {gap['municipalityName']}"
    open_view(page, f"{server.url}/#/arbeitskreis/{GROUP}")
    sign_in(page, ADMIN)

    # the form from the gap's row: no id field, the gap by its description
    open_view(page, f"{server.url}/#/neu/massnahme?luecke={gap['key']}&titel=Begegnungscafe")
    form = page.locator("form.edit-form")
    expect(form.locator("[data-field=gapKeys] .gap-title")).to_have_text(in_words)
    expect(form.locator("[data-field=gapKeys]")).to_contain_text("besteht noch")
    expect(form.get_by_label("Kennung", exact=False)).to_have_count(0)
    # the key only under "zuordnen", folded
    expect(form).not_to_contain_text(gap["key"], use_inner_text=True)
    assert axe_violations(page) == []
    picker = form.get_by_label("Arbeitskreis", exact=True)
    picker.fill(GROUP_NAME)
    picker.press("Enter")
    expect(form.locator("[data-field=workingGroup] .chips")).to_contain_text(GROUP_NAME)
    form.get_by_label("Status").select_option("PLANNED")  # no due date
    form.get_by_role("button", name="Speichern").click()
    page.wait_for_function("location.hash.startsWith('#/massnahme/begegnungscafe')")
    saved(page, server)

    # the gap's state names the group once
    open_view(page, f"{server.url}/#/luecken")
    state = page.locator(".gap-state", has_text="Begegnungscafe").first
    expect(state).to_contain_text(f"geplant, {GROUP_NAME})")
    expect(page.locator("main")).not_to_contain_text(
        "Arbeitskreis Arbeitskreis", use_inner_text=True
    )

    # the agenda: one item per field with open gaps, the measure without a due date in it
    open_view(page, f"{server.url}/#/arbeitskreis/{GROUP}")
    page.get_by_role("button", name="Tagesordnung vorschlagen").click()
    working = page.locator("#agenda-items > li.agenda-measure_in_progress")
    expect(working).to_have_count(1)
    expect(working.locator("input.agenda-title")).to_have_value("Begegnungscafe")
    expect(working.locator("input.agenda-note")).to_have_value("Stand: geplant; ohne Fälligkeit")
    fields = page.locator("li.agenda-open_gap input.agenda-title")
    coverage = [t for t in fields.all() if "offene Versorgungslücke" in t.input_value()]
    assert len(coverage) == len(teilhabe["fields"]) < len(teilhabe["gaps"]) - 1
    assert axe_violations(page) == []


def test_the_history_words_the_status_log_and_an_accounts_role_and_lock(
    server: LiveServer,
    teilhabe: dict[str, Any],
    page: Page,
    driver: neo4j.Driver,
    settings: Settings,
) -> None:
    from graph.tokens import create_token

    _, secret = create_token(driver, settings.neo4j_database, "admin", "Stabsstelle")
    create = "mutation($input: MeasureInput!) { createMeasure(input: $input) { outcome } }"
    server.graphql(
        create,
        {"input": {"id": "verlauf", "title": "Verlauf", "status": "PLANNED", "source": "t"}},
        token=secret,
    )
    server.graphql(
        'mutation { updateMeasure(id: "verlauf", input: {status: IN_PROGRESS}) { outcome } }',
        token=secret,
    )
    account = make_account(
        settings, "kollegin@landkreis.example", "member", ["stabsstelle-integration"]
    )
    server.graphql(
        'mutation($id: ID!) { updateAccount(id: $id, input: {role: "editor", actorIds: [],'
        " disabled: false}) { id } }",
        {"id": account},
        token=secret,
    )
    open_view(page, f"{server.url}/#/massnahme/verlauf")
    sign_in(page, ADMIN)

    history = page.locator("section.history")
    row = history.locator("tr", has=page.locator("th", has_text=re.compile("^Statusverlauf$")))
    expect(row.first).to_contain_text("in Umsetzung")
    # created without a date, changed today: the log as the workbook words it
    today = f"{days.today():%d.%m.%Y}"
    expect(row.first.locator("td.new")).to_have_text(f"geplant → {today} in Umsetzung")
    expect(row.first.locator("td.old")).to_have_text("geplant")
    expect(history).not_to_contain_text("[{", use_inner_text=True)
    expect(history).not_to_contain_text("statusLog", use_inner_text=True)

    open_view(page, f"{server.url}/#/aenderungen?datensatz={account}")
    changes = page.locator("ol.changes")
    role = changes.locator("tr", has=page.locator("th", has_text=re.compile("^Rolle$"))).first
    expect(role).to_contain_text("Redaktion")
    expect(role).not_to_contain_text("editor", use_inner_text=True)
    expect(role).not_to_contain_text("member", use_inner_text=True)
    expect(changes).not_to_contain_text("false", use_inner_text=True)
    expect(changes).not_to_contain_text("true", use_inner_text=True)
