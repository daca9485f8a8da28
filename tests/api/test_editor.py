"""Who an edit is marked with: a signed-in session is the cockpit, a bearer token the API."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from domain.access import Caller
from graph.mutations.versions import Editor
from schema.mutations.editor import editor_of


def info_of(caller: Caller | None) -> Any:
    author = caller.name if caller is not None else "anonym"
    return SimpleNamespace(context=SimpleNamespace(caller=caller, author=author))


def test_a_session_edits_in_the_cockpit_and_a_token_through_the_api() -> None:
    session = Caller(role="member", name="ak@caritas.de", via="session")
    token = Caller(role="editor", name="Import-Skript", via="token")

    assert editor_of(info_of(session)) == Editor("ak@caritas.de", "Cockpit")
    assert editor_of(info_of(token)) == Editor("Import-Skript", "API")
