"""An HSDS 3 dataset -> source records -> the usual validated ``Landscape``.

The reader only translates: HSDS rows become records of our sections (the mapping is in
``loaders.hsds``), each with the file and row it came from. Validation, duplicate and
reference checks are the loaders' own (``loaders.landscape.landscape_from_sources``), so
an HSDS load gives the same guarantees as any other: all or nothing, and every problem
named with file, row and field; fields are named as HSDS names them (``name``,
``organization_id``, ``attribute (actor-kinds)``).

Records of other systems have no ids of ours: they get one made from their name
(``Caritas Gifhorn`` -> ``caritas-gifhorn``, numbered when two share a name), and
``source`` says which dataset they came from.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from domain.landscape import KnownIds, Landscape
from domain.problems import LoadError, Origin, Problem, file_problem
from loaders.generated_ids import slugify
from loaders.hsds.mapping import (
    FIELD_TERMS,
    FIELDS,
    HSDS_FIELDS,
    IDENTIFIER_SCHEME,
    JSON_FILE,
    KIND_TAXONOMIES,
    TABLES,
    TARGET_GROUPS,
    TOPICS,
    URN,
)
from loaders.landscape import landscape_from_sources
from loaders.readers import DEFAULT_MAX_BYTES
from loaders.source import SourceRecord
from loaders.text import decode_utf8

OUR_TAXONOMIES = {
    t.id: t for t in (TOPICS, TARGET_GROUPS, FIELDS, *(k for k, _ in KIND_TAXONOMIES.values()))
}


@dataclass(frozen=True)
class Place:
    """A municipality of the graph, to which service areas are matched."""

    id: str
    name: str
    ags: str | None = None


@dataclass(frozen=True)
class Row:
    """One HSDS row and where it is (``services.csv`` row 5, ``hsds.json`` record 3)."""

    table: str
    data: dict[str, Any]
    origin: Origin


# --- reading the tables --------------------------------------------------------------------


def read_tables(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[list[Row], list[Problem]]:
    """The rows of a dataset folder (CSV tables, or ``hsds.json`` when there are none) or of
    one tabular JSON file."""
    if path.is_file() and path.suffix.lower() == ".json":
        return _read_json(path, max_bytes)
    if not path.is_dir():
        return [], [file_problem(str(path), "is neither an HSDS folder nor an HSDS .json file")]
    csv_files = [(t, path / f) for t, (f, _) in TABLES.items() if (path / f).is_file()]
    if csv_files:
        rows: list[Row] = []
        problems: list[Problem] = []
        for table, file in csv_files:
            found, trouble = _read_csv(table, file, max_bytes)
            rows.extend(found)
            problems.extend(trouble)
        return rows, problems
    if (path / JSON_FILE).is_file():
        return _read_json(path / JSON_FILE, max_bytes)
    names = ", ".join(f for f, _ in TABLES.values())
    return [], [file_problem(str(path), f"holds no HSDS table ({names}) and no {JSON_FILE}")]


def _bytes(path: Path, max_bytes: int) -> bytes | Problem:
    try:
        if path.stat().st_size > max_bytes:
            return file_problem(str(path), f"is larger than {max_bytes / 1e6:.1f} MB")
        return path.read_bytes()
    except OSError as exc:
        return file_problem(str(path), f"cannot be read: {exc.strerror}")


def _read_csv(table: str, path: Path, max_bytes: int) -> tuple[list[Row], list[Problem]]:
    data = _bytes(path, max_bytes)
    text = decode_utf8(str(path), data) if isinstance(data, bytes) else data
    if isinstance(text, Problem):
        return [], [text]
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows = []
    try:
        for number, record in enumerate(reader, start=2):
            values = {k: v.strip() for k, v in record.items() if k and v and v.strip()}
            rows.append(Row(table, values, Origin(str(path), number, "row")))
    except csv.Error as exc:
        return rows, [file_problem(str(path), f"is not valid CSV: {exc}")]
    return rows, []


def _read_json(path: Path, max_bytes: int) -> tuple[list[Row], list[Problem]]:
    data = _bytes(path, max_bytes)
    text = decode_utf8(str(path), data) if isinstance(data, bytes) else data
    if isinstance(text, Problem):
        return [], [text]
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        return [], [file_problem(str(path), f"is not valid JSON: {exc.msg}", line=exc.lineno)]
    if not isinstance(document, dict):
        return [], [file_problem(str(path), "must be an object of tables (organization: [...])")]
    rows, problems = [], []
    for table, records in document.items():
        if table not in TABLES:
            continue  # a table we do not map (location, program, ...)
        if not isinstance(records, list):
            problems.append(file_problem(str(path), f"table '{table}' must be a list"))
            continue
        for index, record in enumerate(records, start=1):
            origin = Origin(str(path), index, "record", sheet=table)
            if not isinstance(record, dict):
                problems.append(Problem(origin, "", "each row must be an object"))
                continue
            values = {k: v for k, v in record.items() if v not in (None, "", [])}
            rows.append(Row(table, values, origin))
    return rows, problems


# --- from rows to source records -----------------------------------------------------------


@dataclass
class _Ids:
    """HSDS id -> our id for one table, making unique ids from names where needed."""

    ours: dict[str, str] = field(default_factory=dict)
    taken: set[str] = field(default_factory=set)

    def assign(self, hsds: str, given: str | None, name: str) -> str:
        wanted = given or slugify(name)
        chosen, number = wanted, 1
        while given is None and chosen in self.taken:
            number += 1
            chosen = f"{wanted}-{number}"
        self.taken.add(chosen)
        self.ours[hsds] = chosen
        return chosen


class _Dataset:
    """The rows of one dataset, indexed the ways the mapping asks for them."""

    def __init__(self, rows: Iterable[Row], source: str) -> None:
        self.source = source
        self.tables: dict[str, list[Row]] = defaultdict(list)
        for row in rows:
            self.tables[row.table].append(row)
        self.by_link: dict[str, list[Row]] = defaultdict(list)
        for row in self.tables["attribute"]:
            self.by_link[str(row.data.get("link_id", ""))].append(row)
        self.terms = {str(r.data.get("id")): r for r in self.tables["taxonomy_term"]}
        self._index: dict[tuple[str, str], dict[str, list[Row]]] = {}

    def children(self, table: str, key: str, value: str) -> list[Row]:
        """Rows of ``table`` whose ``key`` column is ``value`` (indexed on first use)."""
        index = self._index.get((table, key))
        if index is None:
            index = defaultdict(list)
            for row in self.tables[table]:
                index[str(row.data.get(key, ""))].append(row)
            self._index[(table, key)] = index
        return index.get(value, [])

    def our_term(self, term_id: str) -> tuple[str, str] | None:
        """``(taxonomy key, code)`` when the term is one of our published taxonomies."""
        term = self.terms.get(term_id)
        if term is None:
            return None
        taxonomy = OUR_TAXONOMIES.get(str(term.data.get("taxonomy_id", "")))
        uri = str(term.data.get("term_uri", ""))
        if taxonomy is None:
            taxonomy = next((t for t in OUR_TAXONOMIES.values() if uri.startswith(t.uri)), None)
        if taxonomy is None or "code" not in term.data:
            return None
        return taxonomy.key, taxonomy.our_code(str(term.data["code"]))

    def terms_of(self, link_id: str, key: str) -> list[str]:
        codes = []
        for attribute in self.by_link.get(link_id, []):
            found = self.our_term(str(attribute.data.get("taxonomy_term_id", "")))
            if found is not None and found[0] == key:
                codes.append(found[1])
        return codes

    def fields(self, link_id: str, name: str) -> list[str]:
        values = []
        for attribute in self.by_link.get(link_id, []):
            found = self.our_term(str(attribute.data.get("taxonomy_term_id", "")))
            if found == (FIELDS.key, name) and "value" in attribute.data:
                values.append(str(attribute.data["value"]))
        return values

    def field(self, link_id: str, name: str) -> str | None:
        values = self.fields(link_id, name)
        return values[0] if values else None

    def source_of(self, link_id: str) -> str:
        return self.field(link_id, "source") or self.source


def _year(row: Row) -> str | None:
    """``year_incorporated`` of another system's organization, as a founding year."""
    year = row.data.get("year_incorporated")
    if isinstance(year, bool) or year in (None, ""):
        return None
    text = str(int(year)) if isinstance(year, int | float) else str(year).strip()
    return text if text.isdigit() and len(text) == 4 else None


