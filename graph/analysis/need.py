"""Need per municipality: residents with a migration background, where known."""

from __future__ import annotations

from graph.analysis.typed import (
    COUNTRY,
    MUNICIPALITY,
    RESIDES_IN,
    TypedGraph,
    int_property,
    nodes_of,
    relations,
)


def residents_by_country(typed: TypedGraph) -> dict[str, dict[str, int]]:
    """Return ``{municipality: {country: count}}`` from the ``RESIDES_IN`` relationships."""
    residents: dict[str, dict[str, int]] = {}
    for country, municipality, data in relations(typed, RESIDES_IN, nodes_of(typed, COUNTRY)):
        count = data.get("count")
        if count is None:
            continue
        residents.setdefault(municipality, {})[country] = int(count)
    return residents


def migrant_need(typed: TypedGraph) -> dict[str, int | None]:
    """Return the number of residents with a migration background per municipality.

    The municipality's ``migrantPopulation`` where it is recorded; otherwise the sum of its
    residents statistics by country of origin (``RESIDES_IN`` counts), which counts
    foreign nationals and so underestimates the population with a migration background;
    otherwise ``None`` (unknown).
    """
    residents = residents_by_country(typed)
    need: dict[str, int | None] = {}
    for m in nodes_of(typed, MUNICIPALITY):
        value = int_property(typed, m, "migrantPopulation")
        if value is None and m in residents:
            value = sum(residents[m].values())
        need[m] = value
    return need
