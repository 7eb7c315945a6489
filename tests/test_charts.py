"""Chart builders are pure functions, tested without Streamlit."""

import datetime as dt

import pandas as pd

from analytics.settings import load_settings
from ui.charts import STATUS_BAR_COLORS, progress_chart


def test_progress_chart_has_targets_and_phase_boundaries():
    days = pd.date_range("2021-07-20", "2021-12-31")
    series = pd.DataFrame({"date": days, "stores_pct": 1.0, "accounts_pct": 1.0, "active_pct": 0.1})
    settings = load_settings()
    figure = progress_chart(series, 50, 10, settings.phases)
    assert [t.name for t in figure.data] == ["Cửa hàng số", "Tài khoản thanh toán điện tử", "Hộ có giao dịch thành công"]
    assert figure.layout.separators == ",."
    lines = [s for s in figure.layout.shapes if s.type == "line"]
    assert {s.y0 for s in lines if s.yref != "paper"} >= {50, 10}
    vertical = {pd.Timestamp(s.x0).date() for s in lines if s.yref == "paper"}
    assert vertical == {dt.date(2021, 7, 20), dt.date(2021, 9, 20), dt.date(2021, 12, 31)}


def test_progress_chart_spans_the_campaign_with_one_label_per_phase():
    """Early in the campaign the x-axis still ends on its last day; each phase's name sits over the
    middle of its own span, so two labels never start at the same boundary."""
    days = pd.date_range("2021-07-20", "2021-08-02")
    series = pd.DataFrame({"date": days, "stores_pct": 1.0, "accounts_pct": 1.0, "active_pct": 0.1})
    phases = load_settings().phases
    figure = progress_chart(series, 50, 10, phases)
    start, end = (pd.Timestamp(x) for x in figure.layout.xaxis.range)
    assert start.date() <= dt.date(2021, 7, 20) and end.date() == phases[-1].end
    names = [a for a in figure.layout.annotations if a.yref == "paper"]
    assert [a.text for a in names] == [p.name for p in phases]
    for phase, mark in zip(phases, names):
        assert phase.start < pd.Timestamp(mark.x).date() < phase.end and mark.xanchor == "center"


def test_report_heatmap_days_ascend_whatever_the_row_order():
    from ui.charts import report_heatmap

    rows = []
    for commune, start in (("Xã Gia Cát", dt.date(2021, 9, 20)), ("Xã Vạn Linh", dt.date(2021, 7, 20))):
        for offset, status in enumerate(["on_time", "late", "missing"]):
            rows.append({"commune_name": commune, "district_short": "X", "report_date": start + dt.timedelta(days=offset),
                         "status": status})
    figure = report_heatmap(pd.DataFrame(rows))
    days = list(figure.data[0].x)
    assert days == sorted(days) and len(days) == 6
    assert list(figure.data[0].y) == ["Xã Gia Cát (X)", "Xã Vạn Linh (X)"]
    assert figure.data[0].z[1][0] == 0 and figure.data[0].z[0][4] == 1


def test_phases_gantt_bars_span_the_phase():
    from ui.charts import phases_gantt

    timeline = pd.DataFrame({"phase": [1], "phase_name": ["Giai đoạn 1"], "code": ["187"], "name": ["Huyện Chi Lăng"],
                             "start": [dt.date(2021, 7, 20)], "end": [dt.date(2021, 9, 20)]})
    bar = phases_gantt(timeline).data[0]
    assert bar.x[0] == 63 * 86_400_000          # 63 days, in milliseconds on a date axis
    assert pd.Timestamp(bar.base[0]).date() == dt.date(2021, 7, 20)


def test_children_treemap_tiles_are_units_sized_by_households():
    from ui.charts import children_treemap

    children = pd.DataFrame({"code": ["06505", "06508", "06511"], "short_name": ["Vạn Linh", "Hòa Bình", "Rỗng"],
                             "name": ["Xã Vạn Linh", "Xã Hòa Bình", "Xã Rỗng"], "stores": [101, 400, 0],
                             "households": [1494, 700, 0], "stores_pct": [6.76, 57.14, None],
                             "stores_reached": [False, True, False], "started": [True, True, False]})
    tile = children_treemap(children, 50, "Các xã").data[0]
    assert list(tile.ids) == ["06505", "06508"]          # a unit without households has no tile
    assert list(tile.values) == [1494, 700]
    # coloured like the bars: short of the target, reached (no red–green scale)
    assert list(tile.marker.colors) == [STATUS_BAR_COLORS["not_reached"], STATUS_BAR_COLORS["reached"]]


