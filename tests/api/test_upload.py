"""Spreadsheets uploaded in the cockpit: ``POST /import/dry-run`` and ``POST /import/apply``.

On real Neo4j, with the hand-written landscape of ``tests/api/conftest.py``: the workbook
that ``GET /export/landschaft.xlsx`` (and ``integration-graph export --format xlsx``) hands
out, with one cell changed, is checked (1 Angebot geändert), applied as one change of the
history, and refused for a reader, without the CSRF header and, for a member, when it
reaches another organisation's record (the graph unchanged).
"""

from __future__ import annotations

import io
from typing import Any

import neo4j
import pytest
from openpyxl import load_workbook
from starlette.testclient import TestClient

from graph.settings import Settings
from schema.app import create_app
from schema.landscape_export import workbook_bytes
from tests.api.test_roles import dump
from tests.api.test_sign_in import make_account, sign_in
from tests.conftest import shared_schema

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(driver: neo4j.Driver, settings: Settings) -> bytes:
    """The landscape's workbook, exactly as the export writes it."""
    return workbook_bytes(driver, settings.neo4j_database)


def with_cell(data: bytes, sheet: str, record_id: str, column: str, value: str) -> bytes:
    """The workbook with one cell changed: ``column`` of the row whose Kennung is the id."""
    book = load_workbook(io.BytesIO(data))
    rows = list(book[sheet].iter_rows())
    header = [cell.value for cell in rows[0]]
    for row in rows[1:]:
        if row[header.index("Kennung")].value == record_id:
            row[header.index(column)].value = value
            break
    else:
        raise AssertionError(f"no row {record_id} in {sheet}")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(
    client: TestClient, path: str, data: bytes, name: str, csrf: str | None, **headers: str
) -> Any:
    sent = {"Content-Type": XLSX, "X-File-Name": name, **headers}
    if csrf is not None:
        sent["X-CSRF-Token"] = csrf
    return client.post(path, content=data, headers=sent)


def signed_in(client: TestClient, settings: Settings, email: str, role: str, **kw: Any) -> str:
    make_account(settings, email, role, kw.get("actors"))
    response = sign_in(client, email)
    assert response.status_code == 200, response.text
    token: str = response.json()["csrfToken"]
    return token


def counts_of(body: dict[str, Any], label: str) -> dict[str, int]:
    for row in body["counts"]:
        if row["label"] == label:
            return {k: row[k] for k in ("created", "updated", "unchanged", "deleted")}
    raise AssertionError(f"no row {label} in {body['counts']}")


def changes(driver: neo4j.Driver, settings: Settings) -> list[dict[str, Any]]:
    """The landscape's changes (making the test's accounts is recorded too, admin-only)."""
    records, _, _ = driver.execute_query(
        "MATCH (c:Change) WHERE NOT coalesce(c.adminOnly, false) "
        "RETURN c.id AS id, c.author AS author, c.action AS action, "
        "c.entries AS entries ORDER BY c.at",
        database_=settings.neo4j_database,
    )
    return [dict(r) for r in records]


def test_an_editor_checks_then_applies_one_changed_cell_as_one_change(
    landscape: neo4j.Driver, settings: Settings, client: TestClient
) -> None:
    csrf = signed_in(client, settings, "planung@gifhorn.de", "editor")
    data = with_cell(
        workbook(landscape, settings), "Angebote", "mbe-beratung", "Titel", "MBE Beratung"
    )

    checked = upload(client, "/import/dry-run", data, "landschaft.xlsx", csrf)
    assert checked.status_code == 200, checked.text
    body = checked.json()
    assert body["dryRun"] is True and body["changeId"] is None
    offerings = counts_of(body, "Angebote")
    assert offerings["updated"] == 1 and offerings["created"] == 0
    assert offerings["unchanged"] >= 5 and offerings["deleted"] == 0
    assert counts_of(body, "Akteure")["updated"] == 0
    assert changes(landscape, settings) == []

    applied = upload(client, "/import/apply", data, "landschaft.xlsx", csrf)
    assert applied.status_code == 200, applied.text
    assert applied.json()["applied"] is True
    [change] = changes(landscape, settings)
    assert applied.json()["changeId"] == change["id"]
    assert change["author"] == "planung@gifhorn.de" and change["action"] == "load"
    assert '"mbe-beratung"' in change["entries"] and "MBE Beratung" in change["entries"]
    titles, _, _ = landscape.execute_query(
        "MATCH (o:Offering {id: 'mbe-beratung'}) RETURN o.title AS t",
        database_=settings.neo4j_database,
    )
    assert titles[0]["t"] == "MBE Beratung"


