"""Chart builders: pure functions from DataFrames to plotly figures (no Streamlit). Names from
files go through `safe_text.label`: plotly renders HTML tags in every label."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analytics import texts, vnformat
from analytics.coverage import status as unit_status
from analytics.settings import Phase
from ui.safe_text import label, labels

COLORS = {"stores": "#c62828", "accounts": "#1565c0", "active": "#2e7d32", "target": "#616161"}
# Curves that overlap (stores and accounts often grow together) stay apart by line style and
# marker shape, not by colour alone; markers are thinned to a dozen per curve.
STYLES = {"stores": ("solid", "circle"), "accounts": ("dash", "diamond"), "active": ("dot", "square")}
MARKERS_PER_CURVE = 12
# One colour per district (colour-blind-safe "Safe" qualitative palette of 11, then a second set).
GROUP_COLORS = ("#88CCEE", "#CC6677", "#DDCC77", "#117733", "#332288", "#AA4499", "#44AA99", "#999933", "#882255",
                "#661100", "#6699CC", "#888888", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00")
PHASE_DASHES = {1: "solid", 2: "dash"}
SEPARATORS = ",."  # Vietnamese: decimal comma, thousands dot
DAY_MS = 86_400_000


def _base_layout(fig: go.Figure, title: str) -> go.Figure:
    fig.update_layout(
        title=title,
        separators=SEPARATORS,
        hovermode="x unified",
        legend={"orientation": "h", "y": -0.18},
        margin={"l": 40, "r": 20, "t": 60, "b": 40},
        height=420,
    )
    fig.update_xaxes(tickformat="%d/%m", hoverformat="%d/%m/%Y")
    return fig


def progress_chart(series: pd.DataFrame, target_pct: float, active_target_pct: float,
                   phases: tuple[Phase, ...] = ()) -> go.Figure:
    """Cumulative stores, accounts and trading households as % of households per day, with
    the target lines and the phase boundaries."""
    fig = go.Figure()
    for column, indicator in (("stores_pct", "stores"), ("accounts_pct", "accounts"), ("active_pct", "active")):
        dash, symbol = STYLES[indicator]
        fig.add_trace(go.Scatter(
            x=series["date"], y=series[column], name=texts.INDICATORS[indicator], mode="lines+markers",
            line={"color": COLORS[indicator], "width": 2.5, "dash": dash},
            marker={"symbol": symbol, "size": 7, "maxdisplayed": MARKERS_PER_CURVE},
            hovertemplate="%{y:.1f} %<extra>" + texts.INDICATORS[indicator] + "</extra>",
        ))
    for value, dash in ((target_pct, "dash"), (active_target_pct, "dot")):
        fig.add_hline(y=value, line={"color": COLORS["target"], "dash": dash, "width": 1.5},
                      annotation_text=texts.CHART_TARGET.format(pct=value), annotation_position="top left")
    _phase_marks(fig, phases)
    fig.update_yaxes(title=texts.CHART_PCT_AXIS, rangemode="tozero", ticksuffix=" %")
    fig.update_xaxes(title=texts.CHART_DATE_AXIS)
    if phases:
        # the whole campaign, whatever day is shown: the curve is read against the time left
        first, last = min(p.start for p in phases), max(p.end for p in phases)
        if len(series):
            first = min(first, pd.Timestamp(series["date"].min()).date())
        fig.update_xaxes(range=[pd.Timestamp(first) - pd.Timedelta(hours=12), pd.Timestamp(last) + pd.Timedelta(hours=12)])
    return _base_layout(fig, texts.CHART_PROGRESS_TITLE)


def _phase_marks(fig: go.Figure, phases: tuple[Phase, ...]) -> None:
    """A dotted line at each phase boundary and each phase's name over the middle of its span
    (labels at the boundaries ran into each other on a phone)."""
    for day in sorted({p.start for p in phases} | {p.end for p in phases}):
        # add_vline's annotation breaks on date axes: draw the line and the label separately
        fig.add_shape(type="line", x0=day, x1=day, y0=0, y1=1, yref="paper",
                      line={"color": "#9e9e9e", "dash": "dot", "width": 1})
    for phase in phases:
        middle = pd.Timestamp(phase.start) + (pd.Timestamp(phase.end) - pd.Timestamp(phase.start)) / 2
        fig.add_annotation(x=middle, y=1, yref="paper", text=label(phase.name), showarrow=False,
                           font={"size": 11, "color": "#616161"}, xanchor="center", yanchor="bottom")


RANKING_COLORS = ("#1565c0", "#ef6c00", "#6a1b9a")


def ranking_chart(table: pd.DataFrame, cap: float, by_phase: bool = False) -> go.Figure:
    """Horizontal bars of the ranking scores, best on top, with the line where every target is
    just reached (100 points); one colour per phase when phases are ranked separately."""
    rows = table.iloc[::-1]
    categories = [f"{r} · {label(n)}" for r, n in zip(rows["rank"], rows["name"])]
    fig = go.Figure()
    groups = rows.groupby("phase_name", sort=False) if by_phase else [(None, rows)]
    for i, (phase, part) in enumerate(groups):
        part_labels = [f"{r} · {label(n)}" for r, n in zip(part["rank"], part["name"])]
        fig.add_trace(go.Bar(
            x=part["score"], y=part_labels, orientation="h", name=label(phase) if phase else texts.RANKING_CHART_SCORE,
            marker={"color": RANKING_COLORS[i % len(RANKING_COLORS)]}, text=part["score"], texttemplate="%{x:.2f}",
            textposition="outside", cliponaxis=False, hovertemplate="%{y}: %{x:.2f}<extra></extra>",
            showlegend=by_phase,
        ))
    fig.add_vline(x=100, line={"color": COLORS["target"], "dash": "dash", "width": 1.5},
                  annotation_text=texts.RANKING_CHART_TARGET, annotation_position="top")
    fig.update_yaxes(categoryorder="array", categoryarray=categories, automargin=True)
    fig.update_xaxes(title=texts.RANKING_CHART_AXIS, range=[0, max(cap, float(table["score"].max() or 0)) * 1.08])
    fig.update_layout(
        title=texts.RANKING_CHART_TITLE, separators=SEPARATORS, barmode="overlay", bargap=0.25,
        height=max(320, 24 * len(table) + 140), margin={"l": 10, "r": 30, "t": 60, "b": 40},
        showlegend=by_phase, legend={"orientation": "h", "y": -0.08},
    )
    return fig


# Readable without telling red from green: blue, orange (Okabe–Ito) and a dark brown, apart by hue on
# the blue–yellow axis every reader sees and by lightness; a legend names them.
STATUS_COLORS = {"on_time": "#0072B2", "late": "#E69F00", "missing": "#5C1A0B"}
# a unit whose phase has not begun is grey: neither reached nor failing
STATUS_BAR_COLORS = {"reached": "#2e7d32", "not_reached": COLORS["stores"], "not_started": "#bdbdbd"}
PHASE_COLORS = {1: "#c62828", 2: "#1565c0"}


def children_bar(children: pd.DataFrame, target_pct: float, title: str) -> go.Figure:
    """One bar per child unit (stores as % of households, target line); each bar carries the
    unit's code in customdata so that a click selects it."""
    frame = children.sort_values("stores_pct", ascending=False, na_position="last")
    colors = [STATUS_BAR_COLORS[status] for status in unit_status(frame)]
    fig = go.Figure(go.Bar(
        x=labels(frame["short_name"]), y=frame["stores_pct"], marker_color=colors,
        customdata=frame[["code", "name", "stores", "households"]].assign(name=labels(frame["name"])).to_numpy(),
        hovertemplate="<b>%{customdata[1]}</b><br>%{y:.1f} % · %{customdata[2]:,} / %{customdata[3]:,} hộ"
                      "<extra></extra>",
    ))
    fig.add_hline(y=target_pct, line={"color": COLORS["target"], "dash": "dash", "width": 1.5},
                  annotation_text=texts.CHART_TARGET.format(pct=target_pct), annotation_position="top right")
    fig.update_layout(title=title, separators=SEPARATORS, height=400, clickmode="event+select",
                      margin={"l": 40, "r": 20, "t": 60, "b": 90}, dragmode=False)
    fig.update_yaxes(title=texts.CHART_PCT_AXIS, ticksuffix=" %", rangemode="tozero")
    fig.update_xaxes(tickangle=-40)
    return fig


