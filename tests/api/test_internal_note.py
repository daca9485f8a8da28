"""A measure's internal note (``internalNote``) is for signed-in callers only, wherever the
measure shows: the record itself, its history, the search (never found by the note, never
shown in a hit), the landscape workbook and the Integrationskonzept document.

Measures are found by title and description (the full-text index covers them).
"""

from __future__ import annotations

import io

import neo4j
import pytest
from docx import Document
from starlette.testclient import TestClient

from graph.settings import Settings
from tests.api.test_measures import CREATE_MEASURE, SPRACHKURS, editor, ok, seeded  # noqa: F401

pytestmark = pytest.mark.neo4j

NOTE = str(SPRACHKURS["internalNote"])
SEARCH = """
query($text: String!) { search(text: $text) {
  kind node { __typename ... on Measure { id title status internalNote } }
} }
"""
HISTORY = """
query { changes(recordId: "sprachkurs-meine") { edges { node {
  entries { label fields { field old new } }
} } } }
"""


def _note_in_history(body: dict[str, object]) -> list[object]:
    edges = body["changes"]["edges"]  # type: ignore[index]
    return [
        field["new"]
        for edge in edges
        for entry in edge["node"]["entries"]
        for field in entry["fields"]
        if field["field"] == "internalNote"
    ]


def test_measures_are_found_by_title_but_never_by_their_internal_note(
    seeded: neo4j.Driver,  # noqa: F811
    client: TestClient,
    editor: dict[str, str],  # noqa: F811
) -> None:
    ok(client, CREATE_MEASURE, editor, input=SPRACHKURS)

    hits = ok(client, SEARCH, text="Sprachkurs Meine")["search"]
    measure = next(h for h in hits if h["kind"] == "MEASURE")
    assert measure["node"]["id"] == "sprachkurs-meine"
    assert measure["node"]["__typename"] == "Measure"
    assert measure["node"]["status"] == "PLANNED"
    assert measure["node"]["internalNote"] is None  # anonymous
    signed_in = ok(client, SEARCH, editor, text="Sprachkurs")["search"]
    assert next(h for h in signed_in if h["kind"] == "MEASURE")["node"]["internalNote"] == NOTE
    # the note is not searched, not even for a signed-in caller
    assert ok(client, SEARCH, editor, text="Gemeindehaus angefragt")["search"] == []
    only = ok(client, 'query { search(text: "Frauen", kinds: [MEASURE]) { kind } }')["search"]
    assert only == [{"kind": "MEASURE"}]


def test_the_internal_note_is_hidden_from_anonymous_callers_everywhere(
    seeded: neo4j.Driver,  # noqa: F811
    client: TestClient,
    editor: dict[str, str],  # noqa: F811
    settings: Settings,
) -> None:
    from tests.api.test_sign_in import make_account, sign_in

    ok(client, CREATE_MEASURE, editor, input=SPRACHKURS)
    record = 'query { measure(id: "sprachkurs-meine") { internalNote } }'

    # the record and its history
    assert ok(client, record)["measure"]["internalNote"] is None
    assert ok(client, record, editor)["measure"]["internalNote"] == NOTE
    assert _note_in_history(ok(client, HISTORY)) == [None]
    assert _note_in_history(ok(client, HISTORY, editor)) == [f'"{NOTE}"']

    # the downloads: the landscape workbook and the Integrationskonzept need a sign-in
    for url in ("/export/landschaft.xlsx", "/export/integrationskonzept.docx"):
        answer = client.get(url)
        assert answer.status_code == 401, url
        assert NOTE.encode() not in answer.content

    make_account(settings, "stabsstelle@gifhorn.de", "editor")
    assert sign_in(client, "stabsstelle@gifhorn.de").status_code == 200
    document = client.get("/export/integrationskonzept.docx")
    assert document.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(document.content)).paragraphs)
    tables = [c.text for t in Document(io.BytesIO(document.content)).tables for c in t._cells]
    assert "Sprachkurs für Frauen in Meine" in tables  # the measure is in the report
    # the report is a working paper that travels: internal notes stay out of it altogether
    assert NOTE not in text and NOTE not in tables
