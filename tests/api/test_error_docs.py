"""The README's list of error codes is what a client developer reads: it names every code
the API answers with (``UNSUPPORTED_MEDIA_TYPE``, the 415 of a ``text/plain`` POST, was
missing; issue 22). A new code without a line in the README fails here."""

from __future__ import annotations

from domain.errors import ErrorCode
from graph.settings import PROJECT_ROOT


def _error_list() -> str:
    """The README's "Errors" entry of the API section, up to the next entry."""
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("- **Errors** carry `extensions.code`")
    end = readme.index("\n- **", start + 1)
    return readme[start:end]


def test_the_readme_names_every_error_code() -> None:
    errors = _error_list()

    assert [code.value for code in ErrorCode if f"`{code.value}`" not in errors] == []


def test_the_readme_says_what_a_text_plain_post_gets() -> None:
    errors = " ".join(_error_list().split())

    assert "`UNSUPPORTED_MEDIA_TYPE` (HTTP 415: a POST whose `Content-Type` is not" in errors
    assert "such as `text/plain`" in errors
