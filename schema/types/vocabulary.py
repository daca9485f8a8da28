"""The vocabularies: ``Topic``, ``TargetGroup``, ``Language``, ``Country``.

Each knows what refers to it (the offerings on a topic, in a language ...), and languages and
countries know each other through the speakers' shares and residents' figures.
"""

from __future__ import annotations

import strawberry

from domain.contract import CONTRACT
from graph.queries.predicates import Compare, Op
from schema.context import Info
from schema.types import municipality as municipality_types
from schema.types import offering as offering_types
from schema.types import people as people_types
from schema.types import working_group as working_group_types
from schema.types.nested import nested
from schema.types.refs import CoordinatorRef, MunicipalityRef, OfferingRef, WorkingGroupRef
from schema.types.scalars import NodeObject
from schema.where import (
    CoordinatorWhere,
    MunicipalityWhere,
    OfferingWhere,
    VocabularyWhere,
    WorkingGroupWhere,
)


@strawberry.type(description="Ein Handlungsfeld / a field of action")
class Topic(NodeObject, kind=CONTRACT.kind("Topic")):
    @strawberry.field(description="Angebote zum Handlungsfeld / offerings on this topic")
    async def offerings(
        self, info: Info, first: int | None = None, where: OfferingWhere | None = None
    ) -> list[OfferingRef]:
        items = await nested(info, "Topic.offerings", self.id, first, where)
        return [offering_types.Offering.from_node(item.node) for item in items]

    @strawberry.field(description="Arbeitskreise zum Handlungsfeld / working groups on it")
    async def working_groups(
        self, info: Info, first: int | None = None, where: WorkingGroupWhere | None = None
    ) -> list[WorkingGroupRef]:
        items = await nested(info, "Topic.workingGroups", self.id, first, where)
        return [working_group_types.WorkingGroup.from_node(item.node) for item in items]

    @strawberry.field(description="Koordinator:innen / who coordinates it")
    async def coordinators(
        self, info: Info, first: int | None = None, where: CoordinatorWhere | None = None
    ) -> list[CoordinatorRef]:
        items = await nested(info, "Topic.coordinators", self.id, first, where)
        return [people_types.Coordinator.from_node(item.node) for item in items]


@strawberry.type(description="Eine Zielgruppe / a target group")
class TargetGroup(NodeObject, kind=CONTRACT.kind("TargetGroup")):
    @strawberry.field(description="Angebote für die Zielgruppe / offerings for this group")
    async def offerings(
        self, info: Info, first: int | None = None, where: OfferingWhere | None = None
    ) -> list[OfferingRef]:
        items = await nested(info, "TargetGroup.offerings", self.id, first, where)
        return [offering_types.Offering.from_node(item.node) for item in items]


@strawberry.type(description="Eine Sprache (ISO 639-1) / a language")
class Language(NodeObject, kind=CONTRACT.kind("Language")):
    @strawberry.field(description="Angebote in der Sprache / offerings in this language")
    async def offerings(
        self, info: Info, first: int | None = None, where: OfferingWhere | None = None
    ) -> list[OfferingRef]:
        items = await nested(info, "Language.offerings", self.id, first, where)
        return [offering_types.Offering.from_node(item.node) for item in items]

    @strawberry.field(description="Länder, in denen sie gesprochen wird / where it is spoken")
    async def countries(
        self, info: Info, first: int | None = None, where: VocabularyWhere | None = None
    ) -> list[CountryShare]:
        items = await nested(info, "Language.countries", self.id, first, where, node=("country",))
        return [
            CountryShare(country=Country.from_node(i.node), share=float(i.rel.get("share") or 0))
            for i in items
        ]


@strawberry.type(description="Ein Herkunftsland (ISO 3166-1) / a country of origin")
class Country(NodeObject, kind=CONTRACT.kind("Country")):
    @strawberry.field(description="Sprachen mit Anteil / languages spoken and their share")
    async def languages(
        self, info: Info, first: int | None = None, where: VocabularyWhere | None = None
    ) -> list[LanguageShare]:
        items = await nested(info, "Country.languages", self.id, first, where, node=("language",))
        return [
            LanguageShare(language=Language.from_node(i.node), share=float(i.rel.get("share") or 0))
            for i in items
        ]

    @strawberry.field(
        description="Wohnbevölkerung aus dem Land je Gemeinde / residents from this country "
        "per municipality (as recorded; all years unless `year`)"
    )
    async def residents(
        self,
        info: Info,
        first: int | None = None,
        year: int | None = None,
        where: MunicipalityWhere | None = None,
    ) -> list[Residence]:
        rel_where = () if year is None else (Compare("year", Op.EQ, year),)
        items = await nested(
            info, "Country.residents", self.id, first, where, rel_where, node=("municipality",)
        )
        return [
            Residence(
                municipality=municipality_types.Municipality.from_node(i.node),
                count=int(i.rel.get("count") or 0),
                year=int(i.rel.get("year") or 0),
            )
            for i in items
        ]


@strawberry.type(description="Ein Land und der Anteil der Sprecher:innen / country and share")
class CountryShare:
    country: Country
    share: float


@strawberry.type(description="Eine Sprache und ihr Anteil / a language and its share")
class LanguageShare:
    language: Language
    share: float


@strawberry.type(description="Einwohner:innen aus einem Land in einer Gemeinde / residents")
class Residence:
    municipality: MunicipalityRef
    count: int
    year: int
