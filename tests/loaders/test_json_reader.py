"""JSON: the same shape as YAML, parsed fast; line numbers only when something is wrong."""

from __future__ import annotations

from loaders.json_reader import read_json, record_lines, with_lines

DOCUMENT = """{"actors": [
  {"id": "a", "name": "A", "kind": "association", "source": "x"},
  {"id": "b",
   "name": "B", "name": "C"}
]}"""


def test_records_are_numbered_and_their_lines_found_on_demand() -> None:
    result = read_json("actors.json", DOCUMENT.encode())

    assert [r.origin.position for r in result.records] == [1, 2]
    assert record_lines(DOCUMENT) == {("actors", 0): 2, ("actors", 1): 3}


def test_a_duplicate_key_is_reported_with_its_line() -> None:
    result = read_json("actors.json", DOCUMENT.encode())

    [problem] = with_lines(result.problems, DOCUMENT)
    assert (problem.origin.unit, problem.origin.position, problem.field) == ("line", 3, "name")


def test_malformed_json_names_line_and_column() -> None:
    [problem] = read_json("broken.json", b'{"actors": [\n  {"id": "a",,}\n]}').problems

    assert problem.origin.position == 2
    assert "not valid JSON" in problem.reason and "column" in problem.reason


def test_sections_must_hold_lists() -> None:
    [problem] = read_json("f.json", b'{"actors": {"id": "a"}}').problems

    assert "must be a list of records" in problem.reason
