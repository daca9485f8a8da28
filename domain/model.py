"""One validation model per section of the data contract (docs/data-format.md).

The models are the single statement of what a valid record is: the loaders validate every
file record with them, the GraphQL layer validates mutation inputs with them. Python names
are snake_case; the camelCase alias is the field name in the files and the property name in
Neo4j (``meetingCadence``). ``extra="forbid"`` turns a typo such as ``activIn`` into an error
instead of a silently lost fact.

A field's ``description`` is what the GraphQL API says about the property (the object
types derive their fields from these models through :mod:`domain.contract`).

Importing this module has no side effects: no I/O, no database, no registration.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Annotated, Any, ClassVar, Self

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic.alias_generators import to_camel
from pydantic_core import PydanticCustomError

from domain import days
from domain.gap_keys import check_gap_key
from domain.types import (
    SLUG_PATTERN,
    Ags,
    Amount,
    Count,
    Email,
    IsoCountryCode,
    IsoDate,
    IsoLanguageCode,
    Name,
    PartialDate,
    Phone,
    Share,
    Slug,
    Text,
    Url,
    Year,
)
from domain.vocabulary import (
    ActorKind,
    CooperationKind,
    EventKind,
    EventStatus,
    MeasurePriority,
    MeasureStatus,
    MembershipRole,
    MunicipalityKind,
    OfferingKind,
    ParticipationRole,
    Vocabulary,
)


def _as_list(value: Any) -> Any:
    """A single id where a list is expected is read as a list of one (``topics: sprache``)."""
    if isinstance(value, str):
        return [value]
    return value


def _no_repeats(values: list[str]) -> list[str]:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise PydanticCustomError(
                "repeated_reference", "'{value}' is listed twice", {"value": value}
            )
        seen.add(value)
    return values


SlugList = Annotated[list[Slug], BeforeValidator(_as_list), AfterValidator(_no_repeats)]
"""A list of references (ids); each id at most once."""


def _vocabulary_term(enum: type[Vocabulary]) -> Any:
    """Accept an enumeration value in any case, or its German or English label.

    Planners fill spreadsheets with ``Verein`` or ``Welfare association``; both mean
    ``association``/``welfare_association`` and are stored as the value.
    """
    lookup: dict[str, str] = {}
    for member in enum:
        for spelling in (member.value, member.name, member.de, member.en):
            lookup.setdefault(spelling.casefold(), member.value)

    def normalise(value: Any) -> Any:
        if isinstance(value, str):
            return lookup.get(value.strip().casefold(), value)
        return value

    return BeforeValidator(normalise)


class Record(BaseModel):
    """Common configuration: aliases as in the files, unknown fields are errors."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="forbid",
        str_strip_whitespace=True,
        frozen=True,
        use_enum_values=False,
    )

    source: Text = Field(
        description="Where the fact comes from: 'article', 'example' or a short citation."
    )


class NodeRecord(Record):
    """A record that becomes a node, MERGEd on ``id``."""

    id: Slug
    TITLE_FIELD: ClassVar[str] = "name"

    @property
    def title_text(self) -> str:
        """The record's human-readable name (``name`` or ``title``), for references by name."""
        return str(getattr(self, self.TITLE_FIELD))


class RelationshipRecord(Record):
    """A record that becomes a relationship with properties of its own."""


def _check_period(start: Any, end: Any, start_name: str, end_name: str) -> None:
    if start is not None and end is not None and end < start:
        raise PydanticCustomError(
            "period",
            "{end_name} ({end}) is before {start_name} ({start})",
            {"start_name": start_name, "end_name": end_name, "start": start, "end": end},
        )


# --- node sections -------------------------------------------------------------------------


