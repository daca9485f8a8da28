"""Root query fields: the node kinds' own (derived in ``schema.roots``), search, planning,
coverage.

Every root field costs exactly one Cypher statement; nested fields are batched per level by
the DataLoaders in ``schema.batching``.
The Cypher lives in ``graph.queries``; the resolvers here only translate arguments and
results.
"""

from __future__ import annotations

from typing import Annotated

import strawberry

from domain.contract import CONTRACT
from domain.vocabulary import MunicipalityKind
from graph.queries import coverage as coverage_queries
from graph.queries import planner as planner_queries
from graph.queries import search as search_queries
from graph.queries.hierarchy import Scope
from schema.batching import run
from schema.context import Info
from schema.errors import BadUserInput
from schema.filters import predicate_of
from schema.pagination import (
    page_size,
)
from schema.roots import First, NodeType, node_query
from schema.types.actor import Actor
from schema.types.coverage import Coverage, CoverageCell, CoverageItem
from schema.types.enums import Dimension
from schema.types.event import Event
from schema.types.measure import Measure
from schema.types.municipality import Municipality
from schema.types.offering import Offering
from schema.types.people import Coordinator, Person
from schema.types.planner import ActorMatch, OfferingMatch, WhoWorksOn
from schema.types.projection import selected
from schema.types.scalars import object_type
from schema.types.search import search_types
from schema.types.vocabulary import Country, Language, TargetGroup, Topic
from schema.types.working_group import WorkingGroup
from schema.where import OfferingWhere

DEFAULT_SEARCH_SIZE = 20
DEFAULT_PLANNER_SIZE = 50

WRITTEN_TYPES: dict[str, type[NodeType]] = {
    "Actor": Actor,
    "Offering": Offering,
    "WorkingGroup": WorkingGroup,
    "Coordinator": Coordinator,
    "Person": Person,
    "Topic": Topic,
    "TargetGroup": TargetGroup,
    "Language": Language,
    "Country": Country,
    "Municipality": Municipality,
    "Event": Event,
    "Measure": Measure,
}
"""The object types with nested fields, written in their modules (``schema.types``)."""

NODE_TYPES: dict[str, type[NodeType]] = {
    **WRITTEN_TYPES,
    **{k.label: object_type(k) for k in CONTRACT.kinds if k.label not in WRITTEN_TYPES},
}
"""The object type of every node kind: a kind nobody wrote a class for gets its scalars."""

SEARCH = search_types(NODE_TYPES)
"""``SearchKind``, ``SearchNode`` and ``SearchHit``: every kind of the full-text index."""
SearchKind = SEARCH.kind
SearchHit = SEARCH.hit

NodeQuery = node_query(NODE_TYPES)
"""``actor(id)``, ``actors(where, sort, first, after)`` ... for every kind (``schema.roots``)."""


