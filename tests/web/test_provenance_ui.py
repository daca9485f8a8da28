"""Provenance in the cockpit: a detail page says who confirmed the record and when, which
fields an edit changed (the rest still comes from the record's source), and offers
"Angaben stimmen noch" to whoever may edit it. The Überblick counts the records nobody has
confirmed for more than 12 months and links to the list that pages through them.
"""

from __future__ import annotations

import re
from typing import Any

import neo4j
import pytest
from playwright.sync_api import Browser, Page, expect

from graph.settings import Settings

from .conftest import (
    LiveServer,
    axe_violations,
    desk,
    member_with_offerings,
    open_view,
    screenshot,
    sign_in,
)

MEMBER = "pruefung@verein.example"


@pytest.fixture(scope="module")
def offerings(server: LiveServer, settings: Settings) -> dict[str, Any]:
    return member_with_offerings(server, settings, MEMBER)


EDIT_SCHEDULE = """async ([id, schedule]) => {
  const session = await (await fetch('/auth/session')).json();
  const response = await fetch('/graphql', {
    method: 'POST', credentials: 'same-origin',
    headers: {'content-type': 'application/json', 'x-csrf-token': session.csrfToken},
    body: JSON.stringify({
      query: 'mutation ($id: ID!, $s: String) '
        + '{ updateOffering(id: $id, input: {schedule: $s}) { id } }',
      variables: {id, s: schedule},
    }),
  });
  return await response.json();
}"""


def test_a_member_sees_what_an_edit_changed_and_confirms_its_offering(
    server: LiveServer, offerings: dict[str, Any], page: Page, browser: Browser
) -> None:
    own = offerings["own"]
    url = f"{server.url}/#/angebot/{own['id']}"
    open_view(page, url)
    section = page.locator("section.provenance-section")
    expect(section).to_contain_text("Noch nicht als aktuell bestätigt.", use_inner_text=True)
    expect(section).to_contain_text("Alle Angaben aus der Quelle", use_inner_text=True)
    expect(page.get_by_role("button", name="Angaben stimmen noch")).to_have_count(0)  # a visitor

    sign_in(page, MEMBER)
    # an edit in this session (as the form sends it) changes the schedule only
    answer = page.evaluate(EDIT_SCHEDULE, [own["id"], "dienstags 10-12 Uhr"])
    assert not answer.get("errors"), answer
    page.reload()
    page.wait_for_selector("main[data-ready]", state="attached")
    section.wait_for()
    changed = page.locator("dl.facts dt", has_text="Termine").locator(
        "xpath=following-sibling::dd[1]"
    )
    expect(changed).to_contain_text("dienstags 10-12 Uhr", use_inner_text=True)
    expect(changed).to_contain_text(f"geändert im Cockpit von {MEMBER} am", use_inner_text=True)
    expect(section).to_contain_text(
        f"Termine: geändert im Cockpit von {MEMBER}", use_inner_text=True
    )
    expect(section).to_contain_text("außer diesen Angaben", use_inner_text=True)

    # "Angaben stimmen noch", by keyboard
    page.get_by_role("button", name="Angaben stimmen noch").focus()
    page.keyboard.press("Enter")
    page.get_by_role("status").filter(has_text="Die Angaben stimmen noch").wait_for()
    expect(section.locator(".verified")).to_contain_text(f"von {MEMBER}.", use_inner_text=True)
    expect(section.locator(".verified")).to_have_text(
        re.compile("^Geprüft am "), use_inner_text=True
    )
    assert axe_violations(page) == []
    screenshot(page, "herkunft-angaben-stimmen-noch")

    # a visitor sees when, not who
    visitor = desk(browser).new_page()
    open_view(visitor, url)
    verified = visitor.locator("section.provenance-section .verified")
    expect(verified).to_have_text(re.compile("^Geprüft am "), use_inner_text=True)
    expect(verified).not_to_contain_text(MEMBER, use_inner_text=True)
    facts = visitor.locator("dl.facts")
    expect(facts).to_contain_text("geändert im Cockpit am", use_inner_text=True)
    expect(facts).not_to_contain_text(MEMBER, use_inner_text=True)
    visitor.context.close()

    # no button on another organisation's offering
    open_view(page, f"{server.url}/#/angebot/{offerings['other']['id']}")
    page.locator("section.provenance-section").wait_for()
    expect(page.get_by_role("button", name="Angaben stimmen noch")).to_have_count(0)


def test_the_overview_counts_stale_records_and_lists_them_page_by_page(
    server: LiveServer, driver: neo4j.Driver, settings: Settings, page: Page
) -> None:
    with driver.session(database=settings.neo4j_database) as session:
        session.run(
            "MATCH (n) WHERE n:Actor OR n:Offering "
            "SET n.updatedAt = datetime() - duration({months: 13}) REMOVE n.verifiedAt"
        ).consume()
    total = server.graphql("{ staleRecords(olderThanMonths: 12, first: 1) { totalCount } }")[
        "staleRecords"
    ]["totalCount"]
    assert total > 50  # more than one page

    open_view(page, f"{server.url}/#/ueberblick")
    figure = page.locator(".figure", has_text="Einträge nachzuprüfen")
    expect(figure.locator(".figure-value")).to_have_text(
        f"{total:,}".replace(",", "."), use_inner_text=True
    )
    figure.get_by_role("link").click()
    page.wait_for_function("location.hash === '#/nachpruefen'")
    page.wait_for_selector("main[data-ready]", state="attached")
    rows = page.locator("#stale-table tbody tr")
    expect(rows).to_have_count(50)
    expect(rows.first).to_contain_text("nie bestätigt", use_inner_text=True)
    expect(page.locator("main .table-status")).to_have_text(
        re.compile("^50 von "), use_inner_text=True
    )
    assert axe_violations(page) == []
    screenshot(page, "nachpruefen")

    page.get_by_role("button", name="Weitere laden").click()
    page.wait_for_function(
        f"document.querySelectorAll('#stale-table tbody tr').length === {min(total, 100)}"
    )
    targets = page.eval_on_selector_all(
        "#stale-table tbody th a", "links => links.map(a => a.getAttribute('href'))"
    )
    assert len(targets) == len(set(targets))  # the second page goes on, no row twice
    # a name leads to its detail page
    link = page.locator("#stale-table tbody th a").first
    target = link.get_attribute("href")
    assert target and target.startswith(("#/akteur/", "#/angebot/"))
    link.click()
    page.wait_for_function(f"location.hash === {target!r}")
    page.wait_for_selector("main[data-ready]", state="attached")
    expect(page.locator("section.provenance-section")).to_have_count(1)
