"""Names of an earlier administrative list imported into a campaign on today's list (the demo's
campaign "2026": Lạng Sơn's 65 communes of 1/7/2025, no districts). A name that exists today wins;
an old commune that went whole into one of today's is read as it, with a warning on the cell; one
split between several is decided by the row's village, or refused naming the candidates; an old
district only narrows the old communes named next to it. Expectations come from the reference
files (data/reference/hierarchies), not from the code under test."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pandas as pd
import pytest

from analytics import campaigns
from analytics.db import open_database
from analytics.ingest import ImportOptions, import_file
from analytics.lineage import compose
from analytics.reference import HIERARCHY_DIR
from tests.ingest_fixtures import TESTER, messages, write_xlsx

LANG_SON = "20"
NOW = dt.datetime(2026, 12, 1, 18, 0)
TITLE = ["BÁO CÁO KẾT QUẢ NGÀY 30/11/2026"]
DAY = dt.date(2026, 11, 30)  # after the demo season (its last day is 27/11/2026)

UNITS = pd.read_csv(HIERARCHY_DIR / "units.csv", dtype=str, keep_default_na=False)
LINEAGE = pd.read_csv(HIERARCHY_DIR / "lineage.csv", dtype=str, keep_default_na=False)


def old_communes(name: str, district: str | None = None) -> pd.DataFrame:
    """Lạng Sơn's communes of the lists of 2021 and 2025-01 called `name` (in `district`)."""
    districts = UNITS[(UNITS["level"] == "district") & (UNITS["parent_code"] == LANG_SON)]
    inside = UNITS[(UNITS["level"] == "commune") & (UNITS["version"] != "2025-07") & (UNITS["name"] == name)]
    inside = inside.merge(districts[["version", "code", "name"]].rename(
        columns={"code": "parent_code", "name": "district_name"}), on=["version", "parent_code"])
    return inside if district is None else inside[inside["district_name"] == district]


def today_codes(version: str, code: str) -> set[str]:
    """The communes of 1/7/2025 a commune of an earlier list went into, step by step."""
    if version == "2025-07":
        return {code}
    steps = LINEAGE[(LINEAGE["from_version"] == version) & (LINEAGE["from_code"] == code)
                    & (LINEAGE["level"] == "commune")]
    return set().union(*(today_codes(row.to_version, row.to_code) for row in steps.itertuples()))


def today_name(code: str) -> str:
    row = UNITS[(UNITS["version"] == "2025-07") & (UNITS["code"] == code)]
    return row["name"].iloc[0]


def in_sentence(name: str) -> str:
    return name[:1].lower() + name[1:]


def old_label(row) -> str:
    """How the warning names an old commune: 'Xã Đồng Giáp, huyện Văn Quan (trước 1/12/2024)'."""
    day = dt.date.fromisoformat(row.valid_to) + dt.timedelta(days=1)
    return f"{row.name}, {in_sentence(row.district_name)} (trước {day.day}/{day.month}/{day.year})"


def where_it_went(name: str, district: str) -> tuple[str, str]:
    """(today's code, the old commune's label) of an old commune that went whole into one."""
    rows = old_communes(name, district)
    latest = next(rows.sort_values("version").tail(1).itertuples())
    (code,) = set().union(*(today_codes(r.version, r.code) for r in rows.itertuples()))
    return code, old_label(latest)


@pytest.fixture()
def campaign(demo_db, settings):
    """The demo's campaign 2026 (a private copy of the demo database) and its settings."""
    con = open_database(demo_db)
    bound = campaigns.bind(con, settings, "2026")
    yield bound, campaigns.settings_of(bound, settings)
    con.close()


def run(campaign, path, dry_run: bool = False):
    con, own = campaign
    return import_file(con, own, path.read_bytes(), path.name, ImportOptions(now=NOW, actor=TESTER),
                       dry_run=dry_run)


def report(tmp_path, header: list[str], rows: list[list], name: str = "bao_cao.xlsx", title=TITLE):
    return write_xlsx(tmp_path / name, [[line] for line in title] + [[], ["TT", *header]]
                      + [[number, *row] for number, row in enumerate(rows, start=1)])


