"""The Stabsstelle manages accounts in the cockpit ("Konten", #/konten), as an admin would:
create an account for a network member and hand over its one-time password (which signs in),
change its role, reset its password, disable it (it can no longer sign in) and enable it
again. Nobody else sees the view in the navigation, and the API refuses them anyway.
"""

from __future__ import annotations

from collections.abc import Iterator

import neo4j
import pytest
from playwright.sync_api import Browser, Page, expect

from graph.settings import Settings

from .conftest import (
    LiveServer,
    account_menu,
    axe_violations,
    desk,
    load_gifhorn,
    make_account,
    open_view,
    screenshot,
    sign_in,
)

ADMIN = "stabsstelle@gifhorn.example"
EDITOR = "redaktion@gifhorn.example"
NEW = "neu@verein.example"


@pytest.fixture(scope="module")
def server(driver: neo4j.Driver, settings: Settings) -> Iterator[LiveServer]:
    load_gifhorn(driver, settings)
    make_account(settings, ADMIN, "admin")
    make_account(settings, EDITOR, "editor")
    with LiveServer(settings) as live:
        yield live


def _nav_links(page: Page) -> list[str]:
    """The links of the navigation and, when signed in, of the account's menu."""
    links = page.locator("#nav a").all_inner_texts()
    if page.locator("#auth button.signed-in").count():
        links += account_menu(page).locator("a").all_inner_texts()
        page.keyboard.press("Escape")
    return [text.strip() for text in links]


def _row(page: Page, email: str):  # type: ignore[no-untyped-def]
    return page.locator("#accounts-table tbody tr", has=page.locator("th", has_text=email))


def _try_sign_in(browser: Browser, url: str, email: str, password: str) -> tuple[bool, str]:
    """Sign in in a fresh browser; (signed in?, the dialog's message)."""
    context = desk(browser)
    other = context.new_page()
    open_view(other, f"{url}/#/ueberblick")
    other.locator("#auth").get_by_role("button", name="Anmelden").click()
    dialog = other.get_by_role("dialog")
    dialog.get_by_label("E-Mail").fill(email)
    dialog.get_by_label("Passwort").fill(password)
    dialog.get_by_role("button", name="Anmelden").click()
    other.wait_for_selector("#auth .signed-in, dialog [role=alert]:not(:empty)")
    signed_in = other.locator("#auth .signed-in").count() == 1
    message = "" if signed_in else dialog.get_by_role("alert").inner_text()
    context.close()
    return signed_in, message


def test_only_an_admin_sees_konten_and_the_api_refuses_the_others(
    server: LiveServer, page: Page
) -> None:
    open_view(page, f"{server.url}/#/ueberblick")
    assert "Konten" not in _nav_links(page)
    sign_in(page, EDITOR)
    assert "Konten" not in _nav_links(page)
    open_view(page, f"{server.url}/#/konten")
    expect(page.locator("main")).to_contain_text("nur die Verwaltung", use_inner_text=True)
    refused = page.evaluate(
        """async () => {
             const session = await (await fetch('/auth/session')).json();
             const response = await fetch('/graphql', {
               method: 'POST', credentials: 'same-origin',
               headers: {'content-type': 'application/json', 'x-csrf-token': session.csrfToken},
               body: JSON.stringify({query: '{ accounts { email } }'}),
             });
             return (await response.json()).errors[0].extensions.code;
           }"""
    )
    assert refused == "FORBIDDEN"


