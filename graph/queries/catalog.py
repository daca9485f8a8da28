"""The whitelist of node kinds: labels, the properties filters may test and sorts may use.

Derived from the data contract (:data:`domain.contract.CONTRACT`): a kind's filterable
properties are whitelisted, its contact fields may be returned but not filtered on.

A filter or sort that names a property not listed here is a programming error, not a user
error: the GraphQL layer only offers fields that map onto these entries, so user input can
never choose a label or property name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from domain.contract import CONTRACT, FIELD_STORAGE, Contract, ValueType

__all__ = [
    "ACTOR",
    "COORDINATOR",
    "COUNTRY",
    "EVENT",
    "LANGUAGE",
    "MUNICIPALITY",
    "NODE_KINDS",
    "OFFERING",
    "PERSON",
    "TARGET_GROUP",
    "TOPIC",
    "WORKING_GROUP",
    "NodeKind",
    "ValueType",
    "node_kinds",
    "projection",
]


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


def node_kinds(contract: Contract) -> dict[str, NodeKind]:
    """The node kinds of a contract, by label: filterable properties and returned extras."""
    return {
        kind.label: NodeKind(
            kind.label,
            kind.title,
            {p.name: p.type for p in kind.properties if p.filterable},
            extra=(
                *(p.name for p in kind.properties if not p.filterable),
                *FIELD_STORAGE.values(),
            ),
        )
        for kind in contract.kinds
    }


NODE_KINDS: dict[str, NodeKind] = node_kinds(CONTRACT)
"""Every node kind the API reads, by label."""

ACTOR = NODE_KINDS["Actor"]
COORDINATOR = NODE_KINDS["Coordinator"]
PERSON = NODE_KINDS["Person"]
OFFERING = NODE_KINDS["Offering"]
WORKING_GROUP = NODE_KINDS["WorkingGroup"]
TOPIC = NODE_KINDS["Topic"]
TARGET_GROUP = NODE_KINDS["TargetGroup"]
MUNICIPALITY = NODE_KINDS["Municipality"]
LANGUAGE = NODE_KINDS["Language"]
COUNTRY = NODE_KINDS["Country"]
EVENT = NODE_KINDS["Event"]


def projection(
    kinds: tuple[NodeKind, ...],
    var: str,
    props: frozenset[str] | None,
    extra: Sequence[str] = (),
) -> str:
    """The map projection ``var {.id, .name, ...}`` of the properties a read needs.

    ``None`` means all properties (``var {.*}``). Names outside the kinds' whitelists are
    dropped, so a projection never names anything the catalog does not know; ``id`` is
    always included. ``extra`` entries (``key: expression``, built from whitelisted names
    only) follow the properties: the nested lists of a compiled read.
    """
    if props is None:
        entries = [".*"]
    else:
        allowed = frozenset().union(*(kind.returned for kind in kinds))
        props = frozenset(FIELD_STORAGE.get(prop, prop) for prop in props)
        entries = ["." + prop for prop in sorted((props & allowed) | {"id"})]
    return f"{var} {{{', '.join([*entries, *extra])}}}"
