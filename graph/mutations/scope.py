"""Who may write which record: the one place that decides, inside the write transaction.

Every landscape mutation names its ``Target`` (what it writes) and runs through
``schema.mutations.run.perform``, which calls :func:`admit` before the transaction and
:func:`check` inside it, before and after the mutation's own statements:

- anonymous: nothing (``UNAUTHENTICATED``);
- ``reader``: nothing (``FORBIDDEN``);
- ``member``: its own actors (update), the offerings they OFFER and the coordinators who
  WORK_FOR them (create, update, delete, and their references), their memberships
  (MEMBER_OF), and the status of the measures its actors are RESPONSIBLE_FOR (an update
  of ``status`` and ``statusChangedAt`` only: :data:`MEMBER_MEASURE_FIELDS`); nothing
  else: not events (Netzwerktreffen, AK-Sitzungen, Veranstaltungen) nor their
  participations, which the Stabsstelle keeps;
- ``editor``: every record (``cascade`` deletes are the admin's: ``schema.mutations.nodes``);
- ``admin``: everything.

For a member the check runs twice in the transaction: before the write, an existing record
must be in scope (so a member cannot touch another's record, nor "create" over an id that
exists); after it, the record, if it still exists, must still be in scope (a new offering
must name one of the member's actors as provider; an update must keep one). Because both
run inside the transaction, a refusal rolls the whole write back, and no concurrent write
can slip between check and write.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

import neo4j

from domain.access import Caller
from domain.contract import VERSION
from domain.errors import ErrorCode, Refusal
from graph.history.wording import LABEL_WORDS

Action = Literal["create", "update", "delete", "connect", "disconnect"]

MEMBER_NODES: dict[str, frozenset[str]] = {
    "actors": frozenset({"update", "connect", "disconnect"}),
    "offerings": frozenset({"create", "update", "delete", "connect", "disconnect"}),
    "coordinators": frozenset({"create", "update", "delete", "connect", "disconnect"}),
}
"""The node sections a member may write, and how (connect/disconnect: their references).
``events`` and ``measures`` are absent on purpose: meetings and measures are written by
editors and admins (issue 19: "the Stabsstelle manages measures and meetings"); a member's
one exception, the status of its measures, is :data:`MEMBER_MEASURE_FIELDS`."""

MEMBER_MEASURE_FIELDS = frozenset({"status", "statusChangedAt"})
"""What a member may change on a measure its actor is responsible for: the status and the
day it changed (the model dates the status log from them). Not its title, due date, gaps,
working group, responsible actors or internal note: those the Stabsstelle decides."""

MEMBER_RELATIONSHIPS = frozenset({"memberships"})
"""The relationship sections a member may write (from its own actors)."""


@dataclass(frozen=True)
class Target:
    """What a mutation writes: the record whose scope decides, and how.

    ``section``/``label``/``record_id`` name the node written (for a reference: the node
    holding the field; for a relationship with properties: its start node).
    ``relationship`` is the relationship section (``memberships``) when one is written
    through ``connect<Relationship>``, else None.
    """

    action: Action
    section: str
    label: str
    record_id: str
    relationship: str | None = None
    fields: frozenset[str] | None = None
    """For an update: the fields it writes (the input's names); None when not told."""

    def describe(self, name: str | None = None) -> str:
        """The record in German words: ``Angebot „Sprachcafé“`` (its id when no name is
        at hand), for the messages a member reads in the cockpit."""
        return f"{LABEL_WORDS.get(self.label, self.label)} „{name or self.record_id}“"


def _forbidden(message: str, target: Target) -> Refusal:
    return Refusal(
        ErrorCode.FORBIDDEN,
        message,
        details={"record": {"label": target.label, "id": target.record_id}},
    )


def admit(caller: Caller | None, target: Target) -> None:
    """The role's part, before any transaction: may this caller write this kind at all?"""
    if caller is None:
        raise Refusal(
            ErrorCode.UNAUTHENTICATED,
            "Anmeldung erforderlich / authentication required: sign in, or send "
            "'Authorization: Bearer <token>'",
        )
    if caller.at_least("editor"):
        return
    if caller.role != "member":
        raise _forbidden(
            f"Keine Berechtigung: Die Rolle {caller.role} darf nichts ändern "
            f"({target.describe()}) / forbidden: role {caller.role} may not write",
            target,
        )
    if target.section == "measures" and target.relationship is None:
        _admit_member_measure(target)
        return
    if target.relationship is not None:
        allowed = target.relationship in MEMBER_RELATIONSHIPS
    else:
        allowed = target.action in MEMBER_NODES.get(target.section, frozenset())
    if not allowed:
        what = target.relationship or target.section
        raise _forbidden(
            f"Keine Berechtigung: Als Mitglied dürfen Sie {target.describe()} nicht ändern "
            f"({target.action} {what}) / forbidden: a member may not {target.action} {what}",
            target,
        )


def _admit_member_measure(target: Target) -> None:
    """A member's write on a measure: an update of its status, nothing else (whose measure
    it is, ``check`` decides inside the transaction)."""
    fields = target.fields or frozenset()
    if target.action == "update" and fields and fields <= MEMBER_MEASURE_FIELDS:
        return
    other = ", ".join(sorted(fields - MEMBER_MEASURE_FIELDS)) or target.action
    raise _forbidden(
        f"Keine Berechtigung: Als Mitglied dürfen Sie bei {target.describe()} nur den Status "
        f"ändern, nicht {other} / forbidden: a member may only update the status of a "
        "measure its actor is responsible for",
        target,
    )


_OWNERSHIP: dict[str, tuple[str, str]] = {
    "actors": ("Actor", "n.id IN $actors"),
    "offerings": ("Offering", "EXISTS { MATCH (a:Actor)-[:OFFERS]->(n) WHERE a.id IN $actors }"),
    "coordinators": (
        "Coordinator",
        "EXISTS { MATCH (n)-[:WORKS_FOR]->(a:Actor) WHERE a.id IN $actors }",
    ),
}
"""Per section a member may write: its label, and when a record ``n`` is the member's."""

_MEASURE_OWNERSHIP = (
    "Measure",
    "EXISTS { MATCH (a:Actor)-[:RESPONSIBLE_FOR]->(n) WHERE a.id IN $actors }",
)
"""A measure is a member's when one of its actors is RESPONSIBLE_FOR it: for the status
update of a mutation only (an upload's measure rows stay the Stabsstelle's)."""

_OWNED: dict[str, str] = {
    section: f"MATCH (n:{label} {{id: $id}}) RETURN {owned} AS owned, "
    "coalesce(n.name, n.title) AS name, "
    "COLLECT { MATCH (a:Actor) WHERE a.id IN $actors RETURN coalesce(a.name, a.id) } "
    "AS actorNames"
    for section, (label, owned) in {**_OWNERSHIP, "measures": _MEASURE_OWNERSHIP}.items()
}
"""Per section a member may write: whether the record (if it exists) is the member's, and
the names a refusal says (the record's, the member's actors')."""


@dataclass(frozen=True)
class Ownership:
    """Whether an existing record is the member's, with the names a refusal says."""

    owned: bool
    name: str | None
    actor_names: tuple[str, ...]


async def _owned(
    tx: neo4j.AsyncManagedTransaction, caller: Caller, target: Target
) -> Ownership | None:
    """The record's ownership; None when it does not exist."""
    result = await tx.run(
        _OWNED[target.section], {"id": target.record_id, "actors": sorted(caller.actor_ids)}
    )
    record = await result.single()
    if record is None:
        return None
    return Ownership(bool(record["owned"]), record["name"], tuple(sorted(record["actorNames"])))


async def check(
    tx: neo4j.AsyncManagedTransaction,
    caller: Caller | None,
    target: Target,
    phase: Literal["before", "after"],
) -> None:
    """The scope's part, inside the transaction (``admit`` has passed): a member's record.

    ``before`` the write, an existing record must be the member's; ``after`` it, a record
    that still exists must (still) be the member's. Editors and admins pass.
    """
    if caller is None or caller.at_least("editor"):
        return
    found = await _owned(tx, caller, target)
    if found is not None and not found.owned:
        actors = ", ".join(found.actor_names) or "-"
        record = target.describe(found.name)
        if phase == "before":
            message = (
                f"Keine Berechtigung: {record} gehört nicht zu Ihren Akteuren "
                f"({actors}) / forbidden: {target.label} {target.record_id} is not a record "
                "of your actors"
            )
        else:
            message = (
                f"Keine Berechtigung: {record} muss einem Ihrer Akteure ({actors}) "
                "gehören (Anbieter oder Arbeitgeber) / forbidden: after this change "
                f"{target.label} {target.record_id} would not belong to one of your actors"
            )
        raise _forbidden(message, target)


# -- a whole landscape (an upload in the cockpit) -------------------------------------------


@dataclass(frozen=True)
class OutOfScope:
    """A record an upload would change that the caller may not change, and why (German)."""

    label: str
    record_id: str
    reason: str


def admit_upload(caller: Caller | None, *, replace: bool) -> None:
    """The role's part of an upload: reader or anonymous never; ``replace`` (deletions of
    whatever the file lacks) only an admin. What a member's upload changes is decided
    record by record inside the transaction (:class:`LandscapeScope`)."""
    if caller is None or not caller.at_least("member"):
        admit(caller, Target("update", "landscape", "Tabelle", "Upload"))  # always refuses
    assert caller is not None
    if replace and not caller.at_least("admin"):
        raise Refusal(
            ErrorCode.FORBIDDEN,
            "Keine Berechtigung: Ersetzen (Löschen, was die Tabelle nicht enthält) darf nur "
            "die Rolle admin / forbidden: only an admin may replace the landscape",
        )


_VERSIONS = (
    "UNWIND $ids AS id MATCH (n:{label} {{id: id}}) RETURN n.id AS id, n." + VERSION + " AS v"
)
_CHANGED_RELATIONSHIPS = (
    "MATCH (a)-[r:{rel_type}]->(b) WHERE r.updatedAt = $now RETURN a.id AS start, b.id AS end"
)


class LandscapeScope:
    """The scope of a member's upload, checked record by record inside the load's
    transaction (``write_landscape(before_write=scope.before, before_commit=scope.after)``).

    Only records the upload changes count (created, updated or relinked nodes; created or
    updated relationships): a member may upload the whole workbook it downloaded, with its
    own rows corrected. A changed record passes the same rules as a mutation's (``check``):
    an actor must be one of the member's (never created), an offering or coordinator must
    have been the member's before (if it existed) and be it after; a membership must start
    at one of the member's actors; every other kind is refused. ``before`` notes every
    uploaded node's version and, for the kinds a member may write, whether it was the
    member's; ``after`` (with the load's timestamp ``now``) finds what changed and collects
    ``refused``; it raises ``Refusal`` (FORBIDDEN, listing the records) unless ``dry_run``,
    so a real upload rolls back as a whole. Editors and admins pass untouched.
    """

    def __init__(
        self, caller: Caller, ids: dict[str, list[str]], now: datetime, *, dry_run: bool
    ) -> None:
        self.caller = caller
        self.ids = ids
        """Uploaded node ids per label."""
        self.now = now
        self.dry_run = dry_run
        self.versions: dict[str, dict[str, object]] = {}
        self.owned_before: dict[str, dict[str, bool]] = {}
        self.refused: list[OutOfScope] = []

    @property
    def bound(self) -> bool:
        """Whether the caller's records are limited at all (a member)."""
        return not self.caller.at_least("editor")

    def _owned(self, tx: neo4j.Transaction, section: str, ids: list[str]) -> dict[str, bool]:
        label, owned = _OWNERSHIP[section]
        query = f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) RETURN n.id AS id, {owned} AS o"
        rows = tx.run(query, ids=ids, actors=sorted(self.caller.actor_ids))
        return {str(r["id"]): bool(r["o"]) for r in rows}

    def _versions(self, tx: neo4j.Transaction, label: str) -> dict[str, object]:
        rows = tx.run(_VERSIONS.format(label=label), ids=self.ids[label])
        return {str(r["id"]): r["v"] for r in rows}

    def before(self, tx: neo4j.Transaction) -> None:
        if not self.bound:
            return
        for label in self.ids:
            self.versions[label] = self._versions(tx, label)
        for section, (label, _) in _OWNERSHIP.items():
            self.owned_before[section] = self._owned(tx, section, self.ids.get(label, []))

    def after(self, tx: neo4j.Transaction) -> None:
        if not self.bound:
            return
        sections = {label: section for section, (label, _) in _OWNERSHIP.items()}
        for label, before in self.versions.items():
            after = self._versions(tx, label)
            changed = sorted(i for i, v in after.items() if before.get(i) != v)
            if not changed:
                continue
            section = sections.get(label)
            if section is None:
                for record_id in changed:
                    self._refuse(label, record_id, "diese Art dürfen Mitglieder nicht ändern")
                continue
            owned_after = self._owned(tx, section, changed)
            for record_id in changed:
                self._check_node(section, label, record_id, owned_after.get(record_id, False))
        self._check_relationships(tx)
        if self.refused and not self.dry_run:
            raise self.refusal()

    def _check_node(self, section: str, label: str, record_id: str, owned_after: bool) -> None:
        was = self.owned_before[section].get(record_id)
        if was is None and section == "actors":
            self._refuse(label, record_id, "neue Akteure legt die Stabsstelle an")
        elif was is False:
            self._refuse(label, record_id, "gehört nicht zu Ihren Akteuren")
        elif not owned_after:
            self._refuse(label, record_id, "müsste einem Ihrer Akteure gehören")

    def _check_relationships(self, tx: neo4j.Transaction) -> None:
        from domain.registry import RELATIONSHIP_SECTIONS

        for section in RELATIONSHIP_SECTIONS:
            query = _CHANGED_RELATIONSHIPS.format(rel_type=section.rel_type)
            for row in tx.run(query, now=self.now):
                start, end = str(row["start"]), str(row["end"])
                if section.name not in MEMBER_RELATIONSHIPS:
                    reason = "diese Art dürfen Mitglieder nicht ändern"
                elif start not in self.caller.actor_ids:
                    reason = "gehört nicht zu Ihren Akteuren"
                else:
                    continue
                self._refuse(section.rel_type, f"{start} → {end}", reason)

    def _refuse(self, label: str, record_id: str, reason: str) -> None:
        self.refused.append(OutOfScope(label, record_id, reason))

    def refusal(self) -> Refusal:
        actors = ", ".join(sorted(self.caller.actor_ids)) or "-"
        listed = "; ".join(f"{r.label} „{r.record_id}“" for r in self.refused[:20])
        more = f" und {len(self.refused) - 20} weitere" if len(self.refused) > 20 else ""
        return Refusal(
            ErrorCode.FORBIDDEN,
            f"Keine Berechtigung: Die Tabelle ändert {len(self.refused)} Einträge außerhalb "
            f"Ihrer Akteure ({actors}): {listed}{more}. Nichts wurde übernommen / forbidden: "
            "the upload changes records outside your actors; nothing was written",
            details={
                "records": [
                    {"label": r.label, "id": r.record_id, "reason": r.reason} for r in self.refused
                ]
            },
        )
