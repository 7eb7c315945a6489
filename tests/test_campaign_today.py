"""Chiến dịch 2026, the demo's second campaign, on the hierarchy in force since 1/7/2025: its own
deterministic season (analytics/demo_today.py) over Lạng Sơn's communes and the 2021 villages,
and no district level anywhere: figures, pages, commands and exports. Account scopes given in
another hierarchy are read through the lineage and never widened (analytics/lineage.py)."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil

import duckdb
import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analytics import alerts, campaigns, coverage, discipline, drilldown, phases, ranking, teams, texts
from analytics.access import operator
from analytics.accounts import find_actor, start_session
from analytics.db import open_database
from analytics.demo_today import (BEHIND, HOUSEHOLD_GROWTH, LAST_DAY, SILENT, SILENT_FROM, STALLED, STALLED_FROM,
                                  TODAY_ACCOUNTS, inherited_villages)
from analytics.export import to_csv, to_xlsx
from analytics.ingest.templates import template_bytes
from analytics.ingest.model import KINDS
from analytics.hierarchy import descendants, scope_in_campaign
from analytics.reference import reference_units
from analytics.units import NoDistrictLevel
from tests.conftest import ROOT, run_cli
from tests.signin import signed_in
from tests.test_screen_text import PAGES, screen_text

ADMIN = operator("tests")
TODAY = "2026"
DISTRICT_WORD = re.compile(r"huy[eệ]n", re.IGNORECASE)


@pytest.fixture()
def today(demo_con, settings):
    """(connection bound to the 2026 campaign of the shared demo, its settings)."""
    bound = campaigns.bind(demo_con, settings, TODAY)
    return bound, campaigns.settings_of(bound, settings)


def units(con, level: str) -> pd.DataFrame:
    return con.cursor().execute("SELECT * FROM unit_current WHERE level = ? ORDER BY code", [level]).df()


def phase_of(settings) -> dict[str, int]:
    """{commune short name: phase number} from the settings."""
    return {name: p.number for p in settings.phases for name in p.communes}


# The season

def test_the_campaign_holds_the_communes_of_its_hierarchy_and_no_district(today):
    con, own = today
    assert not own.has_districts
    expected = reference_units(own.province_code, own.campaign.hierarchy)
    communes = units(con, "commune")
    assert set(communes["code"]) == set(expected.loc[expected["level"] == "commune", "code"])
    assert units(con, "district").empty
    assert set(communes["parent_code"]) == {own.province_code}
    villages = units(con, "village")
    assert set(villages["parent_code"]) == set(communes["code"])          # every commune has villages
    assert (villages["households"] > 0).all()
    assert dict(zip(communes["short_name"], communes["phase"])) == phase_of(own)


def test_villages_are_the_2021_villages_in_the_commune_their_old_commune_went_into(today):
    con, own = today
    old = con.cursor().execute(
        "SELECT v.short_name, c.short_name AS commune FROM main.unit v JOIN main.unit c ON c.code = v.parent_code "
        "WHERE v.level = 'village'").df()
    placed = inherited_villages(con, own.province_code)
    assert len(placed) == len(old)                     # every 2021 village carried over, once
    villages = units(con, "village")
    # a name shared by two villages brought together carries the old commune's name in brackets
    suffix = villages["short_name"].str.extract(r"^(.*) \((.+)\)$")
    renamed = suffix[1].isin(set(old["commune"]))
    base = villages["short_name"].where(~renamed, suffix[0])
    assert sorted(zip(villages["parent_code"], base)) == sorted(zip(placed["new_commune"], placed["short_name"]))
    assert not villages.duplicated(["parent_code", "short_name"]).any()
    # the new Vạn Linh holds the villages of the old communes the lineage says it was made of
    van_linh = units(con, "commune").set_index("short_name").at["Vạn Linh", "code"]
    main_version = con.cursor().execute("SELECT any_value(version) FROM main.unit WHERE level = 'province'").fetchone()[0]
    lineage = descendants(con, main_version, own.campaign.hierarchy)
    sources = set(lineage.loc[(lineage["to_code"] == van_linh) & (lineage["share"] == "whole"), "from_code"])
    old_villages = con.cursor().execute(
        "SELECT short_name FROM main.unit WHERE level = 'village' AND parent_code IN (SELECT unnest(?))",
        [sorted(sources)]).df()
    assert set(old_villages["short_name"]) <= set(base[villages["parent_code"] == van_linh])
    low, high = HOUSEHOLD_GROWTH
    old_households = con.cursor().execute(
        "SELECT sum(households) FROM main.village_households WHERE upload_id IN "
        "(SELECT id FROM main.upload WHERE status = 'accepted' AND undone_at IS NULL)").fetchone()[0]
    assert low * old_households - len(old) <= villages["households"].sum() <= high * old_households + len(old)


def test_reports_run_from_each_phase_start_to_the_last_day(today):
    con, own = today
    starts = {p.number: p.start for p in own.phases}
    days = con.cursor().execute(
        """
        SELECT coalesce(v.parent_code, r.unit_code) AS commune, r.source, min(r.report_date) AS first,
               max(r.report_date) AS last
        FROM report r LEFT JOIN unit v ON v.code = r.unit_code AND v.level = 'village'
        GROUP BY ALL
        """).df()
    days["first"], days["last"] = (pd.to_datetime(days[c]).dt.date for c in ("first", "last"))
    communes = units(con, "commune").set_index("code")
    assert set(days.loc[days["source"] == "commune", "commune"]) == set(communes.index)
    assert set(days.loc[days["source"] != "commune", "commune"]) == set(communes.index)   # the partners report too
    for row in days.itertuples():
        commune = communes.loc[row.commune]
        assert row.first == starts[commune["phase"]]
        silent = commune["short_name"] == SILENT and row.source == "commune"
        assert (row.last < SILENT_FROM) if silent else (row.last == LAST_DAY)
    assert coverage.last_report_day(con) == LAST_DAY


def test_the_warnings_tell_the_stories_on_the_last_day(today):
    con, own = today
    found = alerts.alerts(con, own, LAST_DAY, actor=ADMIN)
    assert not any(c.startswith("district") for c in found.columns)

    def one(kind: str, name: str) -> pd.Series:
        rows = found[(found["type"] == kind) & (found["name"].str.endswith(name))]
        assert len(rows) == 1, (kind, name, found[["type", "name"]].to_string())
        return rows.iloc[0]

    stalled = one("stalled", STALLED)
    # nothing opened from STALLED_FROM on: the warning's own window is empty and began by then
    assert stalled["new_stores"] == 0 and stalled["since"] <= STALLED_FROM
    code = units(con, "commune").set_index("short_name").at[STALLED, "code"]
    series = coverage.cumulative_series(con, STALLED_FROM - dt.timedelta(days=1), LAST_DAY, commune=code, actor=ADMIN)
    assert series["stores"].nunique() == 1 and series["stores"].iloc[0] > 0
    behind = one("behind", BEHIND)
    phase_end = next(p.end for p in own.phases if BEHIND in p.communes)
    assert behind["severity"] == 1 and behind["since"] == phase_end
    assert one("missing", SILENT)["since"] == SILENT_FROM
    # the phase ended short of the target: the commune's own figures say so
    row = coverage.coverage(con, own, "commune", phase_end, actor=ADMIN).set_index("short_name").loc[BEHIND]
    assert row["stores_pct"] < own.targets.stores_pct


def test_same_seed_same_2026_season(tmp_path, demo_db_template, settings):
    from analytics.demo import _build_other

    copy = tmp_path / "again.duckdb"
    shutil.copy(demo_db_template, copy)
    con = open_database(copy)
    try:
        cur = con.cursor()
        schema = cur.execute("SELECT schema_name FROM main.campaign WHERE id = ?", [TODAY]).fetchone()[0]
        cur.execute(f'DROP SCHEMA "{schema}" CASCADE')
        cur.execute("DELETE FROM main.campaign WHERE id = ?", [TODAY])
        _build_other(con, settings.for_campaign(TODAY), ADMIN)
        rebuilt = campaigns.bind(con, settings, TODAY)
        queries = ["SELECT code, name, parent_code, households FROM unit_current ORDER BY code",
                   "SELECT unit_code, report_date, indicator, source, value, received_at FROM report "
                   "ORDER BY ALL",
                   "SELECT m.full_name, m.position, t.village_code FROM team t JOIN team_member m ON m.team_id = t.id "
                   "ORDER BY ALL"]
        first = duckdb.connect(str(demo_db_template), read_only=True)
        try:
            original = campaigns.bind(first, settings, TODAY)
            for query in queries:
                pd.testing.assert_frame_equal(rebuilt.cursor().execute(query).df(),
                                              original.cursor().execute(query).df())
        finally:
            first.close()
    finally:
        con.close()


# No district level

def test_figures_have_no_district_level(today):
    con, own = today
    with pytest.raises(NoDistrictLevel, match="không còn cấp huyện"):
        coverage.coverage(con, own, "district", LAST_DAY, actor=ADMIN)
    with pytest.raises(NoDistrictLevel):
        discipline.timeliness(con, own, "district", None, LAST_DAY, actor=ADMIN)
    with pytest.raises(NoDistrictLevel):
        phases.progress(con, own, LAST_DAY, "district", actor=ADMIN)
    with pytest.raises(ranking.RankingError, match="không còn cấp huyện"):
        ranking.ranking(con, own, "district", LAST_DAY, actor=ADMIN)
    view = coverage.overview(con, own, LAST_DAY, "province", actor=ADMIN)
    communes = view.children
    assert len(communes) == len(units(con, "commune"))
    for key in ("households", "stores", "accounts", "active", "teams", "members"):
        assert view.summary[key] == communes[key].sum()
    assert view.summary["phase"] is pd.NA or pd.isna(view.summary["phase"])     # the province spans both phases
    assert set(communes["phase"]) == {p.number for p in own.phases}
    drill = drilldown.drill(con, own, LAST_DAY, actor=ADMIN)
    assert drill.child_level == "commune" and len(drill.children) == len(communes)


def test_phases_discipline_and_teams_are_by_commune(today):
    con, own = today
    view = phases.phases_view(con, own, LAST_DAY, actor=ADMIN)
    communes = units(con, "commune")
    assert view.area_level == "commune" and set(view.areas["code"]) == set(communes["code"])
    assert list(view.timeline["phase"]) == [p.number for p in own.phases]
    counts = communes.groupby("phase").size()
    assert [texts.PHASES_TIMELINE_COMMUNES.format(phase=p.name, count=counts[p.number]) for p in own.phases] == \
        list(view.timeline["name"])
    daily = discipline.discipline_view(con, own, LAST_DAY, actor=ADMIN)
    assert daily.districts.empty and "district_name" not in daily.communes and "district_code" not in daily.days
    assert daily.missing["commune_code"].tolist() == communes.loc[communes["short_name"] == SILENT, "code"].tolist()
    assert "huyện" not in daily.message.lower() and texts.ZALO_MISSING_LINE.format(commune=f"Xã {SILENT}") in daily.message
    found = teams.teams_view(con, own, actor=ADMIN)
    assert not [c for c in found.communes.columns if c.startswith("district")]
    partner = {"viettel": "Viettel", "vnpost": "Buudien"}
    ok = found.communes[found.communes["zalo_ok"]]
    assert len(ok) and all(group == f"KTS_{group.split('_')[1]}_{partner[p]}" and group.count("_") == 2
                           for group, p in zip(ok["zalo_group"], ok["postal_partner"]))


def cells(data: bytes) -> list[str]:
    """Every text cell of an .xlsx file."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]


