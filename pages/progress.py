"""Tiến độ theo địa bàn: drill down from the province to a village. The unit shown is the
sidebar's scope (and the URL's): going down or up changes both (ui/filters.go_to)."""

import streamlit as st

from analytics import texts, vnformat as fmt
from ui import charts, downloads, filters, kpis, reform, state, tables
from ui.safe_text import md

settings = state.settings()
scope = filters.current()
targets = settings.targets


def go_to(codes: dict) -> None:
    """Open a unit of the path or a child: {'district': code, 'commune': code, 'village': code}."""
    filters.go_to(**codes)


view = state.drill(scope.as_of, scope.district, scope.commune, scope.village)
unit = view.unit

st.title(texts.PROGRESS_TITLE)
st.caption(texts.PROGRESS_CAPTION.format(as_of=fmt.date(scope.as_of)))

crumbs = st.columns([1] * len(view.path) + [1 + 4 - len(view.path)], vertical_alignment="center")
for i, step in enumerate(view.path[:-1]):
    codes = {s.level: s.code for s in view.path[1:i + 1]}
    crumbs[i].button(md(step.name), key=f"{state.KEY_PREFIX}crumb_{step.level}", on_click=go_to, args=(codes,),
                     icon=":material/arrow_upward:" if i == len(view.path) - 2 else None)
crumbs[len(view.path) - 1].markdown(f"**{md(unit.name)}**")

kpis.coverage_cards(view.summary)

# a campaign on an older list can be read by the communes since 1/7/2025: no district to drill into
if view.child_level and reform.toggle(scope.level, "progress_today"):
    communes = reform.ordered(state.today_coverage(scope.as_of, scope.district, scope.commune))
    st.subheader(texts.REFORM_TABLE)
    reform.caption(communes)
    st.plotly_chart(charts.children_bar(communes, targets.stores_pct, texts.REFORM_TABLE),
                    key=f"{state.KEY_PREFIX}drill_today_{unit.code}")
    st.caption(texts.REFORM_NO_DRILL)
    reform.table(communes, targets.stores_pct, key="progress_today_table", as_of=scope.as_of, subtitle=unit.name)
elif view.child_level:
    children = view.children
    if len(children):
        st.subheader(texts.PROGRESS_CHILDREN[view.child_level])
        shape = st.segmented_control(texts.PROGRESS_CHART_SHAPE, list(texts.PROGRESS_CHART_SHAPES),
                                     format_func=texts.PROGRESS_CHART_SHAPES.get, default="bar",
                                     key=f"{state.KEY_PREFIX}drill_shape")
        st.caption(texts.PROGRESS_CLICK_HINT)
        build = charts.children_treemap if shape == "treemap" else charts.children_bar
        event = st.plotly_chart(
            build(children, targets.stores_pct, texts.PROGRESS_CHILDREN[view.child_level]),
            key=f"{state.KEY_PREFIX}drill_{shape}_{unit.code}", on_select="rerun", selection_mode="points")
        points = event.selection.points if event else []
        # a bar carries the code in customdata; a treemap tile is identified by its id
        picked = [p.get("id") or (p.get("customdata") or [None])[0] for p in points]
        # only the children the account may open can be picked (a district officer sees every
        # district's aggregate at the province but opens only their own)
        openable = set(state.visible_units(view.child_level)["code"])
        if picked and picked[0] in set(children["code"]) & openable:
            go_to({**view.codes(), view.child_level: picked[0]})
            st.rerun()
        names = {code: name for code, name in zip(children["code"], children["name"]) if code in openable}
        st.selectbox(texts.PROGRESS_PICK[view.child_level], list(names), index=None, format_func=names.get,
                     key=f"{state.KEY_PREFIX}drill_pick_{unit.code}", placeholder=texts.PROGRESS_PICK_PLACEHOLDER,
                     on_change=lambda: go_to({**view.codes(), view.child_level:
                                              st.session_state[f"{state.KEY_PREFIX}drill_pick_{unit.code}"]}))
        styled, config = tables.progress_table(children, targets.stores_pct)
        st.dataframe(styled, column_config=config, hide_index=True, width="stretch")
        downloads.download_buttons(
            children[downloads.COVERAGE_EXPORT_COLUMNS], stem=downloads.COVERAGE_STEMS[view.child_level],
            title=downloads.coverage_title(view.child_level), subtitle=unit.name, key="progress_table",
            as_of=scope.as_of, percent_columns=downloads.COVERAGE_PERCENT_COLUMNS)
    else:
        st.info(texts.EMPTY_NO_VILLAGES)

if view.has_reports:
    st.plotly_chart(charts.progress_chart(view.series, targets.stores_pct, targets.active_pct, settings.phases),
                    key=state.KEY_PREFIX + "drill_curves")
    st.plotly_chart(charts.daily_new_bars(view.series), key=state.KEY_PREFIX + "drill_daily")
else:
    st.info(texts.EMPTY_NO_DATA)
