"""Development over time and the agenda draft through /graphql, on hand-built landscapes.

The landscape of ``test_measures``: KVHS offers "Deutsch für Frauen" (Sprache, Frauen) in
Gifhorn; Meine has nothing. So Sprache is missing in Meine, Arbeit everywhere.
"""

from __future__ import annotations

import io
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from typing import Any

import neo4j
import pytest
from starlette.testclient import TestClient

from graph import development as developments
from graph.gap_service import GapService
from graph.settings import Settings
from tests.api.counting import CountingSyncDriver
from tests.api.test_measures import editor, gql, ok, seeded  # noqa: F401  (fixtures)

pytestmark = pytest.mark.neo4j


DEVELOPMENT = """
query($since: Date!, $until: Date) { development(since: $since, until: $until) {
  gapsCompared gapsNote
  gapsClosed { key kind } gapsNew { key kind reason }
  actorsAdded { id name } actorsRemoved { id }
  offeringsAdded { id name } offeringsRemoved { id }
  measuresDone { id title doneOn workingGroupName }
} }
"""


def development(client: TestClient, since: date, until: date | None = None) -> Any:
    until_text = None if until is None else until.isoformat()
    return ok(client, DEVELOPMENT, since=since.isoformat(), until=until_text)["development"]


def mutate(
    client: TestClient, headers: dict[str, str], mutation: tuple[str, str], **v: Any
) -> None:
    ok(
        client,
        f"mutation($input: {mutation[0]}!) {{ {mutation[1]}(input: $input) {{ outcome }} }}",
        headers,
        input=v["input"],
    )


def test_the_development_since_today_matches_the_hand_computed_changes(
    today: date,
    seeded: neo4j.Driver,  # noqa: F811
    client: TestClient,
    editor: dict[str, str],  # noqa: F811
) -> None:
    # the state at the start: asking once keeps the gap keys of this revision
    first = development(client, today)
    assert first["gapsCompared"] is True
    assert first["gapsClosed"] == first["gapsNew"] == []

    # a Sprachtreff for women in Meine closes "Sprache in Meine" (with and without Frauen)
    mutate(
        client,
        editor,
        ("OfferingInput", "createOffering"),
        input={
            "id": "sprachtreff-meine",
            "title": "Sprachtreff für Frauen",
            "kind": "MEETING_POINT",
            "source": "t",
            "providers": ["kvhs"],
            "topics": ["sprache"],
            "targetGroups": ["frauen"],
            "municipalities": ["meine"],
        },
    )
    # a new actor without any tie: a new gap "isolated"; one created and deleted again: none
    for actor in ("drk", "versuch"):
        mutate(
            client,
            editor,
            ("ActorInput", "createActor"),
            input={"id": actor, "name": actor.upper(), "kind": "ASSOCIATION", "source": "t"},
        )
    ok(client, 'mutation { deleteActor(id: "versuch") { id } }', editor)
    # a measure done today counts; one done on an earlier day does not
    for measure, day in (("kurs-heute", today), ("kurs-frueher", today - timedelta(days=40))):
        mutate(
            client,
            editor,
            ("MeasureInput", "createMeasure"),
            input={
                "id": measure,
                "title": measure,
                "source": "t",
                "status": "DONE",
                "statusChangedAt": day.isoformat(),
                "workingGroup": "ak-bildung",
            },
        )

    found = development(client, today)

    assert found["gapsCompared"] is True
    assert {g["key"] for g in found["gapsClosed"]} == {
        "coverage:meine:sprache",
        "coverage:meine:sprache:frauen",
    }
    assert {g["key"] for g in found["gapsNew"]} == {
        "isolated:drk",
        "uncoordinated:offering:sprachtreff-meine",
    }
    assert found["actorsAdded"] == [{"id": "drk", "name": "DRK"}]
    assert found["actorsRemoved"] == []
    assert found["offeringsAdded"] == [
        {"id": "sprachtreff-meine", "name": "Sprachtreff für Frauen"}
    ]
    assert found["measuresDone"] == [
        {
            "id": "kurs-heute",
            "title": "kurs-heute",
            "doneOn": today.isoformat(),
            "workingGroupName": "AK Bildung",
        }
    ]

    # yesterday nothing happened: the state of the start stands for both ends
    yesterday = development(client, today - timedelta(days=1), today - timedelta(days=1))
    assert yesterday["gapsCompared"] is True
    assert yesterday["gapsClosed"] == yesterday["gapsNew"] == yesterday["actorsAdded"] == []
    assert yesterday["measuresDone"] == []


