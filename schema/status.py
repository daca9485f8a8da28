"""The state of the stored data: `revision` (for live refresh) and `dataStatus`.

``revision`` is the cheapest question the API answers (one lookup of one node), so that a
dashboard can poll it every few seconds and refetch its views only when a load or a mutation
has changed the graph. ``dataStatus`` says how current the data is and where it comes from,
so that every page can name the date of its figures and whether they rest on illustrative
records.
"""

from __future__ import annotations

import strawberry

from graph.data_status import DataStatus, SourceCount, data_status_async
from graph.revision import current_revision_async
from schema.context import Info
from schema.gaps import graphql_type

SourceCountType = graphql_type(SourceCount)
DataStatusType = graphql_type(DataStatus)


@strawberry.type
class StatusQuery:
    @strawberry.field(
        description="Graph-Revision: steigt mit jedem Schreibvorgang / the graph revision, "
        "advanced by every load and mutation; poll it to refresh views only after a change"
    )
    async def revision(self, info: Info) -> int:
        context = info.context
        return await current_revision_async(context.driver, context.database)

    @strawberry.field(
        description="Stand und Herkunft der Daten / how current the data is and where it comes from"
    )
    async def data_status(self, info: Info) -> DataStatusType:  # type: ignore[valid-type]
        context = info.context
        status: DataStatus = await data_status_async(context.driver, context.database)
        return status
