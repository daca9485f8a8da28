"""``Municipality``: the county, its Samtgemeinden and Gemeinden, with the hierarchy.

``offerings`` and ``actors`` follow the municipality hierarchy (``scope``; by default an
offering in a member municipality counts for its Samtgemeinde, and a county-wide offering
counts for every member), exactly as the ``municipality`` filter does, so both give the
same answer. ``residents`` sums the members' figures for a Samtgemeinde or the county.
"""

from __future__ import annotations

import strawberry

from domain.contract import CONTRACT
from graph.queries.hierarchy import Scope
from schema.batching import residents_loader
from schema.context import Info
from schema.declared import Related
from schema.pagination import DEFAULT_NESTED_SIZE, page_size
from schema.types.nested import nested, reads, related_node, related_nodes
from schema.types.projection import selected
from schema.types.refs import ActorRef, CountryRef, OfferingRef, resolved, type_of
from schema.types.scalars import NodeObject
from schema.where import ActorWhere, OfferingWhere

OFFERINGS = Related(
    "Municipality.offerings",
    lambda item: type_of(OfferingRef).from_node(item.node),
    scoped=True,
)
ACTORS = Related(
    "Municipality.actors", lambda item: type_of(ActorRef).from_node(item.node), scoped=True
)


@strawberry.type(description="Landkreis, Samtgemeinde oder Gemeinde / a municipality")
class Municipality(NodeObject, kind=CONTRACT.kind("Municipality")):
    part_of = related_node(
        "Municipality.partOf", "Übergeordnete Gebietskörperschaft / what it is part of"
    )

    parts = related_nodes("Municipality.parts", "Mitgliedsgemeinden usw. / its direct parts")

    @reads(OFFERINGS, "Angebote für die Gemeinde / offerings available here")
    async def offerings(
        self,
        info: Info,
        first: int | None = None,
        where: OfferingWhere | None = None,
        scope: Scope = Scope.WITH_PARTS_AND_ENCLOSING,
    ) -> list[OfferingRef]:
        return await nested(OFFERINGS, info, self.id, first=first, where=where, scope=scope)

    @reads(ACTORS, "Akteure mit Sitz oder Tätigkeit hier / actors located or active here")
    async def actors(
        self,
        info: Info,
        first: int | None = None,
        where: ActorWhere | None = None,
        scope: Scope = Scope.WITH_PARTS_AND_ENCLOSING,
    ) -> list[ActorRef]:
        return await nested(ACTORS, info, self.id, first=first, where=where, scope=scope)

    @strawberry.field(
        description="Einwohner:innen nach Herkunftsland, größte Gruppen zuerst / residents by "
        "country of origin, largest first (latest year on record unless `year`; a Samtgemeinde "
        "or the county sums its members unless includeParts is false)"
    )
    async def residents(
        self,
        info: Info,
        first: int | None = None,
        year: int | None = None,
        include_parts: bool = True,
    ) -> list[ResidentCount]:
        size = page_size(info, first, DEFAULT_NESTED_SIZE)
        loader = residents_loader(info, year, include_parts, size, selected(info, "country"))
        items = await loader.load(self.id)
        return [
            ResidentCount(
                country=resolved("Country").from_node(i.node),
                count=int(i.rel["count"]),
                year=int(i.rel["year"]),
                source=", ".join(sorted(str(s) for s in i.rel.get("sources") or [] if s)) or None,
            )
            for i in items
        ]


@strawberry.type(description="Einwohner:innen aus einem Land / residents from one country")
class ResidentCount:
    country: CountryRef
    count: int
    year: int
    source: str | None = strawberry.field(
        default=None,
        description="Quelle der Zahl (zusammengezählte Zahlen: alle Quellen, mit Komma) / "
        "source of the figure (summed figures: every source, comma-separated)",
    )
