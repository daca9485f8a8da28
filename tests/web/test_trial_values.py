"""What a member saves reads back as it was meant (findings of the workplace trial).

A founding month saved on the actor's form is on the actor's page ("Juni 2017"), marked as
changed in the cockpit under the page's own name for the field; a description keeps its
line breaks; the history names fields as the page does, referenced records by their names
and dates in German; an amount of 5,50 € comes back into the form as "5,50", not "5,5",
and is taken as people write it ("5.50", "1.200 €"). A member finds its organisation in
the account's menu; "Änderungen" is filtered by a record's name; the search lists only the
coordinators it matches.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from graph.settings import Settings

from .conftest import LiveServer, account_menu, member_with_offerings, open_view, saved, sign_in

MEMBER = "werte@verein.example"


@pytest.fixture(scope="module")
def records(server: LiveServer, settings: Settings) -> dict[str, Any]:
    return member_with_offerings(server, settings, MEMBER)


def _fact(page: Page, name: str) -> Locator:
    """The value beside ``name`` in the page's facts."""
    return page.locator("dl.facts dt", has_text=name).locator("xpath=following-sibling::dd[1]")


def _history_row(page: Page, name: str) -> Locator:
    return page.locator("section.history ol.changes > li").first.locator(
        "tr", has=page.locator("th", has_text=name)
    )


def _edit(page: Page, server: LiveServer, route: str, record: str) -> Locator:
    open_view(page, f"{server.url}/#/bearbeiten/{route}/{record}")
    form = page.locator("form.edit-form")
    form.wait_for()
    return form


def _save(page: Page, server: LiveServer, form: Locator, route: str, record: str) -> None:
    form.get_by_role("button", name="Speichern").click()
    page.wait_for_function(f"location.hash.startsWith('#/{route}/{record}')")
    saved(page, server)


def test_a_founding_month_and_a_description_with_paragraphs_read_back_as_written(
    server: LiveServer, records: dict[str, Any], page: Page
) -> None:
    actor = records["provider"]
    open_view(page, f"{server.url}/#/akteur/{actor}")
    sign_in(page, MEMBER)
    form = _edit(page, server, "akteur", actor)
    form.get_by_label("Gegründet").fill("2017-06")
    form.get_by_label("Beschreibung").fill("Beratung am Vormittag.\nSprachcafé am Abend.")
    _save(page, server, form, "akteur", actor)

    founded = _fact(page, "Gegründet")
    expect(founded).to_contain_text("Juni 2017", use_inner_text=True)
    expect(founded).to_contain_text("geändert im Cockpit", use_inner_text=True)
    description = page.locator("main p.text-block")
    assert description.inner_text() == "Beratung am Vormittag.\nSprachcafé am Abend."
    changed = page.locator("ul.changed-fields").inner_text()
    assert "Gegründet:" in changed and "Jahr-Monat" not in changed, changed

    row = _history_row(page, "Gegründet")
    expect(row.locator("th")).to_have_text("Gegründet", use_inner_text=True)
    expect(row.locator("td.new")).to_have_text("Juni 2017", use_inner_text=True)
    expect(_history_row(page, "Beschreibung").locator("td.new")).to_have_text(
        "Beratung am Vormittag.\nSprachcafé am Abend.", use_inner_text=True
    )

    # on a phone no field's name is cut for want of a column ("Beschreibu-ng" was)
    page.set_viewport_size({"width": 390, "height": 844})
    open_view(page, f"{server.url}/#/akteur/{actor}")
    lines = page.evaluate(
        """() => [...document.querySelectorAll('section.history th[scope=row]')].map((th) => {
             const range = document.createRange();
             range.selectNodeContents(th);
             return [th.textContent, range.getClientRects().length]; })"""
    )
    assert lines and all(count == 1 for _, count in lines), lines


