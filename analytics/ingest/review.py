"""What a daily or enterprise file does to the figures, read from the database as it is with the
file written: inside a transaction rolled back for the preview, and again inside the one that
commits it. The increments come from analytics.increments, the one place that derives them, so
the preview shows what the figures will read, and a refusal that depends on what the database
holds (households exceeded, a village's running total over its commune's totals, a cumulative
below the day's counts) is decided on the final state, whatever was committed in between."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from analytics import texts
from analytics.db import statements
from analytics.increments import SERIES, explain, rows_of
from analytics.ingest.common import FileContext
from analytics.ingest.daily import _fmt, households_by_unit
from analytics.ingest.model import IssueLog
from analytics.ingest.statements import statement

KEYS = ["unit_code", "report_date", "indicator", "source"]
CAPPED_INDICATORS = ("stores", "accounts")
PREVIEW_COLUMNS = ["sheet", "row", "column", "raw", "unit_code", "report_date", "indicator", "source", "value",
                   "received_at", "opening", "old_value", "superseded", "over_total"]


@dataclass
class State:
    """The observations of the file's families, explained (analytics.increments.explain), and
    the derived rows."""

    explained: pd.DataFrame
    rows: pd.DataFrame


def family_of(ctx: FileContext, codes: pd.Series) -> pd.Series:
    """A commune for a commune or a village, the unit itself otherwise."""
    communes = _commune_of_villages(ctx, codes).astype(object)
    return communes.where(communes.notna(), codes)


def state(cur: duckdb.DuckDBPyConnection, ctx: FileContext, records: pd.DataFrame) -> State:
    """The file's families as the database holds them now (in the caller's transaction)."""
    families = records[SERIES].drop_duplicates()
    families = families.assign(family=family_of(ctx, families["unit_code"]))[["family", "indicator", "source"]]
    cur.register("ingest_families", families.drop_duplicates())
    try:
        cur.execute(statement("families_of_keys"))
        observations = cur.execute(statements("report_observations")[1]).df()
        cur.execute(statement("drop_families"))
    finally:
        cur.unregister("ingest_families")
    explained = explain(observations)
    if len(explained):
        explained["report_date"] = pd.to_datetime(explained["report_date"])
    rows = rows_of(explained)
    rows["report_date"] = pd.to_datetime(rows["report_date"])
    return State(explained, rows)


def refusals(ctx: FileContext, records: pd.DataFrame, after: State, issues: IssueLog) -> None:
    """The errors that depend on the database: checked on the state with the file written."""
    _opening_below_daily(ctx, records, after, issues)
    _village_over_commune_totals(ctx, records, after, issues)
    _above_households(ctx, records, after, issues)


def review(ctx: FileContext, records: pd.DataFrame, before: State, after: State) -> tuple[pd.DataFrame, dict]:
    """Warnings and errors into ctx.issues; the preview (one row per figure the file gives, and
    the opening balances it makes) and its summary."""
    refusals(ctx, records, after, ctx.issues)
    _cumulative_warnings(ctx, records, after)
    preview = _preview(ctx, records, before, after)
    _opening_warnings(ctx, records, before, after)
    _granularity_warnings(ctx, records, before, after)
    return preview, _summary(preview)


def _located(records: pd.DataFrame, frame: pd.DataFrame, cumulative: bool | None = None) -> pd.DataFrame:
    """frame's keys with the file cell behind each (the daily one first unless `cumulative`)."""
    cells = records if cumulative is None else records[records["cumulative"] == cumulative]
    cells = cells.sort_values(["cumulative", "sheet", "row"], kind="stable").drop_duplicates(KEYS)
    return frame.merge(cells[KEYS + ["sheet", "row", "column", "raw", "received_at", "cumulative"]], on=KEYS)


def _name(ctx: FileContext, code: str) -> str:
    return ctx.units.names.get(code, code)


def _opening_below_daily(ctx: FileContext, records: pd.DataFrame, after: State, issues: IssueLog) -> None:
    """A series' first day whose running total is below the day's own count: nothing earlier can
    explain it. Refused, naming the cumulative cell."""
    days = after.explained
    if days.empty:
        return
    below = days[days["first"] & days["d"].notna() & days["c"].notna() & (days["c"] < days["d"] - 1e-9)]
    for row in _located(records, below[KEYS + ["c", "d"]], cumulative=True).itertuples():
        issues.error(texts.IMPORT_OPENING_NEGATIVE.format(stated=_fmt(row.c), daily=_fmt(row.d),
                                                          unit=_name(ctx, row.unit_code)),
                     row.sheet, row.row, row.column, row.raw)


