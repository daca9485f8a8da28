"""Measures and gap states through /graphql, on a hand-built landscape in a real Neo4j.

    gifhorn (Einheitsgemeinde)   kvhs offers "Deutsch für Frauen": Sprache, for Frauen
    meine   (Einheitsgemeinde)   nothing

So the coverage gaps (municipality × topic) are gifhorn×arbeit, meine×sprache, meine×arbeit,
and with target groups meine×sprache×frauen is one of them: "Sprache for Frauen" is missing
in Meine only.
"""

from __future__ import annotations

from typing import Any

import neo4j
import pytest
from starlette.testclient import TestClient

from domain import days
from domain.gap_keys import check_gap_key
from graph.gap_service import GapService
from graph.settings import Settings
from graph.tokens import create_token

pytestmark = pytest.mark.neo4j

SEED = """
CREATE (g:Municipality {id: 'gifhorn', name: 'Gifhorn', kind: 'einheitsgemeinde', source: 't'})
CREATE (m:Municipality {id: 'meine', name: 'Meine', kind: 'einheitsgemeinde', source: 't'})
CREATE (s:Topic {id: 'sprache', name: 'Sprache', source: 't'})
CREATE (:Topic {id: 'arbeit', name: 'Arbeit', source: 't'})
CREATE (f:TargetGroup {id: 'frauen', name: 'Frauen', source: 't'})
CREATE (:TargetGroup {id: 'kinder', name: 'Kinder', source: 't'})
CREATE (k:Actor {id: 'kvhs', name: 'KVHS', kind: 'education_provider', source: 't'})
CREATE (k)-[:LOCATED_IN]->(g)
CREATE (w:WorkingGroup {id: 'ak-bildung', name: 'AK Bildung', source: 't'})
CREATE (k)-[:MEMBER_OF]->(w)
CREATE (o:Offering {id: 'deutsch-frauen', title: 'Deutsch für Frauen', kind: 'course',
                    source: 't'})
CREATE (k)-[:OFFERS]->(o), (o)-[:ADDRESSES]->(s), (o)-[:TARGETS]->(f),
       (o)-[:AVAILABLE_IN]->(g)
"""

KEY = "coverage:meine:sprache:frauen"

CREATE_MEASURE = """
mutation($input: MeasureInput!) { createMeasure(input: $input) { id outcome } }
"""
UPDATE_MEASURE = """
mutation($id: ID!, $input: MeasurePatch!) { updateMeasure(id: $id, input: $input) { outcome } }
"""
MEASURE = """
query($id: ID!) { measure(id: $id) {
  title status statusChangedAt statusLog internalNote
  workingGroup { id } actors { id } topics { id } targetGroups { id } municipalities { id }
  gaps { key kind state reason }
} }
"""
SPRACHKURS = {
    "id": "sprachkurs-meine",
    "title": "Sprachkurs für Frauen in Meine",
    "source": "Netzwerktreffen 2026-11",
    "impactGoal": "Frauen in Meine erreichen Deutsch auf A2",
    "priority": "QUICK_WIN",
    "status": "PLANNED",
    "statusChangedAt": "2026-11-20",
    "gapKeys": KEY,
    "internalNote": "Raum im Gemeindehaus angefragt",
    "workingGroup": "ak-bildung",
    "actors": ["kvhs"],
    "topics": ["sprache"],
    "targetGroups": ["frauen"],
    "municipalities": ["meine"],
}
COVERAGE = """
query($group: ID, $openOnly: Boolean! = false) { gaps {
  coverage(targetGroup: $group, top: 50, openOnly: $openOnly) {
    gapCount gaps { key state measures { id workingGroupId } decision { reason decidedBy } }
  }
} }
"""


def gql(
    client: TestClient, query: str, headers: dict[str, str] | None = None, **variables: Any
) -> Any:
    response = client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers or {}
    )
    assert response.status_code == 200, response.text
    return response.json()


def ok(client: TestClient, query: str, headers: dict[str, str] | None = None, **v: Any) -> Any:
    body = gql(client, query, headers, **v)
    assert "errors" not in body, body["errors"]
    return body["data"]


@pytest.fixture
def seeded(empty_db: neo4j.Driver, settings: Settings) -> neo4j.Driver:
    empty_db.execute_query(SEED, database_=settings.neo4j_database)
    return empty_db


@pytest.fixture
def editor(seeded: neo4j.Driver, settings: Settings) -> dict[str, str]:
    _, secret = create_token(seeded, settings.neo4j_database, "editor", "Stabsstelle")
    return {"Authorization": f"Bearer {secret}"}


