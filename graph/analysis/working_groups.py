"""Working-group gaps: topics without a group, groups missing key actors, places unrepresented."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from domain.gap_keys import gap_key
from graph.analysis.need import need_per_municipality, need_phrase
from graph.analysis.profiles import ActorProfile, actor_profiles
from graph.analysis.typed import (
    ACTIVE_IN,
    ACTOR,
    ADDRESSES,
    LOCATED_IN,
    MEMBER_OF,
    MUNICIPALITY,
    OFFERING,
    TOPIC,
    WORKING_GROUP,
    TypedGraph,
    id_of,
    municipality_ancestors,
    municipality_members,
    name_of,
    nodes_of,
    resolve,
    sources,
    targets,
    uninhabited,
)
from graph.analysis.wording import counted, enumerate_de

MOST_ACTIVE = 5
"""How many of the most active actors on a group's topics a group should have."""


@dataclass(frozen=True)
class TopicWithoutGroup:
    """A field of action with offerings but no working group addressing it."""

    topic_id: str
    topic_name: str
    offerings: int
    actors: int
    reason: str
    key: str = field(init=False)
    """Stable across recomputations: built from the ids of the row (``domain.gap_keys``)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", gap_key("topic-without-group", self.topic_id))


@dataclass(frozen=True)
class MissingMember:
    """One of the actors most active on a working group's topics who is not a member."""

    working_group_id: str
    working_group_name: str
    actor_id: str
    actor_name: str
    offerings_on_topics: int
    rank: int
    """The actor's place among the most active on the group's topics (1 = most)."""
    reason: str
    key: str = field(init=False)
    """Stable across recomputations: built from the ids of the row (``domain.gap_keys``)."""

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "key", gap_key("missing-member", self.working_group_id, self.actor_id)
        )