def _village_over_commune_totals(ctx: FileContext, records: pd.DataFrame, after: State, issues: IssueLog) -> None:
    """A village whose first figure is a running total while its commune counted totals of its
    own before that day: part of it was counted in those totals and cannot be told apart.
    Refused, not guessed, whichever of the two files came first."""
    days = after.explained
    if days.empty:
        return
    villages = days[days["level"] == "village"]
    starts = villages[villages["first"] & villages["d"].isna()][KEYS + ["family"]]
    if starts.empty:
        return
    rows = after.rows.assign(level=after.rows["unit_code"].map(ctx.units.levels))
    totals = rows[(rows["level"] == "commune") & ~rows["superseded"].astype(bool)]
    earliest = totals.groupby(["unit_code", "indicator", "source"])["report_date"].min().rename("total_day")
    clash = starts.merge(earliest.reset_index().rename(columns={"unit_code": "family"}),
                         on=["family", "indicator", "source"])
    clash = clash[clash["total_day"] < clash["report_date"]]
    for start in clash.itertuples():
        message = texts.IMPORT_VILLAGE_CUMULATIVE_OVER_COMMUNE.format(
            village=_name(ctx, start.unit_code), commune=_name(ctx, start.family),
            date=start.report_date.strftime("%d/%m/%Y"))
        own = records[(records["unit_code"] == start.unit_code) & (records["report_date"] == start.report_date)
                      & (records["indicator"] == start.indicator) & (records["source"] == start.source)]
        if own.empty:   # the village's figure was there before: the file's commune totals clash
            own = records[(records["unit_code"] == start.family) & (records["report_date"] < start.report_date)
                          & (records["indicator"] == start.indicator) & (records["source"] == start.source)]
        for cell in own.head(1).itertuples():
            issues.error(message, cell.sheet, cell.row, cell.column, cell.raw)


def running_peaks(ctx: FileContext, rows: pd.DataFrame) -> pd.Series:
    """The highest running total each unit reaches, per indicator and source: a village its own,
    a commune with its villages (the figures every page reads)."""
    counted = rows[~rows["superseded"].astype(bool)]
    counted = counted.assign(family=family_of(ctx, counted["unit_code"]))
    levels = counted["unit_code"].map(ctx.units.levels)
    peaks = []
    for key, part in (("unit_code", counted[levels != "commune"]), ("family", counted)):
        daily = part.groupby([key, "indicator", "source", "report_date"])["value"].sum()
        running = daily.groupby(level=[0, 1, 2]).cumsum()
        peak = running.groupby(level=[0, 1, 2]).max()
        peak.index = peak.index.set_names(["unit_code", "indicator", "source"])
        peaks.append(peak)
    both = pd.concat(peaks)
    return both[~both.index.duplicated(keep="last")]


def _above_households(ctx: FileContext, records: pd.DataFrame, after: State, issues: IssueLog) -> None:
    """Refuse a file after which a village's, or a commune's (its villages included), stores or
    accounts go above its households at any date; the error names the file's last cell of it."""
    capped = records[records["indicator"].isin(CAPPED_INDICATORS)]
    if capped.empty or after.rows.empty:
        return
    ordered = capped.sort_values(["report_date", "cumulative"], kind="stable")
    holders = pd.concat([ordered.assign(holder=ordered["unit_code"]),
                         ordered.assign(holder=_commune_of_villages(ctx, ordered["unit_code"]).to_numpy())])
    holders = holders[holders["holder"].notna()].sort_values(["report_date", "cumulative"], kind="stable")
    last = holders.drop_duplicates(["holder", "indicator", "source"], keep="last")
    limits = households_by_unit(ctx, pd.unique(last["holder"]))
    last = last[last["holder"].isin(list(limits))]
    if last.empty:
        return
    peaks = running_peaks(ctx, after.rows[after.rows["indicator"].isin(CAPPED_INDICATORS)])
    last = last.assign(limit=last["holder"].map(limits).to_numpy(),
                       peak=[peaks.get((h, i, s)) for h, i, s in zip(last["holder"], last["indicator"], last["source"])])
    above = last[last["peak"].notna() & (last["peak"] > last["limit"] + 1e-9)].sort_values(["sheet", "row"])
    for cell in above.itertuples():
        issues.error(texts.IMPORT_ABOVE_HOUSEHOLDS.format(indicator=texts.INDICATORS[cell.indicator].lower(),
                                                          total=_fmt(cell.peak), households=_fmt(cell.limit),
                                                          unit=_name(ctx, cell.holder)),
                     cell.sheet, cell.row, cell.column, cell.raw)


