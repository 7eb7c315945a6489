"""Official hierarchy (GSO list of 2021 for the 2021 campaign) for every province; Lạng Sơn is the default."""

from analytics.db import open_database
from analytics.reference import initialise


def test_lang_son_hierarchy(empty_db):
    con = open_database(empty_db)
    districts = dict(con.execute("SELECT code, short_name FROM unit WHERE level = 'district'").fetchall())
    assert sorted(districts) == ["178", "180", "181", "182", "183", "184", "185", "186", "187", "188", "189"]
    assert con.execute("SELECT count(*) FROM unit WHERE level = 'commune'").fetchone()[0] == 200
    parent = dict(con.execute("SELECT short_name, parent_code FROM unit WHERE level = 'commune' "
                              "AND short_name IN ('Vạn Linh', 'Gia Cát', 'Kiên Mộc')").fetchall())
    assert parent == {"Vạn Linh": "187", "Gia Cát": "183", "Kiên Mộc": "189"}
    phases = dict(con.execute("SELECT short_name, phase FROM unit WHERE level = 'district'").fetchall())
    assert {d for d, p in phases.items() if p == 1} == {"Chi Lăng", "Hữu Lũng", "Tràng Định", "Bắc Sơn", "Văn Quan"}
    assert sum(1 for p in phases.values() if p == 2) == 6


def test_another_province_initialises_without_lang_son_phases(tmp_path, settings):
    con = open_database(tmp_path / "hanoi.duckdb")
    initialise(con, settings, "01")
    assert con.execute("SELECT name FROM unit WHERE level = 'province'").fetchone() == ("Thành phố Hà Nội",)
    assert con.execute("SELECT count(*) FROM unit WHERE level = 'district'").fetchone()[0] == 30
    assert con.execute("SELECT count(*) FROM unit WHERE phase IS NOT NULL").fetchone()[0] == 0
