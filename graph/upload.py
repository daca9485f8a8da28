"""An uploaded spreadsheet (XLSX or CSV from the cockpit), read and written like ``load``.

The bytes go into a fresh temporary folder under the file's own (cleaned) name, so the CSV
reader finds the section from it, and are read by the loaders (``load_landscape``: the same
code as ``integration-graph load``, links never followed) against the stored ids and names.
The write is ``write_landscape``: one transaction, one ``Change`` in the history with the
caller as author (action ``load``, "Datei geladen"), or rolled back for a dry run. Who may
change which record is the scope's (``graph.mutations.scope.LandscapeScope``), never the file's
``source``, which is a citation: ``overwrite_other_sources`` is always on here.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePath

import neo4j

from domain.access import Caller
from domain.errors import ErrorCode, Refusal
from domain.landscape import Landscape
from domain.problems import Problem
from domain.registry import NODE_SECTIONS
from graph.history.store import ChangeMeta
from graph.mutations.scope import LandscapeScope, OutOfScope
from graph.store.writer import WriteResult, graph_ids, graph_names, load_timeout, write_landscape
from loaders.landscape import load_landscape

SUFFIXES = (".xlsx", ".csv")
_UNSAFE = re.compile(r"[^\w .()-]+")


def clean_name(name: str) -> str:
    """The last part of the name the browser sent, without path or odd characters; refused
    (``BAD_USER_INPUT``) unless it ends in ``.xlsx`` or ``.csv``."""
    base = PurePath(name.replace("\\", "/")).name
    base = _UNSAFE.sub("_", base).strip(" .") or "tabelle"
    if not base.lower().endswith(SUFFIXES):
        raise Refusal(
            ErrorCode.BAD_USER_INPUT,
            "Bitte eine Excel-Datei (.xlsx) oder CSV-Datei (.csv) hochladen / upload an .xlsx "
            "or .csv file",
        )
    stem, _, suffix = base.rpartition(".")
    return f"{stem[:100]}.{suffix.lower()}"


@dataclass
class UploadOutcome:
    """What the upload did (or, for a dry run, would do)."""

    result: WriteResult
    notices: list[Problem] = field(default_factory=list)
    refused: list[OutOfScope] = field(default_factory=list)


def read_upload(
    driver: neo4j.Driver, database: str, name: str, data: bytes, max_bytes: int
) -> Landscape:
    """The uploaded file as a validated landscape; ``LoadError`` lists every problem."""
    with tempfile.TemporaryDirectory(prefix="ig-upload-") as folder:
        path = Path(folder) / clean_name(name)
        with path.open("xb") as handle:
            handle.write(data)
        return load_landscape(
            [path],
            max_bytes=max_bytes,
            known_ids=graph_ids(driver, database),
            names_in_graph=graph_names(driver, database),
            follow_links=False,
        )


def write_upload(
    driver: neo4j.Driver,
    database: str,
    landscape: Landscape,
    caller: Caller,
    meta: ChangeMeta,
    *,
    dry_run: bool,
    replace: bool = False,
    tx_timeout: float = 30.0,
) -> UploadOutcome:
    """Write (or try) the landscape in one transaction under the caller's scope.

    Raises ``Refusal`` (FORBIDDEN) when a member's real upload changes records outside its
    actors; a dry run lists them in ``refused`` instead. ``LoadError``/``WriteError`` as
    ``write_landscape``.
    """
    now = datetime.now(UTC)
    ids = {
        section.label: [record.id for record in landscape.nodes[section.name]]
        for section in NODE_SECTIONS
        if landscape.nodes[section.name]
    }
    scope = LandscapeScope(caller, ids, now, dry_run=dry_run)
    result = write_landscape(
        driver,
        landscape,
        database=database,
        replace=replace,
        dry_run=dry_run,
        now=now,
        overwrite_other_sources=True,
        before_write=scope.before,
        before_commit=scope.after,
        timeout=load_timeout(sum(len(r) for r in landscape.nodes.values()), tx_timeout),
        author=meta,
        action="load",
    )
    return UploadOutcome(result, list(landscape.notices), list(scope.refused))