def _cumulative_warnings(ctx: FileContext, records: pd.DataFrame, after: State) -> None:
    """A running total that disagrees with the day's counts beside it, or goes down: on the file's
    cell when the file states it, else (a running total imported earlier that the file now
    contradicts) on the file's nearest cell of the same series, so that it is never silent."""
    days = after.explained
    if days.empty:
        return
    stated = days[days["c"].notna() & ~days["superseded"].astype(bool)]
    differs = stated[stated["d"].notna() & stated["anchor"].isna() & ((stated["running"] - stated["c"]).abs() > 1e-6)]
    for row in _with_cells(ctx, records, differs[KEYS + ["c", "running"]]).itertuples():
        if row.in_file:
            message = texts.IMPORT_CUMULATIVE_MISMATCH.format(stated=_fmt(row.c), expected=_fmt(row.running))
        else:
            message = texts.IMPORT_STORED_CUMULATIVE_MISMATCH.format(
                unit=_name(ctx, row.unit_code), date=row.report_date.strftime("%d/%m/%Y"), stated=_fmt(row.c),
                expected=_fmt(row.running))
        ctx.issues.warn(message, row.sheet, row.row, row.column, row.raw)
    down = stated[stated["d"].isna() & (stated["increment"] < -1e-6)]
    for row in _with_cells(ctx, records, down[KEYS + ["c", "increment"]]).itertuples():
        before = _fmt(row.c - row.increment)
        if row.in_file:
            message = texts.IMPORT_CUMULATIVE_DOWN.format(value=_fmt(row.c), before=before)
        else:
            message = texts.IMPORT_STORED_CUMULATIVE_DOWN.format(
                unit=_name(ctx, row.unit_code), date=row.report_date.strftime("%d/%m/%Y"), value=_fmt(row.c),
                before=before)
        ctx.issues.warn(message, row.sheet, row.row, row.column, row.raw)


def _with_cells(ctx: FileContext, records: pd.DataFrame, frame: pd.DataFrame) -> pd.DataFrame:
    """frame's running-total keys with a file cell each: the file's cumulative cell of that key
    (in_file), else the file's last cell of the same series (a commune's: of its villages too)
    up to that day, or its first."""
    if frame.empty:
        return frame.assign(in_file=False)
    own = _located(records, frame, cumulative=True).assign(in_file=True)
    rest = frame.merge(own[KEYS], on=KEYS, how="left", indicator=True)
    rest = rest[rest["_merge"] == "left_only"].drop(columns="_merge")
    cells = records.sort_values(["report_date", "sheet", "row"], kind="stable")
    cells = cells.assign(family=family_of(ctx, cells["unit_code"]).to_numpy())
    near = []
    for row in rest.itertuples(index=False):
        series = cells[((cells["unit_code"] == row.unit_code) | (cells["family"] == row.unit_code))
                       & (cells["indicator"] == row.indicator) & (cells["source"] == row.source)]
        if series.empty:
            continue
        earlier = series[series["report_date"] <= row.report_date]
        cell = (earlier if len(earlier) else series).iloc[-1 if len(earlier) else 0]
        near.append({**row._asdict(), "sheet": cell["sheet"], "row": cell["row"], "column": cell["column"],
                     "raw": cell["raw"], "in_file": False})
    return pd.concat([own, pd.DataFrame(near)], ignore_index=True) if near else own


def _openings(state: State, series: pd.DataFrame) -> pd.DataFrame:
    rows = state.rows[state.rows["opening"].astype(bool)]
    return rows.merge(series, on=SERIES)


