"""Delta arrows point the way the figure goes: a delay is a red arrow down, never a green "↑"."""

import datetime as dt

from streamlit.proto.Metric_pb2 import Metric
from streamlit.testing.v1 import AppTest

from analytics import texts
from analytics.settings import load_settings
from tests.conftest import ROOT
from tests.signin import signed_in

EXPECTED = {"late": ("DOWN", "RED"), "on_track": ("UP", "GREEN"), "reached": ("UP", "GREEN"),
            "starting": ("NONE", "GRAY"), "not_started": ("NONE", "GRAY")}


def arrows(at) -> dict[str, tuple[str, str]]:
    """{delta text: (direction, colour)} of the metrics on screen."""
    return {m.proto.delta: (Metric.MetricDirection.Name(m.proto.direction), Metric.MetricColor.Name(m.proto.color))
            for m in at.metric if m.proto.delta}


def test_each_phase_status_has_its_arrow_and_colour():
    script = ("import streamlit as st\nfrom ui import kpis\n"
              "for status in kpis.STATUS_DELTAS:\n    st.metric(status, 'x', **kpis.status_delta(status))\n")
    at = AppTest.from_string(script).run()
    assert arrows(at) == {texts.PHASE_STATUSES[s]: shown for s, shown in EXPECTED.items()}


def test_phases_page_on_1_9_shows_phase_two_not_started_without_an_arrow(demo_db, app_env):
    app_env(demo_db)
    at = signed_in(AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)).run()
    at.date_input(key="kts_as_of").set_value(dt.date(2021, 9, 1)).run()
    at.switch_page(str(ROOT / "pages" / "phases.py")).run()
    shown = arrows(at)
    second = load_settings().phases[1]
    # a phase not begun names its first day: "chưa bắt đầu (từ 20/09)"
    assert shown[texts.NOT_STARTED.format(start=second.start)] == ("NONE", "GRAY")
    for status, (direction, color) in EXPECTED.items():
        if texts.PHASE_STATUSES[status] in shown:
            assert shown[texts.PHASE_STATUSES[status]] == (direction, color), status
    members = next(m for m in signed_in(AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)).run().metric
                   if m.label == texts.KPI_MEMBERS)
    assert Metric.MetricDirection.Name(members.proto.direction) == "NONE"   # an average is no rise
