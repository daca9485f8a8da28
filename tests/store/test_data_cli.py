"""`integration-graph load | export | generate` as a user runs them."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import neo4j
import pytest
from typer.testing import Result

from loaders.landscape import load_landscape

pytestmark = pytest.mark.neo4j

GIFHORN = Path(__file__).resolve().parents[2] / "loaders" / "data" / "gifhorn"


def totals(output: str) -> dict[str, int]:
    """The 'total' row of the summary table."""
    [line] = [line for line in output.splitlines() if "total" in line]
    numbers = [int(n) for n in re.findall(r"\d+", line)]
    return dict(zip(["created", "updated", "unchanged", "deleted"], numbers, strict=True))


def count(driver: neo4j.Driver, query: str) -> int:
    records, _, _ = driver.execute_query(query)
    return int(records[0][0])


def test_the_gifhorn_dataset_fills_a_fresh_graph_and_a_second_run_changes_nothing(
    empty_db: neo4j.Driver, cli: Callable[..., Result]
) -> None:
    files = load_landscape([GIFHORN]).counts()

    first = cli("load", GIFHORN)
    second = cli("load", GIFHORN)

    assert first.exit_code == 0, first.output
    assert "load complete" in first.output
    assert count(empty_db, "MATCH (a:Actor) RETURN count(a)") == files["actors"]
    assert count(empty_db, "MATCH (o:Offering) RETURN count(o)") == files["offerings"]
    assert count(empty_db, "MATCH ()-[m:MEMBER_OF]->() RETURN count(m)") == files["memberships"]
    assert count(empty_db, "MATCH ()-[r:RESIDES_IN]->() RETURN count(r)") == files["residents"]
    assert second.exit_code == 0
    again = totals(second.output)
    assert again == {"created": 0, "updated": 0, "unchanged": again["unchanged"], "deleted": 0}
    assert again["unchanged"] == totals(first.output)["created"] > 3000


def test_dry_run_shows_the_summary_and_writes_nothing(
    empty_db: neo4j.Driver, cli: Callable[..., Result]
) -> None:
    result = cli("load", "--dry-run", GIFHORN)

    assert result.exit_code == 0, result.output
    assert "dry run: nothing was written" in result.output
    assert count(empty_db, "MATCH (n) WHERE NOT n:_Meta RETURN count(n)") == 0


def test_generate_export_and_load_again(
    empty_db: neo4j.Driver, cli: Callable[..., Result], tmp_path: Path
) -> None:
    generated = cli("generate", "--actors", "200", "--seed", "4", tmp_path / "synthetic")
    loaded = cli("load", tmp_path / "synthetic")
    exported = cli("export", "--format", "json", tmp_path / "export")
    replaced = cli("load", "--replace", tmp_path / "export")

    assert generated.exit_code == 0 and "as YAML" in generated.output
    assert loaded.exit_code == 0, loaded.output
    assert exported.exit_code == 0 and "exported" in exported.output
    assert sorted(p.name for p in (tmp_path / "export").iterdir())[0] == "actors.json"
    assert replaced.exit_code == 0, replaced.output
    summary = totals(replaced.output)
    assert summary["created"] == summary["updated"] == summary["deleted"] == 0


def test_usage_errors_exit_with_2(cli: Callable[..., Result], tmp_path: Path) -> None:
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "actors.yaml").write_text("actors: []\n")

    assert cli("generate", "--actors", "5", tmp_path / "full").exit_code == 2
    assert cli("generate", "--actors", "0", tmp_path / "new").exit_code == 2
    assert cli("export", "--format", "xml", tmp_path / "x").exit_code == 2
    assert cli("load").exit_code == 2
    assert cli("load", "--batch-size", "0", tmp_path).exit_code == 2


def test_export_refuses_a_folder_with_other_section_files(
    empty_db: neo4j.Driver, cli: Callable[..., Result], tmp_path: Path
) -> None:
    cli("load", GIFHORN)
    (tmp_path / "people.csv").write_text("id,name,role,source\n")  # stale from an older export
    (tmp_path / "events.yaml").write_text("events: []\n")

    result = cli("export", "--format", "csv", tmp_path)

    assert result.exit_code == 2
    assert "events.yaml" in result.output
