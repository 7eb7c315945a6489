"""Extract the official (pre-July-2025) GSO list of provinces, districts and communes.

Run once, with the PyPI package `vietnam-provinces==0.6.0` installed in a throw-away
environment; the CSV files it writes under data/reference/ are committed, so the product
does not depend on that package at run time:

    python -m venv /tmp/vp && /tmp/vp/bin/pip install vietnam-provinces==0.6.0
    /tmp/vp/bin/python scripts/extract_reference.py
"""

from __future__ import annotations

import csv
import json
from importlib import metadata, resources
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "reference"
EXPECTED_VERSION = "0.6.0"

PREFIXES = ("Thành phố", "Thị xã", "Thị trấn", "Quận", "Huyện", "Tỉnh", "Phường", "Xã")


def split_kind(name: str) -> tuple[str, str]:
    """'Thị trấn Đồng Mỏ' -> ('Thị trấn', 'Đồng Mỏ')."""
    for prefix in PREFIXES:
        if name.lower().startswith(prefix.lower() + " "):
            return prefix, name[len(prefix) + 1 :]
    return "", name


def main() -> None:
    version = metadata.version("vietnam-provinces")
    if version != EXPECTED_VERSION:
        raise SystemExit(f"need vietnam-provinces=={EXPECTED_VERSION}, found {version}")
    data = resources.files("vietnam_provinces").joinpath("data/nested-divisions.json")
    provinces = json.loads(data.read_text(encoding="utf-8"))
    OUT.mkdir(parents=True, exist_ok=True)
    rows = {"provinces": [], "districts": [], "communes": []}
    for province in provinces:
        kind, short = split_kind(province["name"])
        rows["provinces"].append([f"{province['code']:02d}", province["name"], short, kind])
        for district in province["districts"]:
            kind, short = split_kind(district["name"])
            rows["districts"].append(
                [f"{district['code']:03d}", district["name"], short, kind, f"{province['code']:02d}"]
            )
            for ward in district["wards"]:
                kind, short = split_kind(ward["name"])
                rows["communes"].append(
                    [f"{ward['code']:05d}", ward["name"], short, kind, f"{district['code']:03d}"]
                )
    headers = {
        "provinces": ["code", "name", "short_name", "kind"],
        "districts": ["code", "name", "short_name", "kind", "parent_code"],
        "communes": ["code", "name", "short_name", "kind", "parent_code"],
    }
    for table, table_rows in rows.items():
        with open(OUT / f"{table}.csv", "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(headers[table])
            writer.writerows(table_rows)
        print(f"{table}: {len(table_rows)} rows")


if __name__ == "__main__":
    main()
