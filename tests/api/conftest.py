"""Fixtures of the API tests: a small hand-written landscape and a GraphQL helper.

The landscape is written with plain Cypher (not the loader), so the read tests do not depend
on the writer. It is small enough to know every answer by heart:

    landkreis-gifhorn (county)
    ├── gifhorn (Einheitsgemeinde)          kvhs-integrationskurs
    ├── wittingen (Einheitsgemeinde)        ausbildungslotsen
    ├── sg-meinersen (Samtgemeinde)         mbe-beratung
    │   ├── meinersen                       sprachcafe-meinersen
    │   ├── hillerse                        frauengesundheit-hillerse
    │   └── leiferde                        (nothing)
    └── sg-papenteich (Samtgemeinde)
        └── meine                           hausaufgabenhilfe-meine
    county-wide: deutsch-online
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import neo4j
import pytest
from starlette.testclient import TestClient

from graph.settings import Settings
from tests.loaded_data import ensure_loaded

MUNICIPALITIES = [
    ("landkreis-gifhorn", "Landkreis Gifhorn", "county", None, 180679),
    ("gifhorn", "Stadt Gifhorn", "einheitsgemeinde", "landkreis-gifhorn", 44000),
    ("wittingen", "Stadt Wittingen", "einheitsgemeinde", "landkreis-gifhorn", 11500),
    ("sg-meinersen", "Samtgemeinde Meinersen", "samtgemeinde", "landkreis-gifhorn", 21000),
    ("meinersen", "Meinersen", "member_municipality", "sg-meinersen", 8000),
    ("hillerse", "Hillerse", "member_municipality", "sg-meinersen", 2500),
    ("leiferde", "Leiferde", "member_municipality", "sg-meinersen", 4400),
    ("sg-papenteich", "Samtgemeinde Papenteich", "samtgemeinde", "landkreis-gifhorn", 24000),
    ("meine", "Meine", "member_municipality", "sg-papenteich", 8300),
]
TOPICS = [
    ("sprache", "Sprache", "Deutscherwerb und Sprachförderung"),
    ("arbeit-ausbildung", "Arbeit & Ausbildung", "Arbeitsmarktintegration"),
    ("frauen", "Frauen", "Angebote für und mit Frauen"),
    ("beratung", "Beratung", "Migrationsberatung"),
    ("gesundheit", "Gesundheit", "Gesundheitsversorgung"),
]
TARGET_GROUPS = [
    ("frauen", "Frauen"),
    ("gefluechtete", "Geflüchtete"),
    ("kinder", "Kinder"),
    ("jugendliche", "Jugendliche"),
]
LANGUAGES = [
    ("de", "Deutsch"),
    ("ar", "Arabisch"),
    ("fa", "Persisch"),
    ("uk", "Ukrainisch"),
    ("tr", "Türkisch"),
]
COUNTRIES = [("sy", "Syrien"), ("af", "Afghanistan"), ("ua", "Ukraine")]
ACTORS: list[dict[str, Any]] = [
    {
        "id": "landkreis-gifhorn",
        "name": "Landkreis Gifhorn (Kreisverwaltung)",
        "kind": "administration",
        "located": "gifhorn",
        "active": ["landkreis-gifhorn"],
    },
    {
        "id": "stabsstelle-integration",
        "name": "Stabsstelle Integration",
        "kind": "administration",
        "located": "gifhorn",
        "active": ["landkreis-gifhorn"],
        "partOf": "landkreis-gifhorn",
        "email": "integration@gifhorn.de",
    },
    {
        "id": "kvhs-gifhorn",
        "name": "Kreisvolkshochschule Gifhorn",
        "kind": "education_provider",
        "located": "gifhorn",
        "active": ["landkreis-gifhorn"],
        "description": "Integrations- und Sprachkurse als BAMF-Träger",
    },
    {
        "id": "caritas-gifhorn",
        "name": "Caritasverband Gifhorn",
        "kind": "welfare_association",
        "located": "gifhorn",
        "active": [],
    },
    {
        "id": "fluechtlingshilfe-meinersen",
        "name": "Flüchtlingshilfe Meinersen",
        "kind": "volunteer_initiative",
        "located": "meinersen",
        "active": [],
    },
    {
        "id": "frauentreff-mueden",
        "name": "Frauentreff Müden",
        "kind": "association",
        "located": "hillerse",
        "active": [],
        "description": "Treffpunkt für Frauen aus aller Welt",
    },
    {
        "id": "jobcenter-gifhorn",
        "name": "Jobcenter Gifhorn",
        "kind": "employment_agency",
        "located": "gifhorn",
        "active": ["landkreis-gifhorn"],
    },
    {
        "id": "agentur-fuer-arbeit",
        "name": "Agentur für Arbeit Helmstedt",
        "kind": "employment_agency",
        "located": "meinersen",
        "active": [],
    },
]
OFFERINGS: list[dict[str, Any]] = [
    {
        "id": "kvhs-integrationskurs",
        "title": "Integrationskurs mit Kinderbetreuung",
        "kind": "course",
        "providers": ["kvhs-gifhorn"],
        "topics": ["sprache"],
        "targetGroups": ["frauen"],
        "languages": ["de", "ar"],
        "places": ["gifhorn"],
        "capacity": 20,
        "cost": 0.0,
        "startDate": date(2024, 1, 15),
    },
    {
        "id": "deutsch-online",
        "title": "Deutschkurs online",
        "kind": "course",
        "providers": ["kvhs-gifhorn"],
        "topics": ["sprache"],
        "targetGroups": ["gefluechtete"],
        "languages": ["de", "fa"],
        "places": ["landkreis-gifhorn"],
        "capacity": 25,
        "cost": 120.0,
        "startDate": date(2024, 3, 1),
    },
    {
        "id": "sprachcafe-meinersen",
        "title": "Sprachcafé Meinersen",
        "kind": "meeting_point",
        "providers": ["fluechtlingshilfe-meinersen"],
        "topics": ["sprache"],
        "targetGroups": ["frauen", "gefluechtete"],
        "languages": ["de", "ar"],
        "places": ["meinersen"],
        "capacity": 15,
        "cost": 0.0,
        "description": "Gespräche über den Alltag, für Anfängerinnen und Fortgeschrittene",
    },
    {
        "id": "mbe-beratung",
        "title": "Migrationsberatung für Erwachsene",
        "kind": "counselling",
        "providers": ["caritas-gifhorn"],
        "topics": ["beratung"],
        "targetGroups": ["gefluechtete"],
        "languages": ["de", "ar", "uk"],
        "places": ["sg-meinersen"],
    },
    {
        "id": "ausbildungslotsen",
        "title": "Ausbildungslotsen",
        "kind": "mentoring",
        "providers": ["jobcenter-gifhorn"],
        "topics": ["arbeit-ausbildung"],
        "targetGroups": ["jugendliche"],
        "languages": ["de"],
        "places": ["wittingen"],
        "fundingProgram": "FIM",
        "startDate": date(2019, 8, 1),
        "endDate": date(2020, 12, 31),
    },
    {
        "id": "frauengesundheit-hillerse",
        "title": "Frauengesundheitstreff Hillerse",
        "kind": "event_series",
        "providers": ["frauentreff-mueden"],
        "topics": ["frauen"],
        "targetGroups": ["frauen"],
        "languages": ["fa"],
        "places": ["hillerse"],
        "cost": 5.5,
        "startDate": date(2023, 5, 1),
        "endDate": date(2023, 12, 31),
    },
    {
        "id": "hausaufgabenhilfe-meine",
        "title": "Hausaufgabenhilfe Meine",
        "kind": "service",
        "providers": ["caritas-gifhorn"],
        "topics": ["sprache"],
        "targetGroups": ["kinder"],
        "languages": ["de"],
        "places": ["meine"],
        "capacity": 10,
    },
]
WORKING_GROUPS = [
    ("ak-bildung", "AK Bildung", date(2018, 6, 1), ["sprache"]),
    ("ak-ausbildung-arbeit", "AK Ausbildung und Arbeit", date(2018, 6, 1), ["arbeit-ausbildung"]),
]
MEMBERSHIPS = [
    ("kvhs-gifhorn", "ak-bildung", "spokesperson", date(2018, 6, 1)),
    ("caritas-gifhorn", "ak-bildung", "member", None),
    ("jobcenter-gifhorn", "ak-ausbildung-arbeit", "chair", date(2018, 9, 1)),
    ("agentur-fuer-arbeit", "ak-ausbildung-arbeit", "member", None),
]

SEED = """
UNWIND $municipalities AS m
CREATE (:Municipality {id: m[0], name: m[1], kind: m[2], population: m[4], source: 'test'})
WITH count(*) AS done
UNWIND [m IN $municipalities WHERE m[3] IS NOT NULL] AS m
MATCH (child:Municipality {id: m[0]}), (parent:Municipality {id: m[3]})
CREATE (child)-[:PART_OF]->(parent)
WITH count(*) AS done
UNWIND $topics AS t CREATE (:Topic {id: t[0], name: t[1], description: t[2], source: 'test'})
WITH count(*) AS done
UNWIND $targetGroups AS t CREATE (:TargetGroup {id: t[0], name: t[1], source: 'test'})
WITH count(*) AS done
UNWIND $languages AS l CREATE (:Language {id: l[0], name: l[1], source: 'test'})
WITH count(*) AS done
UNWIND $countries AS c CREATE (:Country {id: c[0], name: c[1], source: 'test'})
WITH count(*) AS done
UNWIND $actors AS a
CREATE (n:Actor {id: a.id, name: a.name, kind: a.kind, description: a.description,
                 email: a.email, source: 'test', updatedAt: datetime('2024-05-01T10:00:00Z')})
