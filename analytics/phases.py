"""Phases of the campaign: share of the target reached against share of the time elapsed,
7-day pace, projected date of reaching the target, curves aligned on each phase's start."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from analytics import texts
from analytics.access import Actor, require_scope
from analytics.db import sql
from analytics.settings import Settings
from analytics.units import require_districts

DAILY_COLUMNS = ["stores", "accounts", "active", "enterprise_stores", "enterprise_accounts", "orders"]
STATUSES = ("not_started", "starting", "reached", "on_track", "late")
PACE_DAYS = 7


def pace_days(settings: Settings) -> int:
    """Days averaged for the pace (settings [alerts] pace_days, 7 by default)."""
    return int(settings.section("alerts").get("pace_days", PACE_DAYS))


def commune_plan(con: duckdb.DuckDBPyConnection, settings: Settings, district: str | None = None) -> pd.DataFrame:
    """One row per commune: code, name, short_name, district_code, district_name, district_short,
    phase, phase_name, phase_start, phase_end, households, villages, stores_target, accounts_target.
    A building block: no access check, the public functions that call it check first."""
    params = {
        "district": district, "stores_pct": settings.targets.stores_pct,
        "accounts_pct": settings.targets.accounts_pct,
        "campaign_start": settings.campaign_start, "campaign_end": settings.campaign_end,
    }
    frame = con.cursor().execute(sql("commune_plan"), params).df()
    for column in ("phase_start", "phase_end"):
        frame[column] = pd.to_datetime(frame[column]).dt.date
    frame["phase"] = frame["phase"].astype("Int64")
    return frame


def commune_daily(con: duckdb.DuckDBPyConnection, end: dt.date, district: str | None = None) -> pd.DataFrame:
    """One row per commune and day with a report up to `end`: commune_code, report_date and the
    day's new stores, accounts, active, enterprise_stores, enterprise_accounts, orders.
    A building block: no access check, the public functions that call it check first."""
    frame = con.cursor().execute(sql("commune_daily"), {"end": end, "district": district}).df()
    frame["report_date"] = pd.to_datetime(frame["report_date"]).dt.date
    return frame


def dense_daily(daily: pd.DataFrame, codes, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Daily new counts for every code and every day start..end (zeros where nothing was
    reported), indexed by (code, date); reports before `start` are added to the first day so
    that cumulative sums stay right."""
    days = pd.date_range(start, end, freq="D").date if end >= start else []
    index = pd.MultiIndex.from_product([list(codes), list(days)], names=["code", "date"])
    if not len(index):
        return pd.DataFrame(columns=DAILY_COLUMNS, index=index, dtype="float64")
    frame = daily.rename(columns={"commune_code": "code", "report_date": "date"})
    frame = frame[frame["code"].isin(set(codes))]
    frame = frame.assign(date=frame["date"].where(frame["date"] >= start, start))
    frame = frame.groupby(["code", "date"])[DAILY_COLUMNS].sum()
    return frame.reindex(index, fill_value=0.0).astype("float64")


@dataclass(frozen=True)
class Group:
    """Communes measured together (a phase, or a district) over their phase's days."""

    code: str
    name: str
    phase: int | None
    phase_name: str
    start: dt.date
    end: dt.date
    households: int
    stores_target: float
    accounts_target: float


# The plan's columns that name a group: its key and its name.
GROUPINGS = {"phase": ("phase", "phase_name"), "district": ("district_code", "district_name"),
             "commune": ("code", "name")}


def _groups(plan: pd.DataFrame, by: str) -> list[tuple[Group, list[str]]]:
    groups = []
    key, name = GROUPINGS[by]
    for value, part in plan.groupby(key, sort=True, dropna=True):
        first = part.iloc[0]
        phase = None if pd.isna(first["phase"]) else int(first["phase"])
        groups.append((Group(
            code=str(value),
            name=first[name] or "",
            phase=phase,
            phase_name=first["phase_name"] or "",
            start=min(part["phase_start"]),
            end=max(part["phase_end"]),
            households=int(part["households"].sum()),
            stores_target=float(part["stores_target"].sum()),
            accounts_target=float(part["accounts_target"].sum()),
        ), part["code"].tolist()))
    return groups


