"""Turning the bytes of a text file into ``str`` with an error that says where it broke."""

from __future__ import annotations

from domain.problems import Problem, file_problem


def _decode(file: str, data: bytes, encodings: tuple[str, ...], refusal: str) -> str | Problem:
    """The text in the first encoding that fits; otherwise say at which line the bad byte
    is (in the last encoding tried)."""
    error: UnicodeDecodeError | None = None
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            error = exc
    assert error is not None
    line = data.count(b"\n", 0, error.start) + 1
    byte = data[error.start : error.start + 1].hex()
    return file_problem(file, refusal.format(byte=byte), line=line)


def decode_utf8(file: str, data: bytes) -> str | Problem:
    """Decode UTF-8 (with or without BOM); otherwise say at which line the bad byte is."""
    return _decode(
        file, data, ("utf-8-sig",), "is not UTF-8 text (byte 0x{byte}); save it as UTF-8"
    )


def decode_spreadsheet_text(file: str, data: bytes) -> str | Problem:
    """Decode a CSV as Excel saves it: UTF-8 (with or without BOM), else Windows-1252.

    German Excel saves "CSV (Trennzeichen-getrennt)" in Windows-1252, so its umlauts are
    single bytes that are not UTF-8; such a file is read instead of refused. UTF-8 is tried
    first: every file would decode as Windows-1252 (wrongly, ``Ã¼`` for ``ü``), while a
    Windows-1252 file with umlauts is practically never valid UTF-8."""
    return _decode(
        file,
        data,
        ("utf-8-sig", "cp1252"),
        "is neither UTF-8 nor Windows-1252 text (byte 0x{byte}); save it as UTF-8 CSV",
    )
