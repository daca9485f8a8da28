"""The cockpit in a real browser on the Gifhorn data: every view, offline, accessible.

One server and one loaded dataset for the whole module (the data are only read, except by
the live-refresh test, which removes what it adds). Each view is opened in a fresh page
that records console errors and every request; a screenshot of each lands in
tests/web/artifacts/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import neo4j
import pytest
from playwright.sync_api import Browser, Page, expect

from graph.settings import Settings
from graph.tokens import create_token

from .conftest import (
    AXE,
    LiveServer,
    PageWatch,
    make_account,
    map_pixels,
    open_view,
    screenshot,
    sign_in,
    sign_out,
)

VIEWS = {
    "ueberblick": "Überblick",
    "karte": "Netzwerkkarte",
    "versorgung": "Versorgung",
    "sprachen": "Sprachen",
    "luecken": "Lücken und Vorschläge",
    "suche?text=fluchtlingshilfe": "Suche",
}


@pytest.fixture(scope="module")
def ids(server: LiveServer) -> dict[str, str]:
    """One stored id of each detail page's kind, read through the API."""
    data = server.graphql(
        """{ coordinators(first: 50) { edges { node { id email } } }
             workingGroups(first: 1) { edges { node { id } } }
             offerings(first: 1) { edges { node { id } } } }"""
    )
    return {
        "akteur": "stabsstelle-integration",
        "angebot": data["offerings"]["edges"][0]["node"]["id"],
        "arbeitskreis": data["workingGroups"]["edges"][0]["node"]["id"],
        "gemeinde": "sg-meinersen",
        "koordination": data["coordinators"]["edges"][0]["node"]["id"],
    }


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="de-DE")
    opened = context.new_page()
    yield opened
    context.close()


def _all_routes(ids: dict[str, str]) -> dict[str, str]:
    details = {f"{view}/{value}": view for view, value in ids.items()}
    return {**{route: route for route in VIEWS}, **details}


def _check_clean(watch: PageWatch, origin: str, what: str) -> None:
    assert not watch.errors, f"{what}: {watch.errors}"
    foreign = watch.foreign_requests(origin)
    assert not foreign, f"{what} left the server's origin: {foreign}"
    assert watch.requests, f"{what}: no request recorded at all"


def test_every_view_renders_offline_without_console_errors(
    server: LiveServer, ids: dict[str, str], page: Page
) -> None:
    for route in _all_routes(ids):
        watch = PageWatch(page)
        open_view(page, f"{server.url}/#/{route}")
        heading = page.locator("main h1").first
        expect(heading, route).not_to_have_text("", use_inner_text=True)
        if route in VIEWS:
            expect(heading).to_have_text(VIEWS[route], use_inner_text=True)
        expect(page.locator("main .error"), route).to_have_count(0)
        _check_clean(watch, server.url, route)
        screenshot(page, route.split("?")[0].replace("/", "-"))
        page.remove_listener("console", watch._console)


def test_overview_shows_key_figures_and_the_illustrative_note(
    server: LiveServer, page: Page
) -> None:
    counts = server.graphql("{ actors(first: 1) { totalCount } dataStatus { illustrative } }")
    open_view(page, f"{server.url}/#/ueberblick")
    figure = re.compile(f"{counts['actors']['totalCount']}\nAkteure")
    expect(page.locator("main")).to_contain_text(figure, use_inner_text=True)
    assert counts["dataStatus"]["illustrative"]
    note = page.locator(".note.illustrative").first
    expect(note).to_be_visible()
    expect(note).to_contain_text("Beispieldaten", use_inner_text=True)


def test_graphiql_is_served_from_the_origin_with_the_planner_tabs(
    server: LiveServer, page: Page
) -> None:
    watch = PageWatch(page)
    page.goto(f"{server.url}/graphiql")
    page.wait_for_selector(".graphiql-container", timeout=60_000)
    tabs = page.locator(".graphiql-tab")
    tabs.first.wait_for()
    expect(tabs).to_have_count(3)
    page.wait_for_timeout(500)  # the schema introspection happens after the first paint
    _check_clean(watch, server.url, "graphiql")
    screenshot(page, "graphiql")