class Actor(NodeRecord):
    """An organisation or initiative of the network (Akteur)."""

    name: Name
    kind: Annotated[ActorKind, _vocabulary_term(ActorKind)]
    description: Text | None = None
    website: Url | None = None
    email: Email | None = Field(
        default=None,
        description="Kontakt der Organisation (öffentlich) / the organisation's public contact",
    )
    phone: Phone | None = None
    address: Text | None = None
    founded: PartialDate | None = Field(
        default=None,
        description="Gründung: Jahr, Monat oder Tag (2017, 2017-06, 2017-06-01) / when "
        "it was founded, to the precision known",
    )
    located_in: Slug | None = Field(default=None, description="municipality: LOCATED_IN")
    active_in: SlugList = Field(default_factory=list, description="municipalities: ACTIVE_IN")
    part_of: Slug | None = Field(default=None, description="actor: PART_OF")


class Coordinator(NodeRecord):
    """A person holding a coordination role (personal data: contact shown only to members)."""

    name: Name
    role: Text
    responsibility: Text | None = None
    email: Email | None = None
    phone: Phone | None = None
    since: IsoDate | None = None
    until: IsoDate | None = None
    works_for: SlugList = Field(default_factory=list, description="actors: WORKS_FOR")
    coordinates_offerings: SlugList = Field(default_factory=list)
    coordinates_working_groups: SlugList = Field(default_factory=list)
    coordinates_topics: SlugList = Field(default_factory=list)

    @model_validator(mode="after")
    def _period(self) -> Self:
        _check_period(self.since, self.until, "since", "until")
        return self


class Person(NodeRecord):
    """Someone who appears in the landscape without a coordination role (personal data)."""

    name: Name
    role: Text
    title: Text | None = Field(default=None, description="Titel, z. B. Dr. / academic title")
    works_for: SlugList = Field(default_factory=list, description="actors: WORKS_FOR")


class Offering(NodeRecord):
    """An offering (Angebot): course, counselling, meeting point, mentoring, ..."""

    TITLE_FIELD: ClassVar[str] = "title"

    title: Name
    kind: Annotated[OfferingKind, _vocabulary_term(OfferingKind)]
    description: Text | None = None
    schedule: Text | None = None
    capacity: Count | None = None
    cost: Amount | None = Field(default=None, description="Kosten in EUR / cost in EUR")
    start_date: IsoDate | None = None
    end_date: IsoDate | None = None
    funding_program: Text | None = None
    providers: SlugList = Field(default_factory=list, description="actors: (Actor)-[:OFFERS]->")
    topics: SlugList = Field(default_factory=list, description="topics: ADDRESSES")
    target_groups: SlugList = Field(default_factory=list, description="target groups: TARGETS")
    languages: SlugList = Field(default_factory=list, description="languages: IN_LANGUAGE")
    municipalities: SlugList = Field(default_factory=list, description="AVAILABLE_IN")

    @model_validator(mode="after")
    def _period(self) -> Self:
        _check_period(self.start_date, self.end_date, "startDate", "endDate")
        return self


class WorkingGroup(NodeRecord):
    """A working group (Arbeitskreis) of the network."""

    name: Name
    description: Text | None = None
    founded: IsoDate | None = None
    meeting_cadence: Text | None = None
    topics: SlugList = Field(default_factory=list, description="topics: ADDRESSES")


class Topic(NodeRecord):
    """A field of action (Handlungsfeld)."""

    name: Name
    description: Text | None = None


class TargetGroup(NodeRecord):
    """A target group (Zielgruppe)."""

    name: Name
    description: Text | None = None


class Municipality(NodeRecord):
    """The county, a Samtgemeinde, an Einheitsgemeinde or a member municipality."""

    name: Name
    kind: Annotated[MunicipalityKind, _vocabulary_term(MunicipalityKind)]
    ags: Ags | None = Field(
        default=None, description="Amtlicher Gemeindeschlüssel / official municipality key"
    )
    population: Count | None = None
    population_year: Year | None = None
    migrant_population: Count | None = None
    part_of: Slug | None = Field(default=None, description="municipality: PART_OF")

    @model_validator(mode="after")
    def _ags_length(self) -> Self:
        if self.ags is None:
            return self
        expected = 5 if self.kind is MunicipalityKind.COUNTY else 8
        if len(self.ags) != expected:
            raise PydanticCustomError(
                "ags",
                "ags '{ags}' has {length} digits; a {kind} has {expected}",
                {
                    "ags": self.ags,
                    "length": len(self.ags),
                    "kind": self.kind.value,
                    "expected": expected,
                },
            )
        return self


