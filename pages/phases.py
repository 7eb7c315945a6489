"""Giai đoạn: the phases' calendar, their curves, pilot against phase-2 districts aligned on
their own start, and whether each phase and district will reach its target in time; on a
hierarchy without districts the areas are the communes and the phases themselves are aligned."""

import streamlit as st

from analytics import texts, vnformat as fmt
from ui import charts, downloads, filters, kpis, state
from ui.safe_text import md

scope = filters.current()
# nothing finer than a district where there are districts; the commune itself where there are none
view = state.phases_view(scope.as_of, scope.district, None if scope.has_districts else scope.commune)
by_commune = view.area_level == "commune"

st.title(texts.PHASES_TITLE)
shown = filters.district_only(scope)
st.caption(texts.PHASES_CAPTION.format(as_of=fmt.date(scope.as_of), scope=md(shown)))

if view.timeline.empty:
    st.info(texts.PHASES_NO_PHASES)
else:
    st.plotly_chart(charts.phases_gantt(view.timeline, texts.CHART_GANTT_TITLE_PHASES if by_commune else
                                        texts.CHART_GANTT_TITLE), key=state.KEY_PREFIX + "phases_gantt")

for phase in view.phases.itertuples():
    st.metric(texts.PHASES_METRIC.format(name=md(phase.name), start=fmt.date(phase.start), end=fmt.date(phase.end)),
              texts.PHASES_SHARE.format(target=fmt.percent(phase.stores_target_share), time=fmt.percent(phase.time_share)),
              **kpis.status_delta(phase.status, phase.start), border=True)


def projection_table(frame, with_phase: bool = False):
    """Vietnamese headers, dates and statuses for the projection tables (numbers stay numbers);
    a group whose phase has not begun says so instead of a projection. The unit, its figure and
    its share come first: what a phone shows without scrolling."""
    waiting = frame["status"] == "not_started"
    not_started = frame["start"].map(lambda d: texts.NOT_STARTED.format(start=d))
    columns = ["name", *(["phase_name"] if with_phase else []), "stores", "stores_target_share", "status",
               "time_share", "stores_pace", "accounts_pace", "projected_date", "end", "households"]
    table = frame[columns].assign(
        projected_date=frame["projected_date"].map(lambda d: fmt.date(d) if d else texts.ALERT_NEVER).where(
            ~waiting, not_started),
        end=frame["end"].map(fmt.date),
        status=frame["status"].map(texts.PHASE_STATUSES).where(~waiting, not_started))
    if with_phase:
        table = table.assign(phase_name=frame["phase_name"].fillna("–"))
    return table.rename(columns=texts.PHASE_COLUMNS)


def styled(table):
    """The projection table as shown: 1.234, 60,1 %, 12,5 per day."""
    columns = texts.PHASE_COLUMNS
    return (table.style
            .format(fmt.number, subset=[columns["households"], columns["stores"]])
            .format(fmt.percent, subset=[columns["stores_target_share"], columns["time_share"]])
            .format(lambda v: fmt.number(v, 1), subset=[columns["stores_pace"], columns["accounts_pace"]]))


if view.has_reports:
    st.subheader(texts.PHASES_PROJECTION)
    pinned = {texts.PHASE_COLUMNS["name"]: st.column_config.Column(pinned=True)}
    st.dataframe(styled(projection_table(view.phases)), hide_index=True, width="stretch", column_config=pinned)
    title = texts.PHASES_PROJECTION_COMMUNES if by_commune else texts.PHASES_PROJECTION_DISTRICTS
    st.subheader(title)
    areas = projection_table(view.areas, with_phase=True)
    st.dataframe(styled(areas), hide_index=True, width="stretch", column_config=pinned)
    downloads.download_buttons(areas, stem="du-bao-giai-doan", title=title, key="phases_table", as_of=scope.as_of)
    left, right = st.columns(2)
    left.plotly_chart(charts.phase_curves(view.phase_curves, False, texts.PHASES_CURVES, by_phase=True),
                      key=state.KEY_PREFIX + "phases_curves")
    # dozens of communes would be a tangle of lines: without districts the phases are aligned
    right.plotly_chart(charts.phase_curves(view.phase_curves, True, texts.PHASES_ALIGNED_PHASES, by_phase=True)
                       if by_commune else charts.phase_curves(view.area_curves, True, texts.PHASES_ALIGNED),
                       key=state.KEY_PREFIX + "phases_aligned")
else:
    st.info(texts.EMPTY_NO_DATA)