def coverage_rows(
    client: TestClient,
    group: str | None = None,
    headers: dict[str, str] | None = None,
    **v: Any,
) -> dict[str, Any]:
    found = ok(client, COVERAGE, headers, group=group, **v)["gaps"]["coverage"]["gaps"]
    return {row["key"]: row for row in found}


def test_every_coverage_row_has_a_key_built_from_its_ids(
    seeded: neo4j.Driver, client: TestClient
) -> None:
    assert set(coverage_rows(client)) == {
        "coverage:gifhorn:arbeit",
        "coverage:meine:sprache",
        "coverage:meine:arbeit",
    }
    assert KEY in coverage_rows(client, "frauen")
    assert "coverage:gifhorn:sprache:frauen" not in coverage_rows(client, "frauen")


def test_a_measure_keeps_its_gap_reference_across_recomputations(
    seeded: neo4j.Driver, client: TestClient, editor: dict[str, str]
) -> None:
    ok(client, CREATE_MEASURE, editor, input=SPRACHKURS)
    before = coverage_rows(client, "frauen")[KEY]

    # an unrelated write: a new revision, every analysis is computed anew
    ok(
        client,
        'mutation { createActor(input: {id: "drk", name: "DRK", kind: ASSOCIATION, '
        'source: "t"}) { outcome } }',
        editor,
    )
    after = coverage_rows(client, "frauen")[KEY]

    assert before == after
    assert after["state"] == "MEASURE_PLANNED"
    assert after["measures"] == [{"id": "sprachkurs-meine", "workingGroupId": "ak-bildung"}]
    measure = ok(client, MEASURE, id="sprachkurs-meine")["measure"]
    assert measure["gaps"] == [
        {"key": KEY, "kind": "coverage", "state": "OPEN", "reason": measure["gaps"][0]["reason"]}
    ]
    assert "Sprache für Frauen in Meine" in measure["gaps"][0]["reason"]


def test_closing_the_gap_with_an_offering_shows_the_measures_gap_as_closed(
    seeded: neo4j.Driver, client: TestClient, editor: dict[str, str]
) -> None:
    ok(client, CREATE_MEASURE, editor, input=SPRACHKURS)

    offering = {
        "id": "sprachtreff-meine",
        "title": "Sprachtreff für Frauen",
        "kind": "MEETING_POINT",
        "source": "t",
        "providers": ["kvhs"],
        "topics": ["sprache"],
        "targetGroups": ["frauen"],
        "municipalities": ["meine"],
    }
    ok(
        client,
        "mutation($input: OfferingInput!) { createOffering(input: $input) { outcome } }",
        editor,
        input=offering,
    )

    measure = ok(client, MEASURE, id="sprachkurs-meine")["measure"]
    assert measure["gaps"] == [{"key": KEY, "kind": "coverage", "state": "CLOSED", "reason": None}]
    assert KEY not in coverage_rows(client, "frauen")
    gap = ok(client, f'{{ gaps {{ gap(key: "{KEY}") {{ state }} }} }}')["gaps"]["gap"]
    assert gap == {"state": "CLOSED"}


def test_a_status_change_is_dated_and_moves_the_gap_to_in_progress(
    seeded: neo4j.Driver, client: TestClient, editor: dict[str, str]
) -> None:
    ok(client, CREATE_MEASURE, editor, input=SPRACHKURS)

    ok(client, UPDATE_MEASURE, editor, id="sprachkurs-meine", input={"status": "IN_PROGRESS"})

    measure = ok(client, MEASURE, editor, id="sprachkurs-meine")["measure"]
    today = days.today().isoformat()
    assert measure["status"] == "IN_PROGRESS"
    assert measure["statusChangedAt"] == today
    assert measure["statusLog"] == (
        f'[{{"status": "planned", "date": "2026-11-20"}}, '
        f'{{"status": "in_progress", "date": "{today}"}}]'
    )
    assert coverage_rows(client, "frauen")[KEY]["state"] == "IN_PROGRESS"
    assert measure["workingGroup"] == {"id": "ak-bildung"}
    assert measure["actors"] == [{"id": "kvhs"}] and measure["topics"] == [{"id": "sprache"}]
    assert measure["targetGroups"] == [{"id": "frauen"}]
    assert measure["municipalities"] == [{"id": "meine"}]


def test_the_internal_note_is_for_signed_in_callers_only(
    seeded: neo4j.Driver, client: TestClient, editor: dict[str, str]
) -> None:
    ok(client, CREATE_MEASURE, editor, input=SPRACHKURS)

    anonymous = ok(client, MEASURE, id="sprachkurs-meine")["measure"]
    signed_in = ok(client, MEASURE, editor, id="sprachkurs-meine")["measure"]

    assert anonymous["internalNote"] is None
    assert signed_in["internalNote"] == "Raum im Gemeindehaus angefragt"
    assert anonymous["title"] == signed_in["title"]


