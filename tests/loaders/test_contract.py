"""The data contract is one description: the read side and the migrations derive from it.

The first tests pin what is derived for the real landscape against the patterns the API has
always followed (a changed arrow or type would change every nested field's answer). The
last ones add a kind that does not exist, ``Location`` (``tests/api/location_kind.py``), to
a copy of the contract, and check that everything graph/ derives picks it up: the proof that
a new kind needs only its model and its section. (``with_locations()`` is that contract;
``tests/api/test_new_kind.py`` adds the kind to the real registry and checks each surface.)
"""

from __future__ import annotations

from domain.contract import CONTRACT, Contract, ValueType, describe
from domain.registry import NODE_SECTIONS, RELATIONSHIP_SECTIONS
from graph import migrations
from graph.queries.catalog import NODE_KINDS, node_kinds
from graph.queries.predicates import LINKS, links
from graph.queries.relations import RELATIONS, relations
from tests.api.location_kind import LOCATIONS


def test_every_single_relationship_field_follows_its_relationship() -> None:
    expected = {
        "Actor.offerings": ("(p)-[:OFFERS]->(n:Offering)", {}),
        "Offering.providers": ("(p)<-[:OFFERS]-(n:Actor)", {}),
        "Actor.memberships": (
            "(p)-[r:MEMBER_OF]->(n:WorkingGroup)",
            {"role": "string", "since": "date", "until": "date", "source": "string"},
        ),
        "WorkingGroup.members": (
            "(p)<-[r:MEMBER_OF]-(n:Actor)",
            {"role": "string", "since": "date", "until": "date", "source": "string"},
        ),
        "Actor.cooperations": (
            "(p)-[r:COOPERATES_WITH]-(n:Actor)",
            {"kind": "string", "since": "date", "source": "string"},
        ),
        "Country.residents": (
            "(p)-[r:RESIDES_IN]->(n:Municipality)",
            {"count": "int", "year": "int", "source": "string"},
        ),
        "Coordinator.offerings": ("(p)-[:COORDINATES]->(n:Offering)", {}),
        "Municipality.parts": ("(p)<-[:PART_OF]-(n:Municipality)", {}),
    }
    for name, (pattern, props) in expected.items():
        relation = RELATIONS[name]
        assert relation.patterns == (pattern,), name
        assert {p: t.value for p, t in relation.rel_props.items()} == props, name
    assert RELATIONS["Actor.cooperations"].undirected
    assert not RELATIONS["Actor.memberships"].undirected


def test_the_read_side_covers_every_field_the_contract_names() -> None:
    named = {
        f"{end.label}.{end.field}"
        for rel in CONTRACT.relationships
        for end in (rel.start, rel.end)
        if end.field is not None
    }
    scoped = {f"Municipality.{f}.{s}" for f in ("offerings", "actors") for s in SCOPES}
    assert set(RELATIONS) == named | scoped | {"Event.participants"}
    assert len(RELATIONS) == 58  # 50 over one relationship, 8 scoped
    assert RELATIONS["Event.participants"].targets == ("Actor", "Coordinator", "Person")
    assert set(RELATIONS["Event.participants"].rel_props) == {"role", "title", "source"}


SCOPES = ("exact", "with_parts", "with_enclosing", "with_parts_and_enclosing")


def test_filter_links_over_one_relationship_are_derived() -> None:
    assert LINKS["offering.provider"].patterns == ("(n)<-[:OFFERS]-(x:Actor)",)
    assert LINKS["actor.workingGroup"].patterns == ("(n)-[:MEMBER_OF]->(x:WorkingGroup)",)
    assert LINKS["workingGroup.member"].far is NODE_KINDS["Actor"]
    assert len(LINKS["actor.topic"].patterns) == 2  # hand-written: offerings or groups
    assert len(LINKS) == 27
    assert LINKS["measure.actor"].patterns == ("(n)<-[:RESPONSIBLE_FOR]-(x:Actor)",)


def test_a_measure_reads_its_relationships_from_its_own_end() -> None:
    assert RELATIONS["Measure.workingGroup"].patterns == ("(p)-[:ASSIGNED_TO]->(n:WorkingGroup)",)
    assert RELATIONS["WorkingGroup.measures"].patterns == ("(p)<-[:ASSIGNED_TO]-(n:Measure)",)
    assert RELATIONS["Measure.coordinators"].patterns == ("(p)<-[:COORDINATES]-(n:Coordinator)",)
    assert RELATIONS["Measure.topics"].patterns == ("(p)-[:ADDRESSES]->(n:Topic)",)
    assert RELATIONS["Topic.offerings"].patterns == ("(p)<-[:ADDRESSES]-(n:Offering)",)


def test_internal_notes_are_returned_to_signed_in_callers_but_never_filtered() -> None:
    note = CONTRACT.kind("Measure").property("internalNote")
    assert note.internal and note.personal and not note.filterable
    assert "internalNote" not in NODE_KINDS["Measure"].properties
    assert not CONTRACT.kind("Measure").personal  # a measure is not about a person


def test_contact_fields_are_returned_but_never_filtered() -> None:
    actor = NODE_KINDS["Actor"]
    assert "email" not in actor.properties and "email" in actor.returned
    assert actor.properties["founded"] is ValueType.STRING  # a partial date: 2017-06
    assert NODE_KINDS["WorkingGroup"].properties["founded"] is ValueType.DATE
    assert NODE_KINDS["Offering"].title == "title"
    assert CONTRACT.kind("Actor").property("email").headers[0] == "E-Mail"


# --- a new kind from a test-only description ---------------------------------------------


def with_locations() -> Contract:
    return describe((*NODE_SECTIONS, LOCATIONS), RELATIONSHIP_SECTIONS)


def test_a_new_kind_gets_its_catalog_entry() -> None:
    kind = node_kinds(with_locations())["Location"]
    assert kind.title == "name"
    assert kind.properties == {
        "id": ValueType.STRING,
        "source": ValueType.STRING,
        "updatedAt": ValueType.DATETIME,
        "verifiedAt": ValueType.DATETIME,  # bookkeeping every kind has (a filter too)
        "name": ValueType.STRING,
        "address": ValueType.STRING,
    }
    assert "Location" not in NODE_KINDS  # the real contract is untouched


def test_a_new_relationship_gets_a_field_and_a_filter_on_both_ends() -> None:
    derived = relations(with_locations())
    assert derived["Offering.locations"].patterns == ("(p)-[:HAPPENS_AT]->(n:Location)",)
    assert derived["Location.offerings"].patterns == ("(p)<-[:HAPPENS_AT]-(n:Offering)",)
    assert derived["Location.offerings"].targets == ("Offering",)
    assert set(derived) - set(RELATIONS) == {"Offering.locations", "Location.offerings"}
    filters = links(with_locations())
    assert filters["offering.location"].patterns == ("(n)-[:HAPPENS_AT]->(x:Location)",)
    assert filters["location.offering"].far.label == "Offering"


def test_a_new_kind_gets_its_constraint_and_indexes() -> None:
    steps = {m.name: m.cypher for m in migrations.migrations(with_locations())}
    assert set(steps) - {m.name for m in migrations.migrations()} == {
        "location_id_unique",
        "location_name",
    }
    assert "FOR (n:Location) REQUIRE n.id IS UNIQUE" in steps["location_id_unique"]
    assert "FOR (n:Location) ON (n.name)" in steps["location_name"]
    fulltext = steps[migrations.FULLTEXT_INDEX]
    assert "|Location)" in fulltext and "n.address]" in fulltext
