"""``POST /import/dry-run`` and ``POST /import/apply``: a spreadsheet uploaded in the cockpit.

The body is the file itself (``application/octet-stream``, the XLSX or CSV as saved), its
name in the header ``X-File-Name`` (URL-encoded; the CSV reader finds the section from it),
bounded by ``API_MAX_BODY_BYTES`` like every body. Who asks is settled as for ``/graphql``
(``schema.http.settle_caller``): a bearer token, or the session cookie with its
``X-CSRF-Token`` (403 ``CSRF_REJECTED`` without). A reader or anonymous caller is refused
before the file is read; ``?replace=1`` (delete what the file lacks) only for an admin; a
member's upload may change only its own actors' records (``graph.upload``).

Answers (JSON):

- 200 ``{"dryRun", "applied", "counts": [{kind, label, created, updated, unchanged,
  deleted}], "notices": [...], "refused": [{label, id, reason}], "changeId"}``;
- 422 ``{"error": {"code": "BAD_USER_INPUT", ...}, "problems": [{file, sheet, row, column,
  reason}]}`` when the file has problems (nothing written);
- 403 ``FORBIDDEN`` with ``refused`` when a member's apply reaches beyond its actors.
"""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import unquote

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from domain.access import Caller
from domain.errors import ErrorCode, Refusal
from domain.headers import GERMAN_SECTION_NAMES
from domain.problems import LoadError, Problem
from domain.registry import NODE_SECTIONS, RELATIONSHIP_SECTIONS
from graph.history.store import ChangeMeta
from graph.mutations.scope import admit_upload
from graph.settings import Settings
from graph.store.writer import WriteError, WriteResult
from graph.upload import UploadOutcome, read_upload, write_upload
from schema.auth_routes import SESSION_HEADER, clear_session_cookie, error
from schema.http import RequestRefused, settle_caller
from schema.masking import is_unavailable
from schema.middleware import request_id_of

FILE_NAME_HEADER = "x-file-name"
STATUS = {
    ErrorCode.UNAUTHENTICATED: 401,
    ErrorCode.FORBIDDEN: 403,
    ErrorCode.BAD_USER_INPUT: 400,
}

OUT_OF_TIME = (
    "Der Import wurde abgebrochen, weil er länger dauerte als erlaubt (z. B. weil gerade ein "
    "anderer Import oder eine Änderung lief); nichts wurde übernommen. Bitte erneut "
    "versuchen. / The import ran out of its time (another import or change may have held "
    "its records); nothing was written, please try again."
)
"""What an upload stopped by its transaction timeout answers (HTTP 504 ``TIMEOUT``)."""

KINDS: list[tuple[str, str, str]] = [
    (s.label, s.name, GERMAN_SECTION_NAMES[s.name][0]) for s in NODE_SECTIONS
] + [(s.rel_type, s.name, GERMAN_SECTION_NAMES[s.name][0]) for s in RELATIONSHIP_SECTIONS]
"""``(count key, section, German name)`` of every kind the dry run shows."""


def counts_json(result: WriteResult) -> list[dict[str, Any]]:
    """Per kind (German name), created / updated / unchanged / deleted; the references
    between records (``Verweise``: providers, places, ...) summed in one row."""
    rows: list[dict[str, Any]] = []
    shown: set[str] = set()
    for key, section, german in KINDS:
        counts = result.counts.get(key)
        shown.add(key)
        if counts is None or not (counts.written or counts.deleted):
            continue
        rows.append(
            {
                "kind": section,
                "label": german,
                "created": counts.created,
                "updated": counts.updated,
                "unchanged": counts.unchanged,
                "deleted": counts.deleted,
            }
        )
    links = [c for key, c in result.counts.items() if key not in shown]
    if any(c.written or c.deleted for c in links):
        rows.append(
            {
                "kind": "references",
                "label": "Verweise",
                **{
                    name: sum(getattr(c, name) for c in links)
                    for name in ("created", "updated", "unchanged", "deleted")
                },
            }
        )
    return rows


def problem_json(problem: Problem) -> dict[str, Any]:
    """One problem as the page shows it: file name (never the server's folder), sheet, row
    or line, the column as the user typed it, and the reason (German first)."""
    origin = problem.origin
    return {
        "file": origin.file.replace("\\", "/").rsplit("/", 1)[-1],
        "sheet": origin.sheet,
        "row": origin.position,
        "unit": origin.unit,
        "column": problem.field,
        "reason": problem.reason,
    }


