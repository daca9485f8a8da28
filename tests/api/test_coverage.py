"""``coverage``: complete tables of offering counts for dashboards, zero cells included."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import neo4j

GraphQL = Callable[..., dict[str, Any]]
# The `landscape` fixture writes the data these tests know by heart: tests/api/conftest.py.

COVERAGE = """query ($rows: CoverageDimension!, $columns: CoverageDimension!,
                     $where: OfferingWhere, $kinds: [MunicipalityKind!], $rowIds: [ID!]) {
  coverage(rows: $rows, columns: $columns, where: $where, municipalityKinds: $kinds,
           rowIds: $rowIds) {
    rowDimension columnDimension offeringCount
    rows { id name } columns { id }
    cells { row column count }
    matrix
  }
}"""


def test_topics_by_languages_with_zero_rows_and_columns(
    landscape: neo4j.Driver, data: GraphQL
) -> None:
    table = data(COVERAGE, {"rows": "TOPIC", "columns": "LANGUAGE"})["coverage"]

    assert table["rowDimension"] == "TOPIC"
    assert [r["id"] for r in table["rows"]] == [
        "arbeit-ausbildung",
        "beratung",
        "frauen",
        "gesundheit",  # no offering at all: a row of zeros
        "sprache",
    ]
    assert [c["id"] for c in table["columns"]] == ["ar", "de", "fa", "tr", "uk"]
    assert table["matrix"] == [
        # ar de fa tr uk
        [0, 1, 0, 0, 0],
        [1, 1, 0, 0, 1],
        [0, 0, 1, 0, 0],
        [0, 0, 0, 0, 0],
        [2, 4, 1, 0, 0],
    ]
    assert len(table["cells"]) == 25
    assert {"row": "gesundheit", "column": "tr", "count": 0} in table["cells"]
    assert {"row": "sprache", "column": "de", "count": 4} in table["cells"]
    assert table["offeringCount"] == 7


def test_municipality_rows_count_what_is_available_there(
    landscape: neo4j.Driver, data: GraphQL
) -> None:
    table = data(
        COVERAGE,
        {
            "rows": "MUNICIPALITY",
            "columns": "TOPIC",
            "kinds": ["MEMBER_MUNICIPALITY", "EINHEITSGEMEINDE"],
        },
    )["coverage"]

    rows = [r["id"] for r in table["rows"]]
    assert rows == ["hillerse", "leiferde", "meine", "meinersen", "gifhorn", "wittingen"]
    sprache = [c["count"] for c in table["cells"] if c["column"] == "sprache"]
    # The county-wide online course counts everywhere; Meine, Meinersen and Gifhorn have one
    # more of their own.
    assert sprache == [1, 1, 2, 2, 2, 1]
    beratung = [c["count"] for c in table["cells"] if c["column"] == "beratung"]
    # The Samtgemeinde's counselling counts for its members only.
    assert beratung == [1, 1, 0, 1, 0, 0]


def test_a_cell_equals_the_filtered_list_it_stands_for(
    landscape: neo4j.Driver, data: GraphQL
) -> None:
    table = data(COVERAGE, {"rows": "MUNICIPALITY", "columns": "TARGET_GROUP"})["coverage"]

    # Not vacuous: there are cells, and some of them count offerings, some none.
    assert table["cells"]
    assert {cell["count"] > 0 for cell in table["cells"]} == {True, False}
    for cell in table["cells"]:
        where = {"municipality": {"id": cell["row"]}, "targetGroup": {"eq": cell["column"]}}
        listed = data(
            "query ($w: OfferingWhere) { offerings(where: $w) { totalCount } }", {"w": where}
        )
        assert listed["offerings"]["totalCount"] == cell["count"], cell


def test_where_and_row_ids_narrow_the_table(landscape: neo4j.Driver, data: GraphQL) -> None:
    table = data(
        COVERAGE,
        {
            "rows": "TARGET_GROUP",
            "columns": "MUNICIPALITY",
            "where": {"kind": {"eq": "COURSE"}},
            "rowIds": ["frauen", "kinder"],
            "kinds": ["COUNTY"],
        },
    )["coverage"]

    assert table["offeringCount"] == 2
    assert table["rows"] == [{"id": "frauen", "name": "Frauen"}, {"id": "kinder", "name": "Kinder"}]
    assert table["columns"] == [{"id": "landkreis-gifhorn"}]
    assert table["matrix"] == [[1], [0]]
