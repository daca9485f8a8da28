"""Coverage gaps: municipalities and fields of action without any offering."""

from __future__ import annotations

from dataclasses import dataclass

from graph.analysis.need import migrant_need
from graph.analysis.typed import (
    ADDRESSES,
    AVAILABLE_IN,
    MUNICIPALITY,
    OFFERING,
    TARGET_GROUP,
    TARGETS,
    TOPIC,
    TypedGraph,
    covered_municipalities,
    id_of,
    int_property,
    leaf_municipalities,
    municipality_ancestors,
    name_of,
    nodes_of,
    resolve,
    targets,
)
from graph.analysis.wording import people


@dataclass(frozen=True)
class CoverageGap:
    """A municipality x field of action (x target group) cell without any offering."""

    municipality_id: str
    municipality_name: str
    topic_id: str
    topic_name: str
    target_group_id: str | None
    target_group_name: str | None
    need: int | None
    """Residents with a migration background (see :func:`graph.analysis.need.migrant_need`)."""
    population: int | None
    reason: str


@dataclass(frozen=True)
class CoverageGaps:
    """All coverage gaps: how many cells were checked, how many are empty, the top ones."""

    cells: int
    gap_count: int
    gaps: tuple[CoverageGap, ...]


def coverage_gaps(
    typed: TypedGraph,
    *,
    by_target_group: bool = False,
    municipality: str | None = None,
    topic: str | None = None,
    target_group: str | None = None,
    top: int | None = None,
) -> CoverageGaps:
    r"""Return the municipality x field-of-action cells no offering covers, neediest first.

    The cells are the municipalities without member municipalities (Einheitsgemeinden,
    member municipalities of a Samtgemeinde, an inhabited unincorporated area) times every
    topic (field of action), and, with ``by_target_group``, times every target group.

    Notes
    -----
    An offering covers the cells of the topics it ``ADDRESSES`` (and target groups it
    ``TARGETS``) in each municipality it is ``AVAILABLE_IN`` *and in every municipality
    transitively* ``PART_OF`` *that one*: an offering of a Samtgemeinde covers its member
    municipalities, an offering of the county covers all of them (``docs/data-format.md``).
    Rather than expanding each offering downwards, each cell looks upwards: the cell
    $(m, t)$ is covered iff some $a \in \mathrm{anc}(m) \cup \{m\}$ has an offering on
    $t$ available in $a$. The cost is $O(\text{offerings} + \text{cells} \cdot h)$ for
    a hierarchy of height $h$.

    With ``by_target_group`` only offerings that explicitly target the group cover its
    cells: an offering without target groups is open to all, but it does not show a planner
    that, say, women with small children are addressed.

    Gaps are ranked by *need*, the residents with a migration background of the municipality
    (its ``migrantPopulation``, else the sum of its residents statistics by country of
    origin); municipalities of unknown need come last. This is the usual supply-versus-need
    reading of a social-infrastructure map (Sozialraumanalyse) [1]_.

    Parameters
    ----------
    typed : nx.MultiDiGraph
        The typed graph.
    by_target_group : bool
        Also split the cells by target group.
    municipality, topic, target_group : str, optional
        Only cells inside this municipality (itself and its members), of this topic, of this
        target group (ids). ``target_group`` implies ``by_target_group``.
    top : int, optional
        Return at most this many gaps (``gap_count`` still counts all).

    References
    ----------
    .. [1] Riege, M. and Schubert, H. (eds). *Sozialraumanalyse: Grundlagen - Methoden -
       Praxis*. 2nd ed. VS Verlag für Sozialwissenschaften, 2005.
    """
    m_filter = resolve(typed, MUNICIPALITY, municipality)
    t_filter = resolve(typed, TOPIC, topic)
    g_filter = resolve(typed, TARGET_GROUP, target_group)
    split = by_target_group or g_filter is not None

    covered: set[tuple[str, ...]] = set()
    for offering in nodes_of(typed, OFFERING):
        o_topics = targets(typed, offering, ADDRESSES)
        o_places = targets(typed, offering, AVAILABLE_IN)
        if split:
            o_groups = targets(typed, offering, TARGETS)
            covered.update((m, t, g) for m in o_places for t in o_topics for g in o_groups)
        else:
            covered.update((m, t) for m in o_places for t in o_topics)

    cells_m = leaf_municipalities(typed)
    if m_filter is not None:
        inside = covered_municipalities(typed, m_filter)
        cells_m = [m for m in cells_m if m in inside]
    topics = [t_filter] if t_filter is not None else nodes_of(typed, TOPIC)
    groups: list[str | None] = (
        ([g_filter] if g_filter is not None else list(nodes_of(typed, TARGET_GROUP)))
        if split
        else [None]
    )

    ancestors = municipality_ancestors(typed)
    need = migrant_need(typed)
    found: list[tuple[str, str, str | None]] = []
    cells = 0
    for m in cells_m:
        above = ancestors.get(m, frozenset({m}))
        for t in topics:
            for g in groups:
                cells += 1
                if not any(((a, t, g) if g else (a, t)) in covered for a in above):
                    found.append((m, t, g))

    def rank(cell: tuple[str, str, str | None]) -> tuple[bool, int, str, str, str]:
        m, t, g = cell
        n = need.get(m)
        return (n is None, -(n or 0), name_of(typed, m), name_of(typed, t), g or "")

    found.sort(key=rank)
    chosen = found if top is None else found[:top]
    return CoverageGaps(
        cells=cells,
        gap_count=len(found),
        gaps=tuple(_gap(typed, m, t, g, need.get(m)) for m, t, g in chosen),
    )


def _gap(typed: TypedGraph, m: str, t: str, g: str | None, need: int | None) -> CoverageGap:
    m_name, t_name = name_of(typed, m), name_of(typed, t)
    g_name = name_of(typed, g) if g else None
    reason = f"kein Angebot zu {t_name}"
    if g_name:
        reason += f" für {g_name}"
    reason += f" in {m_name}"
    if need is not None:
        reason += f" ({people(need)} mit Migrationsgeschichte)"
    return CoverageGap(
        municipality_id=id_of(typed, m),
        municipality_name=m_name,
        topic_id=id_of(typed, t),
        topic_name=t_name,
        target_group_id=id_of(typed, g) if g else None,
        target_group_name=g_name,
        need=need,
        population=int_property(typed, m, "population"),
        reason=reason,
    )
