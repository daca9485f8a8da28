"""A real Neo4j Community server, resolved from Maven Central and started by the project.

There is no Docker engine on the machines this project is developed on, so the project
brings its own Neo4j: the jars of ``org.neo4j:neo4j`` are resolved once per version by a
pinned ``maven-dependency-plugin`` call (``graph/neo4j_dist/pom.xml``) into a cache folder,
checked against a manifest written after the download, and the server is started through
its real entry point, ``org.neo4j.server.CommunityEntryPoint``, in console mode as a
detached process. Auth is on: a random password is generated before the first start and
kept in a file only its owner can read.

One server per instance folder: a second ``start`` finds the running process through its
pid file and reuses it.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import neo4j
from neo4j.exceptions import AuthError, ServiceUnavailable

from graph.settings import PROJECT_ROOT, Settings

ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
INITIAL_HEAP = "256m"
"""The heap the JVM starts with; it grows up to NEO4J_HEAP only when a large load needs it,
so the generous default (sized for a 20,000-actor load in one transaction) costs a small
county's server nothing."""
ADMIN_ENTRY_POINT = "org.neo4j.server.startup.Neo4jAdminCommand"
POM = PROJECT_ROOT / "graph" / "neo4j_dist" / "pom.xml"
MANIFEST = "manifest.json"

# Flags that Neo4j's own shell launcher adds from its neo4j.conf; without it we add them.
JVM_FLAGS = (
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
)


class LauncherError(RuntimeError):
    """The local Neo4j could not be installed, started or stopped; the message says why."""


@dataclass(frozen=True)
class ServerStatus:
    running: bool
    pid: int | None
    uri: str
    home: Path
    reused: bool = False
    stopped_pid: int | None = None
    """The pid of the server ``stop`` shut down; ``None`` when none was running."""
    differences: tuple[str, ...] = ()
    """Settings a reused server runs with that differ from the ones asked for now."""

    def describe(self) -> str:
        if self.stopped_pid is not None:
            return f"Neo4j stopped: pid {self.stopped_pid} (instance {self.home})"
        if not self.running:
            return f"Neo4j is not running (instance {self.home})"
        how = "reused" if self.reused else "running"
        text = f"Neo4j {how}: pid {self.pid}, {self.uri} (instance {self.home})"
        if self.differences:
            text += (
                "\nwarning: the running server was started with other settings: "
                + "; ".join(self.differences)
                + ". They apply only after a restart: "
                "`integration-graph neo4j stop` then `integration-graph neo4j start`"
            )
        return text


@dataclass(frozen=True)
class Instance:
    """The folders and files of one local server."""

    settings: Settings

    @property
    def home(self) -> Path:
        return self.settings.neo4j_local_dir.resolve()

    @property
    def lib(self) -> Path:
        return (self.settings.neo4j_jar_cache / self.settings.neo4j_version / "lib").resolve()

    @property
    def conf_dir(self) -> Path:
        return self.home / "conf"

    @property
    def log_file(self) -> Path:
        return self.home / "logs" / "console.log"

    @property
    def pid_file(self) -> Path:
        return self.home / "run" / "neo4j.pid"

    @property
    def password_file(self) -> Path:
        return self.home / "password"

    @property
    def port(self) -> int:
        return self.settings.neo4j_local_port


# --- jars -------------------------------------------------------------------------------


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_jars(lib: Path) -> None:
    """Check the jar cache against the manifest written when it was resolved."""
    manifest_path = lib / MANIFEST
    try:
        manifest: dict[str, dict[str, object]] = json.loads(manifest_path.read_text())
    except (OSError, ValueError) as error:
        raise LauncherError(
            f"the Neo4j jar cache {lib} has no readable {MANIFEST} ({error}); "
            f"delete {lib.parent} and start again to download it anew"
        ) from None
    for name, entry in manifest.items():
        jar = lib / name
        if not jar.is_file():
            raise LauncherError(
                f"the Neo4j jar cache {lib} is incomplete: {name} is missing; "
                f"delete {lib.parent} and start again to download it anew"
            )
        if jar.stat().st_size != entry["size"] or _file_digest(jar) != entry["sha256"]:
            raise LauncherError(
                f"the Neo4j jar cache {lib} is corrupt: {name} differs from the download; "
                f"delete {lib.parent} and start again to download it anew"
            )


