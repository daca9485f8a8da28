"""The tables of ``docs/data-format.md``, written from the registry.

Run ``python -m loaders.data_format_doc`` after changing the registry.

The document is prose around three tables: the node sections, the relationship sections and
the enumerations. The tables are generated from the same description the loaders and the
graph read (:mod:`domain.registry`, its models and vocabularies), between marker lines, so
a kind, field or value added there appears here with one command; the prose around them
stays written by hand. ``tests/loaders/test_data_format_doc.py`` fails when the committed
file differs from what this module writes (run it, commit the file).

``--check`` exits 1 (and names the regions) when the file is out of step, without writing.
"""

from __future__ import annotations

import re
import sys
import typing
from collections.abc import Iterable, Sequence
from enum import Enum
from pathlib import Path
from typing import Any

import annotated_types
from pydantic.fields import FieldInfo

from domain import registry
from domain.contract import enum_of, value_type
from domain.registry import Link, NodeSection, RelationshipSection
from domain.vocabulary import Vocabulary
from graph.settings import PROJECT_ROOT

COMMAND = "loaders.data_format_doc"
DOCUMENT = PROJECT_ROOT / "docs" / "data-format.md"
BEGIN = "<!-- generated from domain/registry.py by `python -m loaders.data_format_doc`: {} -->"
END = "<!-- end of generated {} -->"
TYPE_NAMES = {"int": "int", "float": "number", "date": "date", "datetime": "date and time"}


def _camel(name: str) -> str:
    return name[0].lower() + name[1:]


def _constraints(field: FieldInfo) -> list[str]:
    """``>= 0`` and the like, from the model field's bounds and those of its type."""
    signs = {"ge": ">=", "gt": ">", "le": "<=", "lt": "<"}
    found = []
    for item in [*field.metadata, *_metadata(field.annotation)]:
        if isinstance(item, FieldInfo):  # Annotated[int, Field(ge=0)]
            found += _constraints(item)
        elif isinstance(item, annotated_types.BaseMetadata):
            found += [f"{sign} {getattr(item, a)}" for a, sign in signs.items() if hasattr(item, a)]
    return list(dict.fromkeys(found))


def _metadata(annotation: Any) -> list[Any]:
    """What ``Annotated`` adds to a type, through ``| None``."""
    if typing.get_origin(annotation) is typing.Annotated:
        return list(annotation.__metadata__)
    return [m for arg in typing.get_args(annotation) for m in _metadata(arg)]


def _english(description: str | None) -> str | None:
    """The English half of a ``Deutsch / English`` description."""
    if not description:
        return None
    return description.split(" / ", 1)[-1]


def field_entry(name: str, field: FieldInfo) -> str:
    """``**name**`` when required, with its type, bounds, default and English description."""
    shown = f"**{name}**" if field.is_required() else name
    if name == "source":  # every record has it: see "Common rules"
        return shown
    notes: list[str] = []
    kind = value_type(field.annotation).value
    if kind in TYPE_NAMES:
        notes.append(" ".join([TYPE_NAMES[kind], ", ".join(_constraints(field))]).strip())
    if enum_of(field.annotation) is not None:
        notes.append("values below")
    default = None if field.is_required() else field.get_default(call_default_factory=True)
    if isinstance(default, Enum):
        notes.append(f"default `{default.value}`")
    if (english := _english(field.description)) is not None:
        notes.append(english)
    return f"{shown} ({'; '.join(notes)})" if notes else shown


def _fields(model: type, fields: Iterable[tuple[str, str]]) -> str:
    return ", ".join(field_entry(alias, model.model_fields[attr]) for attr, alias in fields)  # type: ignore[attr-defined]


def _reference(section: NodeSection, link: Link, labels: dict[str, str]) -> str:
    target = _camel(labels[link.target])
    shown = f"[{target}]" if link.many else target
    arrow = f"(:{labels[link.target]})-[:{link.rel_type}]->" if link.reverse else link.rel_type
    return f"`{section.alias(link.attribute)}`: {shown} (`{arrow}`)"


def node_table(sections: Sequence[NodeSection]) -> list[str]:
    labels = {s.name: s.label for s in sections}
    rows = ["| section | label | fields (required in bold) | references (relationship) |"]
    rows.append("|---|---|---|---|")
    for s in sections:
        references = "; ".join(_reference(s, link, labels) for link in s.links)
        fields = _fields(s.model, s.property_fields)
        rows.append(f"| `{s.name}` | `{s.label}` | {fields} | {references} |")
    return rows