def _text(row: Row, column: str) -> str | None:
    value = row.data.get(column)
    return None if value in (None, "") else str(value)


def _compact(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v not in (None, [], "")}


class _Mapper:
    """Builds the source records of every section from one dataset."""

    def __init__(self, data: _Dataset, places: Sequence[Place], include_personal: bool) -> None:
        self.data = data
        self.places = places
        self.include_personal = include_personal
        self.problems: list[Problem] = []
        self.ids: dict[str, _Ids] = defaultdict(_Ids)

    def sources(self) -> list[SourceRecord]:
        self._assign_ids()
        records = [*self._vocabulary(), *self._languages(), *self._actors(), *self._offerings()]
        records.extend(self._fundings())
        if self.include_personal:
            records.extend(self._contacts())
        return records

    def _assign_ids(self) -> None:
        for row in self.data.tables["organization"]:
            given = self._our_identifier(_id(row))
            self.ids["organization"].assign(_id(row), given, _text(row, "name") or "")
        for table in ("service", "contact"):
            for row in self.data.tables[table]:
                given = self.data.field(_id(row), "id")
                self.ids[table].assign(_id(row), given, _text(row, "name") or "")

    def _our_identifier(self, organization: str) -> str | None:
        for row in self.data.children("organization_identifier", "organization_id", organization):
            if row.data.get("identifier_scheme") == IDENTIFIER_SCHEME and "identifier" in row.data:
                return str(row.data["identifier"])
        return None

    def _reference(self, row: Row, column: str, table: str) -> str | None:
        """Our id of the row another row names in ``column``, or a problem."""
        value = _text(row, column)
        if value is None:
            return None
        found = self.ids[table].ours.get(value)
        if found is None:
            reason = f"no {table} with id '{value}' in the dataset"
            self.problems.append(Problem(row.origin, column, reason))
        return found

    def _vocabulary(self) -> Iterator[SourceRecord]:
        for term in self.data.tables["taxonomy_term"]:
            ours = self.data.our_term(_id(term))
            if ours is None or ours[0] not in (TOPICS.key, TARGET_GROUPS.key):
                continue
            taxonomy = TOPICS if ours[0] == TOPICS.key else TARGET_GROUPS
            name = _text(term, "name")
            description = _text(term, "description")
            if name is not None and description == taxonomy.default_description(name):
                description = None  # the stand-in for a term without a description
            record = {
                "id": ours[1],
                "name": name,
                "description": description,
                "source": self.data.source_of(_id(term)),
            }
            section = "topics" if taxonomy is TOPICS else "targetGroups"
            yield SourceRecord(section, _compact(record), term.origin)

    def _languages(self) -> Iterator[SourceRecord]:
        seen: set[str] = set()
        for row in self.data.tables["language"]:
            code = (_text(row, "code") or "").lower()
            if code in seen or not code:
                continue
            seen.add(code)
            record = {
                "id": code,
                "name": _text(row, "name") or code,
                "source": self.data.source_of(_id(row)),
            }
            yield SourceRecord("languages", record, row.origin)

    def _actors(self) -> Iterator[SourceRecord]:
        kinds = KIND_TAXONOMIES["organization"][0].key
        for row in self.data.tables["organization"]:
            key = _id(row)
            phones = self.data.children("phone", "organization_id", key)
            record = {
                "id": self.ids["organization"].ours[key],
                "name": _text(row, "name"),
                "kind": next(iter(self.data.terms_of(key, kinds)), None),
                "description": _text(row, "description"),
                "website": _text(row, "website"),
                "email": _text(row, "email"),
                "phone": _text(phones[0], "number") if phones else None,
                "address": self.data.field(key, "address"),
                "founded": self.data.field(key, "founded") or _year(row),
                "locatedIn": self.data.field(key, "locatedIn"),
                "activeIn": self.data.fields(key, "activeIn"),
                "partOf": self._reference(row, "parent_organization_id", "organization"),
                "source": self.data.source_of(key),
            }
            yield SourceRecord("actors", _compact(record), row.origin)

    def _offerings(self) -> Iterator[SourceRecord]:
        kinds = KIND_TAXONOMIES["service"][0].key
        for row in self.data.tables["service"]:
            key = _id(row)
            provider = self._reference(row, "organization_id", "organization")
            record = {
                "id": self.ids["service"].ours[key],
                "title": _text(row, "name"),
                "kind": next(iter(self.data.terms_of(key, kinds)), None),
                "description": _text(row, "description"),
                **self._schedule(key),
                "capacity": self.data.field(key, "capacity"),
                "cost": next(
                    (
                        c.data["amount"]
                        for c in self.data.children("cost_option", "service_id", key)
                        if "amount" in c.data
                    ),
                    None,
                ),
                "fundingProgram": "; ".join(
                    str(f.data["source"])
                    for f in self.data.children("funding", "service_id", key)
                    if "source" in f.data and self.data.field(_id(f), "funder") is None
                ),
                "providers": [p for p in (provider, *self.data.fields(key, "provider")) if p],
                "topics": self.data.terms_of(key, TOPICS.key),
                "targetGroups": self.data.terms_of(key, TARGET_GROUPS.key),
                "languages": list(
                    dict.fromkeys(
                        str(lang.data["code"]).lower()
                        for lang in self.data.children("language", "service_id", key)
                        if "code" in lang.data
                    )
                ),
                "municipalities": self._areas(key),
                "source": self.data.source_of(key),
            }
            yield SourceRecord("offerings", _compact(record), row.origin)

    def _schedule(self, service: str) -> dict[str, Any]:
        """All schedules of a service as one text, the earliest start and the latest end."""
        rows = self.data.children("schedule", "service_id", service)
        texts = [_schedule_text(r) for r in rows]
        starts = sorted(str(r.data["valid_from"]) for r in rows if "valid_from" in r.data)
        ends = sorted(str(r.data["valid_to"]) for r in rows if "valid_to" in r.data)
        return {
            "schedule": "; ".join(t for t in texts if t),
            "startDate": starts[0] if starts else None,
            "endDate": ends[-1] if ends else None,
        }

    def _areas(self, service: str) -> list[str]:
        found = []
        for area in self.data.children("service_area", "service_id", service):
            place = self._place(area)
            if place is None:
                name = _text(area, "name") or _id(area)
                reason = (
                    f"service area '{name}' matches no municipality in the graph (by AGS, "
                    "id or name); load the municipalities first"
                )
                self.problems.append(Problem(area.origin, "name", reason))
            elif place.id not in found:
                found.append(place.id)
        return found

    def _place(self, area: Row) -> Place | None:
        """The municipality a service area names: by AGS, by our id in its URI, by name."""
        ags = self.data.field(_id(area), "ags")
        uri = _text(area, "uri") or ""
        prefix = f"{URN}:municipality:"
        slug = uri.removeprefix(prefix) if uri.startswith(prefix) else None
        name = (_text(area, "name") or "").casefold()
        by_ags = [p for p in self.places if ags is not None and p.ags == ags]
        by_id = [p for p in self.places if p.id == slug]
        by_name = [p for p in self.places if p.name.casefold() == name]
        return next(iter(by_ags + by_id + by_name), None)

    def _fundings(self) -> Iterator[SourceRecord]:
        for row in self.data.tables["funding"]:
            funder = self.data.field(_id(row), "funder")
            if funder is None:
                self._reference(row, "service_id", "service")  # reported if unknown
                continue  # a funding programme of the service, see _offerings
            record = {
                "funder": funder,
                "offering": self._reference(row, "service_id", "service"),
                "program": self.data.field(_id(row), "program"),
                "source": self.data.source_of(_id(row)),
            }
            yield SourceRecord("fundings", _compact(record), row.origin)

    def _contacts(self) -> Iterator[SourceRecord]:
        for row in self.data.tables["contact"]:
            key = _id(row)
            works_for = self._reference(row, "organization_id", "organization")
            offering = self._reference(row, "service_id", "service")
            phones = self.data.children("phone", "contact_id", key)
            record = {
                "id": self.ids["contact"].ours[key],
                "name": _text(row, "name"),
                "role": _text(row, "title"),
                "responsibility": self.data.field(key, "responsibility"),
                "email": _text(row, "email"),
                "phone": _text(phones[0], "number") if phones else None,
                "since": self.data.field(key, "since"),
                "until": self.data.field(key, "until"),
                "worksFor": [w for w in (works_for, *self.data.fields(key, "worksFor")) if w],
                "coordinatesOfferings": [
                    o for o in (offering, *self.data.fields(key, "coordinatesOffering")) if o
                ],
                "coordinatesTopics": self.data.fields(key, "coordinatesTopic"),
                "source": self.data.source_of(key),
            }
            yield SourceRecord("coordinators", _compact(record), row.origin)


