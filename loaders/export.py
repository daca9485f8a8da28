"""Write a ``Landscape`` as files the loaders read back: YAML, JSON or CSV.

One file per section (``actors.yaml``, ``actors.json``, ``actors.csv``), fields in the
order of the data contract (``id`` first, ``source`` last), missing values and empty lists
left out. YAML and JSON hold the same document; CSV puts lists into one cell separated by
``;``. Loading the files of an export gives back the same landscape.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any, Literal

import yaml

from domain.model import Record
from domain.registry import SECTIONS, NodeSection
from loaders.landscape import Landscape
from loaders.tabular import LIST_SEPARATOR

ExportFormat = Literal["yaml", "json", "csv"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("yaml", "json", "csv")


def _ordered_fields(section: str) -> list[tuple[str, str]]:
    """``(attribute, alias)`` of all fields, id first, references after properties,
    source last."""
    spec = SECTIONS[section]
    if isinstance(spec, NodeSection):
        props = [f for f in spec.property_fields if f[0] != "source"]
        links = [(link.attribute, spec.alias(link.attribute)) for link in spec.links]
        return [*props, *links, ("source", "source")]
    endpoints = [(e.attribute, spec.alias(e.attribute)) for e in (*spec.starts, spec.end)]
    return endpoints + list(spec.property_fields)


def record_to_dict(section: str, record: Record) -> dict[str, Any]:
    """A record as in a YAML file: aliases, plain values, nothing empty."""
    data: dict[str, Any] = {}
    for attribute, alias in _ordered_fields(section):
        value = getattr(record, attribute)
        if value is None or value == []:
            continue
        if isinstance(value, Enum):
            value = value.value
        data[alias] = list(value) if isinstance(value, list) else value
    return data


def to_document(landscape: Landscape) -> dict[str, list[dict[str, Any]]]:
    """Sections with records, in registry order; empty sections are left out."""
    return {
        name: [record_to_dict(name, r) for r in landscape.records(name)]
        for name in SECTIONS
        if landscape.records(name)
    }


def _json_default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _write_yaml(path: Path, section: str, records: list[dict[str, Any]]) -> None:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    with path.open("w", encoding="utf-8") as handle:
        yaml.dump(
            {section: records},
            handle,
            Dumper=dumper,
            allow_unicode=True,
            sort_keys=False,
            width=100,
        )


def _write_json(path: Path, section: str, records: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        json.dump({section: records}, handle, ensure_ascii=False, indent=1, default=_json_default)
        handle.write("\n")


def _cell(value: Any) -> str:
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(v) for v in value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _write_csv(path: Path, section: str, records: list[dict[str, Any]]) -> None:
    present = {key for record in records for key in record}
    header = [alias for _, alias in _ordered_fields(section) if alias in present]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for record in records:
            writer.writerow([_cell(record[a]) if a in record else "" for a in header])


WRITERS = {"yaml": _write_yaml, "json": _write_json, "csv": _write_csv}


def export_landscape(landscape: Landscape, out: Path, fmt: ExportFormat) -> list[Path]:
    """Write one file per non-empty section into ``out`` (created if missing)."""
    if fmt not in WRITERS:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(WRITERS)}")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for section, records in to_document(landscape).items():
        path = out / f"{section}.{fmt}"
        WRITERS[fmt](path, section, records)
        written.append(path)
    return written


def stale_exports(out: Path, written: Iterable[Path]) -> list[Path]:
    """Files in ``out`` that look like section exports but were not written now (a section
    that has become empty): loading the folder would bring them back, so say so."""
    names = {p.name for p in written}
    return sorted(
        p
        for p in out.iterdir()
        if p.is_file()
        and p.stem in SECTIONS
        and p.suffix.lstrip(".") in WRITERS
        and p.name not in names
    )