def test_an_upload_that_waits_past_its_time_is_a_timeout_and_writes_nothing(
    landscape: neo4j.Driver, settings: Settings
) -> None:
    """Another write holding the record the file changes outlasts the import's time: the
    editor reads that in words (504 `TIMEOUT`), not an internal error; nothing is written."""
    brief = settings.model_copy(update={"neo4j_tx_timeout": 0.5})
    app = create_app(brief, run_migrations=False, schema=shared_schema(brief))
    with TestClient(app) as client:
        csrf = signed_in(client, brief, "planung@gifhorn.de", "editor")
        data = with_cell(
            workbook(landscape, settings), "Angebote", "mbe-beratung", "Titel", "MBE Beratung"
        )
        before = dump(landscape, settings)
        with landscape.session(database=settings.neo4j_database) as session:
            other = session.begin_transaction()
            other.run("MATCH (o:Offering {id: 'mbe-beratung'}) SET o.held = true").consume()
            try:
                applied = upload(client, "/import/apply", data, "landschaft.xlsx", csrf)
            finally:
                other.rollback()

    assert applied.status_code == 504, applied.text
    assert applied.json()["error"]["code"] == "TIMEOUT"
    assert "nichts wurde übernommen" in applied.json()["error"]["message"]
    assert dump(landscape, settings) == before
    assert changes(landscape, settings) == []


def test_problems_name_row_column_and_a_suggestion(
    landscape: neo4j.Driver, settings: Settings, client: TestClient
) -> None:
    csrf = signed_in(client, settings, "planung@gifhorn.de", "editor")
    csv = (
        "Kennung;Titel;Art;Anbieter;Quelle\n"
        "neues-angebot;Neues Angebot;counselling;Caritas Gifhron;Stabsstelle\n"
    )
    before = dump(landscape, settings)

    response = upload(client, "/import/dry-run", csv.encode(), "Angebote.csv", csrf)

    assert response.status_code == 422, response.text
    [problem] = response.json()["problems"]
    assert problem["file"] == "Angebote.csv" and problem["row"] == 2
    assert problem["column"] == "Anbieter (1. Eintrag)"
    assert "meinten Sie" in problem["reason"] and "Caritas" in problem["reason"]
    assert dump(landscape, settings) == before


def test_a_members_upload_reaching_another_organisation_is_refused_as_a_whole(
    landscape: neo4j.Driver, settings: Settings, client: TestClient
) -> None:
    data = workbook(landscape, settings)
    csrf = signed_in(client, settings, "ak@caritas.de", "member", actors=["caritas-gifhorn"])
    own = with_cell(data, "Angebote", "mbe-beratung", "Titel", "MBE Beratung")
    both = with_cell(own, "Angebote", "ausbildungslotsen", "Beschreibung", "Neu")
    before = dump(landscape, settings)

    checked = upload(client, "/import/dry-run", both, "landschaft.xlsx", csrf)
    assert checked.status_code == 200, checked.text
    assert [r["id"] for r in checked.json()["refused"]] == ["ausbildungslotsen"]
    refused = upload(client, "/import/apply", both, "landschaft.xlsx", csrf)

    assert refused.status_code == 403, refused.text
    assert refused.json()["error"]["code"] == "FORBIDDEN"
    assert [r["id"] for r in refused.json()["refused"]] == ["ausbildungslotsen"]
    assert "ausbildungslotsen" in refused.json()["error"]["message"]
    assert dump(landscape, settings) == before

    fine = upload(client, "/import/apply", own, "landschaft.xlsx", csrf)
    assert fine.status_code == 200, fine.text
    assert fine.json()["refused"] == []
    assert len(changes(landscape, settings)) == 1


