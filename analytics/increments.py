"""The day's increments, derived from the observations that survive (never from arrival order).

A report states, for a unit, day, indicator and source, either the day's new count (a daily
observation) or the running total (a cumulative observation). Both are stored as they were
stated; the figures read increments, recomputed here from the set of live observations
whenever that set changes (analytics.db.sync_report_current). The same set gives the same
increments whatever order its files arrived, were corrected or undone in.

The rules, per series (unit, indicator, source), in date order:
- a day with a daily value adds it; a cumulative value on the same day is only a cross-check;
- a day with only a cumulative value sets the running total to it (the increment is the
  difference from the day before, whatever that day's observations were);
- on the series' first day, a cumulative above the day's own count is an opening balance: the
  difference, dated the day before (stores opened before the first report);
- a commune's series takes in its villages: on a day with village detail the villages' figures
  count and the commune's own total is superseded (kept as a cross-check); a commune's
  cumulative sets the running total of the commune as a whole, villages included.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

SERIES = ["unit_code", "indicator", "source"]
DERIVED_COLUMNS = ["unit_code", "report_date", "indicator", "source", "value", "upload_id", "received_at", "opening",
                   "superseded"]
ONE_DAY = pd.Timedelta(days=1)


def days_of(observations: pd.DataFrame) -> pd.DataFrame:
    """One row per unit, day, indicator and source from the live observations (columns unit_code,
    level, family, report_date, indicator, source, cumulative, value, upload_id, received_at,
    opening): d and c (the daily and cumulative values, NaN when not stated) with their uploads."""
    keys = SERIES + ["report_date"]
    frame = observations.assign(report_date=pd.to_datetime(observations["report_date"]))
    daily = frame[~frame["cumulative"].astype(bool)].set_index(keys)
    total = frame[frame["cumulative"].astype(bool)].set_index(keys)
    days = daily[["level", "family", "value", "upload_id", "received_at", "opening"]].rename(
        columns={"value": "d", "upload_id": "d_upload", "received_at": "d_received"})
    days = days.join(total[["level", "family", "value", "upload_id", "received_at"]].rename(
        columns={"level": "c_level", "family": "c_family", "value": "c", "upload_id": "c_upload",
                 "received_at": "c_received"}), how="outer")
    days["level"] = days["level"].fillna(days["c_level"])
    days["family"] = days["family"].fillna(days["c_family"])
    days["opening"] = days["opening"].fillna(False).astype(bool)
    return days.drop(columns=["c_level", "c_family"]).reset_index().sort_values(keys, kind="stable")


def explain(observations: pd.DataFrame) -> pd.DataFrame:
    """Every unit's own days (see days_of) with what the rules made of them: anchor (the running
    total a cumulative set), opening (the balance dated before the first day), running (the
    total after the day: a commune's takes in its villages), increment (of that total), value
    (the unit's own figure of the day), first (the series' first day), superseded (village
    detail takes the place of a commune's own figure). All the observations of each family (a
    commune with its villages, or a unit alone) must be given."""
    if observations.empty:
        return pd.DataFrame(columns=list(observations.columns) + ["anchor", "opening_value", "running", "increment",
                                                                "value", "first", "superseded"])
    days = days_of(observations)
    is_commune = (days["level"] == "commune").to_numpy()
    own = _series(days[~is_commune].reset_index(drop=True), detail=None)
    communes = days[is_commune].reset_index(drop=True)
    if communes.empty:
        return own
    villages = rows_of(own).merge(days[["unit_code", "family"]].drop_duplicates(), on="unit_code")
    villages = villages[villages["unit_code"] != villages["family"]]
    return pd.concat([own, _series(communes, detail=villages)], ignore_index=True)


def derive(observations: pd.DataFrame) -> pd.DataFrame:
    """report_current rows (DERIVED_COLUMNS) for every series of the observations given (all the
    observations of each family must be there)."""
    return rows_of(explain(observations))


def rows_of(days: pd.DataFrame) -> pd.DataFrame:
    """The derived rows of explained days: the day's own figure, and the opening balances."""
    if days.empty:
        return pd.DataFrame(columns=DERIVED_COLUMNS)
    rows = pd.DataFrame({
        "unit_code": days["unit_code"], "report_date": days["report_date"], "indicator": days["indicator"],
        "source": days["source"], "value": days["value"],
        "upload_id": days["d_upload"].fillna(days["c_upload"]),
        "received_at": days["d_received"].fillna(days["c_received"]),
        "opening": days["opening"], "superseded": days["superseded"],
    })
    balances = days[days["opening_value"] > 0]
    openings = pd.DataFrame({
        "unit_code": balances["unit_code"], "report_date": balances["report_date"] - ONE_DAY,
        "indicator": balances["indicator"], "source": balances["source"], "value": balances["opening_value"],
        "upload_id": balances["c_upload"], "received_at": balances["c_received"], "opening": True,
        "superseded": False,
    })
    return pd.concat([rows, openings], ignore_index=True)[DERIVED_COLUMNS]


def _series(days: pd.DataFrame, detail: pd.DataFrame | None) -> pd.DataFrame:
    """Explain the series in `days` (one unit each). `detail`: the derived rows of the communes'
    villages, which take the place of a commune's own figure on their days."""
    if detail is not None and len(detail):
        days = _with_detail(days, detail)
    else:
        days = days.assign(detail_value=0.0, has_detail=False, detail_opening=0.0, own=True)
    groups = [days[k] for k in SERIES]
    first_day = days.groupby(SERIES)["report_date"].transform("min")
    d, c = days["d"], days["c"]
    first = (days["report_date"] == first_day) & days["own"]
    anchor = c.where(c.notna() & ~days["has_detail"] & (d.isna() | (first & (c >= d))))
    opening = (c - d).where(anchor.notna() & d.notna() & (c - d > 0), 0.0)
    contribution = np.where(days["has_detail"], days["detail_value"], d.fillna(0.0)) + days["detail_opening"]
    contribution = pd.Series(contribution, index=days.index).where(anchor.isna(), 0.0)
    block = anchor.notna().groupby(groups).cumsum()
    base = anchor.groupby(groups).ffill().fillna(0.0)
    running = base + contribution.groupby(groups + [block]).cumsum()
    increment = running - running.groupby(groups).shift(1).fillna(0.0)
    value = np.where(days["has_detail"], d.fillna(c - (running - increment)),
                     np.where(anchor.notna(), increment - opening, d))
    explained = days.assign(anchor=anchor, opening_value=opening, running=running, increment=increment,
                            value=value, first=first, superseded=days["has_detail"])
    return explained[explained["own"].to_numpy()].drop(
        columns=["own", "detail_value", "has_detail", "detail_opening"]).reset_index(drop=True)


def _with_detail(communes: pd.DataFrame, villages: pd.DataFrame) -> pd.DataFrame:
    """A commune's days, joined with its villages' derived figures of each day (days with only
    village figures are added, not as the commune's own rows)."""
    villages = villages.assign(unit_code=villages["family"])
    plain = villages[~villages["opening"].astype(bool)]
    keys = SERIES + ["report_date"]
    summed = plain.groupby(keys)["value"].sum().rename("detail_value").to_frame()
    summed["has_detail"] = True
    summed = summed.join(villages[villages["opening"].astype(bool)].groupby(keys)["value"].sum()
                         .rename("detail_opening"), how="outer")
    commune_series = communes[SERIES].drop_duplicates()
    summed = summed.reset_index().merge(commune_series, on=SERIES)
    merged = communes.assign(own=True).merge(summed, on=keys, how="outer")
    merged["own"] = merged["own"].fillna(False).astype(bool)
    merged["has_detail"] = merged["has_detail"].fillna(False).astype(bool)
    merged["detail_value"] = merged["detail_value"].fillna(0.0)
    merged["detail_opening"] = merged["detail_opening"].fillna(0.0)
    merged["opening"] = merged["opening"].fillna(False).astype(bool)
    return merged.sort_values(keys, kind="stable").reset_index(drop=True)