def _opening_warnings(ctx: FileContext, records: pd.DataFrame, before: State, after: State) -> None:
    """Opening balances the file makes, and those it removes."""
    series = records[SERIES].drop_duplicates()
    old, new = _openings(before, series), _openings(after, series)
    made = new.merge(old[KEYS + ["value"]], on=KEYS, how="left", suffixes=("", "_old"))
    made = made[made["value_old"].isna() | ((made["value_old"] - made["value"]).abs() > 1e-9)]
    if len(made):
        first = made.assign(report_date=made["report_date"] + pd.Timedelta(days=1))
        days = after.explained.set_index(KEYS)
        for row in _located(records, first[KEYS + ["value"]], cumulative=True).itertuples():
            day = days.loc[(row.unit_code, row.report_date, row.indicator, row.source)]
            ctx.issues.warn(texts.IMPORT_OPENING_BALANCE.format(
                stated=_fmt(day["c"]), daily=_fmt(day["d"]), opening=_fmt(row.value), unit=_name(ctx, row.unit_code),
                date=row.report_date.strftime("%d/%m/%Y")), row.sheet, row.row, row.column, row.raw)
    gone = old.merge(new[KEYS], on=KEYS, how="left", indicator=True)
    for row in gone[gone["_merge"] == "left_only"].itertuples():
        cells = records[(records["unit_code"] == row.unit_code) & (records["indicator"] == row.indicator)
                        & (records["source"] == row.source)].sort_values("report_date")
        for cell in cells.head(1).itertuples():
            ctx.issues.warn(texts.IMPORT_REPLACES_OPENING.format(date=cell.report_date.strftime("%d/%m/%Y"),
                                                                 unit=_name(ctx, row.unit_code), old=_fmt(row.value)),
                            cell.sheet, cell.row, cell.column, cell.raw)


def _preview(ctx: FileContext, records: pd.DataFrame, before: State, after: State) -> pd.DataFrame:
    """One row per figure of the file (its cell, the unit's figure of the day before and after)
    and per opening balance it makes; superseded: a commune total with village detail that day;
    over_total: a village figure that turns a stored commune total into a cross-check."""
    keys = records.drop_duplicates(KEYS)[KEYS]
    new = after.rows[~after.rows["opening"].astype(bool)].merge(keys, on=KEYS)
    series = records[SERIES].drop_duplicates()
    openings = _openings(after, series)
    openings = openings.assign(first=openings["report_date"] + pd.Timedelta(days=1))
    shown = pd.concat([new.assign(first=new["report_date"]), openings], ignore_index=True)
    if shown.empty:
        return pd.DataFrame(columns=PREVIEW_COLUMNS)
    cells = records.sort_values(["cumulative", "sheet", "row"], kind="stable").drop_duplicates(KEYS)
    shown = shown.merge(cells[KEYS + ["sheet", "row", "column", "raw"]].rename(columns={"report_date": "first"}),
                        on=["unit_code", "first", "indicator", "source"], how="left")
    old = before.rows[["unit_code", "report_date", "indicator", "source", "opening", "value"]].rename(
        columns={"value": "old_value"})
    shown = shown.merge(old, on=KEYS + ["opening"], how="left")
    shown["over_total"] = _over_total(ctx, records, before, shown)
    shown = shown.sort_values(["sheet", "row", "report_date"], kind="stable").reset_index(drop=True)
    return shown[PREVIEW_COLUMNS]


def _over_total(ctx: FileContext, records: pd.DataFrame, before: State, shown: pd.DataFrame) -> np.ndarray:
    """Village figures new to a day on which the commune's own total counted before the file (and
    the file gives no total of its own that day)."""
    counted = before.rows[~before.rows["superseded"].astype(bool) & ~before.rows["opening"].astype(bool)]
    commune = _commune_of_villages(ctx, shown["unit_code"])
    probe = shown[KEYS].assign(unit_code=commune.astype(object).to_numpy())
    probe = probe.merge(counted[KEYS].drop_duplicates().assign(total=True), on=KEYS, how="left")
    probe = probe.merge(records[KEYS].drop_duplicates().assign(in_file=True), on=KEYS, how="left")
    return (commune.notna().to_numpy() & ~shown["opening"].astype(bool).to_numpy()
            & shown["old_value"].isna().to_numpy() & probe["total"].notna().to_numpy()
            & probe["in_file"].isna().to_numpy())


def _commune_of_villages(ctx: FileContext, codes: pd.Series) -> pd.Series:
    """The commune of each village code; None for other units."""
    mapping = {code: ctx.units.parents.get(code) for code, level in ctx.units.levels.items() if level == "village"}
    return codes.map(mapping)