def stores(campaign, code: str) -> float | None:
    con, _ = campaign
    row = con.execute("SELECT value FROM report_current WHERE unit_code = ? AND indicator = 'stores' "
                      "AND report_date = ?", [code, DAY]).fetchone()
    return row[0] if row else None


def warnings_on(result, value: str) -> list[str]:
    return [w.message for w in result.warnings if w.value == value]


def register_villages(campaign, tmp_path, villages: list[tuple[str, str]]) -> None:
    """A households file of the campaign that registers (commune, village) pairs."""
    path = report(tmp_path, ["Xã", "Thôn", "Số hộ"], [[c, v, 100] for c, v in villages], "so_ho.xlsx",
                  title=["SỐ HỘ GIA ĐÌNH THEO THÔN"])
    result = run(campaign, path)
    assert result.status == "accepted", messages(result.errors)


def village(campaign, commune: str, name: str) -> str:
    con, _ = campaign
    return con.execute("SELECT code FROM unit WHERE level = 'village' AND parent_code = ? AND name = ?",
                       [commune, name]).fetchone()[0]


def test_the_campaign_is_on_todays_list(campaign):
    con, own = campaign
    assert not own.has_districts
    assert con.execute("SELECT count(*) FROM unit WHERE level = 'district'").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM unit WHERE level = 'commune'").fetchone()[0] == len(
        UNITS[(UNITS["version"] == "2025-07") & (UNITS["level"] == "commune") & (UNITS["parent_code"] == LANG_SON)])


def test_old_communes_are_read_as_the_communes_they_became(campaign, tmp_path):
    đồng_giáp, đồng_giáp_label = where_it_went("Xã Đồng Giáp", "Huyện Văn Quan")  # merged on 1/12/2024
    chi_lăng, chi_lăng_label = where_it_went("Xã Chi Lăng", "Huyện Tràng Định")   # merged on 1/7/2025
    assert old_communes("Xã Đồng Giáp")["version"].tolist() == ["2021"]
    path = report(tmp_path, ["Huyện", "Xã", "Cửa hàng số"],
                  [["Huyện Văn Quan", "Xã Đồng Giáp", 4], ["Huyện Tràng Định", "Xã Chi Lăng", 3]])
    result = run(campaign, path)
    assert result.status == "accepted", messages(result.errors)
    assert (stores(campaign, đồng_giáp), stores(campaign, chi_lăng)) == (4, 3)
    assert warnings_on(result, "Xã Đồng Giáp") == [
        f"{đồng_giáp_label} nay thuộc {in_sentence(today_name(đồng_giáp))}."]
    assert warnings_on(result, "Xã Chi Lăng") == [
        f"{chi_lăng_label} nay thuộc {in_sentence(today_name(chi_lăng))}."]
    assert "(trước 1/12/2024)" in đồng_giáp_label and "(trước 1/7/2025)" in chi_lăng_label
    for district in ("Huyện Văn Quan", "Huyện Tràng Định"):
        (warning,) = warnings_on(result, district)
        assert warning.startswith(f"{district} không còn từ 1/7/2025") and "tìm tên xã cũ" in warning


def test_a_name_that_exists_today_wins_without_a_warning(campaign, tmp_path):
    # Vạn Linh is a commune of 2021 and of today: today's is meant.
    (vạn_linh,) = UNITS.loc[(UNITS["version"] == "2025-07") & (UNITS["name"] == "Xã Vạn Linh")
                            & (UNITS["parent_code"] == LANG_SON), "code"]
    assert len(old_communes("Xã Vạn Linh")) > 0
    path = report(tmp_path, ["Xã", "Cửa hàng số"], [["Xã Vạn Linh", 5]])
    result = run(campaign, path)
    assert result.status == "accepted", messages(result.errors)
    assert stores(campaign, vạn_linh) == 5
    assert result.warnings == []