def test_network_map_draws_the_gifhorn_network(server: LiveServer, page: Page) -> None:
    total = server.graphql("{ actors(first: 1) { totalCount } }")["actors"]["totalCount"]
    open_view(page, f"{server.url}/#/karte")
    container = page.locator("#netzwerkkarte")
    expect(container).to_have_attribute("data-nodes", str(total))
    assert int(container.get_attribute("data-edges") or 0) > 0
    assert map_pixels(page) > 2000, "sigma drew (almost) nothing"
    # Hover and click go through sigma's own hit-testing on the canvas: aim at the biggest node.
    target = page.evaluate(
        """() => { const r = window.cockpitMap; const g = r.getGraph();
                   const id = g.nodes().sort((a, b) => g.getNodeAttribute(b, 'size')
                                                   - g.getNodeAttribute(a, 'size'))[0];
                   const p = r.framedGraphToViewport(r.getNodeDisplayData(id));
                   const box = r.getContainer().getBoundingClientRect();
                   return { id, x: box.left + p.x, y: box.top + p.y }; }"""
    )
    page.mouse.move(target["x"], target["y"])
    page.mouse.click(target["x"], target["y"])
    page.wait_for_function("location.hash.startsWith('#/akteur/')")
    page.wait_for_selector("main[data-ready]", state="attached")
    assert page.evaluate("location.hash") == f"#/akteur/{target['id']}"


def test_map_filter_changes_what_is_shown(server: LiveServer, page: Page) -> None:
    data = server.graphql(
        "{ actors(first: 1, where: {kind: {eq: VOLUNTEER_INITIATIVE}}) { totalCount } }"
    )
    expected = data["actors"]["totalCount"]
    open_view(page, f"{server.url}/#/karte")
    container = page.locator("#netzwerkkarte")
    before = int(container.get_attribute("data-visible") or 0)
    drawn_before = map_pixels(page)
    page.select_option("#map-kind", "volunteer_initiative")
    page.wait_for_function(
        f"document.querySelector('#netzwerkkarte').dataset.visible !== '{before}'"
    )
    expect(container).to_have_attribute("data-visible", str(expected))
    expect(page.locator("#map-count")).to_contain_text(
        f"{expected} von {before} Akteuren sichtbar", use_inner_text=True
    )
    assert map_pixels(page) < drawn_before
    # a Samtgemeinde includes its member municipalities: Meinersen shows actors of Müden too
    page.select_option("#map-kind", "")
    page.select_option("#map-municipality", "sg-meinersen")
    page.wait_for_function(
        f"document.querySelector('#netzwerkkarte').dataset.visible !== '{before}'"
    )
    shown = int(container.get_attribute("data-visible") or 0)
    assert 0 < shown < before


def test_coverage_drill_down_and_member_municipalities(server: LiveServer, page: Page) -> None:
    open_view(page, f"{server.url}/#/versorgung")
    zero_cells = page.locator("#coverage-table button.cell.gap", has_text="0")
    expect(zero_cells.first).to_be_attached()
    expect(zero_cells.first).to_have_attribute("aria-label", re.compile("keine Angebote"))
    cell = page.get_by_role("button", name="Samtgemeinde Meinersen, Sprache:")
    label = cell.get_attribute("aria-label") or ""
    count = int(label.rsplit(": ", 1)[1].split()[0])
    cell.click()
    page.wait_for_selector("#drilldown h2")
    expect(page.locator("#drilldown h2")).to_contain_text(
        f"Samtgemeinde Meinersen · Sprache: {count} Angebote", use_inner_text=True
    )
    expected = server.graphql(
        """{ offerings(first: 200,
               where: {municipality: {id: "sg-meinersen"}, topic: {eq: "sprache"}})
             { totalCount } }"""
    )["offerings"]["totalCount"]
    assert count == expected
    expect(page.locator("#drilldown li")).to_have_count(min(expected, 200))
    rows_before = page.locator("#coverage-table tbody tr").count()
    page.get_by_role("button", name="Samtgemeinde Meinersen: Mitgliedsgemeinden aufklappen").click()
    page.wait_for_selector("#coverage-table tr.member")
    expect(page.locator("#coverage-table tbody tr")).to_have_count(rows_before + 4)
    expect(page.locator("#coverage-table tr.member")).to_contain_text(
        [re.compile(r"Müden \(Aller\)\t")], use_inner_text=True
    )