class Language(NodeRecord):
    """A language; the id is its ISO 639-1 code (``ar``), the name is German (``Arabisch``)."""

    id: IsoLanguageCode = Field(description="ISO 639-1, z. B. ar / e.g. ar")
    name: Name


class Country(NodeRecord):
    """A country of origin; the id is its ISO 3166-1 alpha-2 code in lower case (``sy``)."""

    id: IsoCountryCode = Field(description="ISO 3166-1 alpha-2, z. B. sy / e.g. sy")
    name: Name


_SLUG_RE = re.compile(SLUG_PATTERN)

AGENDA_ITEM_FIELDS = ("title", "gapKey", "measure")
"""The fields of one agenda item: its wording, and what it is about (a gap, a measure)."""


def _agenda(value: Any) -> Any:
    """The agenda as canonical JSON text: ``[{"title": ..., "gapKey": ..., "measure": ...}]``.

    Read from JSON text (a spreadsheet cell, a stored property, the API) or a list (YAML).
    Every item has a title; ``gapKey`` is the key of a gap row (``domain.gap_keys``) and
    ``measure`` the id of a measure, both optional. Kept as one property, in order, like a
    measure's status log: an agenda is one document, not a set of facts.
    """
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError as exc:
            raise PydanticCustomError(
                "agenda",
                "agenda: not valid JSON ({error})",
                {"error": str(exc), "german": f"Tagesordnung: kein gültiges JSON ({exc})"},
            ) from exc
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise PydanticCustomError(
            "agenda",
            "agenda: expected a list of (title, gapKey, measure) items",
            {"german": "Tagesordnung: eine Liste von Punkten (title, gapKey, measure) erwartet"},
        )
    items = []
    for number, item in enumerate(value, start=1):
        unknown = sorted(set(item) - set(AGENDA_ITEM_FIELDS))
        title = item.get("title")
        if unknown or not isinstance(title, str) or not title.strip():
            raise PydanticCustomError(
                "agenda",
                "agenda item {number}: needs a title, knows only title, gapKey, measure",
                {
                    "number": number,
                    "german": f"Tagesordnung, Punkt {number}: braucht einen Titel (title) "
                    "und kennt nur title, gapKey, measure",
                },
            )
        gap = item.get("gapKey") or None
        measure = item.get("measure") or None
        if gap is not None:
            try:
                gap = check_gap_key(str(gap).strip())
            except PydanticCustomError as exc:
                raise PydanticCustomError(
                    "agenda",
                    "agenda item {number}: {reason}",
                    {
                        "number": number,
                        "reason": exc.message(),
                        "german": f"Tagesordnung, Punkt {number}: '{gap}' ist kein "
                        "Lückenschlüssel (Art:Kennung[:Kennung...], z. B. "
                        "coverage:gifhorn:sprache)",
                    },
                ) from exc
        if measure is not None:
            measure = str(measure).strip()
            if not _SLUG_RE.match(measure):
                raise PydanticCustomError(
                    "agenda",
                    "agenda item {number}: '{value}' is not a measure id",
                    {
                        "number": number,
                        "value": measure,
                        "german": f"Tagesordnung, Punkt {number}: '{measure}' ist keine "
                        "Kennung einer Maßnahme",
                    },
                )
        items.append({"title": title.strip(), "gapKey": gap, "measure": measure})
    return json.dumps(items, ensure_ascii=False) if items else None


Agenda = Annotated[Text, BeforeValidator(_agenda)]
"""An ordered agenda as JSON text; each item may refer to a gap key and a measure."""