def test_an_amount_and_a_start_date_read_back_in_german(
    server: LiveServer, records: dict[str, Any], page: Page
) -> None:
    offering = records["own"]["id"]
    open_view(page, f"{server.url}/#/angebot/{offering}")
    sign_in(page, MEMBER)
    form = _edit(page, server, "angebot", offering)
    form.get_by_label("Kosten").fill("5.50")  # an English keyboard's point: 5,50 €, never 550
    form.get_by_label("Beginn").fill("2027-03-01")
    chips = form.locator("[data-field=languages] .chips")
    language = next(n for n in ("Arabisch", "Dari", "Tigrinya") if not chips.get_by_text(n).count())
    picker = form.locator("#f-languages")
    picker.fill(language)
    picker.press("Enter")
    expect(chips.get_by_text(language, exact=True)).to_be_visible()
    _save(page, server, form, "angebot", offering)

    expect(_fact(page, "Kosten")).to_contain_text("5,50 €", use_inner_text=True)
    expect(_history_row(page, "Beginn").locator("td.new")).to_have_text(
        "1. März 2027", use_inner_text=True
    )
    cost = _history_row(page, "Kosten")
    expect(cost.locator("th")).to_have_text("Kosten", use_inner_text=True)
    expect(cost.locator("td.new")).to_have_text("5,50 €", use_inner_text=True)
    # a reference by its name, not its id
    languages = _history_row(page, "Sprachen").locator("td.new").inner_text()
    assert language in languages.split(", "), languages

    form = _edit(page, server, "angebot", offering)
    expect(form.get_by_label("Kosten")).to_have_value("5,50")
    form.get_by_label("Kosten").fill("1.200 €")  # as written on a flyer
    _save(page, server, form, "angebot", offering)
    expect(_fact(page, "Kosten")).to_contain_text("1.200,00 €", use_inner_text=True)
    expect(_history_row(page, "Kosten").locator("td.new")).to_have_text(
        "1.200,00 €", use_inner_text=True
    )
    form = _edit(page, server, "angebot", offering)
    expect(form.get_by_label("Kosten")).to_have_value("1.200")  # read back as it is shown
    form.get_by_label("Kosten").fill("-3")
    form.get_by_role("button", name="Speichern").click()
    expect(page.locator("[data-field=cost] .field-error")).to_contain_text("nicht negativ")


def test_a_member_finds_its_organisation_in_the_account_menu(
    server: LiveServer, records: dict[str, Any], page: Page
) -> None:
    actor = records["provider"]
    name = server.graphql("query($id: ID!) { actor(id: $id) { name } }", {"id": actor})["actor"]
    open_view(page, f"{server.url}/#/")
    sign_in(page, MEMBER)
    menu = account_menu(page)
    expect(menu.locator(".own-actors-title")).to_have_text("Meine Organisation")
    menu.get_by_role("link", name=name["name"]).click()
    page.wait_for_function(f"location.hash === '#/akteur/{actor}'")
    page.wait_for_selector("main[data-view=akteur][data-ready]", state="attached")
    expect(page.get_by_role("link", name="Bearbeiten")).to_be_visible()