@dataclass(frozen=True)
class UnrepresentedMunicipality:
    """A municipality no working-group member is located or active in."""

    municipality_id: str
    municipality_name: str
    actors: int
    """Actors located or active there (none of them in a working group)."""
    need: int | None
    reason: str
    key: str = field(init=False)
    """Stable across recomputations: built from the ids of the row (``domain.gap_keys``)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", gap_key("unrepresented", self.municipality_id))


@dataclass(frozen=True)
class WorkingGroupGaps:
    """The three kinds of working-group gaps."""

    topics_without_group: tuple[TopicWithoutGroup, ...]
    missing_members: tuple[MissingMember, ...]
    unrepresented_municipalities: tuple[UnrepresentedMunicipality, ...]
    missing_member_count: int
    unrepresented_count: int
    explanation: str
    """What the lists show and how to read them, in plain German."""


def working_group_gaps(
    typed: TypedGraph,
    *,
    most_active: int = MOST_ACTIVE,
    working_group: str | None = None,
    top: int | None = None,
    profiles: Mapping[str, ActorProfile] | None = None,
) -> WorkingGroupGaps:
    """Return what the working groups (Arbeitskreise) do not cover.

    1. *Topics without a group*: topics addressed by at least one offering but by no
       working group, ranked by their number of offerings.
    2. *Missing members*: for each working group, the ``most_active`` actors of its area
       with the most offerings on the group's topics (ties at the cut included); those who
       are not members are reported, most active first. The *area* of a group is where its
       members are located or active, with every municipality those are part of (so, in
       one county, the whole county); an actor belongs to it if it is located or active
       there (actors without any municipality always do).
    3. *Unrepresented municipalities*: inhabited municipalities (other than counties; see
       :func:`~graph.analysis.typed.uninhabited`) in which no member of any working group
       is located or active, ranked by need (residents with a migration background).

    Notes
    -----
    This is an affiliation (two-mode) reading of the network [1]_: working groups are
    the events that bring actors together, and a gap is a topic, an actor or a place
    that the affiliations do not reach. An actor *represents* the municipalities it is
    ``LOCATED_IN`` or ``ACTIVE_IN`` together with their members, and the municipalities
    above it up to (not including) the county: an actor active in a Samtgemeinde
    represents its members, an actor in a member municipality its Samtgemeinde. An actor
    active county-wide represents no particular municipality, or no village would ever be
    unrepresented. Activity on a topic is counted in offerings (``OFFERS`` then
    ``ADDRESSES``), the most direct evidence of work in a field that the graph holds.

    Parameters
    ----------
    typed : nx.MultiDiGraph
        The typed graph.
    most_active : int
        How many of the most active actors per group are checked.
    working_group : str, optional
        Only missing members of this working group (id).
    top : int, optional
        Return at most this many entries per list.
    profiles : mapping, optional
        Actor profiles of ``typed``, if already computed.

    References
    ----------
    .. [1] Breiger, R. L. "The duality of persons and groups". *Social Forces* 53(2),
       181-190 (1974).
    """
    if profiles is None:
        profiles = actor_profiles(typed)
    groups = nodes_of(typed, WORKING_GROUP)
    g_filter = resolve(typed, WORKING_GROUP, working_group)

    # 1. topics with offerings but no working group
    group_topics = {t for g in groups for t in targets(typed, g, ADDRESSES)}
    offerings_per_topic: Counter[str] = Counter()
    for o in nodes_of(typed, OFFERING):
        offerings_per_topic.update(targets(typed, o, ADDRESSES))
    actors_per_topic: Counter[str] = Counter()
    for p in profiles.values():
        actors_per_topic.update(p.offerings_per_topic.keys())
    without = sorted(
        (t for t in nodes_of(typed, TOPIC) if offerings_per_topic[t] and t not in group_topics),
        key=lambda t: (-offerings_per_topic[t], name_of(typed, t)),
    )
    topics_without = [
        TopicWithoutGroup(
            topic_id=id_of(typed, t),
            topic_name=name_of(typed, t),
            offerings=offerings_per_topic[t],
            actors=actors_per_topic[t],
            reason=(
                f"{counted(offerings_per_topic[t], 'Angebot', 'Angebote')} zu {name_of(typed, t)}, "
                "aber kein Arbeitskreis"
            ),
        )
        for t in without
    ]

    # 2. most active actors on a group's topics (in the group's area) who are not members
    ancestors = municipality_ancestors(typed)
    home: dict[str, set[str]] = {}
    actors_at: dict[str, list[str]] = defaultdict(list)
    nowhere: list[str] = []
    for a in profiles:
        places = set(targets(typed, a, LOCATED_IN)) | set(targets(typed, a, ACTIVE_IN))
        home[a] = {up for m in places for up in ancestors.get(m, (m,))}
        for m in home[a]:
            actors_at[m].append(a)
        if not home[a]:
            nowhere.append(a)
    missing: list[MissingMember] = []
    for g in groups:
        if g_filter is not None and g != g_filter:
            continue
        topics = targets(typed, g, ADDRESSES)
        if not topics:
            continue
        members = set(sources(typed, g, MEMBER_OF))
        area = {m for a in members for m in home.get(a, ())}
        candidates = (
            {a for m in area for a in actors_at[m]} | set(nowhere) if area else set(profiles)
        )
        activity = {
            a: n
            for a in candidates
            if (n := sum(profiles[a].offerings_per_topic[t] for t in topics)) > 0
        }
        ranked = sorted(activity.items(), key=lambda kv: (-kv[1], name_of(typed, kv[0])))
        if len(ranked) > most_active:
            cut = ranked[most_active - 1][1]
            ranked = [r for r in ranked if r[1] >= cut]
        topic_names = enumerate_de(sorted(name_of(typed, t) for t in topics))
        for rank, (a, n) in enumerate(ranked, start=1):
            if a in members:
                continue
            missing.append(
                MissingMember(
                    working_group_id=id_of(typed, g),
                    working_group_name=name_of(typed, g),
                    actor_id=id_of(typed, a),
                    actor_name=name_of(typed, a),
                    offerings_on_topics=n,
                    rank=rank,
                    reason=(
                        f"{name_of(typed, a)} hat {counted(n, 'Angebot', 'Angebote')} zu "
                        f"{topic_names}, "
                        f"ist aber nicht Mitglied in „{name_of(typed, g)}“"
                    ),
                )
            )
    missing.sort(key=lambda m: (-m.offerings_on_topics, m.working_group_name, m.actor_name))

    # 3. municipalities without any working-group member
    unrepresented = _unrepresented(typed)
    return WorkingGroupGaps(
        topics_without_group=tuple(topics_without if top is None else topics_without[:top]),
        missing_members=tuple(missing if top is None else missing[:top]),
        unrepresented_municipalities=tuple(unrepresented if top is None else unrepresented[:top]),
        missing_member_count=len(missing),
        unrepresented_count=len(unrepresented),
        explanation=EXPLANATION.format(most_active=most_active),
    )


EXPLANATION = (
    "Die Liste zeigt, was die Arbeitskreise nicht abdecken: Handlungsfelder, zu denen es "
    "Angebote, aber keinen Arbeitskreis gibt; Akteure, die zu den Themen eines Arbeitskreises "
    "die meisten Angebote machen (die {most_active} aktivsten je Arbeitskreis, gezählt in "
    "Angeboten), dort aber nicht Mitglied sind; und bewohnte Gemeinden, aus denen kein "
    "Mitglied irgendeines Arbeitskreises kommt. "
    "Oben stehen jeweils die Handlungsfelder mit den meisten Angeboten, die aktivsten "
    "Akteure und die Gemeinden mit den meisten Einwohner:innen mit Migrationsgeschichte. "
    "Eine Einladung der fehlenden Akteure oder ein Arbeitskreis für ein offenes "
    "Handlungsfeld schließt die Lücke."
)


def _unrepresented(typed: TypedGraph) -> list[UnrepresentedMunicipality]:
    municipalities = nodes_of(typed, MUNICIPALITY)
    county = {m for m in municipalities if typed.nodes[m].get("kind") == "county"}
    ancestors = municipality_ancestors(typed)
    members = municipality_members(typed)

    def reach(m: str) -> set[str]:
        if m in county:
            return set()
        return (set(ancestors.get(m, ())) | set(members.get(m, ()))) - county

    represented: set[str] = set()
    present: Counter[str] = Counter()
    for a in nodes_of(typed, ACTOR):
        places = set(targets(typed, a, LOCATED_IN)) | set(targets(typed, a, ACTIVE_IN))
        in_group = bool(targets(typed, a, MEMBER_OF))
        for m in places:
            present[m] += 1
            if in_group:
                represented |= reach(m)
    need = need_per_municipality(typed)
    found = [
        m
        for m in municipalities
        if m not in county and m not in represented and not uninhabited(typed, m)
    ]
    found.sort(key=lambda m: (need[m].value is None, -(need[m].value or 0), name_of(typed, m)))
    result = []
    for m in found:
        reason = f"kein Mitglied eines Arbeitskreises in {name_of(typed, m)}"
        if need[m].value is not None:
            reason += f" ({need_phrase(need[m])})"
        result.append(
            UnrepresentedMunicipality(
                municipality_id=id_of(typed, m),
                municipality_name=name_of(typed, m),
                actors=present[m],
                need=need[m].value,
                reason=reason,
            )
        )
    return result