def test_without_a_kept_state_of_the_start_gaps_are_not_compared_but_records_are(
    today: date,
    seeded: neo4j.Driver,  # noqa: F811
    client: TestClient,
    editor: dict[str, str],  # noqa: F811
) -> None:
    mutate(
        client,
        editor,
        ("ActorInput", "createActor"),
        input={"id": "drk", "name": "DRK", "kind": "ASSOCIATION", "source": "t"},
    )

    found = development(client, today)

    assert found["gapsCompared"] is False
    assert "nicht verglichen" in found["gapsNote"]
    assert found["gapsClosed"] == found["gapsNew"] == []
    assert found["actorsAdded"] == [{"id": "drk", "name": "DRK"}]


def test_a_revision_is_kept_once_and_its_gaps_walked_once(
    seeded: neo4j.Driver,  # noqa: F811
    settings: Settings,
) -> None:
    """Every candidate pair is an introduction gap (hundreds of thousands at 2,000 actors):
    asked again in the same revision, the development neither walks the rows again nor
    sends every key to Neo4j again; it asks whether the revision is kept, and reads."""
    statements: list[str] = []
    service = GapService(CountingSyncDriver(seeded, statements), settings.neo4j_database)  # type: ignore[arg-type]

    first = developments.remember(service)
    writes = [s for s in statements if "MERGE (s:GapSnapshot" in s]
    statements.clear()
    again = developments.remember(service)

    assert len(writes) == 1
    assert again == first and first
    assert service.gap_reasons() is service.gap_reasons()  # one dict per revision
    assert not [s for s in statements if "MERGE (s:GapSnapshot" in s]
    assert [s for s in statements if "GapSnapshot" in s] == [developments.KEPT]
    kept, _, _ = seeded.execute_query(
        "MATCH (s:GapSnapshot) RETURN s.keys AS keys", database_=settings.neo4j_database
    )
    assert [sorted(r["keys"]) for r in kept] == [sorted(first)]


def test_asks_of_one_revision_at_once_keep_it_once(
    seeded: neo4j.Driver,  # noqa: F811
    settings: Settings,
) -> None:
    """Visitors asking in the same revision at once may all find it not yet kept, and all
    ``MERGE`` its snapshot: the uniqueness constraint (``migrate``) makes the server keep
    it once, so the next read of it finds one (it warned of several before)."""
    database = settings.neo4j_database
    revision = GapService(seeded, database).revision()
    asks = 8
    together = threading.Barrier(asks)

    def ask(n: int) -> None:
        together.wait()
        seeded.execute_query(
            developments.REMEMBER,
            revision=revision,
            now=datetime.now(UTC),
            keys=[f"gap-{n}"],
            reasons=["asked at once"],
            database_=database,
        )

    with ThreadPoolExecutor(asks) as pool:
        list(pool.map(ask, range(asks)))

    kept, _, _ = seeded.execute_query(
        "MATCH (s:GapSnapshot {revision: $revision}) RETURN s.keys AS keys",
        revision=revision,
        database_=database,
    )
    assert len(kept) == 1


def test_until_before_since_is_refused(
    today: date,
    seeded: neo4j.Driver,  # noqa: F811
    client: TestClient,
) -> None:
    body = gql(
        client, DEVELOPMENT, since=today.isoformat(), until=(today - timedelta(days=1)).isoformat()
    )
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


AGENDA = """
query($group: ID!) { agendaDraft(workingGroup: $group) {
  workingGroupName items { kind title gapKey measureId actorId reason }
} }
"""

LANDSCAPE = """
MATCH (w:WorkingGroup {id: 'ak-bildung'}), (s:Topic {id: 'sprache'}), (a:Topic {id: 'arbeit'})
CREATE (w)-[:ADDRESSES]->(s), (w)-[:ADDRESSES]->(a)
CREATE (other:WorkingGroup {id: 'ak-familie', name: 'AK Familie', source: 't'})
CREATE (drk:Actor {id: 'drk', name: 'DRK', kind: 'association', source: 't'})
CREATE (job:Offering {id: 'jobcafe', title: 'Jobcafé', kind: 'meeting_point', source: 't'})
CREATE (drk)-[:OFFERS]->(job), (job)-[:ADDRESSES]->(a)
CREATE (car:Actor {id: 'caritas', name: 'Caritas', kind: 'association', source: 't'})
CREATE (car)-[:MEMBER_OF]->(other)
CREATE (beratung:Offering {id: 'beratung', title: 'Beratung', kind: 'counselling', source: 't'})
CREATE (car)-[:OFFERS]->(beratung), (beratung)-[:ADDRESSES]->(s)
WITH w, other
UNWIND $measures AS m
MATCH (g:WorkingGroup {id: m.group})
CREATE (x:Measure {id: m.id, title: m.id, status: m.status, due: date(m.due),
                   gapKeys: m.keys, source: 't'})-[:ASSIGNED_TO]->(g)
WITH count(*) AS made
CREATE (:GapDecision {key: 'coverage:meine:arbeit', reason: 'kein Bedarf',
                      decidedBy: 'Stabsstelle', decidedAt: datetime()})
"""


