"""Which reader a file needs, and whether its content is what its extension says.

A ``.csv`` that is really a workbook, a ``.json`` that is really YAML, a ``.xlsx`` that is
really text: each gets a sentence that names the file and what it looks like, before any
parser sees it and throws an exception the user cannot read.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls / .doc


class Format(StrEnum):
    YAML = "yaml"
    JSON = "json"
    CSV = "csv"
    XLSX = "xlsx"


EXTENSIONS: dict[str, Format] = {
    ".yaml": Format.YAML,
    ".yml": Format.YAML,
    ".json": Format.JSON,
    ".csv": Format.CSV,
    ".xlsx": Format.XLSX,
}


def format_for(path: Path) -> Format | None:
    """The format an extension promises, or ``None`` for a file we do not read."""
    return EXTENSIONS.get(path.suffix.lower())


def _looks_like(head: bytes) -> str:
    """A short description of what some bytes look like, for error messages."""
    if head.startswith(ZIP_MAGIC):
        return "a zip archive (an Excel workbook?)"
    if head.startswith(OLE_MAGIC):
        return "an old binary Office file (.xls?)"
    if head.startswith(b"%PDF"):
        return "a PDF document"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16 text"
    if b"\x00" in head:
        return "binary data"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith((b"{", b"[")):
        return "JSON"
    first_line = text.split(b"\n", 1)[0]
    if first_line.count(b",") + first_line.count(b";") >= 2 and b":" not in first_line:
        return "CSV"
    if b":" in first_line:
        return "YAML"
    return "text"


def check_content(fmt: Format, head: bytes) -> str | None:
    """Why the first bytes of a file do not fit its format, or ``None`` if they might."""
    looks = _looks_like(head)
    if fmt is Format.XLSX:
        if head.startswith(ZIP_MAGIC):
            return None
        if head.startswith(OLE_MAGIC):
            return "is an old Excel file (.xls): save it as an Excel workbook (.xlsx)"
        return f"is not an Excel workbook (.xlsx): it looks like {looks}"
    if head.startswith((ZIP_MAGIC, OLE_MAGIC, b"%PDF")) or b"\x00" in head:
        return f"is not a {fmt.value.upper()} text file: it looks like {looks}"
    if fmt is Format.JSON and looks not in ("JSON",):
        return f"is not JSON (it should start with '{{'): it looks like {looks}"
    if fmt is Format.CSV and looks == "JSON":
        return "is not CSV: it looks like JSON"
    return None
