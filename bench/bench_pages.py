"""Server-side run time of each page (AppTest) on any database: median of several runs, first
visit (cold cache) against repeat visit with the same filters, at every scope the sidebar offers,
with the peak memory of the process while the page runs.

    python bench/bench_pages.py [--db /tmp/demo.duckdb] [--runs 3] [--as-of YYYY-MM-DD]
        [--scopes whole district commune] [--pages overview phases ...] [--district CODE] [--commune CODE]

Without --db (or with a file that does not exist) the demo season is built first. The as-of date
defaults to the last day with reports. Scopes: "whole" is the sidebar's top level (the whole
campaign: the province on the demo, the country on a season of bench/national.py; a single
province of a national database is not a scope the sidebar offers yet); "district" and "commune"
are the district with the most communes (or --district) and its first commune (or --commune).

Each page and scope runs in a process of its own, signed in as an admin: one visit is a new
session (AppTest) whose first run opens the default page with the date and scope in the address,
then the switch to the page, timed; a first visit clears Streamlit's data cache before the
switch, a repeat visit does not. Peak memory: the largest resident size of the process sampled
every 10 ms during the timed switches (the process as a server would hold it: the connection,
the caches, the page's own work).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = ["pages/overview.py", "pages/progress.py", "pages/phases.py", "pages/daily_reports.py",
         "pages/warnings.py", "pages/teams.py", "pages/ranking.py"]
SCOPES = ("whole", "district", "commune")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


class PeakMemory:
    """The largest resident size of this process while `with` blocks run (sampled by a thread)."""

    def __init__(self, every: float = 0.01):
        self.every = every
        self.peak = 0
        self._running = False

    @staticmethod
    def resident() -> int:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * PAGE_SIZE

    def _sample(self) -> None:
        while self._running:
            self.peak = max(self.peak, self.resident())
            time.sleep(self.every)

    def __enter__(self):
        self._running = True
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._running = False
        self._thread.join()
        self.peak = max(self.peak, self.resident())


def visit(page: str, params: dict[str, str], clear: bool, memory: PeakMemory) -> tuple[float, list[str]]:
    """Seconds of one switch to the page in a new session (cold cache or warm), and the errors
    the page showed."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from analytics.access import Actor

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=1800)
    at.session_state["kts_auth_actor"] = Actor("bench.admin", "admin", display_name="Quản trị (đo hiệu năng)")
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    wanted = "commune" if "xa" in params else "district" if "huyen" in params else "province"
    applied = [at.session_state["kts_level"] if "kts_level" in at.session_state else None,
               str(at.session_state["kts_as_of"]) if "kts_as_of" in at.session_state else None]
    if applied != [wanted, params["ngay"]]:
        raise RuntimeError(f"the address's scope and date were not applied: {applied} instead of {wanted}, "
                           f"{params['ngay']}")
    if clear:
        st.cache_data.clear()
    with memory:
        started = time.perf_counter()
        at.switch_page(str(ROOT / page)).run()
        elapsed = time.perf_counter() - started
    problems = [f"exception: {e.message}" for e in at.exception] + [f"error: {e.value}" for e in at.error]
    return elapsed, problems


def child(page: str, params: dict[str, str], runs: int) -> dict:
    """Run in the child process: `runs` first visits, then `runs` repeat visits."""
    memory = PeakMemory()
    first, repeat, problems = [], [], []
    for clear, times in ((True, first), (False, repeat)):
        for _ in range(runs):
            elapsed, shown = visit(page, params, clear, memory)
            times.append(elapsed)
            problems += [p for p in shown if p not in problems]
    return {"first": first, "repeat": repeat, "peak_mb": memory.peak / 1e6, "problems": problems}


