"""Tổng quan: where the province, a district or a commune stands against its targets on a day."""

import streamlit as st

from analytics import texts, vnformat as fmt
from ui import charts, downloads, filters, kpis, state, tables
from ui.safe_text import md

settings = state.settings()
scope = filters.current()
targets = settings.targets

st.title(texts.OVERVIEW_TITLE)
st.caption(texts.OVERVIEW_CAPTION.format(
    as_of=fmt.date(scope.as_of), scope=md(scope.scope_name), stores=targets.stores_pct,
    active=targets.active_pct, members=targets.team_members_min))

view = state.overview(scope.as_of, scope.level, scope.district, scope.commune)
row = view.summary

if row["villages"] == 0:
    st.info(texts.EMPTY_NO_VILLAGES)

kpis.coverage_cards(row)
kpis.organisation_cards(row, targets)

if view.has_reports:
    st.plotly_chart(charts.progress_chart(view.series, targets.stores_pct, targets.active_pct, settings.phases),
                    key=state.KEY_PREFIX + "overview_chart")
else:
    st.info(texts.EMPTY_NO_DATA)

st.subheader({"province": texts.TABLE_DISTRICTS, "district": texts.TABLE_COMMUNES,
              "commune": texts.TABLE_VILLAGES}[scope.level])
if len(view.children):
    styled, config = tables.progress_table(view.children, targets.stores_pct)
    st.dataframe(styled, column_config=config, hide_index=True, width="stretch")
    downloads.download_buttons(
        view.children[downloads.COVERAGE_EXPORT_COLUMNS], stem=downloads.COVERAGE_STEMS[scope.child_level],
        title=downloads.coverage_title(scope.child_level), subtitle=scope.scope_name, key="overview_table",
        as_of=scope.as_of, percent_columns=downloads.COVERAGE_PERCENT_COLUMNS, total_row=view.summary.to_dict())
else:
    st.info(texts.EMPTY_NO_VILLAGES)
