"""Root query fields: one node by id, filtered and paginated lists, search, planning, coverage.

Every root field costs exactly one Cypher statement (a list's page and its ``totalCount``
share one); nested fields are batched per level by the DataLoaders in ``schema.batching``.
The Cypher lives in ``graph.queries``; the resolvers here only translate arguments and
results.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Annotated, Any, TypeVar

import strawberry

from domain.vocabulary import MunicipalityKind
from graph.migrations import FULLTEXT_LABELS
from graph.queries import catalog
from graph.queries import coverage as coverage_queries
from graph.queries import nodes as node_queries
from graph.queries import planner as planner_queries
from graph.queries import search as search_queries
from graph.queries.catalog import NodeKind
from graph.queries.hierarchy import Scope
from graph.queries.nodes import Order
from schema.batching import node_loader, run
from schema.context import Info
from schema.errors import BadUserInput
from schema.filters import (
    ActorWhere,
    CoordinatorWhere,
    EventWhere,
    MunicipalityWhere,
    OfferingWhere,
    PersonWhere,
    VocabularyWhere,
    WhereInput,
    WorkingGroupWhere,
    predicate_of,
)
from schema.pagination import (
    DEFAULT_PAGE_SIZE,
    Connection,
    connection,
    decode_cursor,
    page_size,
    selects,
)
from schema.prefetch import NodeRead, PageRead, Prefetched
from schema.types.actor import Actor
from schema.types.coverage import Coverage, CoverageCell, CoverageItem
from schema.types.enums import Dimension
from schema.types.event import Event
from schema.types.municipality import Municipality
from schema.types.offering import Offering
from schema.types.people import Coordinator, Person
from schema.types.planner import ActorMatch, OfferingMatch, WhoWorksOn
from schema.types.projection import selected
from schema.types.search import SearchHit, SearchKind
from schema.types.sorting import (
    ActorSort,
    EventSort,
    MunicipalitySort,
    OfferingSort,
    PersonSort,
    VocabularySort,
    WorkingGroupSort,
)
from schema.types.vocabulary import Country, Language, TargetGroup, Topic
from schema.types.working_group import WorkingGroup

T = TypeVar("T")
Build = Callable[[Mapping[str, Any]], T]

DEFAULT_SEARCH_SIZE = 20
DEFAULT_PLANNER_SIZE = 50


async def _one(info: Info, kind: NodeKind, node_id: strawberry.ID, build: Build[T]) -> T | None:
    if isinstance(info, Prefetched):  # the compiled path (schema.prefetch)
        props = info.node(NodeRead(kind, str(node_id)))
    else:
        props = await node_loader(info, kind, selected(info)).load(str(node_id))
    return None if props is None else build(props)


async def _page(
    info: Info,
    kind: NodeKind,
    where: WhereInput | None,
    order: Order,
    first: int | None,
    after: str | None,
    build: Build[T],
) -> Connection[T]:
    size = page_size(info, first, DEFAULT_PAGE_SIZE)
    position = None if after is None else decode_cursor(after, order, kind)
    predicate = predicate_of(where, kind.label)
    if isinstance(info, Prefetched):  # the compiled path (schema.prefetch)
        rows, total = info.page(PageRead(kind, predicate, order, size + 1, position))
        return connection(rows, size=size, order=order, after=position, total=total, build=build)
    statement = node_queries.page(
        kind,
        predicate,
        order,
        size + 1,
        position,
        with_total=selects(info, "totalCount"),
        props=selected(info, "edges", "node"),
    )
    record = (await run(info, statement))[0]
    return connection(
        record["nodes"],
        size=size,
        order=order,
        after=position,
        total=record["total"],
        build=build,
    )


First = Annotated[
    int | None,
    strawberry.argument(
        description="höchstens so viele / at most this many (default 20, max API_MAX_PAGE_SIZE)"
    ),
]
After = Annotated[
    str | None,
    strawberry.argument(
        description="Cursor: die Seite beginnt nach diesem Eintrag / start after this cursor"
    ),
]


@strawberry.type
class Query:
    # --- one node by id, and lists -------------------------------------------------------

    @strawberry.field(description="Ein Akteur nach id / one actor by id")
    async def actor(self, info: Info, id: strawberry.ID) -> Actor | None:
        return await _one(info, catalog.ACTOR, id, Actor.from_node)

    @strawberry.field(description="Akteure / actors, filtered, sorted, paginated")
    async def actors(
        self,
        info: Info,
        where: ActorWhere | None = None,
        sort: ActorSort | None = None,
        first: First = None,
        after: After = None,
    ) -> Connection[Actor]:
        order = (sort or ActorSort()).order()
        return await _page(info, catalog.ACTOR, where, order, first, after, Actor.from_node)

    @strawberry.field(description="Ein Angebot nach id / one offering by id")
    async def offering(self, info: Info, id: strawberry.ID) -> Offering | None:
        return await _one(info, catalog.OFFERING, id, Offering.from_node)

    @strawberry.field(description="Angebote / offerings, filtered, sorted, paginated")
    async def offerings(
        self,
        info: Info,
        where: OfferingWhere | None = None,
        sort: OfferingSort | None = None,
        first: First = None,
        after: After = None,
    ) -> Connection[Offering]:
        order = (sort or OfferingSort()).order()
        return await _page(info, catalog.OFFERING, where, order, first, after, Offering.from_node)

    @strawberry.field(description="Ein Arbeitskreis nach id / one working group by id")
    async def working_group(self, info: Info, id: strawberry.ID) -> WorkingGroup | None:
        return await _one(info, catalog.WORKING_GROUP, id, WorkingGroup.from_node)

    @strawberry.field(description="Arbeitskreise / working groups")
    async def working_groups(
        self,
        info: Info,
        where: WorkingGroupWhere | None = None,
        sort: WorkingGroupSort | None = None,
        first: First = None,
        after: After = None,
    ) -> Connection[WorkingGroup]:
        order = (sort or WorkingGroupSort()).order()
        build = WorkingGroup.from_node
        return await _page(info, catalog.WORKING_GROUP, where, order, first, after, build)

    @strawberry.field(description="Eine Koordinator:in nach id / one coordinator by id")
    async def coordinator(self, info: Info, id: strawberry.ID) -> Coordinator | None:
        return await _one(info, catalog.COORDINATOR, id, Coordinator.from_node)

    @strawberry.field(description="Koordinator:innen / coordinators")
    async def coordinators(
        self,
        info: Info,
        where: CoordinatorWhere | None = None,
        sort: PersonSort | None = None,
        first: First = None,
        after: After = None,
    ) -> Connection[Coordinator]:
        order = (sort or PersonSort()).order()
        build = Coordinator.from_node
        return await _page(info, catalog.COORDINATOR, where, order, first, after, build)

    @strawberry.field(description="Eine Person nach id / one person by id")
    async def person(self, info: Info, id: strawberry.ID) -> Person | None:
        return await _one(info, catalog.PERSON, id, Person.from_node)

    @strawberry.field(description="Personen / people")
    async def people(
        self,
        info: Info,
        where: PersonWhere | None = None,
        sort: PersonSort | None = None,
        first: First = None,
        after: After = None,
    ) -> Connection[Person]:
        order = (sort or PersonSort()).order()
        return await _page(info, catalog.PERSON, where, order, first, after, Person.from_node)

    @strawberry.field(description="Ein Handlungsfeld nach id / one topic by id")
    async def topic(self, info: Info, id: strawberry.ID) -> Topic | None:
        return await _one(info, catalog.TOPIC, id, Topic.from_node)

    @strawberry.field(description="Handlungsfelder / topics")
    async def topics(
        self,
        info: Info,
        where: VocabularyWhere | None = None,
        sort: VocabularySort | None = None,
        first: First = None,
        after: After = None,
    ) -> Connection[Topic]:
        order = (sort or VocabularySort()).order()
        return await _page(info, catalog.TOPIC, where, order, first, after, Topic.from_node)

    @strawberry.field(description="Eine Zielgruppe nach id / one target group by id")
    async def target_group(self, info: Info, id: strawberry.ID) -> TargetGroup | None:
        return await _one(info, catalog.TARGET_GROUP, id, TargetGroup.from_node)

    @strawberry.field(description="Zielgruppen / target groups")
    async def target_groups(
        self,
        info: Info,
        where: VocabularyWhere | None = None,
        sort: VocabularySort | None = None,
        first: First = None,
        after: After = None,
    ) -> Connection[TargetGroup]:
        order = (sort or VocabularySort()).order()
        build = TargetGroup.from_node
        return await _page(info, catalog.TARGET_GROUP, where, order, first, after, build)

    @strawberry.field(description="Eine Gemeinde nach id / one municipality by id")
    async def municipality(self, info: Info, id: strawberry.ID) -> Municipality | None:
        return await _one(info, catalog.MUNICIPALITY, id, Municipality.from_node)

    @strawberry.field(description="Gemeinden / municipalities")
    async def municipalities(
        self,
        info: Info,
        where: MunicipalityWhere | None = None,
        sort: MunicipalitySort | None = None,
        first: First = None,
        after: After = None,
    ) -> Connection[Municipality]:
        order = (sort or MunicipalitySort()).order()
        build = Municipality.from_node
        return await _page(info, catalog.MUNICIPALITY, where, order, first, after, build)

    @strawberry.field(description="Eine Sprache nach ISO-Code / one language by ISO code")
    async def language(self, info: Info, id: strawberry.ID) -> Language | None:
        return await _one(info, catalog.LANGUAGE, id, Language.from_node)

    @strawberry.field(description="Sprachen / languages")
    async def languages(
        self,
        info: Info,
        where: VocabularyWhere | None = None,
        sort: VocabularySort | None = None,
        first: First = None,
        after: After = None,
    ) -> Connection[Language]:
        order = (sort or VocabularySort()).order()
        return await _page(info, catalog.LANGUAGE, where, order, first, after, Language.from_node)

    @strawberry.field(description="Ein Land nach ISO-Code / one country by ISO code")
    async def country(self, info: Info, id: strawberry.ID) -> Country | None:
        return await _one(info, catalog.COUNTRY, id, Country.from_node)

    @strawberry.field(description="Herkunftsländer / countries of origin")
    async def countries(
        self,
        info: Info,
        where: VocabularyWhere | None = None,
        sort: VocabularySort | None = None,
        first: First = None,
        after: After = None,
    ) -> Connection[Country]:
        order = (sort or VocabularySort()).order()
        return await _page(info, catalog.COUNTRY, where, order, first, after, Country.from_node)

    @strawberry.field(description="Ein Ereignis nach id / one event by id")
    async def event(self, info: Info, id: strawberry.ID) -> Event | None:
        return await _one(info, catalog.EVENT, id, Event.from_node)

    @strawberry.field(description="Ereignisse / events")
    async def events(
        self,
        info: Info,
        where: EventWhere | None = None,
        sort: EventSort | None = None,
        first: First = None,
        after: After = None,
    ) -> Connection[Event]:
        order = (sort or EventSort()).order()
        return await _page(info, catalog.EVENT, where, order, first, after, Event.from_node)

    # --- search, planning, dashboards ----------------------------------------------------

    @strawberry.field(
        description="Volltextsuche über Namen, Titel, Beschreibungen, nach Relevanz / full-text "
        "search over names, titles and descriptions, best first (umlaut- and case-tolerant)"
    )
    async def search(
        self,
        info: Info,
        text: str,
        kinds: list[SearchKind] | None = None,
        first: First = None,
    ) -> list[SearchHit]:
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
        labels = [kind.value for kind in kinds] if kinds else list(FULLTEXT_LABELS)
        statement = search_queries.search(text, labels, size, selected(info, "node"))
        [record] = await run(info, statement)
        return [SearchHit.from_row(h["node"], h["labels"], h["score"]) for h in record["hits"]]

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
