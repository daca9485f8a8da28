"""From paths to source records: find the files, guard them, hand each to its reader."""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

from domain.problems import Problem, file_problem
from loaders.csv_reader import read_csv
from loaders.json_reader import read_json, with_lines
from loaders.sniff import EXTENSIONS, Format, check_content, format_for
from loaders.source import ReadResult
from loaders.xlsx_reader import read_xlsx
from loaders.yaml_reader import read_yaml

DEFAULT_MAX_BYTES = 50 * 1000 * 1000
"""Files larger than this (50 MB) are refused before they are read: a landscape that big is
almost certainly the wrong file, and parsing it would hold the whole thing in memory."""

READERS: dict[Format, Callable[[str, bytes], ReadResult]] = {
    Format.YAML: read_yaml,
    Format.JSON: read_json,
    Format.CSV: read_csv,
    Format.XLSX: read_xlsx,
}


def expand_paths(
    paths: Iterable[str | Path], *, follow_links: bool = False
) -> tuple[list[Path], list[Problem]]:
    """Files named directly, plus the supported files in named folders (recursively, sorted;
    hidden files and files of other types in folders are skipped).

    A symbolic link inside a folder is not followed unless ``follow_links``: a folder
    someone else prepared could otherwise make a load read (and print lines of) any file
    the user may read, ``actors.csv -> /etc/passwd``. A skipped link is a problem that names
    it, so that nothing is left out silently. A path named directly is read as named."""
    files: list[Path] = []
    problems: list[Problem] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            before = len(problems)
            found = _folder_files(path, follow_links, problems)
            if not found and len(problems) == before:
                problems.append(
                    file_problem(
                        str(path),
                        "Ordner enthält keine .yaml-, .json-, .csv- oder .xlsx-Datei / "
                        "folder holds no .yaml, .json, .csv or .xlsx file",
                    )
                )
            files.extend(found)
        elif path.is_file():
            if format_for(path) is None:
                known = ", ".join(EXTENSIONS)
                suffix = path.suffix or "(keine / none)"
                reason = (
                    f"Dateityp '{suffix}' wird nicht gelesen, erlaubt: {known} / "
                    f"unsupported file type '{suffix}'; use one of {known}"
                )
                problems.append(file_problem(str(path), reason))
            else:
                files.append(path)
        elif path.exists():
            problems.append(
                file_problem(str(path), "ist keine gewöhnliche Datei / is not a regular file")
            )
        else:
            problems.append(file_problem(str(path), "existiert nicht / does not exist"))
    unique = list(dict.fromkeys(p.resolve() for p in files))
    by_resolved = {p.resolve(): p for p in files}
    return [by_resolved[p] for p in unique], problems


SKIPPED_LINK = (
    "ist ein symbolischer Link und wurde nicht gelesen (mit --follow-links lesen) / "
    "is a symbolic link and was not followed (--follow-links follows it)"
)


def _folder_files(folder: Path, follow_links: bool, problems: list[Problem]) -> list[Path]:
    """The supported, visible files under ``folder``, sorted; links only if followed (each
    real folder once, so a link loop ends)."""
    found: list[Path] = []
    seen: set[str] = set()
    for top, dirs, names in os.walk(folder, followlinks=follow_links):
        real = os.path.realpath(top)
        if real in seen:
            dirs[:] = []
            continue
        seen.add(real)
        here = Path(top)
        kept = []
        for name in sorted(dirs):
            if name.startswith("."):
                continue
            if (here / name).is_symlink() and not follow_links:
                problems.append(file_problem(str(here / name), SKIPPED_LINK))
                continue
            kept.append(name)
        dirs[:] = kept
        for name in names:
            candidate = here / name
            if name.startswith(".") or format_for(candidate) is None:
                continue
            if candidate.is_symlink() and not follow_links:
                problems.append(file_problem(str(candidate), SKIPPED_LINK))
            elif candidate.is_file():
                found.append(candidate)
    return sorted(found)


def read_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> ReadResult:
    """Read one file with the reader its extension names, after guarding size and content."""
    file = str(path)
    fmt = format_for(path)
    if fmt is None:
        return ReadResult(problems=[file_problem(file, f"unsupported file type '{path.suffix}'")])
    try:
        size = path.stat().st_size
        if size > max_bytes:
            reason = (
                f"is {size / 1e6:.1f} MB, larger than the limit of {max_bytes / 1e6:.1f} MB "
                "(raise it with --max-file-size if this is really a landscape)"
            )
            return ReadResult(problems=[file_problem(file, reason)])
        data = path.read_bytes()
    except OSError as exc:
        return ReadResult(problems=[file_problem(file, f"cannot be read: {exc.strerror}")])
    if not data.strip():
        return ReadResult(problems=[file_problem(file, "is empty")])
    mismatch = check_content(fmt, data[:4096])
    if mismatch is not None:
        return ReadResult(problems=[file_problem(file, mismatch)])
    return READERS[fmt](file, data)


def relocate_problems(problems: list[Problem]) -> list[Problem]:
    """Give problems in JSON files line numbers instead of record indexes (worked out only
    now, because finding them is slow and only needed when something is wrong)."""
    by_file: dict[str, list[Problem]] = defaultdict(list)
    for problem in problems:
        by_file[problem.file].append(problem)
    result: list[Problem] = []
    for file, group in by_file.items():
        if format_for(Path(file)) is Format.JSON and any(p.origin.unit == "record" for p in group):
            try:
                text = Path(file).read_bytes().decode("utf-8-sig")
            except (OSError, UnicodeDecodeError):
                result.extend(group)
                continue
            result.extend(with_lines(group, text))
        else:
            result.extend(group)
    return result
