"""Server-side run time of each page on the demo season (AppTest): median of several runs,
first visit (cold cache) against repeat visit with the same filters.

    python bench/bench_pages.py [--db /tmp/demo.duckdb] [--runs 5] [--as-of 2021-08-10]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = ["pages/overview.py", "pages/progress.py", "pages/phases.py", "pages/daily_reports.py",
         "pages/warnings.py", "pages/teams.py", "pages/ranking.py"]


def visit(page: str, as_of: dt.date, clear: bool) -> float:
    """Seconds for one run of the page after the entry script, cold (caches cleared) or warm."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.run()
    at.date_input(key="kts_as_of").set_value(as_of).run()
    if clear:
        st.cache_data.clear()
    started = time.perf_counter()
    at.switch_page(str(ROOT / page)).run()
    elapsed = time.perf_counter() - started
    if at.exception:
        raise RuntimeError(f"{page}: {at.exception[0].message}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="/tmp/bench-demo.duckdb", help="demo database (built when missing)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2021, 8, 10))
    args = parser.parse_args()
    db = Path(args.db)
    if not db.exists():
        from analytics.demo import build_demo
        from analytics.db import open_database
        from analytics.settings import load_settings

        con = open_database(db)
        build_demo(con, load_settings())
        con.close()
    os.environ["DASHBOARD_DB"] = str(db)
    print(f"{'page':28} {'first visit (s)':>16} {'repeat visit (s)':>17}   ({args.runs} runs, median)")
    for page in PAGES:
        if not (ROOT / page).exists():
            continue
        first = [visit(page, args.as_of, clear=True) for _ in range(args.runs)]
        repeat = [visit(page, args.as_of, clear=False) for _ in range(args.runs)]
        print(f"{page:28} {statistics.median(first):16.3f} {statistics.median(repeat):17.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
