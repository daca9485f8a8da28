"""The scalar fields of the object types come from the data contract, not from a second class.

The first tests build object types for kinds that exist only here (``Location`` of the graph
side's test, and ``Venue``, a personal kind with one field of every value type) and check
their fields, their types and ``from_node`` on a node written to real Neo4j. The last one
reads every node of the Gifhorn dataset back through the real kinds' ``from_node`` and
compares each value with the validated record the writer stored (a coordinator's contact
data sits in the private attribute its guarding resolver reads).
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import neo4j
import strawberry
from graphql import GraphQLObjectType, GraphQLSchema, graphql_sync
from pydantic import Field

from domain.contract import CONTRACT, kind_of
from domain.model import NodeRecord
from domain.registry import NODE_SECTIONS, NodeSection
from domain.types import Amount, Count, Email, IsoDate, Text
from domain.vocabulary import OfferingKind
from graph.settings import PROJECT_ROOT, Settings
from loaders.landscape import load_landscape
from schema.types.actor import Actor
from schema.types.event import Event
from schema.types.measure import Measure
from schema.types.municipality import Municipality
from schema.types.offering import Offering
from schema.types.people import Coordinator, Person
from schema.types.scalars import NodeObject, object_type
from schema.types.scalars import stored as stored_as
from schema.types.vocabulary import Country, Language, TargetGroup, Topic
from schema.types.working_group import WorkingGroup
from tests.loaders.test_contract import with_locations


class Venue(NodeRecord):
    """A room for meetings (test only): personal, with a field of every value type."""

    name: Text
    kind: OfferingKind
    seats: Count | None = None
    rent: Amount | None = Field(default=None, description="Miete / rent in EUR")
    opened: IsoDate | None = None
    email: Email | None = None


VENUE = kind_of(NodeSection("venues", "Venue", "venue", Venue, personal=True))
LOCATION = with_locations().kind("Location")


BOOKKEEPING_FIELDS = {
    "version": "Int!",
    "verifiedAt": "DateTime",
    "verifiedBy": "String",
    "provenance": "[FieldProvenance!]!",
}
"""What every node type has beside its kind's properties (versions and provenance)."""


def schema_of(*kinds: type[NodeObject]) -> GraphQLSchema:
    """A schema whose root field ``<label>(id)`` reads that node from Neo4j."""

    def root(cls: type[NodeObject]) -> Any:
        def resolve(info: strawberry.Info, id: str) -> NodeObject | None:
            settings: Settings = info.context.settings
            rows, _, _ = info.context.driver.execute_query(
                f"MATCH (n:{cls.__name__} {{id: $id}}) RETURN properties(n) AS props",
                id=id,
                database_=settings.neo4j_database,
            )
            return cls.from_node(rows[0]["props"]) if rows else None

        resolve.__annotations__["return"] = cls | None
        return strawberry.field(resolver=resolve, name=cls.__name__.lower())

    query = strawberry.type(type("Query", (), {k.__name__.lower(): root(k) for k in kinds}))
    return strawberry.Schema(query=query)._schema


def fields(schema: GraphQLSchema, name: str) -> dict[str, str]:
    object_type_ = schema.type_map[name]
    assert isinstance(object_type_, GraphQLObjectType)
    return {field: str(value.type) for field, value in object_type_.fields.items()}


def test_a_kind_without_a_class_gets_an_object_type_from_the_contract() -> None:
    schema = schema_of(object_type(LOCATION, "Ein Ort / a location"))

    assert fields(schema, "Location") == {
        "id": "ID!",
        "name": "String!",
        "address": "String",
        "source": "String!",
        "updatedAt": "DateTime",
        "history": "[Change!]!",  # every node kind has its change history
        **BOOKKEEPING_FIELDS,
    }
    assert schema.type_map["Location"].description == "Ein Ort / a location"
    assert "Location" not in CONTRACT.labels  # the real contract is untouched


def test_every_value_type_and_a_vocabulary_become_their_graphql_types() -> None:
    schema = schema_of(object_type(VENUE))

    assert fields(schema, "Venue") == {
        "id": "ID!",
        "name": "String!",
        "kind": "OfferingKind!",
        "seats": "Int",
        "rent": "Float",
        "opened": "Date",
        "email": "String",
        "source": "String!",
        "updatedAt": "DateTime",
        "history": "[Change!]!",
        **BOOKKEEPING_FIELDS,
    }
    venue = schema.type_map["Venue"]
    assert isinstance(venue, GraphQLObjectType)
    assert venue.fields["rent"].description == "Miete / rent in EUR"
    assert "authenticated callers only" in (venue.fields["email"].description or "")


