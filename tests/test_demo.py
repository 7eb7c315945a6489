"""The demo season reproduces the seed's figures, deterministically."""

import datetime as dt

import pandas as pd
import pytest

from analytics.coverage import coverage, cumulative_series
from analytics.db import open_database
from analytics.demo import build_demo
from analytics.access import operator

ADMIN = operator("tests")

END = dt.date(2021, 12, 31)


@pytest.fixture()
def province(demo_con, settings):
    return coverage(demo_con, settings, "province", END, actor=ADMIN).iloc[0]


def test_year_end_figures_match_the_seed(province):
    assert province["teams"] == 1702
    assert province["members"] == 6214
    assert province["stores"] >= 116_000
    assert 59.5 <= province["stores_pct"] <= 60.5
    assert 1650 <= province["villages"] <= 1800
    assert province["communes"] == 200          # the 2021 list (194 in 2025-01)


MERGED_1_12_2024 = {"06007": "Vĩnh Tiến", "06040": "Đại Đồng", "06295": "Đồng Giáp", "06301": "Tràng Các",
                    "06454": "Sơn Hà", "06574": "Tĩnh Bắc"}   # 2021 codes: in the 2021 list, not in 2025-01


def test_season_runs_on_the_2021_list_like_init(demo_con, empty_db):
    """The demo's districts and communes are exactly those `init` loads for the 2021 campaign;
    the six communes merged on 1/12/2024 have villages, households, teams and reports."""
    import duckdb

    query = "SELECT code, short_name, level, parent_code, version FROM unit WHERE level <> 'village' ORDER BY code"
    init = duckdb.connect(str(empty_db), read_only=True)
    assert demo_con.execute(query).fetchall() == init.execute(query).fetchall()
    init.close()
    assert demo_con.execute("SELECT hierarchy FROM main.campaign WHERE schema_name = 'main'").fetchall() == [("2021",)]
    assert dict(demo_con.execute("SELECT code, short_name FROM unit WHERE code IN ('05995', '06040')").fetchall()) \
        == {"05995": "Thất Khê", "06040": "Đại Đồng"}          # 06040 is Thất Khê only from 2025
    rows = demo_con.execute(
        """
        SELECT c.code, c.short_name, count(DISTINCT v.code), sum(h.households), count(DISTINCT t.id),
               (SELECT count(*) FROM report_current r JOIN unit rv ON rv.code = r.unit_code
                WHERE rv.parent_code = c.code AND r.source = 'commune' AND r.indicator = 'stores' AND r.value > 0)
        FROM unit c JOIN unit v ON v.parent_code = c.code JOIN village_households h ON h.village_code = v.code
        LEFT JOIN team_current t ON t.village_code = v.code
        WHERE list_contains(?, c.code) GROUP BY c.code, c.short_name
        """, [list(MERGED_1_12_2024)]).fetchall()
    assert {code: name for code, name, *_ in rows} == MERGED_1_12_2024
    for code, name, villages, households, teams, reports in rows:
        assert villages >= 3 and households >= 50 * villages and teams >= 1 and reports > 10, name


def test_about_200_stores_on_launch_day(demo_con, settings):
    launch = coverage(demo_con, settings, "province", dt.date(2021, 7, 20), actor=ADMIN).iloc[0]
    assert 150 <= launch["stores"] <= 250


def test_levels_sum_to_the_province(demo_con, settings, province):
    for level in ("district", "commune", "village"):
        rows = coverage(demo_con, settings, level, END, actor=ADMIN)
        for column in ("households", "stores", "accounts", "active", "teams", "members"):
            assert rows[column].sum() == province[column], (level, column)
    assert len(coverage(demo_con, settings, "district", END, actor=ADMIN)) == 11


