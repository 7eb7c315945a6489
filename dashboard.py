"""Entry point: the sign-in gate, the navigation menu by role and the shared sidebar; each page
lives in pages/.

`streamlit run dashboard.py` finds `app` below and serves it: the same script plus the route
that sets the session cookie and the middleware that clears it on sign-out (ui/auth_cookie.py),
and the HTTP API for scripts (ui/api_routes.py, `/api/v1/...`). Streamlit runs the script
itself as `__main__`; the import that looks for `app` takes the other branch.
"""

import logging

import streamlit as st

if __name__ != "__main__":
    from ui import api_routes
    from ui.auth_cookie import middleware, routes

    app = st.App("dashboard.py", routes=routes() + api_routes.routes(), middleware=middleware())
else:
    from analytics import texts
    from analytics.access import AccessDenied
    from analytics.db import DatabaseLockedError, DatabaseVersionError
    from analytics.settings import SettingsError
    from ui.safe_text import md

    st.set_page_config(page_title=texts.APP_TITLE, page_icon=":material/storefront:", layout="wide",
                       initial_sidebar_state="auto")
    from ui import screen

    screen.fit()

    READ_PAGES = [
        st.Page("pages/overview.py", title=texts.NAV_OVERVIEW, icon=":material/dashboard:", url_path="tong-quan",
                default=True),
        st.Page("pages/progress.py", title=texts.NAV_PROGRESS, icon=":material/account_tree:", url_path="tien-do"),
        st.Page("pages/phases.py", title=texts.NAV_PHASES, icon=":material/timeline:", url_path="giai-doan"),
        st.Page("pages/daily_reports.py", title=texts.NAV_DAILY, icon=":material/event_available:",
                url_path="bao-cao-hang-ngay"),
        st.Page("pages/warnings.py", title=texts.NAV_WARNINGS, icon=":material/warning:", url_path="canh-bao"),
        st.Page("pages/teams.py", title=texts.NAV_TEAMS, icon=":material/groups:", url_path="to-cong-nghe-so"),
        st.Page("pages/ranking.py", title=texts.NAV_RANKING, icon=":material/military_tech:", url_path="xep-hang"),
    ]
    IMPORT_PAGE = st.Page("pages/import_reports.py", title=texts.NAV_IMPORT, icon=":material/upload_file:",
                          url_path="nhap-bao-cao")
    AUDIT_PAGE = st.Page("pages/audit_log.py", title=texts.NAV_AUDIT, icon=":material/history:", url_path="nhat-ky")
    LOGIN_PAGE = st.Page("pages/login.py", title=texts.LOGIN_TITLE, icon=":material/login:", url_path="dang-nhap",
                         default=True)

    def pages_for(actor) -> list:
        """Every role reads; writers also import; admins also read the audit log."""
        return READ_PAGES + ([IMPORT_PAGE] if actor.can_write else []) + ([AUDIT_PAGE] if actor.is_admin else [])

    try:
        from ui import auth, filters

        # the account's scope is read in the campaign's hierarchy: a link's campaign comes first
        filters.campaign_from_url()
        actor = auth.signed_in()
        if actor is None:
            st.navigation([LOGIN_PAGE], position="hidden").run()
            st.stop()
        if not actor.valid:
            # no scope in this campaign (or none at all): say why, and let the account go to
            # another campaign or sign out
            with st.sidebar:
                st.markdown(texts.SIGNED_IN_AS.format(name=md(actor.display_name or actor.username),
                                                      role=texts.ROLES.get(actor.role, actor.role), scope=""))
                st.button(texts.LOGOUT, key="kts_logout", icon=":material/logout:", on_click=auth.sign_out)
            filters.campaign_picker()
            st.error(md(actor.unscoped) if actor.unscoped else texts.ACCESS_NO_SCOPE)
            st.stop()
        navigation = st.navigation(pages_for(actor))
        with st.sidebar:
            st.markdown(texts.SIGNED_IN_AS.format(name=md(actor.display_name or actor.username),
                                                  role=texts.ROLES[actor.role], scope=" · " + md(auth.scope_label(actor))))
            # A callback, not st.rerun() after the click: a rerun drops the queued redirect that
            # clears the cookies when it has not reached the browser yet.
            st.button(texts.LOGOUT, key="kts_logout", icon=":material/logout:", on_click=auth.sign_out)

        filters.sidebar()
        screen.behave()
    except (SettingsError, DatabaseLockedError, DatabaseVersionError) as exc:
        logging.getLogger("dashboard").error("start-up failed: %s", exc)
        st.error(md(exc))
        st.stop()
    try:
        navigation.run()
    except AccessDenied as exc:
        logging.getLogger("dashboard").warning("access denied to %s: %s", actor.username, exc)
        st.error(md(exc))
