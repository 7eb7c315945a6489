"""The signed session cookie and the two HTTP routes that set and clear it.

A Streamlit script cannot set response headers, so after a successful sign-in the script sends
the browser to `/auth/session?t=HANDOFF` (served by `st.App` next to the app, see
dashboard.py): a short-lived signed handoff that this route turns into an HttpOnly cookie before
redirecting back. The cookie carries the session token signed with the secret below; the
database keeps only the token's SHA-256, its idle and absolute expiry, and whether it ended.

Sign-out goes through Streamlit's own `/auth/logout` (the route `st.logout()` uses, which also
drops the identity cookie of an OpenID Connect sign-in and ends the provider's session); a
small middleware deletes this cookie on that route's response, so one redirect ends both.
"""

from __future__ import annotations

import logging
import os
import secrets
from functools import cache

from itsdangerous import BadSignature, URLSafeTimedSerializer

from analytics.paths import DATA_DIR

COOKIE_NAME = "kts_session"
SECRET_ENV_VAR = "DASHBOARD_SECRET"
SECRET_FILE = DATA_DIR / "session_secret.txt"
HANDOFF_SECONDS = 60
SESSION_PATH = "/auth/session"
LOGOUT_PATH = "/auth/logout"

log = logging.getLogger("dashboard.auth")


def _secret_from_streamlit() -> str | None:
    import streamlit as st

    try:
        section = st.secrets.get("auth_cookie")
    except (FileNotFoundError, OSError) as exc:
        log.debug("no secrets file: %s", exc)
        return None
    return str(section["secret"]) if section and section.get("secret") else None


@cache
def cookie_secret() -> str:
    """The signing secret: `[auth_cookie] secret` in .streamlit/secrets.toml, else
    $DASHBOARD_SECRET, else a random one kept in data/session_secret.txt (git-ignored), created
    on first use. Processes that share one of these accept each other's cookies."""
    found = _secret_from_streamlit() or os.environ.get(SECRET_ENV_VAR)
    if found:
        return found
    if not SECRET_FILE.exists():
        SECRET_FILE.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(SECRET_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_urlsafe(48))
        log.warning("generated a cookie secret in %s", SECRET_FILE)
    return SECRET_FILE.read_text().strip()


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(cookie_secret(), salt=f"kts-{purpose}")


def sign(token: str, purpose: str) -> str:
    """`purpose` is 'session' (the cookie) or 'handoff' (the one-minute redirect)."""
    return _serializer(purpose).dumps(token)


def unsign(value: str | None, purpose: str, max_age: int) -> str | None:
    """The token inside a signed value, or None when missing, tampered with or too old."""
    if not value:
        return None
    try:
        return _serializer(purpose).loads(value, max_age=max_age)
    except BadSignature:
        return None


def _safe_next(target: str | None) -> str:
    """Only a path of this site (no scheme, no host) is followed after sign-in."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


async def session_route(request):
    """GET /auth/session?t=HANDOFF&next=/path: set the session cookie and go back."""
    from starlette.responses import RedirectResponse

    from analytics.settings import load_settings

    token = unsign(request.query_params.get("t"), "handoff", HANDOFF_SECONDS)
    if token is None:
        return RedirectResponse("/", status_code=303)
    days = load_settings().auth.session_days
    response = RedirectResponse(_safe_next(request.query_params.get("next")), status_code=303)
    response.set_cookie(COOKIE_NAME, sign(token, "session"), max_age=days * 86400, path="/", httponly=True,
                        samesite="lax", secure=request.url.scheme == "https")
    response.headers["Cache-Control"] = "no-store"
    return response


class DropCookieOnLogout:
    """ASGI middleware: the response of Streamlit's GET /auth/logout also deletes the session
    cookie (the session already ended on the server)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope.get("path") != LOGOUT_PATH:
            await self.app(scope, receive, send)
            return

        async def send_dropping_cookie(message):
            if message["type"] == "http.response.start":
                from starlette.datastructures import MutableHeaders
                from starlette.responses import Response

                expired = Response()
                expired.delete_cookie(COOKIE_NAME, path="/")
                headers = MutableHeaders(scope=message)
                headers.append("set-cookie", expired.headers["set-cookie"])
            await send(message)

        await self.app(scope, receive, send_dropping_cookie)


def routes() -> list:
    from starlette.routing import Route

    return [Route(SESSION_PATH, session_route, methods=["GET"])]


def middleware() -> list:
    from starlette.middleware import Middleware

    return [Middleware(DropCookieOnLogout)]
