"""German throughout, and illustrative data marked where it is shown (issue 18, items 7, 8).

Example data is marked at the figure that shows it (the map, the heat map, a
municipality's largest groups of origin), not only in the footer; ``ResidentCount`` names
its own source. The visible text of every view is German: no class names ("WorkingGroup"),
no raw source codes ("example"), no English sentence under the title, no "no rows";
GraphiQL's tabs carry the names of the README's questions.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import LiveServer, open_view

ROUTES = [
    "ueberblick",
    "karte",
    "versorgung",
    "sprachen",
    "luecken",
    "suche?text=frauen",
    "akteur/stabsstelle-integration",
    "gemeinde/gifhorn",
    "arbeitskreis/ag-gesundheit",
    "massnahmen",
    "arbeitskreise",
    "entwicklung",
]
ENGLISH = re.compile(
    r"\b(Topic|WorkingGroup|Offering|TargetGroup|no rows|Knoten|Revision|example|article)\b"
)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    yield context.new_page()
    context.close()


def _before(page: Page, first: str, second: str) -> bool:
    """Whether `first` comes before `second` in the document (the note at its figure)."""
    return bool(
        page.evaluate(
            """([a, b]) => !!(document.querySelector(a).compareDocumentPosition(
                 document.querySelector(b)) & Node.DOCUMENT_POSITION_FOLLOWING)""",
            [first, second],
        )
    )


def test_example_data_is_marked_at_each_figure(server: LiveServer, page: Page) -> None:
    open_view(page, f"{server.url}/#/karte")
    note = page.locator("main .figure-note")
    expect(note).to_be_visible()
    expect(note).to_contain_text("Beispieldaten", use_inner_text=True)
    assert _before(page, "main .figure-note", "#netzwerkkarte")

    open_view(page, f"{server.url}/#/versorgung")
    expect(page.locator("main .figure-note")).to_be_visible()
    assert _before(page, "main .figure-note", "#coverage-table")

    open_view(page, f"{server.url}/#/gemeinde/gifhorn")
    groups = page.locator("dt", has_text="Größte Herkunftsgruppen").locator(
        "xpath=following-sibling::dd[1]"
    )
    expect(groups).to_contain_text("Beispieldaten", use_inner_text=True)
    residents = server.graphql('{ municipality(id: "gifhorn") { residents(first: 3) { source } } }')
    assert {r["source"] for r in residents["municipality"]["residents"]} == {"example"}


def test_every_view_speaks_german(server: LiveServer, page: Page) -> None:
    problems: dict[str, list[str]] = {}
    for route in ROUTES:
        open_view(page, f"{server.url}/#/{route}")
        text = page.locator("main").inner_text()
        found = sorted(set(ENGLISH.findall(text)))
        intro = page.locator("main .intro").first
        if intro.count() and re.search(r"\([A-Z][a-z]+[^()]*\.\)\s*$", intro.inner_text()):
            found.append(f"English sentence under the title: {intro.inner_text()[-60:]}")
        if found:
            problems[route] = found
    assert not problems, problems


def test_coordination_kinds_are_german(server: LiveServer, page: Page) -> None:
    open_view(page, f"{server.url}/#/luecken")
    kinds = page.locator("#analyse-coordination table").first.locator("tbody tr td:first-child")
    values = set(kinds.all_inner_texts())
    assert values and values <= {"Angebot", "Arbeitskreis", "Handlungsfeld"}, values


def test_graphiql_tabs_are_named(server: LiveServer, page: Page) -> None:
    page.goto(f"{server.url}/graphiql")
    page.wait_for_selector(".graphiql-tab", timeout=60_000)
    tabs = page.locator(".graphiql-tab")
    expect(tabs).to_contain_text(["SprachkurseMeinersen"], use_inner_text=True)
    expect(tabs).to_contain_text(["VersorgungJeGemeinde"], use_inner_text=True)
    expect(tabs).not_to_contain_text(["untitled"], use_inner_text=True)


def test_a_server_error_is_shown_in_german_only(server: LiveServer, page: Page) -> None:
    """The API says "Deutsch / English"; the page shows the German half."""
    page.route(
        "**/graphql",
        lambda route: route.fulfill(
            status=200,
            content_type="application/json",
            body='{"errors": [{"message": "Die Abfrage ist zu groß / the query is too large",'
            ' "extensions": {"code": "QUERY_TOO_COMPLEX"}}], "data": null}',
        ),
    )
    page.goto(f"{server.url}/#/ueberblick")
    page.wait_for_selector("main[data-ready]", state="attached", timeout=60_000)
    shown = page.locator("main .error")
    expect(shown).to_contain_text("Die Abfrage ist zu groß.", use_inner_text=True)
    expect(shown).not_to_contain_text("too large", use_inner_text=True)
