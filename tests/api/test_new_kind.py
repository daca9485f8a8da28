"""A node kind needs only its description: the schema side derives the rest.

``Location`` (where offerings happen) exists only in this test, as a model and a registry
section (``tests/loaders/test_contract.py``, which checks what graph/ derives from it: the
catalog entry, relation fields, constraints and indexes). Here the GraphQL side is built
from the same description, with the functions the real schema is built with, and printed:
its object type, filter input, sort input, root fields and mutations must all be there,
typed from the model, without a line written for the kind.
"""

from __future__ import annotations

import dataclasses

import strawberry

from domain.contract import CONTRACT as REAL
from domain.contract import Kind
from domain.registry import NODE_SECTIONS
from schema.mutations.nodes import node_mutation
from schema.naming import by_id_field
from schema.roots import node_query
from schema.schema import schema
from schema.types.scalars import object_type
from schema.types.sorting import sort_input
from schema.where import conditions, where_input
from tests.loaders.test_contract import LOCATIONS, with_locations

CONTRACT = with_locations()
LOCATION: Kind = CONTRACT.kind("Location")
EDITABLE = dataclasses.replace(LOCATIONS, editable=True)

LocationWhere = where_input("LocationWhere", [LOCATION], CONTRACT, module=__name__)
LocationSort = sort_input("LocationSort", [LOCATION])
Location = object_type(LOCATION, "Ein Ort / a place where offerings happen")


def printed_schema() -> str:
    inputs = {"LocationWhere": LocationWhere, "LocationSort": LocationSort}
    query = node_query({"Location": Location}, CONTRACT, inputs)
    mutation = node_mutation([EDITABLE], CONTRACT)
    return str(strawberry.Schema(query=query, mutation=mutation))


def block(sdl: str, header: str) -> str:
    """The lines of one type definition in printed SDL, from its header to its ``}``."""
    start = sdl.index(header)
    return sdl[start : sdl.index("}", start)]


def test_the_new_kind_gets_its_object_type() -> None:
    location = block(printed_schema(), "type Location {")

    assert "id: ID!" in location and "name: String!" in location
    assert "address: String" in location and "updatedAt: DateTime" in location


def test_the_new_kind_gets_a_filter_input_from_its_properties_and_links() -> None:
    where = block(printed_schema(), "input LocationWhere {")

    for field in ("id: IDFilter", "name: StringFilter", "address: StringFilter"):
        assert field in where
    assert "updatedAt: DateTimeFilter" in where
    assert "offering: IDFilter" in where  # the filter link of its HAPPENS_AT relationship
    assert "AND: [LocationWhere!]" in where and "NOT: LocationWhere" in where
    assert [c.name for c in conditions(LOCATION, CONTRACT)][-1] == "offering"


def test_the_new_kind_gets_a_sort_input_with_the_registry_default() -> None:
    sdl = printed_schema()

    assert "field: LocationSortField! = NAME" in block(sdl, "input LocationSort {")
    assert block(sdl, "enum LocationSortField {").split()[3:] == ["NAME", "ID"]


def test_the_new_kind_gets_its_root_fields() -> None:
    query = block(printed_schema(), "type NodeQuery {")

    assert "location(id: ID!): Location" in query
    assert "locations(" in query and "where: LocationWhere = null" in query
    assert "sort: LocationSort = null" in query
    assert "): LocationConnection!" in query


def test_the_new_kind_gets_its_mutations_typed_from_its_model() -> None:
    sdl = printed_schema()

    mutation = block(sdl, "type NodeMutation {")
    assert "createLocation(input: LocationInput!): LocationPayload!" in mutation
    assert "updateLocation(\n    id: ID!\n    input: LocationPatch!" in mutation
    assert "expectedVersion: Int = null\n  ): LocationPayload!" in mutation
    assert "deleteLocation(" in mutation
    created = block(sdl, "input LocationInput {")
    assert "id: ID!" in created and "name: String!" in created
    assert "address: String = null" in created
    assert "offerings: [ID!] = null" in created
    patch = block(sdl, "input LocationPatch {")
    assert "name: String\n" in patch and "id:" not in patch


def test_only_editable_kinds_get_node_mutations() -> None:
    fields = schema._schema.mutation_type.fields  # type: ignore[union-attr]
    # createAccount makes an account (operational data beside the landscape), not a node kind
    landscape = (name for name in fields if name.startswith("create") and name != "createAccount")
    created = {name.removeprefix("create") for name in landscape}

    assert created == {s.label for s in NODE_SECTIONS if s.editable}
    assert created == {"Actor", "Offering", "WorkingGroup", "Coordinator", "Measure", "Event"}
    assert not LOCATIONS.editable


def test_every_kind_of_the_contract_has_its_root_fields() -> None:
    fields = schema._schema.query_type.fields  # type: ignore[union-attr]

    for kind in REAL.kinds:
        assert fields[by_id_field(kind.label)].type.name == kind.label
        assert str(fields[kind.section].type) == f"{kind.label}Connection!"


def test_every_relationship_field_the_contract_names_is_on_its_graphql_type() -> None:
    """Relationship fields are written by hand (a class in ``schema/types``): a kind added
    without them, or an end whose class lacks the field its section names, fails here."""
    fields = {name: set(getattr(t, "fields", {})) for name, t in schema._schema.type_map.items()}
    named = {
        (end.label, end.field)
        for rel in REAL.relationships
        for end in (rel.start, rel.end)
        if end.field is not None
    }

    missing = sorted(f"{label}.{field}" for label, field in named if field not in fields[label])

    assert missing == []
    assert ("WorkingGroup", "measures") in named and ("Measure", "workingGroup") in named