def _group_daily(plan: pd.DataFrame, daily: pd.DataFrame, by: str, start: dt.date,
                 end: dt.date) -> dict[str, pd.DataFrame]:
    """Daily new counts per group code, each a frame indexed by every date start..end (zeros
    where nothing was reported; reports before `start` count on its first day). The counts are
    summed per group before the calendar is filled in, and split by one groupby: a country's
    691 districts take what one district did when each was cut out of every commune's days."""
    key = GROUPINGS[by][0]
    group_of = pd.Series(plan[key].astype(str).to_numpy(), index=plan["code"].to_numpy())
    groups = list(group_of.unique())
    days = pd.Index(pd.date_range(start, end, freq="D").date if end >= start else [], name="date")
    if not len(days):
        return {code: pd.DataFrame(columns=DAILY_COLUMNS, index=days, dtype="float64") for code in groups}
    frame = daily.rename(columns={"commune_code": "code", "report_date": "date"})
    frame = frame[frame["code"].isin(group_of.index)]
    frame = frame.assign(group=frame["code"].map(group_of), date=frame["date"].where(frame["date"] >= start, start))
    summed = frame.groupby(["group", "date"])[DAILY_COLUMNS].sum()
    full = pd.MultiIndex.from_product([groups, list(days)], names=["group", "date"])
    summed = summed.reindex(full, fill_value=0.0).astype("float64")
    return {code: part.droplevel("group") for code, part in summed.groupby(level="group", sort=False)}


def _reached_on(cumulative: pd.Series, target: float) -> dt.date | None:
    hit = cumulative[cumulative >= math.ceil(target)]
    return hit.index[0] if len(hit) else None


def _projection(cumulative: pd.Series, daily: pd.Series, target: float, as_of: dt.date,
                start: dt.date, window: int) -> tuple[float, dt.date | None]:
    """(pace per day over the last `window` days, date the target is or will be reached)."""
    current = float(cumulative.iloc[-1]) if len(cumulative) else 0.0
    elapsed = (as_of - start).days + 1
    span = max(1, min(window, elapsed))
    pace = float(daily.iloc[-span:].sum()) / span if len(daily) else 0.0
    if target > 0 and current >= math.ceil(target):
        return pace, _reached_on(cumulative, target)
    if pace <= 0:
        return pace, None
    return pace, as_of + dt.timedelta(days=math.ceil((math.ceil(target) - current) / pace))


def progress(
    con: duckdb.DuckDBPyConnection,
    settings: Settings,
    as_of: dt.date,
    by: str = "phase",
    district: str | None = None,
    *,
    actor: Actor,
) -> pd.DataFrame:
    """One row per phase, district or commune (by): code, name, phase, phase_name, start, end, households,
    stores, accounts, stores_target, accounts_target, stores_target_share, accounts_target_share
    (% of the target reached), time_share (% of the phase's days elapsed), stores_pace,
    accounts_pace (7-day average of new per day), stores_projected, accounts_projected,
    projected_date (the later of the two; None when the pace is zero), status
    (not_started | starting | reached | on_track | late), on_track, days_left. Phases and
    districts are aggregates, open to every actor for the province."""
    require_districts(settings, by, district)
    require_scope(con, actor, district)
    plan = commune_plan(con, settings, district)
    daily = commune_daily(con, as_of, district)
    return progress_from(plan, daily, settings, as_of, by)


