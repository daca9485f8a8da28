"""Sign-in over HTTP: ``POST /auth/login``, ``POST /auth/logout``, ``GET /auth/session``.

The cookie ``ig_session`` carries a random session id (``graph.sessions``): HttpOnly (no
script reads it), ``SameSite=Lax`` (browsers do not send it with cross-site POSTs),
``Path=/``, ``Secure`` when the request came over https, and ``Max-Age`` of the session.

CSRF: every cookie-authenticated POST (``/graphql``, ``/auth/logout``) must carry the
session's own random token in ``X-CSRF-Token`` (the synchronizer token pattern: the page gets
it from the login answer or ``GET /auth/session``; another site cannot read it), and an
``Origin`` header, when the browser sends one, must be this server's own or one of
``API_CORS_ORIGINS``. ``/auth/login`` checks the ``Origin`` too (no signing a victim into
the attacker's account) and, like ``/graphql``, accepts only ``application/json`` bodies,
which a cross-site HTML form cannot send. Refusals are 403 ``CSRF_REJECTED``.

Failed sign-ins are throttled per e-mail and per address (``graph.throttle``).
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from domain.errors import ErrorCode
from graph.accounts import check_password
from graph.sessions import Lookup, Session, end_session, find_session, purge_ended, start_session
from graph.settings import Settings
from graph.throttle import Rule, clear, locked_for, record_failure
from schema.masking import is_unavailable

COOKIE = "ig_session"
CSRF_HEADER = "x-csrf-token"
SESSION_HEADER = "X-Session"

INVALID = "E-Mail oder Passwort ist falsch."
DISABLED = "Dieses Konto ist deaktiviert. Bitte wenden Sie sich an die Stabsstelle."
CSRF_MESSAGE = (
    "Anfrage abgelehnt: Sicherheitsmerkmal (X-CSRF-Token) fehlt oder falsche Herkunft / "
    "request refused: missing or wrong X-CSRF-Token, or a foreign Origin"
)


def error(status: int, code: ErrorCode, message: str, **extra: Any) -> JSONResponse:
    headers = {"Retry-After": str(extra["retryAfter"])} if "retryAfter" in extra else None
    return JSONResponse(
        {"error": {"code": code.value, "message": message, **extra}},
        status_code=status,
        headers=headers,
    )


def too_many(seconds: int) -> JSONResponse:
    minutes = max(1, -(-seconds // 60))
    return error(
        429,
        ErrorCode.TOO_MANY_ATTEMPTS,
        f"Zu viele Fehlversuche. Bitte in {minutes} Minuten erneut versuchen.",
        retryAfter=seconds,
    )


def origin_allowed(request: Request, settings: Settings) -> bool:
    """No ``Origin`` (same-origin GET, scripts), this server's own, or an allowed one."""
    origin = request.headers.get("origin")
    if origin is None:
        return True
    own = f"{request.url.scheme}://{request.url.netloc}"
    allowed = {own, *(o for o in settings.cors_origins if o != "*")}
    return origin.rstrip("/") in allowed


def csrf_valid(request: Request, session: Session) -> bool:
    sent = request.headers.get(CSRF_HEADER, "")
    return secrets.compare_digest(sent.encode(), session.csrf_token.encode())


def set_session_cookie(
    response: Response, request: Request, session_id: str, settings: Settings
) -> None:
    response.set_cookie(
        COOKIE,
        session_id,
        max_age=int(timedelta(hours=settings.api_session_hours).total_seconds()),
        path="/",
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )


def clear_session_cookie(response: Response, request: Request) -> None:
    response.delete_cookie(
        COOKIE, path="/", httponly=True, samesite="lax", secure=request.url.scheme == "https"
    )


def session_json(session: Session) -> dict[str, Any]:
    return {
        "signedIn": True,
        "account": session.account.as_json(),
        "csrfToken": session.csrf_token,
        "expiresAt": session.expires_at.isoformat(),
    }