class Event(NodeRecord):
    """A network meeting or public event; a meeting (Netzwerktreffen, AK-Sitzung) may belong
    to a working group and carry its agenda."""

    name: Name
    kind: Annotated[EventKind, _vocabulary_term(EventKind)] | None = Field(
        default=None,
        description="Netzwerktreffen, AK-Sitzung oder Veranstaltung; ohne Angabe eine "
        "Veranstaltung / network meeting, working group meeting or other event; none given: "
        "an event (so events stored before meetings existed stay as they are)",
    )
    date: IsoDate | None = None
    place: Text | None = None
    description: Text | None = None
    status: Annotated[EventStatus, _vocabulary_term(EventStatus)] = EventStatus.HELD
    agenda: Agenda | None = Field(
        default=None,
        description="Tagesordnung als JSON [{title, gapKey, measure}]: Punkte, die sich auf "
        "Lücken (Schlüssel) und Maßnahmen (Kennung) beziehen können / the agenda as JSON; "
        "items may refer to a gap key and a measure id",
    )
    working_group: Slug | None = Field(
        default=None, description="working group: (Event)-[:MEETING_OF]->"
    )


def _gap_keys(value: Any) -> Any:
    """Gap keys as one text: a list (YAML, the API) or keys separated by blanks or commas."""
    if isinstance(value, list | tuple):
        value = " ".join(str(v) for v in value)
    if not isinstance(value, str):
        return value
    keys = [check_gap_key(k) for k in value.replace(",", " ").split()]
    return " ".join(_no_repeats(keys)) or None


GapKeys = Annotated[Text, BeforeValidator(_gap_keys)]
"""Keys of gap rows (``domain.gap_keys``) separated by blanks, each at most once."""


def _status_log(value: Any) -> Any:
    """The status log as canonical JSON text: ``[{"status": "idea", "date": "2026-01-05"}]``.

    Read from JSON text (a spreadsheet cell, a stored property) or a list (YAML); every
    entry has a status of the vocabulary and an ISO date or null."""
    entries = json.loads(value) if isinstance(value, str) else value
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise PydanticCustomError(
            "status_log", "statusLog: expected a list of {{status, date}} entries", {}
        )
    log = []
    for entry in entries:
        status = entry.get("status")
        when = entry.get("date")
        if status not in MeasureStatus.values() or set(entry) - {"status", "date"}:
            raise PydanticCustomError(
                "status_log",
                "statusLog: bad entry {entry}: status one of {allowed}, date YYYY-MM-DD",
                {"entry": json.dumps(entry, default=str), "allowed": MeasureStatus.values()},
            )
        try:
            when = None if when is None else date.fromisoformat(str(when)).isoformat()
        except ValueError as exc:
            raise PydanticCustomError(
                "status_log", "statusLog: '{when}' is not an ISO date", {"when": when}
            ) from exc
        log.append({"status": status, "date": when})
    return json.dumps(log, ensure_ascii=False) if log else None


StatusLog = Annotated[Text, BeforeValidator(_status_log)]


