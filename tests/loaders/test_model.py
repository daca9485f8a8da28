"""The record models: what a valid record is, and how an invalid one is explained."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from domain.model import (
    Actor,
    Cooperation,
    Event,
    Membership,
    Municipality,
    Offering,
    Participation,
    Resident,
)
from domain.vocabulary import ENUMERATIONS, LABELS, ActorKind, MembershipRole, ParticipationRole


def errors(model: Any, data: dict[str, Any]) -> dict[str, str]:
    """``{field: message}`` of a record that must fail validation."""
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return {".".join(str(p) for p in e["loc"]): e["msg"] for e in caught.value.errors()}


KVHS = {
    "id": "kvhs-gifhorn",
    "name": "Kreisvolkshochschule Gifhorn",
    "kind": "education_provider",
    "source": "example",
    "locatedIn": "gifhorn",
    "activeIn": ["landkreis-gifhorn"],
}


def test_a_record_from_the_data_format_page_is_valid() -> None:
    actor = Actor.model_validate(KVHS)

    assert actor.kind is ActorKind.EDUCATION_PROVIDER
    assert actor.located_in == "gifhorn"
    assert actor.active_in == ["landkreis-gifhorn"]


def test_python_names_work_as_well_as_the_file_names() -> None:
    actor = Actor(id="a", name="A", kind=ActorKind.ASSOCIATION, source="s", located_in="x")

    assert actor.model_dump(by_alias=True)["locatedIn"] == "x"


def test_a_typo_in_a_field_name_is_an_error_not_a_lost_fact() -> None:
    assert "activIn" in errors(Actor, {**KVHS, "activIn": ["gifhorn"]})


def test_ids_must_be_slugs() -> None:
    problems = errors(Actor, {**KVHS, "id": "KVHS Gifhorn"})

    assert "is not a slug" in problems["id"]
    assert "too_long" not in problems["id"]
    assert "at most 80" in errors(Actor, {**KVHS, "id": "a" * 81})["id"]


def test_enumerations_accept_the_value_and_the_german_or_english_label() -> None:
    assert Actor.model_validate({**KVHS, "kind": "Verein"}).kind is ActorKind.ASSOCIATION
    assert Actor.model_validate({**KVHS, "kind": "Welfare association"}).kind is (
        ActorKind.WELFARE_ASSOCIATION
    )
    assert "'education_provider'" in errors(Actor, {**KVHS, "kind": "school"})["kind"]


def test_every_enumeration_value_has_a_german_and_an_english_label() -> None:
    for enum in ENUMERATIONS:
        for member in enum:
            assert member.de and member.en, member
        assert set(LABELS[enum]) == set(enum.values())
    assert MembershipRole.GUEST.de == "Gast"
    assert ParticipationRole.HOST.en == "host"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("email", "info@kvhs"),
        ("email", "info at kvhs.de"),
        ("website", "www.kvhs-gifhorn.de"),
        ("website", "https://"),
        ("phone", "call us"),
        ("phone", "12"),
    ],
)
def test_contact_fields_are_validated(field: str, value: str) -> None:
    assert field in errors(Actor, {**KVHS, field: value})


def test_valid_contact_fields_are_kept_exactly_as_written() -> None:
    actor = Actor.model_validate(
        {
            **KVHS,
            "website": "https://www.kvhs-gifhorn.de",
            "email": "info@kvhs-gifhorn.de",
            "phone": "+49 5371 82-0",
        }
    )

    assert actor.website == "https://www.kvhs-gifhorn.de"  # no trailing slash added
    assert actor.phone == "+49 5371 82-0"


def test_dates_are_dates_and_timestamps_are_refused() -> None:
    offering = {"id": "kurs", "title": "Kurs", "kind": "course", "source": "example"}

    assert Offering.model_validate({**offering, "startDate": "2018-06-01"}).start_date == date(
        2018, 6, 1
    )
    assert "ISO date" in errors(Offering, {**offering, "startDate": 1528000000})["startDate"]
    assert (
        "not a valid calendar date"
        in errors(Offering, {**offering, "startDate": "2018-02-30"})["startDate"]
    )
    assert (
        "before"
        in errors(Offering, {**offering, "startDate": "2019-01-01", "endDate": "2018-01-01"})[""]
    )


def test_numbers_are_checked_and_text_is_not_a_number() -> None:
    offering = {"id": "kurs", "title": "Kurs", "kind": "course", "source": "example"}

    assert Offering.model_validate({**offering, "capacity": "12", "cost": "2,50"}).cost == 2.5
    assert "capacity" in errors(Offering, {**offering, "capacity": -1})
    assert "capacity" in errors(Offering, {**offering, "capacity": True})
    assert "expected text" in errors(Offering, {**offering, "title": 2018})["title"]


def test_the_official_key_has_eight_digits_and_five_for_the_county() -> None:
    county = {
        "id": "landkreis-gifhorn",
        "name": "Landkreis Gifhorn",
        "kind": "county",
        "source": "LSN 2023",
    }

    assert Municipality.model_validate({**county, "ags": "03151"}).ags == "03151"
    assert "a county has 5" in errors(Municipality, {**county, "ags": "03151000"})[""]
    assert "official municipality key" in errors(Municipality, {**county, "ags": "3151"})["ags"]


def test_relationship_records_have_defaults_and_rules() -> None:
    membership = Membership.model_validate(
        {"actor": "kvhs-gifhorn", "workingGroup": "ak-bildung", "source": "example"}
    )

    assert membership.role is MembershipRole.MEMBER
    assert Event.model_validate({"id": "neustart", "name": "Neustart", "source": "article"}).status
    assert "itself" in errors(Cooperation, {"from": "a", "to": "a", "source": "s"})[""]
    assert (
        "exactly one"
        in errors(
            Participation,
            {"event": "e", "actor": "a", "person": "p", "role": "host", "source": "s"},
        )[""]
    )
    assert "share" not in errors(
        Resident,
        {"country": "sy", "municipality": "gifhorn", "count": 3, "year": 1700, "source": "s"},
    )