VENUE_QUERY = """query ($id: String!) {
  venue(id: $id) { id name kind seats rent opened email updatedAt }
}"""


def test_a_derived_type_reads_a_stored_node_and_hides_contact_data_from_anonymous_callers(
    empty_db: neo4j.Driver, settings: Settings
) -> None:
    empty_db.execute_query(
        "CREATE (:Venue {id: 'rittersaal', name: 'Rittersaal', kind: 'meeting_point', "
        "seats: 120, rent: 80.5, opened: date('2018-05-15'), email: 'saal@gifhorn.de', "
        "source: 'test', updatedAt: datetime('2024-05-01T10:00:00Z')})",
        database_=settings.neo4j_database,
    )
    schema = schema_of(object_type(VENUE))
    answers = {role: run(schema, role, empty_db, settings) for role in (None, "editor")}

    anonymous, editor = answers[None]["venue"], answers["editor"]["venue"]
    assert anonymous == {
        "id": "rittersaal",
        "name": "Rittersaal",
        "kind": "MEETING_POINT",
        "seats": 120,
        "rent": 80.5,
        "opened": "2018-05-15",
        "email": None,
        "updatedAt": "2024-05-01T10:00:00+00:00",
    }
    assert editor == {**anonymous, "email": "saal@gifhorn.de"}


def run(
    schema: GraphQLSchema, role: str | None, driver: neo4j.Driver, settings: Settings
) -> dict[str, Any]:
    """The venue query as a caller of ``role`` (None: anonymous) sees it."""
    context = SimpleNamespace(role=role, driver=driver, settings=settings)
    variables = {"id": "rittersaal"}
    result = graphql_sync(schema, VENUE_QUERY, context_value=context, variable_values=variables)
    assert result.errors is None, result.errors
    assert result.data is not None
    return result.data


CLASSES: dict[str, type[NodeObject]] = {
    cls.__name__: cls
    for cls in (
        Actor,
        Offering,
        WorkingGroup,
        Coordinator,
        Person,
        Topic,
        TargetGroup,
        Municipality,
        Language,
        Country,
        Event,
        Measure,
    )
}


def stored_nodes(driver: neo4j.Driver, settings: Settings, label: str) -> list[neo4j.graph.Node]:
    """Every node of ``label`` as the driver gives it."""
    rows, _, _ = driver.execute_query(
        f"MATCH (n:{label}) RETURN n", database_=settings.neo4j_database
    )
    return [row["n"] for row in rows]


def test_from_node_gives_back_every_stored_value_of_the_gifhorn_dataset(
    gifhorn: neo4j.Driver, settings: Settings
) -> None:
    landscape = load_landscape([PROJECT_ROOT / "loaders" / "data" / "gifhorn"])
    compared = 0
    for section in NODE_SECTIONS:
        cls = CLASSES[section.label]
        nodes = stored_nodes(gifhorn, settings, section.label)
        built = {str(obj.id): obj for obj in (cls.from_node(dict(node)) for node in nodes)}
        kind = CONTRACT.kind(section.label)
        records = landscape.nodes[section.name]
        assert set(built) == {record.id for record in records}, section.label
        for record in records:
            for attribute, alias in section.property_fields:
                stored = getattr(record, attribute)
                read = getattr(built[record.id], stored_as(kind, kind.property(alias)))
                assert read == stored and type(read) is type(stored), (record.id, alias)
                compared += 1
    assert compared > 3000  # every property of every node, not a few


def test_rows_of_any_shape_give_the_objects_every_reader_would(
    gifhorn: neo4j.Driver, settings: Settings
) -> None:
    """``from_node`` reads only the properties a row holds and fills the rest from the row
    shape's layout: for whole nodes and for projections of a few properties (as nested
    lists send them) the objects equal those of reading every property one by one,
    defaults included (an event without ``status`` is HELD, a node without ``version``
    is at 1)."""
    shapes = 0
    for section in NODE_SECTIONS:
        cls = CLASSES[section.label]
        nodes = stored_nodes(gifhorn, settings, section.label)
        names = sorted({name for node in nodes for name in node} - {"id"})
        projections = [
            {"id": node["id"], **{k: node[k] for k in names[start::3] if k in node}}
            for start in range(3)
            for node in nodes
        ]
        for row in [*nodes, *projections, *({"id": node["id"]} for node in nodes)]:
            expected = {attr: read(row, name) for attr, read, name in cls.readers}
            assert vars(cls.from_node(row)) == expected, (section.label, dict(row))
        shapes += len(cls.layouts)
    assert shapes > 3 * len(NODE_SECTIONS)