def test_van_linh_stalls_until_the_evening_of_3_august(demo_con, settings):
    series = cumulative_series(demo_con, dt.date(2021, 7, 20), dt.date(2021, 8, 12), commune="06505", actor=ADMIN)
    stores = dict(zip(pd.to_datetime(series["date"]).dt.date, series["stores"]))
    assert 1400 <= series["households"].iloc[0] <= 1600
    assert 90 <= stores[dt.date(2021, 7, 26)] <= 110
    assert stores[dt.date(2021, 8, 2)] == stores[dt.date(2021, 7, 27)] == stores[dt.date(2021, 7, 26)]
    assert stores[dt.date(2021, 8, 3)] - stores[dt.date(2021, 8, 2)] == 26
    assert stores[dt.date(2021, 8, 12)] > stores[dt.date(2021, 8, 3)] + 20
    pho_cu, received = demo_con.execute(
        """
        SELECT sum(r.value), max(r.received_at) FROM report_current r JOIN unit v ON v.code = r.unit_code
        WHERE v.short_name = 'Phố Cũ' AND v.parent_code = '06505' AND r.report_date = DATE '2021-08-03'
          AND r.indicator = 'stores' AND r.source = 'commune'
        """).fetchone()
    assert pho_cu == 26
    assert received.hour >= 17      # reported that evening, after the deadline


def test_gia_cat_villages_and_team_list(demo_con):
    rows = demo_con.execute(
        """
        SELECT v.short_name, m.row_no, m.full_name, m.position, m.address, m.is_leader
        FROM team_current t JOIN team_member m ON m.team_id = t.id JOIN unit v ON v.code = t.village_code
        JOIN unit c ON c.code = v.parent_code WHERE c.short_name = 'Gia Cát' ORDER BY v.code, m.row_no
        """).fetchall()
    assert len(rows) == 24
    assert [r[0] for r in rows[::4]] == ["Bắc Nga", "Liên Hòa", "Bắc Đông I", "Bắc Đông II", "Nà Bó", "Sơn Hồng"]
    assert rows[0][2:] == ("Đào Xuân Đông", "Trưởng thôn", "Bắc Nga", True)
    assert ("Bắc Đông I", 4, "Nguyễn Văn Định", "CC VP - TK", "UBND xã", False) in rows


def test_pilot_districts_start_20_july_others_20_september(demo_con):
    first = dict(demo_con.execute(
        """
        SELECT d.phase, min(r.report_date) FROM report_current r JOIN unit v ON v.code = r.unit_code
        JOIN unit c ON c.code = v.parent_code JOIN unit d ON d.code = c.parent_code
        WHERE r.source = 'commune' GROUP BY d.phase
        """).fetchall())
    assert first == {1: dt.date(2021, 7, 20), 2: dt.date(2021, 9, 20)}


def test_reports_are_sometimes_late_or_missing(demo_con):
    late, on_time = demo_con.execute(
        """
        SELECT count(*) FILTER (WHERE hour(received_at) >= 17), count(*) FILTER (WHERE hour(received_at) < 17)
        FROM (SELECT DISTINCT v.parent_code, r.report_date, r.received_at FROM report_current r
              JOIN unit v ON v.code = r.unit_code WHERE r.source = 'commune')
        """).fetchone()
    assert 0.03 < late / (late + on_time) < 0.2
    communes_with_gaps = demo_con.execute(
        """
        SELECT count(*) FROM (
            SELECT v.parent_code, count(DISTINCT r.report_date) AS days, max(r.report_date) - min(r.report_date) + 1 AS span
            FROM report_current r JOIN unit v ON v.code = r.unit_code WHERE r.source = 'commune'
            GROUP BY v.parent_code) WHERE days < span
        """).fetchone()[0]
    assert communes_with_gaps > 10


def test_enterprise_reports_differ_a_little(demo_con):
    commune, enterprise = demo_con.execute(
        """
        SELECT sum(value) FILTER (WHERE source = 'commune'), sum(value) FILTER (WHERE source <> 'commune')
        FROM report_current WHERE indicator = 'stores'
        """).fetchone()
    assert commune != enterprise
    assert abs(enterprise - commune) / commune < 0.03


def test_most_communes_have_a_steering_committee(province):
    assert 150 <= province["committees"] < province["communes"]


def test_same_seed_same_season(tmp_path, settings, demo_con):
    con = open_database(tmp_path / "again.duckdb")
    build_demo(con, settings)
    again = coverage(con, settings, "village", END, actor=ADMIN)
    first = coverage(demo_con, settings, "village", END, actor=ADMIN)
    pd.testing.assert_frame_equal(again, first)
    for query in ("SELECT full_name FROM team_member ORDER BY team_id, row_no",
                  "SELECT unit_code, report_date, indicator, source, value, received_at FROM report "
                  "ORDER BY ALL LIMIT 5000"):
        assert con.execute(query).fetchall() == demo_con.execute(query).fetchall()
