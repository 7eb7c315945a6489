"""Early warnings as of a day: stalled communes, communes falling behind, anomalies in the
figures, communes missing reports several days in a row. Thresholds: settings [alerts]."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, fields

import duckdb
import numpy as np
import pandas as pd

from analytics import discipline, phases, texts
from analytics import vnformat as fmt
from analytics.access import Actor, narrow
from analytics.settings import Settings, SettingsError
from analytics.units import require_districts

TYPES = ("stalled", "behind", "anomaly", "missing")
ANOMALY_KINDS = ("spike", "decrease", "over_households", "enterprise_gap")
# 1 = act first: the phase ended short of the target, or nothing moves; 2 = will miss the
# target at this pace, or silent for days; 3 = figures to check
SEVERITY = {"stalled": 1, "behind": 2, "missing": 2, "anomaly": 3}
ALERT_COLUMNS = [
    "type", "kind", "severity", "code", "name", "level", "district_code", "district_name", "phase_name",
    "phase_start", "since", "message", "gap",
    "households", "stores", "stores_target", "stores_pct", "new_stores", "pace", "projected_date",
    "value", "reference", "days",
]


@dataclass(frozen=True)
class Thresholds:
    """The [alerts] settings (see data/settings.toml for what each one means)."""

    pace_days: int = 7
    stalled_days: int = 5
    stalled_max_new_pct: float = 0.5
    behind_grace_days: int = 14
    spike_lookback_days: int = 14
    spike_factor: float = 3.0
    spike_min: int = 20
    anomaly_recent_days: int = 3
    enterprise_diff_pct: float = 10.0
    enterprise_diff_min: int = 20
    missing_days: int = 3

    @classmethod
    def from_settings(cls, settings: Settings) -> Thresholds:
        raw = settings.section("alerts")
        values = {}
        for item in fields(cls):
            value = raw.get(item.name, item.default)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                raise SettingsError(f"alerts.{item.name}", texts.SETTINGS_WRONG_TYPE.format(value=value))
            values[item.name] = int(value) if item.type == "int" else float(value)
        if values["pace_days"] < 1 or values["stalled_days"] < 1 or values["missing_days"] < 1:
            raise SettingsError("alerts", texts.ALERTS_DAYS_POSITIVE)
        return cls(**values)


def alerts(
    con: duckdb.DuckDBPyConnection,
    settings: Settings,
    as_of: dt.date,
    district: str | None = None,
    commune: str | None = None,
    *,
    actor: Actor,
) -> pd.DataFrame:
    """One row per warning as of `as_of` (communes in scope whose phase has begun), most severe
    first, then largest gap: type (stalled | behind | anomaly | missing), kind (anomalies: spike |
    decrease | over_households | enterprise_gap), severity (1 high, 2 medium, 3 low), code, name,
    level, district_code, district_name (none on a hierarchy without districts), phase_name,
    phase_start, since (the day the problem
    began, not the as-of day), message (Vietnamese, with the figures), gap (households short of
    the stores target) and the figures: households, stores, stores_target, stores_pct,
    new_stores, pace, projected_date, value, reference, days. The province asked by an actor
    scoped below it is narrowed to the actor's own scope."""
    require_districts(settings, district=district)
    district, commune = narrow(con, actor, district, commune)
    limits = Thresholds.from_settings(settings)
    plan = phases.commune_plan(con, settings, district)
    if commune:
        plan = plan[plan["code"] == commune]
    daily = phases.commune_daily(con, as_of, district)
    days = discipline.report_days(con, settings, as_of - dt.timedelta(days=60), as_of, district, commune)
    frame = alerts_from(plan, daily, days, settings, as_of, limits)
    return frame if settings.has_districts else frame.drop(columns=["district_code", "district_name"])


def alerts_from(plan: pd.DataFrame, daily: pd.DataFrame, report_days: pd.DataFrame, settings: Settings,
                as_of: dt.date, limits: Thresholds) -> pd.DataFrame:
    """alerts() from loaded frames: the commune plan, daily counts, report days."""
    rows: list[dict] = []
    start = settings.campaign_start
    if as_of < start or plan.empty:
        return pd.DataFrame(columns=ALERT_COLUMNS)
    codes = plan["code"].tolist()
    dense = phases.dense_daily(daily, codes, start, as_of)
    days = [start + dt.timedelta(days=i) for i in range((as_of - start).days + 1)]
    # (commune, day, indicator) in plan order: dense is the product of codes and days
    block = dense[phases.DAILY_COLUMNS].to_numpy().reshape(len(codes), len(days), len(phases.DAILY_COLUMNS))
    # split once: get_group per commune re-indexes the whole frame each time (minutes for a country)
    status = {code: part for code, part in report_days.groupby("commune_code", sort=False)}
    for position, unit in enumerate(plan.itertuples(index=False)):
        series = Series(days, {c: block[position, :, i] for i, c in enumerate(phases.DAILY_COLUMNS)})
        if unit.phase_start > as_of:
            # a unit whose phase has not begun is not behind anything yet
            continue
        context = _context(unit, series)
        rows += _stalled(unit, series, context, as_of, limits)
        rows += _behind(unit, series, context, as_of, limits)
        rows += _anomalies(unit, series, context, as_of, limits)
        if unit.code in status:
            rows += _missing(unit, status[unit.code], context, limits)
    frame = pd.DataFrame(rows, columns=ALERT_COLUMNS)
    frame["type_order"] = frame["type"].map({t: i for i, t in enumerate(TYPES)})
    frame = frame.sort_values(["severity", "gap", "type_order", "district_code", "code", "since"],
                              ascending=[True, False, True, True, True, True]).drop(columns="type_order")
    return frame.reset_index(drop=True)