WITH n, a
OPTIONAL MATCH (home:Municipality {id: a.located})
FOREACH (_ IN CASE WHEN home IS NULL THEN [] ELSE [1] END | CREATE (n)-[:LOCATED_IN]->(home))
WITH n, a
UNWIND (a.active + [null]) AS place
OPTIONAL MATCH (m:Municipality {id: place})
FOREACH (_ IN CASE WHEN m IS NULL THEN [] ELSE [1] END | CREATE (n)-[:ACTIVE_IN]->(m))
WITH count(*) AS done
UNWIND [a IN $actors WHERE a.partOf IS NOT NULL] AS a
MATCH (child:Actor {id: a.id}), (parent:Actor {id: a.partOf})
CREATE (child)-[:PART_OF]->(parent)
WITH count(*) AS done
UNWIND $offerings AS o
CREATE (n:Offering {id: o.id, title: o.title, kind: o.kind, description: o.description,
                    capacity: o.capacity, cost: o.cost, startDate: o.startDate,
                    endDate: o.endDate, fundingProgram: o.fundingProgram, source: 'test'})
WITH n, o
CALL (n, o) { UNWIND o.providers AS id MATCH (a:Actor {id: id}) CREATE (a)-[:OFFERS]->(n) }
CALL (n, o) { UNWIND o.topics AS id MATCH (t:Topic {id: id}) CREATE (n)-[:ADDRESSES]->(t) }
CALL (n, o) {
  UNWIND o.targetGroups AS id MATCH (t:TargetGroup {id: id}) CREATE (n)-[:TARGETS]->(t)
}
CALL (n, o) {
  UNWIND o.languages AS id MATCH (l:Language {id: id}) CREATE (n)-[:IN_LANGUAGE]->(l)
}
CALL (n, o) {
  UNWIND o.places AS id MATCH (m:Municipality {id: id}) CREATE (n)-[:AVAILABLE_IN]->(m)
}
WITH count(*) AS done
UNWIND $workingGroups AS w
CREATE (g:WorkingGroup {id: w[0], name: w[1], founded: w[2], source: 'test'})
WITH g, w UNWIND w[3] AS topic MATCH (t:Topic {id: topic}) CREATE (g)-[:ADDRESSES]->(t)
WITH count(*) AS done
UNWIND $memberships AS m
MATCH (a:Actor {id: m[0]}), (g:WorkingGroup {id: m[1]})
CREATE (a)-[:MEMBER_OF {role: m[2], since: m[3], source: 'test'}]->(g)
"""

SEED_PEOPLE = """
MATCH (stab:Actor {id: 'stabsstelle-integration'}), (kreis:Actor {id: 'landkreis-gifhorn'})
MATCH (caritas:Actor {id: 'caritas-gifhorn'}), (kvhs:Actor {id: 'kvhs-gifhorn'})
MATCH (hilfe:Actor {id: 'fluechtlingshilfe-meinersen'}), (job:Actor {id: 'jobcenter-gifhorn'})
MATCH (lotsen:Offering {id: 'ausbildungslotsen'}), (kurs:Offering {id: 'kvhs-integrationskurs'})
MATCH (bildung:WorkingGroup {id: 'ak-bildung'}), (sprache:Topic {id: 'sprache'})
CREATE (julia:Coordinator {id: 'julia-redeker', name: 'Julia Redeker',
        role: 'Bildungskoordination', email: 'j.redeker@gifhorn.de', phone: '05371 82-0',
        since: date('2017-06-01'), source: 'test'})
