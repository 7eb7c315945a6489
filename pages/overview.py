"""Tổng quan: where the province, a district or a commune stands against its targets on a day."""

import streamlit as st

from analytics import texts, vnformat as fmt
from ui import charts, downloads, filters, state, tables

settings = state.settings()
scope = filters.current()
targets = settings.targets

st.title(texts.OVERVIEW_TITLE)
st.caption(texts.OVERVIEW_CAPTION.format(
    as_of=fmt.date(scope.as_of), scope=scope.scope_name, stores=targets.stores_pct,
    active=targets.active_pct, members=targets.team_members_min))

view = state.overview(scope.as_of, scope.level, scope.district, scope.commune)
row = view.summary

if row["villages"] == 0:
    st.info(texts.EMPTY_NO_VILLAGES)


def against_target(count, pct, target_count, target_pct):
    """st.metric value and delta for a count measured against its target."""
    gap = int(round(count - target_count))
    delta = texts.KPI_DELTA.format(sign="+" if gap >= 0 else "-", gap=fmt.number(abs(gap)),
                                   target=fmt.percent(target_pct, 0))
    return f"{fmt.number(count)} ({fmt.percent(pct)})", delta


cols = st.columns(4)
cols[0].metric(texts.KPI_HOUSEHOLDS, fmt.number(row["households"]), help=texts.KPI_HOUSEHOLDS_HELP,
               border=True)
for col, key, label in ((cols[1], "stores", texts.KPI_STORES), (cols[2], "accounts", texts.KPI_ACCOUNTS),
                        (cols[3], "active", texts.KPI_ACTIVE)):
    value, delta = against_target(row[key], row[f"{key}_pct"], row[f"{key}_target"], row[f"{key}_target_pct"])
    col.metric(label, value, delta, border=True)

cols = st.columns(4)
villages, communes = int(row["villages"]), int(row["communes"])
cols[0].metric(texts.KPI_TEAMS, fmt.number(row["teams"]),
               texts.KPI_MISSING.format(sign="-" if row["teams"] < villages else "+",
                                        count=fmt.number(villages - row["teams"]), what=texts.KPI_WHAT_VILLAGES_NO_TEAM),
               border=True)
cols[1].metric(texts.KPI_MEMBERS, fmt.number(row["members"]),
               texts.KPI_MEMBERS_AVG.format(avg=fmt.number(row["members"] / row["teams"], 2) if row["teams"] else "–"),
               delta_color="off", border=True)
cols[2].metric(texts.KPI_FULL_TEAMS, f"{fmt.number(row['full_teams'])}/{fmt.number(villages)}",
               texts.KPI_MISSING.format(sign="-" if row["full_teams"] < villages else "+",
                                        count=fmt.number(villages - row["full_teams"]), what=texts.KPI_WHAT_NOT_FULL),
               border=True, help=texts.KPI_FULL_TEAMS_HELP.format(members=targets.team_members_min))
cols[3].metric(texts.KPI_COMMITTEES, f"{fmt.number(row['committees'])}/{fmt.number(communes)}",
               texts.KPI_MISSING.format(sign="-" if row["committees"] < communes else "+",
                                        count=fmt.number(communes - row["committees"]), what=texts.KPI_WHAT_NO_COMMITTEE),
               border=True)

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
