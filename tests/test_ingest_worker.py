"""A hostile file must not take the service down: sheets beyond the limits (settings) are refused
before they are read, .xlsx and .ods alike, and every upload is read in a worker process whose
crash, memory exhaustion or timeout becomes a refusal while this process keeps working."""

from __future__ import annotations

import dataclasses

import pytest

from analytics.ingest import ImportOptions, list_uploads, prepare
from analytics.ingest.reading import WorkbookRefused
from analytics.ingest.worker import read_in_worker
from analytics.settings import EXCEL_COLUMNS, EXCEL_ROWS, ReadLimits, SettingsError, parse_settings
from tests.hostile_files import CORNERS, TEN_THOUSAND_COLUMNS, hostile_xlsx, ods_row, write_ods
from tests.ingest_fixtures import TESTER, con, gia_cat_households, run  # noqa: F401
from tests.test_settings import raw_settings

LIMIT = 20_000_000
# As large as Excel allows: the pre-check then lets every file through to the worker.
EXCEL_WIDE = ReadLimits(max_rows=EXCEL_ROWS, max_columns=EXCEL_COLUMNS, max_cells=EXCEL_ROWS * EXCEL_COLUMNS)


def _with_limits(settings, **changes):
    return dataclasses.replace(settings, read_limits=dataclasses.replace(settings.read_limits, **changes))


def _unsafe_refusal(result, reason: str) -> None:
    assert result.status == "refused"
    message = result.errors[0].message
    assert message.startswith("Tệp không đọc được an toàn") and reason in message, message


@pytest.mark.parametrize("cells", [CORNERS, TEN_THOUSAND_COLUMNS])
def test_the_pipeline_refuses_a_sheet_beyond_the_limits_naming_it(con, settings, tmp_path, cells):  # noqa: F811
    path = hostile_xlsx(tmp_path / "lon.xlsx", cells, sheet="Xã Gia Cát")
    result = run(con, settings, path)
    assert result.status == "refused"
    message = result.errors[0].message
    assert "Trang tính «Xã Gia Cát»" in message and "1.000 cột" in message and "600.000 hàng" in message
    assert list(list_uploads(con)["status"]) == ["refused"]


def test_the_limits_are_settings(con, settings, tmp_path):  # noqa: F811
    path = gia_cat_households(tmp_path)
    refused = run(con, _with_limits(settings, max_rows=5), path, dry_run=True)
    assert refused.status == "refused"
    assert "«Báo cáo»" in refused.errors[0].message and "(5 hàng" in refused.errors[0].message
    narrow = run(con, _with_limits(settings, max_columns=2), path, dry_run=True)
    assert "2 cột" in narrow.errors[0].message
    assert run(con, settings, path, dry_run=True).status == "dry_run"


@pytest.mark.parametrize(("key", "value", "words"), [
    ("max_rows", 0, "lớn hơn 0"),
    ("max_columns", 20_000, "vượt quá 16384"),
    ("max_cells", -1, "lớn hơn 0"),
    ("worker_memory_mb", "hai", "kiểu"),
    ("worker_seconds", 0, "lớn hơn 0"),
])
def test_a_wrong_limit_names_its_key(key, value, words):
    raw = raw_settings()
    raw["import"][key] = value
    with pytest.raises(SettingsError) as caught:
        parse_settings(raw)
    assert caught.value.key == f"import.{key}" and words in str(caught.value)


def test_limits_read_from_the_file_and_defaults_when_absent():
    raw = raw_settings()
    raw["import"].update(max_rows=1000, worker_seconds=30)
    raw["import"].pop("max_cells")
    limits = parse_settings(raw).read_limits
    assert (limits.max_rows, limits.worker_seconds, limits.max_cells) == (1000, 30.0, ReadLimits().max_cells)


