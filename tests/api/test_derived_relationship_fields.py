"""Relationship fields come from the registry's sides: a new kind needs no class for them.

A kind ``Location`` linked to offerings is added to the real registry in a fresh
interpreter (the contract is read once, at import), and the schema built there must have
``Offering.locations`` and ``Location.offerings`` with their filters, both declared reads
the compiled path answers (``schema.declared``), without a line written for either.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from graph.settings import PROJECT_ROOT

PROGRAM = textwrap.dedent(
    """
    import json
    from pydantic import Field
    import domain.registry as registry
    from domain.model import NodeRecord, SlugList
    from domain.registry import Link, NodeSection, Side
    from domain.types import Text

    class Location(NodeRecord):
        name: Text
        address: Text | None = None
        offerings: SlugList = Field(default_factory=list)

    link = Link("offerings", "offerings", "HAPPENS_AT", reverse=True,
                here=Side("offerings", "offering"), there=Side("locations", "location"))
    registry.NODE_SECTIONS = (
        *registry.NODE_SECTIONS,
        NodeSection("locations", "Location", "location", Location, links=(link,)),
    )

    from schema.compiler import uncompiled_fields
    from schema.schema import schema

    types = schema._schema.type_map
    print(json.dumps({
        "offering": str(types["Offering"].fields["locations"].type),
        "offering_args": sorted(types["Offering"].fields["locations"].args),
        "location": str(types["Location"].fields["offerings"].type),
        "left": sorted(n for n in uncompiled_fields(schema._schema) if "ocation" in n),
    }))
    """
)


def test_a_new_kind_gets_its_relationship_fields_on_both_ends_from_the_registry() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout.splitlines()[-1])

    assert found["offering"] == "[Location!]!"
    assert found["offering_args"] == ["first", "where"]
    assert found["location"] == "[Offering!]!"
    assert found["left"] == ["Location.history"]  # computed in Python, as on every kind