def describe(db: Path, district: str | None, commune: str | None) -> dict:
    """Last day with reports, number of provinces, and the district and commune to visit."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        row = con.execute("SELECT schema_name FROM main.campaign ORDER BY created_at, id LIMIT 1").fetchone()
        schema = f'"{row[0] if row else "main"}"'  # the name comes from the registry
        last = con.execute(f"SELECT max(report_date) FROM {schema}.report").fetchone()[0]
        provinces = con.execute(f"SELECT count(*) FROM {schema}.unit WHERE level = 'province'").fetchone()[0]
        if commune and not district:
            found = con.execute(f"SELECT d.code FROM {schema}.unit c JOIN {schema}.unit d ON d.code = c.parent_code "
                                "WHERE c.code = ? AND d.level = 'district'", [commune]).fetchone()
            district = found[0] if found else None
        if not district and not commune:
            found = con.execute(
                f"SELECT d.code FROM {schema}.unit d JOIN {schema}.unit c ON c.parent_code = d.code "
                "WHERE d.level = 'district' AND c.level = 'commune' GROUP BY d.code ORDER BY count(*) DESC, d.code "
                "LIMIT 1").fetchone()
            district = found[0] if found else None
        if not commune:
            found = con.execute(
                f"SELECT code FROM {schema}.unit WHERE level = 'commune' AND (parent_code = ? OR ? IS NULL) "
                "ORDER BY code LIMIT 1", [district, district]).fetchone()
            commune = found[0] if found else None
        names = dict(con.execute(f"SELECT code, name FROM {schema}.unit WHERE code IN (?, ?)",
                                 [district, commune]).fetchall())
    finally:
        con.close()
    return {"last": last, "provinces": provinces, "district": district, "commune": commune, "names": names}


def ensure_demo(db: Path) -> None:
    from analytics.db import open_database
    from analytics.demo import build_demo
    from analytics.settings import load_settings

    con = open_database(db)
    build_demo(con, load_settings())
    con.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("--db", type=Path, default=Path("/tmp/bench-demo.duckdb"),
                        help="database (the demo is built when the file is missing)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--as-of", type=dt.date.fromisoformat, help="default: the last day with reports")
    parser.add_argument("--scopes", nargs="+", choices=SCOPES, default=list(SCOPES))
    parser.add_argument("--pages", nargs="+", metavar="NAME", help="only these pages (file names without .py)")
    parser.add_argument("--district", metavar="CODE")
    parser.add_argument("--commune", metavar="CODE")
    parser.add_argument("--child", metavar="PAGE", help=argparse.SUPPRESS)
    parser.add_argument("--params", help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ["DASHBOARD_DB"] = str(args.db)
    if args.child:
        result = child(args.child, json.loads(args.params), args.runs)
        print(json.dumps(result))
        return 0

    if not args.db.exists():
        ensure_demo(args.db)
    found = describe(args.db, args.district, args.commune)
    as_of = args.as_of or found["last"]
    whole = "national" if found["provinces"] > 1 else "province"
    scopes = {"whole": {"ngay": as_of.isoformat()}}
    if found["district"]:
        scopes["district"] = {"ngay": as_of.isoformat(), "huyen": found["district"]}
    if found["commune"]:
        scopes["commune"] = {"ngay": as_of.isoformat(), "xa": found["commune"]}
    pages = [p for p in PAGES if (ROOT / p).exists() and (not args.pages or Path(p).stem in args.pages)]
    print(f"{args.db} ({args.db.stat().st_size / 1e6:,.0f} MB), as of {as_of:%d/%m/%Y}, {found['provinces']} "
          f"province(s); district {found['names'].get(found['district'], '-')}, commune "
          f"{found['names'].get(found['commune'], '-')}; {args.runs} runs, median")
    if found["provinces"] > 1:
        print("scope 'province' (one province of several): not offered by the sidebar; not measured")
    print(f"{'page':26} {'scope':9} {'first visit (s)':>16} {'repeat visit (s)':>17} {'peak (MB)':>10}")
    problems = {}
    for scope in args.scopes:
        if scope not in scopes:
            print(f"{'':26} {scope:9} not in this database")
            continue
        label = whole if scope == "whole" else scope
        for page in pages:
            command = [sys.executable, str(Path(__file__).resolve()), "--db", str(args.db), "--runs", str(args.runs),
                       "--child", page, "--params", json.dumps(scopes[scope])]
            done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
            lines = done.stdout.strip().splitlines()
            if done.returncode != 0 or not lines:
                error = (done.stderr.strip().splitlines() or ["?"])[-1]
                print(f"{page:26} {label:9} FAILED: {error}", flush=True)
                continue
            result = json.loads(lines[-1])
            marker = " *" if result["problems"] else ""
            print(f"{page:26} {label:9} {statistics.median(result['first']):16.2f} "
                  f"{statistics.median(result['repeat']):17.2f} {result['peak_mb']:10,.0f}{marker}", flush=True)
            if result["problems"]:
                problems[(page, label)] = result["problems"]
    for (page, label), shown in problems.items():
        print(f"* {page} ({label}):")
        for problem in shown:
            print(f"    {problem[:300]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