async def lookup(request: Request, holder: dict[str, Any], settings: Settings) -> Lookup | None:
    """The session of the request's cookie; None when it sends no cookie."""
    session_id = request.cookies.get(COOKIE)
    if not session_id:
        return None
    return await find_session(
        holder["driver"], settings.neo4j_database, session_id, settings.api_session_idle_minutes
    )


async def _json_object(request: Request) -> dict[str, Any] | None:
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
        return None
    try:
        body = await request.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def auth_routes(settings: Settings, holder: dict[str, Any]) -> list[BaseRoute]:
    """The three routes, sharing the app's driver (``holder["driver"]``)."""
    database = settings.neo4j_database
    rule = Rule(
        settings.api_login_max_failures,
        timedelta(minutes=settings.api_login_window_minutes),
        timedelta(minutes=settings.api_login_lock_minutes),
    )

    def unavailable() -> JSONResponse:
        response = error(503, ErrorCode.SERVICE_UNAVAILABLE, "Die Datenbank ist nicht erreichbar.")
        response.headers["Retry-After"] = "5"
        return response

    async def login(request: Request) -> Response:
        if not origin_allowed(request, settings):
            return error(403, ErrorCode.CSRF_REJECTED, CSRF_MESSAGE)
        body = await _json_object(request)
        email, password = (body or {}).get("email"), (body or {}).get("password")
        if not isinstance(email, str) or not isinstance(password, str) or not email.strip():
            return error(
                400,
                ErrorCode.BAD_REQUEST,
                'Erwartet wird JSON {"email": ..., "password": ...} / expected a JSON body '
                "with email and password",
            )
        driver = holder["driver"]
        address = request.client.host if request.client else None
        try:
            wait = await locked_for(driver, database, email, address)
            if wait:
                return too_many(wait)
            outcome = await check_password(driver, database, email, password)
            if outcome.account is None:
                if outcome.refusal == "ACCOUNT_DISABLED":
                    return error(403, ErrorCode.ACCOUNT_DISABLED, DISABLED)
                await record_failure(driver, database, rule, email, address)
                wait = await locked_for(driver, database, email, address)
                if wait:
                    return too_many(wait)
                return error(401, ErrorCode.INVALID_CREDENTIALS, INVALID)
            await clear(driver, database, email)
            await purge_ended(driver, database)
            previous = request.cookies.get(COOKIE)
            if previous:  # a new sign-in never keeps the old id (no session fixation)
                await end_session(driver, database, previous)
            session_id, session = await start_session(
                driver, database, outcome.account, settings.api_session_hours
            )
        except Exception as failure:
            if is_unavailable(failure):
                return unavailable()
            raise
        response = JSONResponse(
            {"account": session.account.as_json(), "csrfToken": session.csrf_token},
            headers={"Cache-Control": "no-store"},
        )
        set_session_cookie(response, request, session_id, settings)
        return response

    async def logout(request: Request) -> Response:
        response = Response(status_code=204)
        session_id = request.cookies.get(COOKIE)
        if session_id:
            found = await lookup(request, holder, settings)
            if found is not None and found.session is not None:
                if not origin_allowed(request, settings) or not csrf_valid(request, found.session):
                    return error(403, ErrorCode.CSRF_REJECTED, CSRF_MESSAGE)
                await end_session(holder["driver"], database, session_id)
        clear_session_cookie(response, request)
        return response

    async def current(request: Request) -> Response:
        try:
            found = await lookup(request, holder, settings)
        except Exception as failure:
            if is_unavailable(failure):
                return unavailable()
            raise
        if found is None:
            return JSONResponse({"signedIn": False})
        if found.session is None:
            response = JSONResponse({"signedIn": False, "expired": True})
            clear_session_cookie(response, request)
            response.headers[SESSION_HEADER] = "expired"
            return response
        return JSONResponse(session_json(found.session), headers={"Cache-Control": "no-store"})

    return [
        Route("/auth/login", login, methods=["POST"]),
        Route("/auth/logout", logout, methods=["POST"]),
        Route("/auth/session", current, methods=["GET"]),
    ]
