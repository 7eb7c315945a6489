"""`init --campaign ID --province CODE --hierarchy 2021|2025-01|2025-07` for any province of the
chosen list (63 before the 2025 reform, 34 after): units counted against the reference files,
no district on 2025-07, the settings' phases (Lạng Sơn's) left out elsewhere, the lineage of the
provinces merged in 2025, an unknown province refused in Vietnamese, a second campaign added to a
database that has one."""

from __future__ import annotations

import json

import duckdb
import pandas as pd
import pytest

from analytics import campaigns
from analytics.db import open_database
from analytics.lineage import former_units
from analytics.reference import HIERARCHY_DIR, initialise
from tests.conftest import run_cli

UNITS = pd.read_csv(HIERARCHY_DIR / "units.csv", dtype=str, keep_default_na=False)
LINEAGE = pd.read_csv(HIERARCHY_DIR / "lineage.csv", dtype=str, keep_default_na=False)
LANG_SON = "20"


cli = run_cli


def expected_counts(province: str, version: str) -> dict[str, int]:
    """Units of the province in one list, by level, from the reference file."""
    of_version = UNITS[UNITS["version"] == version]
    districts = of_version[(of_version["level"] == "district") & (of_version["parent_code"] == province)]
    communes = of_version[(of_version["level"] == "commune")
                          & of_version["parent_code"].isin(set(districts["code"]) | {province})]
    return {"province": 1, "district": len(districts), "commune": len(communes)}


def province_name(version: str, code: str) -> str:
    return UNITS.loc[(UNITS["version"] == version) & (UNITS["level"] == "province") & (UNITS["code"] == code),
                     "name"].iloc[0]


def merged_into(code: str) -> set[str]:
    """The provinces of 1/7/2025 a province of 2025-01 went into."""
    rows = LINEAGE[(LINEAGE["level"] == "province") & (LINEAGE["from_version"] == "2025-01")
                   & (LINEAGE["from_code"] == code)]
    return set(rows["to_code"])


def merged_from(code: str) -> set[str]:
    rows = LINEAGE[(LINEAGE["level"] == "province") & (LINEAGE["to_version"] == "2025-07")
                   & (LINEAGE["to_code"] == code)]
    return set(rows["from_code"])


def unit_counts(con) -> dict[str, int]:
    return dict(con.execute("SELECT level, count(*) FROM unit GROUP BY level").fetchall())


def test_every_list_has_the_provinces_it_should():
    provinces = UNITS[UNITS["level"] == "province"].groupby("version")["code"].nunique().to_dict()
    assert provinces == {"2021": 63, "2025-01": 63, "2025-07": 34}
    # Hà Giang (02) went into Tuyên Quang (08) on 1/7/2025: the merged province of these tests
    assert merged_into("02") == {"08"} and merged_from("08") == {"02", "08"}


@pytest.mark.parametrize(("province", "version", "campaign"), [
    ("08", "2025-07", "2026"),   # Tuyên Quang, merged with Hà Giang on 1/7/2025
    ("79", "2025-07", "2026"),   # Hồ Chí Minh, merged with Bình Dương and Bà Rịa - Vũng Tàu
    ("02", "2021", "2021"),      # Hà Giang as it was in 2021
    ("01", "2025-01", "2021"),   # Hà Nội just before the reform
    ("96", "2025-07", "2021"),   # Cà Mau, on a campaign whose phases are by district
])
def test_init_for_another_province(tmp_path, settings, province, version, campaign):
    con = open_database(tmp_path / "x.duckdb")
    own = settings.for_campaign(campaign)
    added = initialise(con, own, province, hierarchy=version)
    counts = unit_counts(con)
    wanted = expected_counts(province, version)
    assert added == sum(wanted.values())
    assert counts == {level: n for level, n in wanted.items() if n}
    if version == "2025-07":
        assert "district" not in counts
        assert con.execute("SELECT count(*) FROM unit WHERE level = 'commune' AND parent_code <> ?",
                           [province]).fetchone()[0] == 0
    assert con.execute("SELECT name FROM unit WHERE level = 'province'").fetchone() == (province_name(version, province),)
    # Lạng Sơn's phases are the settings' campaign's: another province's units get none
    assert own.province_code == LANG_SON and own.phases
    assert con.execute("SELECT count(*) FROM unit WHERE phase IS NOT NULL").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM phase").fetchone()[0] == 0
    assert campaigns.registry(con)[["id", "province_code", "hierarchy"]].values.tolist() == [[campaign, province, version]]
    con.close()


