"""The switch «Theo xã hiện nay (sau 1/7/2025)» on the pages Tổng quan, Tiến độ and Xếp hạng, run by
AppTest on the demo (a campaign on an older list): shown where the scope's children are districts
or communes, and showing today's communes with their notes when on."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from analytics import texts
from analytics.access import Actor, operator
from analytics.reform import today_coverage
from analytics.settings import load_settings
from tests.conftest import ROOT
from tests.signin import signed_in

TIMEOUT = 180
END = dt.date(2021, 12, 31)


@pytest.fixture(scope="module")
def expected(demo_db_template):
    """Today's communes of the province and of district 187 (Chi Lăng), computed without the pages."""
    import duckdb

    con = duckdb.connect(str(demo_db_template), read_only=True)
    try:
        settings = load_settings().for_campaign(None)
        return {None: today_coverage(con, settings, END, actor=operator()),
                "187": today_coverage(con, settings, END, district="187", actor=operator())}
    finally:
        con.close()


def open_page(app_env, path, page: str | None = None, actor: Actor | None = None) -> AppTest:
    app_env(path)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    at = (signed_in(at, actor) if actor else signed_in(at)).run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def _toggles(at) -> list[str]:
    return [t.key for t in at.toggle]


def test_overview_switches_to_todays_communes(app_env, demo_db, expected):
    at = open_page(app_env, demo_db)
    toggle = at.toggle(key="kts_overview_today")
    assert toggle.label == texts.REFORM_TOGGLE and not toggle.value
    at = toggle.set_value(True).run()
    assert not at.exception, at.exception
    assert texts.REFORM_TABLE in [s.value for s in at.subheader]
    table = at.dataframe[0].value
    province = expected[None]
    assert len(table) == len(province)
    assert set(table[texts.COLUMNS["name"]]) == set(province["name"])
    assert table[texts.COLUMNS["households"]].sum() == province["households"].sum()
    assert texts.COLUMNS["reform_note"] in table.columns and texts.COLUMNS["old_communes"] in table.columns
    apart = province["split_part"].sum()
    assert bool(at.warning) == bool(apart)
    # a district: only its own communes, re-aggregated
    at.radio(key="kts_level").set_value("district").run()
    at.selectbox(key="kts_district").set_value("187").run()
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    assert set(table[texts.COLUMNS["name"]]) == set(expected["187"]["name"])
    # a commune's children are villages, which the reform leaves as they are: no switch
    at.radio(key="kts_level").set_value("commune").run()
    at.selectbox(key="kts_commune").set_value("06505").run()
    assert "kts_overview_today" not in _toggles(at)


def test_progress_shows_todays_communes_without_drilling(app_env, demo_db, expected):
    at = open_page(app_env, demo_db, "pages/progress.py")
    at = at.toggle(key="kts_progress_today").set_value(True).run()
    assert not at.exception, at.exception
    assert texts.REFORM_NO_DRILL in [c.value for c in at.caption]
    table = at.dataframe[0].value
    assert len(table) == len(expected[None])
    import plotly.io

    bars = plotly.io.from_json(at.get("plotly_chart")[0].proto.spec)
    assert len(bars.data[0].x) == len(expected[None])


def test_ranking_ranks_todays_communes_of_the_province(app_env, demo_db, expected):
    at = open_page(app_env, demo_db, "pages/ranking.py")
    assert "kts_ranking_today" not in _toggles(at)          # districts are ranked: no switch
    at.radio(key="kts_ranking_level").set_value("commune").run()
    at = at.toggle(key="kts_ranking_today").set_value(True).run()
    assert not at.exception, at.exception
    assert texts.RANKING_TABLE_TODAY in [s.value for s in at.subheader]
    table = at.dataframe[0].value
    province = expected[None]
    assert len(table) == len(province)
    ranks = table[texts.RANKING_COLUMNS["rank"]]
    assert ranks.notna().sum() == (~province["split_part"]).sum() and ranks.min() == 1
    assert texts.COLUMNS["reform_note"] in table.columns


def test_a_district_officer_gets_the_switch_for_their_district_only(app_env, demo_db, expected):
    officer = Actor("cb.chilang", "district", district="187")
    at = open_page(app_env, demo_db, actor=officer)
    assert "kts_overview_today" not in _toggles(at)          # the province's communes are not theirs
    at.radio(key="kts_level").set_value("district").run()
    at = at.toggle(key="kts_overview_today").set_value(True).run()
    assert not at.exception, at.exception
    assert set(at.dataframe[0].value[texts.COLUMNS["name"]]) == set(expected["187"]["name"])



@pytest.mark.parametrize("page, key", [("pages/overview.py", "kts_overview_today"),
                                       ("pages/progress.py", "kts_progress_today")])
def test_todays_communes_read_cleanly(app_env, demo_db, page, key):
    """No "None", "nan", ISO date or 95.2 % in the table of today's communes (parts apart included)."""
    from tests.test_screen_text import FORBIDDEN, screen_text

    at = open_page(app_env, demo_db, page)
    at = at.toggle(key=key).set_value(True).run()
    assert not at.exception, at.exception
    bad = [(kind, text) for kind, text in screen_text(at) if FORBIDDEN.search(text)]
    assert not bad, bad[:5]
