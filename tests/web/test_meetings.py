"""Meetings in the cockpit, as the Stabsstelle records an AK-Sitzung: from the working
group's page an editor opens "Neue Sitzung dieses Arbeitskreises", fills in date, place, a
participant and an agenda item about an open gap, and saves; the meeting page shows the
agenda with the gap in words, the working group's page lists the meeting, and "Entscheidung
als Maßnahme anlegen" yields a measure that names the meeting. A search hit of kind Ereignis
links to its page. The form and the pages pass axe.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from graph.settings import Settings

from .conftest import (
    LiveServer,
    axe_violations,
    make_account,
    open_view,
    saved,
    screenshot,
    sign_in,
)

EDITOR = "sitzungen@landkreis.example"
MEETING = "AK-Sitzung Dezember"
MEETING_ID = "ak-sitzung-dezember"


@pytest.fixture(scope="module")
def landscape(server: LiveServer, settings: Settings) -> dict[str, Any]:
    """An open coverage gap, a working group and an actor of the shipped data."""
    data = server.graphql(
        "{ gaps { coverage(top: 1) { gaps { key } } }"
        " workingGroups(first: 1, sort: {field: NAME}) { edges { node { id name } } }"
        ' actor(id: "kvhs-gifhorn") { id name } }'
    )
    make_account(settings, EDITOR, "editor")
    return {
        "gap": data["gaps"]["coverage"]["gaps"][0]["key"],
        "group": data["workingGroups"]["edges"][0]["node"],
        "actor": data["actor"],
    }


def test_an_ak_sitzung_with_its_agenda_and_a_decision_that_becomes_a_measure(
    server: LiveServer, landscape: dict[str, Any], page: Page
) -> None:
    group, gap, actor = landscape["group"], landscape["gap"], landscape["actor"]
    open_view(page, f"{server.url}/#/arbeitskreis/{group['id']}")
    sign_in(page, EDITOR)

    # "Neue Sitzung dieses Arbeitskreises": the form comes with the group and the kind
    page.get_by_role("link", name="Neue Sitzung dieses Arbeitskreises").click()
    form = page.locator("form.edit-form")
    form.wait_for()
    expect(form.locator("[data-field=workingGroup] .chips")).to_contain_text(group["name"])
    expect(form.get_by_label("Art")).to_have_value("WORKING_GROUP_MEETING")
    expect(form.get_by_label("Stand")).to_have_value("PLANNED")  # recorded ahead of time
    form.get_by_label("Bezeichnung").fill(MEETING)
    expect(form.get_by_label("Kennung (ID)")).to_have_value(MEETING_ID)
    form.get_by_label("Datum").fill("2026-12-10")
    form.get_by_label("Ort", exact=True).fill("Kreishaus Gifhorn")
    participant = form.get_by_label("Organisation suchen")
    participant.fill(actor["name"])
    participant.press("Enter")
    form.get_by_role("button", name="Als teilnehmend aufnehmen").click()
    expect(form.locator("[data-field=participants] ul.members")).to_contain_text(actor["name"])
    form.get_by_role("button", name="Tagesordnungspunkt hinzufügen").click()
    form.get_by_label("Punkt", exact=True).fill("Versorgungslücke besprechen")
    form.get_by_label("Lücke (Schlüssel, optional)").fill(gap)
    assert axe_violations(page) == []
    screenshot(page, "sitzung-formular")
    form.get_by_role("button", name="Speichern").click()

    # the meeting page: kind, group, participant, the agenda with its gap in words
    page.wait_for_function(f"location.hash.startsWith('#/ereignis/{MEETING_ID}')")
    saved(page, server)
    main = page.locator("main")
    expect(main.locator("h1")).to_have_text(MEETING)
    expect(main.locator("dl.facts")).to_contain_text("AK-Sitzung")
    expect(main.locator("dl.facts")).to_contain_text("geplant")
    expect(main.locator("dl.facts")).to_contain_text(group["name"])
    expect(main.locator("ul.participants")).to_contain_text(actor["name"])
    item = main.locator("ol.agenda li").first
    expect(item).to_contain_text("Versorgungslücke besprechen")
    expect(item).to_contain_text("ohne Angebot")  # the gap's kind in words
    expect(item).to_contain_text("besteht noch")
    expect(item.get_by_role("link", name=re.compile("ohne Angebot"))).to_have_attribute(
        "href", "#/luecken"
    )
    # the page's history names the kind and the state in words, not as stored
    history = main.locator(".change-fields").last
    expect(history).to_contain_text("AK-Sitzung")
    expect(history).not_to_contain_text("working_group_meeting")
    assert axe_violations(page) == []
    screenshot(page, "sitzung")

    # the working group's page lists the meeting with date and kind
    open_view(page, f"{server.url}/#/arbeitskreis/{group['id']}")
    meetings = page.locator("main ul.meeting-list")
    expect(meetings).to_contain_text("10. Dezember 2026")
    expect(meetings).to_contain_text("(AK-Sitzung)")
    meetings.get_by_role("link", name=MEETING).click()
    page.wait_for_selector("main[data-ready]", state="attached")

    # a decision becomes a measure: the form names the meeting and the group
    page.get_by_role("link", name="Entscheidung als Maßnahme anlegen").click()
    form = page.locator("form.edit-form")
    form.wait_for()
    expect(form.locator("[data-field=decidedIn] .chips")).to_contain_text(MEETING)
    expect(form.locator("[data-field=workingGroup] .chips")).to_contain_text(group["name"])
    form.get_by_label("Titel").fill("Sprachkurs im Nordkreis")
    assert axe_violations(page) == []
    form.get_by_role("button", name="Speichern").click()
    page.wait_for_function("location.hash.startsWith('#/massnahme/')")
    saved(page, server)
    decided = page.locator("main dl.facts")
    expect(decided).to_contain_text("Beschlossen in")
    expect(decided.get_by_role("link", name=re.compile(MEETING))).to_have_attribute(
        "href", f"#/ereignis/{MEETING_ID}"
    )

    # and the meeting lists it among its decisions
    open_view(page, f"{server.url}/#/ereignis/{MEETING_ID}")
    expect(page.locator("main .measure-list")).to_contain_text("Sprachkurs im Nordkreis")


def test_a_search_hit_of_kind_ereignis_links_to_its_page(server: LiveServer, page: Page) -> None:
    open_view(page, f"{server.url}/#/suche?text=Neustart")
    hit = page.locator("ol.hits li").filter(has_text="Neustart des Netzwerks Integration")

    link = hit.get_by_role("link", name=re.compile("^Neustart des Netzwerks Integration"))
    expect(link).to_have_attribute("href", "#/ereignis/neustart-netzwerk-integration-2018")
    link.click()
    page.wait_for_selector("main[data-ready]", state="attached")
    expect(page.locator("main h1")).to_contain_text("Neustart des Netzwerks Integration")
    expect(page.locator("main dl.facts")).to_contain_text("Rittersaal, Schloss Gifhorn")
    assert axe_violations(page) == []
