"""Never lose data (issue 11) and never overwrite another source's records (issue 13), on a
real Neo4j, through the commands a user runs."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import neo4j
import pytest
from starlette.testclient import TestClient
from typer.testing import Result

from graph.settings import Settings
from graph.tokens import create_token
from loaders.synthetic import generate, write_document

pytestmark = pytest.mark.neo4j

GIFHORN = Path(__file__).resolve().parents[2] / "loaders" / "data" / "gifhorn"


def actor(driver: neo4j.Driver, actor_id: str) -> dict[str, object]:
    records, _, _ = driver.execute_query(
        "MATCH (a:Actor {id: $id}) RETURN properties(a) AS p", id=actor_id
    )
    return dict(records[0]["p"]) if records else {}


def count(driver: neo4j.Driver, query: str) -> int:
    records, _, _ = driver.execute_query(query)
    return int(records[0][0])


# --- make run / Docker: the shipped data only into an empty database -----------------------


def test_an_api_edit_survives_a_restart_of_make_run(
    empty_db: neo4j.Driver, settings: Settings, client: TestClient, cli: Callable[..., Result]
) -> None:
    assert cli("load", "--if-empty", GIFHORN).exit_code == 0  # the first start fills it
    _, secret = create_token(empty_db, settings.neo4j_database, "editor", "test")
    edit = client.post(
        "/graphql",
        json={
            "query": 'mutation($i: ActorPatch!) { updateActor(id: "stabsstelle-integration", '
            "input: $i) { outcome } }",
            "variables": {"i": {"phone": "+49 5371 82-999"}},
        },
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert edit.json()["data"]["updateActor"]["outcome"] == "UPDATED"

    again = cli("load", "--if-empty", GIFHORN)  # what `make run` does on the next start

    assert again.exit_code == 0, again.output
    assert "already holds data: nothing loaded" in again.output
    assert actor(empty_db, "stabsstelle-integration")["phone"] == "+49 5371 82-999"
    assert actor(empty_db, "stabsstelle-integration")["founded"] == "2017-06"  # kept by the edit


def test_make_run_and_the_docker_image_load_only_into_an_empty_database() -> None:
    root = GIFHORN.parents[2]
    make = (root / "Makefile").read_text()
    docker = (root / "Dockerfile").read_text()

    assert "load --if-empty loaders/data/gifhorn" in make
    assert "load --if-empty loaders/data/gifhorn" in docker
    assert "load loaders/data/gifhorn" not in make + docker


# --- records of another source ----------------------------------------------------------------


def foreign_actor(tmp_path: Path) -> Path:
    """An import that reuses the id of a real actor, without its description."""
    path = tmp_path / "import.yaml"
    path.write_text(
        "actors:\n"
        "  - id: stabsstelle-integration\n"
        "    name: Irgendein Verein\n"
        "    kind: association\n"
        "    source: import-2024\n"
    )
    return path


def test_a_load_refuses_to_overwrite_records_of_another_source(
    gifhorn: neo4j.Driver, cli: Callable[..., Result], tmp_path: Path
) -> None:
    before = actor(gifhorn, "stabsstelle-integration")

    result = cli("load", foreign_actor(tmp_path))

    assert result.exit_code == 1
    assert "would overwrite 1 record(s) of another source" in result.output
    assert "Actor 'stabsstelle-integration': source 'article' -> 'import-2024'" in result.output
    assert "drops" in result.output and "description" in result.output
    assert actor(gifhorn, "stabsstelle-integration") == before


def test_the_dry_run_lists_records_of_another_source_and_dropped_fields(
    gifhorn: neo4j.Driver, cli: Callable[..., Result], tmp_path: Path
) -> None:
    result = cli("load", "--dry-run", foreign_actor(tmp_path))

    assert result.exit_code == 0, result.output
    assert "source 'article' -> 'import-2024'; drops description" in result.output
    assert "unless --overwrite-other-sources" in result.output


def test_overwriting_another_source_needs_the_flag_and_is_reported(
    gifhorn: neo4j.Driver, cli: Callable[..., Result], tmp_path: Path
) -> None:
    result = cli("load", "--overwrite-other-sources", foreign_actor(tmp_path))

    assert result.exit_code == 0, result.output
    assert "source 'article' -> 'import-2024'" in result.output
    assert actor(gifhorn, "stabsstelle-integration")["name"] == "Irgendein Verein"


def test_a_load_that_drops_fields_of_its_own_source_says_so(
    gifhorn: neo4j.Driver, cli: Callable[..., Result], tmp_path: Path
) -> None:
    path = tmp_path / "own.yaml"
    path.write_text(
        "actors:\n  - id: stabsstelle-integration\n"
        "    name: Stabsstelle Integration des Landkreises Gifhorn\n"
        "    kind: administration\n    source: article\n"
    )

    result = cli("load", path)

    assert result.exit_code == 0, result.output
    assert "Actor 'stabsstelle-integration': drops description, founded" in result.output


def test_synthetic_data_never_overwrites_the_real_vocabulary(
    gifhorn: neo4j.Driver, cli: Callable[..., Result], tmp_path: Path
) -> None:
    write_document(generate(50, seed=1), tmp_path / "synthetic", "yaml")
    topics = count(gifhorn, "MATCH (t:Topic {source: 'synthetic'}) RETURN count(t)")
    places = count(gifhorn, "MATCH (m:Municipality) RETURN count(m)")

    result = cli("load", tmp_path / "synthetic")

    assert result.exit_code == 1
    assert "of another source" in result.output and "-> 'synthetic'" in result.output
    assert count(gifhorn, "MATCH (t:Topic {source: 'synthetic'}) RETURN count(t)") == topics == 0
    assert count(gifhorn, "MATCH (m:Municipality) RETURN count(m)") == places


# --- --replace asks first ---------------------------------------------------------------------


def test_replace_without_a_terminal_and_without_yes_deletes_nothing(
    gifhorn: neo4j.Driver, cli: Callable[..., Result]
) -> None:
    offerings = count(gifhorn, "MATCH (o:Offering) RETURN count(o)")

    result = cli("load", "--replace", GIFHORN / "municipalities.yaml", GIFHORN / "vocabulary.yaml")

    assert result.exit_code == 2
    assert "--replace will delete" in result.output and "Offering" in result.output
    assert "Confirm with --yes" in result.output
    assert count(gifhorn, "MATCH (o:Offering) RETURN count(o)") == offerings


def test_replace_with_yes_deletes_what_it_showed(
    gifhorn: neo4j.Driver, cli: Callable[..., Result]
) -> None:
    result = cli(
        "load", "--replace", "--yes", GIFHORN / "municipalities.yaml", GIFHORN / "vocabulary.yaml"
    )

    assert result.exit_code == 0, result.output
    assert "--replace will delete" in result.output
    assert count(gifhorn, "MATCH (o:Offering) RETURN count(o)") == 0


# --- backup and restore -----------------------------------------------------------------------


def test_backup_and_restore_move_everything_with_the_token_and_password_hashes(
    gifhorn: neo4j.Driver,
    settings: Settings,
    cli: Callable[..., Result],
    tmp_path: Path,
    snapshot: Callable[..., object],
) -> None:
    info, _ = create_token(gifhorn, settings.neo4j_database, "editor", "Caritas")
    gifhorn.execute_query(
        "CREATE (:Account {id: 'acc-1', email: 'a@gifhorn.de', role: 'member', "
        "actorIds: ['caritas'], passwordHash: '$argon2id$x', disabled: false, "
        "createdAt: datetime('2026-01-02T03:04:05Z'), lastLoginAt: null})"
    )
    hashes = gifhorn.execute_query("MATCH (t:Token) RETURN t.hash AS h, t.createdAt AS c").records
    accounts = gifhorn.execute_query("MATCH (a:Account) RETURN properties(a) AS p").records
    before = snapshot(gifhorn)
    path = tmp_path / "gifhorn-backup.json"

    saved = cli("backup", path)
    refused = cli("restore", path)  # not into a database that holds data
    gifhorn.execute_query("MATCH (n) DETACH DELETE n")
    restored = cli("restore", path)

    assert saved.exit_code == 0, saved.output
    assert json.loads(path.read_text())["format"] == "integration-graph-backup"
    assert refused.exit_code == 1 and "goes into an empty database only" in refused.output
    assert restored.exit_code == 0, restored.output
    assert snapshot(gifhorn) == before
    after = gifhorn.execute_query("MATCH (t:Token) RETURN t.hash AS h, t.createdAt AS c").records
    assert [tuple(r.values()) for r in after] == [tuple(r.values()) for r in hashes]
    assert info.id in path.read_text()
    restored_accounts = gifhorn.execute_query("MATCH (a:Account) RETURN properties(a) AS p")
    assert [r["p"] for r in restored_accounts.records] == [r["p"] for r in accounts]
    assert "1 account(s)" in restored.output


# --- export: complete or absent, clear errors -----------------------------------------------


def test_export_into_a_full_disk_leaves_nothing_and_says_why(
    gifhorn: neo4j.Driver,
    cli: Callable[..., Result],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import errno

    from loaders import export

    def full_disk(path: Path, section: str, records: object) -> None:
        path.write_text("half")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setitem(export.WRITERS, "yaml", full_disk)

    result = cli("export", tmp_path / "out")

    assert result.exit_code == 1
    assert "the disk is full" in result.output and "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []  # no partial folder, no temporary one
