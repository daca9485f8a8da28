"""The one table of German words for validation errors (``domain.wording``).

Every error type the domain raises itself has its German words, and the common ones of
pydantic read as a planner expects; the loaders and the API word a problem alike.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from domain import model
from domain.wording import FALLBACK, GERMAN, german, worded

DOMAIN = Path(model.__file__).parent


def custom_error_types() -> set[str]:
    """The types of every ``PydanticCustomError`` raised in the domain's source."""
    text = "\n".join(path.read_text(encoding="utf-8") for path in DOMAIN.glob("*.py"))
    return set(re.findall(r'PydanticCustomError\(\s*"([a-z_]+)"', text))


def test_every_error_type_the_domain_raises_has_german_words() -> None:
    found = custom_error_types()
    assert {"slug", "email", "iso_date", "phone", "url", "period"} <= found  # the scan works
    assert found - set(GERMAN) == set()


def errors_of(record: type[Any], data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    with pytest.raises(ValidationError) as raised:
        record.model_validate(data)
    return {str(e["loc"][0]) if e["loc"] else "": dict(e) for e in raised.value.errors()}


def test_problems_of_an_actor_read_in_german_then_english() -> None:
    errors = errors_of(
        model.Actor,
        {"id": "KVHS", "name": "", "kind": "verein", "email": "x", "website": "kvhs.de"},
    )

    assert worded(errors["source"]) == "Pflichtangabe fehlt / Field required"
    assert worded(errors["name"]).startswith("Pflichtangabe: darf nicht leer sein / ")
    assert worded(errors["id"]).startswith("'KVHS' ist keine gültige Kennung")
    assert worded(errors["email"]) == (
        "'x' ist keine gültige E-Mail-Adresse / 'x' is not a valid e-mail address"
    )
    assert worded(errors["website"]).startswith("'kvhs.de' ist keine gültige Webadresse")


def test_a_name_longer_than_a_name_is_refused_in_german() -> None:
    """A name or title holds at most 200 characters (``domain.types.NAME_MAX``): in a
    workbook, a file or the API alike."""
    actor = {"id": "kvhs", "name": "Kreisvolkshochschule " * 10, "kind": "verein", "source": "t"}

    assert worded(errors_of(model.Actor, actor)["name"]).startswith(
        "zu lang: höchstens 200 Zeichen / "
    )
    assert model.Actor.model_validate({**actor, "name": "K" * 200}).name == "K" * 200


def test_limits_are_named_with_german_numbers() -> None:
    assert german("greater_than_equal", {"ge": 0}) == "zu klein: mindestens 0"
    assert german("less_than_equal", {"le": 0.5}) == "zu groß: höchstens 0,5"
    assert german("string_too_long", {"max_length": 200}) == "zu lang: höchstens 200 Zeichen"
    # pydantic says too_long for a text checked beside a validator of ours, as for a list
    assert german("too_long", {"max_length": 200}, "x" * 201) == "zu lang: höchstens 200 Zeichen"
    assert german("too_long", {"max_length": 2}, ["a", "b", "c"]) == (
        "zu viele Einträge: höchstens 2"
    )
    assert german("iso_date", {}, "31.02.2020").startswith("'31.02.2020' ist kein gültiges")


def test_an_unknown_type_or_a_context_without_its_keys_falls_back() -> None:
    assert german("something_new") == FALLBACK
    assert german("string_too_long", {}) == FALLBACK
