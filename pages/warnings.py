"""Cảnh báo: communes that stalled, fall behind, report odd figures or stopped reporting, as of
the sidebar's day; each row links to the commune's drill-down."""

import streamlit as st

from analytics import texts, vnformat as fmt
from analytics.alerts import TYPES
from ui import downloads, filters, state
from ui.safe_text import md

WRAPPED_ROW_HEIGHT = 92

scope = filters.current()
found = state.alerts(scope.as_of, scope.district, scope.commune)

st.title(texts.WARNINGS_TITLE)
st.caption(texts.WARNINGS_CAPTION.format(as_of=fmt.date(scope.as_of), scope=md(filters.watched_name(scope))))

cols = st.columns(len(TYPES))
for col, kind in zip(cols, TYPES):
    col.metric(texts.ALERT_TYPES[kind], fmt.number(int((found["type"] == kind).sum())), border=True)

left, right = st.columns(2)
chosen = left.multiselect(texts.WARNINGS_FILTER_TYPE, list(TYPES), default=list(TYPES), format_func=texts.ALERT_TYPES.get,
                          key=state.KEY_PREFIX + "warnings_types")
picked = []
if scope.has_districts:
    districts = sorted(found["district_name"].dropna().unique())
    picked = right.multiselect(texts.WARNINGS_FILTER_DISTRICT, districts, key=state.KEY_PREFIX + "warnings_districts",
                               placeholder=texts.WARNINGS_ALL_DISTRICTS)
shown = found[found["type"].isin(chosen) & (found["district_name"].isin(picked) if picked else True)]

if found.empty:
    st.success(texts.WARNINGS_NONE)
elif shown.empty:
    st.info(texts.WARNINGS_NONE_FILTERED)
else:
    st.caption(texts.WARNINGS_ORDER)
    kinds = shown["kind"].map(texts.ALERT_KINDS)
    table = shown.assign(
        severity=shown["severity"].map(texts.ALERT_SEVERITIES),
        type=shown["type"].map(texts.ALERT_TYPES).where(kinds.isna(), shown["type"].map(texts.ALERT_TYPES) + " · " + kinds),
        phase_name=shown["phase_name"].fillna("–"), since=shown["since"].map(fmt.date),
        gap=shown["gap"].map(fmt.number),
        link=[scope.link("tien-do", district=d, commune=c)
              for d, c in zip(shown.get("district_code", [None] * len(shown)), shown["code"])],
    )[[c for c in texts.WARNING_COLUMNS if c in shown.columns or c == "link"]].rename(columns=texts.WARNING_COLUMNS)
    # the message comes before the columns a sideways scroll may hide, next to narrow figures; a
    # row taller than 4rem makes the grid wrap the message instead of cutting it
    narrow = {texts.WARNING_COLUMNS[c]: st.column_config.TextColumn(width="small")
              for c in ("severity", "type", "gap")}
    st.dataframe(table, hide_index=True, width="stretch", row_height=WRAPPED_ROW_HEIGHT, column_config={
        **narrow,
        texts.WARNING_COLUMNS["name"]: st.column_config.TextColumn(pinned=True),
        texts.WARNING_COLUMNS["message"]: st.column_config.TextColumn(width="large"),
        texts.WARNING_COLUMNS["link"]: st.column_config.LinkColumn(display_text=texts.WARNINGS_OPEN),
    })
    downloads.download_buttons(table.drop(columns=[texts.WARNING_COLUMNS["link"]]), stem="canh-bao",
                               title=texts.WARNINGS_TITLE, key="warnings_table", as_of=scope.as_of)
