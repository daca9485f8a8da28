"""The vocabularies: ``Topic``, ``TargetGroup``, ``Language``, ``Country``.

Each knows what refers to it (the offerings on a topic, in a language ...), and languages and
countries know each other through the speakers' shares and residents' figures.
"""

from __future__ import annotations

import strawberry

from domain.contract import CONTRACT
from schema.batching import Item
from schema.context import Info
from schema.declared import Equals, Related
from schema.types.nested import nested, reads, related_nodes
from schema.types.refs import CountryRef, LanguageRef, MunicipalityRef, resolved, type_of
from schema.types.scalars import NodeObject
from schema.where import (
    MunicipalityWhere,
    VocabularyWhere,
)


@strawberry.type(description="Ein Land und der Anteil der Sprecher:innen / country and share")
class CountryShare:
    country: CountryRef
    share: float

    @classmethod
    def from_item(cls, item: Item) -> CountryShare:
        return cls(country=resolved("Country").from_node(item.node), share=_share(item))


@strawberry.type(description="Eine Sprache und ihr Anteil / a language and its share")
class LanguageShare:
    language: LanguageRef
    share: float

    @classmethod
    def from_item(cls, item: Item) -> LanguageShare:
        return cls(language=resolved("Language").from_node(item.node), share=_share(item))


@strawberry.type(description="Einwohner:innen aus einem Land in einer Gemeinde / residents")
class Residence:
    municipality: MunicipalityRef
    count: int
    year: int

    @classmethod
    def from_item(cls, item: Item) -> Residence:
        return cls(
            municipality=type_of(MunicipalityRef).from_node(item.node),
            count=int(item.rel.get("count") or 0),
            year=int(item.rel.get("year") or 0),
        )


def _share(item: Item) -> float:
    return float(item.rel.get("share") or 0)


COUNTRIES = Related("Language.countries", CountryShare.from_item, node=("country",))
LANGUAGES = Related("Country.languages", LanguageShare.from_item, node=("language",))
RESIDENTS = Related(
    "Country.residents",
    Residence.from_item,
    node=("municipality",),
    conditions=(Equals("year", "year"),),
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

    @reads(COUNTRIES, "Länder, in denen sie gesprochen wird / where it is spoken")
    async def countries(
        self, info: Info, first: int | None = None, where: VocabularyWhere | None = None
    ) -> list[CountryShare]:
        return await nested(COUNTRIES, info, self.id, first=first, where=where)


@strawberry.type(description="Ein Herkunftsland (ISO 3166-1) / a country of origin")
class Country(NodeObject, kind=CONTRACT.kind("Country")):
    @reads(LANGUAGES, "Sprachen mit Anteil / languages spoken and their share")
    async def languages(
        self, info: Info, first: int | None = None, where: VocabularyWhere | None = None
    ) -> list[LanguageShare]:
        return await nested(LANGUAGES, info, self.id, first=first, where=where)

    @reads(
        RESIDENTS,
        "Wohnbevölkerung aus dem Land je Gemeinde / residents from this country "
        "per municipality (as recorded; all years unless `year`)",
    )
    async def residents(
        self,
        info: Info,
        first: int | None = None,
        year: int | None = None,
        where: MunicipalityWhere | None = None,
    ) -> list[Residence]:
        return await nested(RESIDENTS, info, self.id, first=first, year=year, where=where)