@strawberry.type
class Query:
    # --- search, planning, dashboards ----------------------------------------------------

    @strawberry.field(
        description="Volltextsuche über Namen, Titel, Beschreibungen, nach Relevanz / full-text "
        "search over names, titles and descriptions, best first (umlaut- and case-tolerant)"
    )
    async def search(
        self,
        info: Info,
        text: str,
        kinds: list[SearchKind] | None = None,  # type: ignore[valid-type]
        first: First = None,
    ) -> list[SearchHit]:  # type: ignore[valid-type]
        size = page_size(info, first, DEFAULT_SEARCH_SIZE)
        if (word := search_queries.overlong_word(text)) is not None:
            raise BadUserInput(
                f"text: das Wort {word[:20]}… ist länger als {search_queries.MAX_WORD_LENGTH} "
                f"Zeichen / a search word may have at most {search_queries.MAX_WORD_LENGTH} "
                f"characters (got {len(word)})",
                field="text",
            )
        if not search_queries.lucene_query(text):
            raise BadUserInput(
                "text: mindestens ein Wort / give at least one word to search for", field="text"
            )
        labels = SEARCH.labels(kinds)
        statement = search_queries.search(text, labels, size, selected(info, "node"))
        [record] = await run(info, statement)
        return [SEARCH.hit_of(h["node"], h["labels"], h["score"]) for h in record["hits"]]

    @strawberry.field(
        description="Wer bietet was, wo, für wen, in welcher Sprache, und warum / who works "
        "on a topic, where, for whom, in which language, with the reason for every match. "
        "Criteria combine with AND; the values of one criterion with OR."
    )
    async def who_works_on(
        self,
        info: Info,
        topic: list[strawberry.ID] | None = None,
        municipality: list[strawberry.ID] | None = None,
        target_group: list[strawberry.ID] | None = None,
        language: list[strawberry.ID] | None = None,
        scope: Scope = Scope.WITH_PARTS_AND_ENCLOSING,
        first: Annotated[
            int | None,
            strawberry.argument(description="je Liste höchstens / at most this many per list (50)"),
        ] = None,
    ) -> WhoWorksOn:
        size = page_size(info, first, DEFAULT_PLANNER_SIZE)
        criteria = planner_queries.Criteria(
            topics=tuple(str(v) for v in topic or ()),
            target_groups=tuple(str(v) for v in target_group or ()),
            languages=tuple(str(v) for v in language or ()),
            municipalities=tuple(str(v) for v in municipality or ()),
            scope=scope,
        )
        if criteria.empty:
            raise BadUserInput(
                "whoWorksOn: nenne mindestens ein Kriterium / give at least one criterion "
                "(topic, municipality, targetGroup, language)",
                field="topic",
            )
        record = (await run(info, planner_queries.who_works_on(criteria, size)))[0]
        return WhoWorksOn(
            offering_count=record["offeringCount"],
            actor_count=record["actorCount"],
            offerings=[OfferingMatch.from_row(row) for row in record["offerings"]],
            actors=[ActorMatch.from_row(row) for row in record["actors"]],
        )

    @strawberry.field(
        description="Angebote je Zeile x Spalte, mit Nullen / offerings per row x column, "
        "zero cells included (for dashboards)"
    )
    async def coverage(
        self,
        info: Info,
        rows: Dimension,
        columns: Dimension,
        where: OfferingWhere | None = None,
        scope: Scope = Scope.WITH_PARTS_AND_ENCLOSING,
        row_ids: list[strawberry.ID] | None = None,
        column_ids: list[strawberry.ID] | None = None,
        municipality_kinds: Annotated[
            list[MunicipalityKind] | None,
            strawberry.argument(
                description="nur Gemeinden dieser Ebenen als Zeilen/Spalten / restrict "
                "municipality axes to these kinds"
            ),
        ] = None,
    ) -> Coverage:
        kinds = tuple(kind.value for kind in municipality_kinds or ())
        row_axis = coverage_queries.Axis(rows, tuple(str(v) for v in row_ids or ()), kinds)
        column_axis = coverage_queries.Axis(columns, tuple(str(v) for v in column_ids or ()), kinds)
        statement = coverage_queries.coverage(
            row_axis, column_axis, predicate_of(where, "Offering"), scope
        )
        record = (await run(info, statement))[0]
        row_ids_found = [item["id"] for item in record["rows"]]
        column_ids_found = [item["id"] for item in record["columns"]]
        counted = {(c["row"], c["column"]): c["count"] for c in record["cells"]}
        matrix = coverage_queries.fill(row_ids_found, column_ids_found, counted)
        return Coverage(
            row_dimension=rows,
            column_dimension=columns,
            rows=[CoverageItem(id=strawberry.ID(i["id"]), name=i["name"]) for i in record["rows"]],
            columns=[
                CoverageItem(id=strawberry.ID(i["id"]), name=i["name"]) for i in record["columns"]
            ],
            cells=[
                CoverageCell(row=strawberry.ID(r), column=strawberry.ID(c), count=n)
                for r, counts in zip(row_ids_found, matrix, strict=True)
                for c, n in zip(column_ids_found, counts, strict=True)
            ],
            matrix=matrix,
            offering_count=record["offerings"],
        )
