"""Reference hierarchy (official GSO codes, 2024 list) and campaign settings in the database."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict

import duckdb
import pandas as pd

from analytics import audit, texts
from analytics.access import Actor, operator
from analytics.db import meta_value, run_in_transaction
from analytics.names import loose_key, name_key
from analytics.paths import REFERENCE_DIR
from analytics.settings import Settings, SettingsError

DEFAULT_PROVINCE = "20"


def reference_frames(province_code: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(provinces, districts, communes) of one province from data/reference/*.csv."""
    read = lambda name: pd.read_csv(REFERENCE_DIR / f"{name}.csv", dtype=str, keep_default_na=False)  # noqa: E731
    provinces = read("provinces")
    province = provinces[provinces["code"] == province_code]
    if province.empty:
        raise SettingsError("province.code", texts.SETTINGS_UNKNOWN_PROVINCE.format(code=province_code))
    districts = read("districts")
    districts = districts[districts["parent_code"] == province_code]
    communes = read("communes")
    communes = communes[communes["parent_code"].isin(districts["code"])]
    return province, districts, communes


def load_reference(cur: duckdb.DuckDBPyConnection, province_code: str) -> int:
    """Insert the province, its districts and communes; return the number of units."""
    province, districts, communes = reference_frames(province_code)
    frames = []
    for level, frame in (("province", province), ("district", districts), ("commune", communes)):
        frame = frame.assign(level=level)
        if "parent_code" not in frame:
            frame = frame.assign(parent_code=None)
        frames.append(frame[["code", "name", "short_name", "kind", "level", "parent_code"]])
    units = pd.concat(frames, ignore_index=True)
    units["name_key"] = units["short_name"].map(name_key)
    units["loose_key"] = units["short_name"].map(loose_key)
    cur.execute(
        """
        INSERT INTO unit (code, name, short_name, kind, level, parent_code, name_key, loose_key)
        SELECT code, name, short_name, kind, level, parent_code, name_key, loose_key FROM units
        """
    )
    cur.execute(
        "INSERT INTO meta VALUES ('province_code', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [province_code],
    )
    return len(units)


def match_district(cur: duckdb.DuckDBPyConnection, name: str) -> str | None:
    """Code of the district whose name matches (exactly, then without diacritics), else None."""
    rows = cur.execute("SELECT code FROM unit WHERE level = 'district' AND name_key = ?", [name_key(name)]).fetchall()
    if len(rows) != 1:
        rows = cur.execute(
            "SELECT code FROM unit WHERE level = 'district' AND loose_key = ?", [loose_key(name)]
        ).fetchall()
    return rows[0][0] if len(rows) == 1 else None


def apply_settings(cur: duckdb.DuckDBPyConnection, settings: Settings) -> None:
    """Record the settings snapshot and phases; set each district's phase.

    Phases name districts of the settings' province; a database of another province keeps
    its districts without a phase.
    """
    now = dt.datetime.now().replace(microsecond=0)
    snapshot = {
        "province_code": settings.province_code,
        "targets": asdict(settings.targets),
        "deadline": settings.deadline.strftime("%H:%M"),
        "max_file_mb": settings.max_file_mb,
        **{k: v for k, v in settings.extra.items()},
    }
    cur.execute("DELETE FROM campaign_setting")
    for key, value in snapshot.items():
        cur.execute("INSERT INTO campaign_setting VALUES (?, ?, ?)", [key, json.dumps(value, default=str), now])
    cur.execute("DELETE FROM phase")
    cur.execute("UPDATE unit SET phase = NULL WHERE level = 'district' AND phase IS NOT NULL")
    if meta_value(cur, "province_code") != settings.province_code:
        return
    known = [r[0] for r in cur.execute("SELECT short_name FROM unit WHERE level = 'district' ORDER BY code").fetchall()]
    for phase in settings.phases:
        cur.execute("INSERT INTO phase VALUES (?, ?, ?, ?)", [phase.number, phase.name, phase.start, phase.end])
        for district in phase.districts:
            code = match_district(cur, district)
            if code is None:
                raise SettingsError(
                    f"phases[{phase.number}].districts",
                    texts.SETTINGS_UNKNOWN_DISTRICT.format(district=district, known=", ".join(known)),
                )
            cur.execute("UPDATE unit SET phase = ? WHERE code = ?", [phase.number, code])


def settings_changed(con: duckdb.DuckDBPyConnection, settings: Settings) -> bool:
    """True when the phases recorded in the database differ from the settings file."""
    con = con.cursor()  # a cursor of its own: sessions share the connection
    recorded = con.execute("SELECT number, name, start_date, end_date FROM phase ORDER BY number").fetchall()
    if meta_value(con, "province_code") != settings.province_code:
        return bool(recorded)
    wanted = [(p.number, p.name, p.start, p.end) for p in settings.phases]
    if recorded != wanted:
        return True
    deadline = con.execute("SELECT value FROM campaign_setting WHERE key = 'deadline'").fetchone()
    targets = con.execute("SELECT value FROM campaign_setting WHERE key = 'targets'").fetchone()
    return (
        deadline is None
        or json.loads(deadline[0]) != settings.deadline.strftime("%H:%M")
        or targets is None
        or json.loads(targets[0]) != asdict(settings.targets)
    )


def initialise(con: duckdb.DuckDBPyConnection, settings: Settings, province_code: str | None = None,
               actor: Actor | None = None) -> int:
    """Fill an empty database with the reference hierarchy and the settings, audited in the name
    of `actor` (default: the machine's operator); return units added."""
    code = province_code or settings.province_code
    actor = actor or operator()

    def work(cur):
        added = load_reference(cur, code)
        apply_settings(cur, settings)
        audit.record(cur, actor, "init", f"province {code}", {"province": code, "units": added})
        return added

    return run_in_transaction(con, work)


def sync_settings(con: duckdb.DuckDBPyConnection, settings: Settings) -> bool:
    """Re-apply the settings file when it changed since the database last saw it."""
    if not settings_changed(con, settings):
        return False
    run_in_transaction(con, lambda cur: apply_settings(cur, settings))
    return True
