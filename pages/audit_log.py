"""Nhật ký: the audit trail of every write and sign-in, filtered by account, action and days; admins only."""

import datetime as dt

import streamlit as st

from analytics import audit, texts
from ui import downloads, state
from ui.auth import current_actor

KEY = state.KEY_PREFIX + "audit_"

st.title(texts.AUDIT_PAGE_TITLE)
actor = current_actor()
if actor is None or not actor.valid or not actor.is_admin:
    st.error(texts.ACCESS_DENIED_ADMIN)
    st.stop()
st.caption(texts.AUDIT_PAGE_CAPTION)

con = state.connection()
usernames, actions, first_day = audit.choices(con)
today = dt.date.today()
left, middle, right = st.columns(3)
username = left.selectbox(texts.AUDIT_ACCOUNT, [None, *usernames], key=KEY + "account",
                          format_func=lambda u: texts.AUDIT_ALL if u is None else u)
action = middle.selectbox(texts.AUDIT_ACTION, [None, *actions], key=KEY + "action",
                          format_func=lambda a: texts.AUDIT_ALL if a is None else texts.AUDIT_ACTIONS.get(a, a))
period = right.date_input(texts.AUDIT_PERIOD, value=(min(first_day or today, today), today), format="DD/MM/YYYY",
                          key=KEY + "period")
since = period[0] if len(period) > 0 else None   # a range being picked has one end only
until = period[1] if len(period) > 1 else None

table = audit.audit_table(audit.search(con, username, action, since, until))
if table.empty:
    st.info(texts.AUDIT_EMPTY)
    st.stop()
st.caption(texts.AUDIT_COUNT.format(count=len(table)))
st.dataframe(table, hide_index=True, width="stretch", key=KEY + "table")
downloads.download_buttons(table, stem="nhat-ky", title=texts.AUDIT_EXPORT_TITLE, key="audit")
