"""The signed-in account of this browser session (the Streamlit side of analytics.access).

dashboard.py calls `signed_in()` before anything else: it returns the session's Actor (from
session_state, else from the signed session cookie, else from an OpenID Connect identity the
provider has just issued) or None, and then only the login page is shown. Pages call
`current_actor()`.

An OpenID Connect sign-in (`st.login`, offered when secrets.toml has an `[auth]` section) opens
the same dashboard session and cookie as a password: the provider only says who the person is
(their e-mail); the role and scope come from the account with that e-mail.
"""

from __future__ import annotations

import logging
import time
import urllib.parse

import streamlit as st

from analytics import accounts, texts
from analytics.access import Actor
from ui import auth_cookie

ACTOR_KEY = "kts_auth_actor"
TOKEN_KEY = "kts_auth_token"
NOTICE_KEY = "kts_auth_notice"
OIDC_REFUSED_KEY = "kts_auth_oidc_refused"
OIDC_SEEN_KEY = "kts_auth_oidc_seen"
SIGNED_OUT_KEY = "kts_auth_signed_out"

log = logging.getLogger("dashboard.auth")


def current_actor() -> Actor | None:
    """The Actor of this session, or None when nobody is signed in (default deny)."""
    return st.session_state.get(ACTOR_KEY)


def _connection():
    from ui import state

    return state.connection()


def _auth_settings():
    from ui import state

    return state.settings().auth


def _context_text(name: str) -> str | None:
    """A text attribute of st.context, None where the run has none (AppTest fills in mocks)."""
    value = getattr(st.context, name, None)
    return value if isinstance(value, str) else None


def _client() -> str | None:
    return _context_text("ip_address")


def _redirect(path: str) -> None:
    """Send the browser to a URL of this server (the message st.login uses for the same purpose)."""
    from streamlit import config
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None:
        return
    base = (config.get_option("server.baseUrlPath") or "").strip("/")
    message = ForwardMsg()
    message.auth_redirect.url = (f"/{base}" if base else "") + path
    ctx.enqueue(message)


def _sign_out_locally(notice: str | None = None) -> None:
    st.session_state.pop(ACTOR_KEY, None)
    st.session_state.pop(TOKEN_KEY, None)
    if notice:
        st.session_state[NOTICE_KEY] = notice


def signed_in() -> Actor | None:
    """The session's Actor, re-checked against the database on every run (an ended, idle,
    expired or disabled session signs the browser out); restored from the cookie after a reload."""
    auth = _auth_settings()
    token = st.session_state.get(TOKEN_KEY)
    if token is None and st.session_state.get(ACTOR_KEY) is not None:
        return st.session_state[ACTOR_KEY]  # set directly by a test: no session behind it
    if token is None and not st.session_state.get(SIGNED_OUT_KEY):
        # after sign-out the old cookie is still sent until the browser follows the redirect
        cookie = st.context.cookies.get(auth_cookie.COOKIE_NAME)
        cookie = cookie if isinstance(cookie, str) else None
        token = auth_cookie.unsign(cookie, "session", auth.session_days * 86400)
        if cookie and token is None:
            log.info("refused a session cookie that is tampered with or too old")
            st.session_state[NOTICE_KEY] = texts.LOGIN_EXPIRED
    if token is None:
        return _oidc_sign_in()
    actor = accounts.session_actor(_connection(), token, auth, client=_client())
    if actor is None:
        _sign_out_locally(texts.LOGIN_EXPIRED)
        return None
    st.session_state[ACTOR_KEY] = actor
    st.session_state[TOKEN_KEY] = token
    return actor


def sign_in(username: str, password: str) -> str | None:
    """Check the form's name and password; on success open a session, remember it in this
    browser (cookie via the handoff route) and return None; else the message to show."""
    if not (username or "").strip() or not password:
        return texts.LOGIN_EMPTY
    con = _connection()
    auth = _auth_settings()
    result = accounts.authenticate(con, username, password, auth, client=_client())
    if not result.ok:
        return result.message
    _open_session(result.actor)
    return None


def oidc_configured() -> bool:
    """Whether secrets.toml has an `[auth]` section, i.e. `st.login` can be offered (False,
    without an exception, when there is no secrets file at all)."""
    try:
        return "auth" in st.secrets
    except FileNotFoundError:
        return False


def oidc_sign_in_start() -> None:
    """Send the browser to the identity provider (it comes back to the page with `st.user` set)."""
    st.session_state.pop(OIDC_REFUSED_KEY, None)
    st.session_state.pop(OIDC_SEEN_KEY, None)
    st.login()


