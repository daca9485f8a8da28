"""DataLoaders: one batched statement per relationship field and request level.

Resolvers of a nested field (``Actor.offerings``) ask a loader for their parent's items;
the loader collects the parent ids of one level of the response and sends one ``UNWIND
$ids`` statement for all of them. A loader is made per request (it lives in the context's
cache) and per *(relation, arguments)*: two selections of the same field with different
``first``/``where`` get different loaders, equal ones share one.

Hence the round-trip bound: a request costs one statement per root field plus at most one
per relationship field in the query document's selection tree, however many objects each
level holds.

Every loader is a :class:`SharedLoader`: resolvers loading the same key share one load,
and one of them being cancelled must not cancel it for the others.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

import neo4j
from strawberry.dataloader import DataLoader

from graph.queries import aggregates as aggregate_queries
from graph.queries import lists, relations
from graph.queries import nodes as node_queries
from graph.queries.catalog import NodeKind
from graph.queries.predicates import Compare, Predicate
from graph.queries.runner import fetch
from graph.queries.statement import Statement
from schema.context import Info

K = TypeVar("K")
V = TypeVar("V")


class SharedLoader(DataLoader[K, V]):
    """Strawberry's DataLoader, except that a caller giving up does not cancel the others.

    The loader hands every resolver that loads a key the same future (the same provider
    under three offerings, the same actor under two aliases). graphql-core cancels the
    pending sibling fields of an object that a non-null error turns into null, and asyncio
    cancels the future a cancelled task is waiting on: the shared future was cancelled under
    every other resolver waiting on it, and those got a ``CancelledError`` that nothing had
    asked for. Being a ``BaseException``, it passed graphql-core's field errors, the view and
    the request's time budget, and the request ended without an answer (``serve``: a
    plain-text 500). So each caller waits on its own follower of the shared future; the
    shared future (and with it Strawberry's batch, when all its keys are given up) is
    cancelled only once all its followers are.
    """

    def __init__(self, load_fn: Callable[[list[K]], Awaitable[Sequence[V]]]) -> None:
        super().__init__(load_fn=load_fn)
        self._followers: dict[asyncio.Future[V], int] = {}

    def load(self, key: K) -> Awaitable[V]:
        shared = asyncio.ensure_future(super().load(key))
        if shared.done():
            return shared
        if shared not in self._followers:
            self._followers[shared] = 0
            shared.add_done_callback(self._forget)
        self._followers[shared] += 1
        follower: asyncio.Future[V] = shared.get_loop().create_future()
        shared.add_done_callback(partial(_settle, follower))
        follower.add_done_callback(partial(self._give_up, shared))
        return follower

    def _give_up(self, shared: asyncio.Future[V], follower: asyncio.Future[V]) -> None:
        if not follower.cancelled() or shared not in self._followers:
            return
        self._followers[shared] -= 1
        if not self._followers[shared]:
            shared.cancel()

    def _forget(self, shared: asyncio.Future[V]) -> None:
        self._followers.pop(shared, None)


def _settle(follower: asyncio.Future[V], shared: asyncio.Future[V]) -> None:
    """Pass the shared load's outcome on to a follower that still waits for it."""
    if follower.done():
        return
    if shared.cancelled():
        follower.cancel()
    elif (error := shared.exception()) is not None:
        follower.set_exception(error)
    else:
        follower.set_result(shared.result())


@dataclass(frozen=True, slots=True)
class Item:
    """One related node: its properties, labels and (if any) relationship properties."""

    node: Mapping[str, Any]
    labels: Sequence[str]
    rel: Mapping[str, Any]
    outgoing: bool | None


async def run(info: Info, statement: Statement) -> list[neo4j.Record]:
    """Send one read statement with the request's driver and transaction timeout."""
    context = info.context
    return await fetch(
        context.driver,
        context.database,
        statement,
        timeout=context.tx_timeout(),
        metadata=context.tx_metadata(),
    )


def _loader(info: Info, key: Hashable, factory: Any) -> Any:
    """The request's loader under ``key`` (made on first use; requests never share one)."""
    loaders: dict[Hashable, Any] = info.context.cache.setdefault("loaders", {})
    loader = loaders.get(key)
    if loader is None:
        loader = loaders[key] = factory()
    return loader


def _items(rows: Sequence[Mapping[str, Any]]) -> list[Item]:
    return [
        Item(row["node"], row.get("labels") or (), row.get("rel") or {}, row.get("outgoing"))
        for row in rows
    ]


def _by_parent(records: list[neo4j.Record]) -> dict[str, list[Item]]:
    """``{parent id: items}`` from the one row ``rows: [[pid, items], ...]``."""
    return {pid: _items(items) for pid, items in records[0]["rows"]}


def related_loader(
    info: Info,
    relation: relations.Relation,
    first: int,
    where: Predicate | None = None,
    rel_where: tuple[Compare, ...] = (),
    props: frozenset[str] | None = None,
) -> SharedLoader[str, list[Item]]:
    """The request's loader for one relationship field with these arguments."""

    async def load(ids: list[str]) -> list[list[Item]]:
        statement = lists.per_parent(
            relation, ids, first=first, where=where, rel_where=rel_where, props=props
        )
        found = _by_parent(await run(info, statement))
        return [found.get(pid, []) for pid in ids]

    key = ("related", relation.name, first, where, rel_where, props)
    loader: SharedLoader[str, list[Item]] = _loader(info, key, lambda: SharedLoader(load))
    return loader


async def related(
    info: Info,
    relation_name: str,
    parent_id: str,
    first: int,
    where: Predicate | None = None,
    rel_where: tuple[Compare, ...] = (),
    props: frozenset[str] | None = None,
) -> list[Item]:
    """The items of one parent, batched with its siblings of the same level."""
    relation = relations.RELATIONS[relation_name]
    loader = related_loader(info, relation, first, where, rel_where, props)
    return await loader.load(parent_id)


async def related_one(
    info: Info, relation_name: str, parent_id: str, props: frozenset[str] | None = None
) -> Item | None:
    """A to-one relationship (``partOf``, ``locatedIn``): the first item or None."""
    items = await related(info, relation_name, parent_id, 1, props=props)
    return items[0] if items else None


def summary_loader(
    info: Info,
    relation: relations.Relation,
    where: Predicate | None,
    summary: aggregate_queries.Summary,
) -> SharedLoader[str, Mapping[str, Any]]:
    """The request's loader for one relationship field's aggregate (``membersAggregate``)."""

    async def load(ids: list[str]) -> list[Mapping[str, Any]]:
        statement = aggregate_queries.related_summaries(relation, ids, where, summary)
        found = dict((await run(info, statement))[0]["rows"])
        return [found.get(pid) or {} for pid in ids]

    key = ("summary", relation.name, where, summary)
    loader: SharedLoader[str, Mapping[str, Any]] = _loader(info, key, lambda: SharedLoader(load))
    return loader


def node_loader(
    info: Info, kind: NodeKind, props: frozenset[str] | None = None
) -> SharedLoader[str, Mapping[str, Any] | None]:
    """Nodes of one kind by id; ``actor(id:)`` fields selecting alike share a statement."""

    async def load(ids: list[str]) -> list[Mapping[str, Any] | None]:
        records = await run(info, node_queries.by_ids(kind, ids, props))
        found = {node["id"]: node for node in records[0]["nodes"]}
        return [found.get(node_id) for node_id in ids]

    loader: SharedLoader[str, Mapping[str, Any] | None] = _loader(
        info, ("node", kind.label, props), lambda: SharedLoader(load)
    )
    return loader


def residents_loader(
    info: Info, year: int | None, with_parts: bool, first: int, props: frozenset[str] | None
) -> SharedLoader[str, list[Item]]:
    """Residents by country per municipality (see ``graph.queries.lists.residents``)."""

    async def load(ids: list[str]) -> list[list[Item]]:
        statement = lists.residents(ids, year=year, with_parts=with_parts, first=first, props=props)
        found = _by_parent(await run(info, statement))
        return [found.get(pid, []) for pid in ids]

    key = ("residents", year, with_parts, first, props)
    loader: SharedLoader[str, list[Item]] = _loader(info, key, lambda: SharedLoader(load))
    return loader