@contextmanager
def _exclusive(lock_file: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``lock_file`` (made when missing) while the block runs."""
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with lock_file.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def resolve_jars(settings: Settings) -> Path:
    """Return the verified jar folder, downloading it from Maven Central the first time.

    Several servers may start at once (the parallel test workers, one server each): the
    first to find no jars downloads them under a lock, the others wait and find them."""
    lib = Instance(settings).lib
    if not lib.exists():
        with _exclusive(lib.parent / "download.lock"):
            if not lib.exists():
                _download_jars(settings, lib)
    verify_jars(lib)
    return lib


def _download_jars(settings: Settings, lib: Path) -> None:
    """Resolve the jars with Maven into a staging folder, renamed into place when complete."""
    mvn = shutil.which("mvn")
    if mvn is None:
        raise LauncherError("Maven (mvn) is needed to download Neo4j's jars, but is not on PATH")
    staging = lib.with_name("lib.partial")
    shutil.rmtree(staging, ignore_errors=True)
    command = [
        mvn,
        "-q",
        "-B",
        "-f",
        str(POM),
        f"-Dneo4j.version={settings.neo4j_version}",
        f"-Dneo4j.lib={staging}",
        f"-Dmaven.repo.local={settings.neo4j_jar_cache.resolve() / 'm2'}",
        "dependency:copy-dependencies",
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        tail = (done.stdout + done.stderr).strip().splitlines()[-15:]
        raise LauncherError("could not download Neo4j's jars with Maven:\n" + "\n".join(tail))
    manifest = {
        jar.name: {"size": jar.stat().st_size, "sha256": _file_digest(jar)}
        for jar in sorted(staging.glob("*.jar"))
    }
    if not manifest:
        raise LauncherError(f"Maven finished but left no jars in {staging}")
    (staging / MANIFEST).write_text(json.dumps(manifest, indent=1))
    staging.rename(lib)


# --- configuration and password -----------------------------------------------------------


KEPT_PLANS = {
    "dbms.cypher.min_replan_interval": "1h",
    "dbms.cypher.statistics_divergence_threshold": "1.0",
    "server.memory.query_cache.per_db_cache_num_entries": "10000",
}
"""Neo4j settings of ``NEO4J_KEEP_PLANS``: a plan once made is kept while the data changes.

Planning, not running, is where a test server spends its time: on a fresh server, 1,263
statements of the differential test (735 distinct) took 179.3 s, of which 166.7 s passed
before the first record (planning) and 2.6 s streaming the rest. Neo4j plans a statement
again once the data's statistics moved far enough and 10 s passed; the tests wipe and load
data all the time, so their statements were planned again and again. Kept plans stay
correct, only tuned to older statistics, which the tests' small data sets do not notice.
Nine API test files (246 tests, one server, Java's quick compiler), two runs each
alternating: 231.6 s and 209.6 s with Neo4j's defaults, 201.0 s and 154.1 s with these
settings; the server's CPU 163 s and 150 s against 141 s and 109 s."""


def _config_text(instance: Instance) -> str:
    settings = instance.settings
    home = instance.home
    lines = {
        "server.default_listen_address": "127.0.0.1",
        "server.bolt.listen_address": f"127.0.0.1:{instance.port}",
        "server.bolt.advertised_address": f"127.0.0.1:{instance.port}",
        "server.http.enabled": "false",
        "server.https.enabled": "false",
        "dbms.security.auth_enabled": "true",
        "dbms.usage_report.enabled": "false",
        "server.memory.pagecache.size": settings.neo4j_pagecache,
        "dbms.memory.transaction.total.max": settings.neo4j_tx_memory,
        "db.tx_log.preallocate": "false",
        # Bolt's network threads wait 5 s for late work before they stop, so a stop took
        # 6 to 10 s; a local server has no late work (a stop: 10.4 s before, 0.4 s after).
        "internal.dbms.bolt.netty_server_shutdown_quiet_period": "0",
        "db.tx_log.rotation.size": "16M",
        "db.transaction.timeout": f"{int(settings.neo4j_tx_timeout * 2)}s",
        "server.directories.data": str(home / "data"),
        "server.directories.logs": str(home / "logs"),
        "server.directories.run": str(home / "run"),
        "server.directories.import": str(home / "import"),
        "server.directories.plugins": str(home / "plugins"),
    }
    if settings.neo4j_keep_plans:
        lines.update(KEPT_PLANS)
    return "".join(f"{key}={value}\n" for key, value in lines.items())


_CONFIG_VARIABLES = {
    "server.memory.pagecache.size": "NEO4J_PAGECACHE",
    "dbms.memory.transaction.total.max": "NEO4J_TX_MEMORY",
    "db.transaction.timeout": "NEO4J_TX_TIMEOUT",
}


def _config_values(text: str) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in text.splitlines() if "=" in line)
    return {key.strip(): value.strip() for key, value in pairs}


def setting_differences(instance: Instance, pid: int) -> list[str]:
    """Memory and timeout settings of a running server that differ from the current ones:
    the heap from the process's command line, the rest from the config it was started with.
    """
    differences: list[str] = []
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").split("\0")
        running_conf = _config_values((instance.conf_dir / "neo4j.conf").read_text())
    except OSError:
        return differences
    wanted_heap = instance.settings.neo4j_heap
    heap = next((arg[4:] for arg in cmdline if arg.startswith("-Xmx")), wanted_heap)
    if heap != wanted_heap:
        differences.append(f"NEO4J_HEAP runs {heap}, asked {wanted_heap}")
    wanted = _config_values(_config_text(instance))
    for key, variable in _CONFIG_VARIABLES.items():
        if running_conf.get(key) != wanted.get(key):
            differences.append(
                f"{variable} runs {running_conf.get(key)}, asked {wanted.get(key)} ({key})"
            )
    return differences


def _prepare(instance: Instance) -> None:
    for folder in ("conf", "data", "logs", "run", "import", "plugins"):
        (instance.home / folder).mkdir(parents=True, exist_ok=True)
    (instance.conf_dir / "neo4j.conf").write_text(_config_text(instance))


def _java() -> str:
    java_home = os.environ.get("JAVA_HOME")
    candidates = [Path(java_home) / "bin" / "java"] if java_home else []
    candidates.append(Path("/usr/lib/jvm/java-17-openjdk-amd64/bin/java"))
    for candidate in candidates:
        if candidate.is_file():
            return str(candidate)
    found = shutil.which("java")
    if found is None:
        raise LauncherError("Java 17 is needed to run Neo4j 5.26, but no java is on PATH")
    return found


def read_password(instance: Instance) -> str | None:
    try:
        return instance.password_file.read_text().strip() or None
    except FileNotFoundError:
        return None


_SET_PASSWORD = ("dbms", "set-initial-password")


def _ensure_password(instance: Instance, lib: Path) -> str:
    """Generate the password and set it as Neo4j's initial one, before the first start.

    The password goes after ``--``: a generated password starts with ``-`` about once in
    64 times, and neo4j-admin would otherwise take it for an option and fail."""
    existing = read_password(instance)
    if existing:
        return existing
    password = secrets.token_urlsafe(24)
    env = dict(os.environ, NEO4J_HOME=str(instance.home), NEO4J_CONF=str(instance.conf_dir))
    done = subprocess.run(
        [_java(), "-cp", f"{lib}/*", ADMIN_ENTRY_POINT, *_SET_PASSWORD, "--", password],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if done.returncode != 0:
        raise LauncherError("could not set Neo4j's initial password:\n" + done.stderr[-2000:])
    fd = os.open(instance.password_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(password + "\n")
    return password


# --- process ------------------------------------------------------------------------------


def _read_pid(instance: Instance) -> int | None:
    try:
        pid = int(instance.pid_file.read_text().strip())
    except (FileNotFoundError, ValueError):
        return None
    return pid if _is_our_server(pid, instance) else None


def _is_our_server(pid: int, instance: Instance) -> bool:
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return f"--home-dir={instance.home}".encode() in cmdline


def _port_taken(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def log_tail(instance: Instance, lines: int = 30) -> str:
    try:
        text = instance.log_file.read_text(errors="replace")
    except FileNotFoundError:
        return "(no log written)"
    return "\n".join(text.strip().splitlines()[-lines:])


def _bolt_answers(uri: str, password: str) -> bool:
    try:
        with neo4j.GraphDatabase.driver(
            uri, auth=("neo4j", password), connection_timeout=2.0
        ) as driver:
            driver.verify_connectivity()
            return True
    except (ServiceUnavailable, OSError):
        return False
    except AuthError as error:
        raise LauncherError(f"the local Neo4j rejects the stored password: {error}") from None


def _wait_until_answering(instance: Instance, pid: int) -> None:
    """Wait for Bolt on a server process that runs (ours, or one a parallel start spawned)."""
    uri = instance.settings.local_uri
    password = read_password(instance) or ""
    deadline = time.monotonic() + instance.settings.neo4j_start_timeout
    while time.monotonic() < deadline:
        if not _alive(pid):
            instance.pid_file.unlink(missing_ok=True)
            raise LauncherError(
                f"Neo4j exited while starting; "
                f"last lines of {instance.log_file}:\n{log_tail(instance)}"
            )
        if _bolt_answers(uri, password):
            return
        time.sleep(0.5)
    _terminate(pid)
    instance.pid_file.unlink(missing_ok=True)
    raise LauncherError(
        f"Neo4j did not answer on {uri} within {instance.settings.neo4j_start_timeout:.0f} s; "
        f"last lines of {instance.log_file}:\n{log_tail(instance)}"
    )


def start(settings: Settings) -> ServerStatus:
    """Start the local server and wait until Bolt answers; reuse one that already runs."""
    instance = Instance(settings)
    pid = _read_pid(instance)
    if pid is not None:
        _wait_until_answering(instance, pid)
        differences = tuple(setting_differences(instance, pid))
        return ServerStatus(
            True, pid, settings.local_uri, instance.home, reused=True, differences=differences
        )
    if _port_taken(instance.port):
        raise LauncherError(
            f"port {instance.port} on 127.0.0.1 is taken by another process; "
            "set NEO4J_LOCAL_PORT to a free port, or NEO4J_URI to use that server"
        )
    lib = resolve_jars(settings)
    _prepare(instance)
    password = _ensure_password(instance, lib)
    pid = _spawn(instance, lib, password)
    return ServerStatus(True, pid, settings.local_uri, instance.home)


def _spawn(instance: Instance, lib: Path, password: str) -> int:
    settings = instance.settings
    command = [
        _java(),
        f"-Xms{INITIAL_HEAP}",
        f"-Xmx{settings.neo4j_heap}",
        *JVM_FLAGS,
        *settings.neo4j_java_options.split(),
        "-cp",
        f"{lib}/*",
        ENTRY_POINT,
        f"--home-dir={instance.home}",
        f"--config-dir={instance.conf_dir}",
        "--console-mode",
    ]
    env = dict(os.environ, NEO4J_HOME=str(instance.home), NEO4J_CONF=str(instance.conf_dir))
    with instance.log_file.open("ab") as log:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
    instance.pid_file.write_text(f"{process.pid}\n")
    _wait_until_answering(instance, process.pid)
    return process.pid


def _terminate(pid: int, timeout: float = 60.0) -> None:
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _alive(pid):
            return
        time.sleep(0.2)
    os.kill(pid, signal.SIGKILL)


def _alive(pid: int) -> bool:
    try:
        waited, _ = os.waitpid(pid, os.WNOHANG)
        if waited == pid:
            return False
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    state = Path(f"/proc/{pid}/stat")
    try:
        return state.read_text().split()[2] != "Z"
    except (OSError, IndexError):
        return False


def stop(settings: Settings) -> ServerStatus:
    """Shut the local server down cleanly (SIGTERM, then wait)."""
    instance = Instance(settings)
    pid = _read_pid(instance)
    if pid is not None:
        _terminate(pid)
    instance.pid_file.unlink(missing_ok=True)
    return ServerStatus(False, None, settings.local_uri, instance.home, stopped_pid=pid)


def status(settings: Settings) -> ServerStatus:
    """Whether the local server runs and answers on Bolt."""
    instance = Instance(settings)
    pid = _read_pid(instance)
    running = pid is not None and _bolt_answers(settings.local_uri, read_password(instance) or "")
    return ServerStatus(running, pid if running else None, settings.local_uri, instance.home)