def test_an_old_district_narrows_but_never_contradicts(campaign, tmp_path):
    (vạn_linh,) = UNITS.loc[(UNITS["version"] == "2025-07") & (UNITS["name"] == "Xã Vạn Linh")
                            & (UNITS["parent_code"] == LANG_SON), "code"]
    path = report(tmp_path, ["Huyện", "Xã", "Cửa hàng số"], [["Huyện Chi Lăng", "Xã Vạn Linh", 6]])
    result = run(campaign, path)
    assert result.status == "accepted", messages(result.errors)
    assert stores(campaign, vạn_linh) == 6
    assert [w.value for w in result.warnings] == ["Huyện Chi Lăng"]

    # Văn Quan never held any of today's Vạn Linh: the row contradicts itself.
    assert vạn_linh not in set().union(*(today_codes(r.version, r.code)
                                         for r in old_communes_of_district("Huyện Văn Quan").itertuples()))
    wrong = report(tmp_path, ["Huyện", "Xã", "Cửa hàng số"], [["Huyện Văn Quan", "Xã Vạn Linh", 6]], "sai.xlsx")
    result = run(campaign, wrong)
    assert result.status == "refused"
    assert messages(result.errors) == (
        "Không có «Xã Vạn Linh» trong huyện Văn Quan (trước 1/7/2025); tên này nay là: Xã Vạn Linh.")


def old_communes_of_district(district: str) -> pd.DataFrame:
    frame = UNITS[UNITS["version"] != "2025-07"]
    codes = frame.loc[(frame["level"] == "district") & (frame["name"] == district), "code"]
    return frame[(frame["level"] == "commune") & frame["parent_code"].isin(set(codes))]


def test_namesakes_of_the_old_list_need_their_old_district(campaign, tmp_path):
    # Four communes of 2021 were called Hòa Bình, in four districts, now in four communes.
    namesakes = old_communes("Xã Hòa Bình")
    went = {r.district_name: today_codes(r.version, r.code) for r in namesakes.itertuples()}
    assert len(went) == 4 and all(len(codes) == 1 for codes in went.values())
    assert len(set().union(*went.values())) == 4
    (chi_lăng_one,) = went["Huyện Chi Lăng"]
    path = report(tmp_path, ["Huyện", "Xã", "Cửa hàng số"],
                  [["Huyện Chi Lăng", "Xã Hòa Bình", 2], ["", "Xã Hòa Bình", 3]])
    result = run(campaign, path)
    assert result.status == "refused"
    (error,) = result.errors
    assert (error.row, error.column) == (5, "Xã")
    assert error.message.startswith("«Xã Hòa Bình» là tên cũ của nhiều xã:")
    for district, codes in went.items():
        assert f"huyện {district.split(' ', 1)[1]}" in error.message
        assert f"nay thuộc {in_sentence(today_name(next(iter(codes))))}" in error.message
    # the first row alone is whole: read with the warning
    alone = report(tmp_path, ["Huyện", "Xã", "Cửa hàng số"], [["Huyện Chi Lăng", "Xã Hòa Bình", 2]], "mot.xlsx")
    result = run(campaign, alone)
    assert result.status == "accepted", messages(result.errors)
    assert stores(campaign, chi_lăng_one) == 2


def split_candidates(name: str) -> list[str]:
    rows = old_communes(name)
    return sorted(set().union(*(today_codes(r.version, r.code) for r in rows.itertuples())))


def test_a_split_commune_is_decided_by_its_village(campaign, tmp_path):
    candidates = split_candidates("Xã Bính Xá")  # divided in part on 1/7/2025
    assert len(candidates) == 2
    first, second = (today_name(code) for code in candidates)
    register_villages(campaign, tmp_path, [(first, "Thôn Khuổi Lừa Thượng"), (second, "Thôn Nà Phai Thượng")])
    path = report(tmp_path, ["Xã", "Thôn", "Cửa hàng số"], [["Xã Bính Xá", "Thôn Nà Phai Thượng", 7]])
    result = run(campaign, path)
    assert result.status == "accepted", messages(result.errors)
    assert stores(campaign, village(campaign, candidates[1], "Thôn Nà Phai Thượng")) == 7
    (row,) = old_communes("Xã Bính Xá").sort_values("version").tail(1).itertuples()
    assert warnings_on(result, "Xã Bính Xá") == [
        f"{old_label(row)} nay chia cho {in_sentence(first)}, {in_sentence(second)}; «Thôn Nà Phai Thượng» thuộc "
        f"{in_sentence(second)}, nên dòng này tính cho {in_sentence(second)}."]


