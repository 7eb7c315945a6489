"""The database file: migrations, version, locking by another process, crash safety."""

import signal
import subprocess
import sys
import textwrap
import time

import duckdb
import pytest

from analytics.db import (LATEST_VERSION, DatabaseLockedError, data_version, migrations, open_database,
                          run_in_transaction, schema_version)
from tests.conftest import ROOT


def test_created_on_first_use_with_schema_version(tmp_path):
    path = tmp_path / "sub" / "new.duckdb"
    con = open_database(path)
    assert path.exists()
    assert schema_version(con) == LATEST_VERSION
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert {"unit", "report", "upload", "team", "team_member", "committee", "committee_member", "target",
            "village_households", "campaign_setting", "phase", "upload_issue", "report_current"} <= tables
    con.close()
    again = open_database(path)
    assert again.execute("SELECT count(*) FROM schema_version").fetchone()[0] == len(migrations())
    again.close()


def test_environment_variable_chooses_the_file(tmp_path, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DB", str(tmp_path / "env.duckdb"))
    open_database().close()
    assert (tmp_path / "env.duckdb").exists()


def test_failed_transaction_writes_nothing(empty_db):
    con = open_database(empty_db)
    before = data_version(con)

    def half_then_fail(cur):
        cur.execute("INSERT INTO upload (file_name, sha256, kind, user_name, uploaded_at, status) "
                    "VALUES ('x.xlsx', 'abc', 'daily', 'test', now()::TIMESTAMP, 'accepted')")
        raise ValueError("boom")

    with pytest.raises(ValueError):
        run_in_transaction(con, half_then_fail)
    assert con.execute("SELECT count(*) FROM upload WHERE sha256 = 'abc'").fetchone()[0] == 0
    assert data_version(con) == before


HOLD = textwrap.dedent("""
    import sys, time, duckdb
    con = duckdb.connect(sys.argv[1])
    print("ready", flush=True)
    time.sleep(60)
""")


def test_lock_held_by_another_process_is_explained(empty_db):
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(empty_db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(DatabaseLockedError) as caught:
            open_database(empty_db)
        message = str(caught.value)
        assert "đang được một tiến trình khác sử dụng" in message
        assert str(holder.pid) in message
        assert "Không có dữ liệu nào được ghi" in message
        cli = subprocess.run([sys.executable, "-m", "analytics", "coverage", "--level", "district", "--db",
                              str(empty_db)], cwd=ROOT, capture_output=True, text=True)
        assert cli.returncode == 1
        assert "tiến trình khác" in cli.stderr and "Traceback" not in cli.stderr
    finally:
        holder.kill()
        holder.wait()


KILLED_MID_WRITE = textwrap.dedent("""
    import sys, time
    from analytics.db import open_database
    con = open_database(sys.argv[1])
    con.execute("INSERT INTO meta VALUES ('committed', 'yes')")
    con.execute("BEGIN TRANSACTION")
    con.execute("INSERT INTO report (unit_code, report_date, indicator, source, value, upload_id, received_at) "
                "SELECT '06505', DATE '2021-08-01', 'stores', 'commune', i, 999, now()::TIMESTAMP "
                "FROM range(200000) t(i)")
    print("writing", flush=True)
    time.sleep(60)
""")


def test_killed_process_leaves_a_database_that_opens(empty_db):
    writer = subprocess.Popen([sys.executable, "-c", KILLED_MID_WRITE, str(empty_db)], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)
    assert writer.stdout.readline().strip() == "writing"
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    time.sleep(0.2)
    con = open_database(empty_db)
    assert con.execute("SELECT value FROM meta WHERE key = 'committed'").fetchone() == ("yes",)
    assert con.execute("SELECT count(*) FROM report").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM unit WHERE level = 'commune'").fetchone()[0] == 200
    con.close()


def test_concurrent_writers_in_one_process_keep_every_write(empty_db):
    import threading

    con = open_database(empty_db)
    errors = []

    def writer(n):
        try:
            for i in range(10):
                run_in_transaction(con, lambda cur: cur.execute(
                    "INSERT INTO upload (file_name, sha256, kind, user_name, uploaded_at, status) "
                    "VALUES (?, ?, 'daily', 'test', now()::TIMESTAMP, 'accepted')", [f"{n}-{i}", f"{n}-{i}"]))
        except duckdb.Error as exc:  # collected so the assertion below reports it
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert con.execute("SELECT count(*) FROM upload").fetchone()[0] == 40
    assert data_version(con) >= 40


def test_report_current_follows_imports_and_undo(empty_db):
    con = open_database(empty_db)

    def add(value):
        def work(cur):
            upload = cur.execute(
                "INSERT INTO upload (file_name, sha256, kind, user_name, uploaded_at, status) "
                "VALUES ('r.xlsx', ?, 'daily', 'test', now()::TIMESTAMP, 'accepted') RETURNING id",
                [f"sha-{value}"]).fetchone()[0]
            cur.execute("INSERT INTO report (unit_code, report_date, indicator, source, value, upload_id, "
                        "received_at) VALUES ('06505', DATE '2021-08-03', 'stores', 'commune', ?, ?, "
                        "TIMESTAMP '2021-08-03 16:00')", [value, upload])
            return upload
        return run_in_transaction(con, work)

    def current():
        return con.execute("SELECT value FROM report_current WHERE unit_code = '06505'").fetchall()

    first = add(26)
    assert current() == [(26.0,)]
    second = add(30)
    assert current() == [(30.0,)]
    run_in_transaction(con, lambda cur: cur.execute("UPDATE upload SET undone_at = now()::TIMESTAMP WHERE id = ?", [second]))
    assert current() == [(26.0,)]
    run_in_transaction(con, lambda cur: cur.execute("UPDATE upload SET undone_at = now()::TIMESTAMP WHERE id = ?", [first]))
    assert current() == []
    assert con.execute("SELECT count(*) FROM report").fetchone()[0] == 2


def test_an_upload_left_in_progress_by_a_killed_process_becomes_failed(empty_db):
    from analytics.db import open_database

    con = open_database(empty_db)
    con.execute("INSERT INTO upload (file_name, sha256, kind, user_name, uploaded_at, rows, status) "
                "VALUES ('bc.xlsx', 'abc', 'daily', 'tester', TIMESTAMP '2021-08-05 17:00:00', 0, 'in_progress')")
    con.close()
    con = open_database(empty_db)
    try:
        status, failure = con.execute("SELECT status, details->>'failure' FROM upload").fetchone()
    finally:
        con.close()
    assert status == "failed" and "ngắt giữa chừng" in failure
