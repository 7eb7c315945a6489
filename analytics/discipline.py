"""Reporting discipline: did each commune send its daily report by the deadline hour?"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import pandas as pd

from analytics import texts, vnformat
from analytics.access import Actor, narrow, require_rows
from analytics.db import sql
from analytics.settings import Settings
from analytics.units import require_districts

STATUSES = ("on_time", "late", "missing")
TIMELINESS_LEVELS = ("district", "commune", "phase")
TIMELINESS_COLUMNS = [
    "code", "name", "expected", "on_time", "late", "missing", "completeness_pct", "timeliness_pct",
]


def report_days(
    con: duckdb.DuckDBPyConnection,
    settings: Settings,
    start: dt.date | None,
    end: dt.date | None,
    district: str | None = None,
    commune: str | None = None,
) -> pd.DataFrame:
    """One row per commune and day of its phase in [start, end]: commune_code, commune_name,
    commune_short, district_code, district_name, district_short, phase, report_date,
    received_at, status (on_time | late | missing). A building block: no access check, the
    public functions that call it check first."""
    start = start or settings.campaign_start
    end = end or settings.campaign_end
    params = {
        "start": start, "end": end, "deadline": settings.deadline, "district": district, "commune": commune,
        "campaign_start": settings.campaign_start, "campaign_end": settings.campaign_end,
    }
    frame = con.cursor().execute(sql("report_days"), params).df()
    frame["report_date"] = pd.to_datetime(frame["report_date"]).dt.date
    return frame


def status_counts(con: duckdb.DuckDBPyConnection, settings: Settings, level: str, start: dt.date | None,
                  end: dt.date | None, district: str | None = None) -> pd.DataFrame:
    """One row per commune, district or phase (level) with an expected day in [start, end]:
    code, on_time, late, missing (report_days summed in the database)."""
    start = start or settings.campaign_start
    end = end or settings.campaign_end
    params = {
        "start": start, "end": end, "deadline": settings.deadline, "district": district, "commune": None,
        "campaign_start": settings.campaign_start, "campaign_end": settings.campaign_end, "level": level,
    }
    query = f"WITH report_days AS ({sql('report_days')}) {sql('report_days_counts')}"  # two fixed files
    frame = con.cursor().execute(query, params).df()
    return frame.astype({s: "int64" for s in STATUSES})


def summarise(days: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Counts of on-time, late and missing days grouped by `by`, with the two rates (0–100):
    completeness = reports received / expected, timeliness = received on time / expected."""
    counts = (
        days.assign(**{s: (days["status"] == s).astype("int64") for s in STATUSES})
        .groupby(by, dropna=False, sort=True)[list(STATUSES)].sum()
        .reset_index()
    )
    return _rates(counts)


def _rates(counts: pd.DataFrame) -> pd.DataFrame:
    """Counts with expected days and the two rates added."""
    counts["expected"] = counts[list(STATUSES)].sum(axis=1)
    expected = counts["expected"].where(counts["expected"] > 0)
    counts["completeness_pct"] = (100 * (counts["on_time"] + counts["late"]) / expected).round(2)
    counts["timeliness_pct"] = (100 * counts["on_time"] / expected).round(2)
    return counts


def timeliness(
    con: duckdb.DuckDBPyConnection,
    settings: Settings,
    level: str,
    start: dt.date | None,
    end: dt.date | None,
    district: str | None = None,
    *,
    actor: Actor,
) -> pd.DataFrame:
    """One row per district, commune or phase (level) in scope: code, name, expected, on_time,
    late, missing, completeness_pct, timeliness_pct (0–100, NaN when no day was expected), then
    district_code, district_name (communes, on a hierarchy with districts) or phase. Days are those
    of each unit's phase inside [start, end] (None: the campaign's first / last day)."""
    if level not in TIMELINESS_LEVELS:
        raise ValueError(f"unknown level {level!r}")
    require_districts(settings, level, district)
    # phases are aggregates open to everyone, as the districts are (or the province's own figure)
    require_rows(con, actor, ("district" if settings.has_districts else "province") if level == "phase" else level,
                 district)
    units = _units(con, level, district, settings)
    counts = _rates(status_counts(con, settings, level, start, end, district))
    frame = units.merge(counts, on="code", how="left")
    for column in ("expected", *STATUSES):
        frame[column] = frame[column].fillna(0).astype("int64")
    extra = [c for c in frame.columns if c not in TIMELINESS_COLUMNS]
    if not settings.has_districts:
        extra = [c for c in extra if not c.startswith("district_")]
    return frame[TIMELINESS_COLUMNS + extra].reset_index(drop=True)


