"""`python -m analytics ranking` on the demo: the file's figures are those of `coverage --level district`."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from analytics import texts
from analytics.cli import main

COUNTS = ["households", "stores", "accounts", "active"]
PERCENTS = ["stores_pct", "accounts_pct", "active_pct"]


@pytest.fixture()
def district_coverage(demo_db, capsys) -> pd.DataFrame:
    assert main(["coverage", "--level", "district", "--as-of", "2021-12-31", "--db", str(demo_db)]) == 0
    return pd.read_csv(io.StringIO(capsys.readouterr().out), dtype={"code": str}).set_index("name")


def xlsx_table(path) -> tuple[pd.DataFrame, openpyxl.worksheet.worksheet.Worksheet]:
    """The ranking table of an exported workbook (header row .. the row before the total)."""
    sheet = openpyxl.load_workbook(path).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    start = next(i for i, row in enumerate(rows) if row[0] == texts.RANKING_COLUMNS["rank"])
    end = next(i for i, row in enumerate(rows) if texts.EXPORT_TOTAL in row)
    header = rows[start]
    return pd.DataFrame(rows[start + 1:end], columns=header), sheet


def test_xlsx_figures_equal_coverage(demo_db, district_coverage, tmp_path, capsys):
    out = tmp_path / "xep-hang-huyen.xlsx"
    assert main(["ranking", "--level", "district", "--as-of", "2021-12-31", "--compare", "2021-11-30",
                 "--out", str(out), "--db", str(demo_db)]) == 0
    assert "11 huyện/thành phố" in capsys.readouterr().out
    table, sheet = xlsx_table(out)
    assert len(table) == 11
    assert sorted(table[texts.RANKING_COLUMNS["rank"]]) == list(range(1, 12))
    table = table.set_index(texts.COLUMNS["name"])
    for name, expected in district_coverage.iterrows():
        for key in COUNTS:
            assert table.loc[name, texts.COLUMNS[key]] == expected[key], (name, key)
        for key in PERCENTS:
            assert table.loc[name, texts.COLUMNS[key]] == pytest.approx(expected[key] / 100), (name, key)
    header = next(c for row in sheet.iter_rows() for c in row if c.value == texts.COLUMNS["stores_pct"])
    assert sheet.cell(header.row + 1, header.column).number_format == "0.0%"
    total = next(c for row in sheet.iter_rows() for c in row if c.value == texts.EXPORT_TOTAL)
    assert sheet.cell(header.row, total.column).value == texts.COLUMNS["name"]
    stores_col = next(c.column for c in sheet[header.row] if c.value == texts.COLUMNS["stores"])
    assert sheet.cell(total.row, stores_col).value == district_coverage["stores"].sum() == 116_392
    assert sheet.cell(total.row, header.column).value == pytest.approx(0.6012, abs=1e-4)
    assert any(str(c.value).startswith("Lạng Sơn, ngày") for row in sheet.iter_rows() for c in row)
    assert sheet.print_title_rows == f"${header.row}:${header.row}"


def test_csv_has_the_same_figures(demo_db, district_coverage, tmp_path):
    out = tmp_path / "xep-hang-huyen.csv"
    assert main(["ranking", "--level", "district", "--out", str(out), "--db", str(demo_db)]) == 0
    table = pd.read_csv(out, encoding="utf-8-sig").set_index(texts.COLUMNS["name"])
    assert len(table) == 11
    for key in COUNTS + PERCENTS:
        column = table[texts.COLUMNS[key]]
        assert column.to_dict() == district_coverage[key].to_dict(), key


def test_criteria_and_weights(demo_db, tmp_path):
    out = tmp_path / "xa.csv"
    assert main(["ranking", "--level", "commune", "--district", "chi lang", "--criteria", "stores_pct", "teams",
                 "--weights", "70", "30", "--out", str(out), "--db", str(demo_db)]) == 0
    table = pd.read_csv(out, encoding="utf-8-sig")
    assert len(table) == 20
    assert texts.RANKING_CRITERIA_SHORT["teams"] in table.columns
    assert texts.RANKING_CRITERIA_SHORT["timeliness"] not in table.columns
    named = tmp_path / "xa2.csv"
    assert main(["ranking", "--level", "commune", "--district", "chi lang", "--weights", "stores_pct=70", "teams=30",
                 "--out", str(named), "--db", str(demo_db)]) == 0
    assert pd.read_csv(named, encoding="utf-8-sig").equals(table)


@pytest.mark.parametrize("argv, words", [
    (["--level", "village", "--out", "x.csv"], "cần chọn một xã"),
    (["--level", "district", "--out", "x.pdf"], ".xlsx hoặc .csv"),
    (["--level", "district", "--criteria", "teams", "--weights", "1", "2", "--out", "x.csv"], "--weights có 2 số"),
    (["--level", "commune", "--district", "Khong Co", "--out", "x.csv"], "Không tìm thấy"),
])
def test_refusals_are_vietnamese(demo_db, tmp_path, capsys, argv, words):
    argv = [a if a != "x.csv" and a != "x.pdf" else str(tmp_path / a) for a in argv]
    assert main(["ranking", *argv, "--db", str(demo_db)]) == 1
    assert words in capsys.readouterr().err
