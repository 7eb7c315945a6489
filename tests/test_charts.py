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
