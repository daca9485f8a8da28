"""Writing output files from commands: complete or absent, and a clear error otherwise.

Used by `schema export` and `export-network` (single files) and `export` (a folder, through
``loaders.export``). A full disk, a file-size limit (``ulimit -f``) or a missing permission
ends the command with one line naming the target and the cause, never with a traceback,
and never leaves half a file behind.
"""

from __future__ import annotations

import gc
import signal
import sys
from collections.abc import Callable
from pathlib import Path

import typer

from cli.console import err, error_line
from loaders.atomic import describe_os_error, staged_file


def file_size_limit_as_error() -> None:
    """Make a file-size limit an ``OSError`` (EFBIG) instead of a fatal SIGXFSZ, so that it
    can be reported and the temporary file removed."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def fail_writing(error: OSError, target: Path) -> typer.Exit:
    """Report ``error`` in one line and give the ``Exit`` to raise.

    Writers that failed half-way (openpyxl's sheet streams, zip files) try to flush again
    when they are collected and print "Exception ignored" tracebacks; they are collected
    here, quietly, so the user sees only the one line."""
    _collect_quietly(error)
    err().print(error_line(describe_os_error(error, target)))
    return typer.Exit(1)


def _collect_quietly(error: BaseException) -> None:
    previous = sys.unraisablehook
    sys.unraisablehook = lambda _unraisable: None
    try:
        seen: BaseException | None = error
        while seen is not None:  # the failed writers' frames go now, along the whole chain
            seen.__traceback__ = None
            seen = seen.__cause__ or seen.__context__
        gc.collect()
    finally:
        sys.unraisablehook = previous


def write_atomically(target: Path, write: Callable[[Path], object]) -> None:
    """Call ``write`` with a temporary path beside ``target``, then rename it into place."""
    file_size_limit_as_error()
    try:
        with staged_file(target) as temporary:
            write(temporary)
    except OSError as error:
        raise fail_writing(error, target) from None