class Measure(NodeRecord):
    """A measure (Maßnahme) the network decided on to close gaps; its status is dated.

    The status log is kept by the model itself: whenever ``status`` differs from the last
    entry of ``statusLog`` (an update through the API), an entry dated today (or
    ``statusChangedAt``, when given anew) is appended, and ``statusChangedAt`` is the date
    of the last entry. So the log is complete whoever changes the status, and a load of an
    export is a fixed point.
    """

    TITLE_FIELD: ClassVar[str] = "title"

    title: Name
    description: Text | None = None
    impact_goal: Text | None = Field(
        default=None, description="Wirkungsziel, dem die Maßnahme dient / the impact goal"
    )
    priority: Annotated[MeasurePriority, _vocabulary_term(MeasurePriority)] | None = None
    status: Annotated[MeasureStatus, _vocabulary_term(MeasureStatus)] = MeasureStatus.IDEA
    status_changed_at: IsoDate | None = Field(
        default=None, description="Datum der letzten Statusänderung / last status change"
    )
    status_log: StatusLog | None = Field(
        default=None,
        description="Verlauf des Status als JSON [{status, date}] / every status with its date",
    )
    due: IsoDate | None = Field(default=None, description="Fällig bis / due date")
    gap_keys: GapKeys | None = Field(
        default=None,
        description="Schlüssel der Lücken, die die Maßnahme schließen soll (durch Leerzeichen "
        "getrennt) / keys of the gaps it addresses, e.g. coverage:meine:sprache:frauen",
    )
    internal_note: Text | None = Field(default=None, description="Interne Notiz / internal note")
    working_group: Slug | None = Field(default=None, description="working group: ASSIGNED_TO")
    actors: SlugList = Field(
        default_factory=list, description="responsible actors: (Actor)-[:RESPONSIBLE_FOR]->"
    )
    coordinators: SlugList = Field(
        default_factory=list, description="coordinators: (Coordinator)-[:COORDINATES]->"
    )
    topics: SlugList = Field(default_factory=list, description="topics: ADDRESSES")
    target_groups: SlugList = Field(default_factory=list, description="target groups: TARGETS")
    municipalities: SlugList = Field(default_factory=list, description="CONCERNS")
    decided_in: Slug | None = Field(
        default=None,
        description="die Sitzung, in der sie beschlossen wurde / the meeting that decided "
        "it: (Measure)-[:DECIDED_IN]->(Event)",
    )

    @model_validator(mode="after")
    def _dated_status(self) -> Self:
        log = json.loads(self.status_log) if self.status_log else []
        last = log[-1] if log else None
        if last is None or last["status"] != self.status.value:
            given = self.status_changed_at.isoformat() if self.status_changed_at else None
            if last is None or (given is not None and given != last["date"]):
                when = given  # the first status, or a change dated by the caller
            else:
                when = days.today().isoformat()
            log.append({"status": self.status.value, "date": when})
        changed = log[-1]["date"]
        object.__setattr__(self, "status_log", json.dumps(log, ensure_ascii=False))
        object.__setattr__(
            self, "status_changed_at", date.fromisoformat(changed) if changed else None
        )
        return self


# --- relationship sections -----------------------------------------------------------------


class Membership(RelationshipRecord):
    """``(:Actor)-[:MEMBER_OF]->(:WorkingGroup)``."""

    actor: Slug
    working_group: Slug
    role: Annotated[MembershipRole, _vocabulary_term(MembershipRole)] = MembershipRole.MEMBER
    since: IsoDate | None = None
    until: IsoDate | None = None

    @model_validator(mode="after")
    def _period(self) -> Self:
        _check_period(self.since, self.until, "since", "until")
        return self


class Cooperation(RelationshipRecord):
    """``(:Actor)-[:COOPERATES_WITH]->(:Actor)``."""

    from_: Slug = Field(alias="from")
    to: Slug
    kind: Annotated[CooperationKind, _vocabulary_term(CooperationKind)] | None = None
    since: IsoDate | None = None

    @model_validator(mode="after")
    def _not_with_itself(self) -> Self:
        if self.from_ == self.to:
            raise PydanticCustomError(
                "self_cooperation",
                "an actor cannot cooperate with itself ('{id}')",
                {"id": self.to},
            )
        return self


class Funding(RelationshipRecord):
    """``(:Actor)-[:FUNDS]->(:Offering)``."""

    funder: Slug
    offering: Slug
    program: Text | None = None


class Participation(RelationshipRecord):
    """``(:Actor|Coordinator|Person)-[:PARTICIPATED_IN]->(:Event)``: exactly one participant."""

    event: Slug
    actor: Slug | None = None
    coordinator: Slug | None = None
    person: Slug | None = None
    role: Annotated[ParticipationRole, _vocabulary_term(ParticipationRole)]
    title: Name | None = Field(default=None, description="the title of a talk or contribution")

    @model_validator(mode="after")
    def _one_participant(self) -> Self:
        given = [name for name in ("actor", "coordinator", "person") if getattr(self, name)]
        if len(given) != 1:
            raise PydanticCustomError(
                "participant",
                "name exactly one of actor, coordinator, person (got {given})",
                {"given": ", ".join(given) or "none"},
            )
        return self


class Resident(RelationshipRecord):
    """``(:Country)-[:RESIDES_IN {year}]->(:Municipality)``: residents from a country."""

    country: IsoCountryCode
    municipality: Slug
    count: Count
    year: Year


class LanguageShare(RelationshipRecord):
    """``(:Language)-[:SPOKEN_IN]->(:Country)``: the share of speakers."""

    language: IsoLanguageCode
    country: IsoCountryCode
    share: Share
