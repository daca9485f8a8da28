"""The resolvers' side of compiled execution: say what you read, or take it ready-made.

The resolvers of the node types stay the one definition of what a field means (which
relation it follows, which arguments filter it, how an item becomes a ``Membership``). The
compiled path (``schema.compiler``) calls them twice with a :class:`Prefetched` in place of
Strawberry's ``Info``:

- while planning, with :class:`Discovering`: the resolver computes its page size and filter
  exactly as on the resolver path and *reports* the read instead of sending it; the
  compiler puts every reported read into one statement;
- while answering, with :class:`Serving`: the resolver receives the rows of that one
  statement instead of asking a DataLoader, and builds its objects as always.

So both paths share every rule (defaults, limits, filters, masking); only where the rows
come from differs.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from graph.queries.catalog import NodeKind
from graph.queries.nodes import Order, Position
from graph.queries.predicates import Compare, Predicate

if TYPE_CHECKING:
    from schema.batching import Item
    from schema.context import Context


@dataclass(frozen=True)
class NestedRead:
    """What a relationship field reads: ``relation`` (a key of ``RELATIONS``) and arguments.

    ``node`` is where the related node's selection sits below the field (``("workingGroup",)``
    for ``memberships { workingGroup { name } }``).
    """

    relation: str
    first: int
    where: Predicate | None
    rel_where: tuple[Compare, ...]
    node: tuple[str, ...]


@dataclass(frozen=True)
class NodeRead:
    """A root field reading one node by id."""

    kind: NodeKind
    id: str


@dataclass(frozen=True)
class PageRead:
    """A root field reading a page; ``limit`` is the page size plus one (next-page probe)."""

    kind: NodeKind
    where: Predicate | None
    order: Order
    limit: int
    after: Position | None


@dataclass(frozen=True)
class SummaryRead:
    """An aggregate field (``offeringsAggregate``): the nodes of ``kind`` passing ``where``,
    all of them (``relation`` None, a root field) or those a relationship field reaches from
    its parent. What to compute follows the selection (``graph.queries.aggregates.Summary``),
    which the compiler reads from the plan, not from the resolver."""

    kind: NodeKind
    where: Predicate | None
    relation: str | None = None


Read = NestedRead | NodeRead | PageRead | SummaryRead


class Prefetched(ABC):
    """Stands in for ``Info`` when a resolver runs on the compiled path.

    ``context`` is the request's own: limits, the caller's role (for masking) and the
    settings are read from it exactly as from a real ``Info``.
    """

    def __init__(self, context: Context) -> None:
        self.context = context

    @abstractmethod
    def related(self, read: NestedRead, parent_id: str) -> list[Item]:
        """The items of one parent for a relationship field."""

    @abstractmethod
    def node(self, read: NodeRead) -> Mapping[str, Any] | None:
        """The row of a root field by id (None: no such node)."""

    @abstractmethod
    def page(self, read: PageRead) -> tuple[Sequence[Mapping[str, Any]], int | None]:
        """The rows of a root page and the total count (None when not selected)."""

    @abstractmethod
    def summary(self, read: SummaryRead, parent_id: str | None) -> Mapping[str, Any]:
        """The aggregate map of a root field (``parent_id`` None) or of one parent."""


class Discovering(Prefetched):
    """Records the one read a resolver asks for, and gives it nothing."""

    def __init__(self, context: Context) -> None:
        super().__init__(context)
        self.read: Read | None = None

    def related(self, read: NestedRead, parent_id: str) -> list[Item]:
        self.read = read
        return []

    def node(self, read: NodeRead) -> Mapping[str, Any] | None:
        self.read = read
        return None

    def page(self, read: PageRead) -> tuple[Sequence[Mapping[str, Any]], int | None]:
        self.read = read
        return [], None

    def summary(self, read: SummaryRead, parent_id: str | None) -> Mapping[str, Any]:
        self.read = read
        return {}


class Serving(Prefetched):
    """Hands a resolver the rows the compiled statement read for it."""

    def __init__(
        self,
        context: Context,
        items: Mapping[str, list[Item]] | None = None,
        rows: Sequence[Mapping[str, Any]] = (),
        total: int | None = None,
        summaries: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> None:
        super().__init__(context)
        self.items = items or {}
        self.rows = rows
        self.total = total
        self.summaries = summaries or {}

    def related(self, read: NestedRead, parent_id: str) -> list[Item]:
        return self.items.get(parent_id, [])

    def node(self, read: NodeRead) -> Mapping[str, Any] | None:
        return self.rows[0] if self.rows else None

    def page(self, read: PageRead) -> tuple[Sequence[Mapping[str, Any]], int | None]:
        return self.rows, self.total

    def summary(self, read: SummaryRead, parent_id: str | None) -> Mapping[str, Any]:
        """A root's map is its one row; a nested one is filed by parent id."""
        if parent_id is None:
            return self.rows[0] if self.rows else {}
        return self.summaries.get(parent_id) or {}