def oidc_refusal() -> str | None:
    """Why the identity the provider returned does not sign in (no enabled account has its e-mail)."""
    return st.session_state.get(OIDC_REFUSED_KEY)


def _identity() -> dict:
    """The claims of `st.user` (empty when nobody signed in with the provider)."""
    return {key: st.user.get(key) for key in ("is_logged_in", "email", "email_verified", "iat")}


def _oidc_sign_in() -> Actor | None:
    """Sign in with an identity the provider has just issued, once per identity and browser
    session; an old identity (its dashboard session ended or idled out) waits for the button."""
    if not oidc_configured():
        return None
    identity = _identity()
    email = accounts.fresh_oidc_email(identity, time.time())
    if email is None or st.session_state.get(OIDC_SEEN_KEY) == (email, identity["iat"]):
        return None
    st.session_state[OIDC_SEEN_KEY] = (email, identity["iat"])
    result = accounts.authenticate_email(_connection(), email, client=_client())
    if not result.ok:
        log.info("refused an OpenID Connect sign-in: no enabled account has this e-mail")
        st.session_state[OIDC_REFUSED_KEY] = result.message
        return None
    st.session_state.pop(OIDC_REFUSED_KEY, None)
    _open_session(result.actor)
    return result.actor


def _open_session(actor: Actor) -> None:
    """Start a dashboard session for a signed-in actor and hand its cookie to the browser."""
    token = accounts.start_session(_connection(), actor, _auth_settings())
    st.session_state[ACTOR_KEY] = actor
    st.session_state[TOKEN_KEY] = token
    st.session_state.pop(NOTICE_KEY, None)
    st.session_state.pop(SIGNED_OUT_KEY, None)
    query = urllib.parse.urlencode({"t": auth_cookie.sign(token, "handoff"), "next": "/" + _current_url_path()})
    _redirect(f"{auth_cookie.SESSION_PATH}?{query}")


def _current_url_path() -> str:
    return urllib.parse.urlparse(_context_text("url") or "").path.lstrip("/")


def sign_out() -> None:
    """End the session on the server (the cookie stops working everywhere) and in this browser;
    after an OpenID Connect sign-in also forget the provider's identity (`st.logout`)."""
    accounts.end_session(_connection(), st.session_state.get(TOKEN_KEY), current_actor())
    _sign_out_locally()
    st.session_state[SIGNED_OUT_KEY] = True
    if oidc_configured() and st.user.get("is_logged_in"):
        st.logout()  # its redirect goes to the same logout route, which also drops the cookie
    else:
        _redirect(auth_cookie.LOGOUT_PATH)


def take_notice() -> str | None:
    """A message for the login page (an expired session), shown once."""
    return st.session_state.pop(NOTICE_KEY, None)


def demo_accounts() -> list[dict] | None:
    """The sample accounts to print on the login page, only on the demo database: each scope named
    in the hierarchy it was given in (the first campaign's, or the 2026 campaign's)."""
    from analytics.demo import DEMO_ACCOUNTS, is_demo
    from analytics.demo_today import TODAY_ACCOUNTS
    from analytics.reference import hierarchy_units

    con = _connection()
    if not is_demo(con):
        return None
    units = hierarchy_units()
    names = dict(zip(zip(units["version"], units["code"]), units["name"]))
    first = con.cursor().execute("SELECT any_value(version) FROM main.unit WHERE level = 'province'").fetchone()[0]
    rows = con.cursor().execute("SELECT username, scope_code, coalesce(scope_version, ?) FROM account",
                                [first]).fetchall()
    # a scope of another hierarchy than the first campaign's says which (Vạn Linh before and after 1/7/2025)
    scopes = {username: names.get((version, code), code) if version == first else
              texts.DEMO_SCOPE_VERSION.format(name=names.get((version, code), code), version=version)
              for username, code, version in rows if code}
    listed = [(u, p, r) for u, p, r, *_ in DEMO_ACCOUNTS] + [(u, p, r) for u, p, r, *_ in TODAY_ACCOUNTS]
    return [{"username": u, "password": p, "role": texts.ROLES[r], "scope": scopes.get(u, texts.PROVINCE_SCOPE)}
            for u, p, r in listed if u in {row[0] for row in rows}]


def scope_label(actor: Actor) -> str:
    code = actor.commune or actor.district
    if not code:
        return texts.PROVINCE_SCOPE
    row = _connection().cursor().execute("SELECT name FROM unit_current WHERE code = ?", [code]).fetchone()
    return row[0] if row else code