def test_the_history_is_filtered_by_a_records_name(
    server: LiveServer, records: dict[str, Any], page: Page
) -> None:
    """Nobody knows a record's id: the filter suggests records by name as one types, and
    a text that names several asks to choose instead of showing nothing."""
    actor = records["provider"]
    name = server.graphql("query($id: ID!) { actor(id: $id) { name } }", {"id": actor})["actor"]
    open_view(page, f"{server.url}/#/aenderungen")
    field = page.locator("#ch-record")
    field.fill(name["name"][:-3])  # part of the name, as one types it
    suggestion = f"{name['name']} (Akteur)"
    page.wait_for_function(
        "(s) => [...document.querySelectorAll('#ch-record-options option')]"
        ".some((o) => o.value === s)",
        arg=suggestion,
    )
    field.fill(suggestion)  # chosen from the list
    page.get_by_role("button", name="Filtern").click()
    page.wait_for_function(f"location.hash.includes('datensatz={actor}')")
    page.wait_for_selector("main[data-ready]", state="attached")
    expect(page.locator("#ch-record")).to_have_value(suggestion)
    names = page.locator("ol.changes .change-entry > p a").all_inner_texts()
    assert names and set(names) == {name["name"]}, names

    field = page.locator("#ch-record")
    field.fill("Gifhorn")
    page.get_by_role("button", name="Filtern").click()
    hint = page.locator("#ch-record-hint")
    expect(hint).to_contain_text("bitte einen aus der Vorschlagsliste")
    expect(hint).to_contain_text("Die Liste darunter zeigt noch die bisherige Auswahl")
    assert f"datensatz={actor}" in page.url  # the list stays as it was

    # a municipality by its whole name (the full-text search does not cover them), and a
    # whole name wins over the records that only contain it ("Hausaufgabenhilfe Schwülper")
    place = server.graphql('{ municipality(id: "schwuelper") { name } }')["municipality"]
    field.fill(place["name"])
    page.get_by_role("button", name="Filtern").click()
    page.wait_for_function("location.hash.includes('datensatz=schwuelper')")
    page.wait_for_selector("main[data-ready]", state="attached")
    expect(page.locator("#ch-record")).to_have_value(f"{place['name']} (Gemeinde)")
    # a loaded municipality's fields in German, nothing struck through where nothing was,
    # and a visitor told why no person is named
    fields = page.locator("ol.changes .change-fields th[scope=row]").all_inner_texts()
    assert "Amtlicher Gemeindeschlüssel" in fields and "ags" not in fields, fields
    expect(page.locator("td.old", has_text="(leer)").first).to_be_visible()
    expect(page.locator("td.old del", has_text="(leer)")).to_have_count(0)
    expect(page.locator("ol.changes > li h2").first).to_contain_text(
        "Person nur für Angemeldete sichtbar"
    )

    # a coordinator by name (people are not in the full-text search); a single lowercase
    # word that is nobody's id is taken as a name, not as an id that finds nothing
    person = server.graphql("{ coordinators(first: 1) { edges { node { id name } } } }")[
        "coordinators"
    ]["edges"][0]["node"]
    page.locator("#ch-record").fill(person["name"])
    page.get_by_role("button", name="Filtern").click()
    page.wait_for_function(f"location.hash.includes('datensatz={person['id']}')")
    page.wait_for_selector("main[data-ready]", state="attached")
    page.locator("#ch-record").fill("papenteich")
    page.get_by_role("button", name="Filtern").click()
    expect(page.locator("#ch-record-hint")).to_contain_text("bitte einen aus der Vorschlagsliste")

    # counts grouped as on the pages, a year as it is
    open_view(page, f"{server.url}/#/aenderungen?datensatz=gifhorn")
    expect(_changed(page, "Einwohner:innen")).to_have_text("43.941", use_inner_text=True)
    expect(_changed(page, "Einwohnerzahl von")).to_have_text("2023", use_inner_text=True)
    # with no filter set there is no former selection to speak of
    open_view(page, f"{server.url}/#/aenderungen")
    page.locator("#ch-record").fill("Gifhorn")
    page.get_by_role("button", name="Filtern").click()
    hint = page.locator("#ch-record-hint")
    expect(hint).to_contain_text("bitte einen aus der Vorschlagsliste")
    expect(hint).not_to_contain_text("bisherige Auswahl")


def _changed(page: Page, name: str) -> Locator:
    """The new value of the field ``name`` in the first change listed."""
    row = page.locator("ol.changes > li").first.locator("tr", has=page.locator("th", has_text=name))
    return row.first.locator("td.new")


def test_a_search_lists_only_the_coordinators_it_matches(server: LiveServer, page: Page) -> None:
    """Beside the hits, the coordinators were all listed, whatever was searched: now those
    whose name, function or organisation holds the text (case and umlauts aside)."""
    people = server.graphql(
        "{ coordinators(first: 200) { totalCount edges { node { name role } } } }"
    )["coordinators"]
    # the person with the longest line: one entry that wraps, alone in a list of columns
    person = max((e["node"] for e in people["edges"]), key=lambda p: len(p["name"] + p["role"]))
    word = person["name"].split()[-1]  # a family name
    open_view(page, f"{server.url}/#/suche?text={word.upper()}")
    section = page.locator("section", has=page.locator("#koordination"))
    listed = section.locator("li").all_inner_texts()
    assert any(person["name"] in item for item in listed), listed
    assert len(listed) < people["totalCount"], listed
    assert all(word.lower() in item.lower() for item in listed), listed
    # an entry that wraps stays in its column (it was cut across two)
    boxes = section.locator("li").evaluate_all(
        "(items) => items.map((li) => li.getClientRects().length)"
    )
    assert boxes and set(boxes) == {1}, boxes

    expect(page.locator("#koordination")).to_contain_text(f"passt zu „{word.upper()}“")

    open_view(page, f"{server.url}/#/suche?text=Zyxwv")
    expect(page.locator("#koordination")).to_have_count(0)  # no one to list beside no hits