def _id(row: Row) -> str:
    return str(row.data.get("id", ""))


def _schedule_text(row: Row) -> str:
    """The schedule's description, or its recurrence in short (``WEEKLY MO,WE 09:00-12:00``)."""
    if "description" in row.data:
        return str(row.data["description"])
    parts = [str(row.data[k]) for k in ("freq", "byday") if k in row.data]
    hours = "-".join(str(row.data[k]) for k in ("opens_at", "closes_at") if k in row.data)
    return " ".join([*parts, hours]).strip()


# --- the load ------------------------------------------------------------------------------


def _hsds_field(problem: Problem) -> Problem:
    """Name the field as HSDS names it (``name`` for our ``title``)."""
    field_name = problem.field.split("[")[0]
    name = HSDS_FIELDS.get((problem.section, field_name))
    if name is None and field_name in FIELD_TERMS:
        name = f"attribute (fields: {field_name})"
    if name is None:
        return problem
    return Problem(problem.origin, name, problem.reason, problem.section)


SHIPPED_MUNICIPALITIES = (
    Path(__file__).resolve().parent.parent / "data" / "gifhorn" / ("municipalities.yaml")
)
"""The municipalities of Landkreis Gifhorn shipped with the project: loaded along with an
HSDS dataset into a graph that holds none, since HSDS names service areas but cannot
define the municipalities (kind, population, hierarchy)."""


