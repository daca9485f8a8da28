"""`integration-graph load | export | generate`: data in and out of the graph.

Exit codes: 0 done; 1 the input is invalid or the database failed (nothing was written);
2 bad usage (options, target folder). Problems with the input are printed as one table
(file, line/row, field, reason) on stderr, all of them, never as a traceback.

``register(app)`` adds the commands to the main app (``cli/main.py`` calls it).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from loaders.problems import LoadError, Problem

if TYPE_CHECKING:
    import neo4j

    from graph.settings import Settings
    from graph.store.writer import WriteResult
    from loaders.landscape import KnownIds, Landscape


def _out() -> Console:
    """Consoles are made per command, so that they see the terminal of that call."""
    return Console()


def _err() -> Console:
    return Console(stderr=True)


MAX_PROBLEMS_SHOWN = 1000
"""More problems than this are counted, not listed: a wrong file can produce millions."""


class ExportFormatOption(StrEnum):
    yaml = "yaml"
    json = "json"
    csv = "csv"
    hsds = "hsds"


class LoadFormatOption(StrEnum):
    auto = "auto"
    hsds = "hsds"


PERSONAL_DATA_HELP = (
    "Include coordinators as HSDS contacts (names, roles, e-mail, phone): PERSONAL DATA "
    "(DSGVO). The CLI reads the database directly, so this flag is the explicit choice; "
    "share such files only with those entitled to see them."
)


class GenerateFormatOption(StrEnum):
    auto = "auto"
    json = "json"
    yaml = "yaml"


# --- output ------------------------------------------------------------------------------


def problems_table(problems: tuple[Problem, ...] | list[Problem]) -> Table:
    """The problems of a load as a table: file, line/row, field, reason."""
    table = Table(title=f"{len(problems)} problem(s); nothing was written", title_justify="left")
    table.add_column("file", overflow="fold")
    table.add_column("line/row", no_wrap=True)
    table.add_column("field", overflow="fold")
    table.add_column("reason", overflow="fold")
    for problem in problems[:MAX_PROBLEMS_SHOWN]:
        table.add_row(problem.file, problem.place, problem.field, problem.reason)
    return table


def report_problems(error: LoadError) -> None:
    _err().print(problems_table(error.problems))
    hidden = len(error.problems) - MAX_PROBLEMS_SHOWN
    if hidden > 0:
        _err().print(f"... and {hidden} more problem(s) not shown")


def summary_table(result: WriteResult) -> Table:
    """Per node label and relationship type: created, updated, unchanged, deleted."""
    title = "dry run: nothing was written" if result.dry_run else "load complete"
    table = Table(title=title, title_justify="left")
    table.add_column("kind")
    for column in ("created", "updated", "unchanged", "deleted"):
        table.add_column(column, justify="right")
    for kind, counts in result.counts.items():
        if counts.written or counts.deleted:
            table.add_row(
                kind,
                str(counts.created),
                str(counts.updated),
                str(counts.unchanged),
                str(counts.deleted),
            )
    total = result.total()
    table.add_row(
        "total",
        str(total.created),
        str(total.updated),
        str(total.unchanged),
        str(total.deleted),
        style="bold",
    )
    return table


def _progress() -> Progress:
    console = _err()
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )


# --- plumbing shared with cli.main ----------------------------------------------------------


def _settings() -> Settings:
    from cli.main import settings_or_exit

    return settings_or_exit()


@contextmanager
def _database(settings: Settings) -> Iterator[None]:
    """Database failures (server down, wrong password) as a message and exit code 1."""
    from cli.main import reported_failures

    with reported_failures():
        yield


# --- commands ------------------------------------------------------------------------------


def load(
    paths: list[Path] = typer.Argument(  # noqa: B008
        ..., help="Files (.yaml, .json, .csv, .xlsx) or folders to load together."
    ),
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Validate and compute the changes, then roll back."
    ),
    replace: bool = typer.Option(
        False, "--replace", help="Make the graph exactly the files: delete what they lack."
    ),
    max_file_size: float = typer.Option(
        50.0, "--max-file-size", min=0.001, help="Refuse input files larger than this (MB)."
    ),
    batch_size: int = typer.Option(5000, "--batch-size", min=1, help="Rows per statement."),
    format: LoadFormatOption = typer.Option(  # noqa: B008
        LoadFormatOption.auto,
        "--format",
        help="auto: by file type; hsds: one Open Referral HSDS 3 folder (CSV) or .json file.",
    ),
    include_personal_data: bool = typer.Option(
        False, "--include-personal-data", help="hsds: also read contacts. " + PERSONAL_DATA_HELP
    ),
) -> None:
    """Load landscape files into the graph in one transaction (all or nothing)."""
    from graph.db import open_driver
    from graph.migrations import migrate
    from graph.store.writer import WriteError, count_rows, graph_ids, write_landscape
    from loaders.landscape import expand_paths

    hsds = format is LoadFormatOption.hsds
    if hsds and (len(paths) != 1 or replace):
        _err().print(
            "[red]error:[/red] --format hsds reads exactly one folder or .json file and "
            "cannot --replace (HSDS does not carry the whole graph)"
        )
        raise typer.Exit(2)
    settings = _settings()
    started = time.perf_counter()
    files, _ = expand_paths(paths) if not hsds else ([paths[0]], [])
    with _database(settings), _progress() as progress:
        from cli.main import ensure_server

        ensure_server(settings)
        with open_driver(settings) as driver:
            migrate(driver, settings.neo4j_database)
            known = None if replace else graph_ids(driver, settings.neo4j_database)
            if hsds:
                landscape = _read_hsds(
                    driver, settings, paths[0], max_file_size, known, include_personal_data
                )
            else:
                landscape = _read(progress, paths, len(files), max_file_size, known)
            read_seconds = time.perf_counter() - started
            write_task = progress.add_task("writing", total=count_rows(landscape))

            def on_batch(kind: str, rows: int) -> None:
                progress.update(write_task, description=f"writing {kind}")
                progress.advance(write_task, rows)

            try:
                result = write_landscape(
                    driver,
                    landscape,
                    database=settings.neo4j_database,
                    replace=replace,
                    dry_run=dry_run,
                    batch_size=batch_size,
                    progress=on_batch,
                )
            except LoadError as error:
                progress.stop()
                report_problems(error)
                raise typer.Exit(1) from None
            except WriteError as error:
                progress.stop()
                _err().print(f"[red]error:[/red] {error}")
                raise typer.Exit(1) from None

    _out().print(summary_table(result))
    rate = result.entities / result.seconds if result.seconds else 0.0
    revision = f", graph revision {result.revision}" if result.revision is not None else ""
    _out().print(
        f"read {landscape.size} records in {read_seconds:.1f} s; wrote {result.entities} "
        f"nodes and relationships in {result.seconds:.1f} s ({rate:,.0f}/s){revision}"
    )


def _read(
    progress: Progress, paths: list[Path], files: int, max_mb: float, known_ids: KnownIds | None
) -> Landscape:
    """Read and validate the files with a progress bar; on problems, report and exit 1."""
    from loaders.landscape import load_landscape

    task = progress.add_task("reading", total=files or None)

    def on_file(path: Path) -> None:
        progress.update(task, description=f"reading {path.name}")
        progress.advance(task)

    try:
        return load_landscape(
            paths, max_bytes=int(max_mb * 1_000_000), known_ids=known_ids, on_file=on_file
        )
    except LoadError as error:
        progress.stop()
        report_problems(error)
        raise typer.Exit(1) from None


def _read_hsds(
    driver: neo4j.Driver,
    settings: Settings,
    path: Path,
    max_mb: float,
    known_ids: KnownIds | None,
    include_personal: bool,
) -> Landscape:
    """Read an HSDS dataset against the municipalities of the graph; on problems, exit 1."""
    from graph.store.reader import municipalities
    from loaders.hsds import Place, read_hsds

    places = [Place(*row) for row in municipalities(driver, database=settings.neo4j_database)]
    try:
        return read_hsds(
            path,
            places=places,
            known_ids=known_ids,
            include_personal=include_personal,
            max_bytes=int(max_mb * 1_000_000),
        )
    except LoadError as error:
        report_problems(error)
        raise typer.Exit(1) from None


def export(
    directory: Path = typer.Argument(..., help="Folder to write (created if missing)."),  # noqa: B008
    format: ExportFormatOption = typer.Option(  # noqa: B008
        ExportFormatOption.yaml,
        "--format",
        help="File format; hsds: Open Referral HSDS 3 (hsds.json and one CSV per table).",
    ),
    include_personal_data: bool = typer.Option(
        False, "--include-personal-data", help="hsds: " + PERSONAL_DATA_HELP
    ),
) -> None:
    """Export the graph as landscape files (one per section) that `load` reads back."""
    from graph.db import open_driver
    from graph.store.reader import ExportError, read_landscape
    from loaders.export import export_landscape, stale_exports, to_document

    settings = _settings()
    if directory.exists() and not directory.is_dir():
        _err().print(f"[red]error:[/red] {directory} exists and is not a folder")
        raise typer.Exit(2)
    with _database(settings), open_driver(settings) as driver:
        try:
            landscape = read_landscape(driver, database=settings.neo4j_database)
        except ExportError as error:
            report_problems(error)
            raise typer.Exit(1) from None
    if format is ExportFormatOption.hsds:
        _export_hsds(landscape, directory, include_personal_data)
        return
    planned = [directory / f"{section}.{format.value}" for section in to_document(landscape)]
    if directory.exists():
        stale = stale_exports(directory, planned)
        if stale:
            names = ", ".join(p.name for p in stale)
            _err().print(
                f"[red]error:[/red] {directory} already holds {names}, which this export "
                "would not replace (loading the folder would bring them back); "
                "use an empty folder"
            )
            raise typer.Exit(2)
    written = export_landscape(landscape, directory, format.value)  # type: ignore[arg-type]
    _out().print(f"exported {landscape.size} records into {len(written)} file(s) in {directory}")


def _export_hsds(landscape: Landscape, directory: Path, include_personal: bool) -> None:
    """The HSDS export: refuses a folder with other files (a stale table would load again)."""
    from loaders.hsds import export_hsds, planned_files, to_hsds

    names = set(planned_files(to_hsds(landscape, include_personal=include_personal)))
    if directory.exists():
        other = sorted(p.name for p in directory.iterdir() if p.name not in names)
        if other:
            _err().print(
                f"[red]error:[/red] {directory} already holds {', '.join(other)}, which this "
                "export would not replace; use an empty folder"
            )
            raise typer.Exit(2)
    counts = export_hsds(landscape, directory, include_personal=include_personal)
    table = Table(title=f"HSDS 3 export in {directory}", title_justify="left")
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name, count in counts.items():
        table.add_row(name, str(count))
    _out().print(table)
    if include_personal:
        _err().print(
            "[yellow]Achtung / warning:[/yellow] contacts.csv und hsds.json enthalten "
            "personenbezogene Daten (personal data): nur an Berechtigte weitergeben."
        )


def generate(
    out_dir: Path = typer.Argument(..., metavar="OUT", help="Folder to write (new or empty)."),  # noqa: B008
    actors: int = typer.Option(..., "--actors", min=1, help="Number of actors."),
    seed: int = typer.Option(0, "--seed", help="Random seed: same seed, same files."),
    format: GenerateFormatOption = typer.Option(  # noqa: B008
        GenerateFormatOption.auto,
        "--format",
        help="auto: JSON from 2,000 actors (fast to read), YAML below (easy to read).",
    ),
) -> None:
    """Write a synthetic landscape of the Gifhorn shape at any scale (deterministic)."""
    from loaders.synthetic import count_nodes, default_format, write_document
    from loaders.synthetic import generate as build

    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())):
        _err().print(f"[red]error:[/red] {out_dir} must be a new or empty folder")
        raise typer.Exit(2)
    started = time.perf_counter()
    document = build(actors, seed)
    fmt = default_format(actors) if format is GenerateFormatOption.auto else format.value
    paths = write_document(document, out_dir, fmt)  # type: ignore[arg-type]
    nodes, relationships = count_nodes(document)
    _out().print(
        f"wrote {nodes:,} nodes and {relationships:,} relationships as {fmt.upper()} "
        f"({len(paths)} files) to {out_dir} in {time.perf_counter() - started:.1f} s"
    )


def register(app: typer.Typer) -> None:
    """Add `load`, `export` and `generate` to the main app."""
    app.command("load")(load)
    app.command("export")(export)
    app.command("generate")(generate)
