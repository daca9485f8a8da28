"""``GET /export/integrationskonzept.docx[?since=YYYY-MM-DD]``: the Integrationskonzept report
as a Word document, for a signed-in browser (the cockpit's download link).

The same document as ``integration-graph analyse --format docx [--since]``: both call
``reports.concept_docx.concept_document`` (imported lazily, as the landscape workbook
imports its writer: python-docx loads only when asked), built from the app's cached
analyses in a worker thread. Signed-in callers only, like the
landscape workbook: the report is the Stabsstelle's working paper, and its development part
asks the history.
"""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from domain import days
from domain.errors import ErrorCode
from graph.gap_service import GapService
from graph.settings import Settings
from schema.auth_routes import error, lookup

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SIGN_IN_FIRST = "Bitte zuerst anmelden / please sign in first"


def concept_bytes(service: GapService, since: date | None) -> bytes:
    """The report's bytes, from the cached analyses of ``service``."""
    from reports.concept_docx import concept_document

    return concept_document(service, since)


def concept_export_routes(settings: Settings, holder: dict[str, Any]) -> list[BaseRoute]:
    async def concept_docx(request: Request) -> Response:
        found = await lookup(request, holder, settings)
        if found is None or found.session is None:
            return error(401, ErrorCode.UNAUTHENTICATED, SIGN_IN_FIRST)
        raw = request.query_params.get("since")
        try:
            since = None if raw is None else date.fromisoformat(raw)
        except ValueError:
            return error(
                400,
                ErrorCode.BAD_USER_INPUT,
                f"since: '{raw}' ist kein Datum JJJJ-MM-TT / not a date YYYY-MM-DD",
            )
        content = await asyncio.to_thread(concept_bytes, holder["analyses"], since)
        name = f"integrationskonzept-{days.today().isoformat()}.docx"
        return Response(
            content,
            media_type=DOCX,
            headers={
                "Content-Disposition": f'attachment; filename="{name}"',
                "Cache-Control": "no-store",
            },
        )

    return [Route("/export/integrationskonzept.docx", concept_docx, methods=["GET"])]
