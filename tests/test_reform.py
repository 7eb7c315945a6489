"""Today's communes (after 1/7/2025) for the demo campaign, which runs on an older list: the
lineage composed, figures re-aggregated with every total kept, divided communes kept apart until
the province's weights file (kind lineage-weights) apportions them, villages that keep their
identity, and that file refused cell by cell when it is wrong. Expectations come from the data
(the lineage and the campaign's own coverage), whatever older list the demo is built on."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from analytics import texts
from analytics.access import Actor
from analytics.coverage import coverage
from analytics.db import open_database
from analytics.ingest import undo_upload
from analytics.reform import (
    TODAY, applies, campaign_hierarchy, composed_lineage, today_coverage, today_units, today_villages,
)
from tests.ingest_fixtures import TESTER, run, write_xlsx

END = dt.date(2021, 12, 31)
ADMIN = Actor("test.admin", "admin")
# Figures that add up; the same names in coverage and in today's rows.
ADDITIVE = ["households", "villages", "communes", "stores", "accounts", "active", "teams", "members", "full_teams",
            "committees", "enterprise_stores", "enterprise_accounts", "orders", "volume"]
AMOUNTS = ["stores_target", "accounts_target", "active_target", "revenue"]


@pytest.fixture()
def con(demo_db):
    connection = open_database(demo_db)
    yield connection
    connection.close()


def _lineage(con) -> pd.DataFrame:
    return composed_lineage(con, campaign_hierarchy(con))


def _expected_lineage(con) -> set[tuple[str, str]]:
    """The composition done again in SQL, step by step along the lists (an independent reading)."""
    version = campaign_hierarchy(con)
    versions = ["2021", "2025-01", TODAY]
    pairs = {(r[0], r[0]) for r in con.execute(
        "SELECT code FROM unit WHERE level = 'commune'").fetchall()}
    for a, b in zip(versions[versions.index(version):], versions[versions.index(version) + 1:]):
        step = con.execute("SELECT from_code, to_code FROM main.unit_lineage WHERE level = 'commune' "
                           "AND from_version = ? AND to_version = ?", [a, b]).fetchall()
        pairs = {(origin, to) for origin, via in pairs for frm, to in step if frm == via}
    return pairs


def _split_communes(lineage: pd.DataFrame) -> list[str]:
    return sorted(set(lineage.loc[lineage["share"] == "part", "from_code"]))


def test_the_demo_runs_on_an_older_list_and_composes_to_the_65_communes_of_today(demo_con):
    assert applies(demo_con)
    lineage = _lineage(demo_con)
    assert set(zip(lineage["from_code"], lineage["to_code"])) == _expected_lineage(demo_con)
    assert lineage["to_code"].nunique() == 65
    campaign = {r[0] for r in demo_con.execute("SELECT code FROM unit WHERE level = 'commune'").fetchall()}
    assert set(lineage["from_code"]) == campaign          # every commune of the campaign has a successor
    counts = lineage.groupby("from_code")["to_code"].nunique()
    assert (lineage["share"] == "part").equals(lineage["from_code"].map(counts) > 1)
    assert _split_communes(lineage)                        # the reform divided some communes in part


def test_a_campaign_on_todays_list_needs_no_reaggregation(demo_con, settings):
    from analytics.campaigns import bind

    later = next(c for c in settings.campaigns if c.hierarchy == TODAY)
    assert not applies(bind(demo_con, settings, later.id))


def test_province_totals_hold_and_each_new_commune_is_the_sum_of_its_whole_merged_ones(demo_con, settings):
    old = coverage(demo_con, settings, "commune", END, actor=ADMIN)
    province = coverage(demo_con, settings, "province", END, actor=ADMIN).iloc[0]
    today = today_coverage(demo_con, settings, END, actor=ADMIN)
    for column in ADDITIVE:
        assert today[column].sum() == old[column].sum() == province[column], column
    for column in AMOUNTS:
        assert today[column].sum() == pytest.approx(old[column].sum()), column
    lineage = _lineage(demo_con)
    whole = lineage[lineage["share"] == "whole"]
    kept = today[~today["split_part"]]
    assert set(kept["code"]) == set(whole["to_code"])
    assert set(kept["name"]) == set(today_units(kept["code"])["name"])
    assert not kept["apportioned"].any()
    figures = old.set_index("code")
    for row in kept.itertuples():
        members = whole.loc[whole["to_code"] == row.code, "from_code"]
        expected = figures.loc[members]
        for column in ADDITIVE:
            assert getattr(row, column) == expected[column].sum(), (row.name, column)
        assert row.stores_target == pytest.approx(expected["stores_target"].sum())
        assert row.stores_pct == round(100 * row.stores / row.households, 2)
        assert row.stores_reached == (row.stores >= -(-row.stores_target // 1))
        assert row.outside_scope == 0
        assert set(row.old_communes.split(", ")) == set(expected["name"])


def test_a_commune_divided_in_part_without_weights_is_kept_apart_and_flagged(demo_con, settings):
    old = coverage(demo_con, settings, "commune", END, actor=ADMIN).set_index("code")
    today = today_coverage(demo_con, settings, END, actor=ADMIN)
    version = campaign_hierarchy(demo_con)
    split = _split_communes(_lineage(demo_con))
    apart = today[today["split_part"]].set_index("code")
    assert sorted(apart.index) == sorted(f"{version}:{code}" for code in split)
    assert list(today["split_part"].iloc[-len(split):]) == [True] * len(split)     # listed last
    for code in split:
        row = apart.loc[f"{version}:{code}"]
        assert row["hierarchy"] == version and "chia tách một phần" in row["reform_note"]
        assert row["name"] == texts.REFORM_PART_NAME.format(name=old.at[code, "name"])
        for column in ADDITIVE:
            assert row[column] == old.at[code, column], column


def test_a_district_counts_only_its_own_communes_and_says_what_lies_outside(demo_con, settings):
    lineage = _lineage(demo_con)
    districts = coverage(demo_con, settings, "district", END, actor=ADMIN).set_index("code")
    communes = demo_con.execute("SELECT code, parent_code FROM unit WHERE level = 'commune'").df()
    district_of = dict(zip(communes["code"], communes["parent_code"]))
    lineage["district"] = lineage["from_code"].map(district_of)
    # a district whose communes share a commune of today with another district, if the data has one
    shared = lineage.groupby("to_code")["district"].nunique()
    straddled = lineage[lineage["to_code"].isin(shared[shared > 1].index)]
    district = straddled["district"].iloc[0] if len(straddled) else districts.index[0]
    rows = today_coverage(demo_con, settings, END, district=district, actor=ADMIN)
    for column in ADDITIVE:
        assert rows[column].sum() == districts.at[district, column], column
    own = lineage[lineage["district"] == district]
    for row in rows[~rows["split_part"]].itertuples():
        everyone = set(lineage.loc[lineage["to_code"] == row.code, "from_code"])
        assert row.outside_scope == len(everyone - set(own["from_code"]))
    if len(straddled):
        assert rows["outside_scope"].max() > 0 and rows["reform_note"].str.contains("ngoài phạm vi").any()


def _names(con) -> tuple[dict, dict]:
    """How a file names each campaign commune (its short name; its code where the name is shared)
    and each commune of today (its short name)."""
    units = con.execute("SELECT code, short_name FROM unit WHERE level = 'commune'").df()
    shared = units["short_name"].duplicated(keep=False)
    old = dict(zip(units["code"], units["short_name"].where(~shared, units["code"])))
    today = today_units(set(_lineage(con)["to_code"]))
    return old, dict(zip(today["code"], today["short_name"]))


def _weights_file(path, rows, villages=None):
    sheets = {"Tỷ lệ": [["SỐ HỘ CỦA PHẦN CHIA TÁCH"], [], ["TT", "Xã cũ", "Xã mới", "Số hộ"],
                        *[[i, *row] for i, row in enumerate(rows, start=1)]]}
    if villages is not None:
        sheets["Thôn"] = [["TT", "Xã cũ", "Thôn", "Xã mới"], *[[i, *row] for i, row in enumerate(villages, start=1)]]
    return write_xlsx(path, sheets)


def _shares(total: int, parts: int) -> list[int]:
    """total split unevenly (60 % to the first) in whole households."""
    first = total * 6 // 10 if parts > 1 else total
    rest = [(total - first) // (parts - 1)] * (parts - 1) if parts > 1 else []
    if rest:
        rest[-1] += total - first - sum(rest)
    return [first, *rest]


def test_weights_apportion_a_divided_commune_totals_hold_and_undo_restores(con, settings, tmp_path):
    old = coverage(con, settings, "commune", END, actor=ADMIN).set_index("code")
    before = today_coverage(con, settings, END, actor=ADMIN).set_index("code")
    lineage = _lineage(con)
    commune = _split_communes(lineage)[0]
    successors = list(lineage.loc[lineage["from_code"] == commune, "to_code"])
    weights = _shares(int(old.at[commune, "households"]), len(successors))
    old_names, new_names = _names(con)
    path = _weights_file(tmp_path / "ty_le.xlsx", [[old_names[commune], new_names[s], w]
                                                   for s, w in zip(successors, weights)])
    result = run(con, settings, path)
    assert result.status == "accepted", result.errors
    assert result.kind == "lineage-weights" and result.rows == len(successors)
    after = today_coverage(con, settings, END, actor=ADMIN)
    for column in ADDITIVE:
        assert after[column].sum() == old[column].sum(), column
    for column in AMOUNTS:
        assert after[column].sum() == pytest.approx(old[column].sum()), column
    version = campaign_hierarchy(con)
    assert f"{version}:{commune}" not in set(after["code"])
    rows = after.set_index("code")
    share = {column: 0 for column in ("households", "stores", "villages", "communes")}
    for successor, weight in zip(successors, weights):
        row = rows.loc[successor]
        assert row["apportioned"] and old.at[commune, "name"] in row["reform_note"]
        whole = before.loc[successor] if successor in before.index else None
        got = {c: row[c] - (whole[c] if whole is not None else 0) for c in share}
        assert got["households"] == weight           # the weight is exactly what went there
        for column in share:
            share[column] += got[column]
    for column in share:                             # the divided commune is all accounted for
        assert share[column] == old.at[commune, column], column
    undo_upload(con, result.upload_id, TESTER)
    again = today_coverage(con, settings, END, actor=ADMIN)
    assert f"{version}:{commune}" in set(again["code"])
    pd.testing.assert_frame_equal(again.reset_index(drop=True), before.reset_index(), check_like=True)


def test_villages_follow_their_commune_or_the_file_and_placed_villages_take_their_figures(con, settings, tmp_path):
    lineage = _lineage(con)
    commune = _split_communes(lineage)[0]
    successors = list(lineage.loc[lineage["from_code"] == commune, "to_code"])
    villages = today_villages(con, settings, END, actor=ADMIN)
    whole = lineage[lineage["share"] == "whole"].set_index("from_code")["to_code"]
    followed = villages[~villages["old_commune_code"].isin(_split_communes(lineage))]
    assert (followed["parent_code"] == followed["old_commune_code"].map(whole)).all()
    unplaced = villages[villages["old_commune_code"] == commune]
    assert unplaced["split_part"].all() and unplaced["parent_code"].isna().all()
    # the province places every village of the divided commune, alternating between its successors
    old_names, new_names = _names(con)
    placed = {code: successors[i % len(successors)] for i, code in enumerate(unplaced["code"])}
    path = _weights_file(tmp_path / "thon.xlsx", [], [[old_names[commune], name, new_names[placed[code]]]
                                                      for code, name in zip(unplaced["code"], unplaced["short_name"])])
    result = run(con, settings, path)
    assert result.status == "accepted", result.errors
    now = today_villages(con, settings, END, actor=ADMIN).set_index("code")
    for code, successor in placed.items():
        assert now.at[code, "parent_code"] == successor and not now.at[code, "split_part"]
    old = coverage(con, settings, "commune", END, actor=ADMIN).set_index("code")
    today = today_coverage(con, settings, END, actor=ADMIN)
    assert f"{campaign_hierarchy(con)}:{commune}" not in set(today["code"])
    for column in ADDITIVE:
        assert today[column].sum() == old[column].sum(), column
    rows = today.set_index("code")
    for successor in successors:
        mine = unplaced[unplaced["code"].map(placed) == successor]
        members = whole[whole == successor].index
        assert rows.at[successor, "households"] == old.loc[members, "households"].sum() + mine["households"].sum()
        assert rows.at[successor, "villages"] == old.loc[members, "villages"].sum() + len(mine)


def _issue_cells(result) -> set[tuple]:
    return {(issue.sheet, issue.row, issue.column) for issue in result.errors}


def test_a_wrong_weights_file_is_refused_with_sheet_row_and_column(con, settings, tmp_path):
    lineage = _lineage(con)
    old_names, new_names = _names(con)
    first, *others = _split_communes(lineage)
    successors = list(lineage.loc[lineage["from_code"] == first, "to_code"])
    households = int(coverage(con, settings, "commune", END, commune=first, actor=ADMIN)["households"].iloc[0])
    whole = lineage[lineage["share"] == "whole"].set_index("from_code")["to_code"]
    merged = next(code for code in whole.index if old_names[code] != code)       # named, not by code
    stranger = next(code for code in new_names if code not in successors and code != whole[merged])
    village = con.execute("SELECT short_name FROM unit WHERE level = 'village' AND parent_code = ? ORDER BY code",
                          [merged]).fetchone()[0]
    rows = [
        [old_names[first], new_names[successors[0]], households - 1],            # 4: sum one short (on row 5)
        [old_names[first], new_names[successors[1]], 0],                         # 5
        ["Atlantis", new_names[successors[0]], 10],                              # 6: unknown old commune
        [old_names[merged], new_names[whole[merged]], 10],                        # 7: went whole
        [old_names[first], new_names[stranger], 5],                              # 8: not a successor
        [old_names[first], new_names[successors[0]], 3],                         # 9: named twice
        [old_names[first], "Không Có Xã Này", 5],                                # 10: unknown commune of today
    ]
    if others:
        other = others[0]
        other_successors = list(lineage.loc[lineage["from_code"] == other, "to_code"])
        rows += [[old_names[other], new_names[other_successors[0]], "mười"]]     # 11: not a number
    villages = [[old_names[merged], village, new_names[stranger]],              # Thôn 2: not a successor
                [old_names[first], "Thôn Không Có", new_names[successors[0]]]]  # Thôn 3: unknown village
    result = run(con, settings, _weights_file(tmp_path / "sai.xlsx", rows, villages))
    assert result.status == "refused"
    cells = _issue_cells(result)
    expected = {("Tỷ lệ", 5, "Số hộ"), ("Tỷ lệ", 6, "Xã cũ"), ("Tỷ lệ", 7, "Xã cũ"), ("Tỷ lệ", 8, "Xã mới"),
                ("Tỷ lệ", 9, "Số hộ"), ("Tỷ lệ", 10, "Xã mới"), ("Thôn", 2, "Xã mới"), ("Thôn", 3, "Thôn")}
    if others:
        expected |= {("Tỷ lệ", 11, "Số hộ")}
    assert expected <= cells, sorted(cells)
    messages = {(issue.row, issue.column): issue.message for issue in result.errors if issue.sheet == "Tỷ lệ"}
    assert "khác số hộ của xã trong chiến dịch" in messages[(5, "Số hộ")]
    assert "không cần tỷ lệ" in messages[(7, "Xã cũ")]
    assert "không nhận phần nào" in messages[(8, "Xã mới")]
    assert "đã có ở dòng 4" in messages[(9, "Số hộ")]
    assert con.execute("SELECT count(*) FROM lineage_weight").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM village_placement").fetchone()[0] == 0


def test_weights_must_name_every_successor_and_villages_cannot_exceed_them(con, settings, tmp_path):
    lineage = _lineage(con)
    old_names, new_names = _names(con)
    commune = _split_communes(lineage)[0]
    successors = list(lineage.loc[lineage["from_code"] == commune, "to_code"])
    result = run(con, settings, _weights_file(tmp_path / "thieu.xlsx", [[old_names[commune], new_names[successors[0]], 1]]))
    assert result.status == "refused"
    incomplete = [i for i in result.errors if "Thiếu số hộ chuyển sang" in i.message]
    assert [(i.sheet, i.row, i.column) for i in incomplete] == [("Tỷ lệ", 4, "Xã mới")]
    # all the households to the first successor, yet a village placed in the second
    villages = con.execute("SELECT short_name FROM unit WHERE level = 'village' AND parent_code = ? ORDER BY code",
                           [commune]).fetchall()
    households = int(coverage(con, settings, "commune", END, commune=commune, actor=ADMIN)["households"].iloc[0])
    weights = [[old_names[commune], new_names[s], households if i == 0 else 0] for i, s in enumerate(successors)]
    result = run(con, settings, _weights_file(tmp_path / "vuot.xlsx", weights,
                                              [[old_names[commune], villages[0][0], new_names[successors[1]]]]))
    assert result.status == "refused"
    over = [i for i in result.errors if "nhiều hơn số hộ" in i.message]
    assert [(i.sheet, i.row, i.column) for i in over] == [("Thôn", 2, "Xã mới")]


def test_the_template_names_its_columns_and_a_commune_officer_writes_only_their_commune(con, settings, tmp_path):
    from analytics.ingest import template_bytes

    path = tmp_path / "mau.xlsx"
    path.write_bytes(template_bytes("lineage-weights"))
    result = run(con, settings, path, dry_run=True)
    assert result.kind == "lineage-weights"
    assert [layout["sheet"] for layout in result.layout] == ["Mẫu", texts.IMPORT_TEMPLATE_VILLAGES_SHEET]
    # its example (one successor of a divided commune) is read, and refused as incomplete
    assert any("Thiếu số hộ chuyển sang" in issue.message for issue in result.errors)
    lineage = _lineage(con)
    old_names, new_names = _names(con)
    commune = _split_communes(lineage)[0]
    officer_commune = con.execute("SELECT code FROM unit WHERE level = 'commune' AND code <> ? LIMIT 1",
                                  [commune]).fetchone()[0]
    officer = Actor("xa.khac", "commune", commune=officer_commune)
    successors = list(lineage.loc[lineage["from_code"] == commune, "to_code"])
    households = int(coverage(con, settings, "commune", END, commune=commune, actor=ADMIN)["households"].iloc[0])
    rows = [[old_names[commune], new_names[s], w] for s, w in zip(successors, _shares(households, len(successors)))]
    result = run(con, settings, _weights_file(tmp_path / "ngoai.xlsx", rows), actor=officer)
    assert result.status == "refused" and "ngoài phạm vi" in " ".join(i.message for i in result.errors)



def test_cli_coverage_and_ranking_of_todays_communes(demo_db, capsys, tmp_path):
    import io
    import json

    import openpyxl

    from analytics.cli import main
    from analytics.ranking import TODAY_FILE_STEM

    db = ["--db", str(demo_db)]
    assert main(["coverage", "--level", "commune", "--as-of", "2021-12-31", "--format", "json", *db]) == 0
    old = pd.DataFrame(json.loads(capsys.readouterr().out))
    assert main(["coverage", "--level", "commune", "--today-communes", "--as-of", "2021-12-31", *db]) == 0
    today = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype={"code": str})
    kept = today[~today["split_part"]]
    assert kept["code"].is_unique and len(kept) <= 65 and kept["hierarchy"].eq(TODAY).all()
    for column in ("households", "stores", "accounts", "active", "villages", "teams"):
        assert today[column].sum() == old[column].sum(), column
    assert main(["coverage", "--level", "district", "--today-communes", *db]) == 1
    assert texts.REFORM_LEVELS in capsys.readouterr().err

    out = tmp_path / f"{TODAY_FILE_STEM}.xlsx"
    assert main(["ranking", "--level", "commune", "--today-communes", "--as-of", "2021-12-31",
                 "--compare", "2021-11-30", "--out", str(out), *db]) == 0
    assert "xã, phường sau 1/7/2025" in capsys.readouterr().out
    sheet = openpyxl.load_workbook(out).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    lines = [value for row in rows[:10] for value in row if isinstance(value, str)]
    assert texts.RANKING_TITLE_TODAY in lines                       # the header says which communes
    assert texts.REFORM_SCOPE.format(scope=texts.SCOPE_PROVINCE) in lines
    start = next(i for i, row in enumerate(rows) if row[0] == texts.RANKING_COLUMNS["rank"])
    end = next(i for i, row in enumerate(rows) if texts.EXPORT_TOTAL in row)
    table = pd.DataFrame(rows[start + 1:end], columns=rows[start])
    ranked = table[table[texts.RANKING_COLUMNS["rank"]].notna()]
    apart = table[table[texts.RANKING_COLUMNS["rank"]].isna()]
    assert len(ranked) == len(kept) and len(apart) == today["split_part"].sum()
    assert set(ranked[texts.COLUMNS["name"]]) == set(kept["name"])
    assert ranked[texts.RANKING_COLUMNS["rank"]].min() == 1 and ranked[texts.RANKING_COLUMNS["rank"]].max() <= len(kept)
    assert apart[texts.COLUMNS["reform_note"]].str.contains("chia tách một phần").all()
    assert table[texts.COLUMNS["households"]].sum() == old["households"].sum()
    assert rows[end][rows[start].index(texts.COLUMNS["households"])] == old["households"].sum()
    # today's communes are those of the whole province
    assert main(["ranking", "--level", "commune", "--today-communes", "--district", "Chi Lăng",
                 "--out", str(tmp_path / "x.xlsx"), *db]) == 1
    assert texts.REFORM_PROVINCE_ONLY in capsys.readouterr().err