def test_a_split_commune_without_a_deciding_village_is_refused_naming_the_candidates(campaign, tmp_path):
    candidates = split_candidates("Xã Bính Xá")
    named = ", ".join(in_sentence(today_name(code)) for code in candidates)
    register_villages(campaign, tmp_path, [(today_name(code), "Thôn Pò Háng Thượng") for code in candidates])
    path = report(tmp_path, ["Xã", "Thôn", "Cửa hàng số"], [
        ["Xã Bính Xá", "", 1],                        # no village
        ["Xã Bính Xá", "Thôn Pò Háng Thượng", 2],     # a village both have
        ["Xã Bính Xá", "Thôn Không Có Thật", 3],      # a village neither has
    ])
    result = run(campaign, path)
    assert result.status == "refused"
    # (an error names the row's most specific name as its value; the column says which cell failed)
    errors = {e.row: e.message for e in result.errors if e.column == "Xã"}
    assert len(errors) == 3
    for message in errors.values():
        assert f"nay chia cho {named}" in message
    assert "không biết dòng này thuộc xã nào" in errors[4]
    assert "«Thôn Pò Háng Thượng» có ở cả" in errors[5]
    assert "không xã nào trong số đó có «Thôn Không Có Thật»" in errors[6]
    assert all(stores(campaign, code) is None for code in candidates)


def test_a_households_file_cannot_register_a_village_under_a_split_commune(campaign, tmp_path):
    path = report(tmp_path, ["Xã", "Thôn", "Số hộ"], [["Xã Bính Xá", "Thôn Mới Lập", 80]], "so_ho.xlsx",
                  title=["SỐ HỘ GIA ĐÌNH THEO THÔN"])
    result = run(campaign, path)
    assert result.status == "refused"
    (error,) = result.errors
    assert error.column == "Xã" and "nay chia cho" in error.message and "«Thôn Mới Lập»" in error.message


def test_a_district_is_no_unit_in_a_campaign_without_districts(campaign, tmp_path):
    path = report(tmp_path, ["Huyện", "Cửa hàng số"], [["Huyện Chi Lăng", 9]])
    result = run(campaign, path)
    assert result.status == "refused"
    assert messages(result.errors) == ("Huyện Chi Lăng không còn từ 1/7/2025 (không còn cấp huyện): không nhận số "
                                       "liệu của cấp huyện, hãy ghi theo từng xã.")


def test_unknown_names_are_refused_with_suggestions_as_before(campaign, tmp_path):
    path = report(tmp_path, ["Huyện", "Xã", "Cửa hàng số"],
                  [["Huyện Chi Lăngg", "Xã Vạn Linh", 1], ["", "Xã Vạn Linhh", 1]])
    result = run(campaign, path)
    assert result.status == "refused"
    by_cell = {(e.row, e.column): e.message for e in result.errors}
    assert by_cell[(4, "Huyện")].startswith("Không tìm thấy huyện «Huyện Chi Lăngg». Tên gần giống: Huyện Chi Lăng")
    assert by_cell[(5, "Xã")].startswith("Không tìm thấy xã «Xã Vạn Linhh». Tên gần giống: Xã Vạn Linh")


def test_a_title_naming_an_old_commune_gives_its_villages_todays_commune(campaign, tmp_path):
    khánh_khê, label = where_it_went("Xã Đồng Giáp", "Huyện Văn Quan")
    register_villages(campaign, tmp_path, [(today_name(khánh_khê), "Thôn Pác Khuông Thượng")])
    path = report(tmp_path, ["Thôn", "Cửa hàng số"], [["Thôn Pác Khuông Thượng", 8]],
                  title=["UBND XÃ ĐỒNG GIÁP", *TITLE])
    result = run(campaign, path)
    assert result.status == "accepted", messages(result.errors)
    assert stores(campaign, village(campaign, khánh_khê, "Thôn Pác Khuông Thượng")) == 8
    assert warnings_on(result, "XÃ ĐỒNG GIÁP") == [f"{label} nay thuộc {in_sentence(today_name(khánh_khê))}."]