def _units(con, level: str, district: str | None, settings: Settings) -> pd.DataFrame:
    """The rows timeliness() reports on, even those with no expected day."""
    if level == "phase":
        return pd.DataFrame({
            "code": [str(p.number) for p in settings.phases],
            "name": [p.name for p in settings.phases],
        })
    cur = con.cursor()
    if level == "district":
        frame = cur.execute(
            "SELECT code, name, phase FROM unit WHERE level = 'district' AND (? IS NULL OR code = ?) ORDER BY code",
            [district, district],
        ).df()
        return frame
    return cur.execute(
        """
        SELECT c.code, c.name, d.code AS district_code, d.name AS district_name, coalesce(c.phase, d.phase) AS phase
        FROM unit c LEFT JOIN unit d ON d.code = c.parent_code AND d.level = 'district'
        WHERE c.level = 'commune' AND (? IS NULL OR d.code = ?)
        ORDER BY d.code NULLS FIRST, c.code
        """,
        [district, district],
    ).df()


def not_reported(
    con: duckdb.DuckDBPyConnection,
    settings: Settings,
    day: dt.date,
    district: str | None = None,
    *,
    actor: Actor,
) -> pd.DataFrame:
    """One row per commune expected to report on `day` that has no report for it:
    commune_code, commune_name, commune_short, and on a hierarchy with districts district_code,
    district_name, district_short (the actor's own scope when the province is asked by an actor
    scoped below it)."""
    require_districts(settings, district=district)
    district, commune = narrow(con, actor, district)
    days = report_days(con, settings, day, day, district, commune)
    missing = days[days["status"] == "missing"]
    columns = ["commune_code", "commune_name", "commune_short"]
    if settings.has_districts:
        columns += ["district_code", "district_name", "district_short"]
    return missing[columns].reset_index(drop=True)


def missing_message(missing: pd.DataFrame, day: dt.date, deadline: dt.time) -> str:
    """The list of communes without a report on `day`, grouped by district (a plain list on a
    hierarchy without districts), ready to paste into a Zalo message."""
    if missing.empty:
        return texts.ZALO_ALL_REPORTED.format(date=vnformat.date(day))
    lines = [texts.ZALO_MISSING_HEADER.format(date=vnformat.date(day), deadline=deadline.strftime("%H:%M"),
                                              count=len(missing))]
    if "district_name" not in missing or missing["district_name"].isna().all():
        lines += [texts.ZALO_MISSING_LINE.format(commune=name) for name in missing["commune_name"]]
    for district, part in (missing.groupby("district_name", sort=False) if "district_name" in missing else []):
        lines.append(texts.ZALO_MISSING_DISTRICT.format(district=district, count=len(part)))
        lines += [texts.ZALO_MISSING_LINE.format(commune=name) for name in part["commune_name"]]
    lines.append(texts.ZALO_MISSING_FOOTER)
    return "\n".join(lines)


@dataclass(frozen=True)
class DisciplineView:
    """The daily reports page: every commune-day, rates per district (none on a hierarchy
    without districts), commune and phase, and the communes without a report on the as-of day."""

    days: pd.DataFrame
    districts: pd.DataFrame
    communes: pd.DataFrame
    phases: pd.DataFrame
    missing: pd.DataFrame
    message: str


def discipline_view(
    con: duckdb.DuckDBPyConnection,
    settings: Settings,
    as_of: dt.date,
    district: str | None = None,
    commune: str | None = None,
    *,
    actor: Actor,
) -> DisciplineView:
    """Reporting discipline from the campaign start to as_of in a scope (one query); the
    province asked by an actor scoped below it is narrowed to the actor's own scope."""
    require_districts(settings, district=district)
    district, commune = narrow(con, actor, district, commune)
    days = report_days(con, settings, settings.campaign_start, as_of, district, commune)
    by_phase = summarise(days.assign(phase=days["phase"].astype("Int64")), ["phase"])
    missing = days[(days["report_date"] == as_of) & (days["status"] == "missing")]
    if settings.has_districts:
        districts = summarise(days, ["district_code", "district_name"]).rename(
            columns={"district_code": "code", "district_name": "name"})
        communes = summarise(days, ["commune_code", "commune_name", "district_name"])
        missing = missing[["commune_code", "commune_name", "district_code", "district_name"]]
    else:
        days = days.drop(columns=[c for c in days.columns if c.startswith("district_")])
        districts = pd.DataFrame(columns=["code", "name", *STATUSES, "expected", "completeness_pct",
                                          "timeliness_pct"])
        communes = summarise(days, ["commune_code", "commune_name"])
        missing = missing[["commune_code", "commune_name"]]
    communes = communes.rename(columns={"commune_code": "code", "commune_name": "name"})
    missing = missing.reset_index(drop=True)
    return DisciplineView(days, districts, communes, by_phase, missing,
                          missing_message(missing, as_of, settings.deadline))
