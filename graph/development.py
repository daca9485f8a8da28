"""Development over time: "Was hat sich seit … geändert?" between two moments.

What is covered, and how:

- **Actors and offerings added or removed** come from the change history (``(:Change)``
  entries, written in every write's own transaction, loads included): a record counts as
  added when its first entry in the window created it and it still exists at the end, as
  removed when it existed before and its last entry deleted it. A record created and deleted
  within the window is in neither list. Exact for everything the history holds (it starts
  with the first recorded write or the last restore).
- **Measures done** come from each measure's dated ``statusLog``: the measures whose log
  says ``done`` on a day in the window (a measure done, reopened and done again counts
  once). Exact to the day, as the log is.
- **Gaps closed and gaps new** compare the gap keys (``domain.gap_keys``) at both ends. The
  analyses cannot be recomputed for a past moment: the projection reads the graph as it is.
  So the gap keys of every analysed revision are kept as a ``(:GapSnapshot {revision, at,
  keys, reasons})`` whenever the development or the Integrationskonzept report is asked
  for (``remember``). A snapshot stands for a moment when no landscape change lies between
  them (no change before the moment with a later revision than the snapshot's, none after
  it with an earlier one). When no snapshot stands for the start (or the end) of the
  window, the gap comparison is **not** made: ``gaps_compared`` is False and ``gaps_note``
  says why, rather than guessing. The current graph stands for the end when no change
  happened after it. Snapshots are operational data beside the landscape (no ``id``, so
  never projected or exported), like the gap decisions.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, LiteralString

import neo4j

from domain.days import local_day, start_of
from domain.gap_keys import gap_kind
from domain.vocabulary import MeasureStatus
from graph.data_status import ILLUSTRATIVE_SOURCES
from graph.gap_service import GapService

TRACKED = ("Actor", "Offering")


@dataclass(frozen=True)
class GapChange:
    """A gap that closed or opened in the window; ``reason`` as the analysis worded it."""

    key: str
    kind: str
    reason: str


@dataclass(frozen=True)
class RecordChange:
    """An actor or offering added or removed, with the moment of its deciding change."""

    label: str
    id: str
    name: str
    at: datetime
    illustrative: bool = False
    """Its source (as the deciding change wrote it) is ``example`` or ``synthetic``."""


@dataclass(frozen=True)
class MeasureDone:
    id: str
    title: str
    done_on: date
    working_group_name: str | None


@dataclass(frozen=True)
class Development:
    since: datetime
    until: datetime | None
    gaps_compared: bool
    gaps_note: str
    gaps_closed: tuple[GapChange, ...]
    gaps_new: tuple[GapChange, ...]
    added: tuple[RecordChange, ...]
    removed: tuple[RecordChange, ...]
    measures_done: tuple[MeasureDone, ...]

    def of(self, records: tuple[RecordChange, ...], label: str) -> tuple[RecordChange, ...]:
        return tuple(r for r in records if r.label == label)


def day_window(since: date, until: date | None) -> tuple[datetime, datetime | None]:
    """``since`` from its first moment, ``until`` up to its last (inclusive days)."""
    return start_of(since), None if until is None else start_of(until + timedelta(days=1))


def current_gaps(service: GapService) -> dict[str, str]:
    """Every gap key of the current revision with its reason."""
    return service.gap_reasons()


KEPT: LiteralString = "MATCH (s:GapSnapshot {revision: $revision}) RETURN s.at AS at"
REMEMBER: LiteralString = """
MERGE (s:GapSnapshot {revision: $revision})
ON CREATE SET s.at = $now, s.keys = $keys, s.reasons = $reasons
"""


def remember(service: GapService, now: datetime | None = None) -> dict[str, str]:
    """Keep the gap keys of the current revision (once per revision); return them.

    Asked whether the revision is kept first, so that a second ask in the same revision
    does not send every key again (every candidate pair is one)."""
    gaps = current_gaps(service)
    revision = service.revision()
    with _session(service) as session:
        kept = session.run(KEPT, revision=revision).single()
    if kept is not None:
        return gaps
    keys = sorted(gaps)
    service.driver.execute_query(
        REMEMBER,
        revision=revision,
        now=now or datetime.now(UTC),
        keys=keys,
        reasons=[gaps[k] for k in keys],
        database_=service.database,
    )
    return gaps


STANDING_FOR: LiteralString = """
MATCH (s:GapSnapshot)
WHERE NOT EXISTS { MATCH (c:Change) WHERE c.at < $moment AND c.revision > s.revision }
  AND NOT EXISTS { MATCH (c:Change) WHERE c.at >= $moment AND c.revision <= s.revision }
RETURN s.keys AS keys, s.reasons AS reasons, s.at AS at
ORDER BY s.revision DESC LIMIT 1
"""
CHANGED_AFTER: LiteralString = "MATCH (c:Change) WHERE c.at >= $moment RETURN count(c) AS n"


def _session(service: GapService) -> neo4j.Session:
    # No snapshot yet means no GapSnapshot label: that notice is no error.
    return service.driver.session(
        database=service.database,
        default_access_mode=neo4j.READ_ACCESS,
        notifications_min_severity="OFF",
    )


def gaps_at(service: GapService, moment: datetime) -> dict[str, str] | None:
    """The gap keys (with reasons) as they were at ``moment``; None when unknown."""
    with _session(service) as session:
        row = session.run(STANDING_FOR, moment=moment).single()
    if row is None:
        return None
    return dict(zip(row["keys"], row["reasons"], strict=True))


CHANGES: LiteralString = """
MATCH (c:Change)
WHERE c.at >= $since AND ($until IS NULL OR c.at < $until)
  AND any(k IN c.records WHERE any(l IN $labels WHERE k STARTS WITH l + ':'))
