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

TYPES = ("stalled", "behind", "anomaly", "missing")
ANOMALY_KINDS = ("spike", "decrease", "over_households", "enterprise_gap")
ALERT_COLUMNS = [
    "type", "kind", "code", "name", "level", "district_code", "district_name", "since", "message",
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
    """One row per warning as of `as_of` (communes in scope): type (stalled | behind | anomaly |
    missing), kind (anomalies: spike | decrease | over_households | enterprise_gap), code, name,
    level, district_code, district_name, since, message (Vietnamese, with the figures) and the
    figures: households, stores, stores_target, stores_pct, new_stores, pace, projected_date,
    value, reference, days. The province asked by an actor scoped below it is narrowed to the
    actor's own scope."""
    district, commune = narrow(con, actor, district, commune)
    limits = Thresholds.from_settings(settings)
    plan = phases.commune_plan(con, settings, district)
    if commune:
        plan = plan[plan["code"] == commune]
    daily = phases.commune_daily(con, as_of, district)
    days = discipline.report_days(con, settings, as_of - dt.timedelta(days=60), as_of, district, commune)
    return alerts_from(plan, daily, days, settings, as_of, limits)


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
    status = report_days.groupby("commune_code")
    for position, unit in enumerate(plan.itertuples(index=False)):
        series = Series(days, {c: block[position, :, i] for i, c in enumerate(phases.DAILY_COLUMNS)})
        context = _context(unit, series)
        if unit.phase_start <= as_of:
            rows += _stalled(unit, series, context, as_of, limits)
            rows += _behind(unit, series, context, as_of, limits)
            rows += _anomalies(unit, series, context, as_of, limits)
        if unit.code in status.groups:
            rows += _missing(unit, status.get_group(unit.code), context, limits)
    frame = pd.DataFrame(rows, columns=ALERT_COLUMNS)
    frame["type_order"] = frame["type"].map({t: i for i, t in enumerate(TYPES)})
    frame = frame.sort_values(["type_order", "district_code", "code", "since"]).drop(columns="type_order")
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
        "district_name": unit.district_name, "households": int(unit.households), "stores": int(stores),
        "stores_target": float(unit.stores_target),
        "stores_pct": round(100.0 * stores / unit.households, 2) if unit.households else np.nan,
    }


def _alert(context: dict, type_: str, since: dt.date, message: str, kind: str | None = None, **figures) -> dict:
    return {**context, "type": type_, "kind": kind, "since": since, "message": message, **figures}


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
        return [_alert(context, "behind", unit.phase_end, message, value=float(gap),
                       days=(as_of - unit.phase_end).days)]
    elapsed = (as_of - unit.phase_start).days + 1
    if elapsed <= limits.behind_grace_days:
        return []
    span = min(limits.pace_days, elapsed)
    pace = float(series.values["stores"][-span:].sum()) / span
    projected = as_of + dt.timedelta(days=math.ceil(gap / pace)) if pace > 0 else None
    if projected is not None and projected <= unit.phase_end:
        return []
    needed = gap / max((unit.phase_end - as_of).days, 1)
    message = texts.ALERT_BEHIND.format(
        pace=fmt.number(pace, 1), days=limits.pace_days, needed=fmt.number(needed, 1), gap=fmt.number(gap),
        end=fmt.date(unit.phase_end), projected=fmt.date(projected) if projected else texts.ALERT_NEVER)
    return [_alert(context, "behind", as_of, message, pace=round(pace, 2), projected_date=projected,
                   reference=round(needed, 2), value=float(gap))]


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
    enterprise = series.total("enterprise_stores")
    reported = any(np.any(series.values[c] != 0) for c in ("enterprise_stores", "enterprise_accounts", "orders"))
    difference = enterprise - context["stores"]
    base = max(context["stores"], 1)
    if (reported and abs(difference) >= limits.enterprise_diff_min
            and 100 * abs(difference) / base > limits.enterprise_diff_pct):
        message = texts.ALERT_ENTERPRISE.format(enterprise=fmt.number(enterprise), stores=fmt.number(context["stores"]),
                                                diff=fmt.signed(difference), pct=fmt.percent(100 * difference / base))
        found.append(_alert(context, "anomaly", as_of, message, "enterprise_gap", value=enterprise,
                            reference=float(context["stores"])))
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
