"""The rich consoles every command prints through: literal text, never wrapped in a pipe.

Two rules, both about what a user or a log file gets to read:

- **Nothing printed is interpreted.** Messages carry paths, record names, file contents and
  server errors; as rich markup, ``[x]`` would vanish and ``:x:`` would become an emoji. So
  the consoles have markup, emoji codes and highlighting off, and colour is added only
  through ``rich.text.Text`` (see ``error_line``).
- **A pipe or a log gets whole lines.** On a terminal, rich wraps to the screen. Anywhere
  else there is no screen to fit, and a hard line break in the middle of a message breaks
  ``grep`` and anyone who searches the log: text is printed unwrapped (soft wrap) and
  tables are laid out at their natural width, unless ``COLUMNS`` says otherwise.
"""

from __future__ import annotations

import os

from rich.console import Console
from rich.text import Text

PIPE_WIDTH = 10_000
"""The width rich assumes where the output is not a terminal (and ``COLUMNS`` is unset): so
wide that a table is laid out at its natural width, one line per row, and no cell is folded
(a long temporary path once broke ``organizations.csv`` in two). Tables never expand to it;
a rule would, so ``RULE_WIDTH`` bounds those."""

RULE_WIDTH = 140
"""The width of a horizontal rule where the output is not a terminal."""


def console(*, stderr: bool = False) -> Console:
    """A console for this call's stdout (or stderr), made when printing so that it sees the
    stream of that call (a test runner swaps them)."""
    made = Console(stderr=stderr, markup=False, emoji=False, highlight=False)
    if not made.is_terminal:
        made.soft_wrap = True
        if "COLUMNS" not in os.environ:
            made.width = PIPE_WIDTH
    return made


def out() -> Console:
    """The console for results (stdout)."""
    return console()


def err() -> Console:
    """The console for progress, messages and errors (stderr)."""
    return console(stderr=True)


def error_line(message: str) -> Text:
    """``error: <message>`` with the prefix in red and the message as literal text."""
    return Text.assemble(("error:", "red"), " ", message)


def warning_line(message: str) -> Text:
    """``Achtung / warning: <message>`` with the prefix in yellow, the message literal."""
    return Text.assemble(("Achtung / warning:", "yellow"), " ", message)