@dataclass(frozen=True)
class Series:
    """One commune's daily new counts from the campaign start to the as-of day (numpy arrays)."""

    days: list[dt.date]
    values: dict[str, np.ndarray]

    def index(self, day: dt.date) -> int:
        """Position of a day, clipped to the series."""
        return min(max((day - self.days[0]).days, 0), len(self.days))

    def total(self, column: str) -> float:
        return float(self.values[column].sum())


def _context(unit, series: Series) -> dict:
    stores = series.total("stores")
    return {
        "code": unit.code, "name": unit.name, "level": "commune", "district_code": unit.district_code,
        "district_name": unit.district_name, "phase_name": unit.phase_name, "phase_start": unit.phase_start,
        "gap": max(math.ceil(unit.stores_target) - int(stores), 0),
        "households": int(unit.households), "stores": int(stores),
        "stores_target": float(unit.stores_target),
        "stores_pct": round(100.0 * stores / unit.households, 2) if unit.households else np.nan,
    }


def _alert(context: dict, type_: str, since: dt.date, message: str, kind: str | None = None,
           severity: int | None = None, **figures) -> dict:
    return {**context, "type": type_, "kind": kind, "severity": severity or SEVERITY[type_], "since": since,
            "message": message, **figures}


def _run_start(series: Series, holds, last: int, first: int = 0) -> dt.date:
    """The first day of the run of days ending at `last` on which `holds(i)` is true."""
    i = last
    while i > first and holds(i - 1):
        i -= 1
    return series.days[i]


def _stalled(unit, series: Series, context, as_of, limits: Thresholds) -> list[dict]:
    target = math.ceil(unit.stores_target)
    if unit.households <= 0 or context["stores"] >= target or as_of > unit.phase_end:
        return []
    window_start = as_of - dt.timedelta(days=limits.stalled_days - 1)
    if window_start < unit.phase_start:
        return []
    stores = series.values["stores"]
    limit = limits.stalled_max_new_pct * unit.households / 100.0
    new = float(stores[series.index(window_start):].sum())
    if new > limit:
        return []
    # the stall began after the last day that added more than a day's share of "almost none"
    first = series.index(unit.phase_start)
    busy = np.flatnonzero(stores[first:series.index(window_start)] > limit / limits.stalled_days)
    since = series.days[first + busy[-1] + 1] if len(busy) else unit.phase_start
    days = (as_of - since).days + 1
    message = texts.ALERT_STALLED.format(
        new=fmt.number(new), days=limits.stalled_days, since=fmt.date(since), stores=fmt.number(context["stores"]),
        pct=fmt.percent(context["stores_pct"]), gap=fmt.number(max(target - context["stores"], 0)))
    return [_alert(context, "stalled", since, message, new_stores=new, days=days, reference=round(limit, 2))]


def _behind(unit, series: Series, context, as_of, limits: Thresholds) -> list[dict]:
    target = math.ceil(unit.stores_target)
    if unit.households <= 0 or context["stores"] >= target:
        return []
    gap = target - context["stores"]
    if as_of > unit.phase_end:
        message = texts.ALERT_PHASE_ENDED.format(end=fmt.date(unit.phase_end), stores=fmt.number(context["stores"]),
                                                 pct=fmt.percent(context["stores_pct"]), gap=fmt.number(gap))
        return [_alert(context, "behind", unit.phase_end, message, severity=1, value=float(gap),
                       days=(as_of - unit.phase_end).days)]
    first = series.index(unit.phase_start)
    cumulative = np.cumsum(series.values["stores"])
    end = (unit.phase_end - series.days[0]).days

    def late(i: int) -> bool:
        """On day i, past the grace days, short of the target and not reaching it in time at the pace."""
        elapsed = i - first + 1
        if elapsed <= limits.behind_grace_days or cumulative[i] >= target:
            return False
        span = min(limits.pace_days, elapsed)
        pace = float(cumulative[i] - (cumulative[i - span] if i >= span else 0.0)) / span
        return pace <= 0 or i + math.ceil((target - cumulative[i]) / pace) > end

    last = len(series.days) - 1
    if not late(last):
        return []
    span = min(limits.pace_days, last - first + 1)
    pace = float(series.values["stores"][-span:].sum()) / span
    projected = as_of + dt.timedelta(days=math.ceil(gap / pace)) if pace > 0 else None
    needed = gap / max((unit.phase_end - as_of).days, 1)
    message = texts.ALERT_BEHIND.format(
        pace=fmt.number(pace, 1), days=limits.pace_days, needed=fmt.number(needed, 1), gap=fmt.number(gap),
        end=fmt.date(unit.phase_end), projected=fmt.date(projected) if projected else texts.ALERT_NEVER)
    since = _run_start(series, late, last, first)
    return [_alert(context, "behind", since, message, pace=round(pace, 2), projected_date=projected,
                   reference=round(needed, 2), value=float(gap), days=(as_of - since).days + 1)]