def test_exports_and_templates_name_no_district(today):
    con, own = today
    result = ranking.ranking(con, own, "commune", LAST_DAY, compare=LAST_DAY - dt.timedelta(days=30),
                             separate_phases=True, actor=ADMIN)
    frame = result.export_frame()
    assert len(frame) == len(units(con, "commune"))
    data = to_xlsx(frame, title=result.title, settings=own, as_of=LAST_DAY, **result.export_options())
    text = cells(data) + [to_csv(frame).decode("utf-8-sig")]
    assert not [t for t in text if DISTRICT_WORD.search(t)]
    # the lineage weights describe the old communes (which had districts), for campaigns on an older list
    for kind in set(KINDS) - {"lineage-weights"}:
        assert not [t for t in cells(template_bytes(kind, has_districts=False)) if DISTRICT_WORD.search(t)], kind
    assert any(DISTRICT_WORD.search(t) for t in cells(template_bytes("daily")))    # the check can fail


# Command line

run = run_cli


def test_commands_of_the_2026_campaign(demo_db, tmp_path, settings):
    db = ["--db", demo_db, "--campaign", TODAY]
    name = settings.campaign_by_id(TODAY).name
    commune_rows = json.loads(run("coverage", "--level", "commune", "--format", "json", *db).stdout)
    province = json.loads(run("coverage", "--level", "province", "--format", "json", *db).stdout)[0]
    assert province["stores"] == sum(r["stores"] for r in commune_rows)
    outputs = [run(*command, *db).stdout for command in (
        ("coverage", "--level", "commune"), ("phases", "--by", "commune"), ("phases",),
        ("timeliness", "--level", "commune"), ("timeliness", "--level", "phase"),
        ("alerts", "--as-of", LAST_DAY.isoformat()))]
    assert all(out.strip() and not DISTRICT_WORD.search(out) and "district" not in out for out in outputs)
    alerts_rows = json.loads(run("alerts", "--as-of", LAST_DAY.isoformat(), "--type", "stalled", "--format", "json",
                                 *db).stdout)
    assert any(r["name"].endswith(STALLED) for r in alerts_rows)
    refused = run("coverage", "--level", "district", *db, check=False)
    assert refused.returncode == 1 and refused.stderr.strip() == texts.NO_DISTRICT_LEVEL.format(campaign=name)
    for command in (("alerts", "--as-of", LAST_DAY.isoformat()), ("timeliness", "--level", "commune"),
                    ("coverage", "--level", "commune")):
        refused = run(*command, "--district", "Chi Lăng", *db, check=False)
        assert refused.returncode == 1
        assert refused.stderr.strip() == texts.NO_DISTRICT_FILTER.format(campaign=name, district="Chi Lăng")
    for command in (("timeliness", "--level", "district"), ("phases", "--by", "district")):
        assert run(*command, *db, check=False).returncode == 1
    out = tmp_path / "xep-hang.xlsx"
    run("ranking", "--level", "commune", "--out", out, *db)
    shown = cells(out.read_bytes())
    assert not [t for t in shown if DISTRICT_WORD.search(t)]
    names = {r["name"] for r in commune_rows}
    assert names <= set(shown)
    refused = run("ranking", "--level", "district", "--out", tmp_path / "x.xlsx", *db, check=False)
    assert refused.returncode == 1 and "không còn cấp huyện" in refused.stderr


