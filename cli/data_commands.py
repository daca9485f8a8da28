"""`integration-graph load | export | generate`: data in and out of the graph.

Exit codes: 0 done; 1 the input is invalid or the database failed (nothing was written);
2 bad usage (options, target folder). Problems with the input are printed as one table
(file, line/row, field, reason) on stderr, all of them, never as a traceback.

``register(app)`` adds the commands to the main app (``cli/main.py`` calls it).
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, cast

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from cli.console import err, error_line, out, warning_line
from domain.problems import LoadError, Problem

if TYPE_CHECKING:
    from neo4j import Driver

    from domain.landscape import KnownIds, Landscape, NamesInGraph
    from graph.settings import Settings
    from graph.store.writer import RecordChange, WriteResult
    from loaders.export import ExportFormat


MAX_PROBLEMS_SHOWN = 1000
"""More problems than this are counted, not listed: a wrong file can produce millions."""


class ExportFormatOption(StrEnum):
    yaml = "yaml"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"
    excel_csv = "excel-csv"
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
    """The problems of a load as a table: file, line/row, field, reason.

    Every cell is plain ``Text``: values come from the files (a header row, a name), and
    as markup ``[red]`` or ``:x:`` would be rendered instead of shown."""
    table = Table(title=f"{len(problems)} problem(s); nothing was written", title_justify="left")
    table.add_column("file", overflow="fold")
    table.add_column("line/row", no_wrap=True)
    table.add_column("field", overflow="fold")
    table.add_column("reason", overflow="fold")
    for p in problems[:MAX_PROBLEMS_SHOWN]:
        table.add_row(*(Text(cell) for cell in (p.file, p.place, p.field, p.reason)))
    return table


def report_problems(error: LoadError) -> None:
    err().print(problems_table(error.problems))
    hidden = len(error.problems) - MAX_PROBLEMS_SHOWN
    if hidden > 0:
        err().print(f"... and {hidden} more problem(s) not shown")


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
    console = err()
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
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

    with reported_failures(settings):
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
        False,
        "--replace",
        help="Make the graph exactly the files: delete what they lack (asks first).",
    ),
    yes: bool = typer.Option(
        False, "--yes", "-y", help="Do not ask before --replace deletes (for scripts)."
    ),
    if_empty: bool = typer.Option(
        False, "--if-empty", help="Load only into an empty database; otherwise do nothing."
    ),
    overwrite_other_sources: bool = typer.Option(
        False,
        "--overwrite-other-sources",
        help="Allow the files to change records whose source differs from theirs.",
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
    follow_links: bool = typer.Option(
        False,
        "--follow-links",
        help="Read symbolic links inside folders (skipped and reported otherwise).",
    ),
) -> None:
    """Load landscape files into the graph in one transaction (all or nothing).

    Records of another source are never overwritten silently: the dry run lists them and a
    load refuses them unless --overwrite-other-sources is given."""
    from graph.db import open_driver
    from graph.migrations import migrate
    from loaders.landscape import expand_paths

    hsds = format is LoadFormatOption.hsds
    if hsds and (len(paths) != 1 or replace):
        err().print(
            error_line(
                "--format hsds reads exactly one folder or .json file and "
                "cannot --replace (HSDS does not carry the whole graph)"
            )
        )
        raise typer.Exit(2)
    settings = _settings()
    started = time.perf_counter()
    files, path_problems = expand_paths(paths, follow_links=follow_links)
    if path_problems:
        report_problems(LoadError(path_problems))
        raise typer.Exit(1)
    with _database(settings), _progress() as progress:
        from cli.main import ensure_server

        ensure_server(settings)
        with open_driver(settings) as driver:
            migrate(driver, settings.neo4j_database)
            if if_empty and _holds_data(driver, settings.neo4j_database):
                progress.stop()
                out().print(
                    "the database already holds data: nothing loaded (--if-empty keeps "
                    "what is stored; use `load` without it to update)"
                )
                return
            lookups = _lookups(driver, settings, replace)
            if hsds:
                landscape = _read_hsds(
                    driver, settings, paths[0], max_file_size, lookups, include_personal_data
                )
            else:
                landscape = _read(progress, paths, len(files), max_file_size, lookups, follow_links)
            read_seconds = time.perf_counter() - started
            action = "import" if hsds else "load"
            options = _WriteOptions(dry_run, replace, overwrite_other_sources, batch_size, action)
            if replace and not dry_run:
                preview = _write(progress, driver, settings, landscape, options.as_preview())
                progress.stop()
                _confirm_deletions(preview, yes)
                progress.start()
            result = _write(progress, driver, settings, landscape, options)

    out().print(summary_table(result))
    _print_notices(landscape)
    _print_changes(result)
    rate = result.entities / result.seconds if result.seconds else 0.0
    revision = f", graph revision {result.revision}" if result.revision is not None else ""
    verb = "checked" if result.dry_run else "wrote"
    out().print(
        f"read {landscape.size} records in {read_seconds:.1f} s; {verb} {result.entities} "
        f"nodes and relationships in {result.seconds:.1f} s ({rate:,.0f}/s){revision}"
    )


@dataclass(frozen=True)
class _WriteOptions:
    dry_run: bool
    replace: bool
    overwrite_other_sources: bool
    batch_size: int
    action: str = "load"
    """What the change history calls it: ``load``, or ``import`` for HSDS."""

    def as_preview(self) -> _WriteOptions:
        """The same load as a dry run: what ``--replace`` would delete, before asking."""
        return _WriteOptions(True, self.replace, True, self.batch_size, self.action)


def _holds_data(driver: Driver, database: str) -> bool:
    """Whether any node of the data contract is stored (tokens and metadata do not count)."""
    from domain.registry import NODE_SECTIONS

    labels = [section.label for section in NODE_SECTIONS]
    records, _, _ = driver.execute_query(
        "MATCH (n) WHERE any(l IN labels(n) WHERE l IN $labels) RETURN count(n) > 0 AS any",
        labels=labels,
        database_=database,
    )
    return bool(records[0]["any"])


def _write(
    progress: Progress,
    driver: Driver,
    settings: Settings,
    landscape: Landscape,
    options: _WriteOptions,
) -> WriteResult:
    """Write with a progress bar (with ETA and the commit phase); problems exit 1."""
    from graph.store.writer import (
        COMMIT_PHASE,
        WriteError,
        count_rows,
        load_timeout,
        write_landscape,
    )

    what = "checking" if options.dry_run else "writing"
    rows = count_rows(landscape)
    write_task = progress.add_task(what, total=rows)

    def on_batch(kind: str, rows: int) -> None:
        if kind == COMMIT_PHASE:
            progress.update(write_task, description="committing (Neo4j writes to disk)")
            return
        progress.update(write_task, description=f"{what} {kind}")
        progress.advance(write_task, rows)

    try:
        return write_landscape(
            driver,
            landscape,
            database=settings.neo4j_database,
            replace=options.replace,
            dry_run=options.dry_run,
            batch_size=options.batch_size,
            progress=on_batch,
            overwrite_other_sources=options.overwrite_other_sources,
            timeout=load_timeout(rows, settings.neo4j_tx_timeout),
            action=options.action,
        )
    except LoadError as error:
        progress.stop()
        report_problems(error)
        raise typer.Exit(1) from None
    except WriteError as error:
        progress.stop()
        err().print(error_line(str(error)))
        changes = getattr(error, "changes", ())
        if changes:
            err().print(_changes_table(changes))
        raise typer.Exit(1) from None
    finally:
        progress.remove_task(write_task)


def _confirm_deletions(preview: WriteResult, yes: bool) -> None:
    """Show what ``--replace`` deletes; ask on a terminal; refuse without one unless --yes."""
    import sys

    deleted = {kind: c.deleted for kind, c in preview.counts.items() if c.deleted}
    if not deleted:
        return
    table = Table(title="--replace will delete", title_justify="left")
    table.add_column("kind")
    table.add_column("deleted", justify="right")
    for kind, count in deleted.items():
        table.add_row(kind, f"{count:,}")
    table.add_row("total", f"{sum(deleted.values()):,}", style="bold")
    err().print(table)
    if yes:
        return
    if not sys.stdin.isatty():
        err().print(
            error_line(
                "--replace would delete the records above; nothing was "
                "written. Confirm with --yes (no terminal to ask on)"
            )
        )
        raise typer.Exit(2)
    if not typer.confirm("Delete them and load the files?", default=False, err=True):
        err().print("nothing was written")
        raise typer.Exit(1)


MAX_CHANGES_SHOWN = 50
"""Records of another source (or losing fields) listed one by one; the rest are counted."""


def _changes_table(changes: Sequence[RecordChange]) -> Table:
    from graph.store.writer import describe_change

    table = Table(
        title=f"{len(changes)} stored record(s) of another source or losing fields",
        title_justify="left",
    )
    table.add_column("change", overflow="fold")
    for change in changes[:MAX_CHANGES_SHOWN]:
        table.add_row(Text(describe_change(change)))
    if len(changes) > MAX_CHANGES_SHOWN:
        table.add_row(f"... and {len(changes) - MAX_CHANGES_SHOWN} more")
    return table


def _print_notices(landscape: Landscape) -> None:
    """What the load did on its own, e.g. ids made from names (shown by the dry run too)."""
    if not landscape.notices:
        return
    table = Table(title="Hinweise / notices", title_justify="left")
    for column in ("Datei / file", "Zeile / line", "Feld / field", "Hinweis / notice"):
        table.add_column(column, overflow="fold")
    for notice in landscape.notices[:MAX_PROBLEMS_SHOWN]:
        cells = (notice.file, notice.place, notice.field, notice.reason)
        table.add_row(*(Text(cell) for cell in cells))
    out().print(table)


def _print_changes(result: WriteResult) -> None:
    """Say which stored records of another source the load changed (or would change), and
    which fields it drops."""
    if not result.changes:
        return
    out().print(_changes_table(result.changes))
    foreign = sum(1 for c in result.changes if c.other_source)
    if result.dry_run and foreign:
        out().print(
            f"{foreign} record(s) belong to another source: a load refuses to change them "
            "unless --overwrite-other-sources is given"
        )


def _lookups(
    driver: Driver, settings: Settings, replace: bool
) -> tuple[KnownIds, NamesInGraph] | None:
    """How references may find stored records: not at all for ``--replace`` (the graph
    becomes exactly the files), by id and by name otherwise."""
    from graph.store.writer import graph_ids, graph_names

    if replace:
        return None
    database = settings.neo4j_database
    return graph_ids(driver, database), graph_names(driver, database)


def _read(
    progress: Progress,
    paths: list[Path],
    files: int,
    max_mb: float,
    lookups: tuple[KnownIds, NamesInGraph] | None,
    follow_links: bool = False,
) -> Landscape:
    """Read and validate the files with a progress bar; on problems, report and exit 1."""
    from loaders.landscape import load_landscape

    task = progress.add_task("reading", total=files or None)

    def on_file(path: Path) -> None:
        progress.update(task, description=f"reading {path.name}")
        progress.advance(task)

    try:
        return load_landscape(
            paths,
            max_bytes=int(max_mb * 1_000_000),
            known_ids=lookups[0] if lookups else None,
            names_in_graph=lookups[1] if lookups else None,
            on_file=on_file,
            follow_links=follow_links,
        )
    except LoadError as error:
        progress.stop()
        report_problems(error)
        raise typer.Exit(1) from None


def _read_hsds(
    driver: Driver,
    settings: Settings,
    path: Path,
    max_mb: float,
    lookups: tuple[KnownIds, NamesInGraph] | None,
    include_personal: bool,
) -> Landscape:
    """Read an HSDS dataset against the municipalities of the graph; on problems, exit 1.

    A graph without municipalities (an empty database) gets the shipped ones of Landkreis
    Gifhorn along, in the same transaction, and says so: HSDS names service areas but
    cannot define the municipalities (kind, population, hierarchy)."""
    from graph.store.reader import municipalities
    from loaders.hsds import SHIPPED_MUNICIPALITIES, Place, read_hsds, shipped_municipalities

    places = [Place(*row) for row in municipalities(driver, database=settings.neo4j_database)]
    try:
        along = [] if places else shipped_municipalities()
        if along:
            out().print(
                f"Der Graph enthält keine Gemeinden: die {len(along)} mitgelieferten Gemeinden "
                f"des Landkreises Gifhorn ({SHIPPED_MUNICIPALITIES.name}) werden mitgeladen / "
                f"the graph holds no municipalities: loading the {len(along)} shipped ones "
                "along, to which the service areas are matched"
            )
        return read_hsds(
            path,
            places=places,
            known_ids=lookups[0] if lookups else None,
            include_personal=include_personal,
            max_bytes=int(max_mb * 1_000_000),
            municipalities=along,
        )
    except LoadError as error:
        report_problems(error)
        raise typer.Exit(1) from None


def export(
    directory: Path = typer.Argument(..., help="Folder to write (created if missing)."),  # noqa: B008
    format: ExportFormatOption = typer.Option(  # noqa: B008
        ExportFormatOption.yaml,
        "--format",
        help="yaml, json, csv; xlsx (one German workbook), excel-csv (German, ';', BOM); "
        "hsds: Open Referral HSDS 3 (hsds.json and one CSV per table).",
    ),
    include_personal_data: bool = typer.Option(
        False, "--include-personal-data", help="hsds: " + PERSONAL_DATA_HELP
    ),
) -> None:
    """Export the graph as landscape files (one per section) that `load` reads back.

    The files are written into a temporary folder and renamed into place: the export is
    complete or absent."""
    from cli.files import fail_writing, file_size_limit_as_error
    from graph.db import open_driver
    from graph.store.reader import ExportError, read_landscape
    from loaders.export import export_landscape, export_names

    settings = _settings()
    if directory.exists() and not directory.is_dir():
        err().print(error_line(f"{directory} exists and is not a folder"))
        raise typer.Exit(2)
    with _database(settings), _progress() as progress, open_driver(settings) as driver:
        task = progress.add_task("reading the graph", total=None)
        try:
            landscape = read_landscape(driver, database=settings.neo4j_database)
        except ExportError as error:
            progress.stop()
            report_problems(error)
            raise typer.Exit(1) from None
        if format is ExportFormatOption.hsds:
            progress.stop()
            _export_hsds(landscape, directory, include_personal_data)
            return
        fmt = cast("ExportFormat", format.value)  # hsds was written above
        _check_target(directory, export_names(landscape, fmt))
        progress.update(task, description=f"writing {format.value}")
        file_size_limit_as_error()
        try:
            written = export_landscape(landscape, directory, fmt)
        except OSError as error:
            progress.stop()
            raise fail_writing(error, directory) from None
    out().print(f"exported {landscape.size} records into {len(written)} file(s) in {directory}")


def _export_hsds(landscape: Landscape, directory: Path, include_personal: bool) -> None:
    """The HSDS export: refuses a folder with other files (a stale table would load again)."""
    from cli.files import fail_writing, file_size_limit_as_error
    from loaders.hsds import export_hsds, planned_files

    _check_target(directory, planned_files())
    file_size_limit_as_error()
    try:
        counts = export_hsds(landscape, directory, include_personal=include_personal)
    except OSError as error:
        raise fail_writing(error, directory) from None
    table = Table(title=f"HSDS 3 export in {directory}", title_justify="left")
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name, count in counts.items():
        table.add_row(name, str(count))
    out().print(table)
    if include_personal:
        err().print(
            warning_line(
                "contacts.csv und hsds.json enthalten "
                "personenbezogene Daten (personal data): nur an Berechtigte weitergeben."
            )
        )


def _check_target(directory: Path, names: list[str]) -> None:
    from loaders.export import unexpected_files

    if not directory.exists():
        return
    unexpected = unexpected_files(directory, names)
    if unexpected:
        shown = ", ".join(p.name for p in unexpected[:5])
        more = f" and {len(unexpected) - 5} more" if len(unexpected) > 5 else ""
        err().print(
            error_line(
                f"{directory} already holds {shown}{more}, which this export "
                "would not replace (an export replaces the whole folder; loading the folder "
                "would bring them back); use a new or empty folder"
            )
        )
        raise typer.Exit(2)


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
        err().print(error_line(f"{out_dir} must be a new or empty folder"))
        raise typer.Exit(2)
    from cli.progress import step_progress

    started = time.perf_counter()
    fmt = default_format(actors) if format is GenerateFormatOption.auto else format.value
    with step_progress("generating") as on_step:
        on_step(f"{actors:,} actors")
        document = build(actors, seed)
        on_step(f"writing {fmt.upper()} to {out_dir}")
        paths = write_document(document, out_dir, fmt)  # type: ignore[arg-type]
    nodes, relationships = count_nodes(document)
    out().print(
        f"wrote {nodes:,} nodes and {relationships:,} relationships as {fmt.upper()} "
        f"({len(paths)} files) to {out_dir} in {time.perf_counter() - started:.1f} s"
    )


def backup(
    path: Path = typer.Argument(..., metavar="FILE", help="Backup file to write (JSON)."),  # noqa: B008
) -> None:
    """Save everything (landscape, token and password hashes) into one file, consistently.

    The way to save a county's data or move it to another server: `restore FILE` there."""
    from cli.files import write_atomically
    from graph.backup import read_everything
    from graph.db import open_driver
    from loaders.backup_file import write_backup_file

    settings = _settings()
    if path.is_dir():
        err().print(error_line(f"{path} is a folder; name the backup file"))
        raise typer.Exit(2)
    with _database(settings):
        from cli.main import ensure_server

        ensure_server(settings)
        with open_driver(settings) as driver:
            landscape, tokens, accounts = read_everything(driver, settings.neo4j_database)
    write_atomically(
        path, lambda temporary: write_backup_file(temporary, landscape, tokens, accounts)
    )
    out().print(
        f"backup of {landscape.size:,} records, {len(tokens)} token(s) and "
        f"{len(accounts)} account(s) -> {path}"
    )


