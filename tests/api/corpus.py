"""A seeded generator of GraphQL documents over the live schema: the differential corpus.

Why: the compiled read path (one Cypher statement per operation) must answer exactly as the
resolver path does for every query a client may send, not only for the queries somebody
thought of. So the documents are written from graphql-core's ``GraphQLSchema`` itself: a
field or argument added to the schema is generated without touching this module, and the
coverage check of ``test_differential`` fails until it is exercised. Argument values come
from the loaded graph (ids, names, numbers and dates read with one statement, cursors from
real pages), so filters match something, plus some values that match nothing.

One ``random.Random(seed)`` drives everything, and the generator steers towards the fields
and arguments it has used least, so that a thousand documents reach every field. The same
seed on the same data gives the same corpus (only ``updatedAt`` values, stamped at load
time, differ between loads).
"""

from __future__ import annotations

import dataclasses
import json
import random
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import neo4j
from graphql import (
    DocumentNode,
    FieldNode,
    FragmentSpreadNode,
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLSyntaxError,
    InlineFragmentNode,
    TypeInfo,
    TypeInfoVisitor,
    Undefined,
    Visitor,
    ast_from_value,
    get_named_type,
    is_abstract_type,
    is_leaf_type,
    is_list_type,
    is_non_null_type,
    parse,
    print_ast,
    visit,
)

from schema.cost import measure_operations
from schema.limits import Limits

PYTHON_FIELDS = frozenset(
    {
        "Query.search",
        "Query.whoWorksOn",
        "Query.coverage",
        "Query.gaps",
        "Query.revision",
        "Query.dataStatus",
        "Actor.network",
    }
)
"""Fields answered in Python on both paths (scores, reasons, analyses, the revision): the
coverage check does not look below them, but they are put into mixed documents next to
compiled fields and must be exercised themselves."""

PER_PROCESS_FIELDS = frozenset({"Query.analysisStatus"})
"""Fields whose answer is the serving process's own state (when its analyses were computed):
two apps answer them differently by design, so the corpus never asks them (their tests are
``tests/api/test_recompute.py``)."""

NOTHING = "gibt-es-nicht"
"""An id no node has: filters and lookups that match nothing."""

ID_TARGETS = {
    "provider": "Actor",
    "funder": "Actor",
    "worksFor": "Actor",
    "member": "Actor",
    "within": "Municipality",
    "rowIds": None,
    "columnIds": None,
}
"""Filter and argument names whose node type is not their own name capitalised (``topic`` is
a Topic id, ``provider`` an Actor id); None: any id."""

LOGICAL = ("AND", "OR", "NOT")
PAGE_ARGUMENTS = ("first", "top")
SMALL_PAGES = (0, 1, 2, 2, 3, 3, 5)
ROOT_PAGES = (1, 2, 3, 5, 10, 25)
MAX_DEPTH = 7
"""Composite levels below the root: connection, edges, node and four relationships."""
MAX_PYTHON_DEPTH = 3
"""Composite levels below a Python-answered root field (its analyses are not the subject)."""

SAMPLE = """
MATCH (n) WHERE n.id IS NOT NULL
WITH n ORDER BY n.id
WITH labels(n) AS labels, collect(properties(n)) AS nodes
RETURN labels, nodes[..$per] AS sample
UNION ALL
MATCH ()-[r]->()
UNWIND [key IN keys(r) WHERE NOT key IN ['source', 'updatedAt']] AS key
WITH key, r[key] AS value ORDER BY toString(value)
WITH key, collect(DISTINCT value) AS values
RETURN [':' + key] AS labels, values[..$per] AS sample
"""


def _plain(value: Any) -> Any:
    """A property value as JSON (dates and times in ISO format), None for lists and maps."""
    to_native = getattr(value, "to_native", None)
    if callable(to_native):
        value = to_native()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, list | dict):
        return None
    return value


@dataclass
class Pools:
    """Values found in the loaded graph, to draw arguments from."""

    ids: dict[str, list[str]] = field(default_factory=dict)
    """GraphQL type name (= node label) -> ids."""
    values: dict[tuple[str, str], list[Any]] = field(default_factory=dict)
    """(type name, property) -> distinct values."""
    by_property: dict[str, list[Any]] = field(default_factory=dict)
    """property -> distinct values over every label and relationship type."""
    cursors: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    """(root list field, normalised sort) -> cursors of a real page (see ``cursor_queries``)."""

    def all_ids(self) -> list[str]:
        return [i for name in sorted(self.ids) for i in self.ids[name]]

    def words(self) -> list[str]:
        found = {w for v in self.by_property.get("name", []) for w in re.findall(r"\w{4,}", v)}
        return sorted(found)


