"""The dashboard and its overview page, run by Streamlit's AppTest on real database files."""

import datetime as dt

import plotly.io
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from tests.signin import signed_in
from ui.safe_text import md

TIMEOUT = 120


def metrics(at) -> dict:
    return {m.label: (m.value, m.delta) for m in at.metric}


def test_overview_on_the_demo(app_env, demo_db):
    app_env(demo_db)
    at = signed_in(AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)).run()
    assert not at.exception
    values = metrics(at)
    assert values["Số hộ gia đình"][0] == "193.600"
    assert values["Cửa hàng số · 60,1 %"] == ("116.392", "+19.592 so với chỉ tiêu")
    stores = next(m for m in at.metric if m.label.startswith("Cửa hàng số"))
    assert "Chỉ tiêu 50 % số hộ, tức 96.800 hộ" in stores.help
    assert values["Tổ công nghệ số"][0] == "1.702"
    assert values["Thành viên tổ CNS"][0] == "6.214"
    table = at.dataframe[0].value
    assert len(table) == 11 and "Huyện Chi Lăng" in set(table["Đơn vị"])
    figure = plotly.io.from_json(at.get("plotly_chart")[0].proto.spec)
    assert {t.name for t in figure.data} == {"Cửa hàng số", "Tài khoản thanh toán điện tử", "Hộ có giao dịch thành công"}
    assert any(shape.y0 == 50 for shape in figure.layout.shapes)


def test_drill_to_a_commune_on_a_day(app_env, demo_db):
    app_env(demo_db)
    at = signed_in(AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)).run()
    at.radio(key="kts_level").set_value("commune").run()
    at.selectbox(key="kts_district").set_value("187").run()
    at.selectbox(key="kts_commune").set_value("06505").run()
    at.date_input(key="kts_as_of").set_value(dt.date(2021, 8, 2)).run()
    assert not at.exception
    values = metrics(at)
    assert values["Số hộ gia đình"][0] == "1.494"
    assert values["Cửa hàng số · 6,8 %"] == ("101", "-646 so với chỉ tiêu")
    villages = at.dataframe[0].value
    assert len(villages) == 12 and "Thôn Phố Cũ" in set(villages["Đơn vị"])


def test_overview_on_an_init_database_says_what_to_do(app_env, empty_db):
    app_env(empty_db)
    at = signed_in(AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)).run()
    assert not at.exception
    infos = " ".join(i.value for i in at.info)
    assert "Nhập báo cáo" in infos
    assert metrics(at)["Số hộ gia đình"][0] == "0"


def test_page_runs_on_its_own(app_env, demo_db):
    app_env(demo_db)
    at = signed_in(AppTest.from_file(str(ROOT / "pages" / "overview.py"), default_timeout=TIMEOUT)).run()
    assert not at.exception
    assert at.date_input(key="kts_as_of").value == dt.date(2021, 12, 31)


def test_a_missing_database_is_built_as_the_demo(app_env, tmp_path):
    app_env(tmp_path / "fresh" / "dashboard.duckdb")
    at = signed_in(AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)).run()
    assert not at.exception
    assert metrics(at)["Tổ công nghệ số"][0] == "1.702"


def test_a_wrong_setting_stops_start_up_with_its_key(app_env, demo_db, monkeypatch, tmp_path):
    import analytics.paths

    broken = tmp_path / "settings.toml"
    broken.write_text(analytics.paths.SETTINGS_PATH.read_text(encoding="utf-8").replace(
        'deadline = "17:00"', 'deadline = "5 giờ chiều"'), encoding="utf-8")
    monkeypatch.setattr(analytics.paths, "SETTINGS_PATH", broken)
    app_env(demo_db)
    at = signed_in(AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)).run()
    assert md("reporting.deadline") in at.error[0].value
