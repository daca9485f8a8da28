"""Every kind of bad input: a clear message naming the place, exit code 1, no traceback,
and the graph exactly as it was before (compared node by node, timestamps included)."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import neo4j
import pytest
from openpyxl import Workbook
from typer.testing import Result

pytestmark = pytest.mark.neo4j

GIFHORN = Path(__file__).resolve().parents[2] / "loaders" / "data" / "gifhorn"


def xlsx(rows: list[list[object]], sheet: str = "actors") -> bytes:
    book = Workbook()
    book.active.title = sheet
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


BAD_INPUTS: dict[str, tuple[str, bytes, list[str]]] = {
    "malformed YAML": (
        "actors.yaml",
        b"actors:\n  - id: a\n    name: [not closed\n",
        ["line 4", "not valid YAML"],
    ),
    "malformed CSV": (
        "actors.csv",
        b'id,name,kind,source\na,"open quote,association,x\n',
        ["not valid CSV"],
    ),
    "malformed XLSX": ("actors.xlsx", xlsx([["id"], ["a"]])[:900], ["not a valid Excel workbook"]),
    "wrong type": (
        "actors.yaml",
        b"actors:\n  - {id: a, name: 2018, kind: association, source: x}\n",
        ["line 2", "name", "expected text, got the int 2018"],
    ),
    "unknown enumeration value": (
        "actors.csv",
        b"id,name,kind,source\na,A,charity,x\n",
        ["line 2", "kind", "unknown value 'charity'"],
    ),
    "duplicate id": (
        "topics.yaml",
        b"topics:\n  - {id: sprache, name: Sprache, source: x}\n"
        b"  - {id: sprache, name: Deutsch, source: x}\n",
        ["line 3", "duplicate id 'sprache' in topics"],
    ),
    "dangling reference": (
        "actors.xlsx",
        xlsx([["id", "Name", "Art", "Ort", "Quelle"], ["a", "A", "Verein", "atlantis", "x"]]),
        ["sheet actors, row 2", "Ort", "unknown municipality 'atlantis'"],
    ),
    "empty file": ("actors.json", b"", ["is empty"]),
    "not what its extension says": (
        "actors.csv",
        xlsx([["id"], ["a"]]),
        ["is not a CSV text file", "zip archive"],
    ),
}


@pytest.fixture
def populated(empty_db: neo4j.Driver, cli: Callable[..., Result]) -> neo4j.Driver:
    result = cli("load", GIFHORN)
    assert result.exit_code == 0, result.output
    return empty_db


@pytest.mark.parametrize("case", BAD_INPUTS, ids=list(BAD_INPUTS))
def test_bad_input_is_named_and_leaves_the_graph_untouched(
    case: str,
    populated: neo4j.Driver,
    cli: Callable[..., Result],
    snapshot: Callable[..., Result],
    tmp_path: Path,
) -> None:
    name, content, expected = BAD_INPUTS[case]
    path = tmp_path / name
    path.write_bytes(content)
    before = snapshot(populated, with_times=True)

    result = cli("load", path)

    output = result.output
    assert result.exit_code == 1, output
    assert "Traceback" not in output
    assert name in output
    for text in expected:
        assert text in output, (text, output)
    assert snapshot(populated, with_times=True) == before


def test_a_file_of_50_mb_is_refused_and_leaves_the_graph_untouched(
    populated: neo4j.Driver,
    cli: Callable[..., Result],
    snapshot: Callable[..., Result],
    tmp_path: Path,
) -> None:
    big = tmp_path / "actors.csv"
    with big.open("wb") as handle:
        handle.write(b"id,name,kind,source\n")
        handle.truncate(50 * 1024 * 1024)
    before = snapshot(populated, with_times=True)

    result = cli("load", big)

    assert result.exit_code == 1
    assert "52.4 MB, larger than the limit of 50.0 MB" in result.output
    assert snapshot(populated, with_times=True) == before


def test_many_bad_files_in_one_load_are_all_reported(
    populated: neo4j.Driver, cli: Callable[..., Result], tmp_path: Path
) -> None:
    for case, (name, content, _) in BAD_INPUTS.items():
        folder = tmp_path / case.replace(" ", "-")
        folder.mkdir()
        (folder / name).write_bytes(content)

    result = cli("load", *sorted(tmp_path.iterdir()))

    output = result.output
    assert result.exit_code == 1
    for case in BAD_INPUTS:
        assert case.replace(" ", "-") in output, case