def read_pools(driver: neo4j.Driver, database: str, schema: GraphQLSchema, per: int = 60) -> Pools:
    """Sample ids and property values of every node type of the schema (one statement)."""
    records, _, _ = driver.execute_query(SAMPLE, {"per": per}, database_=database)
    pools = Pools()
    by_property: dict[str, set[Any]] = {}
    for record in records:
        labels: list[str] = record["labels"]
        if labels[0].startswith(":"):
            key = labels[0][1:]
            by_property.setdefault(key, set()).update(
                v for v in map(_plain, record["sample"]) if v is not None
            )
            continue
        names = [label for label in labels if isinstance(schema.get_type(label), GraphQLObjectType)]
        for name in names:
            for props in record["sample"]:
                pools.ids.setdefault(name, []).append(props["id"])
                for key, raw in props.items():
                    value = _plain(raw)
                    if value is None or key == "id":
                        continue
                    pools.values.setdefault((name, key), []).append(value)
                    by_property.setdefault(key, set()).add(value)
    for pair, values in pools.values.items():
        pools.values[pair] = sorted(set(values), key=repr)
    pools.by_property = {k: sorted(v, key=repr) for k, v in by_property.items()}
    return pools


# --- the schema's shape ----------------------------------------------------------------------


def _unwrap(type_: Any) -> Any:
    while isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    return type_


def is_connection(type_: GraphQLNamedType) -> bool:
    return isinstance(type_, GraphQLObjectType) and {"edges", "pageInfo"} <= set(type_.fields)


def root_lists(schema: GraphQLSchema) -> list[str]:
    """Root fields returning a connection (filtered, sorted, paginated lists)."""
    query = schema.query_type
    assert query is not None
    return [n for n, f in query.fields.items() if is_connection(get_named_type(f.type))]


def sort_key(field: GraphQLField, sort: Mapping[str, Any] | None) -> str:
    """The sort an argument value stands for, defaults filled in (cursors belong to one)."""
    sort_type = get_named_type(field.args["sort"].type) if "sort" in field.args else None
    if not isinstance(sort_type, GraphQLInputObjectType):
        return "-"
    parts = []
    for name, input_field in sort_type.fields.items():
        value = (sort or {}).get(name)
        if value is None and input_field.default_value is not Undefined:
            node = ast_from_value(input_field.default_value, input_field.type)
            value = print_ast(node) if node is not None else None
        parts.append(f"{name}={value}")
    return ",".join(parts)


def cursor_queries(schema: GraphQLSchema) -> Iterator[tuple[str, dict[str, str], str]]:
    """Per root list field: a query reading real cursors for every sort, and its aliases."""
    query = schema.query_type
    assert query is not None
    for name in root_lists(schema):
        field_ = query.fields[name]
        aliases = {"c0": sort_key(field_, None)}
        parts = [f"c0: {name}(first: 40) {{ edges {{ cursor }} }}"]
        sort_type = get_named_type(field_.args["sort"].type) if "sort" in field_.args else None
        if isinstance(sort_type, GraphQLInputObjectType):
            fields_type = get_named_type(sort_type.fields["field"].type)
            directions = get_named_type(sort_type.fields["direction"].type)
            assert isinstance(fields_type, GraphQLEnumType)
            assert isinstance(directions, GraphQLEnumType)
            for by in fields_type.values:
                for direction in directions.values:
                    alias = f"c{len(aliases)}"
                    sort = {"field": by, "direction": direction}
                    aliases[alias] = sort_key(field_, sort)
                    parts.append(
                        f"{alias}: {name}(first: 40, sort: {{field: {by}, direction: "
                        f"{direction}}}) {{ edges {{ cursor }} }}"
                    )
        yield name, aliases, "{ " + " ".join(parts) + " }"


def coverage_universe(schema: GraphQLSchema) -> set[str]:
    """Every ``Type.field`` and ``Type.field(arg)`` reachable from Query, not below Python."""
    query = schema.query_type
    assert query is not None
    seen: set[str] = set()
    wanted: set[str] = set()
    todo: list[GraphQLNamedType] = [query]
    while todo:
        type_ = todo.pop()
        if type_.name in seen:
            continue
        seen.add(type_.name)
        if is_abstract_type(type_):
            todo.extend(schema.get_possible_types(type_))
            continue
        if not isinstance(type_, GraphQLObjectType):
            continue
        for name, field_ in type_.fields.items():
            key = f"{type_.name}.{name}"
            if key in PYTHON_FIELDS or key in PER_PROCESS_FIELDS:
                continue
            wanted.add(key)
            wanted.update(f"{key}({arg})" for arg in field_.args)
            todo.append(get_named_type(field_.type))
    return wanted


