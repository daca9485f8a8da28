"""What each actor works on, where, and for whom.

An actor's *profile* collects the attributes the gap analyses compare actors by:

- topics (fields of action): the topics of the offerings it offers and of the working
  groups it belongs to;
- municipalities: where it is located (``LOCATED_IN``) or active (``ACTIVE_IN``) and where
  its offerings are available (``AVAILABLE_IN``);
- target groups: the target groups of its offerings;
- places: ``(topic, municipality)`` pairs of its own offerings ("offers Sprache in
  Wittingen"), the most specific evidence that two actors work side by side;
- offerings per topic: how many of its offerings address each topic (its activity).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from graph.analysis.typed import (
    ACTIVE_IN,
    ACTOR,
    ADDRESSES,
    AVAILABLE_IN,
    LOCATED_IN,
    MEMBER_OF,
    OFFERS,
    TARGETS,
    TypedGraph,
    nodes_of,
    targets,
)


@dataclass(frozen=True)
class ActorProfile:
    """Attributes of one actor (node keys of the typed graph)."""

    topics: frozenset[str]
    municipalities: frozenset[str]
    target_groups: frozenset[str]
    places: frozenset[tuple[str, str]]
    working_groups: frozenset[str]
    offerings_per_topic: Counter[str] = field(default_factory=Counter)


def actor_profiles(typed: TypedGraph) -> dict[str, ActorProfile]:
    """Return the profile of every actor of ``typed``, keyed by actor key."""
    profiles: dict[str, ActorProfile] = {}
    offering_cache: dict[str, tuple[list[str], list[str], list[str]]] = {}
    for actor in nodes_of(typed, ACTOR):
        topics: set[str] = set()
        municipalities = set(targets(typed, actor, LOCATED_IN))
        municipalities.update(targets(typed, actor, ACTIVE_IN))
        target_groups: set[str] = set()
        places: set[tuple[str, str]] = set()
        per_topic: Counter[str] = Counter()
        for offering in targets(typed, actor, OFFERS):
            cached = offering_cache.get(offering)
            if cached is None:
                cached = (
                    targets(typed, offering, ADDRESSES),
                    targets(typed, offering, AVAILABLE_IN),
                    targets(typed, offering, TARGETS),
                )
                offering_cache[offering] = cached
            o_topics, o_places, o_groups = cached
            topics.update(o_topics)
            per_topic.update(o_topics)
            municipalities.update(o_places)
            target_groups.update(o_groups)
            places.update((t, m) for t in o_topics for m in o_places)
        groups = targets(typed, actor, MEMBER_OF)
        for group in groups:
            topics.update(targets(typed, group, ADDRESSES))
        profiles[actor] = ActorProfile(
            topics=frozenset(topics),
            municipalities=frozenset(municipalities),
            target_groups=frozenset(target_groups),
            places=frozenset(places),
            working_groups=frozenset(groups),
            offerings_per_topic=per_topic,
        )
    return profiles
