"""The registry agrees with the models, and the header table is unambiguous."""

from __future__ import annotations

from domain.registry import NODE_SECTION, NODE_SECTIONS, RELATIONSHIP_SECTIONS, SECTIONS
from loaders.headers import GERMAN_HEADERS, field_for, normalise, section_for


def test_every_link_names_a_model_field_and_a_node_section() -> None:
    for section in NODE_SECTIONS:
        for link in section.links:
            assert link.attribute in section.model.model_fields, (section.name, link)
            assert link.target in NODE_SECTION


def test_every_relationship_endpoint_names_a_model_field_and_a_node_section() -> None:
    for section in RELATIONSHIP_SECTIONS:
        for endpoint in (*section.starts, section.end):
            assert endpoint.attribute in section.model.model_fields
            assert endpoint.section in NODE_SECTION


def test_node_properties_are_the_fields_that_are_not_links() -> None:
    actors = NODE_SECTION["actors"]

    aliases = [alias for _, alias in actors.property_fields]

    assert aliases[0] == "id" and aliases[-1] == "source"
    assert "locatedIn" not in aliases and "website" in aliases


def test_german_headers_are_unambiguous_within_each_section() -> None:
    for name, spec in SECTIONS.items():
        seen: dict[str, str] = {}
        for field_name, info in spec.model.model_fields.items():
            alias = info.alias or field_name
            for spelling in (alias, *GERMAN_HEADERS.get(alias, ())):
                key = normalise(spelling)
                assert seen.setdefault(key, alias) == alias, (name, spelling)


def test_headers_in_either_language_find_their_field() -> None:
    assert field_for("actors", "E-Mail") == "email"
    assert field_for("actors", "Aktiv in") == "activeIn"
    assert field_for("actors", "Ort") == "locatedIn"
    assert field_for("events", "Ort") == "place"
    assert field_for("offerings", "Target Groups") == "targetGroups"
    assert field_for("actors", "Farbe") is None


def test_sections_are_named_in_english_or_german() -> None:
    assert section_for("actors") == "actors"
    assert section_for("Akteure") == "actors"
    assert section_for("Arbeitskreise") == "workingGroups"
    assert section_for("notes") is None
