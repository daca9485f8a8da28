"""Language gaps: languages residents speak that no offering near them is held in."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from domain.gap_keys import gap_key
from graph.analysis.need import (
    is_illustrative,
    resident_sources,
    residents_by_country,
    source_of,
)
from graph.analysis.typed import (
    AVAILABLE_IN,
    IN_LANGUAGE,
    LANGUAGE,
    MUNICIPALITY,
    OFFERING,
    SPOKEN_IN,
    TypedGraph,
    covered_municipalities,
    id_of,
    municipality_ancestors,
    municipality_members,
    name_of,
    nodes_of,
    relations,
    resolve,
    targets,
    uninhabited,
)
from graph.analysis.wording import EXAMPLE_MARK, EXAMPLE_RESIDENTS, enumerate_de, people


@dataclass(frozen=True)
class LanguageGap:
    """A language spoken by residents of a municipality in which no offering reaches them."""

    municipality_id: str
    municipality_name: str
    language_id: str
    language_name: str
    residents_not_reached: int
    """Estimated residents speaking the language (see :func:`language_gaps`)."""
    countries: tuple[str, ...]
    """Names of the countries of origin these residents come from, largest group first."""
    reason: str
    need_illustrative: bool
    """The estimate rests on illustrative records (residents or language shares)."""
    key: str = field(init=False)
    """Stable across recomputations: built from the ids of the row (``domain.gap_keys``)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", gap_key("language", self.municipality_id, self.language_id))


@dataclass(frozen=True)
class LanguageGaps:
    """Language gaps, most residents not reached first."""

    municipalities: int
    """Municipalities with residents statistics that were checked."""
    gap_count: int
    residents_not_reached: int
    """Sum over all gaps (a resident may be counted once per language)."""
    residents_without_language_data: int
    """Residents from countries without any ``SPOKEN_IN`` share (not estimated)."""
    gaps: tuple[LanguageGap, ...]
    need_sources: tuple[str, ...]
    """The distinct sources of the residents statistics and language shares behind all gaps."""
    need_illustrative: bool
    """Some of these figures are illustrative (``example``/``synthetic``)."""
    explanation: str
    """What the list shows and how to read it, in plain German."""


@dataclass(frozen=True)
class _Found:
    """A gap before it is described: the estimate and the records it rests on."""

    estimate: float
    municipality: str
    language: str
    origins: list[tuple[float, str]]
    sources: frozenset[str]


