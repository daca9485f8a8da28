"""The API's German validation messages appear at the field (issue 17, editing).

The form sends what was typed; the API refuses it with each field's German words
(``extensions.problems[].german``, from the table the loaders use too), and the form shows
exactly those words at their fields. Nothing is written: the record and the history are as
they were.
"""

from __future__ import annotations

from collections.abc import Iterator

import neo4j
import pytest
from playwright.sync_api import Browser, Page, expect

from graph.settings import Settings

from .conftest import LiveServer, axe_violations, load_gifhorn, make_account, open_view, sign_in

EDITOR = "pruefung@gifhorn.example"
ACTOR = "stabsstelle-integration"


@pytest.fixture(scope="module")
def server(driver: neo4j.Driver, settings: Settings) -> Iterator[LiveServer]:
    load_gifhorn(driver, settings)
    make_account(settings, EDITOR, "editor")
    with LiveServer(settings) as live:
        yield live


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    # bypass_csp only so that the test can inject axe-core
    context = browser.new_context(
        viewport={"width": 1280, "height": 1000}, locale="de-DE", bypass_csp=True
    )
    yield context.new_page()
    context.close()


def _stored(driver: neo4j.Driver, settings: Settings) -> tuple[object, ...]:
    records, _, _ = driver.execute_query(
        "MATCH (a:Actor {id: $id}) OPTIONAL MATCH (c:Change) "
        "RETURN properties(a) AS actor, count(c) AS changes",
        id=ACTOR,
        database_=settings.neo4j_database,
    )
    return tuple(records[0].values())


def test_the_form_shows_the_apis_german_words_at_each_field_and_nothing_is_saved(
    server: LiveServer, page: Page, driver: neo4j.Driver, settings: Settings
) -> None:
    before = _stored(driver, settings)
    open_view(page, f"{server.url}/#/akteur/{ACTOR}")
    sign_in(page, EDITOR)
    page.get_by_role("link", name="Bearbeiten").click()
    form = page.locator("form.edit-form")
    form.wait_for()

    form.get_by_label("Website").fill("gifhorn.de/integration")
    form.get_by_label("E-Mail der Organisation (öffentlich)").fill("integration(at)gifhorn.de")
    form.get_by_role("button", name="Speichern").click()

    website = page.locator("[data-field=website] .field-error")
    website.wait_for()
    expect(website).to_have_text(
        "'gifhorn.de/integration' ist keine gültige Webadresse: sie muss mit http:// "
        "oder https:// beginnen",
        use_inner_text=True,
    )
    email = page.locator("[data-field=email] .field-error")
    expect(email).to_have_text(
        "'integration(at)gifhorn.de' ist keine gültige E-Mail-Adresse", use_inner_text=True
    )
    for label in ("Website", "E-Mail der Organisation (öffentlich)"):
        expect(form.get_by_label(label)).to_have_attribute("aria-invalid", "true")
    main = page.locator("main")
    expect(main).to_contain_text("bitte die markierten Felder prüfen", use_inner_text=True)
    expect(main).not_to_contain_text("not a", use_inner_text=True)  # no English at the fields
    assert axe_violations(page) == []
    assert _stored(driver, settings) == before
