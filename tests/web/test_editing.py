"""Editing in the cockpit as a network member would: sign in, correct one's own offering,
see it at once for every visitor and in "Änderungen"; nothing to edit on another
organisation's offering, and the API refuses it too.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from graph.settings import Settings

from .conftest import (
    LiveServer,
    axe_violations,
    desk,
    member_with_offerings,
    open_view,
    saved,
    screenshot,
    sign_in,
    wait_until_held,
)

MEMBER = "mitglied@verein.example"


@pytest.fixture(scope="module")
def offerings(server: LiveServer, settings: Settings) -> dict[str, Any]:
    """An offering with one provider (the member's organisation) and one of another."""
    return member_with_offerings(server, settings, MEMBER)


def test_a_member_corrects_its_own_offering(
    server: LiveServer, offerings: dict[str, Any], page: Page, browser: Browser
) -> None:
    own = offerings["own"]
    open_view(page, f"{server.url}/#/angebot/{own['id']}")
    expect(page.get_by_role("link", name="Bearbeiten")).to_have_count(0)  # not signed in yet
    sign_in(page, MEMBER)
    page.get_by_role("link", name="Bearbeiten").click()
    form = page.locator("form.edit-form")
    form.wait_for()
    assert axe_violations(page) == []
    title = form.get_by_label("Titel")
    expect(title).to_have_value(own["title"])

    # the API's validation message appears at its field, in German
    form.get_by_label("Plätze").fill("-5")
    form.get_by_role("button", name="Speichern").click()
    error = page.locator("[data-field=capacity] .field-error")
    error.wait_for()
    expect(error).to_contain_text("mindestens 0", use_inner_text=True)
    expect(form.get_by_label("Plätze")).to_have_attribute("aria-invalid", "true")
    assert axe_violations(page) == []
    screenshot(page, "formular-pruefmeldung")

    changed = f"{own['title']} (neue Zeiten)"
    form.get_by_label("Plätze").fill("12")
    title.fill(changed)
    form.get_by_role("button", name="Speichern").click()
    page.wait_for_function(f"location.hash.startsWith('#/angebot/{own['id']}')")
    saved(page, server)
    expect(page.locator("main h1")).to_have_text(changed, use_inner_text=True)

    # every visitor sees it at once
    visitor = desk(browser).new_page()
    open_view(visitor, f"{server.url}/#/angebot/{own['id']}")
    expect(visitor.locator("main h1")).to_have_text(changed, use_inner_text=True)
    visitor.context.close()

    # and "Änderungen" says who changed which field from what to what
    page.get_by_role("navigation").get_by_role("link", name="Änderungen").click()
    page.wait_for_function("location.hash === '#/aenderungen'")
    page.wait_for_selector("main[data-ready]", state="attached")
    latest = page.locator("ol.changes > li").first
    latest.wait_for()
    expect(latest).to_contain_text(MEMBER, use_inner_text=True)
    row = latest.locator("tr", has=page.locator("th", has_text="Titel"))
    expect(row.locator("td.old")).to_contain_text(own["title"], use_inner_text=True)
    expect(row.locator("td.new")).to_contain_text(changed, use_inner_text=True)
    assert axe_violations(page) == []
    screenshot(page, "aenderungen")

    # the history filtered by the record, as the detail page links it
    open_view(page, f"{server.url}/#/angebot/{own['id']}")
    history = page.locator("section.history")
    expect(history).to_contain_text(changed, use_inner_text=True)
    history.get_by_role("link", name="Änderungen an diesem Eintrag").click()
    page.wait_for_selector("main[data-ready]", state="attached")
    expect(page.locator("#ch-record")).to_have_value(f"{changed} (Angebot)")
    assert f"datensatz={own['id']}" in page.url


def test_no_edit_on_another_organisations_offering_and_the_api_refuses(
    server: LiveServer, offerings: dict[str, Any], page: Page
) -> None:
    other = offerings["other"]
    open_view(page, f"{server.url}/#/angebot/{other['id']}")
    sign_in(page, MEMBER)
    expect(page.get_by_role("link", name="Bearbeiten")).to_have_count(0)
    open_view(page, f"{server.url}/#/bearbeiten/angebot/{other['id']}")
    expect(page.locator("main")).to_contain_text(
        "darf diesen Eintrag nicht bearbeiten", use_inner_text=True
    )
    # the API refuses it too, with the browser's own session and CSRF token
    answer = page.evaluate(
        """async (id) => {
             const session = await (await fetch('/auth/session')).json();
             const response = await fetch('/graphql', {
               method: 'POST', credentials: 'same-origin',
               headers: {'content-type': 'application/json',
                         'x-csrf-token': session.csrfToken},
               body: JSON.stringify({query: `mutation($id: ID!) {
                 updateOffering(id: $id, input: {title: "übernommen"}) { id } }`,
                 variables: {id}})});
             return response.json(); }""",
        other["id"],
    )
    assert answer["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    open_view(page, f"{server.url}/#/angebot/{other['id']}")
    expect(page.locator("main h1")).to_have_text(other["title"], use_inner_text=True)


def _tab_to(page: Page, check: str, limit: int = 80) -> None:
    """Press Tab until `check` (a JS expression on `document.activeElement`) holds."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const e = document.activeElement; return {check}; }})()"):
            return
    raise AssertionError(f"Tab never reached an element with {check}")


def test_the_form_works_by_keyboard_alone(
    server: LiveServer, offerings: dict[str, Any], page: Page
) -> None:
    own = offerings["own"]
    query = "query($id: ID!) { offering(id: $id) { languages { name } } }"
    had = {x["name"] for x in server.graphql(query, {"id": own["id"]})["offering"]["languages"]}
    language = next(n for n in ("Arabisch", "Ukrainisch", "Türkisch", "Russisch") if n not in had)
    open_view(page, f"{server.url}/#/angebot/{own['id']}")
    sign_in(page, MEMBER)
    open_view(page, f"{server.url}/#/bearbeiten/angebot/{own['id']}")
    page.locator("form.edit-form").wait_for()
    page.locator("body").focus()
    _tab_to(page, "e && e.id === 'f-languages'")
    page.keyboard.type(language)
    page.keyboard.press("Enter")  # takes the suggestion, does not submit the form
    chips = page.locator("[data-field=languages] .chips")
    chips.get_by_text(language, exact=True).wait_for()
    page.keyboard.press("Shift+Tab")  # back to the new entry's remove button
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == (
        f"{language} entfernen"
    )
    page.keyboard.press("Enter")
    expect(chips.get_by_text(language, exact=True)).to_have_count(0)
    page.keyboard.type(language)
    page.keyboard.press("Enter")
    _tab_to(page, "e && e.textContent === 'Speichern'")
    page.keyboard.press("Enter")
    saved(page, server)
    stored = server.graphql(query, {"id": own["id"]})["offering"]["languages"]
    assert {x["name"] for x in stored} == had | {language}


def test_a_name_typed_before_the_suggestions_arrive_is_taken_when_they_do(
    server: LiveServer, offerings: dict[str, Any], page: Page
) -> None:
    """On a slow connection the suggestions may come after the name is typed in full and
    Enter pressed: the entry is added when they arrive, not refused as unknown."""
    own = offerings["own"]
    open_view(page, f"{server.url}/#/angebot/{own['id']}")
    sign_in(page, MEMBER)
    held: list[Route] = []

    def hold_language_options(route: Route) -> None:
        if "LanguageOptions" in (route.request.post_data or ""):
            held.append(route)  # answered below, after Enter
        else:
            route.continue_()

    page.route("**/graphql", hold_language_options)
    open_view(page, f"{server.url}/#/bearbeiten/angebot/{own['id']}")
    wait_until_held(page, held, "the language suggestions")
    picker = page.locator("#f-languages")
    chips = page.locator("[data-field=languages] .chips")
    language = next(
        n for n in ("Ukrainisch", "Türkisch", "Russisch") if not chips.get_by_text(n).count()
    )
    picker.fill(language)
    picker.press("Enter")
    expect(chips.get_by_text(language, exact=True)).to_have_count(0)  # not yet: no suggestions
    for route in held:
        route.continue_()
    expect(chips.get_by_text(language, exact=True)).to_be_visible()
    help_text = page.locator("#f-languages-help")
    expect(help_text).not_to_have_class(re.compile("warn"))

    # a name not in the list is refused in the hint; a right one afterwards clears the refusal
    picker.fill("Arab")
    picker.press("Enter")
    expect(help_text).to_contain_text("„Arab“ ist nicht in der Liste")
    picker.fill("Arabisch")
    picker.press("Enter")
    expect(chips.get_by_text("Arabisch", exact=True)).to_be_visible()
    expect(help_text).not_to_contain_text("nicht in der Liste")
    expect(help_text).to_contain_text("Namen eingeben")


def test_a_member_sees_no_delete_section_on_its_organisation(
    server: LiveServer, offerings: dict[str, Any], page: Page
) -> None:
    """A member may correct its organisation's entry but not delete it: no heading
    "Eintrag löschen" over an empty box (user trial); its own offering it may delete."""
    open_view(page, f"{server.url}/#/akteur/{offerings['provider']}")
    sign_in(page, MEMBER)
    open_view(page, f"{server.url}/#/bearbeiten/akteur/{offerings['provider']}")
    page.locator("form.edit-form").wait_for()
    expect(page.get_by_role("heading", name="Eintrag löschen")).to_have_count(0)
    open_view(page, f"{server.url}/#/bearbeiten/angebot/{offerings['own']['id']}")
    page.locator("form.edit-form").wait_for()
    expect(page.get_by_role("heading", name="Eintrag löschen")).to_be_visible()
    expect(page.get_by_role("button", name="Löschen")).to_be_visible()