def language_gaps(
    typed: TypedGraph,
    *,
    municipality: str | None = None,
    language: str | None = None,
    top: int | None = None,
) -> LanguageGaps:
    r"""Return languages spoken by residents that no offering in reach is held in.

    Notes
    -----
    For each municipality $m$ with residents statistics (``Country -RESIDES_IN->
    Municipality`` with ``count`` $n_{c,m}$) the number of residents speaking language
    $\ell$ is estimated by distributing each country's residents over the languages spoken
    there (``Language -SPOKEN_IN-> Country`` with ``share`` $s_{\ell,c}$):

    .. math::

       r_{\ell,m} = \sum_c n_{c,m}\, s_{\ell,c}

    This is a proportional apportionment of country-of-origin counts to languages: residents
    statistics record nationality, not language, so the language shares of the countries
    of origin (as published e.g. in Ethnologue [1]_) stand in for a language survey. The
    estimate ignores that migrants often also speak a lingua franca or German; it is a
    ranking aid, not a head count. Shares of a country need not add up to 1 (multilingual
    countries), so a resident may be counted for several languages.

    The languages *in reach* of $m$ are those of the offerings (``IN_LANGUAGE``) available
    in $m$, in a municipality $m$ is part of (Samtgemeinde, county), or in one of $m$'s own
    members; the last rule matters when residents statistics exist only for a
    Samtgemeinde or the county. Every language with $r_{\ell,m} > 0$ not in reach is a gap;
    gaps are ranked by $r_{\ell,m}$, the residents not reached. Uninhabited places
    (population 0) are skipped even if statistics name residents there. The sources of the
    residents counts and language shares behind the gaps are reported, and whether any of
    them is illustrative.

    Parameters
    ----------
    typed : nx.MultiDiGraph
        The typed graph.
    municipality : str, optional
        Only municipalities inside this one (itself and its members).
    language : str, optional
        Only this language.
    top : int, optional
        Return at most this many gaps.

    References
    ----------
    .. [1] Eberhard, D. M., Simons, G. F. and Fennig, C. D. (eds). *Ethnologue: Languages
       of the World*. SIL International (population figures per country and language).
    .. [2] Statistisches Bundesamt. *Bevölkerung und Erwerbstätigkeit: Bevölkerung mit
       Migrationshintergrund - Ergebnisse des Mikrozensus*, Fachserie 1 Reihe 2.2
       (residents by country of origin, the input of ``RESIDES_IN``).
    """
    m_filter = resolve(typed, MUNICIPALITY, municipality)
    l_filter = resolve(typed, LANGUAGE, language)

    offered: dict[str, set[str]] = defaultdict(set)
    for offering in nodes_of(typed, OFFERING):
        langs = targets(typed, offering, IN_LANGUAGE)
        if langs:
            for m in targets(typed, offering, AVAILABLE_IN):
                offered[m].update(langs)

    spoken: dict[str, list[tuple[str, float, frozenset[str]]]] = defaultdict(list)
    for lang, country, data in relations(typed, SPOKEN_IN, nodes_of(typed, LANGUAGE)):
        share = float(data.get("share", 0.0) or 0.0)
        if share > 0:
            spoken[country].append((lang, share, frozenset(source_of(data))))

    residents = {m: r for m, r in residents_by_country(typed).items() if not uninhabited(typed, m)}
    if m_filter is not None:
        inside = covered_municipalities(typed, m_filter)
        residents = {m: r for m, r in residents.items() if m in inside}
    counted_from = resident_sources(typed)
    ancestors = municipality_ancestors(typed)
    members = municipality_members(typed)

    found: list[_Found] = []
    unmapped = 0
    for m, by_country in residents.items():
        reach: set[str] = set()
        for a in ancestors.get(m, frozenset()) | members.get(m, frozenset({m})):
            reach |= offered.get(a, set())
        speakers: dict[str, float] = defaultdict(float)
        origins: dict[str, list[tuple[float, str]]] = defaultdict(list)
        sources: dict[str, set[str]] = defaultdict(set)
        for country, count in by_country.items():
            if not spoken.get(country):
                unmapped += count
            for lang, share, share_sources in spoken.get(country, ()):
                speakers[lang] += count * share
                origins[lang].append((count * share, country))
                sources[lang] |= share_sources | counted_from.get(m, {}).get(country, set())
        for lang, estimate in speakers.items():
            if lang in reach or estimate <= 0 or (l_filter is not None and lang != l_filter):
                continue
            found.append(_Found(estimate, m, lang, origins[lang], frozenset(sources[lang])))

    found.sort(
        key=lambda f: (-f.estimate, name_of(typed, f.municipality), name_of(typed, f.language))
    )
    chosen = found if top is None else found[:top]
    all_sources = frozenset().union(*(f.sources for f in found))
    return LanguageGaps(
        municipalities=len(residents),
        gap_count=len(found),
        residents_not_reached=round(sum(f.estimate for f in found)),
        residents_without_language_data=unmapped,
        gaps=tuple(_gap(typed, f) for f in chosen),
        need_sources=tuple(sorted(all_sources)),
        need_illustrative=is_illustrative(all_sources),
        explanation=_explanation(is_illustrative(all_sources)),
    )


def _explanation(illustrative: bool) -> str:
    text = (
        "Die Liste zeigt Sprachen, die Menschen in einer Gemeinde sprechen, in denen es dort "
        "(auch nicht in der Samtgemeinde oder kreisweit) kein Angebot gibt. "
        "„Nicht erreicht“ ist eine Schätzung: die Einwohner:innen aus jedem Herkunftsland "
        "werden nach den Sprachen aufgeteilt, die in diesem Land gesprochen werden; viele "
        "sprechen auch Deutsch oder eine weitere Sprache, und wer aus einem mehrsprachigen "
        "Land kommt, kann bei mehreren Sprachen zählen. "
        "Die Zahl dient zum Ordnen, nicht als genaue Kopfzahl: oben stehen die Sprachen, in "
        "denen ein Angebot, eine Sprachmittlung oder übersetztes Infomaterial die meisten "
        "Menschen erreichen würde."
    )
    return f"{text} {EXAMPLE_RESIDENTS}" if illustrative else text


def _gap(typed: TypedGraph, found: _Found) -> LanguageGap:
    ranked = sorted(found.origins, key=lambda o: -o[0])
    countries = tuple(name_of(typed, c) for _, c in ranked)
    m_name, l_name = name_of(typed, found.municipality), name_of(typed, found.language)
    illustrative = is_illustrative(found.sources)
    reason = (
        f"kein Angebot auf {l_name} in {m_name}, "
        f"ca. {people(found.estimate)} aus {enumerate_de(countries)}"
    )
    if illustrative:
        reason += f" ({EXAMPLE_MARK})"
    return LanguageGap(
        municipality_id=id_of(typed, found.municipality),
        municipality_name=m_name,
        language_id=id_of(typed, found.language),
        language_name=l_name,
        residents_not_reached=round(found.estimate),
        countries=countries,
        reason=reason,
        need_illustrative=illustrative,
    )
