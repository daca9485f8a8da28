"""Write a ``Landscape`` as files the loaders read back: YAML, JSON, CSV or for Excel.

One file per section (``actors.yaml``, ``actors.json``, ``actors.csv``), fields in the
order of the data contract (``id`` first, ``source`` last), missing values and empty lists
left out. YAML and JSON hold the same document; CSV puts lists into one cell separated by
``;`` and escapes text a spreadsheet would run as a formula. ``xlsx`` (one workbook) and
``excel-csv`` are the German spreadsheets of ``loaders.spreadsheet``. Loading the files of
an export gives back the same landscape.

The files are written into a temporary folder and renamed into place (``loaders.atomic``):
an export is complete or absent.
"""

from __future__ import annotations

import csv
import json
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any, Literal

import yaml

from domain.landscape import Landscape
from domain.model import Record
from domain.registry import SECTIONS, NodeSection
from loaders.atomic import staged_folder
from loaders.tabular import LIST_SEPARATOR, escape_formula

ExportFormat = Literal["yaml", "json", "csv", "xlsx", "excel-csv"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("yaml", "json", "csv", "xlsx", "excel-csv")
WORKBOOK_NAME = "landschaft.xlsx"
"""The file name of an ``xlsx`` export (one workbook with a sheet per section)."""


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
        return escape_formula(LIST_SEPARATOR.join(str(v) for v in value))
    if isinstance(value, date):
        return value.isoformat()
    return escape_formula(str(value))


def _write_csv(path: Path, section: str, records: list[dict[str, Any]]) -> None:
    present = {key for record in records for key in record}
    header = [alias for _, alias in _ordered_fields(section) if alias in present]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for record in records:
            writer.writerow([_cell(record[a]) if a in record else "" for a in header])


WRITERS = {"yaml": _write_yaml, "json": _write_json, "csv": _write_csv}


def _write_files(landscape: Landscape, out: Path, fmt: ExportFormat) -> list[Path]:
    from loaders import spreadsheet

    if fmt == "xlsx":
        spreadsheet.write_xlsx(landscape, out / WORKBOOK_NAME)
        return [out / WORKBOOK_NAME]
    if fmt == "excel-csv":
        return spreadsheet.write_excel_csv(landscape, out)
    written = []
    for section, records in to_document(landscape).items():
        path = out / f"{section}.{fmt}"
        WRITERS[fmt](path, section, records)
        written.append(path)
    return written


def export_landscape(landscape: Landscape, out: Path, fmt: ExportFormat) -> list[Path]:
    """Write the files of ``fmt`` into ``out`` (created if missing), completely or not at
    all; an existing ``out`` is replaced (the caller checks it holds only an export)."""
    if fmt not in EXPORT_FORMATS:
        known = ", ".join(EXPORT_FORMATS)
        raise ValueError(f"unknown export format {fmt!r}; use one of {known}")
    with staged_folder(out) as staging:
        names = [p.name for p in _write_files(landscape, staging, fmt)]
    return [out / name for name in names]


def is_export_file(path: Path) -> bool:
    """Whether a file looks like one an export writes (a section file or the workbook)."""
    from loaders.headers import section_for

    suffix = path.suffix.lstrip(".").lower()
    return path.name == WORKBOOK_NAME or (suffix in WRITERS and section_for(path.stem) is not None)


def export_names(landscape: Landscape, fmt: ExportFormat) -> list[str]:
    """The file names an export of ``landscape`` in ``fmt`` writes."""
    from loaders.spreadsheet import sheet_name

    if fmt == "xlsx":
        return [WORKBOOK_NAME]
    sections = list(to_document(landscape))
    if fmt == "excel-csv":
        return [f"{sheet_name(section)}.csv" for section in sections]
    return [f"{section}.{fmt}" for section in sections]


def unexpected_files(out: Path, names: list[str]) -> list[Path]:
    """Entries of ``out`` that this export would not write. An export replaces the whole
    folder, so it refuses one holding anything else: other files would be lost, and files
    of an older export that would stay would come back with the next load."""
    wanted = set(names)
    return sorted(p for p in out.iterdir() if p.name not in wanted)
