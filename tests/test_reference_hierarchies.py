"""The committed hierarchies (data/reference/hierarchies/) and their lineage.

Reads only the committed CSV files. The last test re-runs scripts/extract_hierarchies.py on the
source files when the environment variable REFERENCE_SOURCES names the folder holding them, and
is skipped otherwise.
"""

from __future__ import annotations

import csv
import datetime as dt
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
UNMAPPED = read("unmapped.csv")
BY_KEY = {(row["version"], row["level"], row["code"]): row for row in UNITS}
VERSIONS = ("2021", "2025-01", "2025-07")
REFORM = dt.date(2025, 7, 1)


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


SUCCESSORS = defaultdict(list)
for _row in LINEAGE:
    SUCCESSORS[(_row["from_version"], _row["level"], _row["from_code"])].append(_row)


def successors(version: str, level: str, code: str) -> list[dict[str, str]]:
    return SUCCESSORS.get((version, level, code), [])


def same_name(a: str, b: str) -> bool:
    """Equal but for case and where a syllable's tone mark sits ("Thuận Hoà" / "Thuận Hòa")."""
    from analytics.names import name_key

    return a.split()[0] == b.split()[0] and name_key(a) == name_key(b)


def period(row: dict[str, str]) -> tuple[dt.date, dt.date]:
    return dt.date.fromisoformat(row["valid_from"]), dt.date.fromisoformat(row["valid_to"] or "9999-12-31")


def unit_on(level: str, code: str, day: dt.date) -> set[str]:
    """The names the code has on a day, in whichever list."""
    return {row["name"] for row in UNITS if row["level"] == level and row["code"] == code
            and period(row)[0] <= day <= period(row)[1]}


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
    reached = set()
    for commune in units("2021", "commune", LANG_SON):
        in_2025_01 = successors("2021", "commune", commune["code"])
        assert in_2025_01, commune
        for step in in_2025_01:
            in_2025_07 = successors("2025-01", "commune", step["to_code"])
            assert in_2025_07, step
            for last in in_2025_07:
                assert BY_KEY[("2025-07", "commune", last["to_code"])]["parent_code"] == LANG_SON
                reached.add(last["to_code"])
    # the 200 communes of 2021 make up the 65 of today, and no other commune does
    assert reached == {row["code"] for row in units("2025-07", "commune", LANG_SON)}
    assert len(units("2021", "commune", LANG_SON)) == 200 and len(reached) == 65
    assert not [row for row in UNMAPPED if row["version"] != "2025-07" and row["level"] == "commune"
                and province_of(BY_KEY[(row["version"], "commune", row["code"])]) == LANG_SON]


def test_a_code_alone_does_not_identify_a_unit():
    assert BY_KEY[("2021", "commune", "06040")]["name"] == "Xã Đại Đồng"
    assert BY_KEY[("2025-01", "commune", "06040")]["name"] == "Thị trấn Thất Khê"
    split = {(row["to_code"], row["share"]) for row in successors("2021", "commune", "06040")}
    assert split == {("06040", "part"), ("06025", "part")}  # Thất Khê and Đội Cấn
    assert BY_KEY[("2025-01", "commune", "06025")]["name"] == "Xã Đội Cấn"
    thất_khê_2021 = successors("2021", "commune", "05995")
    assert [(row["to_code"], row["share"]) for row in thất_khê_2021] == [("06040", "whole")]
    # and on any day the code names one unit: Đại Đồng until the round of 1/12/2024, then Thất Khê
    # (a town until the reform, a commune since)
    assert unit_on("commune", "06040", dt.date(2021, 8, 2)) == {"Xã Đại Đồng"}
    assert unit_on("commune", "06040", dt.date(2024, 11, 30)) == {"Xã Đại Đồng"}
    assert unit_on("commune", "06040", dt.date(2024, 12, 1)) == {"Thị trấn Thất Khê"}
    assert unit_on("commune", "06040", dt.date(2025, 6, 30)) == {"Thị trấn Thất Khê"}
    assert unit_on("commune", "06040", REFORM) == {"Xã Thất Khê"}


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


def test_validity_is_a_period_of_whole_days():
    for row in UNITS:
        begins, ends = period(row)
        assert begins <= ends, row
        if row["valid_to"] == "":  # still in force: in today's list, under the same name
            today = BY_KEY.get(("2025-07", row["level"], row["code"]))
            assert today is not None and same_name(today["name"], row["name"]), row


def test_a_code_names_one_unit_on_any_day():
    # The same unit may sit in several lists (it went on unchanged); different units that share
    # a code never overlap.
    by_code = defaultdict(list)
    for row in UNITS:
        by_code[(row["level"], row["code"])].append(row)
    for rows in by_code.values():
        for i, a in enumerate(rows):
            for b in rows[i + 1:]:
                if same_name(a["name"], b["name"]):
                    continue
                (a_from, a_to), (b_from, b_to) = period(a), period(b)
                assert a_to < b_from or b_to < a_from, (a, b)


