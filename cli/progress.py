"""A progress display for commands whose work comes in named steps (analyse, generate).

It writes to stderr and only on a terminal, so piped output (``analyse --format json``,
``--format xlsx > file``) stays clean; it is transient, so it leaves no lines behind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from cli.console import err


@contextmanager
def step_progress(what: str) -> Iterator[Callable[[str], None]]:
    """Yield a callback that shows ``what: <step>`` with a spinner and the elapsed time."""
    console = err()
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    ) as progress:
        task = progress.add_task(what, total=None)

        def on_step(step: str) -> None:
            progress.update(task, description=f"{what}: {step}")

        yield on_step
