"""Problems of a load show the files' content as text: never as the terminal's markup."""

from __future__ import annotations

from rich.console import Console

from cli.data_commands import problems_table
from domain.problems import Origin, Problem


def rendered(problems: list[Problem]) -> str:
    console = Console(record=True, width=200, color_system=None)
    console.print(problems_table(problems))
    return console.export_text()


def test_a_header_read_from_a_file_is_shown_as_typed() -> None:
    header = "root:x:0:0:[bold]root[/bold]:/root:/bin/bash"
    problem = Problem(Origin("upload/actors.csv", 1), header, f"unknown column '{header}'")

    text = rendered([problem])

    assert "root:x:0:0:[bold]root[/bold]:/root" in text
    assert "❌" not in text and "✖" not in text