# Accounts

def test_lineage_chains_through_the_versions_in_between_both_ways():
    con = duckdb.connect()
    con.execute("CREATE TABLE unit_lineage (from_version VARCHAR, from_code VARCHAR, to_version VARCHAR, "
                "to_code VARCHAR, level VARCHAR, share VARCHAR)")
    con.executemany("INSERT INTO unit_lineage VALUES (?, ?, ?, ?, 'commune', ?)", [
        ("2021", "A", "2025-01", "A", "whole"), ("2021", "B", "2025-01", "C", "part"),
        ("2021", "B", "2025-01", "D", "part"), ("2025-01", "A", "2025-07", "X", "whole"),
        ("2025-01", "C", "2025-07", "X", "whole"), ("2025-01", "D", "2025-07", "Y", "whole")])
    pairs = lambda frame: sorted(zip(frame["from_code"], frame["to_code"], frame["share"]))  # noqa: E731
    assert pairs(descendants(con, "2021", "2025-07")) == [("A", "X", "whole"), ("B", "X", "part"), ("B", "Y", "part")]
    assert pairs(descendants(con, "2025-07", "2021")) == [("X", "A", "whole"), ("X", "B", "part"), ("Y", "B", "part")]
    assert descendants(con, "2025-07", "2025-07").empty


