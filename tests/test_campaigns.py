"""Campaigns in one database: each in a schema of its own, chosen by id; what one campaign
imports never reaches another's figures; shared tables (accounts, audit) stay shared."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from analytics import campaigns
from analytics.cli import main
from analytics.coverage import coverage
from analytics.db import MAIN_SCHEMA, CampaignDB, data_version, open_database
from analytics.ingest.undo import undo_upload
from analytics.reference import initialise, sync_settings
from tests.ingest_fixtures import TESTER, run, write_xlsx

SHARED = {"account", "auth_session", "audit_log", "api_token", "campaign", "unit_lineage"}


def objects(con, schema: str) -> set[str]:
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = ? "
        "UNION SELECT sequence_name FROM duckdb_sequences() WHERE schema_name = ?", [schema, schema]).fetchall()
    return {r[0] for r in rows}


def test_every_campaign_schema_has_every_table_of_a_campaign(demo_con):
    """A table missing from a campaign's schema would be read from main (the first campaign)."""
    main_objects = objects(demo_con, MAIN_SCHEMA) - SHARED - {"api_token_id_seq", "audit_id_seq"}
    schemas = [r[0] for r in demo_con.execute("SELECT schema_name FROM main.campaign").fetchall()]
    assert MAIN_SCHEMA in schemas and len(schemas) >= 2
    for schema in schemas:
        assert objects(demo_con, schema) >= main_objects, schema
        if schema != MAIN_SCHEMA:
            assert not objects(demo_con, schema) & SHARED, schema


def test_a_campaign_connection_and_its_cursors_stay_in_the_campaign(demo_db, settings):
    con = open_database(demo_db)
    today = campaigns.bind(con, settings, "2026")
    assert isinstance(today.cursor().cursor(), CampaignDB)
    for cur in (today, today.cursor(), today.cursor().cursor()):
        assert cur.execute("SELECT DISTINCT version FROM unit WHERE level = 'commune'").fetchall() == [("2025-07",)]
        assert cur.execute("SELECT count(*) FROM unit WHERE level = 'district'").fetchone()[0] == 0
    first = campaigns.bind(con, settings)
    assert first.campaign_id == "2021" and first.schema == MAIN_SCHEMA
    assert first.execute("SELECT count(*) FROM unit WHERE level = 'district'").fetchone()[0] == 11
    # shared tables are one: an account is found from either campaign
    assert today.execute("SELECT count(*) FROM account").fetchone() == first.execute(
        "SELECT count(*) FROM account").fetchone()
    with pytest.raises(campaigns.CampaignNotReady, match="2030"):
        campaigns.bind(con, settings, "2030")


def test_an_import_into_one_campaign_leaves_the_other_untouched(demo_db, settings, tmp_path):
    con = open_database(demo_db)
    first, today = campaigns.bind(con, settings), campaigns.bind(con, settings, "2026")
    today_settings = campaigns.settings_of(today, settings)
    before = coverage(first, settings.for_campaign("2021"), "commune", dt.date(2026, 12, 31), actor=TESTER)
    versions = data_version(first), data_version(today)
    path = write_xlsx(tmp_path / "so_ho_van_linh.xlsx", [
        ["UBND XÃ VẠN LINH"], ["DANH SÁCH THÔN VÀ SỐ HỘ GIA ĐÌNH"], [], ["TT", "Tên thôn", "Số hộ gia đình"],
        [1, "Thôn Kiểm Thử Một", 120], [2, "Thôn Kiểm Thử Hai", 80]])
    result = run(today, today_settings, path, kind="households", commune="Vạn Linh")
    assert result.status == "accepted", result.issues
    after = coverage(first, settings.for_campaign("2021"), "commune", dt.date(2026, 12, 31), actor=TESTER)
    assert after.equals(before)
    assert data_version(first) == versions[0] and data_version(today) > versions[1]
    communes = coverage(today, today_settings, "commune", dt.date(2026, 12, 31), actor=TESTER).set_index("name")
    assert communes.at["Xã Vạn Linh", "households"] >= 200
    assert first.execute("SELECT count(*) FROM unit WHERE name = 'Thôn Kiểm Thử Một'").fetchone()[0] == 0
    logged = con.execute("SELECT campaign FROM main.audit_log WHERE action = 'import' ORDER BY id DESC LIMIT 1")
    assert logged.fetchone() == ("2026",)
    undo_upload(today, result.upload_id, TESTER)
    assert today.execute("SELECT count(*) FROM unit_current WHERE name = 'Thôn Kiểm Thử Một'").fetchone()[0] == 0
    assert coverage(first, settings.for_campaign("2021"), "commune", dt.date(2026, 12, 31), actor=TESTER).equals(before)


def test_a_database_made_before_campaigns_becomes_the_first_campaign(tmp_path, settings):
    path = tmp_path / "old.duckdb"
    con = open_database(path)
    initialise(con, settings)
    con.execute("DELETE FROM main.campaign")  # as a file from before the registry existed
    assert con.execute("SELECT count(*) FROM main.campaign").fetchone()[0] == 0
    sync_settings(con, settings)
    row = con.execute("SELECT id, schema_name, hierarchy FROM main.campaign").fetchall()
    assert row == [("2021", MAIN_SCHEMA, "2021")]
    con.close()


def test_cli_campaign_option(demo_db, capsys, tmp_path):
    assert main(["coverage", "--level", "province", "--db", str(demo_db), "--campaign", "2030"]) == 1
    assert "2030" in capsys.readouterr().err
    assert main(["coverage", "--level", "commune", "--db", str(demo_db), "--campaign", "2026",
                 "--format", "json"]) == 0
    assert '"Xã Vạn Linh"' in capsys.readouterr().out
    fresh = tmp_path / "fresh.duckdb"
    assert main(["init", "--db", str(fresh)]) == 0
    capsys.readouterr()
    assert main(["coverage", "--level", "commune", "--db", str(fresh), "--campaign", "2026"]) == 1
    assert "init --campaign 2026" in capsys.readouterr().err
    assert main(["init", "--db", str(fresh), "--campaign", "2026"]) == 0
    assert "Chiến dịch 2026" in capsys.readouterr().out
    assert main(["init", "--db", str(fresh), "--campaign", "2026"]) == 1
    assert "đã có" in capsys.readouterr().err
    con = duckdb.connect(str(fresh), read_only=True)
    assert con.execute("SELECT id, schema_name FROM main.campaign ORDER BY created_at").fetchall() == [
        ("2021", "main"), ("2026", "campaign_2026")]
    con.close()