CREATE (julia)-[:WORKS_FOR]->(stab)
CREATE (julia)-[:COORDINATES]->(bildung)
CREATE (julia)-[:COORDINATES]->(sprache)
CREATE (julia)-[:COORDINATES]->(kurs)
CREATE (ebel:Person {id: 'andreas-ebel', name: 'Andreas Ebel', role: 'Landrat', title: 'Dr.',
        source: 'test'})
CREATE (ebel)-[:WORKS_FOR]->(kreis)
CREATE (e:Event {id: 'neustart-2018', name: 'Neustart Netzwerk Integration',
        date: date('2018-05-15'), place: 'Rittersaal, Schloss Gifhorn', status: 'held',
        source: 'test'})
CREATE (stab)-[:PARTICIPATED_IN {role: 'host', source: 'test'}]->(e)
CREATE (julia)-[:PARTICIPATED_IN {role: 'speaker', source: 'test'}]->(e)
CREATE (ebel)-[:PARTICIPATED_IN {role: 'speaker', source: 'test'}]->(e)
CREATE (caritas)-[:COOPERATES_WITH {kind: 'partnership', since: date('2019-01-01'),
        source: 'test'}]->(kvhs)
CREATE (hilfe)-[:COOPERATES_WITH {kind: 'referral', source: 'test'}]->(caritas)
CREATE (stab)-[:FUNDS {program: 'FIM', source: 'test'}]->(lotsen)
"""

SEED_RESIDENTS = """
UNWIND $rows AS r
MATCH (c:Country {id: r[0]}), (m:Municipality {id: r[1]})
CREATE (c)-[:RESIDES_IN {count: r[2], year: r[3], source: 'test'}]->(m)
WITH count(*) AS done
MATCH (ar:Language {id: 'ar'}), (fa:Language {id: 'fa'}), (uk:Language {id: 'uk'})
MATCH (sy:Country {id: 'sy'}), (af:Country {id: 'af'}), (ua:Country {id: 'ua'})
CREATE (ar)-[:SPOKEN_IN {share: 0.9, source: 'test'}]->(sy)
CREATE (fa)-[:SPOKEN_IN {share: 0.5, source: 'test'}]->(af)
CREATE (uk)-[:SPOKEN_IN {share: 0.7, source: 'test'}]->(ua)
"""

RESIDENTS = [
    ("sy", "meinersen", 40, 2018),
    ("sy", "hillerse", 10, 2018),
    ("af", "meinersen", 5, 2018),
    ("sy", "meinersen", 50, 2019),
    ("ua", "gifhorn", 100, 2022),
]


def write_landscape(driver: neo4j.Driver, database: str) -> None:
    """Wipe the database and write the hand-written landscape above."""
    driver.execute_query("MATCH (n) DETACH DELETE n", database_=database)
    driver.execute_query(
        SEED,
        {
            "municipalities": [list(m) for m in MUNICIPALITIES],
            "topics": [list(t) for t in TOPICS],
            "targetGroups": [list(t) for t in TARGET_GROUPS],
            "languages": [list(lang) for lang in LANGUAGES],
            "countries": [list(c) for c in COUNTRIES],
            "actors": [{"description": None, "email": None, "partOf": None, **a} for a in ACTORS],
            "offerings": [
                {
                    "description": None,
                    "capacity": None,
                    "cost": None,
                    "startDate": None,
                    "endDate": None,
                    "fundingProgram": None,
                    **o,
                }
                for o in OFFERINGS
            ],
            "workingGroups": [list(w) for w in WORKING_GROUPS],
            "memberships": [list(m) for m in MEMBERSHIPS],
        },
        database_=database,
    )
    driver.execute_query(SEED_PEOPLE, database_=database)
    driver.execute_query(SEED_RESIDENTS, {"rows": [list(r) for r in RESIDENTS]}, database_=database)


@pytest.fixture
def landscape(driver: neo4j.Driver, settings: Settings) -> neo4j.Driver:
    """The driver, on a database holding exactly the landscape of this module's docstring
    (written unless the last test that asked for it left it unchanged, as a reading test
    does: ``tests/loaded_data.py``)."""
    ensure_loaded(
        driver,
        settings,
        "api-landscape",
        lambda: write_landscape(driver, settings.neo4j_database),
    )
    return driver


GraphQL = Callable[..., dict[str, Any]]


@pytest.fixture
def graphql(client: TestClient) -> GraphQL:
    """Post a query; return the whole response body (``data`` and maybe ``errors``)."""

    def post(
        query: str,
        variables: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        response = client.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )
        body: dict[str, Any] = response.json()
        return body

    return post


@pytest.fixture
def data(graphql: GraphQL) -> GraphQL:
    """Post a query that must succeed; return its ``data``."""

    def post(query: str, variables: dict[str, Any] | None = None, **kwargs: Any) -> dict[str, Any]:
        body = graphql(query, variables, **kwargs)
        assert "errors" not in body, body["errors"]
        result: dict[str, Any] = body["data"]
        return result

    return post
