"""The page «Xếp hạng thi đua» run by Streamlit's AppTest on the demo and on an `init` database."""

import datetime as dt

import plotly.io
from streamlit.testing.v1 import AppTest

from analytics import texts
from analytics.settings import load_settings
from tests.conftest import ROOT
from tests.signin import signed_in

TIMEOUT = 180
K = "kts_ranking_"


def open_page(app_env, path) -> AppTest:
    """The dashboard switched to the ranking page (the entry script renders the shared sidebar)."""
    app_env(path)
    at = signed_in(AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)).run()
    at.switch_page("pages/ranking.py").run()
    assert not at.exception, at.exception
    return at


def test_listed_in_the_navigation_with_its_own_url():
    source = (ROOT / "dashboard.py").read_text(encoding="utf-8")
    assert 'st.Page("pages/ranking.py", title=texts.NAV_RANKING' in source and 'url_path="xep-hang"' in source


def test_districts_on_the_demo(app_env, demo_db):
    at = open_page(app_env, demo_db)
    assert at.title[0].value == texts.RANKING_PAGE_TITLE
    table = at.dataframe[0].value
    assert len(table) == 11
    assert sorted(table[texts.RANKING_COLUMNS["rank"]]) == list(range(1, 12))
    assert table[texts.COLUMNS["households"]].sum() == 193_600
    movement = next(c for c in table.columns if c.startswith("Thay đổi so với"))
    assert movement == "Thay đổi so với 01/12/2021"          # as of 31/12 by default, 30 days earlier
    assert set(table[texts.RANKING_COLUMNS["stores_reached"]]) <= {texts.RANKING_REACHED, texts.RANKING_NOT_REACHED}
    figure = plotly.io.from_json(at.get("plotly_chart")[0].proto.spec)
    assert len(figure.data[0].y) == 11 and figure.data[0].y[-1].startswith("1 · ")
    assert [b.label for b in at.get("download_button")] == [texts.DOWNLOAD_EXCEL, texts.DOWNLOAD_CSV]
    method = " ".join(m.value for m in at.markdown)
    assert "100 × giá trị ÷ chỉ tiêu" in method and "(1, 2, 2, 4)" in method


def test_controls_change_the_ranking(app_env, demo_db):
    at = open_page(app_env, demo_db)
    at.radio(key=K + "level").set_value("commune").run()
    assert len(at.dataframe[0].value) == 200
    at.toggle(key=K + "separate").set_value(True).run()
    table = at.dataframe[0].value
    assert table[texts.COLUMNS["phase"]].iloc[0] == "Giai đoạn 1"
    assert (table[texts.RANKING_COLUMNS["rank"]] == 1).sum() == 2
    at.selectbox(key=K + "preset").set_value("Kỷ luật báo cáo và tổ CNS").run()
    assert at.number_input(key=K + "w_stores_pct").value == 0
    assert at.number_input(key=K + "w_teams").value == 50
    columns = at.dataframe[0].value.columns
    assert texts.RANKING_CRITERIA_SHORT["timeliness"] in columns
    assert not at.exception


def test_a_district_ranks_its_communes_and_weights_can_be_saved(app_env, demo_db):
    at = open_page(app_env, demo_db)
    at.radio(key="kts_level").set_value("district").run()
    at.selectbox(key="kts_district").set_value("187").run()
    assert len(at.dataframe[0].value) == 20
    at.number_input(key=K + "w_timeliness").set_value(0.0).run()
    at.text_input(key=K + "preset_name").set_value("Không tính báo cáo").run()
    at.button(key=K + "save").click().run()
    assert not at.exception
    assert at.success[0].value == texts.RANKING_PRESET_SAVED.format(name="Không tính báo cáo")
    assert "Không tính báo cáo" in at.selectbox(key=K + "preset").options
    at.button(key=K + "delete").click().run()
    assert not at.exception
    assert at.success[0].value == texts.RANKING_PRESET_DELETED.format(name="Không tính báo cáo")
    assert "Không tính báo cáo" not in at.selectbox(key=K + "preset").options


def test_no_weight_warns(app_env, demo_db):
    at = open_page(app_env, demo_db)
    for criterion in ("stores_pct", "accounts_pct", "active_pct", "teams", "timeliness"):
        at.number_input(key=K + "w_" + criterion).set_value(0.0)
    at.run()
    assert at.warning[0].value == texts.RANKING_NEED_WEIGHT
    assert not at.dataframe


def test_villages_of_a_commune(app_env, demo_db):
    at = open_page(app_env, demo_db)
    at.radio(key="kts_level").set_value("commune").run()
    at.selectbox(key="kts_district").set_value("187").run()
    at.selectbox(key="kts_commune").set_value("06505").run()
    at.date_input(key="kts_as_of").set_value(dt.date(2021, 8, 31)).run()
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) > 5 and "Thôn Phố Cũ" in set(table[texts.COLUMNS["name"]])
    keys = {n.key for n in at.number_input}
    assert K + "w_stores_pct" in keys and K + "w_timeliness" not in keys   # villages do not report themselves
    assert texts.RANKING_CRITERIA_SHORT["timeliness"] not in table.columns


def test_empty_init_database(app_env, empty_db):
    at = open_page(app_env, empty_db)
    assert at.info[0].value == texts.RANKING_EMPTY
    assert not at.dataframe and not at.error


def test_presets_are_admin_only(app_env, demo_db):
    from analytics.access import Actor

    app_env(demo_db)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    at.session_state["kts_auth_actor"] = Actor("can.bo", "district", district="187")
    at.run()
    at.switch_page("pages/ranking.py").run()
    assert not at.exception
    assert at.button(key=K + "save").disabled and at.button(key=K + "delete").disabled
    assert at.text_input(key=K + "preset_name").disabled
    assert texts.RANKING_PRESET_ADMIN_ONLY in [c.value for c in at.caption]


def test_a_weight_changed_by_hand_makes_the_preset_custom(app_env, demo_db):
    at = open_page(app_env, demo_db)
    assert at.selectbox(key=K + "preset").value == texts.RANKING_PRESET_DEFAULT
    assert at.number_input(key=K + "w_stores_pct").format == "%g"       # a weight reads 30, not 30.00
    at.number_input(key=K + "w_stores_pct").set_value(70.0).run()
    assert at.selectbox(key=K + "preset").value == texts.RANKING_PRESET_CUSTOM
    preset = next(p for p in at.selectbox(key=K + "preset").options if p not in (texts.RANKING_PRESET_DEFAULT,
                                                                                   texts.RANKING_PRESET_CUSTOM))
    at.selectbox(key=K + "preset").set_value(preset).run()
    assert at.selectbox(key=K + "preset").value == preset             # choosing a preset is not a change by hand


def test_reached_columns_come_before_the_figures(app_env, demo_db):
    """The columns shown without scrolling sideways: rank, score, movement, unit, then the reached ones."""
    at = open_page(app_env, demo_db)
    columns = list(at.dataframe[0].value.columns)
    reached = [texts.RANKING_COLUMNS[k] for k in ("stores_reached", "accounts_reached", "active_reached",
                                                  "teams_reached")]
    assert columns[:2] == [texts.RANKING_COLUMNS["rank"], texts.RANKING_COLUMNS["score"]]
    assert columns[columns.index(texts.COLUMNS["name"]) + 1:][:5] == reached + [texts.COLUMNS["phase"]]
    assert set(at.dataframe[0].value[texts.COLUMNS["phase"]]) == {p.name for p in load_settings().phases}
    assert list(at.dataframe[0].proto.column_order) in ([], columns)