def test_scopes_of_another_hierarchy_are_never_widened(today, demo_con, settings):
    con, own = today
    chi_lang, van_linh = (find_actor(con, name) for name in ("chilang", "vanlinh"))
    assert not chi_lang.valid and not van_linh.valid
    main_version = con.cursor().execute("SELECT any_value(version) FROM main.unit WHERE level = 'province'").fetchone()[0]
    lineage = descendants(con, main_version, own.campaign.hierarchy)
    old = con.cursor().execute("SELECT code, parent_code FROM main.unit WHERE level = 'commune'").df()
    new_names = dict(con.cursor().execute("SELECT code, name FROM unit WHERE level = 'commune'").fetchall())
    went_to = set(lineage.loc[lineage["from_code"].isin(old.loc[old["parent_code"] == "187", "code"]), "to_code"])
    assert all(new_names[code] in chi_lang.unscoped for code in went_to)
    merged = set(lineage.loc[lineage["to_code"].isin(lineage.loc[lineage["from_code"] == "06505", "to_code"]),
                             "from_code"])
    assert len(merged) > 1                                                # Vạn Linh was merged with others
    username, _, role, commune, _ = TODAY_ACCOUNTS[0]
    officer = find_actor(con, username)
    assert officer.valid and officer.role == role
    assert officer.commune == units(con, "commune").set_index("short_name").at[commune, "code"]
    assert officer.district is None
    first = campaigns.bind(demo_con, settings, settings.campaigns[0].id)
    assert not find_actor(first, username).valid                         # and back again: never widened
    assert find_actor(first, "vanlinh").valid and find_actor(first, "chilang").valid


