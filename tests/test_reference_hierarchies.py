"""The committed hierarchies (data/reference/hierarchies/) and their lineage.

Reads only the committed CSV files. The last test re-runs scripts/extract_hierarchies.py on the
source files when the environment variable REFERENCE_SOURCES names the folder holding them, and
is skipped otherwise.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HIERARCHIES = ROOT / "data" / "reference" / "hierarchies"
LANG_SON = "20"


def read(name: str) -> list[dict[str, str]]:
    with (HIERARCHIES / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


UNITS = read("units.csv")
LINEAGE = read("lineage.csv")
BY_KEY = {(row["version"], row["level"], row["code"]): row for row in UNITS}


def units(version: str, level: str, province: str | None = None) -> list[dict[str, str]]:
    return [
        row for row in UNITS
        if row["version"] == version and row["level"] == level
        and (province is None or province_of(row) == province)
    ]


def province_of(row: dict[str, str]) -> str:
    while row["level"] != "province":
        parent_level = "district" if row["level"] == "commune" and row["version"] != "2025-07" else "province"
        row = BY_KEY[(row["version"], parent_level, row["parent_code"])]
    return row["code"]


def successors(version: str, level: str, code: str) -> list[dict[str, str]]:
    return [
        row for row in LINEAGE
        if row["from_version"] == version and row["level"] == level and row["from_code"] == code
    ]


def test_codes_are_padded_text_and_units_unique():
    widths = {"province": 2, "district": 3, "commune": 5}
    for row in UNITS:
        assert row["code"].isdigit() and len(row["code"]) == widths[row["level"]], row
        assert row["name"] == f"{row['kind']} {row['short_name']}", row
    assert len(BY_KEY) == len(UNITS)


def test_text_is_nfc_and_trimmed():
    for row in UNITS:
        for value in row.values():
            assert value == unicodedata.normalize("NFC", value) == " ".join(value.split()), row


def test_every_parent_and_lineage_end_exists():
    for row in UNITS:
        if row["level"] != "province":
            province_of(row)
    for row in LINEAGE:
        assert (row["from_version"], row["level"], row["from_code"]) in BY_KEY, row
        assert (row["to_version"], row["level"], row["to_code"]) in BY_KEY, row
        assert row["share"] in {"whole", "part"}


def test_lang_son_in_each_version():
    assert len(units("2021", "district", LANG_SON)) == 11
    assert len(units("2021", "commune", LANG_SON)) == 200
    assert len(units("2025-01", "district", LANG_SON)) == 11
    assert len(units("2025-01", "commune", LANG_SON)) == 194
    assert len(units("2025-07", "commune", LANG_SON)) == 65
    assert units("2025-07", "district") == []
    assert {row["parent_code"] for row in units("2025-07", "commune", LANG_SON)} == {LANG_SON}


def test_every_lang_son_commune_of_2021_reaches_a_commune_of_2025_07():
    for commune in units("2021", "commune", LANG_SON):
        in_2025_01 = successors("2021", "commune", commune["code"])
        assert in_2025_01, commune
        for step in in_2025_01:
            in_2025_07 = successors("2025-01", "commune", step["to_code"])
            assert in_2025_07, step
            for last in in_2025_07:
                assert BY_KEY[("2025-07", "commune", last["to_code"])]["parent_code"] == LANG_SON


def test_a_code_alone_does_not_identify_a_unit():
    assert BY_KEY[("2021", "commune", "06040")]["name"] == "Xã Đại Đồng"
    assert BY_KEY[("2025-01", "commune", "06040")]["name"] == "Thị trấn Thất Khê"
    split = {(row["to_code"], row["share"]) for row in successors("2021", "commune", "06040")}
    assert split == {("06040", "part"), ("06025", "part")}  # Thất Khê and Đội Cấn
    assert BY_KEY[("2025-01", "commune", "06025")]["name"] == "Xã Đội Cấn"
    thất_khê_2021 = successors("2021", "commune", "05995")
    assert [(row["to_code"], row["share"]) for row in thất_khê_2021] == [("06040", "whole")]


def test_bính_xá_and_kiên_mộc_are_divided_in_part_in_2025():
    for code, name in (("06622", "Xã Bính Xá"), ("06625", "Xã Kiên Mộc")):
        assert BY_KEY[("2025-01", "commune", code)]["name"] == name
        rows = successors("2025-01", "commune", code)
        assert len(rows) == 2 and {row["share"] for row in rows} == {"part"}, rows


def test_vạn_linh_merges_whole():
    rows = successors("2025-01", "commune", "06505")
    assert [(row["to_code"], row["share"]) for row in rows] == [("06505", "whole")]
    assert BY_KEY[("2025-07", "commune", "06505")]["name"] == "Xã Vạn Linh"


def test_national_counts():
    counts = Counter((row["version"], row["level"]) for row in UNITS)
    assert counts[("2021", "province")] == counts[("2025-01", "province")] == 63
    assert counts[("2025-07", "province")] == 34
    assert counts[("2025-07", "commune")] == 3321
    # The GSO lists have 10.608 and 10.056 rows below their header line: one per commune, plus
    # one for each of the five island districts with no commune (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa,
    # Lý Sơn, Côn Đảo).
    assert counts[("2021", "commune")] == 10_608 - 5
    assert counts[("2025-01", "commune")] == 10_056 - 5
    assert counts[("2021", "district")] == 705
    assert counts[("2025-01", "district")] == 696


def test_provinces_of_2025_01_go_whole_into_the_34():
    provinces = [row for row in LINEAGE if row["from_version"] == "2025-01" and row["level"] == "province"]
    assert {row["from_code"] for row in provinces} == {row["code"] for row in units("2025-01", "province")}
    assert {row["to_code"] for row in provinces} == {row["code"] for row in units("2025-07", "province")}
    assert {row["share"] for row in provinces} == {"whole"}
    into = defaultdict(set)
    for row in provinces:
        into[row["to_code"]].add(row["from_code"])
    assert into[LANG_SON] == {LANG_SON}
    assert into["24"] == {"24", "27"}  # Bắc Giang and Bắc Ninh became Bắc Ninh, code 24


def test_conversion_table_row_count():
    # The reference README counts 11.484 lines below the first; as CSV records the table has two
    # header lines, 34 province heading lines and 10.571 data rows: 875 records hold a line
    # break inside a quoted cell, which the line count counts twice or more.
    conversion = [row for row in LINEAGE if row["from_version"] == "2025-01" and row["level"] == "commune"]
    # Data rows without a lineage row: six new communes made from no commune (five island
    # districts and Kim Sơn's coastal strip) and three Mộc Châu wards of 2025, not in the 2025-01 list.
    assert len(conversion) == 10_571 - 6 - 3


@pytest.mark.skipif(not os.environ.get("REFERENCE_SOURCES"), reason="REFERENCE_SOURCES not set")
def test_a_rerun_reproduces_the_committed_files(tmp_path):
    sources = Path(os.environ["REFERENCE_SOURCES"])
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "extract_hierarchies.py"), str(sources),
         "--out", str(tmp_path), "--quiet"],
        check=True, capture_output=True,
    )
    for name in ("units.csv", "lineage.csv"):
        assert (tmp_path / name).read_bytes() == (HIERARCHIES / name).read_bytes(), name
