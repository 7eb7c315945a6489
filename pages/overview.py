"""Tổng quan: where the province, a district or a commune stands against its targets on a day,
and, above the fold, who is behind: the children (districts, or communes on a hierarchy without
districts; communes; villages) most short of their target first."""

import streamlit as st

from analytics import texts, vnformat as fmt
from analytics.coverage import behind_first
from ui import charts, downloads, filters, kpis, links, reform, state, tables
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
waiting = int((~view.children["started"].astype(bool)).sum()) if len(view.children) else 0
if waiting and bool(row.get("started", True)):
    st.caption(texts.KPI_PART_STARTED.format(count=fmt.number(waiting)))

open_warnings = len(state.alerts(scope.as_of, scope.district, scope.commune))
links.page_link("pages/warnings.py", scope=scope, icon=":material/warning:",
                label=texts.OVERVIEW_WARNINGS_LINK.format(count=fmt.number(open_warnings)) if open_warnings
                else texts.OVERVIEW_NO_WARNINGS)

# a campaign on an older list can be read by the communes since 1/7/2025 (no districts there)
if reform.toggle(scope.level, "overview_today"):
    st.subheader(texts.REFORM_TABLE)
    communes = reform.ordered(state.today_coverage(scope.as_of, scope.district, scope.commune))
    reform.caption(communes)
    reform.table(communes, targets.stores_pct, key="overview_today_table", as_of=scope.as_of,
                 subtitle=scope.scope_name, total_row=view.summary.to_dict())
else:
    st.subheader({"district": texts.TABLE_DISTRICTS, "commune": texts.TABLE_COMMUNES,
                  "village": texts.TABLE_VILLAGES}[scope.child_level])
    if len(view.children):
        children = behind_first(view.children)
        st.caption(texts.TABLE_BEHIND_FIRST)
        styled, config = tables.progress_table(children, targets.stores_pct)
        st.dataframe(styled, column_config=config, hide_index=True, width="stretch",
                     height=tables.all_rows_height(len(children)))
        downloads.download_buttons(
            children[downloads.COVERAGE_EXPORT_COLUMNS], stem=downloads.COVERAGE_STEMS[scope.child_level],
            title=downloads.coverage_title(scope.child_level), subtitle=scope.scope_name, key="overview_table",
            as_of=scope.as_of, percent_columns=downloads.COVERAGE_PERCENT_COLUMNS, total_row=view.summary.to_dict())
    else:
        st.info(texts.EMPTY_NO_VILLAGES)

kpis.organisation_cards(row, targets)

if view.has_reports:
    st.plotly_chart(charts.progress_chart(view.series, targets.stores_pct, targets.active_pct, settings.phases),
                    key=state.KEY_PREFIX + "overview_chart")
else:
    st.info(texts.EMPTY_NO_DATA)
