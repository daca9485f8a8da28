"""Who writes, as the graph layer records it: the name for the log and the edit's channel."""

from __future__ import annotations

from graph.mutations.versions import Editor
from schema.context import Info


def editor_of(info: Info) -> Editor:
    """The caller as an :class:`Editor`: a session is the cockpit, a token the API."""
    caller = info.context.caller
    channel = "Cockpit" if caller is not None and caller.via == "session" else "API"
    return Editor(info.context.author, channel)