def test_a_source_in_the_file_is_no_permission(
    landscape: neo4j.Driver, settings: Settings, client: TestClient
) -> None:
    """The member writes another organisation's offering with that offering's own source
    (and its own): still refused, the role decides."""
    csrf = signed_in(client, settings, "ak@caritas.de", "member", actors=["caritas-gifhorn"])
    data = with_cell(
        workbook(landscape, settings), "Angebote", "ausbildungslotsen", "Quelle", "jobcenter"
    )
    before = dump(landscape, settings)

    refused = upload(client, "/import/apply", data, "landschaft.xlsx", csrf)

    assert refused.status_code == 403, refused.text
    assert dump(landscape, settings) == before


@pytest.mark.parametrize("path", ["/import/dry-run", "/import/apply"])
def test_a_reader_may_not_upload(
    landscape: neo4j.Driver, settings: Settings, client: TestClient, path: str
) -> None:
    data = with_cell(workbook(landscape, settings), "Angebote", "mbe-beratung", "Titel", "X")
    csrf = signed_in(client, settings, "leser@gifhorn.de", "reader")
    before = dump(landscape, settings)

    response = upload(client, path, data, "landschaft.xlsx", csrf)

    assert response.status_code == 403 and response.json()["error"]["code"] == "FORBIDDEN"
    assert dump(landscape, settings) == before


def test_without_the_csrf_header_or_signed_out_nothing_is_written(
    landscape: neo4j.Driver, settings: Settings, client: TestClient
) -> None:
    data = with_cell(workbook(landscape, settings), "Angebote", "mbe-beratung", "Titel", "X")
    csrf = signed_in(client, settings, "planung@gifhorn.de", "editor")
    before = dump(landscape, settings)

    missing = upload(client, "/import/apply", data, "landschaft.xlsx", None)
    foreign = upload(
        client, "/import/apply", data, "landschaft.xlsx", csrf, Origin="https://evil.example"
    )
    client.cookies.clear()
    anonymous = upload(client, "/import/apply", data, "landschaft.xlsx", csrf)

    assert missing.status_code == 403 and missing.json()["error"]["code"] == "CSRF_REJECTED"
    assert foreign.status_code == 403 and foreign.json()["error"]["code"] == "CSRF_REJECTED"
    assert anonymous.status_code == 401
    assert dump(landscape, settings) == before


def test_replacing_needs_an_admin_and_other_files_are_refused(
    landscape: neo4j.Driver, settings: Settings, client: TestClient
) -> None:
    data = workbook(landscape, settings)
    csrf = signed_in(client, settings, "planung@gifhorn.de", "editor")

    replace = upload(client, "/import/dry-run?replace=1", data, "landschaft.xlsx", csrf)
    script = upload(client, "/import/dry-run", b"print(1)", "../../etc/x.py", csrf)

    assert replace.status_code == 403 and "admin" in replace.json()["error"]["message"]
    assert script.status_code == 400 and ".xlsx" in script.json()["error"]["message"]


def test_a_member_adds_its_own_offering_and_membership_but_not_anothers(
    landscape: neo4j.Driver, settings: Settings, client: TestClient
) -> None:
    csrf = signed_in(client, settings, "ak@caritas.de", "member", actors=["caritas-gifhorn"])
    offering = (
        "Kennung;Titel;Art;Anbieter;Quelle\n"
        "caritas-cafe;Café International;meeting_point;caritas-gifhorn;Caritas\n"
    )
    own = "Akteur;Arbeitskreis;Quelle\ncaritas-gifhorn;ak-ausbildung-arbeit;Caritas\n"
    other = "Akteur;Arbeitskreis;Quelle\nkvhs-gifhorn;ak-ausbildung-arbeit;Caritas\n"

    created = upload(client, "/import/apply", offering.encode(), "Angebote.csv", csrf)
    joined = upload(client, "/import/dry-run", own.encode(), "Mitgliedschaften.csv", csrf)
    before = dump(landscape, settings)
    refused = upload(client, "/import/apply", other.encode(), "Mitgliedschaften.csv", csrf)

    assert created.status_code == 200, created.text
    assert counts_of(created.json(), "Angebote")["created"] == 1
    assert joined.status_code == 200 and joined.json()["refused"] == []
    assert counts_of(joined.json(), "Mitgliedschaften")["created"] == 1
    assert refused.status_code == 403, refused.text
    assert refused.json()["refused"][0]["id"] == "kvhs-gifhorn → ak-ausbildung-arbeit"
    assert dump(landscape, settings) == before
