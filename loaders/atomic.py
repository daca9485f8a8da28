"""Exports that are complete or absent: write beside the target, then rename into place.

An export interrupted by a full disk, a file-size limit or a missing permission must not
leave half a folder that a later ``load`` would take for the whole landscape. Files and
folders are therefore written under a hidden temporary name in the target's own folder
(same file system, so the final ``rename`` is atomic) and renamed only when complete; on
any failure the temporary copy is removed and the target is as it was.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def staged_file(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it onto ``target`` on success."""
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


@contextmanager
def staged_folder(target: Path) -> Iterator[Path]:
    """Yield a temporary folder beside ``target``; it replaces ``target`` on success.

    An existing ``target`` (which the caller has checked holds only an earlier export) is
    moved aside first and removed after the new folder is in place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(
        tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    )
    try:
        yield staging
        os.chmod(staging, 0o755)
        if not target.exists():
            os.replace(staging, target)
            return
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
        os.replace(target, old / target.name)
        try:
            os.replace(staging, target)
        except OSError:
            os.replace(old / target.name, target)
            raise
        finally:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def describe_os_error(error: OSError, target: Path) -> str:
    """One sentence on why ``target`` could not be written, and what to do."""
    reasons = {
        errno.ENOSPC: "the disk is full: free some space or choose another place",
        errno.EDQUOT: "the disk quota is exhausted: free some space or choose another place",
        errno.EFBIG: "the file is larger than the file-size limit of this process (ulimit -f)",
        errno.EACCES: "no permission to write there: choose a folder you may write to",
        errno.EPERM: "no permission to write there: choose a folder you may write to",
        errno.EROFS: "the file system is read-only: choose another place",
        errno.ENOENT: "the folder does not exist",
        errno.ENOTDIR: "a part of the path is not a folder",
    }
    reason = reasons.get(error.errno or 0, error.strerror or str(error))
    return f"cannot write {target}: {reason}; nothing was written"
