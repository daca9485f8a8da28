"""`integration-graph analyse` and `integration-graph export-network`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from graph.db import open_driver
from graph.gap_service import GapService
from graph.network_export import network_with_measures, write_network
from graph.settings import Settings


class ReportFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"
    xlsx = "xlsx"


class NetworkChoice(StrEnum):
    collaboration = "collaboration"
    full = "full"


class NetworkFormat(StrEnum):
    graphml = "graphml"
    gexf = "gexf"


def analyse(
    output_format: Annotated[
        ReportFormat,
        typer.Option("--format", "-f", help="table, json, markdown or xlsx (> file.xlsx)."),
    ] = ReportFormat.table,
    top: Annotated[int, typer.Option(min=1, max=1000, help="Entries per ranked list.")] = 10,
) -> None:
    """Print the gap report of the network (German headings)."""
    from cli.main import ensure_server, run
    from cli.progress import step_progress
    from cli.report_view import print_tables, to_json, to_markdown
    from cli.report_xlsx import write_report_xlsx

    def step(settings: Settings) -> None:
        ensure_server(settings)
        with open_driver(settings) as driver, step_progress("analysing") as on_step:
            report = GapService(driver, settings.neo4j_database).report(top=top, on_step=on_step)
        if output_format is ReportFormat.json:
            print(to_json(report))
        elif output_format is ReportFormat.markdown:
            print(to_markdown(report))
        elif output_format is ReportFormat.xlsx:
            write_report_xlsx(report)
        else:
            print_tables(report, Console())

    run(step)


def export_network(
    path: Annotated[Path, typer.Argument(help="File to write, e.g. netzwerk.graphml")],
    network: Annotated[
        NetworkChoice, typer.Option(help="collaboration (actors) or full (typed graph).")
    ] = NetworkChoice.collaboration,
    output_format: Annotated[
        NetworkFormat | None,
        typer.Option("--format", "-f", help="graphml or gexf (default: from the file suffix)."),
    ] = None,
) -> None:
    """Write the network with its measures as GraphML or GEXF (for Gephi)."""
    from cli.files import write_atomically
    from cli.main import ensure_server, err, run

    chosen = output_format or _format_from_suffix(path)
    if not path.parent.exists():
        err.print(f"[red]error:[/red] folder {path.parent} does not exist")
        raise typer.Exit(2)

    def step(settings: Settings) -> None:
        ensure_server(settings)
        with open_driver(settings) as driver:
            service = GapService(driver, settings.neo4j_database)
            graph = network_with_measures(service, network.value)
        write_atomically(path, lambda temporary: write_network(graph, temporary, chosen.value))
        print(f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges -> {path}")

    run(step)


def _format_from_suffix(path: Path) -> NetworkFormat:
    try:
        return NetworkFormat(path.suffix.lstrip(".").lower())
    except ValueError:
        raise typer.BadParameter(
            f"cannot tell the format from {path.name!r}; use --format graphml|gexf",
            param_hint="--format",
        ) from None


def register(app: typer.Typer) -> None:
    app.command("analyse")(analyse)
    app.command("export-network")(export_network)