def test_gap_tables_sort_filter_and_say_how_many_more(server: LiveServer, page: Page) -> None:
    report = server.graphql("{ gaps { coverage(top: 1) { gapCount } } }")
    open_view(page, f"{server.url}/#/luecken")
    section = page.locator("#analyse-coverage")
    total = report["gaps"]["coverage"]["gapCount"]
    expect(section.locator(".table-status").first).to_contain_text(
        re.compile(f"(von|alle) {total} geladen"), use_inner_text=True
    )
    rows = section.locator("tbody tr")
    before = rows.count()
    section.locator("input[type=search]").fill("Wittingen")
    assert 0 < rows.count() < before
    for text in rows.all_inner_texts():
        assert "Wittingen" in text
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_role("button", name="Drucken")).to_be_hidden()
    page.emulate_media(media="screen")


def _create_actor(server: LiveServer, token: str, actor_id: str) -> None:
    server.graphql(
        """mutation($input: ActorInput!) { createActor(input: $input) { id outcome } }""",
        {
            "input": {
                "id": actor_id,
                "name": "Testinitiative Live",
                "kind": "VOLUNTEER_INITIATIVE",
                "source": "test",
            }
        },
        token=token,
    )


_RECORD_STATUS = """() => {
  const status = document.getElementById("live-status");
  window.__statusLog = [];
  new MutationObserver(() => window.__statusLog.push(status.textContent ?? ""))
    .observe(status, { childList: true, characterData: true, subtree: true });
}"""


def test_a_mutation_updates_an_open_page_without_reload(
    server: LiveServer, page: Page, driver: neo4j.Driver, settings: Settings
) -> None:
    _, secret = create_token(driver, settings.neo4j_database, "admin", "browser test")
    open_view(page, f"{server.url}/?aktualisierung=1#/ueberblick")
    page.evaluate("window.__sameDocument = true")
    # Every status the page shows is kept: the analyses may finish right after the data and
    # replace "Daten aktualisiert" with "Auswertungen aktualisiert" before we read it.
    page.evaluate(_RECORD_STATUS)
    figure = page.locator(".figure", has_text="Akteure").first.locator(".figure-value")
    before = int(figure.inner_text().replace(".", ""))
    _create_actor(server, secret, "test-live-refresh")
    try:
        page.wait_for_function(
            "(n) => document.querySelector('.figure .figure-value').textContent"
            ".replace('.', '') === String(n)",
            arg=before + 1,
            timeout=20_000,
        )
        page.wait_for_function(
            "() => window.__statusLog.some((s) => s.startsWith('Daten aktualisiert'))",
            timeout=20_000,
        )
        assert page.evaluate("window.__sameDocument") is True
    finally:
        server.graphql('mutation { deleteActor(id: "test-live-refresh") { id } }', token=secret)


def test_contact_data_only_for_a_signed_in_user(
    server: LiveServer, ids: dict[str, str], page: Page, driver: neo4j.Driver, settings: Settings
) -> None:
    _, secret = create_token(driver, settings.neo4j_database, "editor", "browser test reader")
    make_account(settings, "lesen@gifhorn.example", "reader")
    # The shipped data hold no personal contact data: give one coordinator some, then remove it.
    person = {"id": ids["koordination"], "email": "lotsin@example.org", "phone": "05371 123456"}
    update = """mutation($id: ID!, $input: CoordinatorPatch!) {
                  updateCoordinator(id: $id, input: $input) { outcome } }"""
    contact = {"email": person["email"], "phone": person["phone"]}
    server.graphql(update, {"id": person["id"], "input": contact}, token=secret)
    query = "query($id: ID!) { coordinator(id: $id) { email phone } }"
    assert server.graphql(query, {"id": person["id"]})["coordinator"] == {
        "email": None,
        "phone": None,
    }
    assert server.graphql(query, {"id": person["id"]}, token=secret)["coordinator"] == contact
    try:
        _contact_shown_only_when_signed_in(server, page, person)
    finally:
        cleared = {"email": None, "phone": None}
        server.graphql(update, {"id": person["id"], "input": cleared}, token=secret)