def test_a_unit_that_goes_on_unchanged_keeps_its_first_day():
    for earlier, later in zip(VERSIONS, VERSIONS[1:]):
        into = Counter((row["level"], row["to_code"]) for row in LINEAGE if row["from_version"] == earlier)
        for row in units(earlier, "commune") + units(earlier, "district") + units(earlier, "province"):
            out = successors(earlier, row["level"], row["code"])
            after = BY_KEY.get((later, row["level"], row["code"]))
            unchanged = (after is not None and same_name(after["name"], row["name"])
                         and [(r["to_code"], r["share"]) for r in out] == [(row["code"], "whole")]
                         and into[(row["level"], row["code"])] == 1)
            if unchanged:
                assert (after["valid_from"], after["valid_to"]) == (row["valid_from"], row["valid_to"]), row
            elif out:
                begins = min(BY_KEY[(later, row["level"], r["to_code"])]["valid_from"] for r in out)
                assert dt.date.fromisoformat(row["valid_to"]) == dt.date.fromisoformat(begins) - dt.timedelta(days=1), row


def test_the_reform_ends_districts_and_begins_the_new_communes_on_1_7_2025():
    assert {row["valid_to"] for row in units("2025-01", "district")} == {"2025-06-30"}
    assert {row["valid_to"] for row in units("2021", "district", LANG_SON)} == {"2025-06-30"}
    new = [row for row in units("2025-07", "commune") if row["valid_from"] != REFORM.isoformat()]
    # the few communes that went on unchanged keep an older first day; all others begin on 1/7/2025
    assert all(period(row)[0] < REFORM for row in new)
    assert len(new) < 200
    assert [row["valid_from"] for row in units("2025-07", "commune", LANG_SON)] == ["2025-07-01"] * 65
    assert BY_KEY[("2025-07", "province", LANG_SON)]["valid_from"] == "2021-02-03"  # Lạng Sơn went on whole


def test_lang_son_round_of_1_12_2024():
    # the day is the source's (the notes of langson-communes-2021-to-2025.csv)
    merged_away = {"Xã Vĩnh Tiến", "Xã Đại Đồng", "Xã Đồng Giáp", "Xã Tràng Các", "Xã Tĩnh Bắc", "Xã Sơn Hà"}
    ended = {row["name"] for row in units("2021", "commune", LANG_SON) if row["valid_to"] == "2024-11-30"}
    assert merged_away <= ended
    # ... and the communes that took them in changed on that day too
    begun = {row["name"] for row in units("2025-01", "commune", LANG_SON) if row["valid_from"] == "2024-12-01"}
    assert begun == {"Xã Khánh Long", "Thị trấn Thất Khê", "Xã Đội Cấn", "Xã Khánh Khê", "Thị trấn Hữu Lũng",
                     "Xã Tam Gia"}
    assert {row["valid_from"] for row in units("2025-01", "commune", LANG_SON)} == {"2021-02-03", "2024-12-01"}


def test_units_without_a_successor_are_listed_not_guessed():
    listed = {(row["version"], row["level"], row["code"]) for row in UNMAPPED if row["missing"] == "successor"}
    has_successor = {(row["from_version"], row["level"], row["from_code"]) for row in LINEAGE}
    for version in ("2021", "2025-01"):
        for row in units(version, "commune"):
            key = (version, "commune", row["code"])
            assert (key in listed) != (key in has_successor), row
    assert not listed & has_successor
    reasons = Counter(row["reason"] for row in UNMAPPED)
    assert set(reasons) == {"no_source_mapping", "absent_from_conversion", "island_district",
                            "no_commune_in_2025_01", "predecessor_not_in_2025_01"}
    # the 2021 communes without a mapping lie outside Lạng Sơn, the only province with a 2021 mapping
    no_mapping = [row for row in UNMAPPED if row["reason"] == "no_source_mapping"]
    assert no_mapping and {row["version"] for row in no_mapping} == {"2021"}


def test_island_districts_are_not_mapped_to_their_special_zones():
    islands = [row for row in UNMAPPED if row["reason"] == "island_district"]
    districts = {row["code"] for row in islands if row["level"] == "district"}
    zones = {row["code"] for row in islands if row["level"] == "commune"}
    assert len(districts) == len(zones) == 5
    assert all(BY_KEY[("2025-07", "commune", code)]["kind"] == "Đặc khu" for code in zones)
    lineage_ends = {(row["level"], row["from_code"]) for row in LINEAGE if row["from_version"] == "2025-01"}
    assert not {("district", code) for code in districts} & lineage_ends


@pytest.mark.skipif(not os.environ.get("REFERENCE_SOURCES"), reason="REFERENCE_SOURCES not set")
def test_a_rerun_reproduces_the_committed_files(tmp_path):
    sources = Path(os.environ["REFERENCE_SOURCES"])
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "extract_hierarchies.py"), str(sources),
         "--out", str(tmp_path), "--quiet"],
        check=True, capture_output=True,
    )
    for name in ("units.csv", "lineage.csv", "unmapped.csv"):
        assert (tmp_path / name).read_bytes() == (HIERARCHIES / name).read_bytes(), name
