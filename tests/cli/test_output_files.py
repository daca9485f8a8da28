"""`schema export`, `export-network` and `export` write complete files or none, and say
clearly why they could not (issue 13): no traceback, no half-written file left behind."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import neo4j
from typer.testing import CliRunner

from cli.main import app
from graph.settings import PROJECT_ROOT

LIMITED = """
import resource, sys
resource.setrlimit(resource.RLIMIT_FSIZE, (2000, 2000))
from cli.main import app
sys.argv = ["integration-graph", *sys.argv[1:]]
app()
"""


def run_with_file_size_limit(*args: str) -> subprocess.CompletedProcess[str]:
    """The command in a process that may write at most 2,000 bytes per file (ulimit -f)."""
    return subprocess.run(
        [sys.executable, "-c", LIMITED, *args],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        timeout=120,
        check=False,
    )


def test_schema_export_over_a_file_size_limit_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "schema.graphql"

    done = run_with_file_size_limit("schema", "export", str(target))

    assert done.returncode == 1
    assert "file-size limit" in done.stderr and "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_schema_export_into_an_impossible_place_says_why(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("x")

    result = CliRunner().invoke(app, ["schema", "export", str(tmp_path / "a-file" / "s.graphql")])

    assert result.exit_code == 1
    assert "a part of the path is not a folder" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_export_network_into_an_impossible_place_says_why(
    gifhorn: neo4j.Driver,
    cli_env: CliRunner,
    tmp_path: Path,
) -> None:
    (tmp_path / "a-file").write_text("x")

    result = cli_env.invoke(app, ["export-network", str(tmp_path / "a-file" / "netz.gexf")])

    assert result.exit_code == 1
    assert "cannot write" in result.output and "not a folder" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_export_over_a_file_size_limit_leaves_no_folder(
    gifhorn: neo4j.Driver,
    cli_env: CliRunner,
    tmp_path: Path,
) -> None:
    target = tmp_path / "landschaft"

    done = subprocess.run(
        [sys.executable, "-c", LIMITED, "export", "--format", "xlsx", str(target)],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        timeout=300,
        check=False,
    )

    assert done.returncode == 1, done.stderr
    assert "file-size limit" in done.stderr and "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []
