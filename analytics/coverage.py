"""Coverage of households by digital stores, e-payment accounts and trading households."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import pandas as pd

from analytics.access import Actor, require_rows, require_scope
from analytics.db import sql
from analytics.settings import Settings
from analytics.units import require_districts

LEVELS = ("province", "district", "commune", "village")

COVERAGE_COLUMNS = [
    "code", "name", "short_name", "parent_code", "households", "villages", "communes",
    "stores", "accounts", "active", "teams", "members", "full_teams", "committees",
    "stores_target", "accounts_target", "active_target",
    "stores_pct", "accounts_pct", "active_pct",
    "stores_target_pct", "accounts_target_pct", "active_target_pct",
    "stores_gap", "accounts_gap", "active_gap",
    "enterprise_stores", "enterprise_accounts", "orders", "volume", "revenue",
    "stores_reached", "accounts_reached", "active_reached",
    "villages_without_team", "villages_without_full_team", "communes_without_committee",
    "phase", "phase_name", "phase_start", "phase_end", "started",
    "stores_difference", "stores_difference_pct",
]


def coverage(
    con: duckdb.DuckDBPyConnection,
    settings: Settings,
    level: str,
    as_of: dt.date,
    district: str | None = None,
    commune: str | None = None,
    *,
    actor: Actor,
) -> pd.DataFrame:
    """One row per unit of `level` in scope: code, name, households, stores, accounts, active
    (cumulative to as_of), their % of households, targets, gaps and *_reached, the unit's phase,
    phase_name, phase_start, phase_end and started (its phase has begun by as_of; the gaps of a
    unit not started are NULL, and the province's count only what has started), teams, members
    (leaders included), full_teams, committees and the units lacking them; from enterprise
    reports enterprise_stores, enterprise_accounts, orders, volume, revenue and
    stores_difference (enterprise minus commune; NULL at village level)."""
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}")
    require_districts(settings, level, district)
    require_rows(con, actor, level, district, commune)
    params = {
        "level": level,
        "as_of": as_of,
        "district": district,
        "commune": commune,
        "stores_pct": settings.targets.stores_pct,
        "accounts_pct": settings.targets.accounts_pct,
        "active_pct": settings.targets.active_pct,
        "members_min": settings.targets.team_members_min,
        "campaign_start": settings.campaign_start,
        "campaign_end": settings.campaign_end,
    }
    frame = con.cursor().execute(sql("coverage"), params).df()
    for column in ("phase_start", "phase_end"):
        frame[column] = pd.to_datetime(frame[column]).dt.date
    frame["phase"] = frame["phase"].astype("Int64")
    return frame


def cumulative_series(
    con: duckdb.DuckDBPyConnection,
    start: dt.date,
    end: dt.date,
    district: str | None = None,
    commune: str | None = None,
    village: str | None = None,
    *,
    actor: Actor,
) -> pd.DataFrame:
    """One row per day from start to end: date, households, stores, accounts, active
    (cumulative counts in the scope: a district, a commune, a village or the province) and
    their % of households."""
    require_scope(con, actor, district, commune, village)
    params = {"start": start, "end": end, "district": district, "commune": commune, "village": village}
    return con.cursor().execute(sql("cumulative_series"), params).df()


def last_report_day(con: duckdb.DuckDBPyConnection) -> dt.date | None:
    """The last day with a live commune report (None before any): a date, no figure, so no
    access check."""
    row = con.cursor().execute(
        "SELECT max(report_date) FROM report WHERE source = 'commune' AND NOT coalesce(opening, false) "
        "AND upload_id IN (SELECT id FROM live_upload)").fetchone()
    return row[0] if row else None


def empty_summary() -> pd.Series:
    """The coverage row of a scope with no unit yet: zeros, no phase, nothing waiting to start."""
    return pd.Series({**{c: 0 for c in COVERAGE_COLUMNS}, "phase": None, "phase_name": None, "phase_start": None,
                      "phase_end": None, "started": True})


def status(frame: pd.DataFrame) -> pd.Series:
    """reached | not_reached | not_started per coverage row (stores against their target)."""
    reached = frame["stores_reached"].fillna(False).astype(bool).map({True: "reached", False: "not_reached"})
    return reached.where(frame["started"].astype(bool), "not_started")


def behind_first(frame: pd.DataFrame) -> pd.DataFrame:
    """Coverage rows ordered for "who is behind": started units by stores gap (largest first,
    then the lowest share of households), then the units whose phase has not begun."""
    order = frame.assign(_waiting=~frame["started"].astype(bool), _gap=frame["stores_gap"].fillna(-1))
    order = order.sort_values(["_waiting", "_gap", "stores_pct", "phase_start", "code"],
                              ascending=[True, False, True, True, True], na_position="last")
    return order.drop(columns=["_waiting", "_gap"]).reset_index(drop=True)


CHILD_LEVEL = {"province": "district", "district": "commune", "commune": "village"}


def child_level(level: str, has_districts: bool = True) -> str | None:
    """The level of a unit's children: the province's are its districts, or its communes on a
    hierarchy without districts; a village has none."""
    if level == "province" and not has_districts:
        return "commune"
    return CHILD_LEVEL.get(level)


@dataclass(frozen=True)
class Overview:
    """Where a scope stands on a day: its own coverage row, its children's rows, the daily
    cumulative series from the campaign start."""

    summary: pd.Series
    children: pd.DataFrame
    series: pd.DataFrame

    @property
    def has_reports(self) -> bool:
        return bool(self.series["stores"].max() > 0) if len(self.series) else False


def overview(
    con: duckdb.DuckDBPyConnection,
    settings: Settings,
    as_of: dt.date,
    level: str,
    district: str | None = None,
    commune: str | None = None,
    *,
    actor: Actor,
) -> Overview:
    """Coverage of the scope (province, a district or a commune) and of its children (districts,
    or communes on a hierarchy without districts; communes; villages) as of a day."""
    require_scope(con, actor, district, commune)
    own = coverage(con, settings, level, as_of, district, commune, actor=actor)
    if level == "district":
        own = own[own["code"] == district]
    elif level == "commune":
        own = own[own["code"] == commune]
    summary = own.iloc[0] if len(own) else empty_summary()
    children = coverage(con, settings, child_level(level, settings.has_districts), as_of, district, commune,
                        actor=actor)
    series = cumulative_series(con, settings.campaign_start, as_of, district, commune, actor=actor)
    return Overview(summary, children, series)