def lineage_rows(*rows: tuple[str, str, str, str, str]) -> pd.DataFrame:
    return pd.DataFrame([(a, b, c, d, "commune", e) for a, b, c, d, e in rows],
                        columns=["from_version", "from_code", "to_version", "to_code", "level", "share"])


def test_compose_is_whole_only_when_every_step_is_whole_into_one():
    lineage = lineage_rows(
        ("2021", "A", "2025-01", "A", "whole"), ("2025-01", "A", "2025-07", "X", "whole"),    # whole, whole
        ("2021", "B", "2025-01", "B", "whole"), ("2025-01", "B", "2025-07", "X", "part"),     # whole, part ...
        ("2025-01", "B", "2025-07", "Y", "part"),                                             # ... in two
        ("2021", "C", "2025-01", "C1", "part"), ("2021", "C", "2025-01", "C2", "part"),       # split, then both
        ("2025-01", "C1", "2025-07", "X", "whole"), ("2025-01", "C2", "2025-07", "X", "whole"),  # into X
        ("2021", "D", "2025-01", "D", "whole"), ("2025-01", "D", "2025-07", "Z", "whole"),    # Z: elsewhere
        ("2021", "E", "2025-01", "E1", "part"), ("2021", "E", "2025-01", "E2", "part"),       # one half lost
        ("2025-01", "E1", "2025-07", "Y", "whole"),
        ("2021", "F", "2025-01", "F", "whole"), ("2025-01", "F", "2025-07", "Y", "part"),     # a lone part:
    )
    composed = compose(lineage, "2025-07", "commune", {"X", "Y"})
    got = {key: (sorted(value.targets), value.whole) for key, value in composed.items()}
    assert got[("2021", "A")] == (["X"], True)
    assert got[("2021", "B")] == (["X", "Y"], False)
    assert got[("2021", "C")] == (["X"], True)    # split in two, but both halves went into X
    assert ("2021", "D") not in got               # leads nowhere in this campaign
    assert got[("2021", "E")] == (["Y"], False)   # the other half is unaccounted for: never whole
    assert got[("2025-01", "B")] == (["X", "Y"], False)
    assert got[("2021", "F")] == (["Y"], False)   # where its rest went the sources do not say
    by_target = defaultdict(set)
    for (version, code), (targets, _) in got.items():
        for target in targets:
            by_target[target].add(code)
    assert by_target["X"] == {"A", "B", "C", "C1", "C2"}


def test_a_name_of_today_that_an_old_unit_also_bore_is_taken_with_a_warning(campaign, tmp_path):
    # Today's Xã Chi Lăng is not the old Xã Chi Lăng of Tràng Định, which went into another commune:
    # a file of before the reform would put that commune's figures on today's namesake.
    (chi_lăng,) = UNITS.loc[(UNITS["version"] == "2025-07") & (UNITS["name"] == "Xã Chi Lăng")
                            & (UNITS["parent_code"] == LANG_SON), "code"]
    old = old_communes("Xã Chi Lăng", "Huyện Tràng Định")
    went = set().union(*(today_codes(r.version, r.code) for r in old.itertuples()))
    assert len(old) and chi_lăng not in went
    path = report(tmp_path, ["Xã", "Cửa hàng số"], [["Xã Chi Lăng", 7]])
    result = run(campaign, path)
    assert result.status == "accepted", messages(result.errors)
    assert stores(campaign, chi_lăng) == 7
    (warning,) = warnings_on(result, "Xã Chi Lăng")
    assert warning.startswith("Đã ghi vào Xã Chi Lăng hiện nay.") and "huyện Tràng Định" in warning
    assert all(in_sentence(today_name(code)) in warning for code in went)
