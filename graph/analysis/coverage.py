"""Coverage gaps: municipalities and fields of action without any offering."""

from __future__ import annotations

from dataclasses import dataclass, field

from domain.gap_keys import gap_key
from graph.analysis.need import Need, is_illustrative, need_per_municipality, need_phrase
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
from graph.analysis.wording import EXAMPLE_RESIDENTS


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
    """Residents with a migration background (see :mod:`graph.analysis.need`)."""
    population: int | None
    reason: str
    need_illustrative: bool
    """The need figure rests on illustrative records (``example``/``synthetic``)."""
    key: str = field(init=False)
    """Stable across recomputations: built from the ids of the row (``domain.gap_keys``)."""

    def __post_init__(self) -> None:
        object.__setattr__(
            self,
            "key",
            gap_key("coverage", self.municipality_id, self.topic_id, self.target_group_id),
        )


@dataclass(frozen=True)
class MunicipalityGapCount:
    """How many cells of one municipality have no offering."""

    municipality_id: str
    municipality_name: str
    gaps: int
    need: int | None


@dataclass(frozen=True)
class CoverageGaps:
    """All coverage gaps: how many cells were checked, how many are empty, the top ones."""

    cells: int
    gap_count: int
    gaps: tuple[CoverageGap, ...]
    by_municipality: tuple[MunicipalityGapCount, ...]
    """Gaps per municipality, neediest first (then most gaps), as the list is ranked."""
    need_sources: tuple[str, ...]
    """The distinct sources of the need figures of all gaps (not only the listed ones)."""
    need_illustrative: bool
    """Some need figure rests on illustrative records: the ranking is an example."""
    explanation: str
    """What the list shows and how to read it, in plain German."""


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
    reading of a social-infrastructure map (Sozialraumanalyse) [1]_. Uninhabited places
    (:func:`~graph.analysis.typed.uninhabited`) have no cells: nobody there lacks an
    offering. The result names the sources of the need figures and says whether any is
    illustrative, and each reason marks a figure resting on example data.

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
    need = need_per_municipality(typed)
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
        n = need[m].value
        return (n is None, -(n or 0), name_of(typed, m), name_of(typed, t), g or "")

    found.sort(key=rank)
    chosen = found if top is None else found[:top]
    sources = frozenset().union(*(need[m].sources for m in {m for m, _, _ in found}))
    return CoverageGaps(
        cells=cells,
        gap_count=len(found),
        gaps=tuple(_gap(typed, m, t, g, need[m]) for m, t, g in chosen),
        by_municipality=_per_municipality(typed, found, need, top),
        need_sources=tuple(sorted(sources)),
        need_illustrative=is_illustrative(sources),
        explanation=_explanation(split, is_illustrative(sources)),
    )


def _per_municipality(
    typed: TypedGraph,
    found: list[tuple[str, str, str | None]],
    need: dict[str, Need],
    top: int | None,
) -> tuple[MunicipalityGapCount, ...]:
    counts: dict[str, int] = {}
    for m, _, _ in found:
        counts[m] = counts.get(m, 0) + 1
    ranked = sorted(
        counts,
        key=lambda m: (need[m].value is None, -(need[m].value or 0), -counts[m], name_of(typed, m)),
    )
    return tuple(
        MunicipalityGapCount(
            municipality_id=id_of(typed, m),
            municipality_name=name_of(typed, m),
            gaps=counts[m],
            need=need[m].value,
        )
        for m in (ranked if top is None else ranked[:top])
    )


def _explanation(by_target_group: bool, illustrative: bool) -> str:
    cell = (
        "Gemeinde, Handlungsfeld und Zielgruppe"
        if by_target_group
        else ("Gemeinde und Handlungsfeld")
    )
    text = (
        f"Die Liste zeigt jede Kombination aus {cell}, für die es kein einziges Angebot gibt. "
        "Geprüft wurde jede Gemeinde, in der Menschen leben (unbewohnte Gebiete wie "
        "gemeindefreie Wald- und Moorflächen zählen nicht); ein Angebot der Samtgemeinde oder des "
        "ganzen Landkreises gilt auch in jeder ihrer Gemeinden. "
        "„Bedarf“ ist die Zahl der Einwohner:innen mit Migrationsgeschichte in der Gemeinde "
        "(wo sie fehlt: die Einwohner:innen aus anderen Herkunftsländern); oben stehen die "
        "Lücken, die die meisten Menschen betreffen, und dort lohnt es am ehesten, einen "
        "Träger für ein Angebot zu gewinnen."
    )
    return f"{text} {EXAMPLE_RESIDENTS}" if illustrative else text


def _gap(typed: TypedGraph, m: str, t: str, g: str | None, need: Need) -> CoverageGap:
    m_name, t_name = name_of(typed, m), name_of(typed, t)
    g_name = name_of(typed, g) if g else None
    reason = f"kein Angebot zu {t_name}"
    if g_name:
        reason += f" für {g_name}"
    reason += f" in {m_name} ({need_phrase(need)})"
    return CoverageGap(
        municipality_id=id_of(typed, m),
        municipality_name=m_name,
        topic_id=id_of(typed, t),
        topic_name=t_name,
        target_group_id=id_of(typed, g) if g else None,
        target_group_name=g_name,
        need=need.value,
        population=int_property(typed, m, "population"),
        reason=reason,
        need_illustrative=need.illustrative,
    )
