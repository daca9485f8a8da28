"""Turning the bytes of a text file into ``str`` with an error that says where it broke."""

from __future__ import annotations

from loaders.problems import Problem, file_problem


def decode_utf8(file: str, data: bytes) -> str | Problem:
    """Decode UTF-8 (with or without BOM); otherwise say at which line the bad byte is."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        byte = data[exc.start : exc.start + 1].hex()
        return file_problem(
            file,
            f"is not UTF-8 text (byte 0x{byte}); save it as UTF-8",
            line=line,
        )


def decode_spreadsheet_text(file: str, data: bytes) -> str | Problem:
    """Decode a CSV as Excel saves it: UTF-8 (with or without BOM), else Windows-1252.

    German Excel saves "CSV (Trennzeichen-getrennt)" in Windows-1252, so umlauts arrive as
    single bytes that are not UTF-8; such a file is read as Windows-1252 instead of refused.
    UTF-8 is tried first because a valid UTF-8 file with umlauts is never valid the other
    way round by accident (its multi-byte sequences would read as ``Ã¼``)."""
    decoded = decode_utf8(file, data)
    if isinstance(decoded, str):
        return decoded
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        byte = data[exc.start : exc.start + 1].hex()
        return file_problem(
            file,
            f"is neither UTF-8 nor Windows-1252 text (byte 0x{byte}); save it as UTF-8 CSV",
            line=line,
        )
