"""The one read rule: every figure the pages and read commands show is checked against the acting
account's scope in analytics/ (a Chi Lăng officer never gets another district's communes or
villages, a Vạn Linh officer nothing outside Vạn Linh, no actor nothing at all), and the pages
offer and open only what the account may see."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analytics import alerts, coverage, discipline, drilldown, phases, ranking, teams, texts
from analytics.access import (
    AccessDenied, Actor, home, narrow, operator, require_rows, require_scope, scope_levels, visible_units,
)
from analytics.units import units_frame
from tests.conftest import ROOT

AS_OF = dt.date(2021, 8, 10)
CHI_LANG, CAO_LOC = "187", "183"
VAN_LINH, DONG_MO = "06505", "06463"       # both in Chi Lăng
GIA_CAT = "06235"                          # in Cao Lộc
DISTRICT = Actor("chilang", "district", district=CHI_LANG)
COMMUNE = Actor("vanlinh", "commune", commune=VAN_LINH)
NOBODY = [None, Actor("ghost", "guest"), Actor("x", "district"), Actor("y", "commune", district=CHI_LANG),
          Actor("z", "district", district=CHI_LANG, commune=VAN_LINH)]


@pytest.fixture(scope="module")
def places(demo_db_template) -> dict[str, tuple[str, str | None]]:
    """{unit code: (its district code, its commune code)} for every district, commune and village."""
    import duckdb

    con = duckdb.connect(str(demo_db_template), read_only=True)
    try:
        found = {}
        for level in ("district", "commune", "village"):
            frame = units_frame(con, level)
            for row in frame.itertuples():
                commune = None if level == "district" else row.code if level == "commune" else row.parent_code
                found[row.code] = (row.district_code, commune)
        return found
    finally:
        con.close()


def codes(frame: pd.DataFrame, *columns: str) -> set[str]:
    return {str(c) for column in columns if column in frame for c in frame[column].dropna()}


def figures(con, settings, actor: Actor, district: str | None, commune: str | None) -> dict[str, set[str]]:
    """Every query function the pages (and read commands) call, for one scope of the sidebar:
    {what: unit codes found in its rows}. Grains above the commune at the province (the
    districts' aggregates) are listed apart, under names starting with 'aggregate'."""
    level = "commune" if commune else "district" if district else "province"
    found: dict[str, set[str]] = {}
    view = coverage.overview(con, settings, AS_OF, level, district, commune, actor=actor)
    rows = codes(view.children, "code")
    found["aggregate overview" if level == "province" else "overview"] = rows | {str(view.summary.get("code"))}
    drill = drilldown.drill(con, settings, AS_OF, district, commune, actor=actor)
    # a commune without its district stops the drill-down path at the province
    found["aggregate drill" if drill.unit.level == "province" else "drill"] = codes(drill.children, "code")
    series = coverage.cumulative_series(con, settings.campaign_start, AS_OF, district, commune, actor=actor)
    assert len(series)
    if level != "commune":
        view = phases.phases_view(con, settings, AS_OF, district, actor=actor)
        key = "aggregate phases" if level == "province" else "phases"
        found[key] = (codes(view.areas, "code") | codes(view.area_curves, "code")
                      | codes(view.timeline, "code"))
        found[key.replace("phases", "progress")] = codes(
            phases.progress(con, settings, AS_OF, "district", district, actor=actor), "code")
    days = discipline.discipline_view(con, settings, AS_OF, district, commune, actor=actor)
    found["discipline"] = (codes(days.days, "commune_code", "district_code") | codes(days.districts, "code")
                           | codes(days.communes, "code") | codes(days.missing, "commune_code", "district_code"))
    found["not_reported"] = codes(discipline.not_reported(con, settings, AS_OF, district, actor=actor)
                                  if not commune else pd.DataFrame(), "commune_code", "district_code")
    found["alerts"] = codes(alerts.alerts(con, settings, AS_OF, district, commune, actor=actor), "code",
                            "district_code")
    team = teams.teams_view(con, settings, district, commune, actor=actor)
    found["teams"] = (codes(team.communes, "code", "district_code") | codes(team.villages, "code", "commune_code")
                      | codes(team.committee, "commune_code") | codes(team.members, "village_code"))
    if level == "province":
        found["aggregate ranking"] = codes(ranking.ranking(con, settings, "district", AS_OF, actor=actor).table,
                                           "code")
        found["aggregate timeliness"] = codes(
            discipline.timeliness(con, settings, "district", settings.campaign_start, AS_OF, actor=actor), "code")
    else:
        child = "village" if commune else "commune"
        found["ranking"] = codes(ranking.ranking(con, settings, child, AS_OF, district=district, commune=commune,
                                                 actor=actor).table, "code")
        found["coverage villages"] = codes(coverage.coverage(con, settings, "village", AS_OF, district, commune,
                                                             actor=actor), "code")
        if not commune:
            found["timeliness"] = codes(discipline.timeliness(con, settings, "commune", settings.campaign_start,
                                                              AS_OF, district, actor=actor), "code", "district_code")
    return found


def check_within(found, places, district: str | None = None, commune: str | None = None) -> None:
    for what, units in found.items():
        if what.startswith("aggregate"):
            # the province's own figures: the districts' aggregates, never a commune or village
            assert all(code.isdigit() and len(code) <= 3 for code in units), what
            continue
        for code in units:
            if code.isdigit() and len(code) <= 3 and code not in places:
                continue  # a phase number
            unit_district, unit_commune = places.get(code, (None, None)) if code != CHI_LANG else (CHI_LANG, None)
            if district:
                assert unit_district == district, (what, code)
            if commune:
                assert code == CHI_LANG or unit_commune == commune, (what, code)


@pytest.mark.parametrize("district, commune", [(None, None), (CHI_LANG, None), (CHI_LANG, VAN_LINH),
                                               (CHI_LANG, DONG_MO)])
def test_a_chi_lang_officer_never_gets_another_district(demo_con, settings, places, district, commune):
    found = figures(demo_con, settings, DISTRICT, district, commune)
    check_within(found, places, district=CHI_LANG)
    # the watch lists at the province are narrowed to Chi Lăng, not empty
    assert found["discipline"] and found["teams"]
    assert {places[c][0] for c in found["teams"] if c in places} == {CHI_LANG}


@pytest.mark.parametrize("district, commune", [(None, None), (CHI_LANG, VAN_LINH), (None, VAN_LINH)])
def test_a_van_linh_officer_never_gets_another_commune(demo_con, settings, places, district, commune):
    found = figures(demo_con, settings, COMMUNE, district, commune)
    check_within(found, places, district=CHI_LANG, commune=VAN_LINH)
    assert found["teams"] and found["discipline"]


def test_the_operator_sees_the_province(demo_con, settings, places):
    found = figures(demo_con, settings, operator("tests"), None, None)
    districts = {places[c][0] for c in found["teams"] if c in places}
    assert len(districts) == 11


ASKS = {
    "overview": lambda con, s, a, d, c: coverage.overview(con, s, AS_OF, "commune" if c else "district", d, c, actor=a),
    "coverage": lambda con, s, a, d, c: coverage.coverage(con, s, "village", AS_OF, d, c, actor=a),
    "series": lambda con, s, a, d, c: coverage.cumulative_series(con, s.campaign_start, AS_OF, d, c, actor=a),
    "drill": lambda con, s, a, d, c: drilldown.drill(con, s, AS_OF, d, c, actor=a),
    "phases": lambda con, s, a, d, c: phases.phases_view(con, s, AS_OF, d, actor=a),
    "discipline": lambda con, s, a, d, c: discipline.discipline_view(con, s, AS_OF, d, c, actor=a),
    "alerts": lambda con, s, a, d, c: alerts.alerts(con, s, AS_OF, d, c, actor=a),
    "teams": lambda con, s, a, d, c: teams.teams_view(con, s, d, c, actor=a),
    "ranking": lambda con, s, a, d, c: ranking.ranking(con, s, "village" if c else "commune", AS_OF, district=d,
                                                       commune=c, actor=a),
}


@pytest.mark.parametrize("ask", list(ASKS))
@pytest.mark.parametrize("district, commune", [
    (CAO_LOC, None),            # another district
    (CAO_LOC, GIA_CAT),         # another district's commune
    (CHI_LANG, GIA_CAT),        # another district's commune under Chi Lăng's code
    (None, GIA_CAT),            # another district's commune alone
    (CAO_LOC, VAN_LINH),        # Chi Lăng's commune under another district's code
    ("99999", None),            # an unknown code
])
def test_a_chi_lang_officer_is_refused_outside_chi_lang(demo_con, settings, ask, district, commune):
    if ask == "phases" and district in (None, CHI_LANG):
        pytest.skip("the phases view takes a district only")
    with pytest.raises(AccessDenied):
        ASKS[ask](demo_con, settings, DISTRICT, district, commune)


@pytest.mark.parametrize("ask", list(ASKS))
@pytest.mark.parametrize("district, commune", [(CHI_LANG, None), (CHI_LANG, DONG_MO), (None, DONG_MO)])
def test_a_van_linh_officer_is_refused_outside_van_linh(demo_con, settings, ask, district, commune):
    if ask == "phases" and not district:
        pytest.skip("the phases view takes a district only")
    with pytest.raises(AccessDenied):
        ASKS[ask](demo_con, settings, COMMUNE, district, commune)


@pytest.mark.parametrize("ask", list(ASKS))
@pytest.mark.parametrize("actor", NOBODY, ids=lambda a: "none" if a is None else a.username)
def test_no_valid_actor_sees_nothing(demo_con, settings, ask, actor):
    with pytest.raises(AccessDenied):
        ASKS[ask](demo_con, settings, actor, None, None)


def test_province_wide_lists_of_communes_are_for_province_accounts(demo_con, settings):
    for actor in (DISTRICT, COMMUNE, Actor("v", "viewer", district=CHI_LANG)):
        with pytest.raises(AccessDenied, match="toàn tỉnh"):
            ranking.ranking(demo_con, settings, "commune", AS_OF, actor=actor)
        with pytest.raises(AccessDenied):
            coverage.coverage(demo_con, settings, "commune", AS_OF, actor=actor)
        with pytest.raises(AccessDenied):
            discipline.timeliness(demo_con, settings, "commune", None, AS_OF, actor=actor)
    viewer = Actor("v", "viewer")
    assert len(ranking.ranking(demo_con, settings, "commune", AS_OF, actor=viewer).table) > 100


def test_the_rule_itself(demo_con):
    require_scope(demo_con, DISTRICT, CHI_LANG, VAN_LINH, f"{VAN_LINH}-001")
    require_scope(demo_con, COMMUNE, CHI_LANG, VAN_LINH, f"{VAN_LINH}-001")
    with pytest.raises(AccessDenied):
        require_scope(demo_con, COMMUNE, CHI_LANG, VAN_LINH, f"{DONG_MO}-001")
    with pytest.raises(AccessDenied):
        require_scope(demo_con, DISTRICT, village=f"{GIA_CAT}-001")
    require_rows(demo_con, DISTRICT, "district")
    assert narrow(demo_con, DISTRICT) == (CHI_LANG, None)
    assert narrow(demo_con, operator("t")) == (None, None)
    assert home(demo_con, COMMUNE) == (CHI_LANG, VAN_LINH)
    assert scope_levels(COMMUNE) == ("province", "commune") and scope_levels(None) == ()
    districts = visible_units(DISTRICT, units_frame(demo_con, "district"))
    assert list(districts["code"]) == [CHI_LANG]
    communes = visible_units(COMMUNE, units_frame(demo_con, "commune"))
    assert list(communes["code"]) == [VAN_LINH]
    assert visible_units(None, communes).empty


def test_read_commands_take_a_user(demo_db, capsys):
    from analytics.cli import main

    # The demo season's accounts: chilang (Huyện Chi Lăng), vanlinh (Xã Vạn Linh).
    db = ["--db", str(demo_db)]
    assert main(["coverage", "--level", "commune", "--district", "Chi Lăng", "--user", "chilang", *db]) == 0
    out = capsys.readouterr().out
    assert "Xã Vạn Linh" in out and "Gia Cát" not in out
    assert main(["coverage", "--level", "commune", "--district", "Cao Lộc", "--user", "chilang", *db]) == 2
    assert texts.ACCESS_DENIED_VIEW in capsys.readouterr().err
    assert main(["alerts", "--as-of", "2021-08-10", "--user", "vanlinh", "--format", "json", *db]) == 0
    out = capsys.readouterr().out
    assert "Vạn Linh" in out or out.strip() == "[]"
    assert main(["ranking", "--level", "commune", "--user", "chilang", "--out", str(demo_db.parent / "r.csv"),
                 *db]) == 2
    assert main(["coverage", "--level", "district", "--user", "nobody", *db]) == 1
    assert "nobody" in capsys.readouterr().err
    assert main(["coverage", "--level", "commune", *db]) == 0  # the operator: the whole province


def chi_lang_app(demo_db, app_env, **params) -> AppTest:
    app_env(demo_db)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.session_state["kts_auth_actor"] = DISTRICT
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def test_the_sidebar_offers_only_chi_lang(demo_db, app_env):
    at = chi_lang_app(demo_db, app_env)
    assert not at.exception
    at.radio(key="kts_level").set_value("district").run()
    assert at.selectbox(key="kts_district").options == ["Huyện Chi Lăng"]
    at.radio(key="kts_level").set_value("commune").run()
    communes = at.selectbox(key="kts_commune").options
    assert "Xã Vạn Linh" in communes and "Xã Gia Cát" not in communes and len(communes) > 10


def test_a_van_linh_officer_picks_only_van_linh(demo_db, app_env):
    app_env(demo_db)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.session_state["kts_auth_actor"] = COMMUNE
    at.run()
    assert at.radio(key="kts_level").options == [texts.SCOPE_PROVINCE, texts.SCOPE_COMMUNE]
    at.radio(key="kts_level").set_value("commune").run()
    assert at.selectbox(key="kts_commune").options == ["Xã Vạn Linh"]
    assert not at.exception and not at.error


def test_an_edited_link_to_cao_loc_is_refused(demo_db, app_env):
    at = chi_lang_app(demo_db, app_env, huyen=CAO_LOC)
    # the run that opens the link says why it shows something else
    assert any(texts.ACCESS_DENIED_LINK.split("«")[0] in w.value for w in at.warning)
    at.switch_page(str(ROOT / "pages/progress.py")).run()
    assert not at.exception
    shown = " ".join(str(m.value) for m in at.markdown) + " ".join(
        " ".join(map(str, d.value.astype(str).to_numpy().ravel())) for d in at.dataframe)
    assert "Cao Lộc" not in shown and "Gia Cát" not in shown
    assert at.query_params["huyen"] in (CHI_LANG, [CHI_LANG])


def test_an_edited_link_to_a_cao_loc_commune_under_chi_lang_is_refused(demo_db, app_env):
    at = chi_lang_app(demo_db, app_env, huyen=CHI_LANG, xa=GIA_CAT)
    assert at.warning
    at.switch_page(str(ROOT / "pages/progress.py")).run()
    assert not any("Gia Cát" in str(m.value) for m in at.markdown)


def test_an_account_without_a_scope_sees_nothing(demo_db, app_env):
    app_env(demo_db)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.session_state["kts_auth_actor"] = Actor("x", "district")
    at.run()
    assert [e.value for e in at.error] == [texts.ACCESS_NO_SCOPE]
    assert not at.metric and not at.dataframe


@pytest.mark.parametrize("page", ["pages/overview.py", "pages/progress.py", "pages/phases.py",
                                  "pages/daily_reports.py", "pages/warnings.py", "pages/teams.py", "pages/ranking.py"])
@pytest.mark.parametrize("actor", [DISTRICT, COMMUNE], ids=lambda a: a.username)
def test_every_page_opens_for_a_scoped_account(demo_db, app_env, page, actor):
    app_env(demo_db)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.session_state["kts_auth_actor"] = actor
    at.run()
    at.date_input(key="kts_as_of").set_value(AS_OF).run()
    at.switch_page(str(ROOT / page)).run()
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    shown = " ".join(" ".join(map(str, d.value.astype(str).to_numpy().ravel())) for d in at.dataframe
                     if isinstance(d.value, pd.DataFrame))
    assert "Gia Cát" not in shown
    if actor is COMMUNE:
        assert "Đồng Mỏ" not in shown


def test_the_drill_down_offers_only_the_own_district(demo_db, app_env):
    at = chi_lang_app(demo_db, app_env)
    at.switch_page(str(ROOT / "pages/progress.py")).run()
    assert at.selectbox(key="kts_drill_pick_20").options == ["Huyện Chi Lăng"]
    assert len(at.dataframe[0].value) == 11  # every district's aggregate is still shown


def test_watch_lists_name_the_scope_they_really_cover(demo_db, app_env):
    app_env(demo_db)
    at = AppTest.from_file(str(ROOT / "pages" / "teams.py"), default_timeout=60)
    at.session_state["kts_auth_actor"] = DISTRICT
    at.run()
    assert not at.exception
    assert "Huyện Chi Lăng" in at.caption[0].value and "Toàn tỉnh" not in at.caption[0].value
