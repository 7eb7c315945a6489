"""The import CLI: ingest (JSON lines, exit codes, folders, dry run), uploads, undo, template,
and the message when another process holds the database."""

from __future__ import annotations

import json
import subprocess
import sys

import duckdb
import pytest

from analytics.cli import main
from analytics.ingest import KINDS
from tests.conftest import ROOT
from tests.ingest_fixtures import gia_cat_households, gia_cat_teams, write_xlsx

KEYS = {"file", "kind", "status", "rows", "errors", "warnings", "upload_id"}
ISSUE_KEYS = {"sheet", "row", "column", "value", "message"}


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_folder_in_dependency_order_then_idempotent(empty_db, tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    gia_cat_teams(folder, name="a_teams.xlsx")
    gia_cat_households(folder, name="z_households.xlsx")
    assert main(["ingest", "--as-admin", str(folder), "--json", "--db", str(empty_db)]) == 0
    lines = json_lines(capsys.readouterr().out)
    assert [line["kind"] for line in lines] == ["households", "teams"]
    assert all(KEYS <= set(line) and line["status"] == "accepted" for line in lines)
    assert main(["ingest", "--as-admin", str(folder), "--json", "--db", str(empty_db)]) == 0
    assert {line["status"] for line in json_lines(capsys.readouterr().out)} == {"already_imported"}


def test_refused_exit_code_and_issue_objects(empty_db, tmp_path, capsys):
    bad = write_xlsx(tmp_path / "bad.xlsx", [["TT", "Xã", "Ngày", "CHS"], [1, "Hòa Bình", "05/08/2021", -1]])
    assert main(["ingest", "--as-admin", str(bad), "--json", "--db", str(empty_db)]) == 1
    (line,) = json_lines(capsys.readouterr().out)
    assert line["status"] == "refused" and line["upload_id"]
    assert all(set(e) == ISSUE_KEYS for e in line["errors"])
    assert {(e["row"], e["column"]) for e in line["errors"]} == {(2, "Xã"), (2, "CHS")}
    assert main(["ingest", "--as-admin", str(bad), "--json", "--db", str(empty_db), "--district", "Chi Lăng"]) == 1


def test_dry_run_date_option_uploads_and_undo(empty_db, tmp_path, capsys):
    report = write_xlsx(tmp_path / "r.xlsx", [["UBND HUYỆN CHI LĂNG"], ["TT", "Xã", "CHS"], [1, "Vạn Linh", 3]])
    assert main(["ingest", "--as-admin", str(report), "--date", "2021-08-05", "--dry-run", "--json", "--db", str(empty_db)]) == 0
    (line,) = json_lines(capsys.readouterr().out)
    assert (line["status"], line["rows"], line["upload_id"]) == ("dry_run", 1, None)
    assert main(["ingest", "--as-admin", str(report), "--date", "2021-08-05", "--json", "--db", str(empty_db)]) == 0
    upload_id = json_lines(capsys.readouterr().out)[0]["upload_id"]
    assert main(["uploads", "--json", "--db", str(empty_db)]) == 0
    uploads = json.loads(capsys.readouterr().out)
    assert [u["id"] for u in uploads] == [upload_id] and uploads[0]["status"] == "accepted"
    assert main(["undo", "--as-admin", str(upload_id), "--db", str(empty_db)]) == 1
    out, err = capsys.readouterr()
    assert "Xã Vạn Linh" in out and "Cửa hàng số: 3 → 0" in out and "--yes" in err
    assert main(["undo", "--as-admin", str(upload_id), "--yes", "--db", str(empty_db)]) == 0
    assert main(["undo", "--as-admin", str(upload_id), "--yes", "--db", str(empty_db)]) == 1
    assert "đã được hoàn tác" in capsys.readouterr().err


@pytest.mark.parametrize("kind", KINDS)
def test_templates_are_readable(kind, tmp_path, capsys):
    out = tmp_path / f"{kind}.xlsx"
    assert main(["template", kind, "--out", str(out)]) == 0
    from analytics.ingest.layout import find_tables
    from analytics.ingest.pipeline import detect_kind
    from analytics.ingest.reading import read_workbook
    from analytics.ingest.templates import SECOND_SHEETS

    grids = read_workbook(out.read_bytes(), 20_000_000)
    second = [SECOND_SHEETS[kind][0]] if kind in SECOND_SHEETS else []
    assert [g.name for g in grids] == ["Mẫu", *second]   # the instructions sheet is not data
    assert detect_kind([t for g in grids for t in find_tables(g)], out.name) == kind


def test_daily_template_imports(empty_db, tmp_path, capsys):
    out = tmp_path / "daily.xlsx"
    main(["template", "daily", "--out", str(out)])
    capsys.readouterr()
    assert main(["ingest", "--as-admin", str(out), "--json", "--db", str(empty_db)]) == 0
    assert json_lines(capsys.readouterr().out)[0]["rows"] == 3


def test_locked_database_is_reported_and_nothing_written(empty_db, tmp_path):
    report = write_xlsx(tmp_path / "r.xlsx", [["TT", "Huyện", "Xã", "Ngày", "CHS"], [1, "Chi Lăng", "Vạn Linh", "05/08/2021", 3]])
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
                               "print('ready', flush=True); time.sleep(60)", str(empty_db)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        result = subprocess.run([sys.executable, "-m", "analytics", "ingest", "--as-admin", str(report), "--db", str(empty_db)],
                                cwd=ROOT, capture_output=True, text=True, timeout=120)
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == 1
    assert "đang được một tiến trình khác sử dụng" in result.stderr and str(holder.pid) in result.stderr
    con = duckdb.connect(str(empty_db), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM upload").fetchone()[0] == 0
    finally:
        con.close()


def test_dry_run_json_lists_columns_hidden_cells_and_loose_matches(empty_db, tmp_path, capsys):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in [["UBND HUYỆN CHI LĂNG"], ["BÁO CÁO LŨY KẾ ĐẾN NGÀY 05/8/2021"], [],
                ["TT", "Xã", "Cửa hàng số", "Tỷ lệ CHS (%)", "Cửa hàng số"],
                [1, "Van Linh", 150, 10, 999], [2, "Vân An", 20, 2, 888]]:
        sheet.append(row)
    sheet.column_dimensions["E"].hidden = True
    path = tmp_path / "xem.xlsx"
    workbook.save(path)
    assert main(["ingest", "--as-admin", str(path), "--dry-run", "--json", "--db", str(empty_db)]) == 0
    line = json_lines(capsys.readouterr().out)[0]
    assert line["status"] == "dry_run"
    table = line["tables"][0]
    uses = {c["column"]: c["use"] for c in table["columns"]}
    assert uses == {"A": "bỏ qua", "B": "tên đơn vị", "C": "dùng", "D": "đối chiếu"}
    assert table["hidden_columns"] == ["E"]
    loose = [m for m in line["matches"] if not m["exact"]]
    assert [(m["text"], m["unit"], m["district"], m["row"]) for m in loose] == [
        ("Van Linh", "Xã Vạn Linh", "Huyện Chi Lăng", 5)]
    assert main(["ingest", "--as-admin", str(path), "--dry-run", "--include-hidden", "--json", "--db", str(empty_db)]) == 1