def shipped_municipalities(path: Path = SHIPPED_MUNICIPALITIES) -> list[SourceRecord]:
    """The municipality records of a landscape file (the shipped ones by default)."""
    from loaders.readers import read_file

    result = read_file(path)
    if result.problems:
        raise LoadError(result.problems)
    return [r for r in result.records if r.section == "municipalities"]


def read_hsds(
    path: Path,
    *,
    places: Sequence[Place],
    known_ids: KnownIds | None,
    include_personal: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    municipalities: Sequence[SourceRecord] = (),
) -> Landscape:
    """Read an HSDS dataset into a validated landscape, or raise ``LoadError`` listing
    every problem. ``places`` are the municipalities of the graph that service areas may
    name; ``municipalities`` are records loaded along (``shipped_municipalities()`` into an
    empty graph), which service areas may name as well. Contacts (personal data) are read
    only with ``include_personal``."""
    rows, problems = read_tables(path, max_bytes)
    along = [
        Place(str(m.data["id"]), str(m.data["name"]), m.data.get("ags")) for m in municipalities
    ]
    dataset = _Dataset(rows, f"HSDS-Import {path.name}")
    mapper = _Mapper(dataset, [*places, *along], include_personal)
    sources = [*municipalities, *mapper.sources()]
    problems.extend(mapper.problems)
    try:
        return landscape_from_sources(sources, problems, known_ids)
    except LoadError as error:
        raise LoadError(_hsds_field(p) for p in error.problems) from None
