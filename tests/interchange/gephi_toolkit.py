"""Open a network file with the Gephi toolkit, as Gephi's File > Open does with defaults.

The toolkit's jars come from Maven Central (``gephi/pom.xml``) into a cache folder
(``GEPHI_JAR_CACHE``, default ``.cache/gephi``), the first time only, as the Neo4j jars do;
``gephi/GephiImport.java`` is compiled with the JDK's ``javac`` and prints what arrived in
Gephi's workspace. Without Maven or a JDK the tests that use it fail with the reason.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from graph.settings import PROJECT_ROOT

HERE = Path(__file__).parent / "gephi"
SOURCE = HERE / "GephiImport.java"


class GephiUnavailable(RuntimeError):
    """The toolkit could not be downloaded or the import program not compiled."""


@dataclass(frozen=True)
class GephiImport:
    """What Gephi's workspace holds after the import, and the import settings it used."""

    nodes: int
    edges: int
    weight: int
    """Sum of the edge weights (Gephi's merge of parallel edges sums them)."""
    relationships: int
    """Sum of the edge column ``relationships``; -1 when the file has no such column."""
    parallel: bool
    merge: str
    directed: bool


def _cache() -> Path:
    return Path(os.environ.get("GEPHI_JAR_CACHE", PROJECT_ROOT / ".cache" / "gephi")).resolve()


def _run(command: list[str], what: str) -> str:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
        raise GephiUnavailable(f"{what} failed:\n{tail}")
    return done.stdout


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise GephiUnavailable(f"{name} is needed for the Gephi toolkit test, but not on PATH")
    return found


@contextmanager
def _alone(cache: Path) -> Iterator[None]:
    """Parallel test workers take turns: one downloads and compiles, the others wait and
    find it made (a worker that replaced ``lib`` under another's running import once made
    that import miss Gephi's classes)."""
    cache.mkdir(parents=True, exist_ok=True)
    with (cache / "toolkit.lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def toolkit() -> Path:
    """The folder with the toolkit's jars and the compiled import program (made once)."""
    cache = _cache()
    with _alone(cache):
        _prepare(cache)
    return cache


def _prepare(cache: Path) -> None:
    lib = cache / "lib"
    if not any(lib.glob("*.jar")):
        staging = cache / "lib.partial"
        shutil.rmtree(staging, ignore_errors=True)
        _run(
            [
                _tool("mvn"),
                "-q",
                "-B",
                "-f",
                str(HERE / "pom.xml"),
                f"-Dgephi.lib={staging}",
                f"-Dmaven.repo.local={cache / 'm2'}",
                "dependency:copy-dependencies",
            ],
            "downloading the Gephi toolkit with Maven",
        )
        shutil.rmtree(lib, ignore_errors=True)
        staging.rename(lib)
    classes = cache / "classes"
    compiled = classes / "GephiImport.class"
    if not compiled.exists() or compiled.stat().st_mtime < SOURCE.stat().st_mtime:
        classes.mkdir(parents=True, exist_ok=True)
        _run(
            [_tool("javac"), "-cp", f"{lib}/*", "-d", str(classes), str(SOURCE)],
            "compiling GephiImport.java",
        )


def gephi_import(path: Path) -> GephiImport:
    """Import ``path`` into a new Gephi workspace with the default settings."""
    cache = toolkit()
    classpath = f"{cache / 'classes'}{os.pathsep}{cache / 'lib'}/*"
    output = _run([_tool("java"), "-cp", classpath, "GephiImport", str(path)], "Gephi import")
    line = output.strip().splitlines()[-1]
    found = dict(re.findall(r"(\w+)=(\S+)", line))
    return GephiImport(
        nodes=int(found["nodes"]),
        edges=int(found["edges"]),
        weight=int(found["weight"]),
        relationships=int(found["relationships"]),
        parallel=found["parallel"] == "true",
        merge=found["merge"],
        directed=found["directed"] == "true",
    )