def personal_fields(schema: GraphQLSchema) -> set[str]:
    """Fields whose answer depends on the caller: described as for authenticated callers."""
    return {
        f"{type_.name}.{name}"
        for type_ in schema.type_map.values()
        if isinstance(type_, GraphQLObjectType)
        for name, field_ in type_.fields.items()
        if "authenticated callers only" in (field_.description or "")
    }


def exercised(
    schema: GraphQLSchema, document: DocumentNode, *, under_directives: bool = False
) -> set[str]:
    """``Type.field`` and ``Type.field(arg)`` a document asks for.

    Selections under a directive (@include/@skip) may not run: they are left out unless
    ``under_directives``.
    """
    skip = None if under_directives else Visitor.SKIP
    info = TypeInfo(schema)
    found: set[str] = set()

    class Collect(Visitor):
        def enter_field(self, node: FieldNode, *_: Any) -> Any:
            if node.directives:
                return skip
            parent = info.get_parent_type()
            if parent is not None and not node.name.value.startswith("__"):
                key = f"{parent.name}.{node.name.value}"
                found.add(key)
                found.update(f"{key}({a.name.value})" for a in node.arguments or ())
            return None

        def enter_inline_fragment(self, node: InlineFragmentNode, *_: Any) -> Any:
            return skip if node.directives else None

        def enter_fragment_spread(self, node: FragmentSpreadNode, *_: Any) -> Any:
            return None

    visit(document, TypeInfoVisitor(info, Collect()))
    return found


# --- the generator ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One generated request."""

    index: int
    query: str
    variables: dict[str, Any]
    operation_name: str | None = None
    provoked: bool = False
    """Written to be refused: it holds a value chosen to fail (an id no node has, an invalid
    cursor or page size). Its answer is compared like any other; it does not count against
    the share of documents answered without errors."""


@dataclass
class Entry:
    """A response name in a selection set: its field key, and its subselection's scope."""

    key: str
    child: Scope | None


@dataclass
class Scope:
    """The response names of one selection set.

    Two fields may share a response name only when they are the same field with the same
    arguments (graphql-core merges them); anything else gets an alias. The inline fragments
    on the members of a union share their parent's scope.
    """

    names: dict[str, Entry] = field(default_factory=dict)


@dataclass
class Item:
    """A rendered selection and the response names it adds to its scope."""

    text: str
    names: dict[str, Entry] = field(default_factory=dict)


@dataclass
class Fragment:
    name: str
    on: str
    depth: int
    names: dict[str, Entry]


@dataclass
class Draft:
    """The document being written: variables and fragments collected on the way."""

    rng: random.Random
    variables: dict[str, Any] = field(default_factory=dict)
    definitions: list[str] = field(default_factory=list)
    fragments: list[Fragment] = field(default_factory=list)
    fragment_texts: list[str] = field(default_factory=list)
    aliases: int = 0

    def variable(self, type_: GraphQLInputType, value: Any, literal: str) -> str:
        name = f"v{len(self.definitions)}"
        if self.rng.random() < 0.15 and not isinstance(
            _unwrap(type_), GraphQLList | GraphQLInputObjectType
        ):
            self.definitions.append(f"${name}: {type_} = {literal}")  # the default answers
        else:
            self.definitions.append(f"${name}: {type_}")
            self.variables[name] = value
        return f"${name}"


@dataclass(frozen=True)
class Level:
    """Where a selection set is: its depth, the objects its parents may multiply to, and
    whether a field answered in Python is above it."""

    depth: int
    mult: int
    python: bool


@dataclass(frozen=True)
class Ctx:
    """Where a value goes: the node type a filter is about and the property it tests."""

    node: str | None = None
    prop: str | None = None
    op: str | None = None
    root: str | None = None
    depth: int = 0
    relations: int = 0
    """Relationship filters (``some``/``none``/``all``) this value is nested in."""


RELATION_FILTER_DEPTH = 2
"""Relationship filters nest at most this deep in generated documents (the API allows 3: a
deeper one is a refused request, not a comparison of answers)."""


def relation_targets(field_: Any) -> dict[str, str]:
    """For a relationship filter field of a ``Where`` input: the kind each source kind reaches
    (read from its description, ``... over (Actor)-[:OFFERS]->(Offering)``); {} otherwise.

    A vocabulary ``Where`` is shared by four kinds, and a filter applies to some of them only:
    the generator uses it where it applies, as a client would.
    """
    text = field_.description or ""
    if "relationship filter over " not in text:
        return {}
    targets = {}
    for path in text.split("relationship filter over ", 1)[1].split(", "):
        targets[path[1 : path.index(")")]] = path[path.rindex("(") + 1 : -1]
    return targets


