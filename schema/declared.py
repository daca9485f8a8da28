"""What a field reads, declared on the field: the one description both execution paths use.

Every field that reads node kinds from the graph (``actor(id)``, ``actors(...)``,
``offeringsAggregate``, ``Actor.memberships``, ``Offering.providers`` ...) carries a
declaration in its Strawberry metadata under :data:`READ`. The declaration says which
relation the field follows, how its arguments become a read (page size, filter,
relationship conditions, the ``scope`` that picks the relation) and how the rows become the
field's value (``Membership``, a ``Connection`` ...).

- The **resolver path** (the field's resolver) turns its arguments into the read, asks a
  DataLoader or sends one statement, and builds the value with the declaration.
- The **compiled path** (``schema.compiler``) never calls the resolver: it reads the
  declaration from the field, puts the read into the operation's one statement
  (``graph.queries.tree``) and builds the same value from that statement's rows.

So a resolver has one mode, and both paths share every rule (defaults, limits, filters,
how an item becomes an object); only where the rows come from differs. The reads are the
statement tree's own types (``tree.Page``, ``tree.Nested`` ...), with the selection left
open (:data:`ALL`) until the compiler or the resolver knows it.

The same idea as strawberry-django's optimizer (hints declared on fields, read without
running resolvers) and the Neo4j GraphQL Library (``@relationship`` declared on the field).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from strawberry.types.field import StrawberryField

from graph.queries import tree
from graph.queries.aggregates import Summary
from graph.queries.catalog import NodeKind
from graph.queries.nodes import Order
from graph.queries.predicates import Compare, Op, Predicate
from graph.queries.relations import RELATIONS, Relation
from schema.batching import Item
from schema.context import Context
from schema.filters import predicate_of
from schema.pagination import (
    DEFAULT_NESTED_SIZE,
    DEFAULT_PAGE_SIZE,
    Connection,
    connection,
    decode_cursor,
    size_within,
)

READ = "integration_graph.read"
"""The key of a field's declaration in its Strawberry ``metadata``."""

ALL = tree.Select(None)
"""The selection of a read before anyone knows it (the resolver path reads what
``selected(info)`` names; the compiler fills in what the operation selects)."""

T = TypeVar("T")

Arguments = Mapping[str, Any]
"""A field's arguments by Python name, as its resolver receives them."""


def max_page_size(context: Context) -> int:
    """The configured maximum page size (``API_MAX_PAGE_SIZE``)."""
    return context.settings.api_max_page_size


def declared(field: StrawberryField) -> Declaration | None:
    """The read declared on a field, None for a field that reads nothing declared."""
    if not field.metadata:
        return None
    found: Declaration | None = field.metadata.get(READ)
    return found


def metadata(declaration: Declaration) -> dict[str, Any]:
    """The ``metadata`` of a field declaring ``declaration``."""
    return {READ: declaration}


# --- relationship conditions from arguments ------------------------------------------------


@dataclass(frozen=True)
class OneOf:
    """``role: [MembershipRole!]``: the items whose relationship property ``prop`` is one
    of the given values (no condition when the argument is not given)."""

    argument: str
    prop: str

    def compare(self, arguments: Arguments) -> Compare | None:
        values = arguments.get(self.argument)
        if values is None:
            return None
        return Compare(self.prop, Op.IN, tuple(str(v.value) for v in values))


@dataclass(frozen=True)
class Equals:
    """``year: Int``: the items whose relationship property ``prop`` equals the argument."""

    argument: str
    prop: str

    def compare(self, arguments: Arguments) -> Compare | None:
        value = arguments.get(self.argument)
        return None if value is None else Compare(self.prop, Op.EQ, value)


Condition = OneOf | Equals


# --- relationship fields -------------------------------------------------------------------


