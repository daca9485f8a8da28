"""The result of ``coverage``: a complete table of offering counts, zeros included."""

from __future__ import annotations

import strawberry

from graph.queries.coverage import Dimension


@strawberry.type(description="Eine Zeile oder Spalte / one row or column of the table")
class CoverageItem:
    id: strawberry.ID
    name: str


@strawberry.type(description="Eine Zelle / one cell: offerings with both keys")
class CoverageCell:
    row: strawberry.ID
    column: strawberry.ID
    count: int


@strawberry.type(
    description="Angebote je Zelle, leere Zellen mit 0 / offerings per cell, empty cells as 0"
)
class Coverage:
    row_dimension: Dimension
    column_dimension: Dimension
    rows: list[CoverageItem]
    columns: list[CoverageItem]
    cells: list[CoverageCell] = strawberry.field(
        description="jede Zeile x Spalte, zeilenweise / every row x column, row by row"
    )
    matrix: list[list[int]] = strawberry.field(
        description="dieselben Zahlen als Matrix [Zeile][Spalte] / the counts as [row][column]"
    )
    offering_count: int = strawberry.field(
        description="gezählte Angebote (nach `where`) / offerings considered"
    )
