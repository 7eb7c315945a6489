"""Chart builders: pure functions from DataFrames to plotly figures (no Streamlit)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from analytics import texts
from analytics.settings import Phase

COLORS = {"stores": "#c62828", "accounts": "#1565c0", "active": "#2e7d32", "target": "#616161"}
SEPARATORS = ",."  # Vietnamese: decimal comma, thousands dot


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
        fig.add_trace(go.Scatter(
            x=series["date"], y=series[column], name=texts.INDICATORS[indicator], mode="lines",
            line={"color": COLORS[indicator], "width": 2.5},
            hovertemplate="%{y:.1f} %<extra>" + texts.INDICATORS[indicator] + "</extra>",
        ))
    for value, dash in ((target_pct, "dash"), (active_target_pct, "dot")):
        fig.add_hline(y=value, line={"color": COLORS["target"], "dash": dash, "width": 1.5},
                      annotation_text=texts.CHART_TARGET.format(pct=value), annotation_position="top left")
    boundaries: dict[dt.date, list[str]] = {}
    for phase in phases:
        boundaries.setdefault(phase.start, []).append(texts.CHART_PHASE_START.format(phase=phase.name))
        boundaries.setdefault(phase.end, []).append(texts.CHART_PHASE_END.format(phase=phase.name))
    dates = pd.to_datetime(series["date"])
    for day, labels in sorted(boundaries.items()):
        if len(dates) and dates.min() <= pd.Timestamp(day) <= dates.max():
            # add_vline's annotation breaks on date axes: draw the line and the label separately
            fig.add_shape(type="line", x0=day, x1=day, y0=0, y1=1, yref="paper",
                          line={"color": "#9e9e9e", "dash": "dot", "width": 1})
            fig.add_annotation(x=day, y=1, yref="paper", text=" · ".join(labels), showarrow=False,
                               font={"size": 10, "color": "#616161"}, xanchor="left", yanchor="bottom", textangle=0)
    fig.update_yaxes(title=texts.CHART_PCT_AXIS, rangemode="tozero", ticksuffix=" %")
    fig.update_xaxes(title=texts.CHART_DATE_AXIS)
    return _base_layout(fig, texts.CHART_PROGRESS_TITLE)


RANKING_COLORS = ("#1565c0", "#ef6c00", "#6a1b9a")


def ranking_chart(table: pd.DataFrame, cap: float, by_phase: bool = False) -> go.Figure:
    """Horizontal bars of the ranking scores, best on top, with the line where every target is
    just reached (100 points); one colour per phase when phases are ranked separately."""
    rows = table.iloc[::-1]
    labels = [f"{r} · {n}" for r, n in zip(rows["rank"], rows["name"])]
    fig = go.Figure()
    groups = rows.groupby("phase_name", sort=False) if by_phase else [(None, rows)]
    for i, (phase, part) in enumerate(groups):
        part_labels = [f"{r} · {n}" for r, n in zip(part["rank"], part["name"])]
        fig.add_trace(go.Bar(
            x=part["score"], y=part_labels, orientation="h", name=phase or texts.RANKING_CHART_SCORE,
            marker={"color": RANKING_COLORS[i % len(RANKING_COLORS)]}, text=part["score"], texttemplate="%{x:.2f}",
            textposition="outside", cliponaxis=False, hovertemplate="%{y}: %{x:.2f}<extra></extra>",
            showlegend=by_phase,
        ))
    fig.add_vline(x=100, line={"color": COLORS["target"], "dash": "dash", "width": 1.5},
                  annotation_text=texts.RANKING_CHART_TARGET, annotation_position="top")
    fig.update_yaxes(categoryorder="array", categoryarray=labels, automargin=True)
    fig.update_xaxes(title=texts.RANKING_CHART_AXIS, range=[0, max(cap, float(table["score"].max() or 0)) * 1.08])
    fig.update_layout(
        title=texts.RANKING_CHART_TITLE, separators=SEPARATORS, barmode="overlay", bargap=0.25,
        height=max(320, 24 * len(table) + 140), margin={"l": 10, "r": 30, "t": 60, "b": 40},
        showlegend=by_phase, legend={"orientation": "h", "y": -0.08},
    )
    return fig