def test_a_commune_of_another_version_maps_only_when_nothing_else_joins_it(demo_con, settings):
    first = campaigns.bind(demo_con, settings, settings.campaigns[0].id)
    version = first.cursor().execute("SELECT any_value(version) FROM unit WHERE level = 'province'").fetchone()[0]
    other = "2021" if version != "2021" else "2025-01"
    forward, backward = descendants(first, other, version), descendants(first, version, other)
    forward = forward[forward["level"] == "commune"]
    targets = forward.groupby("from_code")["to_code"].agg(set)
    sources = backward[backward["level"] == "commune"].groupby("from_code")["to_code"].agg(set)
    whole = set(forward.loc[forward["share"] == "whole", "from_code"]) - set(forward.loc[forward["share"] == "part",
                                                                                           "from_code"])
    one_to_one = [c for c in sorted(whole) if len(targets[c]) == 1 and sources.get(next(iter(targets[c]))) == {c}]
    split = sorted(set(forward.loc[forward["share"] == "part", "from_code"]))
    assert one_to_one and split
    found = scope_in_campaign(first, one_to_one[0], other)
    assert found.problem is None and found.commune == next(iter(targets[one_to_one[0]]))
    assert found.district is not None                                    # that hierarchy has districts
    assert scope_in_campaign(first, split[0], other).problem


def test_the_cli_refuses_an_account_without_a_scope_in_the_campaign(demo_db):
    refused = run("coverage", "--level", "province", "--user", "chilang", "--db", demo_db, "--campaign", TODAY,
                  check=False)
    assert refused.returncode == 2 and "Chi Lăng" in refused.stderr and "không còn cấp huyện" in refused.stderr
    rows = json.loads(run("coverage", "--level", "commune", "--commune", "Vạn Linh", "--user", TODAY_ACCOUNTS[0][0],
                          "--format", "json", "--db", demo_db, "--campaign", TODAY).stdout)
    assert [r["name"] for r in rows] == ["Xã Vạn Linh"]


# Pages