def test_a_treemap_tile_not_started_is_grey():
    from ui.charts import children_treemap

    children = pd.DataFrame({"code": ["183"], "short_name": ["Lộc Bình"], "name": ["Huyện Lộc Bình"], "stores": [0],
                             "households": [20000], "stores_pct": [0.0], "stores_reached": [None],
                             "started": [False]})
    assert list(children_treemap(children, 50, "Các huyện").data[0].marker.colors) == [STATUS_BAR_COLORS["not_started"]]


def test_overlapping_curves_differ_by_line_style_and_marker():
    """Stores and accounts at the same % each day: the curves still tell apart without colour."""
    days = pd.date_range("2021-07-20", "2021-12-31")
    series = pd.DataFrame({"date": days, "stores_pct": 30.0, "accounts_pct": 30.0, "active_pct": 30.0})
    figure = progress_chart(series, 50, 10, load_settings().phases)
    dashes = [t.line.dash for t in figure.data]
    symbols = [t.marker.symbol for t in figure.data]
    assert len(set(dashes)) == 3 and len(set(symbols)) == 3
    assert all("markers" in t.mode and 0 < t.marker.maxdisplayed < len(days) for t in figure.data)


def curves_frame(groups: int) -> pd.DataFrame:
    days = pd.date_range("2021-07-20", periods=5)
    return pd.DataFrame([{"code": f"{g:03d}", "name": f"Huyện {g}", "phase": 1 + g % 2, "date": d, "day": i,
                          "stores_pct": float(g + i), "target_pct": 50.0}
                         for g in range(groups) for i, d in enumerate(days)])


def test_each_district_has_its_own_colour_and_its_phase_line_style():
    from ui.charts import PHASE_COLORS, phase_curves

    figure = phase_curves(curves_frame(11), True, "t")
    assert len(figure.data) == 11 and len({t.line.color for t in figure.data}) == 11
    assert {t.line.dash for t in figure.data if t.legendgroup == "1"} == {"solid"}
    assert {t.line.dash for t in figure.data if t.legendgroup == "2"} == {"dash"}
    by_phase = phase_curves(curves_frame(2), False, "t", by_phase=True)
    assert [t.line.color for t in by_phase.data] == [PHASE_COLORS[1], PHASE_COLORS[2]]   # as on the timeline


def test_heatmap_is_colour_blind_safe_and_has_a_legend():
    from ui.charts import STATUS_COLORS, report_heatmap

    rows = [{"commune_name": "Xã Vạn Linh", "district_short": "X", "report_date": dt.date(2021, 7, 20 + i),
             "status": status} for i, status in enumerate(["on_time", "late", "missing"])]
    figure = report_heatmap(pd.DataFrame(rows))
    legend = [t for t in figure.data if t.showlegend is not False and t.type == "scatter"]
    assert [t.name for t in legend] == ["Đúng hạn", "Muộn", "Thiếu"]
    assert [t.marker.color for t in legend] == [STATUS_COLORS[s] for s in ("on_time", "late", "missing")]

    def channels(color: str) -> tuple[float, float, float]:
        return tuple(int(color[i:i + 2], 16) / 255 for i in (1, 3, 5))

    def luminance(color: str) -> float:
        """WCAG relative luminance: what a reader who sees no hue at all still tells apart."""
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels(color))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    import colorsys

    hues = [colorsys.rgb_to_hls(*channels(c))[0] * 360 for c in STATUS_COLORS.values()]
    assert not any(80 <= h <= 160 for h in hues)                      # no green
    levels = sorted(luminance(c) for c in STATUS_COLORS.values())
    assert min(b - a for a, b in zip(levels, levels[1:])) > 0.1


def test_heatmap_title_names_no_colour():
    """The legend names the colours; a title saying "red" or "green" would be wrong for some readers."""
    from analytics import texts

    assert not any(word in texts.CHART_HEATMAP_TITLE.lower() for word in ("xanh", "đỏ", "vàng"))
