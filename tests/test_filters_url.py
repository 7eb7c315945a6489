"""The as-of date and the scope are one state shared by the sidebar, the URL and every page
(ui/filters.py): a link restores them, an invalid part is ignored with a notice, a page switch
keeps them, the drill-down moves the sidebar and the sidebar moves the drill-down."""

import datetime as dt

from streamlit.testing.v1 import AppTest

from analytics import texts
from tests.conftest import ROOT
from tests.signin import signed_in
from ui.safe_text import md


def opened(**params) -> AppTest:
    at = signed_in(AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60))
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def param(at: AppTest, name: str):
    value = at.query_params.get(name)
    return value[0] if isinstance(value, list) and value else value


def test_a_link_sets_the_date_and_the_scope(demo_db, app_env):
    app_env(demo_db)
    at = opened(ngay="2021-08-02", huyen="187", xa="06505")
    assert not at.exception and not at.warning
    assert at.date_input(key="kts_as_of").value == dt.date(2021, 8, 2)
    assert at.radio(key="kts_level").value == "commune"
    assert at.selectbox(key="kts_district").value == "187" and at.selectbox(key="kts_commune").value == "06505"
    assert "Xã Vạn Linh" in at.caption[0].value


def test_invalid_parts_of_a_link_are_ignored_with_a_notice(demo_db, app_env):
    app_env(demo_db)
    at = opened(ngay="2021-13-45", huyen="999")
    assert not at.exception
    notices = " ".join(w.value for w in at.warning)
    # shown as typed (escaped for Markdown)
    assert f"«{md('2021-13-45')}»" in notices and "«999»" in notices
    assert at.radio(key="kts_level").value == "province"
    assert param(at, "ngay") == at.date_input(key="kts_as_of").value.isoformat()
    assert param(at, "huyen") is None
    at = opened(ngay="2020-01-01")                  # a real day, before the campaign
    assert any(f"«{md('2020-01-01')}»" in w.value for w in at.warning)
    at = opened(huyen="187", xa="06505", thon="nowhere")      # a village that is not Vạn Linh's
    assert any("«nowhere»" in w.value and "Xã Vạn Linh" in w.value for w in at.warning)
    assert at.selectbox(key="kts_commune").value == "06505" and param(at, "thon") is None
    at = opened(huyen="186", xa="06505")                        # Vạn Linh is not in that district
    assert any("«06505»" in w.value for w in at.warning)
    assert at.radio(key="kts_level").value == "district" and at.selectbox(key="kts_district").value == "186"


def test_the_url_follows_the_sidebar_and_survives_a_page_switch(demo_db, app_env):
    app_env(demo_db)
    at = opened()
    at.date_input(key="kts_as_of").set_value(dt.date(2021, 9, 1)).run()
    at.radio(key="kts_level").set_value("district").run()
    at.selectbox(key="kts_district").set_value("187").run()
    assert (param(at, "ngay"), param(at, "huyen")) == ("2021-09-01", "187")
    at.switch_page(str(ROOT / "pages/teams.py")).run()
    assert not at.exception
    assert (param(at, "ngay"), param(at, "huyen")) == ("2021-09-01", "187")
    assert at.date_input(key="kts_as_of").value == dt.date(2021, 9, 1)


def test_the_drill_down_follows_the_sidebar_even_with_a_unit_in_the_url(demo_db, app_env):
    app_env(demo_db)
    at = opened(ngay="2021-08-02", huyen="187", xa="06505")
    at.switch_page(str(ROOT / "pages/progress.py")).run()
    assert any("Xã Vạn Linh" in m.value for m in at.markdown)
    at.radio(key="kts_level").set_value("province").run()
    assert not at.exception
    assert not any("Xã Vạn Linh" in m.value for m in at.markdown)
    assert any(s.key == "kts_drill_pick_20" for s in at.selectbox)        # the province's districts
    assert param(at, "huyen") is None and param(at, "xa") is None


def test_going_down_moves_the_sidebar(demo_db, app_env):
    app_env(demo_db)
    at = opened(ngay="2021-08-02")
    at.switch_page(str(ROOT / "pages/progress.py")).run()
    at.selectbox(key="kts_drill_pick_20").set_value("187").run()
    assert at.radio(key="kts_level").value == "district" and at.selectbox(key="kts_district").value == "187"
    at.selectbox(key="kts_drill_pick_187").set_value("06505").run()
    at.selectbox(key="kts_drill_pick_06505").set_value("06505-001").run()
    assert at.selectbox(key="kts_commune").value == "06505"
    assert param(at, "thon") == "06505-001" and param(at, "ngay") == "2021-08-02"
    # another page keeps the village in its links; choosing another commune drops it
    at.switch_page(str(ROOT / "pages/overview.py")).run()
    assert param(at, "thon") == "06505-001"
    at.selectbox(key="kts_commune").set_value("06469").run()              # Xã Vân An
    assert param(at, "thon") is None


def test_phases_with_a_commune_scope_say_they_show_the_district(demo_db, app_env):
    app_env(demo_db)
    at = opened(ngay="2021-08-02", huyen="187", xa="06505")
    at.switch_page(str(ROOT / "pages/phases.py")).run()
    assert not at.exception
    assert texts.DISTRICT_ONLY.format(district="Huyện Chi Lăng", commune="Xã Vạn Linh") in [i.value for i in at.info]
    assert "Huyện Chi Lăng" in at.caption[0].value and "Xã Vạn Linh" not in at.caption[0].value
