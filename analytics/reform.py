"""Today's communes: a campaign run on an older hierarchy, its figures re-aggregated to the
communes in force since 1/7/2025 (no district level).

The lineage (main.unit_lineage: which unit of one list became which of the next, share whole or
part) is composed from the campaign's list to 2025-07. Then, for each commune of the campaign:

* it went whole into one new commune: all its figures go there;
* it was divided in part between several new communes: each village the province placed (file
  kind "lineage-weights", table village_placement) goes there with its own figures; the rest
  (the other villages, the commune's own reports, its steering committee, its reporting days) is
  apportioned by the households weights the province gave (table lineage_weight), or, when every
  village is placed, by the households of the placed villages. Without either, the rest is not
  guessed: it is kept apart as a row of its own, flagged `split_part` ("chia tách một phần").

Counts are apportioned by largest remainders, so they stay whole numbers and every total holds
exactly; targets and revenue proportionally. A commune's target is spread over its villages in
proportion to their households. Rows that received an apportioned share are flagged
`apportioned`. Inside a district or commune scope only the scope's communes are re-aggregated; a
new commune that also takes in communes outside the scope says how many (`outside_scope`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from analytics import texts
from analytics.access import Actor, require_rows
from analytics.coverage import COVERAGE_COLUMNS, coverage
from analytics.db import sql
from analytics.reference import hierarchy_units
from analytics.settings import HIERARCHIES, Settings

TODAY = "2025-07"
LEVELS = ("commune", "village")
# The flags added to coverage columns: the list the row's code belongs to, the row is the
# unplaced part of a commune divided in part, it holds an apportioned share, the communes of
# the new commune outside the scope, the old communes it is made of, and a note in Vietnamese.
REFORM_COLUMNS = ["hierarchy", "split_part", "apportioned", "outside_scope", "old_communes", "reform_note"]
# Figures that re-aggregate by summing: whole counts, and amounts apportioned proportionally.
COUNTS = ["households", "villages", "communes", "stores", "accounts", "active", "teams", "members", "full_teams",
          "committees", "enterprise_stores", "enterprise_accounts", "orders", "volume",
          "started_stores", "started_accounts", "started_active",
          # reporting days (timeliness) and stores at earlier dates (growth), for the ranking
          "expected", "on_time", "late", "missing", "stores_0", "stores_1", "stores_2"]
AMOUNTS = ["stores_target", "accounts_target", "active_target", "revenue",
           "started_stores_target", "started_accounts_target", "started_active_target"]
TARGETS = ["stores_target", "accounts_target", "active_target"]
INDICATORS = ("stores", "accounts", "active")
# Village rows carry no commune-level count: the commune, its committee and its reports stay
# with the rest of the commune.
COMMUNE_ONLY = ["communes", "committees", "enterprise_stores", "enterprise_accounts", "orders", "volume", "revenue",
                "expected", "on_time", "late", "missing"]


def campaign_hierarchy(con: duckdb.DuckDBPyConnection) -> str | None:
    """The hierarchy version of the campaign's communes (None: no unit loaded yet)."""
    row = con.cursor().execute("SELECT any_value(version) FROM unit WHERE level = 'commune'").fetchone()
    return row[0] if row else None


def older_than_today(version: str | None) -> bool:
    """True for a hierarchy version older than the list in force since 1/7/2025."""
    return version in HIERARCHIES and HIERARCHIES.index(version) < HIERARCHIES.index(TODAY)


