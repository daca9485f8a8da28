"""The measure record: its status log keeps itself, its gap keys are checked."""

from __future__ import annotations

import json
from datetime import date

import pytest
from pydantic import ValidationError

from domain import days
from domain.gap_keys import check_gap_key, gap_key
from domain.model import Measure
from domain.vocabulary import MeasureStatus

BASE = {"id": "sprachkurs-meine", "title": "Sprachkurs", "source": "example"}


def log_of(measure: Measure) -> list[dict[str, str | None]]:
    return list(json.loads(measure.status_log or "[]"))


def test_a_new_measure_starts_its_log_with_its_status_and_date() -> None:
    measure = Measure.model_validate({**BASE, "status": "geplant", "statusChangedAt": "01.06.2026"})

    assert measure.status is MeasureStatus.PLANNED  # the German label is understood
    assert log_of(measure) == [{"status": "planned", "date": "2026-06-01"}]
    assert measure.status_changed_at == date(2026, 6, 1)


def test_a_status_change_appends_an_entry_dated_today() -> None:
    stored = Measure.model_validate({**BASE, "statusChangedAt": "2026-01-05"})

    changed = Measure.model_validate({**stored.model_dump(by_alias=True), "status": "done"})

    today = days.today()
    assert log_of(changed) == [
        {"status": "idea", "date": "2026-01-05"},
        {"status": "done", "date": today.isoformat()},
    ]
    assert changed.status_changed_at == today


def test_a_status_change_may_bring_its_own_date() -> None:
    stored = Measure.model_validate({**BASE, "statusChangedAt": "2026-01-05"})

    changed = Measure.model_validate(
        {
            **stored.model_dump(by_alias=True),
            "status": "in_progress",
            "statusChangedAt": "2026-02-01",
        }
    )

    assert log_of(changed)[-1] == {"status": "in_progress", "date": "2026-02-01"}


def test_a_validated_measure_is_a_fixed_point() -> None:
    """What a load writes, an export reads back unchanged (the round trip relies on it)."""
    first = Measure.model_validate(
        {**BASE, "status": "in_progress", "statusLog": [{"status": "idea", "date": "2026-01-05"}]}
    )

    again = Measure.model_validate(first.model_dump(by_alias=True))

    assert again == first
    assert len(log_of(first)) == 2


def test_gap_keys_come_as_a_list_or_a_text_and_are_checked() -> None:
    listed = Measure.model_validate({**BASE, "gapKeys": ["language:meine:ar", "isolated:drk"]})
    written = Measure.model_validate({**BASE, "gapKeys": "language:meine:ar, isolated:drk"})

    assert listed.gap_keys == written.gap_keys == "language:meine:ar isolated:drk"
    with pytest.raises(ValidationError, match="is not a gap key"):
        Measure.model_validate({**BASE, "gapKeys": "somewhere:meine"})
    with pytest.raises(ValidationError, match="listed twice"):
        Measure.model_validate({**BASE, "gapKeys": "isolated:drk isolated:drk"})


def test_a_bad_status_log_is_explained() -> None:
    with pytest.raises(ValidationError, match="statusLog: bad entry"):
        Measure.model_validate({**BASE, "statusLog": [{"status": "finished", "date": None}]})
    with pytest.raises(ValidationError, match="not an ISO date"):
        Measure.model_validate({**BASE, "statusLog": [{"status": "idea", "date": "gestern"}]})


def test_pairs_have_one_key_whatever_their_order() -> None:
    assert gap_key("introduction", "b", "a", unordered=True) == "introduction:a:b"
    assert gap_key("coverage", "meine", "sprache", None) == "coverage:meine:sprache"
    assert check_gap_key("uncoordinated:working-group:ak-bildung")
    with pytest.raises(ValueError, match="unknown gap kind"):
        gap_key("nowhere", "x")
