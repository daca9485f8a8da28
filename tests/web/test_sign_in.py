"""Signing in to the cockpit with e-mail and password, in a real browser.

The sign-in form is German ("E-Mail", "Passwort", "Anmelden"); the server's refusals are
shown at the form; the header names who is signed in without wrapping; an ended session
says so, signs out in the page, and public reading goes on.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest
from playwright.sync_api import Page, Response, expect

from graph.settings import Settings

from .conftest import (
    LiveServer,
    axe_violations,
    load_gifhorn,
    make_account,
    open_view,
    screenshot,
    sign_in,
    sign_out,
)


@pytest.fixture(scope="module")
def server(driver: neo4j.Driver, settings: Settings) -> Iterator[LiveServer]:
    load_gifhorn(driver, settings)
    make_account(settings, "redaktion@gifhorn.example", "editor")
    with LiveServer(settings) as live:
        yield live


def test_a_wrong_password_is_said_at_the_form_and_public_reading_goes_on(
    server: LiveServer, page: Page
) -> None:
    open_view(page, f"{server.url}/#/ueberblick")
    page.locator("#auth").get_by_role("button", name="Anmelden").click()
    dialog = page.get_by_role("dialog")
    assert axe_violations(page, "dialog") == []
    dialog.get_by_label("E-Mail").fill("redaktion@gifhorn.example")
    dialog.get_by_label("Passwort").fill("falsch-falsch-falsch")
    dialog.get_by_role("button", name="Anmelden").click()
    alert = dialog.get_by_role("alert")
    alert.get_by_text("E-Mail oder Passwort ist falsch.").wait_for()
    expect(dialog.get_by_label("Passwort")).to_have_value("")
    screenshot(page, "anmelden-falsches-passwort")
    dialog.get_by_role("button", name="Abbrechen").click()
    expect(page.locator("#auth .signed-in")).to_have_count(0)
    # public reading keeps working for the visitor whose sign-in failed
    open_view(page, f"{server.url}/#/angebot/afrika-kulturabend")
    expect(page.locator("main .error")).to_have_count(0)
    expect(page.locator("main h1")).not_to_have_text("", use_inner_text=True)
    expect(page.get_by_role("link", name="Bearbeiten")).to_have_count(0)


def test_signed_in_header_names_the_account_and_signs_out(server: LiveServer, page: Page) -> None:
    open_view(page, f"{server.url}/#/ueberblick")
    header = page.locator(".site-header")
    height_before = header.bounding_box()["height"]  # type: ignore[index]
    sign_in(page, "redaktion@gifhorn.example")
    auth = page.locator("#auth")
    expect(auth).to_contain_text("redaktion@gifhorn.example", use_inner_text=True)
    expect(auth).to_contain_text("Redaktion", use_inner_text=True)  # the role, in German
    # signing in changes nothing of the header's layout: same height, and the account sits
    # on the brand's row, to its right (at 1,400 px the navigation shares that row too:
    # tests/web/test_trial_smaller.py checks the one row at 1,280 px and two at 390 px)
    assert header.bounding_box()["height"] == height_before  # type: ignore[index]
    brand_box = page.locator(".brand").bounding_box()
    who_box = page.locator("#auth").bounding_box()
    assert brand_box and who_box and who_box["x"] > brand_box["x"] + brand_box["width"] - 1
    assert who_box["y"] < brand_box["y"] + brand_box["height"]
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, "angemeldet")
    # a reload keeps the session (GET /auth/session), a sign-out ends it
    open_view(page, f"{server.url}/#/ueberblick")
    refused: list[str] = []

    def note_refusal(response: Response) -> None:
        if response.status >= 400:
            refused.append(f"{response.status} {response.request.method} {response.url}")

    def revision_poll(response: Response) -> bool:
        return "query Revision" in (response.request.post_data or "")

    page.on("response", note_refusal)
    with page.expect_response(revision_poll) as poll:
        page.reload()
    page.locator("#auth .signed-in").wait_for()
    page.remove_listener("response", note_refusal)
    # the revision's poll waits for the session and its CSRF token (user trial: a 403 first)
    assert poll.value.status == 200
    assert refused == []
    sign_out(page)
    page.reload()
    page.wait_for_selector("main[data-ready]", state="attached")
    expect(page.locator("#auth .signed-in")).to_have_count(0)


def test_an_ended_session_says_so_signs_out_and_reading_goes_on(
    server: LiveServer, page: Page, driver: neo4j.Driver, settings: Settings
) -> None:
    open_view(page, f"{server.url}/?aktualisierung=1#/ueberblick")
    sign_in(page, "redaktion@gifhorn.example")
    # the server ends every session (as when it expires or an admin disables the account)
    driver.execute_query(
        "MATCH (s:Session) SET s.expiresAt = datetime() - duration('PT1M')",
        database_=settings.neo4j_database,
    )
    notice = page.locator("#session-notice [role=alert]")
    notice.wait_for(timeout=20_000)
    expect(notice).to_contain_text("Ihre Sitzung ist abgelaufen", use_inner_text=True)
    page.locator("#auth").get_by_role("button", name="Anmelden").wait_for()
    screenshot(page, "sitzung-abgelaufen")
    open_view(page, f"{server.url}/#/suche?text=sprachcafe")
    expect(page.locator("main .error")).to_have_count(0)


def test_a_signed_in_user_downloads_the_landscape_as_a_workbook(
    server: LiveServer, page: Page, tmp_path: Path
) -> None:
    import httpx
    from openpyxl import load_workbook

    from loaders.export import WORKBOOK_NAME
    from loaders.spreadsheet import sheet_name

    anonymous = httpx.get(f"{server.url}/export/landschaft.xlsx", timeout=60)
    assert anonymous.status_code == 401
    assert "anmelden" in anonymous.json()["error"]["message"]
    open_view(page, f"{server.url}/#/ueberblick")
    expect(page.get_by_role("link", name="Landschaft als Excel herunterladen")).to_have_count(0)
    sign_in(page, "redaktion@gifhorn.example")
    link = page.get_by_role("link", name="Landschaft als Excel herunterladen")
    with page.expect_download(timeout=120_000) as started:
        link.click()
    download = started.value
    assert download.suggested_filename.startswith("landschaft-")
    path = tmp_path / WORKBOOK_NAME
    download.save_as(path)
    workbook = load_workbook(path, read_only=True)
    assert {sheet_name("actors"), sheet_name("offerings")} <= set(workbook.sheetnames)
    sheet = workbook[sheet_name("actors")]
    assert sheet.max_row - 1 == server.graphql("{ actors { totalCount } }")["actors"]["totalCount"]