def _granularity_warnings(ctx: FileContext, records: pd.DataFrame, before: State, after: State) -> None:
    """A commune total that disagrees with its villages' sum of the same day (the detail counts),
    and stored totals that the file's village detail turns into cross-checks."""
    rows = after.rows[~after.rows["opening"].astype(bool)]
    levels = rows["unit_code"].map(ctx.units.levels)
    totals = rows[(levels == "commune") & rows["superseded"].astype(bool)]
    if totals.empty:
        return
    villages = rows[levels == "village"]
    detail = villages.assign(unit_code=family_of(ctx, villages["unit_code"])).groupby(KEYS)["value"].sum()
    file_communes = records[records["unit_code"].map(ctx.units.levels) == "commune"]
    file_villages = records[records["unit_code"].map(ctx.units.levels) == "village"]
    village_days = set(zip(family_of(ctx, file_villages["unit_code"]), file_villages["report_date"],
                           file_villages["indicator"], file_villages["source"]))
    commune_days = set(zip(file_communes["unit_code"], file_communes["report_date"], file_communes["indicator"],
                           file_communes["source"]))
    explained = after.explained.set_index(KEYS)
    for row in totals.itertuples():
        key = (row.unit_code, row.report_date, row.indicator, row.source)
        if key not in commune_days and key not in village_days:
            continue
        summed = float(detail.get(key, 0.0))
        stated = explained.loc[key]
        stated_value = stated["d"] if pd.notna(stated["d"]) else stated["c"]
        if abs(stated_value - summed) <= 1e-6 or (pd.isna(stated["d"]) and abs(row.value - summed) <= 1e-6):
            continue
        in_file = key in commune_days
        template = texts.IMPORT_TOTAL_VS_VILLAGES if in_file else texts.IMPORT_STORED_TOTAL_VS_VILLAGES
        if in_file:
            cell = records[(records["unit_code"] == row.unit_code) & (records["report_date"] == row.report_date)
                           & (records["indicator"] == row.indicator) & (records["source"] == row.source)]
        else:
            cell = file_villages[(family_of(ctx, file_villages["unit_code"]) == row.unit_code)
                                 & (file_villages["report_date"] == row.report_date)
                                 & (file_villages["indicator"] == row.indicator)
                                 & (file_villages["source"] == row.source)].sort_values(["sheet", "row"])
        for first in cell.head(1).itertuples():
            ctx.issues.warn(template.format(commune=_name(ctx, row.unit_code), date=row.report_date.strftime("%d/%m/%Y"),
                                            indicator=texts.INDICATORS[row.indicator], stated=_fmt(stated_value),
                                            villages=_fmt(summed)), first.sheet, first.row, first.column, first.raw)
    was_counted = before.rows[~before.rows["superseded"].astype(bool) & ~before.rows["opening"].astype(bool)]
    was_counted = set(zip(was_counted["unit_code"], was_counted["report_date"], was_counted["indicator"],
                          was_counted["source"]))
    turned = totals[[(k in village_days and k not in commune_days and k in was_counted)
                     for k in zip(totals["unit_code"], totals["report_date"], totals["indicator"], totals["source"])]]
    for commune, part in turned.groupby("unit_code"):
        ctx.issues.warn(texts.IMPORT_TOTALS_BECOME_CHECKS.format(
            commune=_name(ctx, commune), count=len(part), first=part["report_date"].min().strftime("%d/%m/%Y"),
            last=part["report_date"].max().strftime("%d/%m/%Y")))


def _summary(preview: pd.DataFrame) -> dict:
    if preview.empty:
        return {"values": 0}
    old = preview["old_value"]
    superseded = preview["superseded"].astype(bool)
    opening = preview["opening"].astype(bool)
    plain = ~opening & ~superseded
    counted = preview[~superseded]
    return {
        "values": int(len(preview)),
        "units": int(preview["unit_code"].nunique()),
        "first_date": preview["report_date"].min().date().isoformat(),
        "last_date": preview["report_date"].max().date().isoformat(),
        "added": int((plain & old.isna()).sum()),
        "replaced": int((plain & old.notna() & ((old - preview["value"]).abs() > 1e-9)).sum()),
        "unchanged": int((plain & old.notna() & ((old - preview["value"]).abs() <= 1e-9)).sum()),
        "opening": int(opening.sum()),
        "superseded": int(superseded.sum()),
        "totals": {k: float(v) for k, v in counted.groupby("indicator")["value"].sum().items()},
    }
