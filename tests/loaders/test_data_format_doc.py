"""docs/data-format.md lists what the registry says: its tables are generated from it.

``python -m loaders.data_format_doc`` rewrites the tables between their markers; the
committed document must be what it writes, so a kind, field or value added to the registry
without regenerating the document fails here.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from domain.registry import NODE_SECTIONS, RELATIONSHIP_SECTIONS
from graph.settings import PROJECT_ROOT
from loaders.data_format_doc import DOCUMENT, out_of_step, regions, rendered
from tests.api.location_kind import LOCATIONS


def test_the_committed_document_is_what_the_registry_gives() -> None:
    assert out_of_step() == [], "run `python -m loaders.data_format_doc` and commit the file"


def test_a_row_per_section_with_its_fields_and_references() -> None:
    nodes = "\n".join(regions()["node sections"])

    assert "| `actors` | `Actor` | **id**, **name**, **kind** (values below)," in nodes
    assert "`providers`: [actor] (`(:Actor)-[:OFFERS]->`)" in nodes
    assert "capacity (int >= 0)" in nodes
    assert all(f"| `{section.name}` | `{section.label}` |" in nodes for section in NODE_SECTIONS)
    relationships = "\n".join(regions()["relationship sections"])
    assert all(f"| `{section.name}` |" in relationships for section in RELATIONSHIP_SECTIONS)
    assert "exactly one of **actor** / **coordinator** / **person**" in relationships


def test_a_kind_added_to_the_registry_puts_the_document_out_of_step(tmp_path: Path) -> None:
    text = DOCUMENT.read_text(encoding="utf-8")
    extended = regions((*NODE_SECTIONS, LOCATIONS), RELATIONSHIP_SECTIONS)

    stale = tmp_path / "data-format.md"
    stale.write_text(text, encoding="utf-8")
    written = rendered(text, extended)

    assert "| `locations` | `Location` | **id**, **name**, address," in written
    assert "`offerings`: [offering] (`(:Offering)-[:HAPPENS_AT]->`)" in written
    assert out_of_step(stale) == []  # against today's registry it is in step
    stale.write_text(written, encoding="utf-8")
    assert out_of_step(stale) == ["node sections"]


def test_the_check_command_says_whether_the_document_is_in_step() -> None:
    checked = subprocess.run(
        [sys.executable, "-m", "loaders.data_format_doc", "--check"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )

    assert checked.returncode == 0, checked.stdout + checked.stderr