def _anomalies(unit, series: Series, context, as_of, limits: Thresholds) -> list[dict]:
    found = []
    stores = series.values["stores"]
    first = series.index(unit.phase_start)
    recent = series.index(as_of - dt.timedelta(days=limits.anomaly_recent_days - 1))
    for i in range(max(recent, first), len(series.days)):
        before = stores[max(first, i - limits.spike_lookback_days):i]
        if len(before) < min(limits.spike_lookback_days, 3):
            continue
        usual, value = float(before.max()), float(stores[i])
        if value >= limits.spike_min and value > limits.spike_factor * usual:
            message = texts.ALERT_SPIKE.format(day=fmt.date(series.days[i]), value=fmt.number(value),
                                               usual=fmt.number(usual), days=limits.spike_lookback_days)
            found.append(_alert(context, "anomaly", series.days[i], message, "spike", value=value, reference=usual))
    for column in ("stores", "accounts", "enterprise_stores", "enterprise_accounts"):
        negative = np.flatnonzero(series.values[column] < 0)
        if len(negative):
            i = int(negative[0])
            value = float(series.values[column][i])
            message = texts.ALERT_DECREASE.format(what=texts.ALERT_WHAT[column], day=fmt.date(series.days[i]),
                                                  value=fmt.number(value))
            found.append(_alert(context, "anomaly", series.days[i], message, "decrease", value=value))
    if unit.households > 0 and context["stores"] > unit.households:
        over = np.flatnonzero(np.cumsum(stores) > unit.households)
        message = texts.ALERT_OVER_HOUSEHOLDS.format(stores=fmt.number(context["stores"]),
                                                     households=fmt.number(unit.households))
        found.append(_alert(context, "anomaly", series.days[int(over[0])], message, "over_households",
                            value=float(context["stores"]), reference=float(unit.households)))
    enterprise_cumulative = np.cumsum(series.values["enterprise_stores"])
    stores_cumulative = np.cumsum(stores)
    reported = np.cumsum(sum(np.abs(series.values[c]) for c in ("enterprise_stores", "enterprise_accounts", "orders"))) > 0

    def apart(i: int) -> bool:
        """On day i, the enterprise's cumulative stores differ from the commune's beyond both limits."""
        difference = enterprise_cumulative[i] - stores_cumulative[i]
        return bool(reported[i] and abs(difference) >= limits.enterprise_diff_min
                    and 100 * abs(difference) / max(stores_cumulative[i], 1) > limits.enterprise_diff_pct)

    last = len(series.days) - 1
    if apart(last):
        enterprise = float(enterprise_cumulative[last])
        difference = enterprise - context["stores"]
        base = max(context["stores"], 1)
        message = texts.ALERT_ENTERPRISE.format(enterprise=fmt.number(enterprise), stores=fmt.number(context["stores"]),
                                                diff=fmt.signed(difference), pct=fmt.percent(100 * difference / base))
        found.append(_alert(context, "anomaly", _run_start(series, apart, last), message, "enterprise_gap",
                            value=enterprise, reference=float(context["stores"])))
    return found


def _missing(unit, days: pd.DataFrame, context, limits: Thresholds) -> list[dict]:
    statuses = days.sort_values("report_date")
    run = 0
    for status in reversed(statuses["status"].tolist()):
        if status != "missing":
            break
        run += 1
    if run < limits.missing_days:
        return []
    since = statuses["report_date"].iloc[-run]
    message = texts.ALERT_MISSING.format(days=run, since=fmt.date(since))
    return [_alert(context, "missing", since, message, days=run)]


def counts_by_type(frame: pd.DataFrame) -> dict[str, int]:
    """Number of warnings of each type (every type present, 0 when none)."""
    found = frame["type"].value_counts().to_dict() if len(frame) else {}
    return {t: int(found.get(t, 0)) for t in TYPES}
