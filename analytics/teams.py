"""Community digital technology teams (one per village) and commune steering committees."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from analytics import texts
from analytics.access import Actor, narrow
from analytics.db import sql
from analytics.names import fold, zalo_group_name
from analytics.settings import Settings
from analytics.units import require_districts

# Titles of a village head (folded): the team leader should be one of them.
VILLAGE_HEAD_TITLES = ("truong thon", "truong ban", "truong khoi", "truong khu", "truong xom",
                       "to truong to dan pho", "truong khoi pho")
COMMITTEE_ROLES = ("Trưởng ban", "Phó ban", "Ủy viên")


def is_village_head(position: str | None) -> bool:
    """'Trưởng thôn', 'Tổ trưởng tổ dân phố'... True; 'Bí thư Đoàn xã', 'Phó trưởng thôn' False."""
    return bool(position) and fold(position) in VILLAGE_HEAD_TITLES


def zalo_check(communes: pd.DataFrame) -> pd.DataFrame:
    """communes (short_name, district_short, postal_partner, zalo_group) with zalo_expected
    (KTS_<Xã>_<Huyện>_<Viettel|Buudien>, or KTS_<Xã>_<...> without a district) and zalo_ok (the
    recorded name matches exactly)."""
    expected = [
        zalo_group_name(row.short_name, row.district_short if isinstance(row.district_short, str) else None,
                        row.postal_partner) if row.postal_partner else None
        for row in communes.itertuples()
    ]
    frame = communes.assign(zalo_expected=expected)
    frame["zalo_ok"] = frame["zalo_group"].notna() & (frame["zalo_group"] == frame["zalo_expected"])
    return frame


@dataclass(frozen=True)
class TeamsView:
    """Teams and committees in a scope: one frame per grain."""

    communes: pd.DataFrame   # one row per commune (see teams_view)
    villages: pd.DataFrame   # one row per village: team, members, leader, full, leader_is_head
    committee: pd.DataFrame  # one row per committee member
    members: pd.DataFrame    # one row per team member of the chosen commune (empty without one)

    @property
    def has_villages(self) -> bool:
        return bool(len(self.villages))

    def member_villages(self) -> dict[str, str]:
        """{village code: name} of the villages whose team members are listed, in order."""
        return dict(zip(self.members["village_code"], self.members["village_name"]))

    def members_of(self, village: str | None = None) -> pd.DataFrame:
        """Team members of one village (all listed villages when None): village_name, row_no,
        full_name, position, team_role (the leader's role shown as 'Tổ trưởng' when the roster
        marked the leader without a role column), phone."""
        frame = self.members if village is None else self.members[self.members["village_code"] == village]
        role = frame["role"].where(frame["role"].notna() | ~frame["is_leader"].astype(bool), texts.TEAM_ROLE_LEADER)
        return frame.assign(team_role=role.fillna(""), position=frame["position"].fillna(""),
                            phone=frame["phone"].fillna(""))[
            ["village_name", "row_no", "full_name", "position", "team_role", "phone"]].reset_index(drop=True)


def teams_view(
    con: duckdb.DuckDBPyConnection,
    settings: Settings,
    district: str | None = None,
    commune: str | None = None,
    *,
    actor: Actor,
) -> TeamsView:
    """Teams per village and commune, steering committees and their roles, Zalo group names, and
    the team members of a chosen commune (see TeamsView.members_of).
    Communes: code, name, district_code, district_name (none on a hierarchy without districts),
    villages, teams, members, full_teams,
    villages_without_team, villages_not_full, leaders_not_head, committee, committee_members,
    heads, deputies, ordinary_members, postal_partner, zalo_group, zalo_expected, zalo_ok.
    The province asked by an actor scoped below it is narrowed to the actor's own scope."""
    require_districts(settings, district=district)
    district, commune = narrow(con, actor, district, commune)
    params = {"district": district, "commune": commune}
    cur = con.cursor()
    villages = cur.execute(sql("team_villages"), params).df()
    committee = cur.execute(sql("committee_members"), params).df()
    members = cur.execute(sql("team_members"), {"commune": commune}).df()
    communes = zalo_check(cur.execute(sql("team_communes"), params).df())
    members_min = settings.targets.team_members_min
    villages["full"] = villages["has_team"] & (villages["others"] >= members_min)
    villages["leader_is_head"] = [is_village_head(p) if team else False
                                  for p, team in zip(villages["leader_position"], villages["has_team"])]
    villages["leader_not_head"] = villages["has_team"] & ~villages["leader_is_head"]
    per_commune = villages.groupby("commune_code").agg(
        villages=("code", "size"), teams=("has_team", "sum"), members=("members", "sum"),
        full_teams=("full", "sum"), leaders_not_head=("leader_not_head", "sum"),
    )
    roles = committee.groupby("commune_code").agg(
        committee_members=("full_name", "size"),
        heads=("committee_role", lambda r: int((r == "Trưởng ban").sum())),
        deputies=("committee_role", lambda r: int((r == "Phó ban").sum())),
        ordinary_members=("committee_role", lambda r: int((r == "Ủy viên").sum())),
    )
    frame = communes.merge(per_commune, left_on="code", right_index=True, how="left").merge(
        roles, left_on="code", right_index=True, how="left")
    counts = ["villages", "teams", "members", "full_teams", "leaders_not_head", "committee_members", "heads",
              "deputies", "ordinary_members"]
    frame[counts] = frame[counts].fillna(0).astype("int64")
    frame["villages_without_team"] = frame["villages"] - frame["teams"]
    frame["villages_not_full"] = frame["villages"] - frame["full_teams"]
    frame["committee"] = frame["committee_members"] > 0
    columns = ["code", "name", "district_code", "district_name", "villages", "teams", "members", "full_teams",
               "villages_without_team", "villages_not_full", "leaders_not_head", "committee", "committee_members",
               "heads", "deputies", "ordinary_members", "postal_partner", "zalo_group", "zalo_expected", "zalo_ok",
               "short_name"]
    if not settings.has_districts:
        columns = [c for c in columns if not c.startswith("district_")]
        villages = villages.drop(columns=["district_code", "district_name"])
    return TeamsView(frame[columns].reset_index(drop=True), villages, committee, members)
