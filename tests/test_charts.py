"""Chart builders are pure functions, tested without Streamlit."""

import datetime as dt

import pandas as pd

from analytics.settings import load_settings
from ui.charts import progress_chart


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
                             "households": [1494, 700, 0], "stores_pct": [6.76, 57.14, None]})
    tile = children_treemap(children, 50, "Các xã").data[0]
    assert list(tile.ids) == ["06505", "06508"]          # a unit without households has no tile
    assert list(tile.values) == [1494, 700]
    assert tile.marker.cmid == 50
