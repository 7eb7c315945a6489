"""Báo cáo hằng ngày: which commune reported on time, late or not at all, day by day; the
rates per district (per commune without districts); the list of communes still missing today,
ready to paste into Zalo."""

import streamlit as st

from analytics import texts, vnformat as fmt
from ui import charts, downloads, filters, state
from ui.safe_text import md

settings = state.settings()
scope = filters.current()
view = state.discipline_view(scope.as_of, scope.district, scope.commune)

st.title(texts.DAILY_TITLE)
st.caption((texts.DAILY_CAPTION if scope.has_districts else texts.DAILY_CAPTION_TODAY).format(
    as_of=fmt.date(scope.as_of), scope=md(filters.watched_name(scope)), deadline=settings.deadline.strftime("%H:%M")))

st.subheader(texts.DAILY_MISSING_TODAY.format(date=fmt.date(scope.as_of), count=len(view.missing)))
st.code(view.message, language=None, wrap_lines=True)

if view.days.empty:
    st.info(texts.DAILY_NO_DAYS)
else:
    total = view.phases[["expected", "on_time", "late", "missing"]].sum()
    cols = st.columns(3)
    cols[0].metric(texts.DAILY_COMPLETENESS, fmt.percent(100 * (total["on_time"] + total["late"]) / total["expected"]),
                   border=True)
    cols[1].metric(texts.DAILY_TIMELINESS, fmt.percent(100 * total["on_time"] / total["expected"]), border=True)
    cols[2].metric(texts.DAILY_LATE_MISSING, f"{fmt.number(total['late'])} / {fmt.number(total['missing'])}",
                   border=True)
    st.plotly_chart(charts.report_heatmap(view.days), key=state.KEY_PREFIX + "daily_heatmap")

    by_district = scope.level == "province" and scope.has_districts
    rates = view.districts if by_district else view.communes
    title = texts.DAILY_RATES_DISTRICTS if by_district else texts.DAILY_RATES_COMMUNES
    st.subheader(title)
    table = rates.drop(columns=["code"]).rename(columns=texts.DISCIPLINE_COLUMNS)
    columns = texts.DISCIPLINE_COLUMNS
    # text, not progress bars: a bar's label follows the browser's locale (95.2), the reader expects 95,2 %
    st.dataframe(table.style.format(fmt.number, subset=[columns[c] for c in ("expected", "on_time", "late", "missing")])
                 .format(fmt.percent, subset=[columns["completeness_pct"], columns["timeliness_pct"]]),
                 hide_index=True, width="stretch", placeholder="")
    downloads.download_buttons(table, stem="ky-luat-bao-cao", title=title, key="daily_rates",
                               as_of=scope.as_of, percent_columns=[columns["completeness_pct"], columns["timeliness_pct"]])