def test_a_bad_gap_key_is_refused_and_nothing_is_written(
    seeded: neo4j.Driver, client: TestClient, editor: dict[str, str]
) -> None:
    body = gql(
        client, CREATE_MEASURE, editor, input={**SPRACHKURS, "gapKeys": "coverage meine sprache"}
    )

    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "is not a gap key" in body["errors"][0]["message"]
    assert ok(client, MEASURE, id="sprachkurs-meine")["measure"] is None


MARK = """
mutation($key: String!, $reason: String!) {
  markGapDeliberatelyOpen(key: $key, reason: $reason) { key reason decidedBy decidedAt }
}
"""
REOPEN = "mutation($key: String!) { reopenGap(key: $key) { key } }"
STATES = "{ gaps { gapStates { kind state count } } }"


def counts(client: TestClient, kind: str) -> dict[str, int]:
    table = ok(client, STATES)["gaps"]["gapStates"]
    return {row["state"]: row["count"] for row in table if row["kind"] == kind}


def test_deliberately_open_leaves_the_open_list_but_stays_in_the_full_one(
    seeded: neo4j.Driver, client: TestClient, editor: dict[str, str]
) -> None:
    key = "coverage:meine:arbeit"
    decision = ok(client, MARK, editor, key=key, reason="von Gifhorn aus abgedeckt")
    assert decision["markGapDeliberatelyOpen"]["decidedBy"] == "Stabsstelle"

    full = coverage_rows(client, headers=editor)
    open_only = coverage_rows(client, openOnly=True)

    assert key in full and key not in open_only
    assert set(open_only) == {"coverage:gifhorn:arbeit", "coverage:meine:sprache"}
    assert full[key]["state"] == "DELIBERATELY_OPEN"
    assert full[key]["decision"] == {
        "reason": "von Gifhorn aus abgedeckt",
        "decidedBy": "Stabsstelle",
    }
    assert counts(client, "coverage") == {
        "OPEN": 2,
        "MEASURE_PLANNED": 0,
        "IN_PROGRESS": 0,
        "DELIBERATELY_OPEN": 1,
    }

    anonymous = coverage_rows(client)[key]["decision"]
    assert anonymous == {"reason": "von Gifhorn aus abgedeckt", "decidedBy": None}  # a name

    ok(client, REOPEN, editor, key=key)
    assert coverage_rows(client, openOnly=True)[key]["decision"] is None
    assert counts(client, "coverage")["DELIBERATELY_OPEN"] == 0


def test_state_filters_apply_before_the_top_cut(
    seeded: neo4j.Driver, client: TestClient, editor: dict[str, str]
) -> None:
    ok(client, CREATE_MEASURE, editor, input={**SPRACHKURS, "gapKeys": "coverage:meine:arbeit"})

    body = ok(
        client,
        "{ gaps { coverage(top: 1, state: [MEASURE_PLANNED]) { gapCount gaps { key } } } }",
    )

    assert body["gaps"]["coverage"]["gaps"] == [{"key": "coverage:meine:arbeit"}]
    assert body["gaps"]["coverage"]["gapCount"] == 3  # the total still counts every gap


def test_open_only_skips_the_rows_in_work_before_the_top_cut(
    seeded: neo4j.Driver, client: TestClient, editor: dict[str, str]
) -> None:
    first = "coverage:gifhorn:arbeit"  # no need figures: ranked by name, Gifhorn first
    ok(client, CREATE_MEASURE, editor, input={**SPRACHKURS, "gapKeys": first})

    body = ok(client, "{ gaps { coverage(top: 1, openOnly: true) { gaps { key } } } }")
    both = ok(
        client,
        "{ gaps { coverage(openOnly: true, state: [IN_PROGRESS]) { gaps { key } } } }",
    )

    assert body["gaps"]["coverage"]["gaps"] == [{"key": "coverage:meine:arbeit"}]
    assert both["gaps"]["coverage"]["gaps"] == []  # both conditions apply