def progress_from(plan: pd.DataFrame, daily: pd.DataFrame, settings: Settings, as_of: dt.date,
                  by: str, per_group: dict[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """progress() from an already loaded commune plan and daily counts (and, optionally, the
    daily counts already summed per group)."""
    if by not in GROUPINGS:
        raise ValueError(f"unknown grouping {by!r}")
    window = pace_days(settings)
    if per_group is None:
        per_group = _group_daily(plan, daily, by, settings.campaign_start, as_of)
    rows = []
    for group, _ in _groups(plan, by):
        until = min(as_of, group.end)
        dense = per_group[group.code]
        cumulative = dense.cumsum()
        in_phase = dense.loc[[d for d in dense.index if d <= until]]
        cumulative_in = cumulative.loc[in_phase.index]
        started = as_of >= group.start
        total_days = (group.end - group.start).days + 1
        elapsed = min(max((as_of - group.start).days + 1, 0), total_days)
        stores = float(cumulative["stores"].iloc[-1]) if len(cumulative) else 0.0
        accounts = float(cumulative["accounts"].iloc[-1]) if len(cumulative) else 0.0
        s_pace, s_date = _projection(cumulative_in["stores"], in_phase["stores"], group.stores_target,
                                     as_of, group.start, window)
        a_pace, a_date = _projection(cumulative_in["accounts"], in_phase["accounts"], group.accounts_target,
                                     as_of, group.start, window)
        reached = (group.households > 0 and stores >= math.ceil(group.stores_target)
                   and accounts >= math.ceil(group.accounts_target))
        projected = None if s_date is None or a_date is None else max(s_date, a_date)
        if not started:
            status = "not_started"
        elif reached:
            status = "reached"
        elif projected is not None and projected <= group.end:
            status = "on_track"
        elif elapsed < window:
            # a pace over fewer days than the window says little yet
            status = "starting"
        else:
            status = "late"
        rows.append({
            "code": group.code, "name": group.name, "phase": group.phase, "phase_name": group.phase_name,
            "start": group.start, "end": group.end, "households": group.households,
            "stores": int(stores), "accounts": int(accounts),
            "stores_target": group.stores_target, "accounts_target": group.accounts_target,
            "stores_target_share": _share(stores, group.stores_target),
            "accounts_target_share": _share(accounts, group.accounts_target),
            "time_share": round(100.0 * elapsed / total_days, 2),
            "stores_pace": round(s_pace, 2) if started else np.nan,
            "accounts_pace": round(a_pace, 2) if started else np.nan,
            "stores_projected": s_date if started else None,
            "accounts_projected": a_date if started else None,
            "projected_date": projected if started else None,
            "status": status,
            "on_track": status in ("reached", "on_track"),
            "days_left": max((group.end - as_of).days, 0),
        })
    columns = ["code", "name", "phase", "phase_name", "start", "end", "households", "stores", "accounts",
               "stores_target", "accounts_target", "stores_target_share", "accounts_target_share", "time_share",
               "stores_pace", "accounts_pace", "stores_projected", "accounts_projected", "projected_date",
               "status", "on_track", "days_left"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["phase"] = frame["phase"].astype("Int64")
    return frame


def _share(count: float, target: float) -> float:
    return round(100.0 * count / target, 2) if target > 0 else np.nan


def curves_from(plan: pd.DataFrame, daily: pd.DataFrame, settings: Settings, as_of: dt.date,
                by: str = "phase", per_group: dict[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """One row per phase, district or commune and calendar day from the campaign start to as_of: code,
    name, phase, date, day (days since its own phase start; negative before it), stores,
    accounts, stores_pct, accounts_pct (cumulative, % of households), target_pct."""
    frames = []
    if per_group is None:
        per_group = _group_daily(plan, daily, by, settings.campaign_start, as_of)
    for group, _ in _groups(plan, by):
        dense = per_group[group.code]
        if dense.empty:
            continue
        cumulative = dense[["stores", "accounts"]].cumsum()
        households = group.households or np.nan
        frames.append(pd.DataFrame({
            "code": group.code, "name": group.name, "phase": group.phase,
            "date": cumulative.index,
            "day": [(d - group.start).days for d in cumulative.index],
            "stores": cumulative["stores"].to_numpy().astype("int64"),
            "accounts": cumulative["accounts"].to_numpy().astype("int64"),
            "stores_pct": (100.0 * cumulative["stores"] / households).round(2).to_numpy(),
            "accounts_pct": (100.0 * cumulative["accounts"] / households).round(2).to_numpy(),
            "target_pct": round(100.0 * group.stores_target / households, 2) if group.households else np.nan,
        }))
    columns = ["code", "name", "phase", "date", "day", "stores", "accounts", "stores_pct", "accounts_pct",
               "target_pct"]
    if not frames:
        return pd.DataFrame(columns=columns)
    frame = pd.concat(frames, ignore_index=True)[columns]
    frame["phase"] = frame["phase"].astype("Int64")
    return frame


def timeline_from(plan: pd.DataFrame, by: str = "district") -> pd.DataFrame:
    """For a Gantt: phase, phase_name, code, name, start, end; one row per district with a phase,
    or (by "commune": a hierarchy without districts, where dozens of communes share each phase's
    days) one row per phase naming how many communes it covers."""
    phased = plan.dropna(subset=["phase"])
    if by == "commune":
        rows = phased.groupby("phase", sort=True).agg(
            phase_name=("phase_name", "first"), communes=("code", "size"),
            start=("phase_start", "min"), end=("phase_end", "max")).reset_index()
        rows["code"] = rows["phase"].astype(int).astype(str)
        rows["name"] = [texts.PHASES_TIMELINE_COMMUNES.format(phase=name, count=count)
                        for name, count in zip(rows["phase_name"], rows["communes"])]
        return rows.sort_values("phase").reset_index(drop=True)[["phase", "phase_name", "code", "name", "start", "end"]]
    districts = phased.groupby("district_code", sort=True).agg(
        phase=("phase", "first"), phase_name=("phase_name", "first"), name=("district_name", "first"),
        start=("phase_start", "min"), end=("phase_end", "max"),
    ).reset_index().rename(columns={"district_code": "code"})
    return districts.sort_values(["phase", "code"]).reset_index(drop=True)[
        ["phase", "phase_name", "code", "name", "start", "end"]]


@dataclass(frozen=True)
class PhasesView:
    """Everything the phases page shows, as of a day. Areas are the districts, or the communes on
    a hierarchy without districts (area_level)."""

    phases: pd.DataFrame        # progress(by="phase")
    areas: pd.DataFrame         # progress(by=area_level)
    phase_curves: pd.DataFrame  # curves_from(by="phase")
    area_curves: pd.DataFrame
    timeline: pd.DataFrame
    area_level: str = "district"

    @property
    def has_reports(self) -> bool:
        return bool(len(self.phase_curves)) and bool(self.phase_curves["stores"].max() > 0)


def phases_view(
    con: duckdb.DuckDBPyConnection, settings: Settings, as_of: dt.date, district: str | None = None,
    commune: str | None = None, *, actor: Actor,
) -> PhasesView:
    """The phases page's data for the province, one district or one commune, read with one pass
    over the reports; areas are districts, or communes on a hierarchy without districts."""
    require_districts(settings, district=district)
    require_scope(con, actor, district, commune)
    area = "district" if settings.has_districts else "commune"
    plan = commune_plan(con, settings, district)
    if commune:
        plan = plan[plan["code"] == commune]
    daily = commune_daily(con, as_of, district)
    by_phase = _group_daily(plan, daily, "phase", settings.campaign_start, as_of)
    by_area = _group_daily(plan, daily, area, settings.campaign_start, as_of)
    return PhasesView(
        phases=progress_from(plan, daily, settings, as_of, "phase", by_phase),
        areas=progress_from(plan, daily, settings, as_of, area, by_area),
        phase_curves=curves_from(plan, daily, settings, as_of, "phase", by_phase),
        area_curves=curves_from(plan, daily, settings, as_of, area, by_area),
        timeline=timeline_from(plan, area),
        area_level=area,
    )
