"""Command-line benchmark: the issue's commands run as separate processes against a database,
each several times; prints the median wall time and the peak memory of the process.

    python bench/bench_cli.py --db /tmp/national.duckdb [--runs 3] [--as-of YYYY-MM-DD]
        [--format json|csv] [--only NAME ...] [--keep DIR]

The as-of date is the last day with reports (the end of a shorter season built by
bench/national.py), so every command reads the whole season. Outputs (stdout of the tables, the
ranking workbook) go to files in a temporary folder (or --keep DIR), never to a pipe. The peak
memory is the child's own (its resource usage from wait4, ru_maxrss), the wall time the whole
process: start-up, opening the database, the work and the output.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def commands(as_of: dt.date, fmt: str, folder: Path) -> dict[str, list[str]]:
    """The issue's table: name -> arguments of `python -m analytics`."""
    day = as_of.isoformat()
    return {
        "coverage --level commune": ["coverage", "--level", "commune", "--as-of", day, "--format", fmt],
        "coverage --level village": ["coverage", "--level", "village", "--as-of", day, "--format", fmt],
        "ranking (every commune, .xlsx)": ["ranking", "--level", "commune", "--as-of", day,
                                           "--out", str(folder / "ranking.xlsx")],
        "alerts": ["alerts", "--as-of", day, "--format", fmt],
        "timeliness --level commune": ["timeliness", "--level", "commune", "--to", day, "--format", fmt],
    }


def last_report_day(db: Path) -> dt.date:
    """The last day with reports in the database's first campaign (read-only, closed at once:
    the commands open the file for writing)."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        schema = con.execute("SELECT schema_name FROM main.campaign ORDER BY created_at, id LIMIT 1").fetchone()
        schema = schema[0] if schema else "main"
        return con.execute(f'SELECT max(report_date) FROM "{schema}".report').fetchone()[0]  # name from the registry
    finally:
        con.close()


def run_once(arguments: list[str], db: Path, out: Path) -> tuple[float, float, int, str]:
    """(wall seconds, peak MB, exit code, last line of stderr) of one run of the command."""
    # as a user runs it: buffered output (PYTHONUNBUFFERED, set in some shells, would time the pipe)
    env = {key: value for key, value in os.environ.items() if key != "PYTHONUNBUFFERED"}
    with out.open("wb") as stdout, (out.with_suffix(".err")).open("wb") as stderr:
        started = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "analytics", *arguments, "--db", str(db)],
                                 cwd=ROOT, env=env, stdout=stdout, stderr=stderr)
        # wait4 gives this child's own resource usage (ru_maxrss in KiB on Linux)
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    errors = out.with_suffix(".err").read_text(encoding="utf-8", errors="replace").strip().splitlines()
    return elapsed, usage.ru_maxrss / 1024, child.returncode, errors[-1] if errors else ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--as-of", type=dt.date.fromisoformat, help="default: the last day with reports")
    parser.add_argument("--format", choices=("json", "csv"), default="json", help="output of the table commands")
    parser.add_argument("--only", nargs="+", metavar="WORD", help="only the commands whose name contains a word")
    parser.add_argument("--keep", type=Path, help="folder for the outputs (default: a temporary one)")
    args = parser.parse_args()
    if not args.db.exists():
        parser.error(f"{args.db} does not exist (build it with bench/national.py)")
    as_of = args.as_of or last_report_day(args.db)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench_cli_"))
    folder.mkdir(parents=True, exist_ok=True)
    chosen = {name: arguments for name, arguments in commands(as_of, args.format, folder).items()
              if not args.only or any(word in name for word in args.only)}
    print(f"{args.db} ({args.db.stat().st_size / 1e6:,.0f} MB), as of {as_of:%d/%m/%Y}, {args.runs} runs each, "
          f"outputs in {folder}")
    print(f"{'command':32} {'median (s)':>10} {'min (s)':>8} {'max (s)':>8} {'peak (MB)':>10} {'output (MB)':>12}")
    failures = 0
    for number, (name, arguments) in enumerate(chosen.items()):
        out = folder / f"command_{number}.out"
        times, peaks = [], []
        for _ in range(args.runs):
            elapsed, peak, code, error = run_once(arguments, args.db, out)
            if code != 0:
                print(f"{name:32} FAILED (exit {code}): {error}")
                failures += 1
                break
            times.append(elapsed)
            peaks.append(peak)
        else:
            written = out.stat().st_size + sum(p.stat().st_size for p in folder.glob("*.xlsx") if "ranking" in name)
            print(f"{name:32} {statistics.median(times):10.2f} {min(times):8.2f} {max(times):8.2f} "
                  f"{max(peaks):10,.0f} {written / 1e6:12.1f}", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
