"""``Location``: a node kind the landscape does not have, described the README's way.

Its model, its registry section and its German section name (``domain/headers.py``; its
fields have German headers already): the three files. ``tests/loaders/test_contract.py``
checks what graph/ derives from them on a copy of the contract; ``tests/api/test_new_kind.py``
adds the kind to the *real* registry in a process of its own
(:mod:`tests.api.with_location`) and checks every surface.

Importing this module changes nothing; :func:`extend_registry` does, once, before anything
has read the registry.
"""

from __future__ import annotations

import dataclasses
import sys

from pydantic import Field

from domain import headers, registry
from domain.model import NodeRecord, SlugList
from domain.registry import Link, NodeSection, Side
from domain.types import Text


class Location(NodeRecord):
    """Where offerings happen (test only)."""

    name: Text
    address: Text | None = None
    offerings: SlugList = Field(default_factory=list)


LOCATIONS = NodeSection(
    "locations",
    "Location",
    "location",
    Location,
    links=(
        Link(
            "offerings",
            "offerings",
            "HAPPENS_AT",
            reverse=True,
            here=Side("offerings", "offering"),
            there=Side("locations", "location"),
        ),
    ),
    indexed=("name",),
    searchable=("name", "address"),
    german=("Ort", "Orte"),
)

BEFORE = registry.NODE_SECTIONS
"""The node sections of the real registry, without ``Location``."""


def extend_registry() -> None:
    """Add ``Location`` (editable, so it gets its mutations too) to the real registry, and
    its German section name to ``domain/headers.py``.

    Everything else derives from the registry when it is imported, so this must run before
    any of it: it refuses to run late rather than leave half the code without the kind.
    """
    if "domain.contract" in sys.modules:
        raise RuntimeError("extend the registry before domain.contract is imported")
    section = dataclasses.replace(LOCATIONS, editable=True)
    registry.NODE_SECTIONS = (*registry.NODE_SECTIONS, section)
    registry.NODE_SECTION[section.name] = section
    registry.SECTIONS = {**registry.NODE_SECTION, **registry.RELATIONSHIP_SECTION}
    registry.RELATIONSHIP_TYPES = (*registry.RELATIONSHIP_TYPES, "HAPPENS_AT")
    headers.GERMAN_SECTION_NAMES[section.name] = ("Orte",)
