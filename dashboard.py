"""Entry point: the navigation menu and the shared sidebar; each page lives in pages/."""

import logging

import streamlit as st

from analytics import texts
from analytics.access import AccessDenied
from analytics.db import DatabaseLockedError, DatabaseVersionError
from analytics.settings import SettingsError

st.set_page_config(page_title=texts.APP_TITLE, page_icon=":material/storefront:", layout="wide")

PAGES = [
    st.Page("pages/overview.py", title=texts.NAV_OVERVIEW, icon=":material/dashboard:", url_path="tong-quan", default=True),
    st.Page("pages/progress.py", title=texts.NAV_PROGRESS, icon=":material/account_tree:", url_path="tien-do"),
    st.Page("pages/phases.py", title=texts.NAV_PHASES, icon=":material/timeline:", url_path="giai-doan"),
    st.Page("pages/daily_reports.py", title=texts.NAV_DAILY, icon=":material/event_available:", url_path="bao-cao-hang-ngay"),
    st.Page("pages/warnings.py", title=texts.NAV_WARNINGS, icon=":material/warning:", url_path="canh-bao"),
    st.Page("pages/teams.py", title=texts.NAV_TEAMS, icon=":material/groups:", url_path="to-cong-nghe-so"),
    st.Page("pages/ranking.py", title=texts.NAV_RANKING, icon=":material/military_tech:", url_path="xep-hang"),
    st.Page("pages/import_reports.py", title=texts.NAV_IMPORT, icon=":material/upload_file:", url_path="nhap-bao-cao"),
    st.Page("pages/audit_log.py", title=texts.NAV_AUDIT, icon=":material/history:", url_path="nhat-ky"),
]

navigation = st.navigation(PAGES)
try:
    from ui import filters, state

    if state.actor() is None or not state.actor().valid:
        st.error(texts.ACCESS_NO_SCOPE)
        st.stop()
    filters.sidebar()
except (SettingsError, DatabaseLockedError, DatabaseVersionError) as exc:
    logging.getLogger("dashboard").error("start-up failed: %s", exc)
    st.error(str(exc))
    st.stop()
try:
    navigation.run()
except AccessDenied as exc:
    logging.getLogger("dashboard").warning("access denied to %s: %s", state.actor().username, exc)
    st.error(str(exc))