@dataclass(frozen=True)
class Related(Generic[T]):
    """A relationship field: the items of ``relation``, each built by ``build``.

    ``relation`` is a key of ``RELATIONS``; with ``scoped`` it is the prefix that the
    field's ``scope`` argument completes (``Municipality.offerings`` + ``.with_parts``).
    ``node`` is where the related node's selection sits below the field (``("workingGroup",)``
    for ``memberships { workingGroup { name } }``). ``one``: a to-one reference
    (``partOf``), whose value is its one item or null; it takes no arguments.
    """

    relation: str
    build: Callable[[Item], T]
    node: tuple[str, ...] = ()
    conditions: tuple[Condition, ...] = ()
    scoped: bool = False
    one: bool = False

    def relation_of(self, arguments: Arguments) -> Relation:
        if self.scoped:
            return RELATIONS[f"{self.relation}.{arguments['scope'].value}"]
        return RELATIONS[self.relation]

    def read(self, context: Context, arguments: Arguments) -> tree.Nested:
        """What the field reads for these arguments (``BAD_USER_INPUT`` when refused)."""
        relation = self.relation_of(arguments)
        if self.one:
            return tree.Nested(relation, 1, ALL)
        size = size_within(max_page_size(context), arguments.get("first"), DEFAULT_NESTED_SIZE)
        target = relation.target_kind
        where = predicate_of(arguments.get("where"), None if target is None else target.label)
        rel_where = tuple(
            found for c in self.conditions if (found := c.compare(arguments)) is not None
        )
        return tree.Nested(relation, size, ALL, where, rel_where)

    def rel_props(self, names: frozenset[str]) -> frozenset[str] | None:
        """The relationship properties a selection of the field's objects reads, by the
        names selected on them: an edge object (``Membership``) names each of its fields
        for the property it shows (``role``, ``since``); None (all) for a field whose
        objects are the related nodes themselves.

        >>> MEMBERSHIPS = Related("Actor.memberships", dict, node=("workingGroup",))
        >>> sorted(MEMBERSHIPS.rel_props(frozenset({"workingGroup", "role"})))
        ['role', 'workingGroup']
        >>> Related("Topic.offerings", dict).rel_props(frozenset({"title"})) is None
        True
        """
        return names if self.node else None

    def value(self, items: Sequence[Item]) -> Any:
        """The field's value from its items (a list, or for ``one`` the item or null)."""
        if self.one:
            return self.build(items[0]) if items else None
        return [self.build(item) for item in items]


# --- aggregates ----------------------------------------------------------------------------


class Names(Protocol):
    """The field names selected below a path of field names (``names("countBy")``)."""

    def __call__(self, *path: str) -> frozenset[str]: ...


@dataclass(frozen=True)
class Aggregated:
    """An aggregate field over ``kind``: all its nodes (``relation`` None, a root field) or
    those a relationship field reaches (``relation`` as in :class:`Related`)."""

    kind: NodeKind
    summary: Callable[[Names], Summary]
    """What to compute for a selection."""
    build: Callable[[Mapping[str, Any]], Any]
    """The aggregate object of the statement's map."""
    relation: str | None = None
    scoped: bool = False

    def read(self, arguments: Arguments, summary: Summary) -> tree.SummaryRoot | tree.NestedSummary:
        """What the field reads for these arguments and this selection's ``summary``."""
        if self.relation is None:
            return self.over_all(arguments, summary)
        return self.over_related(arguments, summary)

    def over_all(self, arguments: Arguments, summary: Summary) -> tree.SummaryRoot:
        """A root field's read: every node of the kind passing ``where``."""
        return tree.SummaryRoot(self.kind, self.where(arguments), summary)

    def over_related(self, arguments: Arguments, summary: Summary) -> tree.NestedSummary:
        """A relationship field's read: the nodes it reaches passing ``where``."""
        name = f"{self.relation}.{arguments['scope'].value}" if self.scoped else self.relation
        return tree.NestedSummary(RELATIONS[str(name)], self.where(arguments), summary)

    def where(self, arguments: Arguments) -> Predicate | None:
        return predicate_of(arguments.get("where"), self.kind.label)

    def value(self, row: Mapping[str, Any] | None) -> Any:
        """The aggregate object of the statement's map (none: nothing related)."""
        return self.build(row or {})


# --- root fields ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ById:
    """``actor(id: ID!)``: one node of ``kind``, built by ``build``, or null."""

    kind: NodeKind
    build: Callable[[Mapping[str, Any]], Any]

    def read(self, arguments: Arguments) -> tree.ById:
        return tree.ById(self.kind, str(arguments["id"]), ALL)

    def value(self, rows: Sequence[Mapping[str, Any]]) -> Any:
        return self.build(rows[0]) if rows else None


@dataclass(frozen=True)
class Listing:
    """``actors(where, sort, first, after)``: a page of ``kind`` in ``default_order``
    unless ``sort`` says otherwise."""

    kind: NodeKind
    build: Callable[[Mapping[str, Any]], Any]
    default_order: Callable[[], Order]

    def read(self, context: Context, arguments: Arguments) -> tree.Page:
        """The page these arguments ask for; ``limit`` is the page size plus one (the extra
        row says there is a next page)."""
        sort = arguments.get("sort")
        order = self.default_order() if sort is None else sort.order()
        size = size_within(max_page_size(context), arguments.get("first"), DEFAULT_PAGE_SIZE)
        after = arguments.get("after")
        position = None if after is None else decode_cursor(after, order, self.kind)
        where = predicate_of(arguments.get("where"), self.kind.label)
        return tree.Page(self.kind, where, order, size + 1, position, False, ALL)

    def value(
        self, page: tree.Page, rows: Sequence[Mapping[str, Any]], total: int | None
    ) -> Connection[Any]:
        return connection(
            rows,
            size=page.size,
            order=page.order,
            after=page.after,
            total=total,
            build=self.build,
        )


Declaration = Related[Any] | Aggregated | ById | Listing
