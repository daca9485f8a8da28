"""YAML, the hand-edited format: positions from the node marks, no YAML 1.1 surprises."""

from __future__ import annotations

from datetime import date

from loaders.yaml_reader import read_yaml

ACTORS = b"""\
actors:
  - id: kvhs-gifhorn
    name: Kreisvolkshochschule Gifhorn
    kind: education_provider
    source: example
"""


def test_records_carry_the_line_of_the_record_and_of_each_field() -> None:
    result = read_yaml("actors.yaml", ACTORS)

    [record] = result.records
    assert result.problems == []
    assert record.section == "actors"
    assert record.origin.position == 2
    assert record.field_lines == {"id": 2, "name": 3, "kind": 4, "source": 5}


def test_yes_no_and_leading_zeros_stay_text() -> None:
    text = (
        b"countries:\n  - {id: no, name: Norwegen, source: x}\n"
        b"municipalities:\n"
        b"  - {id: a, name: A, kind: county, ags: 03151, source: x, d: 2018-06-01}\n"
    )

    records = read_yaml("f.yaml", text).records

    assert records[0].data["id"] == "no"
    assert records[1].data["ags"] == "03151"
    assert records[1].data["d"] == date(2018, 6, 1)


def test_a_field_written_twice_is_reported_not_silently_overwritten() -> None:
    text = ACTORS + b"    name: Noch ein Name\n"

    [problem] = read_yaml("actors.yaml", text).problems

    assert (problem.origin.position, problem.field) == (6, "name")
    assert "twice (first at line 3)" in problem.reason


def test_malformed_yaml_names_the_line() -> None:
    [problem] = read_yaml("broken.yaml", b"actors:\n  - id: a\n   name: [unclosed\n").problems

    assert problem.file == "broken.yaml"
    assert problem.origin.position == 3
    assert "not valid YAML" in problem.reason


def test_a_file_that_is_not_a_mapping_of_sections() -> None:
    [problem] = read_yaml("list.yaml", b"- id: a\n- id: b\n").problems

    assert "mapping of sections" in problem.reason


def test_unknown_sections_and_entries_that_are_not_records() -> None:
    result = read_yaml("f.yaml", b"akteure:\n  - id: a\nactors:\n  - kvhs-gifhorn\n")

    reasons = [p.reason for p in result.problems]
    assert any("unknown section 'akteure'" in r for r in reasons)
    assert any("must be a mapping of fields" in r for r in reasons)
