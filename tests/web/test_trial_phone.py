"""Every view on a phone (390 px wide): nothing scrolls sideways but a table that says so.

Issue 18, item 4. At 390 px the page itself never scrolls sideways; a table wider than the
screen scrolls inside its own box, which then shows "seitlich verschieben" and is a
keyboard-scrollable region; the values on detail pages wrap instead of being cut off at
the edge ("St…", "05…" in the trial); the Überblick sources table and the map filters fit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import LiveServer, open_view, screenshot
from .test_cockpit import _axe

WIDTH = 390
ROUTES = [
    "ueberblick",
    "karte",
    "versorgung",
    "versorgung?offen=sg-meinersen",
    "sprachen",
    "luecken",
    "suche?text=frauen",
    "akteur/stabsstelle-integration",
    # the actor whose public contact was cut off in the trial
    "akteur/jobcenter-gifhorn",
    "gemeinde/sg-meinersen",
    "gemeinde/gifhorn",
    "massnahmen",
    "arbeitskreise",
    "entwicklung",
]


@pytest.fixture(scope="module")
def routes(server: LiveServer) -> list[str]:
    data = server.graphql(
        """{ coordinators(first: 1) { edges { node { id } } }
             workingGroups(first: 1) { edges { node { id } } }
             offerings(first: 1) { edges { node { id } } } }"""
    )
    first = {key: value["edges"][0]["node"]["id"] for key, value in data.items()}
    return [
        *ROUTES,
        f"angebot/{first['offerings']}",
        f"arbeitskreis/{first['workingGroups']}",
        f"koordination/{first['coordinators']}",
    ]


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(
        viewport={"width": WIDTH, "height": 844}, locale="de-DE", bypass_csp=True
    )
    yield context.new_page()
    context.close()


SIDEWAYS = """(width) => {
  const out = [];
  for (const e of document.querySelectorAll('body *')) {
    const box = e.getBoundingClientRect();
    if (box.width === 0 || e.closest('.table-scroll, .visually-hidden, .skip-link')) continue;
    if (box.right > width + 1) {
      out.push(`${e.tagName}.${e.className} ${Math.round(box.left)}..${Math.round(box.right)}`);
    }
  }
  return out.slice(0, 10);
}"""

SCROLLERS = """() => [...document.querySelectorAll('main *')]
  .filter((e) => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX)
                 && e.scrollWidth > e.clientWidth + 1)
  .map((e) => ({
    box: e.className,
    says: [...(e.parentElement?.querySelectorAll('.scroll-hint') ?? [])]
            .some((hint) => !hint.hidden && hint.getClientRects().length > 0),
    label: e.getAttribute('aria-label') || '',
  }))"""

CUT = """() => [...document.querySelectorAll('main dd, main h1, main p, main li')]
  .filter((e) => e.scrollWidth > e.clientWidth + 1 && !e.closest('.table-scroll'))
  .map((e) => e.textContent.slice(0, 60))"""


def test_no_view_scrolls_sideways_at_390_px(
    server: LiveServer, routes: list[str], phone: Page
) -> None:
    problems: dict[str, Any] = {}
    for route in routes:
        open_view(phone, f"{server.url}/#/{route}")
        phone.wait_for_timeout(300)  # the scroll boxes measure themselves once laid out
        width = phone.evaluate("document.documentElement.scrollWidth")
        found: dict[str, Any] = {}
        if width > WIDTH:
            found["page width"] = width
        outside = phone.evaluate(SIDEWAYS, WIDTH)
        if outside:
            found["sticking out"] = outside
        silent = [s for s in phone.evaluate(SCROLLERS) if not (s["says"] and s["label"])]
        if silent:
            found["scrolls without saying so"] = silent
        cut = phone.evaluate(CUT)
        if cut:
            found["cut off"] = cut
        if found:
            problems[route] = found
        screenshot(phone, f"phone-{route.replace('/', '-').replace('?', '-')}")
    assert not problems, problems


def test_the_heat_map_scrolls_in_its_box_and_says_so(server: LiveServer, phone: Page) -> None:
    open_view(phone, f"{server.url}/#/versorgung")
    box = phone.locator("#coverage-table").locator("xpath=..")
    assert box.evaluate("e => e.scrollWidth > e.clientWidth")
    expect(phone.locator(".scroll-hint:visible").first).to_be_attached()
    expect(box).to_have_attribute("aria-label", re.compile("seitlich verschiebbar"))
    assert phone.evaluate("document.documentElement.scrollWidth") <= WIDTH


def test_the_overview_sources_and_map_filters_fit(server: LiveServer, phone: Page) -> None:
    open_view(phone, f"{server.url}/#/ueberblick")
    sources = phone.locator("#sources-table").bounding_box()
    assert sources is not None and sources["x"] + sources["width"] <= WIDTH
    open_view(phone, f"{server.url}/#/karte")
    filters = phone.locator("fieldset.filters").bounding_box()
    assert filters is not None and filters["x"] + filters["width"] <= WIDTH


def test_no_serious_accessibility_violation_on_a_phone(
    server: LiveServer, routes: list[str], phone: Page
) -> None:
    problems: dict[str, list[str]] = {}
    for route in routes:
        open_view(phone, f"{server.url}/#/{route}")
        phone.wait_for_timeout(300)
        found = _axe(phone)
        if found:
            problems[route] = [f"{v['id']}: {[n['target'] for n in v['nodes'][:3]]}" for v in found]
    assert not problems, problems
