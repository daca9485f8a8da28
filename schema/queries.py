"""Root query fields."""

from __future__ import annotations

import strawberry

from schema.context import Info


@strawberry.type(description="Eine Organisation oder Initiative im Netzwerk / an actor")
class Actor:
    id: strawberry.ID
    name: str
    kind: str
    description: str | None = None


@strawberry.type
class Query:
    @strawberry.field(description="Ein Akteur nach id / one actor by id")
    async def actor(self, info: Info, id: strawberry.ID) -> Actor | None:
        ctx = info.context
        records, _, _ = await ctx.driver.execute_query(
            "MATCH (a:Actor {id: $id}) RETURN a {.id, .name, .kind, .description} AS a",
            {"id": str(id)},
            database_=ctx.database,
        )
        if not records:
            return None
        row = records[0]["a"]
        return Actor(
            id=strawberry.ID(row["id"]),
            name=row["name"],
            kind=row["kind"],
            description=row["description"],
        )