class CorpusGenerator:
    """Writes valid read documents over ``schema``, drawing values from ``pools``."""

    def __init__(
        self,
        schema: GraphQLSchema,
        pools: Pools,
        seed: int,
        *,
        limits: Limits,
        mult_cap: int = 2_000,
        cost_cap: int = 20_000,
        skip: Iterable[str] = (),
    ) -> None:
        """``mult_cap``: most objects one nesting level may multiply to; ``cost_cap``: most
        objects a document may ask for (``schema.cost``); ``skip``: fields never chosen."""
        self.schema = schema
        self.pools = pools
        self.seed = seed
        self.rng = random.Random(seed)
        self.limits = limits
        self.mult_cap = mult_cap
        self.cost_cap = cost_cap
        self.skip = frozenset(skip)
        self.uses: Counter[str] = Counter()
        self.provoked = False
        """Whether the draft being written holds a value chosen to be refused."""
        self.words = pools.words() or ["Sprache"]
        query = schema.query_type
        assert query is not None
        self.query = query
        roots = [n for n in query.fields if f"Query.{n}" not in PER_PROCESS_FIELDS]
        self.python_roots = sorted(n for n in roots if f"Query.{n}" in PYTHON_FIELDS)
        self.compiled_roots = sorted(n for n in roots if f"Query.{n}" not in PYTHON_FIELDS)

    # -- documents ---------------------------------------------------------------------------

    def cases(self, count: int) -> Iterator[Case]:
        for index in range(count):
            yield self.case(index)

    def case(self, index: int) -> Case:
        """The next document within the limits (a few drafts may be thrown away for it)."""
        for _ in range(50):
            draft = Draft(random.Random(self.rng.random()))
            before = Counter(self.uses)
            self.provoked = False
            case = dataclasses.replace(self._draft(index, draft), provoked=self.provoked)
            if self._within_limits(case):
                return case
            self.uses = before  # steer by what is sent: a thrown-away draft asked nothing
        raise AssertionError(f"no document within the limits after 50 drafts (index {index})")

    def _within_limits(self, case: Case) -> bool:
        try:
            document = parse(case.query, max_tokens=self.limits.max_tokens)
        except GraphQLSyntaxError as error:
            return "tokens" not in error.message  # a real syntax error is counted as invalid
        try:
            measure = measure_operations(
                self.schema,
                document,
                case.variables,
                self.limits.page_defaults,
                case.operation_name,
            )
        except Exception:
            return True
        return (
            measure.depth <= self.limits.max_depth
            and measure.aliases <= self.limits.max_aliases
            and measure.cost <= self.cost_cap
        )

    def _draft(self, index: int, draft: Draft) -> Case:
        rng = draft.rng
        scope = Scope()
        items: list[Item] = []
        for _ in range(rng.choice((1, 1, 1, 2, 2))):
            name = self._least_used(rng, "Query", self.compiled_roots)
            items.append(self._root(draft, scope, name))
        if rng.random() < 0.25:  # mixed: a field that needs Python next to compiled ones
            name = self._least_used(rng, "Query", self.python_roots)
            items.insert(rng.randrange(len(items) + 1), self._root(draft, scope, name))
        body = "{ " + " ".join(i.text for i in items) + " }"
        two = rng.random() < 0.05  # two operations in one document: the one named runs
        operation = f"Q{index}" if two or rng.random() < 0.4 else None
        if draft.definitions or operation:
            variables = f"({', '.join(draft.definitions)})" if draft.definitions else ""
            body = f"query {operation or ''}{variables} {body}"
        if two:
            body = f"query Other{index} {{ revision }} {body}"
        text = " ".join([body, *draft.fragment_texts])
        return Case(index, text, draft.variables, operation if two else None)

    def _least_used(self, rng: random.Random, parent: str, names: list[str]) -> str:
        weights = [1.0 / (1 + self.uses[f"{parent}.{n}"]) ** 2 for n in names]
        return rng.choices(names, weights)[0]

    def _root(self, draft: Draft, scope: Scope, name: str) -> Item:
        python = f"Query.{name}" in PYTHON_FIELDS
        return self._field(draft, self.query, name, scope, Level(0, 1, python), root=name)

    # -- selections --------------------------------------------------------------------------

    def _field(
        self,
        draft: Draft,
        parent: GraphQLObjectType,
        name: str,
        scope: Scope,
        at: Level,
        root: str | None = None,
    ) -> Item:
        rng = draft.rng
        field_ = parent.fields[name]
        key_base = f"{parent.name}.{name}"
        self.uses[key_base] += 1
        args, size = self._arguments(draft, parent, name, field_, at.mult, root)
        target = get_named_type(field_.type)
        leaf = is_leaf_type(target)
        key = f"{name}:{field_.type}{args}" if leaf else f"{key_base}{args}"
        response = name
        existing = scope.names.get(name)
        merge = existing is not None and existing.key == key and rng.random() < 0.6
        if (existing is not None and not merge) or (existing is None and rng.random() < 0.08):
            response = f"a{draft.aliases}_{name}"
            draft.aliases += 1
        entry = (
            existing if merge and existing is not None else Entry(key, None if leaf else Scope())
        )
        child = entry.child
        prefix = name if response == name else f"{response}: {name}"
        text = prefix + args + self._directive(draft)
        if child is not None:
            below = Level(at.depth + 1, at.mult * size, at.python)
            items = self._selection(draft, target, child, below)
            text += " { " + " ".join(i.text for i in items) + " }"
        scope.names[response] = entry
        return Item(text, {response: entry})

    def _directive(self, draft: Draft) -> str:
        rng = draft.rng
        if rng.random() >= 0.06:
            return ""
        which = rng.choice(("include", "skip"))
        if rng.random() < 0.5:
            value = rng.random() < 0.5
            name = f"b{len(draft.definitions)}"
            draft.definitions.append(f"${name}: Boolean!")
            draft.variables[name] = value
            return f" @{which}(if: ${name})"
        return f" @{which}(if: {rng.choice(('true', 'false'))})"

    def _selection(
        self, draft: Draft, type_: GraphQLNamedType, scope: Scope, at: Level
    ) -> list[Item]:
        rng = draft.rng
        if is_abstract_type(type_):
            items = [Item("__typename")] if rng.random() < 0.7 else []
            members = list(self.schema.get_possible_types(type_))
            for member in rng.sample(members, rng.randint(1, len(members))):
                inner = self._object(draft, member, scope, at)
                names = {k: v for i in inner for k, v in i.names.items()}
                text = " ".join(i.text for i in inner)
                items.append(Item(f"... on {member.name} {{ {text} }}", names))
            return items or [Item("__typename")]
        assert isinstance(type_, GraphQLObjectType)
        return self._object(draft, type_, scope, at)

    def _object(
        self, draft: Draft, type_: GraphQLObjectType, scope: Scope, at: Level
    ) -> list[Item]:
        rng = draft.rng
        reused = self._reuse_fragment(draft, type_, scope, at.depth)
        items: list[Item] = [reused] if reused else []
        leaves = [n for n, f in type_.fields.items() if is_leaf_type(get_named_type(f.type))]
        nested = [
            n
            for n, f in type_.fields.items()
            if not is_leaf_type(get_named_type(f.type)) and f"{type_.name}.{n}" not in self.skip
        ]
        limit = MAX_PYTHON_DEPTH if at.python else MAX_DEPTH
        if leaves:
            for name in self._pick(rng, type_.name, leaves, rng.choice((1, 1, 2, 2, 3, 4))):
                items.append(self._field(draft, type_, name, scope, at))
        if rng.random() < 0.15:
            items.append(Item("__typename"))
        if nested and at.depth < limit:
            for name in self._nested(rng, type_, nested, at.depth):
                items.append(self._field(draft, type_, name, scope, at))
                if rng.random() < 0.08:  # the same field again, other arguments: an alias
                    items.append(self._field(draft, type_, name, scope, at))
        if not items:
            items.append(Item("__typename"))
        return self._wrap(draft, type_, items, at.depth)

    def _nested(
        self, rng: random.Random, type_: GraphQLObjectType, names: list[str], depth: int
    ) -> list[str]:
        """Which object fields to select: a page's edges and an edge's node nearly always."""
        if is_connection(type_):
            wanted = [n for n, p in (("edges", 0.85), ("pageInfo", 0.3)) if rng.random() < p]
            return [n for n in wanted if n in names]
        if type_.name.endswith("Edge"):
            return [n for n in names if rng.random() < 0.95]
        count = rng.choice((0, 0, 1)) if depth >= 5 else rng.choice((0, 1, 1, 2))
        return self._pick(rng, type_.name, names, count)

    def _pick(self, rng: random.Random, parent: str, names: list[str], count: int) -> list[str]:
        chosen: list[str] = []
        pool = list(names)
        for _ in range(min(count, len(pool))):
            name = self._least_used(rng, parent, pool)
            pool.remove(name)
            chosen.append(name)
        return chosen

    def _wrap(
        self, draft: Draft, type_: GraphQLObjectType, items: list[Item], depth: int
    ) -> list[Item]:
        """Put part of a selection into an inline fragment or a named fragment."""
        rng = draft.rng
        roll = rng.random()
        if roll >= 0.16 or len(items) < 1:
            return items
        start = rng.randrange(len(items))
        end = rng.randrange(start, len(items)) + 1
        part = items[start:end]
        names = {k: v for i in part for k, v in i.names.items()}
        text = " ".join(i.text for i in part)
        if roll < 0.08:
            on = f"on {type_.name} " if rng.random() < 0.7 else ""
            wrapped = Item(f"... {on}{self._directive(draft)} {{ {text} }}", names)
        else:
            name = f"F{len(draft.fragments)}"
            draft.fragments.append(Fragment(name, type_.name, depth, names))
            draft.fragment_texts.append(f"fragment {name} on {type_.name} {{ {text} }}")
            wrapped = Item(f"...{name}{self._directive(draft)}", names)
        return [*items[:start], wrapped, *items[end:]]

    def _reuse_fragment(
        self, draft: Draft, type_: GraphQLObjectType, scope: Scope, depth: int
    ) -> Item | None:
        """Spread a fragment written earlier, where its response names are still free."""
        if draft.rng.random() >= 0.5:
            return None
        for fragment in draft.fragments:
            if (
                fragment.on == type_.name
                and fragment.depth >= depth
                and not (set(fragment.names) & set(scope.names))
            ):
                scope.names.update(fragment.names)
                return Item(f"...{fragment.name}", dict(fragment.names))
        return None

    # -- arguments ---------------------------------------------------------------------------

    def _arguments(
        self,
        draft: Draft,
        parent: GraphQLObjectType,
        name: str,
        field_: GraphQLField,
        mult: int,
        root: str | None,
    ) -> tuple[str, int]:
        """The rendered arguments and the number of items the field may return."""
        rng = draft.rng
        chosen: dict[str, Any] = {}
        parts: list[str] = []
        size = self._default_size(parent, name, field_)
        node = self._node_type(field_)
        for arg_name, arg in field_.args.items():
            key = f"{parent.name}.{name}({arg_name})"
            required = is_non_null_type(arg.type) and arg.default_value is Undefined
            chance = {"first": 0.8, "top": 0.7, "after": 0.3}.get(arg_name, 0.35)
            if self.uses[key] == 0:
                chance = 1.0  # every argument is asked at least once
            if arg_name in PAGE_ARGUMENTS and mult * size > self.mult_cap:
                chance = 1.0
            if not required and rng.random() >= chance:
                continue
            self.uses[key] += 1
            ctx = Ctx(node=node, prop=arg_name, root=root)
            nullable = not is_non_null_type(arg.type)
            if arg_name in PAGE_ARGUMENTS:
                value: Any = self._page(rng, parent is self.query, mult, nullable)
                size = max(value, 0) if isinstance(value, int) else size
                if arg_name == "top" and value == 0:
                    self.provoked = True  # a ranking counts from 1 (a page may be empty)
            elif arg_name == "after":
                value = self._cursor(rng, root or name, field_, chosen.get("sort"))
            elif nullable and rng.random() < 0.03:
                value = None
            elif (
                arg_name == "until"
                and get_named_type(arg.type).name == "Date"
                and isinstance(chosen.get("since"), str)
                and rng.random() < 0.9
            ):
                # a window that ends after it starts (development); a tenth stays arbitrary
                value = self._value(draft, arg.type, ctx)
                value = max(str(chosen["since"]), value) if isinstance(value, str) else value
            else:
                value = self._value(draft, arg.type, ctx)
            chosen[arg_name] = value
            parts.append(f"{arg_name}: {self._render(draft, value, arg.type, top=True)}")
        return (f"({', '.join(parts)})" if parts else ""), size

    def _default_size(self, parent: GraphQLObjectType, name: str, field_: GraphQLField) -> int:
        """How many objects the field returns when no page size is given (``schema.cost``)."""
        defaults = self.limits.page_defaults
        listed = is_list_type(_unwrap(field_.type))
        if parent is self.query and (listed or "first" in field_.args):
            return defaults.by_field.get(name, defaults.root)
        for arg_name in PAGE_ARGUMENTS:
            arg = field_.args.get(arg_name)
            if arg is not None and isinstance(arg.default_value, int):
                return arg.default_value
        if "first" in field_.args:
            return defaults.nested
        return 20 if listed else 1

    def _page(self, rng: random.Random, at_root: bool, mult: int, nullable: bool) -> Any:
        roll = rng.random()
        if roll < 0.003:
            self.provoked = True
            return -1  # refused: BAD_USER_INPUT, on both paths alike
        if roll < 0.02 and nullable:
            return None
        sizes = ROOT_PAGES if at_root else SMALL_PAGES
        fitting = [s for s in sizes if mult * max(s, 1) <= self.mult_cap] or [0, 1]
        return rng.choice(fitting)

    def _cursor(self, rng: random.Random, root: str, field_: GraphQLField, sort: Any) -> Any:
        roll = rng.random()
        if roll < 0.01:
            self.provoked = True
            return "kein-cursor"  # refused: invalid cursor
        own = self.pools.cursors.get(
            (root, sort_key(field_, sort if isinstance(sort, dict) else None)), []
        )
        if roll < 0.03:  # a real cursor of another list or sort: refused or not
            self.provoked = True
            everything = [c for k in sorted(self.pools.cursors) for c in self.pools.cursors[k]]
            return rng.choice(everything) if everything else None
        return rng.choice(own) if own else None  # an empty list (staleRecords) has none

    def _node_type(self, field_: GraphQLField) -> str | None:
        """The node type a field's ``where`` filters: its own type, or the one it wraps."""
        target = get_named_type(field_.type)
        if target.name in self.pools.ids:
            return target.name
        where = field_.args.get("where")
        if where is not None:
            name = get_named_type(where.type).name.removesuffix("Where")
            if name in self.pools.ids:
                return name
        if isinstance(target, GraphQLObjectType):
            for sub in target.fields.values():
                inner_name: str = get_named_type(sub.type).name
                if inner_name in self.pools.ids:
                    return inner_name
        return None

    # -- values ------------------------------------------------------------------------------

    def _value(self, draft: Draft, type_: GraphQLInputType, ctx: Ctx) -> Any:
        rng = draft.rng
        inner = _unwrap(type_)
        if isinstance(inner, GraphQLList):
            return [self._value(draft, inner.of_type, ctx) for _ in range(rng.choice((1, 1, 2, 3)))]
        if isinstance(inner, GraphQLEnumType):
            return rng.choice(list(inner.values))
        if isinstance(inner, GraphQLInputObjectType):
            if inner.name.endswith("Where"):
                return self._where(draft, inner, ctx)
            return self._input(draft, inner, ctx)
        return self._scalar(rng, inner.name, ctx)

    def _where(self, draft: Draft, type_: GraphQLInputObjectType, ctx: Ctx) -> dict[str, Any]:
        rng = draft.rng
        if rng.random() < 0.03:
            return {}
        node = ctx.node
        plain = [n for n in type_.fields if n not in LOGICAL and self._applies(type_, n, ctx)]
        result: dict[str, Any] = {}
        for name in self._pick(rng, type_.name, plain, rng.choice((1, 1, 1, 2))):
            self.uses[f"{type_.name}.{name}"] += 1
            targets = relation_targets(type_.fields[name])
            if targets and node is not None:
                result[name] = self._relation_filter(draft, type_.fields[name], targets[node], ctx)
                continue
            result[name] = self._value(
                draft,
                type_.fields[name].type,
                Ctx(node=node, prop=name, depth=ctx.depth, relations=ctx.relations),
            )
        if ctx.depth < 1 and rng.random() < 0.15:
            logical = rng.choice([n for n in LOGICAL if n in type_.fields])
            deeper = Ctx(node=node, depth=ctx.depth + 1, relations=ctx.relations)
            if logical == "NOT":
                result[logical] = self._where(draft, type_, deeper)
            else:
                result[logical] = [
                    self._where(draft, type_, deeper) for _ in range(rng.choice((1, 2)))
                ]
        return result

    def _applies(self, type_: GraphQLInputObjectType, name: str, ctx: Ctx) -> bool:
        """A relationship filter only where the kind has it and not too deep."""
        targets = relation_targets(type_.fields[name])
        if not targets:
            return True
        return ctx.node in targets and ctx.relations < RELATION_FILTER_DEPTH

    def _relation_filter(self, draft: Draft, field_: Any, target: str, ctx: Ctx) -> dict[str, Any]:
        """``{some|none|all: <the target kind's where>}``."""
        filter_type = _unwrap(field_.type)
        quantifier = draft.rng.choice(sorted(filter_type.fields))
        self.uses[f"{filter_type.name}.{quantifier}"] += 1
        where = _unwrap(filter_type.fields[quantifier].type)
        inner = Ctx(node=target, depth=ctx.depth, relations=ctx.relations + 1)
        return {quantifier: self._where(draft, where, inner)}

    def _input(self, draft: Draft, type_: GraphQLInputObjectType, ctx: Ctx) -> dict[str, Any]:
        """A filter (one or two of ``eq``, ``in``, ``contains`` ...), a sort, any input."""
        rng = draft.rng
        optional = [
            n
            for n, f in type_.fields.items()
            if not (is_non_null_type(f.type) and f.default_value is Undefined)
        ]
        names = [n for n in type_.fields if n not in optional]
        # Fields with a default of their own (a sort's field and direction, a municipality
        # filter's scope) come on top of the others, now and then: alone they say nothing.
        defaulted = [n for n in optional if type_.fields[n].default_value not in (None, Undefined)]
        names += [n for n in defaulted if rng.random() < 0.5]
        plain = [n for n in optional if n not in defaulted]
        count = 1 if rng.random() < 0.75 else 2
        if not plain:
            count = 0 if names else 1
        names += self._pick(rng, type_.name, plain or defaulted, count)
        result: dict[str, Any] = {}
        for name in names:
            self.uses[f"{type_.name}.{name}"] += 1
            inner = Ctx(ctx.node, ctx.prop, name, ctx.root, ctx.depth)
            result[name] = self._value(draft, type_.fields[name].type, inner)
        return result

    def _target(self, ctx: Ctx) -> list[str]:
        """The ids an ID value is drawn from."""
        prop = ctx.prop or ""
        if prop in ("id", "partOf"):
            name = ctx.node
        elif prop in ID_TARGETS:
            name = ID_TARGETS[prop]
        else:
            name = prop[:1].upper() + prop[1:]
        ids = self.pools.ids.get(name or "", [])
        return ids or self.pools.all_ids()

    def _scalar(self, rng: random.Random, scalar: str, ctx: Ctx) -> Any:
        prop = ctx.prop or ""
        pool = self.pools.values.get((ctx.node or "", prop)) or self.pools.by_property.get(prop, [])
        if scalar == "ID":
            if rng.random() < 0.1:
                self.provoked = True  # a lookup of it is refused (a filter matches nothing)
                return NOTHING
            return rng.choice(self._target(ctx))
        if scalar == "Boolean":
            return rng.random() < 0.5
        if scalar == "String":
            return self._text(rng, [v for v in pool if isinstance(v, str)], ctx.op)
        if scalar in ("Int", "Float"):
            numbers = [v for v in pool if isinstance(v, int | float) and not isinstance(v, bool)]
            if scalar == "Int":
                numbers = [v for v in numbers if isinstance(v, int)]
            if numbers and rng.random() < 0.85:
                return rng.choice(numbers)
            return (
                rng.choice((0, 1, 2, 5, 2018, 1000))
                if scalar == "Int"
                else rng.choice((0.0, 0.5, 12.5))
            )
        if scalar == "Date":
            dates = [v for v in pool if isinstance(v, str) and re.fullmatch(r"\d{4}-\d\d-\d\d", v)]
            return (
                rng.choice(dates)
                if dates and rng.random() < 0.8
                else rng.choice(("2018-05-15", "2020-01-01"))
            )
        if scalar == "DateTime":
            stamps = [v for v in pool if isinstance(v, str) and "T" in v]
            return (
                rng.choice(stamps) if stamps and rng.random() < 0.7 else "2020-01-01T00:00:00+00:00"
            )
        return self._text(rng, [], ctx.op)

    def _text(self, rng: random.Random, pool: list[str], op: str | None) -> str:
        if not pool or rng.random() < 0.1:
            pool = self.words
        value = rng.choice(pool)
        if rng.random() < 0.05:
            return "zzz-nichts"
        cut = rng.randint(2, 6)
        if op == "contains":
            start = rng.randrange(max(len(value) - cut, 0) + 1)
            return value[start : start + cut]
        if op == "startsWith":
            return value[:cut]
        if op == "endsWith":
            return value[-cut:]
        if op is None and rng.random() < 0.5:  # search text, free strings: one word
            words = re.findall(r"\w{3,}", value)
            return rng.choice(words) if words else value
        return value

    # -- rendering ---------------------------------------------------------------------------

    def _render(
        self, draft: Draft, value: Any, type_: GraphQLInputType, *, top: bool = False
    ) -> str:
        """The value as a GraphQL literal; now and then a variable instead (never both)."""
        if draft.rng.random() < (0.2 if top else 0.06):
            return draft.variable(type_, value, self._literal(draft, value, type_, False))
        return self._literal(draft, value, type_, True)

    def _literal(self, draft: Draft, value: Any, type_: GraphQLInputType, inner_vars: bool) -> str:
        if value is None:
            return "null"
        inner = _unwrap(type_)

        def part(item: Any, item_type: GraphQLInputType) -> str:
            if inner_vars:
                return self._render(draft, item, item_type)
            return self._literal(draft, item, item_type, False)

        if isinstance(inner, GraphQLList):
            return "[" + ", ".join(part(v, inner.of_type) for v in value) + "]"
        if isinstance(inner, GraphQLEnumType):
            return str(value)
        if isinstance(inner, GraphQLInputObjectType):
            return (
                "{"
                + ", ".join(f"{k}: {part(v, inner.fields[k].type)}" for k, v in value.items())
                + "}"
            )
        return json.dumps(value, ensure_ascii=False)