def children_treemap(children: pd.DataFrame, target_pct: float, title: str) -> go.Figure:
    """One tile per child unit, sized by households and coloured like the bars: reached, short of
    the target, or grey when its phase has not begun (no red–green scale); each tile's id is the
    unit's code so that a click selects it."""
    frame = children[children["households"] > 0]
    colors = [STATUS_BAR_COLORS[status] for status in unit_status(frame)] if len(frame) else []
    fig = go.Figure(go.Treemap(
        ids=frame["code"], labels=labels(frame["short_name"]), parents=[""] * len(frame), values=frame["households"],
        branchvalues="total",
        customdata=frame[["code", "name", "stores", "households", "stores_pct"]].assign(
            name=labels(frame["name"])).to_numpy(),
        marker={"colors": colors},
        texttemplate="<b>%{label}</b><br>%{customdata[4]:.1f} %",
        hovertemplate="<b>%{customdata[1]}</b><br>%{customdata[4]:.1f} % · %{customdata[2]:,} / %{customdata[3]:,} hộ"
                      "<extra></extra>",
    ))
    fig.update_layout(title=title, separators=SEPARATORS, height=440, margin={"l": 10, "r": 10, "t": 60, "b": 10})
    return fig


def daily_new_bars(series: pd.DataFrame) -> go.Figure:
    """New digital stores per day (bars) and their 7-day average (line)."""
    fig = go.Figure(go.Bar(x=series["date"], y=series["new_stores"], name=texts.CHART_NEW_STORES,
                           marker_color=COLORS["stores"], opacity=0.6))
    fig.add_trace(go.Scatter(x=series["date"], y=series["new_stores"].rolling(7, min_periods=1).mean().round(1),
                             name=texts.CHART_PACE_7, line={"color": "#424242", "width": 2}))
    fig.update_yaxes(title=texts.CHART_NEW_STORES_AXIS, rangemode="tozero")
    return _base_layout(fig, texts.CHART_NEW_STORES_TITLE)