def outcome_json(outcome: UploadOutcome) -> dict[str, Any]:
    result = outcome.result
    return {
        "dryRun": result.dry_run,
        "applied": not result.dry_run,
        "counts": counts_json(result),
        "notices": [problem_json(n) for n in outcome.notices],
        "refused": [
            {"label": r.label, "id": r.record_id, "reason": r.reason} for r in outcome.refused
        ],
        "changeId": result.change_id,
        "revision": result.revision,
    }


def _meta(caller: Caller, request: Request) -> ChangeMeta:
    if caller.account_id is not None:
        key = f"account:{caller.account_id}"
    elif caller.token_id is not None:
        key = f"token:{caller.token_id}"
    else:
        key = f"name:{caller.name}"
    return ChangeMeta(author=caller.name, author_key=key, request_id=request_id_of(request.scope))


def upload_routes(settings: Settings, holder: dict[str, Any]) -> list[BaseRoute]:
    database = settings.neo4j_database

    async def handle(request: Request, *, dry_run: bool) -> Response:
        try:
            await settle_caller(request, holder, settings)
        except RequestRefused as refused:
            return error(refused.status, refused.code, refused.message)
        caller: Caller | None = request.state.caller
        replace = request.query_params.get("replace") in ("1", "true")
        try:
            admit_upload(caller, replace=replace)
            assert caller is not None
            name = unquote(request.headers.get(FILE_NAME_HEADER, ""))
            data = await request.body()
            if not data:
                raise Refusal(ErrorCode.BAD_USER_INPUT, "Die Datei ist leer / the file is empty")
            outcome = await asyncio.to_thread(
                _run,
                holder["sync_driver"],
                caller,
                _meta(caller, request),
                name,
                data,
                dry_run,
                replace,
            )
        except Refusal as refusal:
            body: dict[str, Any] = {
                "error": {"code": refusal.code.value, "message": refusal.message}
            }
            body.update(refusal.details)
            if "records" in refusal.details:
                body["refused"] = refusal.details["records"]
            return JSONResponse(body, status_code=STATUS.get(refusal.code, 400))
        except LoadError as problems:
            return JSONResponse(
                {
                    "error": {
                        "code": ErrorCode.BAD_USER_INPUT.value,
                        "message": f"Die Tabelle hat {len(problems.problems)} Problem(e); "
                        "nichts wurde übernommen / the file has problems; nothing was written",
                    },
                    "problems": [problem_json(p) for p in problems.problems],
                },
                status_code=422,
            )
        except WriteError as failure:
            if failure.timed_out:
                return error(504, ErrorCode.TIMEOUT, OUT_OF_TIME)
            return error(
                500, ErrorCode.INTERNAL_SERVER_ERROR, f"Schreiben fehlgeschlagen: {failure}"
            )
        except Exception as failure:
            if is_unavailable(failure):
                response = error(
                    503, ErrorCode.SERVICE_UNAVAILABLE, "Die Datenbank ist nicht erreichbar."
                )
                response.headers["Retry-After"] = "5"
                return response
            raise
        response = JSONResponse(outcome_json(outcome), headers={"Cache-Control": "no-store"})
        if getattr(request.state, "session_expired", False):
            response.headers[SESSION_HEADER] = "expired"
            clear_session_cookie(response, request)
        return response

    def _run(
        driver: Any,
        caller: Caller,
        meta: ChangeMeta,
        name: str,
        data: bytes,
        dry_run: bool,
        replace: bool,
    ) -> UploadOutcome:
        landscape = read_upload(driver, database, name, data, settings.api_max_body_bytes)
        return write_upload(
            driver,
            database,
            landscape,
            caller,
            meta,
            dry_run=dry_run,
            replace=replace,
            tx_timeout=settings.neo4j_tx_timeout,
        )

    async def dry_run(request: Request) -> Response:
        return await handle(request, dry_run=True)

    async def apply(request: Request) -> Response:
        return await handle(request, dry_run=False)

    return [
        Route("/import/dry-run", dry_run, methods=["POST"]),
        Route("/import/apply", apply, methods=["POST"]),
    ]