def _contact_shown_only_when_signed_in(
    server: LiveServer, page: Page, person: dict[str, str]
) -> None:
    open_view(page, f"{server.url}/#/koordination/{person['id']}")
    main = page.locator("main")
    expect(main).to_contain_text("Kontaktdaten nur nach Anmeldung sichtbar", use_inner_text=True)
    expect(main).not_to_contain_text(person["email"], use_inner_text=True)
    expect(main).not_to_contain_text(person["phone"], use_inner_text=True)
    expect(main).not_to_contain_text("@", use_inner_text=True)
    expect(page.locator("main a[href^='mailto:'], main a[href^='tel:']")).to_have_count(0)

    sign_in(page, "lesen@gifhorn.example")
    page.wait_for_selector("main a[href^='mailto:']")
    expect(main).to_contain_text(person["email"], use_inner_text=True)
    expect(main).to_contain_text(person["phone"], use_inner_text=True)
    sign_out(page)
    page.wait_for_selector("text=Kontaktdaten nur nach Anmeldung sichtbar")
    expect(main).not_to_contain_text(person["email"], use_inner_text=True)


# tabindex=-1 takes a control out of the Tab order on purpose: the heat map's cells are one
# Tab stop with arrow keys between them (roving tabindex, tested in test_trial_coverage.py)
FOCUSABLE = ", ".join(
    f"{tag}:not([tabindex='-1'])"
    for tag in (
        "a[href]",
        "button:not([disabled])",
        "select:not([disabled])",
        "input:not([disabled])",
        "textarea:not([disabled])",
        "[tabindex]",
    )
)


def _tab_through(page: Page) -> tuple[int, list[str]]:
    """Press Tab until focus has gone round; return how many controls exist and those missed."""
    total = int(
        page.evaluate(
            """(selector) => {
             const all = [...document.querySelectorAll(selector)].filter((e) =>
               e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden');
             all.forEach((e, i) => e.dataset.kb = String(i));
             return all.length;
           }""",
            FOCUSABLE,
        )
    )
    reached: set[str] = set()
    page.locator("body").focus()
    for _ in range(total + 20):
        page.keyboard.press("Tab")
        mark = page.evaluate("document.activeElement && document.activeElement.dataset.kb")
        if mark is not None:
            reached.add(mark)
        if len(reached) == total:
            break
    missed = page.evaluate(
        """(reached) => [...document.querySelectorAll('[data-kb]')]
             .filter((e) => !reached.includes(e.dataset.kb))
             .map((e) => e.outerHTML.slice(0, 120))""",
        sorted(reached),
    )
    return total, missed


@pytest.mark.parametrize("route", list(VIEWS))
def test_keyboard_reaches_every_control(server: LiveServer, page: Page, route: str) -> None:
    open_view(page, f"{server.url}/#/{route}")
    total, missed = _tab_through(page)
    assert total > 8, f"{route}: only {total} controls found"
    assert not missed, f"{route}: Tab never reached {missed}"


def _axe(page: Page) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE))
    result: dict[str, Any] = page.evaluate("axe.run(document, { resultTypes: ['violations'] })")
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


def test_no_serious_accessibility_violation(
    server: LiveServer, ids: dict[str, str], browser: Browser
) -> None:
    # The app's Content-Security-Policy refuses injected scripts; axe needs to be injected.
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, bypass_csp=True)
    page = context.new_page()
    problems: dict[str, list[str]] = {}
    for route in _all_routes(ids):
        open_view(page, f"{server.url}/#/{route}")
        found = _axe(page)
        if found:
            problems[route] = [
                f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
                for v in found
            ]
    context.close()
    assert not problems, problems
