"""`integration-graph analyse` and `integration-graph export-network`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from cli.console import err, error_line, out, warning_line
from graph.data_status import data_status
from graph.db import open_driver
from graph.gap_service import GapService
from graph.network_export import network_with_measures, one_edge_per_pair, write_network
from graph.settings import Settings


class ReportFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"
    html = "html"
    xlsx = "xlsx"
    docx = "docx"


class NetworkChoice(StrEnum):
    collaboration = "collaboration"
    full = "full"


class NetworkFormat(StrEnum):
    graphml = "graphml"
    gexf = "gexf"


def analyse(
    output_format: Annotated[
        ReportFormat,
        typer.Option(
            "--format",
            "-f",
            help="table, json, markdown, html (printable), xlsx (with --output or > file) or "
            "docx (the Integrationskonzept report, with --output).",
        ),
    ] = ReportFormat.table,
    top: Annotated[int, typer.Option(min=1, max=1000, help="Entries per ranked list.")] = 10,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the report to this file, not the terminal."),
    ] = None,
    since: Annotated[
        datetime | None,
        typer.Option(
            formats=["%Y-%m-%d"],
            help="docx: add the development since this day (YYYY-MM-DD) to the report.",
        ),
    ] = None,
) -> None:
    """Print the gap report of the network (German, with the date and sources of the data)."""
    from cli.main import ensure_server, run
    from cli.progress import step_progress
    from cli.report_html import to_html
    from cli.report_view import print_tables, to_json, to_markdown, to_text
    from cli.report_xlsx import to_xlsx, write_report_xlsx
    from reports.header import ReportContext

    if output_format is ReportFormat.docx and output is None:
        err().print(error_line("--format docx needs --output FILE.docx"))
        raise typer.Exit(2)
    if since is not None and output_format is not ReportFormat.docx:
        err().print(error_line("--since is for --format docx"))
        raise typer.Exit(2)
    if output is not None and not output.parent.is_dir():
        err().print(error_line(f"folder {output.parent} does not exist"))
        raise typer.Exit(2)

    def step(settings: Settings) -> None:
        ensure_server(settings)
        with open_driver(settings) as driver, step_progress("analysing") as on_step:
            status = data_status(driver, settings.neo4j_database)
            service = GapService(driver, settings.neo4j_database)
            report = service.report(top=top, on_step=on_step)
            document = None
            if output_format is ReportFormat.docx:
                from reports.concept_docx import concept_document

                day = None if since is None else since.date()
                document = concept_document(service, day, report)
        context = ReportContext(generated_at=datetime.now(UTC), status=status)
        if document is not None and output is not None:
            content = document
            _emit_file(output, lambda temporary: temporary.write_bytes(content))
            return
        if output_format is ReportFormat.xlsx:
            if output is None:
                write_report_xlsx(report)
            else:
                _emit_file(output, lambda temporary: temporary.write_bytes(to_xlsx(report)))
            return
        renderers = {
            ReportFormat.table: to_text,
            ReportFormat.json: to_json,
            ReportFormat.markdown: to_markdown,
            ReportFormat.html: to_html,
        }
        if output_format is ReportFormat.table and output is None:
            print_tables(report, out(), context)
        else:
            _emit(renderers[output_format](report, context), output)

    run(step)


def _emit(text: str, output: Path | None) -> None:
    """Print ``text``, or write it to ``output`` (complete or absent; a clear error)."""
    if output is None:
        print(text)
        return
    _emit_file(output, lambda temporary: temporary.write_text(text, encoding="utf-8"))


def _emit_file(output: Path, write: Callable[[Path], object]) -> None:
    from cli.files import write_atomically

    write_atomically(output, write)
    print(f"Bericht geschrieben / report written: {output}")


def export_network(
    path: Annotated[Path, typer.Argument(help="File to write, e.g. netzwerk.graphml")],
    network: Annotated[
        NetworkChoice, typer.Option(help="collaboration (actors) or full (typed graph).")
    ] = NetworkChoice.collaboration,
    output_format: Annotated[
        NetworkFormat | None,
        typer.Option("--format", "-f", help="graphml or gexf (default: from the file suffix)."),
    ] = None,
    include_personal_data: Annotated[
        bool,
        typer.Option(
            "--include-personal-data",
            help=(
                "Write names, roles, responsibilities and contact fields of coordinators "
                "and people. The file then contains PERSONAL DATA (DSGVO): share it only "
                "with those entitled to see it. Without this flag they appear as "
                "'Koordinator:in 1', 'Person 2' without any personal field."
            ),
        ),
    ] = False,
    parallel_edges: Annotated[
        bool,
        typer.Option(
            "--parallel-edges",
            help=(
                "GraphML: one edge per relationship, also where two connect the same pair "
                "(for Cytoscape, igraph, networkx). Without it a pair gets ONE edge carrying "
                "its types, which Gephi imports without losing any (Gephi merges parallel "
                "GraphML edges). GEXF always keeps one edge per relationship."
            ),
        ),
    ] = False,
) -> None:
    """Write the network with its measures as GraphML or GEXF 1.3 (for Gephi, Cytoscape).

    Personal data of coordinators and people is left out unless --include-personal-data
    is given. The CLI talks to the database directly, so whoever runs it can read
    everything; the flag makes the choice explicit and the file's content clear.
    """
    from cli.files import write_atomically
    from cli.main import ensure_server, run

    chosen = output_format or _format_from_suffix(path)
    if not path.parent.exists():
        err().print(error_line(f"folder {path.parent} does not exist"))
        raise typer.Exit(2)

    def step(settings: Settings) -> None:
        ensure_server(settings)
        with open_driver(settings) as driver:
            service = GapService(driver, settings.neo4j_database)
            graph = network_with_measures(
                service, network.value, include_personal=include_personal_data
            )
        written = graph
        if chosen is NetworkFormat.graphml and not parallel_edges:
            written = one_edge_per_pair(graph)
        write_atomically(
            path,
            lambda temporary: write_network(
                written, temporary, chosen.value, parallel_edges=parallel_edges
            ),
        )
        if include_personal_data:
            err().print(
                warning_line(
                    f"{path} enthält personenbezogene Daten "
                    "(contains personal data): nur an Berechtigte weitergeben."
                )
            )
        edges = f"{written.number_of_edges()} edges"
        if written.number_of_edges() != graph.number_of_edges():
            edges += (
                f" ({graph.number_of_edges()} relationships; --parallel-edges keeps them apart)"
            )
        print(f"{graph.number_of_nodes()} nodes, {edges} -> {path}")

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