def test_decisions_need_a_role_a_current_gap_and_a_reason(
    seeded: neo4j.Driver, client: TestClient, editor: dict[str, str], settings: Settings
) -> None:
    anonymous = gql(client, MARK, key="coverage:meine:arbeit", reason="x")
    closed = gql(client, MARK, editor, key="coverage:gifhorn:sprache", reason="x")
    malformed = gql(client, MARK, editor, key="meine arbeit", reason="x")
    no_reason = gql(client, MARK, editor, key="coverage:meine:arbeit", reason="  ")
    nothing_to_reopen = gql(client, REOPEN, editor, key="coverage:meine:arbeit")

    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert closed["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert malformed["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert no_reason["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert nothing_to_reopen["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    stored, _, _ = seeded.execute_query(
        "MATCH (d:GapDecision) RETURN count(d) AS n", database_=settings.neo4j_database
    )
    assert stored[0]["n"] == 0


def test_combined_coverage_answers_sprache_for_frauen_per_municipality(
    seeded: neo4j.Driver, client: TestClient
) -> None:
    body = ok(
        client,
        '{ coverage(rows: MUNICIPALITY, columns: TOPIC, columnIds: ["sprache"], '
        'where: {targetGroup: {eq: "frauen"}}) { rows { id } matrix } }',
    )
    per_municipality = {
        row["id"]: counts[0]
        for row, counts in zip(body["coverage"]["rows"], body["coverage"]["matrix"], strict=True)
    }
    gaps = ok(
        client,
        '{ gaps { coverage(topic: "sprache", targetGroup: "frauen") '
        "{ gapCount gaps { municipalityId key } } } }",
    )["gaps"]["coverage"]

    assert per_municipality == {"gifhorn": 1, "meine": 0}
    assert gaps["gapCount"] == 1
    assert gaps["gaps"] == [{"municipalityId": "meine", "key": KEY}]


def test_every_gap_row_of_the_gifhorn_data_has_its_own_key_and_keeps_it(
    gifhorn: neo4j.Driver, settings: Settings
) -> None:
    service = GapService(gifhorn, settings.neo4j_database)
    rows = service.gap_rows()
    keys = [row.key for listed in rows.values() for row in listed]

    assert len(keys) == len(set(keys)) > 1000  # one key per row, across all lists
    for kind, listed in rows.items():
        assert all(check_gap_key(row.key) for row in listed), kind
    fresh = GapService(gifhorn, settings.neo4j_database)  # computed anew, nothing cached
    assert {k: [r.key for r in v] for k, v in fresh.gap_rows().items()} == {
        k: [r.key for r in v] for k, v in rows.items()
    }
    assert service.gap_row("coverage:wittingen:wohnen") is not None


def test_a_working_group_with_measures_is_kept_unless_cascade(
    seeded: neo4j.Driver, client: TestClient, settings: Settings
) -> None:
    _, secret = create_token(seeded, settings.neo4j_database, "admin", "Leitung")
    admin = {"Authorization": f"Bearer {secret}"}
    ok(client, CREATE_MEASURE, admin, input=SPRACHKURS)
    seeded.execute_query(
        "MATCH (:Actor)-[r:MEMBER_OF]->(:WorkingGroup) DELETE r",
        database_=settings.neo4j_database,
    )
    delete = 'mutation($c: Boolean!) { deleteWorkingGroup(id: "ak-bildung", cascade: $c) { id } }'

    refused = gql(client, delete, admin, c=False)
    ok(client, delete, admin, c=True)

    assert refused["errors"][0]["extensions"]["code"] == "HAS_DEPENDENTS"
    assert refused["errors"][0]["extensions"]["dependents"] == [
        {"kind": "Measure", "id": "sprachkurs-meine"}
    ]
    measure = ok(client, MEASURE, id="sprachkurs-meine")["measure"]
    assert measure["title"] == SPRACHKURS["title"] and measure["workingGroup"] is None


def test_measures_are_listed_filtered_and_sorted_with_their_gaps(
    seeded: neo4j.Driver, client: TestClient, editor: dict[str, str]
) -> None:
    ok(client, CREATE_MEASURE, editor, input={**SPRACHKURS, "due": "2027-06-30"})
    other = {"id": "arbeit-meine", "title": "Jobbörse Meine", "source": "t", "due": "2027-01-31"}
    ok(client, CREATE_MEASURE, editor, input={**other, "gapKeys": "coverage:meine:arbeit"})
    ok(client, CREATE_MEASURE, editor, input={**other, "id": "ohne-luecke", "title": "Ohne"})

    body = ok(
        client,
        '{ measures(where: {gapKeys: {contains: "coverage:meine"}}, sort: {field: DUE}) '
        "{ totalCount edges { node { id gaps { key state } } } } "
        '  workingGroup(id: "ak-bildung") { measures { id } } }',
    )

    assert body["measures"]["totalCount"] == 2
    assert [e["node"] for e in body["measures"]["edges"]] == [
        {"id": "arbeit-meine", "gaps": [{"key": "coverage:meine:arbeit", "state": "OPEN"}]},
        {"id": "sprachkurs-meine", "gaps": [{"key": KEY, "state": "OPEN"}]},
    ]
    assert body["workingGroup"]["measures"] == [{"id": "sprachkurs-meine"}]