@pytest.mark.parametrize("rows_xml, extent", [
    (ods_row("TT") + ods_row("1", repeated=1_048_575), "1.048.576 hàng × 1 cột"),    # a row repeated a million times
    (ods_row("TT", "Xã", gap=16_382), "1 hàng × 16.384 cột"),                           # a cell repeated across the sheet
    (ods_row("TT") + ods_row("1", repeated=999) * 1_100, "1.098.901 hàng × 1 cột"),      # many moderate repeats
])
def test_a_tiny_ods_declaring_a_huge_sheet_is_refused(con, settings, tmp_path, rows_xml, extent):  # noqa: F811
    path = write_ods(tmp_path / "lon.ods", rows_xml)
    assert path.stat().st_size < 2_000
    result = run(con, settings, path)
    assert result.status == "refused"
    assert "Trang tính «Báo cáo»" in result.errors[0].message and extent in result.errors[0].message


def test_trailing_empty_repeats_of_a_libreoffice_file_are_not_counted(tmp_path):
    # LibreOffice saves styled sheets with empty rows and cells repeated to the sheet's end.
    empty_tail = ('<table:table-row table:number-rows-repeated="1048574">'
                  '<table:table-cell table:number-columns-repeated="16384"/></table:table-row>')
    path = write_ods(tmp_path / "that.ods", ods_row("TT", "Xã") + ods_row("1", "Gia Cát") + empty_tail)
    grids = read_in_worker(path.read_bytes(), LIMIT)
    assert [row[:2] for row in grids[0].rows] == [["TT", "Xã"], ["1", "Gia Cát"]]


def test_a_reader_crash_is_a_refusal_and_this_process_keeps_working(con, settings, tmp_path, monkeypatch):  # noqa: F811
    # The worker is a fresh interpreter: a sitecustomize on its path makes it die like a native
    # crash would (SIGSEGV), with no hook in the product.
    (tmp_path / "crash").mkdir()
    (tmp_path / "crash" / "sitecustomize.py").write_text("import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)\n")
    monkeypatch.setenv("PYTHONPATH", str(tmp_path / "crash"))
    _unsafe_refusal(run(con, settings, gia_cat_households(tmp_path)), "trình đọc dừng đột ngột")
    monkeypatch.delenv("PYTHONPATH")
    accepted = run(con, settings, gia_cat_households(tmp_path))
    assert accepted.status == "accepted" and accepted.rows > 0
    assert list(list_uploads(con).sort_values("id")["status"]) == ["refused", "accepted"]


def test_a_sheet_past_the_limits_that_exhausts_memory_is_a_refusal(con, settings, tmp_path):  # noqa: F811
    # Past the pre-check, the reader asks for 549 GB and aborts its (child) process.
    wide = dataclasses.replace(settings, read_limits=EXCEL_WIDE)
    _unsafe_refusal(run(con, wide, hostile_xlsx(tmp_path / "goc.xlsx", CORNERS)), "vượt bộ nhớ cho phép 2.048 MB")


def test_a_read_beyond_the_time_limit_is_a_refusal(con, settings, tmp_path):  # noqa: F811
    # 16 columns × a million rows: seconds of reading, far beyond half a second.
    slow = dataclasses.replace(settings, read_limits=dataclasses.replace(EXCEL_WIDE, worker_seconds=0.5))
    _unsafe_refusal(run(con, slow, hostile_xlsx(tmp_path / "cham.xlsx", ["A1", "P1048576"])),
                    "quá thời gian đọc cho phép 0,5 giây")


def test_a_read_beyond_the_memory_limit_is_a_refusal(tmp_path):
    # 10 million cells: read within the default 2.048 MB, not within 200 MB.
    path = hostile_xlsx(tmp_path / "nang.xlsx", ["A1", "J1048576"])
    small = dataclasses.replace(EXCEL_WIDE, worker_memory_mb=200)
    with pytest.raises(WorkbookRefused, match="^Tệp không đọc được an toàn .vượt bộ nhớ cho phép 200 MB"):
        read_in_worker(path.read_bytes(), LIMIT, limits=small)


def test_progress_is_reported_around_the_worker(con, settings, tmp_path):  # noqa: F811
    steps = []
    plan = prepare(con, settings, gia_cat_households(tmp_path).read_bytes(), "so_ho.xlsx",
                   ImportOptions(actor=TESTER), progress=lambda share, label: steps.append(share))
    assert plan.status == "ready"
    assert steps[0] == 0.05 and 0.25 in steps and steps == sorted(steps)