def applies(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the campaign runs on a list older than today's (its figures can be re-aggregated)."""
    return older_than_today(campaign_hierarchy(con))


def composed_lineage(con: duckdb.DuckDBPyConnection, from_version: str, to_version: str = TODAY) -> pd.DataFrame:
    """One row per commune of `from_version` and commune of `to_version` it went into (wholly or
    in part), through the versions between: from_code, to_code, share ('whole' when all of it
    went into that one commune, else 'part'). A commune whose chain breaks off somewhere (a step
    with no lineage row) is left out: it has no known successor, and is never guessed one."""
    if from_version == to_version:
        raise ValueError("nothing to compose")
    rows = con.cursor().execute(
        "SELECT from_version, from_code, to_version, to_code FROM main.unit_lineage WHERE level = 'commune'").df()
    chain = HIERARCHIES[HIERARCHIES.index(from_version):HIERARCHIES.index(to_version) + 1]
    steps = [rows[(rows["from_version"] == a) & (rows["to_version"] == b)][["from_code", "to_code"]]
             for a, b in zip(chain, chain[1:])]
    paths = steps[0].rename(columns={"to_code": "via"})
    for step in steps[1:]:
        paths = paths.merge(step.rename(columns={"from_code": "via", "to_code": "next"}), on="via", how="left")
        paths = paths.drop(columns="via").rename(columns={"next": "via"})
    broken = set(paths.loc[paths["via"].isna(), "from_code"])
    paths = paths[~paths["from_code"].isin(broken)].rename(columns={"via": "to_code"}).drop_duplicates()
    successors = paths.groupby("from_code")["to_code"].transform("nunique")
    paths["share"] = np.where(successors == 1, "whole", "part")
    return paths.sort_values(["from_code", "to_code"]).reset_index(drop=True)


def today_units(codes) -> pd.DataFrame:
    """Communes of the list in force since 1/7/2025: code, name, short_name, parent_code (the
    province), from the reference hierarchy."""
    units = hierarchy_units()
    units = units[(units["version"] == TODAY) & (units["level"] == "commune") & units["code"].isin(set(codes))]
    return units[["code", "name", "short_name", "parent_code"]].reset_index(drop=True)


@dataclass(frozen=True)
class Placement:
    """What decides where a campaign commune's figures go: the composed lineage (from_code,
    to_code, share), the live households weights of divided communes (commune_code, to_code,
    households) and the live village placements (village_code, commune_code, to_code)."""

    version: str
    lineage: pd.DataFrame
    weights: pd.DataFrame
    villages: pd.DataFrame

    def successors(self, code: str) -> list[str]:
        return list(self.lineage.loc[self.lineage["from_code"] == code, "to_code"])

    def is_split(self, code: str) -> bool:
        return len(self.successors(code)) > 1


def placement(con: duckdb.DuckDBPyConnection) -> Placement:
    """The lineage of the campaign's communes to today's, and the province's weights and
    village placements (live uploads)."""
    version = campaign_hierarchy(con)
    lineage = composed_lineage(con, version)
    cur = con.cursor()
    weights = cur.execute(
        "SELECT commune_code, to_code, households FROM lineage_weight_current WHERE to_version = ? "
        "ORDER BY commune_code, to_code", [TODAY]).df()
    villages = cur.execute(
        """
        SELECT p.village_code, v.parent_code AS commune_code, p.to_code
        FROM village_placement_current p JOIN unit v ON v.code = p.village_code
        WHERE p.to_version = ? ORDER BY p.village_code
        """, [TODAY]).df()
    # only a successor of the village's commune can receive it (the import refuses any other)
    allowed = set(zip(lineage["from_code"], lineage["to_code"]))
    keep = np.array([k in allowed for k in zip(villages["commune_code"], villages["to_code"])], dtype=bool)
    villages = villages[keep]
    return Placement(version, lineage, weights, villages.reset_index(drop=True))


def largest_remainders(total: int, shares: np.ndarray) -> np.ndarray:
    """Whole parts of `total` in proportion to `shares` (summing to 1) that add up to `total`
    exactly: the floors, then one more to the largest remainders (the first on ties)."""
    exact = (total * shares).round(9)   # 691 × 400 / 691 is 400, not 399.99999999999994
    parts = np.floor(exact).astype("int64")
    left = int(round(total - parts.sum()))
    if left > 0:
        order = np.argsort(-(exact - parts), kind="stable")
        parts[order[:left]] += 1
    elif left < 0:   # a negative total (never for counts): take from the largest remainders
        order = np.argsort(exact - parts, kind="stable")
        parts[order[:-left]] -= 1
    return parts


def _columns(frame: pd.DataFrame) -> tuple[list[str], list[str]]:
    return [c for c in COUNTS if c in frame], [c for c in AMOUNTS if c in frame]


def _prepared(frame: pd.DataFrame, village: bool = False) -> pd.DataFrame:
    """Coverage rows with the additive helper columns: figures of started units (for the gaps)."""
    frame = frame.copy()
    started = frame["started"].fillna(False).astype(bool) if "started" in frame else pd.Series(True, index=frame.index)
    for indicator in INDICATORS:
        frame[f"started_{indicator}"] = frame[indicator].where(started, 0)
        frame[f"started_{indicator}_target"] = frame[f"{indicator}_target"].where(started, 0.0)
    for column in COUNTS + AMOUNTS:
        if column in frame:
            frame[column] = pd.to_numeric(frame[column]).fillna(0)
    if village:
        for column in COMMUNE_ONLY:
            if column in frame:
                frame[column] = 0
    return frame


@dataclass
class _Piece:
    old: str                   # the campaign commune it comes from
    dest: str | None           # today's commune; None: kept apart
    kind: str                  # whole, placed, weighted, apart, unmapped
    values: dict


def _split(row: pd.Series, own_villages: pd.DataFrame, plan: Placement, counts: list[str],
           amounts: list[str]) -> list[_Piece]:
    """The pieces of one commune divided in part (see the module docstring)."""
    code = row["code"]
    successors = plan.successors(code)
    households = float(row["households"])
    pieces = []
    rest = {c: row[c] for c in counts + amounts}
    placed_households = {s: 0.0 for s in successors}
    for village in own_villages.itertuples(index=False):
        values = {c: getattr(village, c) for c in counts + amounts}
        # the commune's target (its own, or the default share) follows the households
        for amount in [a for a in amounts if "target" in a]:
            values[amount] = row[amount] * village.households / households if households else 0.0
        for column in values:
            rest[column] -= values[column]
        placed_households[village.to_code] += village.households
        pieces.append(_Piece(code, village.to_code, "placed", values))
    weights = plan.weights[plan.weights["commune_code"] == code]
    shares = None
    if len(weights):
        given = {t: float(h) for t, h in zip(weights["to_code"], weights["households"]) if t in placed_households}
        remaining = np.array([max(given.get(s, 0.0) - placed_households[s], 0.0) for s in successors])
        if remaining.sum() > 0:
            shares = remaining / remaining.sum()
        elif sum(given.values()) > 0:
            shares = np.array([given.get(s, 0.0) for s in successors]) / sum(given.values())
    elif len(own_villages) and rest["villages"] == 0 and sum(placed_households.values()) > 0:
        # every village is placed: the households they take along are the weights
        placed = np.array([placed_households[s] for s in successors])
        shares = placed / placed.sum()
    if shares is None:
        pieces.append(_Piece(code, None, "apart", rest))
        return pieces
    split = {s: {} for s in successors}
    for column in counts:
        parts = largest_remainders(int(round(rest[column])), shares)
        for successor, part in zip(successors, parts):
            split[successor][column] = int(part)
    for column in amounts:
        for successor, share in zip(successors, shares):
            split[successor][column] = rest[column] * share
    pieces += [_Piece(code, s, "weighted", split[s]) for s in successors]
    return pieces


def reaggregate(communes: pd.DataFrame, villages: pd.DataFrame, plan: Placement) -> pd.DataFrame:
    """Campaign communes (coverage rows, plus any of expected, on_time, late, missing,
    stores_0..2) -> one row per commune of today in the same columns, then the unplaced parts of
    divided communes kept apart, with REFORM_COLUMNS. `villages`: coverage rows of the placed
    villages (village_code as code, parent_code its commune, to_code where it goes)."""
    communes = _prepared(communes)
    counts, amounts = _columns(communes)
    if len(villages):
        villages = _prepared(villages, village=True)
        villages = villages.assign(**{c: 0 for c in counts + amounts if c not in villages})
    pieces: list[_Piece] = []
    for _, row in communes.iterrows():
        successors = plan.successors(row["code"])
        values = {c: row[c] for c in counts + amounts}
        if len(successors) == 1:
            pieces.append(_Piece(row["code"], successors[0], "whole", values))
        elif not successors:
            pieces.append(_Piece(row["code"], None, "unmapped", values))
        else:
            own = villages[villages["parent_code"] == row["code"]] if len(villages) else villages
            pieces += _split(row, own, plan, counts, amounts)
    old = communes.set_index("code")
    in_scope = set(communes["code"])
    names = today_units(set(plan.lineage["to_code"])).set_index("code")
    records = []
    for dest, group in _grouped(pieces):
        members = list(dict.fromkeys(p.old for p in group))
        kinds = {p.old: {q.kind for q in group if q.old == p.old} for p in group}
        sums = {c: sum(p.values[c] for p in group) for c in counts + amounts}
        phases = old.loc[members]
        if dest is None:
            code = members[0]
            successors = plan.successors(code)
            unmapped = "unmapped" in kinds[code]
            record = {
                "code": f"{plan.version}:{code}", "name": texts.REFORM_PART_NAME.format(name=old.at[code, "name"]),
                "short_name": texts.REFORM_PART_SHORT.format(name=old.at[code, "short_name"]),
                "parent_code": old.at[code, "parent_code"],
                "hierarchy": plan.version, "split_part": True, "apportioned": False, "outside_scope": 0,
                "old_communes": old.at[code, "name"],
                "reform_note": texts.REFORM_NOTE_UNMAPPED if unmapped else texts.REFORM_NOTE_SPLIT.format(
                    communes=", ".join(_today_name(names, s) for s in successors)),
            }
        else:
            outside = set(plan.lineage.loc[plan.lineage["to_code"] == dest, "from_code"]) - in_scope
            apportioned = [m for m in members if "weighted" in kinds[m]]
            notes = []
            if apportioned:
                notes.append(texts.REFORM_NOTE_APPORTIONED.format(
                    communes=", ".join(old.at[m, "name"] for m in apportioned)))
            if outside:
                notes.append(texts.REFORM_NOTE_OUTSIDE.format(count=len(outside)))
            record = {
                "code": dest, "name": _today_name(names, dest),
                "short_name": names.at[dest, "short_name"] if dest in names.index else dest,
                "parent_code": names.at[dest, "parent_code"] if dest in names.index else None,
                "hierarchy": TODAY, "split_part": False, "apportioned": bool(apportioned),
                "outside_scope": len(outside),
                "old_communes": ", ".join(old.at[m, "name"] + ("" if kinds[m] == {"whole"} else texts.REFORM_IN_PART)
                                          for m in members),
                "reform_note": "; ".join(notes),
            }
        record.update(sums)
        record.update(_phase_of(phases))
        records.append(record)
    if not records:
        return pd.DataFrame(columns=COVERAGE_COLUMNS + REFORM_COLUMNS)
    return _derived(pd.DataFrame(records), counts, amounts)


def _today_name(names: pd.DataFrame, code: str) -> str:
    return names.at[code, "name"] if code in names.index else code


def _grouped(pieces: list[_Piece]):
    """(destination, pieces) for today's communes in code order, then each apart part (one per
    old commune) in the old communes' order."""
    dests = sorted({p.dest for p in pieces if p.dest})
    for dest in dests:
        yield dest, [p for p in pieces if p.dest == dest]
    for piece in pieces:
        if piece.dest is None:
            yield None, [piece]


def _phase_of(members: pd.DataFrame) -> dict:
    """The phase columns of a row made of campaign communes (as coverage.sql rolls a unit up)."""
    phases = members["phase"].dropna().unique()
    single = len(phases) == 1
    starts = [d for d in members["phase_start"] if d is not None and d == d]
    ends = [d for d in members["phase_end"] if d is not None and d == d]
    return {
        "phase": int(phases[0]) if single else None,
        "phase_name": members.loc[(members["phase"] == phases[0]).fillna(False), "phase_name"].iloc[0] if single
        else None,
        "phase_start": min(starts) if starts else None,
        "phase_end": max(ends) if ends else None,
        "started": bool(members["started"].fillna(False).astype(bool).any()),
    }


def _derived(frame: pd.DataFrame, counts: list[str], amounts: list[str]) -> pd.DataFrame:
    """The columns coverage.sql computes from the sums: percentages, gaps, reached, lacks."""
    for column in counts:
        frame[column] = frame[column].round().astype("int64")
    for column in amounts:
        frame[column] = frame[column].astype("float64").round(6)   # sums of shares: no 620.4000000000001
    households = frame["households"].where(frame["households"] > 0)
    for indicator in INDICATORS:
        target = frame[f"{indicator}_target"]
        frame[f"{indicator}_pct"] = (100.0 * frame[indicator] / households).round(2)
        frame[f"{indicator}_target_pct"] = (100.0 * target / households).round(2)
        gap = (np.ceil(frame[f"started_{indicator}_target"].round(9)) - frame[f"started_{indicator}"]).clip(lower=0)
        frame[f"{indicator}_gap"] = gap.where(frame["started"]).astype("Int64")
        frame[f"{indicator}_reached"] = (frame["households"] > 0) & (frame[indicator] >= np.ceil(target.round(9)))
    frame["villages_without_team"] = frame["villages"] - frame["teams"]
    frame["villages_without_full_team"] = frame["villages"] - frame["full_teams"]
    frame["communes_without_committee"] = frame["communes"] - frame["committees"]
    frame["stores_difference"] = frame["enterprise_stores"] - frame["stores"]
    frame["stores_difference_pct"] = (100.0 * frame["stores_difference"] / frame["stores"].where(frame["stores"] > 0)
                                      ).round(2)
    if "expected" in frame:
        expected = frame["expected"].where(frame["expected"] > 0)
        frame["completeness_pct"] = (100 * (frame["on_time"] + frame["late"]) / expected).round(2)
        frame["timeliness_pct"] = (100 * frame["on_time"] / expected).round(2)
    frame["phase"] = frame["phase"].astype("Int64")
    helpers = [c for c in frame if c.startswith("started_")]
    extra = [c for c in frame if c not in COVERAGE_COLUMNS and c not in REFORM_COLUMNS and c not in helpers]
    return frame[COVERAGE_COLUMNS + REFORM_COLUMNS + extra].reset_index(drop=True)


def _placed_villages(con, settings: Settings, as_of: dt.date, plan: Placement, communes: pd.DataFrame,
                     actor: Actor) -> pd.DataFrame:
    """Coverage rows of the placed villages of the divided communes in `communes`, with to_code."""
    split = [c for c in communes["code"] if plan.is_split(c)]
    wanted = plan.villages[plan.villages["commune_code"].isin(split)]
    if wanted.empty:
        return pd.DataFrame()
    frames = [coverage(con, settings, "village", as_of, None, commune, actor=actor)
              for commune in sorted(set(wanted["commune_code"]))]
    rows = pd.concat(frames, ignore_index=True)
    return rows.merge(wanted.rename(columns={"village_code": "code"})[["code", "to_code"]], on="code")


def today_coverage(
    con: duckdb.DuckDBPyConnection,
    settings: Settings,
    as_of: dt.date,
    district: str | None = None,
    commune: str | None = None,
    *,
    actor: Actor,
) -> pd.DataFrame:
    """One row per commune of today (since 1/7/2025) that the scope's communes went into, then
    the unplaced parts of divided communes: the coverage columns (COVERAGE_COLUMNS, cumulative to
    as_of) and REFORM_COLUMNS; code is today's commune code, or '<version>:<code>' for a part kept
    apart. Inside a district or commune only the scope's communes count (see outside_scope)."""
    require_rows(con, actor, "commune", district, commune)
    plan = placement(con)
    communes = coverage(con, settings, "commune", as_of, district, commune, actor=actor)
    villages = _placed_villages(con, settings, as_of, plan, communes, actor)
    return reaggregate(communes, villages, plan)


def today_villages(
    con: duckdb.DuckDBPyConnection,
    settings: Settings,
    as_of: dt.date,
    district: str | None = None,
    commune: str | None = None,
    *,
    actor: Actor,
) -> pd.DataFrame:
    """One row per village of the scope (coverage columns) with its commune of today as
    parent_code: the commune its own commune went whole into, or the one the province placed it
    in; None (split_part) when its commune was divided in part and no file says where it went.
    Also old_commune_code and REFORM_COLUMNS."""
    require_rows(con, actor, "village", district, commune)
    plan = placement(con)
    villages = coverage(con, settings, "village", as_of, district, commune, actor=actor)
    whole = plan.lineage[plan.lineage["share"] == "whole"].set_index("from_code")["to_code"]
    placed = plan.villages.set_index("village_code")["to_code"]
    old = villages["parent_code"]
    today = villages["code"].map(placed)
    today = today.where(today.notna(), old.map(whole))
    names = today_units(set(today.dropna())).set_index("code")["name"]
    split = today.isna()
    successors = {c: ", ".join(names.get(s, s) for s in plan.successors(c)) for c in set(old[split])}
    return villages.assign(
        old_commune_code=old, parent_code=today.astype(object).where(~split, None), hierarchy=TODAY,
        split_part=split, apportioned=False, outside_scope=0,
        old_communes=old.map(dict(zip(*_names_of(con, set(old))))),
        reform_note=[texts.REFORM_NOTE_VILLAGE_SPLIT.format(communes=successors[c]) if s else ""
                     for c, s in zip(old, split)],
    )


def _names_of(con, codes) -> tuple[list[str], list[str]]:
    rows = con.cursor().execute("SELECT code, name FROM unit WHERE code IN (SELECT unnest(?))",
                                [sorted(codes)]).fetchall()
    return [r[0] for r in rows], [r[1] for r in rows]


def today_ranking_base(
    con: duckdb.DuckDBPyConnection,
    settings: Settings,
    as_of: dt.date,
    needed: set[str],
    *,
    actor: Actor,
) -> pd.DataFrame:
    """today_coverage of the whole province with what the ranking criteria in `needed` read:
    timeliness_pct (reports on time since the campaign start) and stores_0, stores_1, stores_2
    (stores at as_of, 7 and 30 days before), each re-aggregated like the other figures."""
    from analytics.discipline import timeliness

    require_rows(con, actor, "commune")
    plan = placement(con)
    communes = coverage(con, settings, "commune", as_of, actor=actor)
    villages = _placed_villages(con, settings, as_of, plan, communes, actor)
    if "timeliness" in needed:
        days = timeliness(con, settings, "commune", settings.campaign_start, as_of, actor=actor)
        communes = communes.merge(days[["code", "expected", "on_time", "late", "missing"]], on="code", how="left")
    if needed & {"growth_7", "growth_30"}:
        dates = {"d0": as_of, "d1": as_of - dt.timedelta(days=7), "d2": as_of - dt.timedelta(days=30), "d3": None}
        for level, frame in (("commune", communes), ("village", villages)):
            if not len(frame):
                continue
            stores = con.cursor().execute(sql("ranking_stores"), {"level": level, "district": None, "commune": None,
                                                                   **dates}).df()
            merged = frame.merge(stores[["code", "stores_0", "stores_1", "stores_2"]], on="code", how="left")
            if level == "commune":
                communes = merged
            else:
                villages = merged
    return reaggregate(communes, villages, plan)

