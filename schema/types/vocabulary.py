"""The vocabularies: ``Topic``, ``TargetGroup``, ``Language``, ``Country``.

Each knows what refers to it (the offerings on a topic, in a language ...), and languages and
countries know each other through the speakers' shares and residents' figures.
"""

from __future__ import annotations

import strawberry

from domain.contract import CONTRACT
from graph.queries.predicates import Compare, Op
from schema.context import Info
from schema.types.nested import nested, related_nodes
from schema.types.refs import MunicipalityRef, resolved
from schema.types.scalars import NodeObject
from schema.where import (
    MunicipalityWhere,
    VocabularyWhere,
)


@strawberry.type(description="Ein Handlungsfeld / a field of action")
class Topic(NodeObject, kind=CONTRACT.kind("Topic")):
    offerings = related_nodes(
        "Topic.offerings", "Angebote zum Handlungsfeld / offerings on this topic"
    )

    working_groups = related_nodes(
        "Topic.workingGroups", "Arbeitskreise zum Handlungsfeld / working groups on it"
    )

    coordinators = related_nodes("Topic.coordinators", "Koordinator:innen / who coordinates it")


@strawberry.type(description="Eine Zielgruppe / a target group")
class TargetGroup(NodeObject, kind=CONTRACT.kind("TargetGroup")):
    offerings = related_nodes(
        "TargetGroup.offerings", "Angebote für die Zielgruppe / offerings for this group"
    )


@strawberry.type(description="Eine Sprache (ISO 639-1) / a language")
class Language(NodeObject, kind=CONTRACT.kind("Language")):
    offerings = related_nodes(
        "Language.offerings", "Angebote in der Sprache / offerings in this language"
    )

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
                municipality=resolved("Municipality").from_node(i.node),
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
