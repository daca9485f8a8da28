"""What the CLI prints reaches a pipe or a log as written: one line per message, however
long, and file content as text, never as the terminal library's markup (issues 20 and 23).

None of these needs Neo4j: they run in ``make check``."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.console import err, error_line, out
from cli.data_commands import report_problems
from cli.main import app
from domain.problems import LoadError, Origin, Problem


def test_a_long_message_in_a_pipe_stays_on_one_line(tmp_path: Path) -> None:
    deep = tmp_path / ("ordner-" * 20) / ("unterordner-" * 10)
    deep.mkdir(parents=True)
    (deep / "a-file").write_text("x")
    target = deep / "a-file" / "s.graphql"

    result = CliRunner().invoke(app, ["schema", "export", str(target)])

    assert result.exit_code == 1
    expected = f"error: cannot write {target}: a part of the path is not a folder; nothing was"
    assert len(expected) > 200  # far longer than the 80 columns rich assumed in a pipe
    assert expected in result.output.splitlines()[0]


def test_a_pipe_gets_no_line_breaks_even_with_a_narrow_columns(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    message = "ein Satz, der viel länger ist als vierzig Spalten, bleibt eine Zeile"

    err().print(error_line(message))
    out().print(message)

    captured = capsys.readouterr()
    assert captured.err == f"error: {message}\n"
    assert captured.out == f"{message}\n"


def test_file_content_in_a_problem_is_printed_as_text_not_as_markup(
    capsys: pytest.CaptureFixture[str],
) -> None:
    problem = Problem(
        Origin("[bold]passwd[/bold].csv", 2), "kind", "unknown value 'root:x:0:0:[red]root'"
    )

    report_problems(LoadError([problem]))

    printed = capsys.readouterr().err
    assert "[bold]passwd[/bold].csv" in printed
    assert "unknown value 'root:x:0:0:[red]root'" in printed
    assert "❌" not in printed


def test_a_table_in_a_pipe_keeps_a_long_path_in_one_piece(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = "/tmp/pytest-of-someone/pytest-12/" + "test_a_long_name_" * 8 + "0/organizations.csv"
    problem = Problem(Origin(path, 2, "row"), "attribute (actor-kinds)", "is required")

    report_problems(LoadError([problem]))

    [row] = [line for line in capsys.readouterr().err.splitlines() if "row 2" in line]
    assert path in row and "attribute (actor-kinds)" in row and "is required" in row


def test_on_a_terminal_only_the_prefix_is_coloured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    console = err()
    assert console.is_terminal

    with console.capture() as captured:
        console.print(error_line("[b]kein Fett[/b] :x:"))

    text = captured.get()
    assert "\x1b[31merror:\x1b[0m" in text
    assert "[b]kein Fett[/b] :x:" in text