RETURN c.at AS at, c.entries AS entries
ORDER BY c.revision
"""

MEASURES: LiteralString = """
MATCH (m:Measure) WHERE m.statusLog IS NOT NULL
OPTIONAL MATCH (m)-[:ASSIGNED_TO]->(w:WorkingGroup)
RETURN m.id AS id, m.title AS title, m.statusLog AS log, w.name AS group
ORDER BY m.id
"""


def records_changed(
    rows: Iterable[Mapping[str, Any]],
) -> tuple[tuple[RecordChange, ...], tuple[RecordChange, ...]]:
    """Net additions and removals of actors and offerings from changes in revision order."""
    first: dict[tuple[str, str], str] = {}
    last: dict[tuple[str, str], tuple[str, str, datetime]] = {}
    sources: dict[tuple[str, str], str] = {}
    for row in rows:
        at = row["at"].to_native() if hasattr(row["at"], "to_native") else row["at"]
        for entry in json.loads(row["entries"]):
            if entry["label"] not in TRACKED or entry["op"] not in ("created", "deleted"):
                continue
            key = (entry["label"], entry["recordId"])
            first.setdefault(key, entry["op"])
            last[key] = (entry["op"], str(entry.get("recordName") or entry["recordId"]), at)
            for field in entry.get("fields") or ():
                if field.get("field") == "source":
                    sources[key] = str(field.get("new") or field.get("old") or "")
    added, removed = [], []
    for key, (op, name, at) in last.items():
        illustrative = sources.get(key) in ILLUSTRATIVE_SOURCES
        change = RecordChange(key[0], key[1], name, at, illustrative)
        if first[key] == "created" and op == "created":
            added.append(change)
        elif first[key] == "deleted" and op == "deleted":
            removed.append(change)
    order = lambda r: (r.label, r.name.casefold())  # noqa: E731
    return tuple(sorted(added, key=order)), tuple(sorted(removed, key=order))


def measures_done(
    rows: Iterable[Mapping[str, Any]], since: date, until: date | None
) -> tuple[MeasureDone, ...]:
    """Measures whose status log says ``done`` on a day in ``[since, until)``."""
    found = []
    for row in rows:
        days = [
            date.fromisoformat(e["date"])
            for e in json.loads(row["log"])
            if e["status"] == MeasureStatus.DONE.value and e.get("date")
        ]
        inside = [d for d in days if d >= since and (until is None or d < until)]
        if inside:
            found.append(MeasureDone(row["id"], row["title"], max(inside), row["group"]))
    return tuple(sorted(found, key=lambda m: (m.done_on, m.title)))


def development(service: GapService, since: datetime, until: datetime | None = None) -> Development:
    """What changed between ``since`` and ``until`` (None: now); see the module docstring."""
    now_gaps = remember(service)
    database = service.database
    end: dict[str, str] | None = now_gaps
    if until is not None:
        changed_after, _, _ = service.driver.execute_query(
            CHANGED_AFTER, moment=until, database_=database, routing_=neo4j.RoutingControl.READ
        )
        if changed_after[0]["n"]:
            end = gaps_at(service, until)
    start = gaps_at(service, since)
    if start is None or end is None:
        which = "Beginn" if start is None else "Ende"
        note = (
            f"Für den {which} des Zeitraums liegt kein Stand der Lückenanalyse vor: Die "
            "Analysen werden nur für den aktuellen Stand berechnet und seit der ersten "
            "Abfrage der Entwicklung oder des Berichts je Versionsstand festgehalten. "
            "Geschlossene und neue Lücken werden daher nicht verglichen."
        )
        closed: tuple[GapChange, ...] = ()
        new: tuple[GapChange, ...] = ()
    else:
        note = "Lücken zu Beginn und am Ende des Zeitraums verglichen (nach Lückenschlüssel)."
        closed = tuple(GapChange(k, gap_kind(k), start[k]) for k in sorted(start.keys() - end))
        new = tuple(GapChange(k, gap_kind(k), end[k]) for k in sorted(end.keys() - start))
    records, _, _ = service.driver.execute_query(
        CHANGES,
        since=since,
        until=until,
        labels=list(TRACKED),
        database_=database,
        routing_=neo4j.RoutingControl.READ,
    )
    added, removed = records_changed(records)
    measure_rows, _, _ = service.driver.execute_query(
        MEASURES, database_=database, routing_=neo4j.RoutingControl.READ
    )
    done = measures_done(
        measure_rows, local_day(since), None if until is None else local_day(until)
    )
    return Development(
        since=since,
        until=until,
        gaps_compared=start is not None and end is not None,
        gaps_note=note,
        gaps_closed=closed,
        gaps_new=new,
        added=added,
        removed=removed,
        measures_done=done,
    )