def _measure(
    today: date, mid: str, status: str, due_in: int, group: str = "ak-bildung"
) -> dict[str, Any]:
    due = (today + timedelta(days=due_in)).isoformat()
    return {"id": mid, "status": status, "due": due, "group": group, "keys": None}


def test_the_agenda_draft_holds_exactly_the_open_gaps_and_the_measures_of_its_group(
    today: date,
    seeded: neo4j.Driver,  # noqa: F811
    client: TestClient,
    settings: Settings,
) -> None:
    measures = [
        {**_measure(today, "kurs-meine", "planned", 10), "keys": "coverage:meine:sprache"},
        _measure(today, "ueberfaellig", "in_progress", -5),
        _measure(today, "spaeter", "planned", 60),
        _measure(today, "erledigt", "done", -3),
        _measure(today, "verworfen", "dropped", 1),
        _measure(today, "fremd", "planned", 2, group="ak-familie"),
        {**_measure(today, "ohne-frist", "in_progress", 0), "due": None},
        {**_measure(today, "idee-ohne-frist", "idea", 0), "due": None},
    ]
    seeded.execute_query(LANDSCAPE, measures=measures, database_=settings.neo4j_database)

    draft = ok(client, AGENDA, group="ak-bildung")["agendaDraft"]

    assert draft["workingGroupName"] == "AK Bildung"
    items = draft["items"]
    # Sprache in Meine has a measure, Arbeit in Meine is "bewusst offen": neither is open
    assert {i["gapKey"] for i in items if i["kind"] == "OPEN_GAP"} == {
        "coverage:gifhorn:arbeit",
        "uncoordinated:topic:arbeit",
        "uncoordinated:topic:sprache",
        "uncoordinated:working-group:ak-bildung",
    }
    due = [i for i in items if i["kind"] == "DUE_MEASURE"]
    assert [i["measureId"] for i in due] == ["ueberfaellig", "kurs-meine"]
    assert due[0]["reason"].startswith("überfällig seit")
    # planned or in progress, due later or undated: "in Arbeit" (an idea is not)
    working = [i for i in items if i["kind"] == "MEASURE_IN_PROGRESS"]
    assert [(i["measureId"], i["reason"]) for i in working] == [
        ("spaeter", f"Stand: geplant; fällig am {today + timedelta(days=60):%d.%m.%Y}"),
        ("ohne-frist", "Stand: in Umsetzung; ohne Fälligkeit"),
    ]
    # the open coverage gaps of a field are one item, with their municipalities
    [arbeit] = [i for i in items if i["gapKey"] == "coverage:gifhorn:arbeit"]
    assert arbeit["title"] == "Arbeit: 1 offene Versorgungslücke"
    assert arbeit["reason"].startswith("kein Angebot in ")
    assert [i["actorId"] for i in items if i["kind"] == "ACTOR_WITHOUT_GROUP"] == ["drk"]


def test_an_unknown_working_group_is_not_found(seeded: neo4j.Driver, client: TestClient) -> None:  # noqa: F811
    body = gql(client, AGENDA, group="ak-gibt-es-nicht")
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"


def test_the_integrationskonzept_download_is_for_signed_in_callers(
    today: date,
    seeded: neo4j.Driver,  # noqa: F811
    client: TestClient,
    settings: Settings,
) -> None:
    from docx import Document

    from tests.api.test_sign_in import make_account, sign_in

    url = "/export/integrationskonzept.docx"
    anonymous = client.get(url)
    assert anonymous.status_code == 401
    assert anonymous.json()["error"]["code"] == "UNAUTHENTICATED"

    make_account(settings, "leser@gifhorn.de", "reader")
    assert sign_in(client, "leser@gifhorn.de").status_code == 200
    assert client.get(f"{url}?since=gestern").status_code == 400
    answer = client.get(f"{url}?since={today.isoformat()}")

    assert answer.status_code == 200
    assert "attachment" in answer.headers["content-disposition"]
    document = Document(io.BytesIO(answer.content))
    headings = [p.text for p in document.paragraphs]
    assert "Handlungsfeld: Sprache" in headings and "Handlungsfeld: Arbeit" in headings
    assert any(h.startswith("Entwicklung seit") for h in headings)