def phases_gantt(timeline: pd.DataFrame, title: str = texts.CHART_GANTT_TITLE) -> go.Figure:
    """The phases and their districts (or the phases themselves) as horizontal bars from start to end."""
    fig = go.Figure()
    for phase, part in timeline.groupby("phase", sort=True):
        fig.add_trace(go.Bar(
            # on a date axis a bar's length is a duration in milliseconds
            y=labels(part["name"]), x=[((pd.Timestamp(e) - pd.Timestamp(s)).days + 1) * DAY_MS
                                       for s, e in zip(part["start"], part["end"])],
            base=[pd.Timestamp(s) for s in part["start"]], orientation="h", name=label(part["phase_name"].iloc[0]),
            marker_color=PHASE_COLORS.get(int(phase), "#757575"),
            customdata=[[vnformat.date(s), vnformat.date(e)] for s, e in zip(part["start"], part["end"])],
            hovertemplate="%{y}: %{customdata[0]} – %{customdata[1]}<extra></extra>",
        ))
    for start in sorted(set(timeline["start"])):
        fig.add_shape(type="line", x0=start, x1=start, y0=0, y1=1, yref="paper",
                      line={"color": "#9e9e9e", "dash": "dot", "width": 1})
    fig.update_xaxes(type="date", tickformat="%d/%m/%Y")
    fig.update_yaxes(autorange="reversed")
    fig.update_layout(title=title, separators=SEPARATORS, barmode="overlay",
                      height=max(260, 30 * len(timeline) + 120), margin={"l": 10, "r": 20, "t": 60, "b": 40},
                      legend={"orientation": "h", "y": -0.15})
    return fig


