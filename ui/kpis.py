"""KPI cards shared by the pages: coverage against targets, teams and committees."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics import texts, vnformat as fmt
from analytics.settings import Targets


def _against_target(row: pd.Series, key: str, label: str) -> dict:
    """st.metric arguments: label with the share of households, the count, the gap to the
    target (red when short of it), the target in the help; grey "chưa bắt đầu (từ 20/09)" when
    the unit's phase has not begun."""
    card = dict(label=texts.KPI_LABEL_PCT.format(label=label, pct=fmt.percent(row[f"{key}_pct"])),
                value=fmt.number(row[key]), border=True,
                help=texts.KPI_TARGET_HELP.format(target=fmt.percent(row[f"{key}_target_pct"], 0),
                                                 count=fmt.number(row[f"{key}_target"])))
    if not bool(row.get("started", True)):
        return {**card, "delta": texts.NOT_STARTED.format(start=row["phase_start"]), "delta_color": "off",
                "delta_arrow": "off",
                "help": card["help"] + " " + texts.KPI_NOT_STARTED_HELP.format(start=fmt.date(row["phase_start"]))}
    short = row.get(f"{key}_gap")
    # the gap counts only the started part of the scope; a surplus is over the whole target
    gap = -int(short) if pd.notna(short) and short > 0 else max(int(round(row[key] - row[f"{key}_target"])), 0)
    return {**card, "delta": texts.KPI_DELTA.format(sign="+" if gap >= 0 else "-", gap=fmt.number(abs(gap)))}


def _shortfall(done: int, total: int, what: str) -> str:
    missing = total - done
    return texts.KPI_MISSING.format(sign="-" if missing > 0 else "+", count=fmt.number(abs(missing)), what=what)


# A status is not a number: its arrow and colour are set, never guessed from the text (which
# Streamlit reads as a rise). Behind is a red arrow down, on track or reached a green arrow up,
# a phase not yet begun or just begun grey without an arrow.
STATUS_DELTAS = {
    "late": {"delta_arrow": "down", "delta_color": "red"},
    "on_track": {"delta_arrow": "up", "delta_color": "green"},
    "reached": {"delta_arrow": "up", "delta_color": "green"},
    "starting": {"delta_arrow": "off", "delta_color": "gray"},
    "not_started": {"delta_arrow": "off", "delta_color": "gray"},
}


def status_delta(status: str, start=None) -> dict:
    """st.metric arguments for a phase status shown as the delta (text, arrow, colour); a phase
    not begun names its first day."""
    text = texts.NOT_STARTED.format(start=start) if status == "not_started" and start else texts.PHASE_STATUSES[status]
    return {"delta": text, **STATUS_DELTAS[status]}


def coverage_cards(row: pd.Series) -> None:
    """Households, then stores, accounts and trading households against their targets."""
    cols = st.columns(4)
    cols[0].metric(texts.KPI_HOUSEHOLDS, fmt.number(row["households"]), help=texts.KPI_HOUSEHOLDS_HELP, border=True)
    for col, key, label in ((cols[1], "stores", texts.KPI_STORES), (cols[2], "accounts", texts.KPI_ACCOUNTS),
                            (cols[3], "active", texts.KPI_ACTIVE)):
        col.metric(**_against_target(row, key, label))


def organisation_cards(row: pd.Series, targets: Targets) -> None:
    """Teams, members, villages with a full team, communes with a steering committee."""
    villages, communes = int(row["villages"]), int(row["communes"])
    cols = st.columns(4)
    cols[0].metric(texts.KPI_TEAMS, fmt.number(row["teams"]),
                   _shortfall(int(row["teams"]), villages, texts.KPI_WHAT_VILLAGES_NO_TEAM), border=True)
    average = fmt.number(row["members"] / row["teams"], 2) if row["teams"] else "–"
    cols[1].metric(texts.KPI_MEMBERS, fmt.number(row["members"]), texts.KPI_MEMBERS_AVG.format(avg=average),
                   delta_color="off", delta_arrow="off", border=True)
    cols[2].metric(texts.KPI_FULL_TEAMS, f"{fmt.number(row['full_teams'])}/{fmt.number(villages)}",
                   _shortfall(int(row["full_teams"]), villages, texts.KPI_WHAT_NOT_FULL), border=True,
                   help=texts.KPI_FULL_TEAMS_HELP.format(members=targets.team_members_min))
    cols[3].metric(texts.KPI_COMMITTEES, f"{fmt.number(row['committees'])}/{fmt.number(communes)}",
                   _shortfall(int(row["committees"]), communes, texts.KPI_WHAT_NO_COMMITTEE), border=True)