def relationship_table(
    sections: Sequence[RelationshipSection], nodes: Sequence[NodeSection]
) -> list[str]:
    labels = {s.name: s.label for s in nodes}
    rows = ["| section | relationship | fields (required in bold) |", "|---|---|---|"]
    for s in sections:
        starts = "\\|".join(labels[start.section] for start in s.starts)
        pattern = f"`(:{starts})-[:{s.rel_type}]->(:{labels[s.end.section]})`"
        ends, alternatives = [*s.starts, s.end], ""
        if len(s.starts) > 1:  # participations: an actor, a coordinator or a person
            names = " / ".join(f"**{s.alias(e.attribute)}**" for e in s.starts)
            ends, alternatives = [s.end], f"exactly one of {names}; "
        named = [(e.attribute, s.alias(e.attribute)) for e in ends]
        fields = alternatives + _fields(s.model, [*named, *s.property_fields])
        rows.append(f"| `{s.name}` | {pattern} | {fields} |")
    return rows


def _vocabularies(
    nodes: Sequence[NodeSection], relationships: Sequence[RelationshipSection]
) -> list[tuple[str, type[Vocabulary]]]:
    """``(heading, vocabulary)`` of every enumerated field, once per vocabulary."""
    found: dict[type[Vocabulary], str] = {}
    sections: list[NodeSection | RelationshipSection] = [*nodes, *relationships]
    for section in sections:
        owner = section.label if isinstance(section, NodeSection) else f"`{section.name}`"
        for attr, alias in section.property_fields:
            vocabulary = enum_of(section.model.model_fields[attr].annotation)
            if vocabulary is not None and issubclass(vocabulary, Vocabulary):
                found.setdefault(vocabulary, f"{owner} `{alias}`")
    return [(heading, vocabulary) for vocabulary, heading in found.items()]


def enumeration_tables(
    nodes: Sequence[NodeSection], relationships: Sequence[RelationshipSection]
) -> list[str]:
    rows: list[str] = []
    for heading, vocabulary in _vocabularies(nodes, relationships):
        rows += [f"**{heading}**", "", "| value | Deutsch | English |", "|---|---|---|"]
        rows += [f"| `{value.value}` | {value.de} | {value.en} |" for value in vocabulary]
        rows.append("")
    return rows[:-1]


def regions(
    nodes: Sequence[NodeSection] | None = None,
    relationships: Sequence[RelationshipSection] | None = None,
) -> dict[str, list[str]]:
    """The generated lines of each region, by name (the registry as it is now by default)."""
    nodes = registry.NODE_SECTIONS if nodes is None else nodes
    relationships = registry.RELATIONSHIP_SECTIONS if relationships is None else relationships
    return {
        "node sections": node_table(nodes),
        "relationship sections": relationship_table(relationships, nodes),
        "enumerations": enumeration_tables(nodes, relationships),
    }


def rendered(text: str, generated: dict[str, list[str]]) -> str:
    """``text`` with each region between its markers replaced by its generated lines."""
    for name, lines in generated.items():
        begin, end = BEGIN.format(name), END.format(name)
        pattern = re.compile(re.escape(begin) + r"\n.*?" + re.escape(end), re.DOTALL)
        if not pattern.search(text):
            raise ValueError(f"{DOCUMENT.name}: the markers of the {name} are missing")
        replacement = "\n".join([begin, "", *lines, "", end])
        text = pattern.sub(lambda _, new=replacement: new, text)  # type: ignore[misc]
    return text


def out_of_step(path: Path = DOCUMENT) -> list[str]:
    """The regions whose committed text differs from what the registry gives."""
    text = path.read_text(encoding="utf-8")
    generated = regions()
    return [name for name in generated if rendered(text, {name: generated[name]}) != text]


def main(argv: Sequence[str]) -> int:
    if "--check" in argv:
        stale = out_of_step()
        for name in stale:
            print(f"{DOCUMENT}: the {name} differ from the registry; run python -m {COMMAND}")
        return 1 if stale else 0
    text = DOCUMENT.read_text(encoding="utf-8")
    DOCUMENT.write_text(rendered(text, regions()), encoding="utf-8")
    print(f"{DOCUMENT} written")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
