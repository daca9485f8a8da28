"""The network map as the trial used it (issue 18, item 6).

Filtered actors carry their names (all of them when few are shown, the largest otherwise);
no name is cut off at the canvas edge; the isolated actors are named; "Die Karte als
Liste" follows the filter; buttons zoom in, out and back to the whole map.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import LiveServer, open_view, screenshot


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    yield context.new_page()
    context.close()


def _labels(page: Page) -> list[dict[str, Any]]:
    """The names sigma drew in its last frame, with where they start and end (CSS px)."""
    labels: list[dict[str, Any]] = page.evaluate(
        """() => { window.cockpitMap.refresh();
                   return window.cockpitMapLabels.map((l) => ({...l})); }"""
    )
    return labels


def _visible(page: Page) -> list[str]:
    visible: list[str] = page.evaluate(
        """() => { const r = window.cockpitMap, g = r.getGraph();
                   return g.nodes().filter((n) => !r.getNodeDisplayData(n).hidden); }"""
    )
    return visible


def test_a_filtered_map_names_every_visible_actor_inside_the_canvas(
    server: LiveServer, page: Page
) -> None:
    open_view(page, f"{server.url}/#/karte")
    width = page.locator("#netzwerkkarte").evaluate("e => e.clientWidth")
    whole = _labels(page)
    assert 0 < len(whole) < 75  # 75 actors: only the largest and the key actors are named
    page.select_option("#map-municipality", "sg-meinersen")
    page.wait_for_function("document.querySelector('#netzwerkkarte').dataset.visible !== '75'")
    page.wait_for_timeout(600)  # the camera moves to the actors shown (300 ms)
    visible = _visible(page)
    assert 0 < len(visible) <= 40
    labels = _labels(page)
    assert {label["id"] for label in labels} >= set(visible)
    for label in labels:
        assert label["left"] >= 0 and label["right"] <= width, label
    screenshot(page, "trial-map-filtered")


def test_no_label_is_cut_at_the_edge_and_isolated_actors_are_named(
    server: LiveServer, page: Page
) -> None:
    open_view(page, f"{server.url}/#/karte")
    width = page.locator("#netzwerkkarte").evaluate("e => e.clientWidth")
    isolated = server.graphql("{ gaps { networkMap { nodes { id isolated } } } }")
    lonely = {n["id"] for n in isolated["gaps"]["networkMap"]["nodes"] if n["isolated"]}
    assert lonely
    labels = _labels(page)
    assert lonely <= {label["id"] for label in labels}
    for label in labels:
        assert label["left"] >= 0 and label["right"] <= width, label


def test_the_list_follows_the_filter(server: LiveServer, page: Page) -> None:
    open_view(page, f"{server.url}/#/karte")
    lists = page.locator("#karte-liste")
    expect(lists).not_to_contain_text("Gefiltert", use_inner_text=True)
    page.select_option("#map-municipality", "sg-meinersen")
    page.wait_for_function("document.querySelector('#netzwerkkarte').dataset.visible !== '75'")
    shown = int(page.locator("#netzwerkkarte").get_attribute("data-visible") or 0)
    expect(lists).to_contain_text(f"{shown} von 75 Akteuren", use_inner_text=True)
    names = page.evaluate(
        """() => { const r = window.cockpitMap, g = r.getGraph();
                   return g.nodes().filter((n) => !r.getNodeDisplayData(n).hidden)
                                   .map((n) => g.getNodeAttribute(n, 'label')); }"""
    )
    linked = lists.locator("a").all_inner_texts()
    assert set(linked) <= set(names)
    assert set(names) <= set(linked)  # few shown: each is listed


def test_zoom_buttons(server: LiveServer, page: Page) -> None:
    open_view(page, f"{server.url}/#/karte")
    ratio = "window.cockpitMap.getCamera().getState().ratio"
    start = page.evaluate(f"() => {ratio}")
    page.get_by_role("button", name="Vergrößern (+)").click()
    page.wait_for_function(f"() => {ratio} < {start} * 0.8")
    # each click animates from where the camera stands: wait for one to end before the next
    page.get_by_role("button", name="Verkleinern (−)").click()
    page.wait_for_function(f"() => {ratio} > {start} * 0.99")
    page.get_by_role("button", name="Verkleinern (−)").click()
    page.wait_for_function(f"() => {ratio} > {start} * 1.2")
    page.get_by_role("button", name="Ganze Karte").click()
    page.wait_for_function(f"() => Math.abs({ratio} - {start}) < 0.01")