def test_an_admin_creates_changes_resets_and_disables_an_account(
    server: LiveServer, page: Page, browser: Browser
) -> None:
    actor = server.graphql("{ actors(first: 1) { edges { node { id name } } } }")["actors"][
        "edges"
    ][0]["node"]
    open_view(page, f"{server.url}/#/ueberblick")
    sign_in(page, ADMIN)
    account_menu(page).get_by_role("link", name="Konten").click()
    page.wait_for_function("location.hash === '#/konten'")
    page.wait_for_selector("main[data-ready]", state="attached")
    table = page.locator("#accounts-table")
    table.wait_for()
    expect(_row(page, ADMIN)).to_contain_text("Verwaltung", use_inner_text=True)
    expect(_row(page, EDITOR)).to_contain_text("Redaktion", use_inner_text=True)
    assert axe_violations(page) == []

    # create, by keyboard: e-mail, role, an organisation from the search picker
    form = page.locator("form.account-form")
    form.get_by_label("E-Mail").focus()
    page.keyboard.type(NEW)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "new-account-role"
    form.get_by_label("Rolle").select_option(label="Mitglied")
    picker = page.locator("#new-account-actors")
    picker.focus()
    page.keyboard.type(actor["name"])
    page.keyboard.press("Enter")
    form.locator(".chips").get_by_text(actor["name"]).wait_for()
    form.get_by_role("button", name="Konto anlegen").focus()
    page.keyboard.press("Enter")
    secret = page.locator(".one-time-password code.otp")
    secret.wait_for()
    first_password = secret.inner_text().strip()
    box = page.locator(".one-time-password")
    expect(box).to_contain_text("Nur jetzt sichtbar", use_inner_text=True)
    expect(box).to_contain_text(NEW, use_inner_text=True)
    row = _row(page, NEW)
    expect(row).to_contain_text("Mitglied", use_inner_text=True)
    expect(row).to_contain_text(actor["name"], use_inner_text=True)
    expect(row).to_contain_text("noch nie", use_inner_text=True)
    assert axe_violations(page) == []
    screenshot(page, "konten-einmalpasswort")

    # the one-time password signs in (as a member of that organisation)
    assert _try_sign_in(browser, server.url, NEW, first_password) == (True, "")
    page.reload()
    page.wait_for_selector("#accounts-table")
    expect(_row(page, NEW)).not_to_contain_text("noch nie", use_inner_text=True)

    # change the role
    _row(page, NEW).get_by_role("button", name=f"{NEW} ändern").click()
    edit = page.locator(".account-edit form")
    assert page.evaluate("document.activeElement.id") == "edit-account-role"
    assert axe_violations(page) == []
    edit.get_by_label("Rolle").select_option(label="Redaktion")
    edit.get_by_role("button", name="Speichern").click()
    page.get_by_role("status").filter(has_text="geändert").wait_for()
    expect(_row(page, NEW)).to_contain_text("Redaktion", use_inner_text=True)
    # an editor has no organisations
    expect(_row(page, NEW)).not_to_contain_text(actor["name"], use_inner_text=True)

    # reset the password: a new one-time password, the old one no longer works
    _row(page, NEW).get_by_role("button", name=f"Passwort von {NEW} zurücksetzen").click()
    page.get_by_role("status").filter(has_text="zurückgesetzt").wait_for()
    second_password = page.locator(".one-time-password code.otp").inner_text().strip()
    assert second_password and second_password != first_password
    assert _try_sign_in(browser, server.url, NEW, first_password)[0] is False

    # disable: sign-in is refused; enable: it works again
    _row(page, NEW).get_by_role("button", name=f"{NEW} sperren").click()
    page.get_by_role("status").filter(has_text="gesperrt").wait_for()
    expect(_row(page, NEW)).to_contain_text("gesperrt", use_inner_text=True)
    signed_in, message = _try_sign_in(browser, server.url, NEW, second_password)
    assert not signed_in and "deaktiviert" in message
    _row(page, NEW).get_by_role("button", name=f"{NEW} entsperren").click()
    page.get_by_role("status").filter(has_text="entsperrt").wait_for()
    expect(_row(page, NEW)).to_contain_text("aktiv", use_inner_text=True)
    assert _try_sign_in(browser, server.url, NEW, second_password) == (True, "")

    # the API's refusal appears at the form, in German
    form.get_by_label("E-Mail").fill(NEW)
    form.get_by_label("Rolle").select_option(label="Lesend")
    form.get_by_role("button", name="Konto anlegen").click()
    error = form.locator(".form-error")
    error.get_by_text("Es gibt schon ein Konto").wait_for()
    expect(error).not_to_contain_text("/", use_inner_text=True)

    # "Änderungen" names the account's organisation, not its id
    open_view(page, f"{server.url}/#/aenderungen")
    created = page.locator("ol.changes > li", has_text="angelegt").filter(has_text=NEW).first
    row = created.locator("tr", has=page.locator("th", has_text="Akteure"))
    expect(row.locator("td.new")).to_have_text(actor["name"], use_inner_text=True)