def test_a_merged_province_brings_the_history_of_the_provinces_it_was_made_of(tmp_path, settings):
    con = open_database(tmp_path / "tq.duckdb")
    initialise(con, settings.for_campaign("2026"), "08", hierarchy="2025-07")
    loaded = con.execute("SELECT from_version, from_code, to_code FROM main.unit_lineage WHERE level = 'commune' "
                         "AND from_version = '2025-01'").df()
    of_2025_01 = UNITS[UNITS["version"] == "2025-01"]
    ha_giang_districts = set(of_2025_01.loc[(of_2025_01["level"] == "district") & (of_2025_01["parent_code"] == "02"),
                                            "code"])
    ha_giang = set(of_2025_01.loc[(of_2025_01["level"] == "commune")
                                  & of_2025_01["parent_code"].isin(ha_giang_districts), "code"])
    expected = LINEAGE[(LINEAGE["from_version"] == "2025-01") & (LINEAGE["level"] == "commune")
                       & LINEAGE["from_code"].isin(ha_giang)]
    assert len(expected) > 100
    assert set(zip(expected["from_code"], expected["to_code"])) <= set(zip(loaded["from_code"], loaded["to_code"]))
    # ... so the import can read Hà Giang's old communes in the Tuyên Quang campaign
    former = former_units(con, "2025-07", "08")
    assert ha_giang <= set(former.loc[(former["version"] == "2025-01") & (former["level"] == "commune"), "code"])
    con.close()


def test_an_unknown_province_is_refused_in_vietnamese(tmp_path):
    db = tmp_path / "x.duckdb"
    merged = cli("init", "--campaign", "2026", "--province", "02", "--hierarchy", "2025-07", "--db", db, check=False)
    assert merged.returncode == 1
    (successor,) = merged_into("02")
    assert merged.stderr.strip() == (
        f"Không có tỉnh mã «02» trong danh mục hành chính 2025-07 (chọn bằng --hierarchy). "
        f"{province_name('2025-01', '02')} (mã 02) từ 1/7/2025 thuộc {province_name('2025-07', successor)} "
        f"(mã {successor}).")
    unknown = cli("init", "--campaign", "2021", "--province", "99", "--hierarchy", "2021", "--db", db, check=False)
    assert unknown.returncode == 1
    assert unknown.stderr.startswith("Không có tỉnh mã «99» trong danh mục hành chính 2021")
    assert "01 Hà Nội" in unknown.stderr and "20 Lạng Sơn" in unknown.stderr
    assert not db.exists()


def test_a_second_campaign_for_another_province_joins_an_existing_database(tmp_path):
    db = tmp_path / "x.duckdb"
    cli("init", "--db", db)  # the settings' first campaign: Lạng Sơn on the list of 2021
    cli("init", "--db", db, "--campaign", "2026", "--province", "08", "--hierarchy", "2025-07")
    again = cli("init", "--db", db, "--campaign", "2026", "--province", "08", check=False)
    assert again.returncode == 1 and "đã có trong cơ sở dữ liệu" in again.stderr
    con = duckdb.connect(str(db), read_only=True)
    registry = con.execute("SELECT id, province_code, hierarchy FROM main.campaign ORDER BY created_at, id").fetchall()
    assert registry == [("2021", LANG_SON, "2021"), ("2026", "08", "2025-07")]
    assert unit_counts(con) == {level: n for level, n in expected_counts(LANG_SON, "2021").items() if n}
    con.close()
    communes = json.loads(cli("coverage", "--level", "commune", "--campaign", "2026", "--format", "json",
                              "--db", db).stdout)
    assert len(communes) == expected_counts("08", "2025-07")["commune"]
    assert {row["stores"] for row in communes} == {0}
    districts = json.loads(cli("coverage", "--level", "district", "--format", "json", "--db", db).stdout)
    assert len(districts) == expected_counts(LANG_SON, "2021")["district"]
