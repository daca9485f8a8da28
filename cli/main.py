"""The command line: `integration-graph neo4j start|stop|status`, `migrate`, `serve`, ...

Commands report problems as one readable line on stderr and a non-zero exit code, never
as a traceback: 1 for a failed operation, 2 for bad usage or configuration.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import typer

from cli.console import err, error_line
from graph.launcher import LauncherError
from graph.settings import Settings, SettingsError, get_settings

app = typer.Typer(
    name="integration-graph",
    help="Wissensgraph Integration im Landkreis Gifhorn / integration knowledge graph.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: flags without the "<bool>" type column
)
neo4j_app = typer.Typer(
    help="The local Neo4j server the project runs itself.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(neo4j_app, name="neo4j")

T = TypeVar("T")


def settings_or_exit() -> Settings:
    try:
        return get_settings()
    except SettingsError as error:
        err().print(error_line(str(error)))
        raise typer.Exit(2) from None


def connection_problem(error: Exception, settings: Settings | None) -> str | None:
    """A wrong password or an unreachable server in one line naming what to check, instead
    of the driver's dump; ``None`` for other errors."""
    from neo4j.exceptions import AuthError, ServiceUnavailable

    if settings is None or settings.uses_local_server:
        where = "the local Neo4j"
        check = (
            "run `integration-graph neo4j start` (NEO4J_LOCAL_DIR, NEO4J_LOCAL_PORT), "
            "or set NEO4J_URI to use your own server"
        )
        check_auth = "the password in NEO4J_LOCAL_DIR/password does not match the server"
    else:
        where = f"Neo4j at NEO4J_URI={settings.neo4j_uri}"
        check = "check NEO4J_URI and that the server runs and is reachable"
        check_auth = "check NEO4J_USER and NEO4J_PASSWORD"
    if isinstance(error, AuthError):
        return f"{where} refused the user name or password: {check_auth}"
    if isinstance(error, ServiceUnavailable):
        return f"cannot reach {where}: {check}"
    return None


@contextmanager
def reported_failures(settings: Settings | None = None) -> Iterator[None]:
    """Turn the project's expected failures into a message and exit code 1."""
    from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable

    try:
        yield
    except (ServiceUnavailable, AuthError) as error:
        err().print(error_line(connection_problem(error, settings) or str(error)))
        raise typer.Exit(1) from None
    except (LauncherError, Neo4jError) as error:
        err().print(error_line(str(error)))
        raise typer.Exit(1) from None


def ensure_server(settings: Settings) -> None:
    """Start the local Neo4j unless NEO4J_URI points at another server."""
    if settings.uses_local_server:
        from graph import launcher

        err().print(launcher.start(settings).describe())


def run(step: Callable[[Settings], T]) -> T:
    settings = settings_or_exit()
    with reported_failures(settings):
        return step(settings)


@neo4j_app.command("start")
def neo4j_start() -> None:
    """Download (first time), start and wait for the local Neo4j; reuse a running one."""
    from graph import launcher

    print(run(launcher.start).describe())


@neo4j_app.command("stop")
def neo4j_stop() -> None:
    """Shut the local Neo4j down cleanly."""
    from graph import launcher

    print(run(launcher.stop).describe())


@neo4j_app.command("status")
def neo4j_status() -> None:
    """Tell whether the local Neo4j runs; exit 3 when it does not."""
    from graph import launcher

    state = run(launcher.status)
    print(state.describe())
    if not state.running:
        raise typer.Exit(3)


@app.command()
def migrate() -> None:
    """Create the constraints and indexes (idempotent)."""
    from graph.db import open_driver
    from graph.migrations import migrate as apply

    def step(settings: Settings) -> list[str]:
        ensure_server(settings)
        with open_driver(settings) as driver:
            return apply(driver, settings.neo4j_database)

    created = run(step)
    print(f"migrations applied; new: {', '.join(created) if created else 'none'}")


def default_workers() -> int:
    """The CPUs this process may run on: one worker process per usable core."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _check_workers(value: int | None) -> int | None:
    if value is not None and value < 1:
        raise typer.BadParameter(f"mindestens 1 Prozess / at least 1 worker process (got {value})")
    return value


@app.command()
def serve(
    host: str | None = typer.Option(None, help="Bind address (default API_HOST)."),
    port: int | None = typer.Option(None, min=1, max=65535, help="Port (default API_PORT)."),
    workers: int | None = typer.Option(
        None,
        callback=_check_workers,
        help="Worker processes (default: one per CPU core).",
    ),
    access_log: bool = typer.Option(True, help="Log every request (uvicorn's access log)."),
) -> None:
    """Serve the cockpit (/), GraphiQL (/graphiql) and the GraphQL API (/graphql).

    Starts the local Neo4j when NEO4J_URI is unset and applies the migrations once; then
    --workers processes (default: one per CPU core) each build the app from the same
    environment. Every cache a worker keeps is keyed by the graph revision stored in Neo4j
    (or is per process by nature, like the circuit breaker), so all workers answer alike.
    """
    import uvicorn

    from graph.db import open_driver
    from graph.memory import limit_arenas
    from graph.migrations import migrate as apply
    from schema.protocol import PROTOCOL

    settings = settings_or_exit()
    with reported_failures(settings):
        ensure_server(settings)
        with open_driver(settings) as driver:
            apply(driver, settings.neo4j_database)
    limit_arenas()  # freed analyses go back to the system (graph.memory)
    uvicorn.run(
        SERVED_APP,
        factory=True,
        host=host or settings.api_host,
        port=port or settings.api_port,
        workers=workers or default_workers(),
        access_log=access_log,
        timeout_worker_healthcheck=WORKER_HEALTHCHECK_SECONDS,
        http=PROTOCOL,  # h11 with bounds on the size and the arrival time of headers
    )


SERVED_APP = "schema.app:create_served_app"
"""What every worker process imports: the app from the environment, migrations done."""
WORKER_HEALTHCHECK_SECONDS = 30
"""How long uvicorn waits for a worker's answer to its health ping before it kills the worker
and starts another. uvicorn's 5 s is too short for a worker that is still importing on a
busy machine (seen at load 11 on 2 cores: every new worker was killed, in a loop)."""


def _register_command_groups() -> None:
    """Commands that live in modules of their own add themselves to the app."""
    for module_name in (
        "cli.data_commands",
        "cli.token_commands",
        "cli.account_commands",
        "cli.analysis_commands",
        "cli.document_commands",
    ):
        importlib.import_module(module_name).register(app)


_register_command_groups()


if __name__ == "__main__":
    app()
