"""Emulation ranking (xếp hạng thi đua): weighted scores of districts, communes or villages.

Every criterion has a value and a target per unit; its points are
    points = 100 × min(value / target, cap_pct / 100)
so reaching the target is worth 100 points whatever the criterion, and the score is the
weighted mean of the points. Defaults and built-in presets: [ranking] in data/settings.toml.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from analytics import audit, texts, vnformat
from analytics.access import Actor, require_admin, require_rows
from analytics.coverage import coverage
from analytics.db import run_in_transaction, sql
from analytics.discipline import timeliness
from analytics.settings import Settings
from analytics.units import NoDistrictLevel, require_districts

LEVELS = ("district", "commune", "village")
CRITERIA = (
    "stores_pct", "accounts_pct", "active_pct",
    "stores_target_pct", "accounts_target_pct", "active_target_pct",
    "teams", "timeliness", "growth_7", "growth_30",
)
# Villages do not report on their own (the commune does), so timeliness ranks no village.
LEVEL_CRITERIA = {
    "district": CRITERIA,
    "commune": CRITERIA,
    "village": tuple(c for c in CRITERIA if c != "timeliness"),
}
GROWTH_DAYS = {"growth_7": 7, "growth_30": 30}
INDICATORS = ("stores", "accounts", "active")
REACHED = ("stores_reached", "accounts_reached", "active_reached", "teams_reached")
# File names of exported rankings: <stem>-<as-of>.xlsx
FILE_STEMS = {"district": "xep-hang-huyen", "commune": "xep-hang-xa", "village": "xep-hang-thon"}
TODAY_FILE_STEM = "xep-hang-xa-hien-nay"   # today's communes (after 1/7/2025), analytics.reform


class RankingError(ValueError):
    """Bad ranking options (unknown criterion, negative weight...); the message is Vietnamese."""


@dataclass(frozen=True)
class RankingOptions:
    """How scores are computed: weights per criterion (only those > 0 count), the cap on points,
    the rounding that decides ties, and the criteria that split a shared place."""

    weights: Mapping[str, float]
    cap_pct: float = 150.0
    decimals: int = 2
    tie_break: tuple[str, ...] = ()

    @property
    def criteria(self) -> tuple[str, ...]:
        """The criteria in use (weight > 0), in the canonical order."""
        return tuple(c for c in CRITERIA if self.weights.get(c, 0) > 0)

    def for_level(self, level: str) -> tuple[RankingOptions, tuple[str, ...]]:
        """These options without the criteria a level cannot be ranked on, and those left out."""
        dropped = tuple(c for c in self.criteria if c not in LEVEL_CRITERIA[level])
        if not dropped and all(c in LEVEL_CRITERIA[level] for c in self.tie_break):
            return self, ()
        weights = {c: w for c, w in self.weights.items() if c not in dropped}
        if not any(w > 0 for w in weights.values()):
            raise RankingError(texts.RANKING_NOTHING_LEFT.format(
                level=texts.LEVELS[level].lower(), criteria=", ".join(texts.RANKING_CRITERIA[c] for c in dropped)))
        tie_break = tuple(c for c in self.tie_break if c in LEVEL_CRITERIA[level])
        return RankingOptions(weights, self.cap_pct, self.decimals, tie_break), dropped


def _weights(raw: Mapping, where: str) -> dict[str, float]:
    weights: dict[str, float] = {}
    for key, value in raw.items():
        if key not in CRITERIA:
            raise RankingError(texts.RANKING_UNKNOWN_CRITERION.format(
                criterion=key, where=where, known=", ".join(CRITERIA)))
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0 or math.isnan(value):
            raise RankingError(texts.RANKING_BAD_WEIGHT.format(criterion=key, value=value, where=where))
        weights[key] = float(value)
    if not any(v > 0 for v in weights.values()):
        raise RankingError(texts.RANKING_NO_WEIGHT.format(where=where))
    return weights


def ranking_options(settings: Settings, weights: Mapping[str, float] | None = None) -> RankingOptions:
    """Options from the [ranking] settings section; `weights` (when given) replace the defaults."""
    section = settings.section("ranking")
    cap = section.get("cap_pct", 150)
    if isinstance(cap, bool) or not isinstance(cap, (int, float)) or cap < 100:
        raise RankingError(texts.RANKING_BAD_SETTING.format(key="ranking.cap_pct", value=cap))
    decimals = section.get("decimals", 2)
    if isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= 6:
        raise RankingError(texts.RANKING_BAD_SETTING.format(key="ranking.decimals", value=decimals))
    tie_break = section.get("tie_break", [])
    if not isinstance(tie_break, list) or any(c not in CRITERIA for c in tie_break):
        raise RankingError(texts.RANKING_BAD_SETTING.format(key="ranking.tie_break", value=tie_break))
    chosen = weights if weights is not None else section.get("weights", {"stores_pct": 1})
    where = texts.RANKING_WHERE_CHOSEN if weights is not None else "ranking.weights"
    return RankingOptions(_weights(chosen, where), float(cap), decimals, tuple(tie_break))


def builtin_presets(settings: Settings) -> dict[str, dict[str, float]]:
    """The named presets of [ranking.presets] in the settings, validated."""
    presets = settings.section("ranking").get("presets", {})
    return {name: _weights(weights, f"ranking.presets.{name}") for name, weights in presets.items()}


def saved_presets(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, float]]:
    """Presets users saved in the database, oldest first: name -> weights."""
    return _saved(con.cursor())


def _saved(cur: duckdb.DuckDBPyConnection) -> dict[str, dict[str, float]]:
    rows = cur.execute(sql("ranking_presets")).fetchall()
    return {name: {k: float(v) for k, v in json.loads(weights).items()} for name, weights, *_ in rows}


def presets(con: duckdb.DuckDBPyConnection, settings: Settings) -> dict[str, dict[str, float]]:
    """Every named preset: the settings' built-in ones, then the saved ones (a saved preset
    cannot take a built-in name)."""
    return {**builtin_presets(settings), **saved_presets(con)}


def save_preset(con: duckdb.DuckDBPyConnection, settings: Settings, name: str, weights: Mapping[str, float],
                actor: Actor | None) -> None:
    """Save (or replace) a named preset of weights: admins only (AccessDenied otherwise), audited
    in the same transaction."""
    require_admin(actor)
    name = name.strip()
    if not name:
        raise RankingError(texts.RANKING_PRESET_NO_NAME)
    if name in builtin_presets(settings):
        raise RankingError(texts.RANKING_PRESET_BUILTIN.format(name=name))
    clean = _weights(weights, name)
    payload = json.dumps({k: v for k, v in clean.items() if v > 0}, ensure_ascii=False)

    def work(cur: duckdb.DuckDBPyConnection) -> None:
        previous = _saved(cur).get(name)
        cur.execute(sql("ranking_preset_save"), {"name": name, "weights": payload, "saved_by": actor.username})
        audit.record(cur, actor, "preset_save", f"preset {name}", {"before": previous, "after": json.loads(payload)})

    run_in_transaction(con, work)


def delete_preset(con: duckdb.DuckDBPyConnection, name: str, actor: Actor | None) -> None:
    """Delete a saved preset: admins only, audited in the same transaction."""
    require_admin(actor)

    def work(cur: duckdb.DuckDBPyConnection) -> None:
        previous = _saved(cur).get(name)
        cur.execute(sql("ranking_preset_delete"), {"name": name})
        audit.record(cur, actor, "preset_delete", f"preset {name}", {"before": previous})

    run_in_transaction(con, work)


def points(values: pd.Series, targets: pd.Series | float, cap_pct: float) -> pd.Series:
    """100 × value / target, capped at cap_pct; a target of 0 counts as reached (100 points)
    when a value exists; a missing value gives 0 points."""
    values = pd.to_numeric(values, errors="coerce").astype("float64")
    targets = pd.Series(targets, index=values.index, dtype="float64") if np.isscalar(targets) else \
        pd.to_numeric(targets, errors="coerce").astype("float64")
    ratio = 100.0 * values / targets.where(targets > 0)
    ratio = ratio.where(~(targets <= 0), 100.0)
    return ratio.clip(lower=0, upper=cap_pct).where(values.notna(), 0.0).fillna(0.0)


def rank(scores: pd.Series, decimals: int = 2, tie_values: pd.DataFrame | None = None,
         groups: pd.Series | None = None) -> pd.Series:
    """Competition ranks (1, 2, 2, 4), higher first, within each group: units whose scores are
    equal once rounded to `decimals` share a place unless a tie_values column (compared in
    order, higher first, missing lowest) separates them.

    A unit's place is 1 + the units of its group ahead of it: in the group sorted by its keys
    (higher first), the position of the first unit with the same keys (one sort, no pairwise
    comparison: the country's 10.051 communes take milliseconds)."""
    keys = pd.DataFrame({"score": scores.astype("float64").round(decimals)}, index=scores.index)
    if tie_values is not None:
        for i, column in enumerate(tie_values.columns):
            keys[f"tie_{i}"] = tie_values[column].astype("float64").round(decimals)
    columns = list(keys.columns)
    keys = keys.fillna(-np.inf)
    keys["group"] = (groups if groups is not None else pd.Series(0, index=scores.index)).fillna(-1)
    ordered = keys.sort_values(["group", *columns], ascending=[True] + [False] * len(columns), kind="stable")
    position = ordered.groupby("group", sort=False).cumcount() + 1
    first = position.groupby([ordered[c] for c in ["group", *columns]], sort=False).transform("min")
    return first.reindex(scores.index).astype("int64")


def movement_label(previous: float | None, current: int) -> str:
    """'↑2', '↓1', '=' or 'mới' (not ranked then)."""
    if previous is None or pd.isna(previous):
        return texts.RANKING_NEW
    change = int(previous) - int(current)
    if change > 0:
        return f"↑{change}"
    if change < 0:
        return f"↓{-change}"
    return "="


def score(frame: pd.DataFrame, options: RankingOptions, separate_phases: bool = False) -> pd.DataFrame:
    """Add points_<criterion>, score and rank to a frame with value_<c> and target_<c> columns
    for the criteria in use (and a `phase` column when ranking phases separately); rows come
    back in ranking order (phase, rank, code)."""
    table = frame.copy()
    total_weight = sum(options.weights[c] for c in options.criteria)
    table["score"] = 0.0
    for criterion in options.criteria:
        table[f"points_{criterion}"] = points(table[f"value_{criterion}"], table[f"target_{criterion}"],
                                              options.cap_pct)
        table["score"] += options.weights[criterion] * table[f"points_{criterion}"] / total_weight
    table["score"] = table["score"].round(options.decimals)
    ties = table[[f"value_{c}" for c in options.tie_break]] if options.tie_break else None
    groups = table["phase"] if separate_phases else None
    table["rank"] = rank(table["score"], options.decimals, ties, groups)
    order = (["phase"] if separate_phases else []) + ["rank", "code"]
    return table.sort_values(order, kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class Ranking:
    """A ranking as of a day: `table` has one row per unit in ranking order: rank, code, name,
    phase, households, stores/accounts/active and their %, villages, full_teams, value_/target_/
    points_ per criterion in use, score, *_reached, previous_rank, movement, movement_label.
    A ranking of today's communes (`today`, analytics.reform) also has the reform flags, and
    `apart` holds the unplaced parts of divided communes: scored but not ranked, listed last in
    the exports and counted in the totals."""

    table: pd.DataFrame
    level: str
    as_of: dt.date
    options: RankingOptions
    scope_name: str
    compare: dt.date | None = None
    separate_phases: bool = False
    dropped: tuple[str, ...] = ()
    today: bool = False
    apart: pd.DataFrame | None = None
    hierarchy: str | None = None
    has_districts: bool = True      # False: the phases group communes (a hierarchy without districts)

    @property
    def title(self) -> str:
        return texts.RANKING_TITLE_TODAY if self.today else texts.RANKING_TITLES[self.level]

    @property
    def file_stem(self) -> str:
        return TODAY_FILE_STEM if self.today else FILE_STEMS[self.level]

    def _all_rows(self) -> pd.DataFrame:
        if self.apart is None or not len(self.apart):
            return self.table
        return pd.concat([self.table, self.apart], ignore_index=True)

    def totals(self) -> dict[str, float]:
        """The scope's own figures (sums, and % of the summed households), keyed like `table`."""
        rows = self._all_rows()
        sums = {k: float(rows[k].sum()) for k in ("households", *INDICATORS, "villages", "full_teams")}
        households = sums["households"]
        for indicator in INDICATORS:
            sums[f"{indicator}_pct"] = round(100 * sums[indicator] / households, 2) if households else math.nan
        sums["value_teams"] = round(100 * sums["full_teams"] / sums["villages"], 2) if sums["villages"] else math.nan
        return sums

    def method(self) -> str:
        """The method in Vietnamese: the formula, the criteria and weights, the tie rule, the
        movement (shown on the page and written as the export's note)."""
        total = sum(self.options.weights[c] for c in self.options.criteria)
        parts = [texts.RANKING_METHOD_CRITERION.format(
            label=texts.RANKING_CRITERIA[c],
            weight=vnformat.number(self.options.weights[c], 0 if self.options.weights[c].is_integer() else 1),
            share=vnformat.percent(100 * self.options.weights[c] / total, 0),
            target=texts.RANKING_TARGET_RULES[c]) for c in self.options.criteria]
        lines = [
            texts.RANKING_METHOD_FORMULA.format(cap=vnformat.number(self.options.cap_pct)),
            texts.RANKING_METHOD_CRITERIA + "; ".join(parts) + ".",
            texts.RANKING_METHOD_TIES.format(decimals=self.options.decimals),
        ]
        if self.dropped:
            lines.append(texts.RANKING_METHOD_DROPPED.format(
                level=texts.LEVELS[self.level].lower(), criteria=", ".join(texts.RANKING_CRITERIA[c] for c in self.dropped)))
        if self.options.tie_break:
            lines.append(texts.RANKING_METHOD_TIE_BREAK.format(
                criteria=", ".join(texts.RANKING_CRITERIA[c] for c in self.options.tie_break)))
        if self.separate_phases:
            lines.append(texts.RANKING_METHOD_PHASES if self.has_districts else texts.RANKING_METHOD_PHASES_TODAY)
        if self.compare:
            lines.append(texts.RANKING_METHOD_MOVEMENT.format(date=vnformat.date(self.compare)))
        if self.today:
            lines.append(texts.RANKING_METHOD_TODAY.format(
                version=texts.REFORM_HIERARCHIES.get(self.hierarchy, self.hierarchy)))
            if self.apart is not None and len(self.apart):
                lines.append(texts.RANKING_METHOD_TODAY_APART.format(units=", ".join(self.apart["name"])))
        return "\n".join(lines)

    def export_frame(self) -> pd.DataFrame:
        """The table as printed and shown: Vietnamese headers, percentages in 0–100, reached as text.
        The score sits next to the rank and the reached columns right after the unit, where the
        eye looks first (no scrolling sideways); the figures behind them follow. Today's communes
        end with the reform note and the old communes each is made of."""
        t = self._all_rows()
        columns = {texts.RANKING_COLUMNS["rank"]: t["rank"].astype("Int64"), texts.RANKING_COLUMNS["score"]: t["score"]}
        if self.compare:
            columns[texts.RANKING_COLUMNS["movement"].format(date=vnformat.date(self.compare))] = t["movement_label"]
        columns[texts.COLUMNS["name"]] = t["name"]
        if self.separate_phases:
            columns[texts.COLUMNS["phase"]] = t["phase_name"]
        for key in REACHED:
            columns[texts.RANKING_COLUMNS[key]] = t[key].map({True: texts.RANKING_REACHED,
                                                               False: texts.RANKING_NOT_REACHED})
        if not self.separate_phases and self.level != "village":   # a commune's phase is its district's
            columns[texts.COLUMNS["phase"]] = t["phase_name"]
        for key in ("households", "stores", "stores_pct", "accounts", "accounts_pct", "active", "active_pct"):
            columns[texts.COLUMNS[key]] = t[key]
        for criterion in self.options.criteria:
            if criterion not in ("stores_pct", "accounts_pct", "active_pct"):
                columns[texts.RANKING_CRITERIA_SHORT[criterion]] = t[f"value_{criterion}"]
        if self.today:
            columns[texts.COLUMNS["reform_note"]] = t["reform_note"]
            columns[texts.COLUMNS["old_communes"]] = t["old_communes"]
        return pd.DataFrame(columns)

    def percent_columns(self) -> list[str]:
        """Headers of export_frame holding 0–100 percentages (growth is in points, not %)."""
        keys = [texts.COLUMNS[k] for k in ("stores_pct", "accounts_pct", "active_pct")]
        keys += [texts.RANKING_CRITERIA_SHORT[c] for c in self.options.criteria
                 if c not in ("stores_pct", "accounts_pct", "active_pct") and c not in GROWTH_DAYS]
        return keys

    def export_totals(self) -> dict[str, float]:
        """The total row of export_frame: the scope's households, counts and percentages."""
        sums = self.totals()
        row = {texts.COLUMNS[k]: sums[k] for k in ("households", *INDICATORS, "stores_pct", "accounts_pct",
                                                   "active_pct")}
        if "teams" in self.options.criteria:
            row[texts.RANKING_CRITERIA_SHORT["teams"]] = sums["value_teams"]
        return row

    def export_options(self) -> dict:
        """Keyword options for analytics.export.to_xlsx: the official layout of this ranking."""
        return {
            "official": True, "subtitle": self.scope_name, "note": texts.RANKING_NOTE_PREFIX + self.method(),
            "percent_columns": self.percent_columns(), "total_row": self.export_totals(), "signatures": True,
            "number_formats": {texts.RANKING_COLUMNS["score"]: "0.00",
                               **{texts.RANKING_CRITERIA_SHORT[c]: "0.00" for c in GROWTH_DAYS}},
        }


def _units(con, level: str, district: str | None, commune: str | None) -> pd.DataFrame:
    return con.cursor().execute(sql("ranking_units"), {"level": level, "district": district, "commune": commune}).df()


def _criteria_frame(con, settings: Settings, level: str, as_of: dt.date, options: RankingOptions,
                    district: str | None, commune: str | None, units: pd.DataFrame, actor: Actor,
                    today: bool = False) -> pd.DataFrame:
    """One row per unit: the coverage figures, phase, and value_/target_ of the criteria in use
    (today: the communes since 1/7/2025, analytics.reform, with its flags)."""
    needed = set(options.criteria) | set(options.tie_break)
    if "timeliness" in needed and level == "village":
        raise RankingError(texts.RANKING_NO_TIMELINESS_FOR_VILLAGES)
    if today:
        from analytics.reform import REFORM_COLUMNS, today_ranking_base

        base = today_ranking_base(con, settings, as_of, needed, actor=actor)
        table = base[[*BASE_COLUMNS, "phase", "phase_start", "phase_end", *REFORM_COLUMNS]].copy()
        if "timeliness" in needed:
            table["value_timeliness"] = base["timeliness_pct"]
        if needed & set(GROWTH_DAYS):
            table[["stores_0", "stores_1", "stores_2"]] = base[["stores_0", "stores_1", "stores_2"]]
        return _criteria_values(table, settings, needed)
    cov = coverage(con, settings, level, as_of, district, commune, actor=actor)
    table = cov[BASE_COLUMNS].copy().merge(units, on="code", how="left")
    if "timeliness" in needed:
        rates = timeliness(con, settings, level, settings.campaign_start, as_of, district, actor=actor)
        table = table.merge(rates[["code", "timeliness_pct"]].rename(columns={"timeliness_pct": "value_timeliness"}),
                            on="code", how="left")
    if needed & set(GROWTH_DAYS):
        dates = {"d0": as_of, "d1": as_of - dt.timedelta(days=7), "d2": as_of - dt.timedelta(days=30), "d3": None}
        stores = con.cursor().execute(sql("ranking_stores"), {"level": level, "district": district,
                                                               "commune": commune, **dates}).df()
        table = table.merge(stores, on="code", how="left")
    return _criteria_values(table, settings, needed)


# The coverage figures a ranking reads.
BASE_COLUMNS = ["code", "name", "households", "villages", "full_teams", "stores", "accounts", "active",
                "stores_pct", "accounts_pct", "active_pct", "stores_target", "accounts_target", "active_target",
                "stores_target_pct", "stores_reached", "accounts_reached", "active_reached"]


def _criteria_values(table: pd.DataFrame, settings: Settings, needed: set[str]) -> pd.DataFrame:
    """value_ and target_ of every criterion from the figures (value_timeliness and stores_0..2
    already read when needed)."""
    table["teams_reached"] = (table["villages"] > 0) & (table["full_teams"] >= table["villages"])
    for column in ("stores_reached", "accounts_reached", "active_reached"):
        table[column] = table[column].fillna(False).astype(bool)
    has_households = table["households"] > 0
    defaults = {"stores": settings.targets.stores_pct, "accounts": settings.targets.accounts_pct,
                "active": settings.targets.active_pct}
    for indicator in INDICATORS:
        table[f"value_{indicator}_pct"] = table[f"{indicator}_pct"]
        table[f"target_{indicator}_pct"] = defaults[indicator]
        own = table[f"{indicator}_target"].astype("float64")
        attained = (100.0 * table[indicator] / own.where(own > 0)).where(own > 0, 100.0)
        table[f"value_{indicator}_target_pct"] = attained.where(has_households).round(2)
        table[f"target_{indicator}_target_pct"] = 100.0
    table["value_teams"] = (100.0 * table["full_teams"] / table["villages"].where(table["villages"] > 0)).round(2)
    table["target_teams"] = 100.0
    if "timeliness" in needed:
        table["target_timeliness"] = 100.0
    if needed & set(GROWTH_DAYS):
        phase_days = (pd.to_datetime(table["phase_end"]) - pd.to_datetime(table["phase_start"])).dt.days
        phase_days = phase_days.fillna((settings.campaign_end - settings.campaign_start).days).clip(lower=1)
        households = table["households"].where(has_households)
        for criterion, column in (("growth_7", "stores_1"), ("growth_30", "stores_2")):
            days = GROWTH_DAYS[criterion]
            table[f"value_{criterion}"] = (100.0 * (table["stores_0"] - table[column]) / households).round(2)
            table[f"target_{criterion}"] = (table["stores_target_pct"] * days / phase_days).round(4)
    return table


def ranking(
    con: duckdb.DuckDBPyConnection,
    settings: Settings,
    level: str,
    as_of: dt.date,
    *,
    district: str | None = None,
    commune: str | None = None,
    compare: dt.date | None = None,
    weights: Mapping[str, float] | None = None,
    separate_phases: bool = False,
    today: bool = False,
    actor: Actor,
) -> Ranking:
    """Rank the districts of the province, the communes of the province or of one district, or
    the villages of one commune as of a day (see the module docstring for the score); a campaign
    on a hierarchy without districts ranks no district (RankingError). The communes of the whole
    province are ranked for province-scoped actors only (AccessDenied).
    `today`: rank the communes since 1/7/2025 of the whole province instead (the campaign's
    figures re-aggregated, analytics.reform); level must be 'commune' and the scope the province."""
    if level not in LEVELS:
        raise RankingError(texts.RANKING_BAD_LEVEL.format(level=level))
    if level == "village" and not commune:
        raise RankingError(texts.RANKING_VILLAGES_NEED_COMMUNE)
    try:
        require_districts(settings, level, district)
    except NoDistrictLevel as exc:
        raise RankingError(str(exc)) from None
    hierarchy = None
    if today:
        from analytics.reform import applies, campaign_hierarchy

        if level != "commune" or district or commune:
            raise RankingError(texts.REFORM_PROVINCE_ONLY)
        if not applies(con):
            raise RankingError(texts.REFORM_NOT_APPLICABLE)
        hierarchy = campaign_hierarchy(con)
    require_rows(con, actor, level, district, commune)
    options, dropped = ranking_options(settings, weights).for_level(level)
    separate = separate_phases and level != "village"
    units = None if today else _units(con, level, district, commune)

    def scored(day: dt.date) -> tuple[pd.DataFrame, pd.DataFrame | None]:
        frame = _criteria_frame(con, settings, level, day, options, district, commune, units, actor, today)
        if not today:
            return score(frame, options, separate), None
        apart = frame[frame["split_part"]]
        ranked = score(frame[~frame["split_part"]].reset_index(drop=True), options, separate)
        if len(apart):
            apart = score(apart.reset_index(drop=True), options, separate)
            apart["rank"] = pd.NA
        return ranked, apart

    current, apart = scored(as_of)
    phase_names = {p.number: p.name for p in settings.phases}
    for frame in (current, apart):
        if frame is not None and len(frame):
            frame["phase_name"] = frame["phase"].map(phase_names).fillna(texts.RANKING_NO_PHASE)
    if compare is not None:
        earlier, _ = scored(compare)
        started = earlier[list(INDICATORS)].sum(axis=1) > 0
        previous = earlier.loc[started, ["code", "rank"]].rename(columns={"rank": "previous_rank"})
        current = current.merge(previous, on="code", how="left")
        current["movement"] = (current["previous_rank"] - current["rank"]).astype("Int64")
        current["movement_label"] = [movement_label(p, r) for p, r in zip(current["previous_rank"], current["rank"])]
    else:
        current["previous_rank"] = pd.Series(pd.NA, index=current.index, dtype="Int64")
        current["movement"] = pd.Series(pd.NA, index=current.index, dtype="Int64")
        current["movement_label"] = ""
    if apart is not None and len(apart):
        apart = apart.assign(previous_rank=pd.NA, movement=pd.NA, movement_label="")
    name = scope_name(con, district, commune)
    if today:
        name = texts.REFORM_SCOPE.format(scope=name)
    return Ranking(current, level, as_of, options, name, compare, separate, dropped, today, apart, hierarchy,
                   settings.has_districts)


def scope_name(con: duckdb.DuckDBPyConnection, district: str | None, commune: str | None) -> str:
    """'Toàn tỉnh', 'Huyện Chi Lăng' or 'Xã Vạn Linh, Huyện Chi Lăng'."""
    if not district and not commune:
        return texts.SCOPE_PROVINCE
    row = con.cursor().execute(sql("ranking_scope"), {"district": district, "commune": commune}).fetchone()
    return ", ".join(name for name in row if name) if row else (commune or district)