def phase_curves(curves: pd.DataFrame, aligned: bool, title: str, by_phase: bool = False) -> go.Figure:
    """Cumulative stores as % of households per group (phase or district), against the
    calendar or aligned on days since each group's own start (day 0 = first day). Phases keep
    the timeline's colours; districts get one colour each and their phase's line style."""
    fig = go.Figure()
    for i, ((code, name), part) in enumerate(curves.groupby(["code", "name"], sort=False)):
        if aligned:
            part = part[part["day"] >= 0]
        if part.empty:
            continue
        phase = part["phase"].iloc[0]
        known = pd.notna(phase)
        dash = PHASE_DASHES.get(int(phase), "dot") if known else "dot"
        color = (PHASE_COLORS.get(int(phase), "#757575") if known else "#757575") if by_phase else \
            GROUP_COLORS[i % len(GROUP_COLORS)]
        fig.add_trace(go.Scatter(
            x=part["day"] if aligned else part["date"], y=part["stores_pct"], name=label(name), mode="lines",
            line={"color": color, "width": 2, "dash": dash}, legendgroup=str(phase),
            # the name is read from the trace, never written into the template (a name may hold %{...})
            hovertemplate="%{fullData.name}: %{y:.1f} %<extra></extra>",
        ))
    if len(curves):
        target = curves["target_pct"].dropna()
        if len(target):
            fig.add_hline(y=float(target.iloc[0]), line={"color": COLORS["target"], "dash": "dash", "width": 1.5},
                          annotation_text=texts.CHART_TARGET.format(pct=float(target.iloc[0])),
                          annotation_position="top left")
    fig.update_yaxes(title=texts.CHART_PCT_AXIS, ticksuffix=" %", rangemode="tozero")
    if aligned:
        # the legend lists every district: it starts below the axis title instead of over it
        fig.update_layout(title=title, separators=SEPARATORS, height=480, hovermode="x unified",
                          legend={"orientation": "h", "yanchor": "top", "y": -0.22,
                                  "title": {"text": "" if by_phase else texts.CHART_PHASE_DASHES, "side": "top"}},
                          margin={"l": 40, "r": 20, "t": 60, "b": 40})
        fig.update_xaxes(title=texts.CHART_DAYS_SINCE_START)
        return fig
    fig.update_xaxes(title=texts.CHART_DATE_AXIS)
    return _base_layout(fig, title)


def report_heatmap(days: pd.DataFrame) -> go.Figure:
    """Communes (rows, with their district where there are districts) × days (columns): on time,
    late, missing (blank: not in its phase)."""
    code = {"on_time": 0, "late": 1, "missing": 2}
    names = days["commune_name"]
    if "district_short" in days and days["district_short"].notna().any():
        names = names + (" (" + days["district_short"] + ")").fillna("")
    frame = days.assign(value=days["status"].map(code), label=labels(names))
    grid = frame.pivot_table(index="label", columns="report_date", values="value", aggfunc="first", sort=False)
    # communes keep their order; days must ascend or plotly draws no cells at all
    grid = grid[sorted(grid.columns)]
    text = grid.map(lambda v: texts.REPORT_STATUSES[list(code)[int(v)]] if pd.notna(v) else "")
    colorscale = [[0, STATUS_COLORS["on_time"]], [0.33, STATUS_COLORS["on_time"]], [0.34, STATUS_COLORS["late"]],
                  [0.66, STATUS_COLORS["late"]], [0.67, STATUS_COLORS["missing"]], [1, STATUS_COLORS["missing"]]]
    fig = go.Figure(go.Heatmap(
        z=grid.to_numpy(), x=[pd.Timestamp(d) for d in grid.columns], y=list(grid.index), zmin=0, zmax=2,
        colorscale=colorscale, showscale=False, xgap=1, ygap=1, customdata=text.to_numpy(),
        hovertemplate="%{y}<br>%{x|%d/%m/%Y}: %{customdata}<extra></extra>", showlegend=False,
    ))
    # the legend: one square per status (a heatmap has only a colour bar, which reads as a scale)
    for status, color in STATUS_COLORS.items():
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=texts.REPORT_STATUSES[status],
                                 marker={"symbol": "square", "size": 12, "color": color}, hoverinfo="skip"))
    fig.update_layout(title=texts.CHART_HEATMAP_TITLE, separators=SEPARATORS, showlegend=True,
                      legend={"orientation": "h", "x": 1, "xanchor": "right", "y": 1.02, "yanchor": "bottom"},
                      height=min(max(300, 14 * len(grid) + 120), 3000), margin={"l": 10, "r": 10, "t": 60, "b": 40})
    fig.update_xaxes(tickformat="%d/%m", side="top")
    fig.update_yaxes(autorange="reversed", tickfont={"size": 10})
    return fig
