"""Coverage against targets: the settings' defaults, or a target assigned to the unit, which wins."""

import datetime as dt

from analytics.coverage import coverage
from analytics.db import open_database, run_in_transaction
from analytics.access import operator

ADMIN = operator("tests")

END = dt.date(2021, 12, 31)


def assign(con, unit, indicator, value, measure):
    def work(cur):
        upload = cur.execute(
            "INSERT INTO upload (file_name, sha256, kind, user_name, uploaded_at, status) "
            "VALUES ('chi_tieu.xlsx', ?, 'targets', 'test', now()::TIMESTAMP, 'accepted') RETURNING id",
            [f"{unit}-{indicator}-{value}"]).fetchone()[0]
        cur.execute("INSERT INTO target VALUES (?, ?, ?, ?, ?)", [unit, indicator, value, measure, upload])
        return upload
    return run_in_transaction(con, work)


def test_assigned_targets_win_over_the_defaults(demo_db, settings):
    con = open_database(demo_db)
    before = coverage(con, settings, "commune", END, district="187", actor=ADMIN).set_index("code").loc["06505"]
    assert before["stores_target_pct"] == 50.0
    assign(con, "06505", "stores", 70, "pct")
    assign(con, "187", "accounts", 5000, "count")
    van_linh = coverage(con, settings, "commune", END, district="187", actor=ADMIN).set_index("code").loc["06505"]
    assert van_linh["stores_target_pct"] == 70.0
    assert van_linh["stores_target"] == 0.7 * van_linh["households"]
    assert van_linh["stores_gap"] == max(0, int(-(-0.7 * van_linh["households"] // 1)) - van_linh["stores"])
    assert van_linh["accounts_target_pct"] == 50.0
    chi_lang = coverage(con, settings, "district", END, district="187", actor=ADMIN).iloc[0]
    assert chi_lang["accounts_target"] == 5000
    assert chi_lang["stores_target_pct"] == 50.0
