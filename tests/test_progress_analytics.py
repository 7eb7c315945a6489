"""Phases, reporting discipline, warnings, teams and extended coverage on small hand-built
databases with known answers, and on the demo season."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from analytics import alerts, discipline, drilldown, phases, teams
from analytics.cli import main
from analytics.coverage import coverage
from analytics.db import open_database, run_in_transaction
from analytics.reference import initialise
from analytics.access import operator

ADMIN = operator("tests")

D = dt.date
VAN_LINH, DONG_MO, CHI_LANG = "06505", "06463", "187"


def at(day: dt.date, hhmm: str) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.fromisoformat(hhmm))


@pytest.fixture()
def world(tmp_path, settings):
    """Chi Lăng with two communes that have villages: Vạn Linh (two villages of 100 households;
    15 stores in two days, then nothing; a report at 16:59, one at 17:01, one at 17:00 sharp,
    one day missing) and Đồng Mỏ (200 households; 100 stores on launch day, exactly its target;
    then silent). Viettel reports 130 stores and 7 orders for Đồng Mỏ."""
    con = open_database(tmp_path / "world.duckdb")
    initialise(con, settings)
    upload = con.execute(
        "INSERT INTO upload (file_name, sha256, kind, user_name, uploaded_at, status) "
        "VALUES ('world', 'x', 'demo', 'test', TIMESTAMP '2021-07-19 08:00', 'accepted') RETURNING id"
    ).fetchone()[0]
    villages = [(f"{VAN_LINH}-001", "Thôn Phố Cũ", "Phố Cũ", VAN_LINH, 100),
                (f"{VAN_LINH}-002", "Thôn Đồng Ám", "Đồng Ám", VAN_LINH, 100),
                (f"{DONG_MO}-001", "Khối 1", "Khối 1", DONG_MO, 200)]
    for code, name, short, parent, households in villages:
        con.execute("INSERT INTO unit (code, name, short_name, kind, level, parent_code, name_key, loose_key, upload_id) "
                    "VALUES (?, ?, ?, 'Thôn', 'village', ?, ?, ?, ?)", [code, name, short, parent, short.lower(), short.lower(), upload])
        con.execute("INSERT INTO village_households VALUES (?, ?, ?)", [code, households, upload])
    rows = []
    day = D(2021, 7, 20)
    while day <= D(2021, 8, 10):
        if day != D(2021, 7, 23):
            hour = {D(2021, 7, 20): "16:59", D(2021, 7, 21): "17:01", D(2021, 7, 22): "17:00"}.get(day, "15:00")
            stores = {D(2021, 7, 20): 10, D(2021, 7, 21): 5}.get(day, 0)
            rows.append((f"{VAN_LINH}-001", day, "stores", "commune", stores, at(day, hour)))
            rows.append((f"{VAN_LINH}-002", day, "stores", "commune", 0, at(day, hour)))
        day += dt.timedelta(days=1)
    rows.append((f"{DONG_MO}-001", D(2021, 7, 20), "stores", "commune", 100, at(D(2021, 7, 20), "10:00")))
    rows.append((f"{DONG_MO}-001", D(2021, 7, 20), "accounts", "commune", 100, at(D(2021, 7, 20), "10:00")))
    rows.append((DONG_MO, D(2021, 7, 20), "stores", "viettel", 130, at(D(2021, 7, 20), "18:00")))
    rows.append((DONG_MO, D(2021, 7, 20), "orders", "viettel", 7, at(D(2021, 7, 20), "18:00")))
    rows.append((DONG_MO, D(2021, 7, 20), "revenue", "viettel", 700_000, at(D(2021, 7, 20), "18:00")))
    frame = pd.DataFrame(rows, columns=["unit_code", "report_date", "indicator", "source", "value", "received_at"])
    # a transaction keeps the materialised report_current in step (analytics.db.transaction)
    def insert(cur):
        cur.register("new_reports", frame)
        cur.execute("INSERT INTO report (unit_code, report_date, indicator, source, value, upload_id, received_at) "
                    "SELECT unit_code, report_date, indicator, source, value, ?, received_at "
                    "FROM new_reports", [upload])

    run_in_transaction(con, insert)
    yield con
    con.close()


def test_on_time_late_missing_by_the_deadline(world, settings):
    days = discipline.report_days(world, settings, D(2021, 7, 20), D(2021, 7, 23), commune=VAN_LINH)
    assert days["status"].tolist() == ["on_time", "late", "on_time", "missing"]   # 16:59, 17:01, 17:00, none


def test_timeliness_contract(world, settings):
    frame = discipline.timeliness(world, settings, "commune", D(2021, 7, 20), D(2021, 7, 23), district=CHI_LANG, actor=ADMIN)
    assert list(frame.columns[:8]) == discipline.TIMELINESS_COLUMNS
    row = frame.set_index("code").loc[VAN_LINH]
    assert (row["expected"], row["on_time"], row["late"], row["missing"]) == (4, 2, 1, 1)
    assert (row["completeness_pct"], row["timeliness_pct"]) == (75.0, 50.0)
    districts = discipline.timeliness(world, settings, "district", D(2021, 7, 20), D(2021, 7, 23), actor=ADMIN)
    assert len(districts) == 11
    phase2 = districts[districts["phase"] == 2]
    assert (phase2["expected"] == 0).all() and phase2["timeliness_pct"].isna().all()   # not started yet


def test_missing_list_names_silent_communes(world, settings):
    missing = discipline.not_reported(world, settings, D(2021, 7, 23), CHI_LANG, actor=ADMIN)
    assert VAN_LINH in set(missing["commune_code"]) and DONG_MO in set(missing["commune_code"])
    view = discipline.discipline_view(world, settings, D(2021, 7, 23), CHI_LANG, actor=ADMIN)
    assert "Xã Vạn Linh" in view.message and view.message.startswith("Các xã chưa gửi báo cáo ngày 23/07/2021")


def test_coverage_exactly_at_target_and_enterprise_figures(world, settings):
    frame = coverage(world, settings, "commune", D(2021, 8, 2), CHI_LANG, actor=ADMIN).set_index("code")
    dong_mo = frame.loc[DONG_MO]
    assert (dong_mo["stores"], dong_mo["stores_target"], dong_mo["stores_gap"]) == (100, 100.0, 0)
    assert bool(dong_mo["stores_reached"])
    assert (dong_mo["enterprise_stores"], dong_mo["stores_difference"], dong_mo["orders"]) == (130, 30, 7)
    assert dong_mo["revenue"] == 700_000 and dong_mo["stores_difference_pct"] == 30.0
    van_linh = frame.loc[VAN_LINH]
    assert (van_linh["stores"], van_linh["stores_gap"], bool(van_linh["stores_reached"])) == (15, 85, False)
    assert van_linh["villages_without_team"] == 2 and van_linh["communes_without_committee"] == 1


def test_stalled_and_missing_warnings(world, settings):
    found = alerts.alerts(world, settings, D(2021, 8, 2), CHI_LANG, actor=ADMIN)
    stalled = found[found["type"] == "stalled"]
    assert stalled["code"].tolist() == [VAN_LINH]                 # Đồng Mỏ is at its target
    assert stalled["since"].iloc[0] == D(2021, 7, 22)
    assert "15 (7,5 % số hộ)" in stalled["message"].iloc[0]
    missing = found[found["type"] == "missing"].set_index("code")
    assert missing.loc[DONG_MO, "since"] == D(2021, 7, 21) and missing.loc[DONG_MO, "days"] == 13
    assert VAN_LINH not in missing.index
    gap = found[(found["type"] == "anomaly") & (found["kind"] == "enterprise_gap")]
    assert gap["code"].tolist() == [DONG_MO]
    assert not ((found["code"] == DONG_MO) & found["type"].isin(["stalled", "behind"])).any()


def test_falling_behind_after_the_grace_days(world, settings):
    found = alerts.alerts(world, settings, D(2021, 8, 10), CHI_LANG, actor=ADMIN)
    behind = found[(found["type"] == "behind") & (found["code"] == VAN_LINH)]
    assert len(behind) == 1 and pd.isna(behind["projected_date"].iloc[0])   # pace zero: never


def test_phase_shares_and_projection(world, settings):
    frame = phases.progress(world, settings, D(2021, 8, 2), "phase", actor=ADMIN).set_index("code")
    first = frame.loc["1"]
    assert first["stores"] == 115
    assert first["time_share"] == round(100 * 14 / 63, 2)
    assert first["status"] == "late" and first["projected_date"] is None
    assert frame.loc["2", "status"] == "not_started"


def test_teams_and_zalo_check(world, settings):
    view = teams.teams_view(world, settings, CHI_LANG, actor=ADMIN)
    row = view.communes.set_index("code").loc[VAN_LINH]
    assert (row["villages"], row["teams"], row["villages_without_team"]) == (2, 0, 2)
    assert teams.is_village_head("Trưởng thôn") and not teams.is_village_head("Bí thư Đoàn xã")
    assert not teams.is_village_head("Phó trưởng thôn")


def test_drill_path_ignores_codes_that_do_not_belong(world, settings):
    view = drilldown.drill(world, settings, D(2021, 8, 2), CHI_LANG, VAN_LINH, f"{DONG_MO}-001", actor=ADMIN)
    assert [s.level for s in view.path] == ["province", "district", "commune"]
    view = drilldown.drill(world, settings, D(2021, 8, 2), CHI_LANG, VAN_LINH, f"{VAN_LINH}-001", actor=ADMIN)
    assert view.unit.name == "Thôn Phố Cũ" and view.summary["stores"] == 15 and view.children.empty
    assert view.series["new_stores"].sum() == 15


def test_van_linh_stalled_on_2_august_not_on_10_august(demo_con, settings):
    on_2 = alerts.alerts(demo_con, settings, D(2021, 8, 2), actor=ADMIN)
    stalled = on_2[on_2["type"] == "stalled"]
    assert "Xã Vạn Linh" in set(stalled["name"])
    assert stalled.set_index("name").loc["Xã Vạn Linh", "since"] == D(2021, 7, 27)
    on_10 = alerts.alerts(demo_con, settings, D(2021, 8, 10), actor=ADMIN)
    assert "Xã Vạn Linh" not in set(on_10.loc[on_10["type"] == "stalled", "name"])


def test_demo_province_coverage_at_the_end(demo_con, settings):
    row = coverage(demo_con, settings, "province", D(2021, 12, 31), actor=ADMIN).iloc[0]
    assert (row["households"], row["stores"], row["stores_pct"]) == (193_600, 116_392, 60.12)
    assert row["orders"] > 0 and row["revenue"] > 0 and row["enterprise_stores"] > 0


def test_demo_pilots_ahead_on_the_same_day_since_start(demo_con, settings):
    view = phases.phases_view(demo_con, settings, D(2021, 12, 31), actor=ADMIN)
    curves = view.phase_curves[view.phase_curves["day"] >= 1].pivot(index="day", columns="code", values="stores_pct")
    days = [d for d in curves.index if d <= 100]
    assert (curves.loc[days, "1"] > curves.loc[days, "2"]).all()
    assert set(view.phases["status"]) == {"reached"}


def test_cli_phases_timeliness_alerts(demo_db_template, capsys):
    assert main(["alerts", "--as-of", "2021-08-02", "--format", "json", "--type", "stalled",
                 "--db", str(demo_db_template)]) == 0
    records = json.loads(capsys.readouterr().out)
    van_linh = [r for r in records if r["name"] == "Xã Vạn Linh"][0]
    assert {"type", "code", "name", "level", "since", "message"} <= set(van_linh)
    assert van_linh["since"] == "2021-07-27" and van_linh["level"] == "commune"
    assert main(["phases", "--as-of", "2021-11-01", "--format", "json", "--db", str(demo_db_template)]) == 0
    assert [r["status"] for r in json.loads(capsys.readouterr().out)] == ["reached", "on_track"]
    assert main(["timeliness", "--level", "district", "--from", "2021-07-20", "--to", "2021-08-31",
                 "--format", "csv", "--db", str(demo_db_template)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("code,name,expected,on_time,late,missing,completeness_pct,timeliness_pct")
    assert len(lines) == 12


@pytest.mark.parametrize("level, key", [("commune", "commune_code"), ("district", "district_code"), ("phase", "phase")])
def test_status_counts_summed_in_the_database_are_the_report_days_summed(demo_con, settings, level, key):
    start, end = D(2021, 7, 20), D(2021, 10, 31)
    days = discipline.report_days(demo_con, settings, start, end)
    if level == "phase":
        days = days.assign(phase=days["phase"].astype("Int64").astype(str))
    expected = discipline.summarise(days, [key]).rename(columns={key: "code"})[["code", *discipline.STATUSES]]
    counted = discipline.status_counts(demo_con, settings, level, start, end)
    merged = expected.merge(counted, on="code", how="outer", suffixes=("", "_sql"), indicator=True)
    assert (merged["_merge"] == "both").all() and len(merged) > 1
    for status in discipline.STATUSES:
        assert merged[status].tolist() == merged[f"{status}_sql"].tolist()
    assert merged["missing"].sum() > 0 and merged["late"].sum() > 0   # the check can fail
