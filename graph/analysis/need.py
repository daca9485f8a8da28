"""Need per municipality: residents with a migration background, where known, and the
sources these figures rest on.

A ranking by need is only as good as the figures behind it. In the shipped Gifhorn data
the residents by country of origin are ``source: example`` (an illustrative distribution of
the article's county total), so every result that ranks by need also says which sources
its figures come from and whether any of them is illustrative
(:data:`graph.data_status.ILLUSTRATIVE_SOURCES`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from graph.analysis.typed import (
    COUNTRY,
    MUNICIPALITY,
    RESIDES_IN,
    TypedGraph,
    int_property,
    nodes_of,
    relations,
)
from graph.analysis.wording import EXAMPLE_MARK, people
from graph.data_status import ILLUSTRATIVE_SOURCES

Basis = Literal["migrant_population", "residents"]


@dataclass(frozen=True)
class Need:
    """The need figure of one municipality and where it comes from."""

    value: int | None
    """Residents with a migration background; None when unknown."""
    basis: Basis | None
    """``migrant_population`` (the municipality's own figure) or ``residents`` (the sum of
    its residents statistics by country of origin); None when unknown."""
    sources: frozenset[str]
    """The ``source`` of every record the figure rests on (records without one left out)."""

    @property
    def illustrative(self) -> bool:
        return is_illustrative(self.sources)


def is_illustrative(sources: Iterable[str]) -> bool:
    """True when any of ``sources`` is made up (``example``, ``synthetic``)."""
    return any(source in ILLUSTRATIVE_SOURCES for source in sources)


def source_of(data: Mapping[str, Any]) -> set[str]:
    """The ``source`` of a node or relationship as a set (empty when it has none)."""
    source = data.get("source")
    return {str(source)} if source else set()


def residents_by_country(typed: TypedGraph) -> dict[str, dict[str, int]]:
    """Return ``{municipality: {country: count}}`` from the ``RESIDES_IN`` relationships."""
    residents: dict[str, dict[str, int]] = {}
    for country, municipality, data in relations(typed, RESIDES_IN, nodes_of(typed, COUNTRY)):
        count = data.get("count")
        if count is None:
            continue
        residents.setdefault(municipality, {})[country] = int(count)
    return residents


def resident_sources(typed: TypedGraph) -> dict[str, dict[str, frozenset[str]]]:
    """Return ``{municipality: {country: sources}}`` of the ``RESIDES_IN`` counts."""
    found: dict[str, dict[str, frozenset[str]]] = {}
    for country, municipality, data in relations(typed, RESIDES_IN, nodes_of(typed, COUNTRY)):
        if data.get("count") is not None:
            found.setdefault(municipality, {})[country] = frozenset(source_of(data))
    return found


def need_per_municipality(typed: TypedGraph) -> dict[str, Need]:
    """Return the :class:`Need` of every municipality.

    The municipality's ``migrantPopulation`` where it is recorded (resting on the
    municipality record's ``source``); otherwise the sum of its residents statistics by
    country of origin (``RESIDES_IN`` counts, resting on their sources), which counts
    foreign nationals and so underestimates the population with a migration background;
    otherwise unknown.
    """
    residents = residents_by_country(typed)
    origins = resident_sources(typed)
    need: dict[str, Need] = {}
    for m in nodes_of(typed, MUNICIPALITY):
        value = int_property(typed, m, "migrantPopulation")
        if value is not None:
            need[m] = Need(value, "migrant_population", frozenset(source_of(typed.nodes[m])))
        elif m in residents:
            sources = frozenset().union(*origins.get(m, {}).values())
            need[m] = Need(sum(residents[m].values()), "residents", sources)
        else:
            need[m] = Need(None, None, frozenset())
    return need


def need_phrase(need: Need) -> str:
    """The need in words, for a reason: ``"9.000 Einwohner:innen mit Migrationsgeschichte"``,
    marked ``"Beispieldaten, nicht amtlich"`` when it rests on illustrative records."""
    if need.value is None:
        return "Zahl der Einwohner:innen mit Migrationsgeschichte unbekannt"
    migrants = need.basis == "migrant_population"
    who = "mit Migrationsgeschichte" if migrants else "aus anderen Herkunftsländern"
    text = f"{people(need.value)} {who}"
    return f"{text}; {EXAMPLE_MARK}" if need.illustrative else text
