"""AppTest of the issue-4 pages on the demo season and on an `init` database with no reports,
and the drill-down from the province to a village."""

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from analytics import texts
from tests.conftest import ROOT
from analytics.access import operator
from tests.signin import signed_in

ADMIN = operator("tests")

PAGES = ["pages/progress.py", "pages/phases.py", "pages/daily_reports.py", "pages/warnings.py", "pages/teams.py"]
TITLES = {"pages/progress.py": texts.PROGRESS_TITLE, "pages/phases.py": texts.PHASES_TITLE,
          "pages/daily_reports.py": texts.DAILY_TITLE, "pages/warnings.py": texts.WARNINGS_TITLE,
          "pages/teams.py": texts.TEAMS_TITLE}


def run_page(page: str, as_of: dt.date | None = None) -> AppTest:
    at = signed_in(AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60))
    at.run()
    if as_of:
        at.date_input(key="kts_as_of").set_value(as_of).run()
    at.switch_page(str(ROOT / page)).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


@pytest.mark.parametrize("page", PAGES)
def test_page_on_demo(page, demo_db, app_env):
    app_env(demo_db)
    at = run_page(page, dt.date(2021, 8, 2))
    assert at.title[0].value == TITLES[page]
    assert not at.error


@pytest.mark.parametrize("page", PAGES)
def test_page_on_empty_database(page, empty_db, app_env):
    app_env(empty_db)
    at = run_page(page)
    assert at.title[0].value == TITLES[page]
    assert not at.error
    if page in ("pages/progress.py", "pages/phases.py"):
        assert any(texts.EMPTY_NO_DATA in i.value or texts.EMPTY_NO_VILLAGES in i.value for i in at.info)


def test_warnings_page_lists_van_linh(demo_db, app_env):
    app_env(demo_db)
    at = run_page("pages/warnings.py", dt.date(2021, 8, 2))
    table = at.dataframe[0].value
    assert "Xã Vạn Linh" in set(table[texts.WARNING_COLUMNS["name"]])
    # the link keeps the day of the warning: the drill-down opens on the same figures
    assert "tien-do?chien_dich=2021&ngay=2021-08-02&huyen=187&xa=06505" in set(table[texts.WARNING_COLUMNS["link"]])


def test_daily_reports_missing_list_is_copy_ready(demo_db, app_env):
    app_env(demo_db)
    at = run_page("pages/daily_reports.py", dt.date(2021, 10, 1))
    message = at.code[0].value
    assert message.startswith("Các xã chưa gửi báo cáo ngày 01/10/2021")
    from analytics.db import open_database
    from analytics.discipline import not_reported
    from analytics.settings import load_settings

    missing = not_reported(open_database(demo_db), load_settings(), dt.date(2021, 10, 1), actor=ADMIN)
    assert len(missing) > 0
    for name in missing["commune_name"]:
        assert f"  - {name}" in message


def test_drill_down_to_a_village_and_back(demo_db, app_env):
    app_env(demo_db)
    at = run_page("pages/progress.py", dt.date(2021, 8, 10))
    assert at.query_params.get("huyen") in (None, [], "")
    at.selectbox(key="kts_drill_pick_20").set_value("187").run()
    assert at.query_params["huyen"] == ["187"] or at.query_params["huyen"] == "187"
    at.selectbox(key="kts_drill_pick_187").set_value("06505").run()
    at.selectbox(key="kts_drill_pick_06505").set_value("06505-001").run()
    assert not at.exception
    assert any("Thôn Phố Cũ" in m.value for m in at.markdown)
    # the village has no children: no table of children, its own curves
    assert not [s for s in at.selectbox if s.key and s.key.startswith("kts_drill_pick_")]
    at.button(key="kts_crumb_commune").click().run()
    assert any("Xã Vạn Linh" in m.value for m in at.markdown)
    assert "thon" not in at.query_params


def test_drill_down_from_a_shared_link(demo_db, app_env):
    app_env(demo_db)
    at = signed_in(AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60))
    at.query_params["huyen"] = "187"
    at.query_params["xa"] = "06505"
    at.run()
    at.switch_page(str(ROOT / "pages/progress.py")).run()
    assert not at.exception
    assert any("Xã Vạn Linh" in m.value for m in at.markdown)


def test_drill_down_chart_can_be_a_treemap(demo_db, app_env):
    import plotly.io

    app_env(demo_db)
    at = run_page("pages/progress.py", dt.date(2021, 8, 10))
    at.segmented_control(key="kts_drill_shape").set_value("treemap").run()
    assert not at.exception
    figure = plotly.io.from_json(at.get("plotly_chart")[0].proto.spec)
    assert figure.data[0].type == "treemap" and len(figure.data[0].ids) == 11
