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
