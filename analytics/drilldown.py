"""Progress by area: one unit (province, district, commune or village) as of a day, its
children and its daily curve, for a drill-down from the province to a village."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import pandas as pd

from analytics import coverage as coverage_mod
from analytics.access import Actor, require_scope
from analytics.hierarchy import has_districts
from analytics.settings import Settings
from analytics.units import require_districts



@dataclass(frozen=True)
class Step:
    """One unit on the path from the province down to the selected unit."""

    level: str
    code: str
    name: str


def resolve_path(
    con: duckdb.DuckDBPyConnection, district: str | None, commune: str | None, village: str | None
) -> list[Step]:
    """The path province → district → commune → village (province → commune → village on a
    hierarchy without districts) for the given codes, keeping only the codes that exist and
    belong to the one above (a shared link with a wrong code stops there)."""
    cur = con.cursor()
    province = cur.execute("SELECT code, name FROM unit WHERE level = 'province' ORDER BY code LIMIT 1").fetchone()
    path = [Step("province", province[0], province[1])] if province else [Step("province", "", "")]
    parent = path[0].code
    levels = [("district", district), ("commune", commune), ("village", village)]
    if not has_districts(con):
        levels = levels[1:]
    for level, code in levels:
        if not code:
            break
        row = cur.execute(
            "SELECT code, name FROM unit_current WHERE code = ? AND level = ? AND parent_code = ?",
            [code, level, parent],
        ).fetchone()
        if row is None:
            break
        path.append(Step(level, row[0], row[1]))
        parent = row[0]
    return path


@dataclass(frozen=True)
class Drill:
    """The selected unit: its path, own coverage row, children's rows (none for a village),
    and the daily cumulative series with the day's new stores."""

    path: list[Step]
    summary: pd.Series
    children: pd.DataFrame
    series: pd.DataFrame
    has_districts: bool = True

    @property
    def unit(self) -> Step:
        return self.path[-1]

    @property
    def child_level(self) -> str | None:
        return coverage_mod.child_level(self.unit.level, self.has_districts)

    @property
    def has_reports(self) -> bool:
        return bool(len(self.series)) and bool(self.series["stores"].max() > 0)

    def codes(self) -> dict[str, str]:
        """{'district': code, 'commune': code, 'village': code} of the path below the province."""
        return {step.level: step.code for step in self.path[1:]}


def drill(
    con: duckdb.DuckDBPyConnection,
    settings: Settings,
    as_of: dt.date,
    district: str | None = None,
    commune: str | None = None,
    village: str | None = None,
    *,
    actor: Actor,
) -> Drill:
    """The drill-down view of the deepest valid unit among the given codes (no district on a
    hierarchy without districts). Series: one row per
    day from the campaign start: date, households, stores, accounts, active, *_pct, new_stores,
    new_accounts. Every code given is checked against the actor's scope, also those the path
    drops (AccessDenied)."""
    require_districts(settings, district=district)
    require_scope(con, actor, district, commune, village)
    path = resolve_path(con, district, commune, village)
    codes = {step.level: step.code for step in path[1:]}
    unit = path[-1]
    if unit.level == "village":
        villages = coverage_mod.coverage(con, settings, "village", as_of, codes.get("district"), codes["commune"],
                                          actor=actor)
        own = villages[villages["code"] == unit.code]
        summary = own.iloc[0] if len(own) else coverage_mod.empty_summary()
        children = villages.iloc[0:0]
        series = coverage_mod.cumulative_series(con, settings.campaign_start, as_of, village=unit.code,
                                                   actor=actor)
    else:
        view = coverage_mod.overview(con, settings, as_of, unit.level, codes.get("district"), codes.get("commune"),
                                     actor=actor)
        summary, children, series = view.summary, view.children, view.series
    series = series.assign(
        new_stores=series["stores"].diff().fillna(series["stores"]).astype("int64"),
        new_accounts=series["accounts"].diff().fillna(series["accounts"]).astype("int64"),
    ) if len(series) else series.assign(new_stores=[], new_accounts=[])
    return Drill(path, summary, children, series, settings.has_districts)
