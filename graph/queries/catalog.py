"""The whitelist of node kinds: labels, the properties filters may test and sorts may use.

A filter or sort that names a property not listed here is a programming error, not a user
error: the GraphQL layer only offers fields that map onto these entries, so user input can
never choose a label or property name.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class ValueType(Enum):
    """How a property's values compare and travel through cursors."""

    STRING = "string"
    INT = "int"
    FLOAT = "float"
    DATE = "date"
    DATETIME = "datetime"


@dataclass(frozen=True)
class NodeKind:
    """A label of the domain model with its queryable properties.

    ``title`` is the human-readable name property (``name``, or ``title`` for offerings):
    the default sort key and the order of nested lists. ``returned`` adds properties that
    may be read but not filtered on (contact fields).
    """

    label: str
    title: str
    properties: dict[str, ValueType]
    extra: tuple[str, ...] = ()

    @property
    def returned(self) -> frozenset[str]:
        """Every property a read may return."""
        return frozenset(self.properties) | frozenset(self.extra)

    def value_type(self, prop: str) -> ValueType:
        """The type of a whitelisted property; anything else is refused."""
        try:
            return self.properties[prop]
        except KeyError:
            raise ValueError(f"{self.label}.{prop} is not a queryable property") from None


S, INT, F, D, T = (
    ValueType.STRING,
    ValueType.INT,
    ValueType.FLOAT,
    ValueType.DATE,
    ValueType.DATETIME,
)

_COMMON = {"id": S, "source": S, "updatedAt": T}

ACTOR = NodeKind(
    "Actor",
    "name",
    {
        **_COMMON,
        "name": S,
        "kind": S,
        "description": S,
        "website": S,
        "address": S,
        "founded": S,
    },
    extra=("email", "phone"),
)
COORDINATOR = NodeKind(
    "Coordinator",
    "name",
    {**_COMMON, "name": S, "role": S, "responsibility": S, "since": D, "until": D},
    extra=("email", "phone"),
)
PERSON = NodeKind("Person", "name", {**_COMMON, "name": S, "role": S, "title": S})
OFFERING = NodeKind(
    "Offering",
    "title",
    {
        **_COMMON,
        "title": S,
        "kind": S,
        "description": S,
        "schedule": S,
        "capacity": INT,
        "cost": F,
        "startDate": D,
        "endDate": D,
        "fundingProgram": S,
    },
)
WORKING_GROUP = NodeKind(
    "WorkingGroup",
    "name",
    {**_COMMON, "name": S, "description": S, "founded": D, "meetingCadence": S},
)
TOPIC = NodeKind("Topic", "name", {**_COMMON, "name": S, "description": S})
TARGET_GROUP = NodeKind("TargetGroup", "name", {**_COMMON, "name": S, "description": S})
MUNICIPALITY = NodeKind(
    "Municipality",
    "name",
    {
        **_COMMON,
        "name": S,
        "kind": S,
        "ags": S,
        "population": INT,
        "populationYear": INT,
        "migrantPopulation": INT,
    },
)
LANGUAGE = NodeKind("Language", "name", {**_COMMON, "name": S})
COUNTRY = NodeKind("Country", "name", {**_COMMON, "name": S})
EVENT = NodeKind(
    "Event",
    "name",
    {**_COMMON, "name": S, "date": D, "place": S, "description": S, "status": S},
)

NODE_KINDS: dict[str, NodeKind] = {
    kind.label: kind
    for kind in (
        ACTOR,
        COORDINATOR,
        PERSON,
        OFFERING,
        WORKING_GROUP,
        TOPIC,
        TARGET_GROUP,
        MUNICIPALITY,
        LANGUAGE,
        COUNTRY,
        EVENT,
    )
}
"""Every node kind the API reads, by label."""


def projection(kinds: tuple[NodeKind, ...], var: str, props: frozenset[str] | None) -> str:
    """The map projection ``var {.id, .name, ...}`` of the properties a read needs.

    ``None`` means all properties (``var {.*}``). Names outside the kinds' whitelists are
    dropped, so a projection never names anything the catalog does not know; ``id`` is
    always included.
    """
    if props is None:
        return f"{var} {{.*}}"
    allowed = frozenset().union(*(kind.returned for kind in kinds))
    chosen = sorted((props & allowed) | {"id"})
    return f"{var} {{{', '.join('.' + prop for prop in chosen)}}}"
