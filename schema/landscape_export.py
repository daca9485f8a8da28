"""``GET /export/landschaft.xlsx``: the landscape as a workbook, for a signed-in browser.

The same workbook as ``integration-graph export --format xlsx`` (``loaders.spreadsheet``:
one sheet per kind, the German headers that ``load`` reads back), so a file downloaded in
the cockpit can be corrected in Excel and loaded again. Only for a signed-in session: the
workbook holds the coordinators' contact data, which the API shows only to signed-in
callers. Reading the graph and building the workbook run in a worker thread with the
app's synchronous driver.
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path
from typing import Any

import neo4j
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from domain import days
from domain.errors import ErrorCode
from graph.settings import Settings
from schema.auth_routes import error, lookup

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SIGN_IN_FIRST = (
    "Bitte zuerst anmelden: die Arbeitsmappe enthält Kontaktdaten / please sign in first"
)


def workbook_bytes(driver: neo4j.Driver, database: str) -> bytes:
    """The landscape's workbook, built in a temporary folder that is removed afterwards."""
    from graph.store.reader import read_landscape
    from loaders.export import WORKBOOK_NAME
    from loaders.spreadsheet import write_xlsx

    landscape = read_landscape(driver, database=database)
    with tempfile.TemporaryDirectory(prefix="ig-export-") as folder:
        path = Path(folder) / WORKBOOK_NAME
        write_xlsx(landscape, path)
        return path.read_bytes()


def landscape_export_routes(settings: Settings, holder: dict[str, Any]) -> list[BaseRoute]:
    async def landscape_xlsx(request: Request) -> Response:
        found = await lookup(request, holder, settings)
        if found is None or found.session is None:
            return error(401, ErrorCode.UNAUTHENTICATED, SIGN_IN_FIRST)
        content = await asyncio.to_thread(
            workbook_bytes, holder["sync_driver"], settings.neo4j_database
        )
        name = f"landschaft-{days.today().isoformat()}.xlsx"
        return Response(
            content,
            media_type=XLSX,
            headers={
                "Content-Disposition": f'attachment; filename="{name}"',
                "Cache-Control": "no-store",
            },
        )

    return [Route("/export/landschaft.xlsx", landscape_xlsx, methods=["GET"])]