def page_text(at: AppTest) -> list[str]:
    """Every text a reader sees: the elements' texts and the charts' (titles, axes, legends, hovers)."""
    shown = [text for _, text in screen_text(at)]
    return shown + [chart.proto.spec for chart in at.get("plotly_chart")]


def walk(at: AppTest, pages: list[str]) -> dict[str, list[str]]:
    """Open every page in this session: {page: texts naming a district}."""
    found = {}
    for page in pages:
        at.switch_page(str(ROOT / page)).run()
        assert not at.exception, (page, [e.message for e in at.exception])
        assert at.title, page
        found[page] = [t for t in page_text(at) if DISTRICT_WORD.search(t)]
    return found


def test_every_page_in_both_campaigns_switched_in_the_sidebar(demo_db, app_env, today):
    stalled = units(today[0], "commune").set_index("short_name").at[STALLED, "code"]
    app_env(demo_db)
    at = signed_in(AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)).run()
    assert at.selectbox(key="kts_campaign").value == "2021"
    assert texts.SCOPE_DISTRICT in at.radio(key="kts_level").options
    at.selectbox(key="kts_campaign").set_value(TODAY).run()
    assert at.date_input(key="kts_as_of").value == LAST_DAY
    assert at.radio(key="kts_level").options == [texts.SCOPE_PROVINCE, texts.SCOPE_COMMUNE_TODAY]
    assert {page: texts_ for page, texts_ in walk(at, PAGES).items() if texts_} == {}
    at.radio(key="kts_level").set_value("commune").run()
    at.selectbox(key="kts_commune").set_value(stalled).run()
    assert {page: texts_ for page, texts_ in walk(at, PAGES[:7]).items() if texts_} == {}
    at.selectbox(key="kts_campaign").set_value("2021").run()
    assert at.radio(key="kts_level").value == "province" and texts.SCOPE_DISTRICT in at.radio(key="kts_level").options
    named = walk(at, PAGES)
    assert named["pages/overview.py"]                                        # the check can fail: 2021 has districts


def test_a_link_opens_the_2026_campaign(demo_db, app_env):
    app_env(demo_db)
    at = signed_in(AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120))
    at.query_params["chien_dich"] = TODAY
    at.run()
    assert not at.exception and not at.warning
    assert at.selectbox(key="kts_campaign").value == TODAY
    assert [h.value for h in at.subheader][:1] == [texts.TABLE_COMMUNES]
    assert not [t for t in page_text(at) if DISTRICT_WORD.search(t)]
    at.switch_page(str(ROOT / "pages/warnings.py")).run()
    shown = " ".join(page_text(at))
    assert all(name in shown for name in (STALLED, BEHIND, SILENT))


def session_for(db, username: str, settings) -> str:
    """A signed-in session token of a demo account (its scope is read anew in every campaign)."""
    con = open_database(db)
    try:
        return start_session(con, find_actor(con, username), settings.auth)
    finally:
        con.close()


def test_an_account_without_a_scope_in_2026_is_told_why_and_can_go_back(demo_db, app_env, settings):
    app_env(demo_db)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.session_state["kts_auth_token"] = session_for(demo_db, "chilang", settings)
    at.query_params["chien_dich"] = TODAY
    at.run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and "Chi Lăng" in errors[0] and not at.metric
    at.selectbox(key="kts_campaign").set_value("2021").run()
    assert not at.error and at.metric and at.selectbox(key="kts_campaign").value == "2021"


def test_a_2026_commune_officer_chooses_only_their_commune(demo_db, app_env, settings):
    app_env(demo_db)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.session_state["kts_auth_token"] = session_for(demo_db, TODAY_ACCOUNTS[0][0], settings)
    at.query_params["chien_dich"] = TODAY
    at.run()
    assert not at.exception and not at.error
    assert at.radio(key="kts_level").options == [texts.SCOPE_COMMUNE_TODAY]
    assert len(at.selectbox(key="kts_commune").options) == 1
    assert walk(at, PAGES[:7]) == {page: [] for page in PAGES[:7]}
