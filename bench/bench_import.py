"""Import benchmark: a 200,000-row long-layout daily workbook read, validated and written.

Prints rows per second (median of --repeat imports, each into a fresh database) and peak memory of
the import; the cost of reading in the worker process (analytics.ingest.worker) against reading in
this process; then times the same read through pandas with openpyxl and prints the ratio.
Run: python bench/bench_import.py [--rows N] [--repeat N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
import resource
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from analytics.access import operator  # noqa: E402
from analytics.db import open_database  # noqa: E402
from analytics.export import safe_workbook  # noqa: E402
from analytics.ingest import ImportOptions, import_file  # noqa: E402
from analytics.ingest.reading import read_workbook  # noqa: E402
from analytics.ingest.worker import read_in_worker  # noqa: E402
from analytics.reference import initialise  # noqa: E402
from analytics.settings import load_settings  # noqa: E402

HEADERS = ["TT", "Huyện", "Xã", "Ngày báo cáo", "Cửa hàng số mở mới", "Tài khoản TTĐT mở mới",
           "Hộ có giao dịch", "Ghi chú"]


def build_workbook(path: Path, rows: int, communes: list[tuple[str, str]], start: dt.date) -> None:
    """TT | Huyện | Xã | Ngày | CHS | TK | Hộ GD | Ghi chú: every commune, day after day."""
    workbook = safe_workbook(str(path), constant_memory=True)
    sheet = workbook.add_worksheet("Báo cáo")
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write(0, 0, "BÁO CÁO KẾT QUẢ PHÁT TRIỂN KINH TẾ SỐ THEO NGÀY")
    for column, header in enumerate(HEADERS):
        sheet.write(2, column, header)
    for number in range(rows):
        day = start + dt.timedelta(days=number // len(communes))
        district, commune = communes[number % len(communes)]
        row = number + 3
        sheet.write_number(row, 0, number + 1)
        sheet.write_string(row, 1, district)
        sheet.write_string(row, 2, commune)
        sheet.write_datetime(row, 3, dt.datetime.combine(day, dt.time()), date_format)
        sheet.write_number(row, 4, number % 3)
        sheet.write_number(row, 5, number % 2)
        sheet.write_number(row, 6, 0)
        sheet.write_string(row, 7, "")
    workbook.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3, help="imports timed; the median is printed")
    parser.add_argument("--keep", type=Path, help="folder where the workbook and database stay")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench_import_"))
    folder.mkdir(parents=True, exist_ok=True)
    settings = load_settings()
    workbook = folder / f"daily_{args.rows}.xlsx"
    seconds, peak, before = [], 0, 0
    for attempt in range(args.repeat):
        db_path = folder / "bench.duckdb"
        db_path.unlink(missing_ok=True)
        con = open_database(db_path)
        initialise(con, settings)
        if not workbook.exists():
            communes = con.execute(
                "SELECT d.short_name, c.name FROM unit c JOIN unit d ON d.code = c.parent_code "
                "WHERE c.level = 'commune' ORDER BY c.code").fetchall()
            started = time.perf_counter()
            build_workbook(workbook, args.rows, communes, settings.campaign_start)
            print(f"workbook built in {time.perf_counter() - started:.1f} s ({workbook.stat().st_size / 1e6:.1f} MB)")
        data = workbook.read_bytes()
        before = before or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        result = import_file(con, settings, data, workbook.name, ImportOptions(actor=operator("bench")))
        seconds.append(time.perf_counter() - started)
        # ru_maxrss is the process's peak resident memory in KiB (Linux).
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        con.close()
        if result.status != "accepted":
            print("refused:", [e.message for e in result.errors[:5]])
            sys.exit(1)
    median = statistics.median(seconds)
    print(f"import (read + validate + write): {args.rows:,} rows, median of {args.repeat} in {median:.2f} s = "
          f"{args.rows / median:,.0f} rows/s; {result.rows:,} values written; peak process memory "
          f"{peak / 1e6:.0f} MB (before the import: {before * 1024 / 1e6:.0f} MB)")

    max_bytes = int(settings.max_file_mb * 1_000_000)
    reads = {}
    for name, read in (("in this process", read_workbook), ("in the worker process", read_in_worker)):
        times = []
        for attempt in range(args.repeat):
            started = time.perf_counter()
            read(data, max_bytes, limits=settings.read_limits)
            times.append(time.perf_counter() - started)
        reads[name] = statistics.median(times)
        print(f"reading {name}: median {reads[name]:.2f} s")
    overhead = reads["in the worker process"] - reads["in this process"]
    print(f"worker overhead: {overhead:+.2f} s = {overhead / median:+.1%} of the import")

    started = time.perf_counter()
    frame = pd.read_excel(workbook, engine="openpyxl", header=2)
    openpyxl_seconds = time.perf_counter() - started
    print(f"pandas + openpyxl read only: {len(frame):,} rows in {openpyxl_seconds:.2f} s")
    print(f"ratio: the whole import is {openpyxl_seconds / median:.1f}x faster than pandas+openpyxl reading alone")


if __name__ == "__main__":
    main()