def restore(
    path: Path = typer.Argument(..., metavar="FILE", help="Backup file made by `backup`."),  # noqa: B008
) -> None:
    """Restore a backup into an EMPTY database (all or nothing)."""
    from domain.problems import BackupError
    from graph.backup import restore as restore_backup
    from graph.db import open_driver
    from graph.migrations import migrate
    from graph.store.writer import WriteError
    from loaders.backup_file import read_backup

    settings = _settings()
    if not path.is_file():
        err().print(error_line(f"{path} does not exist or is not a file"))
        raise typer.Exit(2)
    with _database(settings):
        from cli.main import ensure_server

        ensure_server(settings)
        with open_driver(settings) as driver:
            migrate(driver, settings.neo4j_database)
            try:
                landscape, tokens, accounts = read_backup(path)
                summary = restore_backup(
                    driver, settings.neo4j_database, landscape, tokens, accounts
                )
            except LoadError as error:
                report_problems(error)
                raise typer.Exit(1) from None
            except (BackupError, WriteError) as error:
                err().print(error_line(str(error)))
                raise typer.Exit(1) from None
    out().print(
        f"restored {summary.records:,} records, {summary.tokens} token(s) and "
        f"{summary.accounts} account(s) from {path}"
    )


def register(app: typer.Typer) -> None:
    """Add `load`, `export` and `generate` to the main app."""
    app.command("load")(load)
    app.command("export")(export)
    app.command("generate")(generate)
    app.command("backup")(backup)
    app.command("restore")(restore)
