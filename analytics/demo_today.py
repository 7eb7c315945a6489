"""The demo season of a campaign on today's hierarchy ("Chiến dịch 2026": Lạng Sơn's 65 communes
and wards directly under the province since 1/7/2025, no district level), built deterministically.

Villages keep their identity across the reform: each new commune takes the demo villages of the
old communes it absorbed (read from the first campaign's demo in "main" and followed through
main.unit_lineage, chained across the hierarchy versions in between); the villages of an old
commune split between several new ones are shared out in order, in blocks. A village keeps its
name, unless two old communes merged into one had a village of the same name: both then carry
their old commune's name in brackets ("Khối 1 (Tam Thanh)"). Villages are numbered afresh
inside their new commune (<commune>-<nnn>) and their households grew a little since 2021. A new
commune that inherits no village (a database without the 2021 demo) gets villages of its own.

Teams, members, steering committees and daily reports are new: village-level commune reports and
the postal partner's commune-level reports from each commune's phase start to LAST_DAY (a fixed
day, never today's date), some late, a few missing, and three stories for the warnings page:
BEHIND (phase 1) creeps along and ends its phase short of the target; STALLED (phase 2) opens
stores in its first week, then nothing from STALLED_FROM; SILENT (phase 2) stops reporting from
SILENT_FROM."""

from __future__ import annotations

import datetime as dt
import hashlib

import duckdb
import numpy as np
import pandas as pd
from argon2 import PasswordHasher

from analytics import audit, demo
from analytics.access import Actor
from analytics.db import run_in_transaction
from analytics.hierarchy import descendants, hierarchy_of
from analytics.names import loose_key, name_key, zalo_group_name
from analytics.settings import Settings

LAST_DAY = dt.date(2026, 11, 27)
BEHIND = "Hữu Liên"
STALLED = "Kiên Mộc"
STALLED_FROM = dt.date(2026, 11, 21)
SILENT = "Thống Nhất"
SILENT_FROM = dt.date(2026, 11, 24)
HOUSEHOLD_GROWTH = (1.02, 1.08)      # households per village since the 2021 season
# A sample account scoped in this campaign's hierarchy (the 2021 accounts' districts and communes
# have no unit here made of them alone, see analytics/lineage.py): username, password, role, the
# commune's name, display name. Printed on the login page of the demo database like the others.
TODAY_ACCOUNTS = (
    ("vanlinh2026", "vanlinh-mau-2026", "commune", "Vạn Linh", "Cán bộ xã Vạn Linh mới (mẫu)"),
)


def _allocate(total: int, weights: np.ndarray) -> np.ndarray:
    """Split an integer total in proportion to weights (largest remainder)."""
    weights = np.asarray(weights, dtype=float)
    if total <= 0 or weights.sum() <= 0:
        return np.zeros(len(weights), dtype=np.int64)
    share = total * weights / weights.sum()
    out = np.floor(share).astype(np.int64)
    order = np.argsort(-(share - out), kind="stable")
    out[order[: total - out.sum()]] += 1
    return out


def _person(rng: np.random.Generator) -> str:
    given = demo.MALE if rng.random() < 0.55 else demo.FEMALE
    return f"{demo.FAMILY[rng.integers(len(demo.FAMILY))]} {given[rng.integers(len(given))]}"


def _village_names(rng: np.random.Generator, count: int, urban: bool) -> list[tuple[str, str]]:
    """(kind, short name) of a new commune's villages, unique within it."""
    if urban:
        return [("Khối", f"Khối {i}") for i in range(1, count + 1)]
    names: dict[str, str] = {}
    while len(names) < count:
        name = f"{demo.SYLLABLES_A[rng.integers(len(demo.SYLLABLES_A))]} {demo.SYLLABLES_B[rng.integers(len(demo.SYLLABLES_B))]}"
        names.setdefault(name, "Bản" if rng.random() < 0.15 else "Thôn")
    return [(kind, name) for name, kind in names.items()]


class _TodaySeason:
    """The season's tables as DataFrames, from one random generator seeded by the settings."""

    def __init__(self, settings: Settings, communes: pd.DataFrame):
        self.settings = settings
        self.rng = np.random.default_rng([settings.demo_seed, settings.campaign_start.toordinal()])
        self.communes = communes
        self.last_day = min(LAST_DAY, settings.campaign_end)
        self.phases = {p.number: p for p in settings.phases}

    def villages(self, inherited: pd.DataFrame) -> pd.DataFrame:
        """One row per village: code, name, short_name, kind, parent_code, households, from_code
        (the 2021 village it continues, None for a new one)."""
        rng = self.rng
        frames = []
        for commune in self.communes.itertuples():
            own = inherited[inherited["new_commune"] == commune.code]
            if own.empty:
                count = int(rng.integers(10, 18)) if commune.kind == "Phường" else int(rng.integers(18, 34))
                named = _village_names(rng, count, commune.kind == "Phường")
                own = pd.DataFrame({
                    "short_name": [short for _, short in named], "kind": [kind for kind, _ in named],
                    "households": rng.integers(160, 330, count) if commune.kind == "Phường" else rng.integers(55, 175, count),
                    "old_commune_name": "", "from_code": None,
                })
            else:
                own = own.copy()
                twice = own["short_name"].duplicated(keep=False) & (own["old_commune_name"] != "")
                own.loc[twice, "short_name"] = own.loc[twice, "short_name"] + " (" + own.loc[twice, "old_commune_name"] + ")"
                growth = rng.uniform(*HOUSEHOLD_GROWTH, len(own))
                own["households"] = np.round(own["households"].to_numpy() * growth).astype(np.int64)
            own = own.reset_index(drop=True)
            own["code"] = [f"{commune.code}-{i:03d}" for i in range(1, len(own) + 1)]
            own["parent_code"] = commune.code
            frames.append(own)
        villages = pd.concat(frames, ignore_index=True)
        villages["name"] = [short if short.startswith(kind) else f"{kind} {short}"
                            for kind, short in zip(villages["kind"], villages["short_name"])]
        villages["name_key"] = villages["short_name"].map(name_key)
        villages["loose_key"] = villages["short_name"].map(loose_key)
        villages["households"] = villages["households"].astype(np.int64)
        return villages[["code", "name", "short_name", "kind", "parent_code", "households", "from_code",
                         "name_key", "loose_key"]]

    def plan(self, villages: pd.DataFrame) -> pd.DataFrame:
        """One row per commune: households, phase start and end, final share of households with a
        store on the last day, partner, Zalo group, lateness and silence."""
        rng = self.rng
        plan = self.communes.copy()
        n = len(plan)
        plan["households"] = plan["code"].map(villages.groupby("parent_code")["households"].sum()).fillna(0).astype(int)
        plan["start"] = [self.phases[p].start if p in self.phases else self.settings.campaign_start for p in plan["phase"]]
        plan["end"] = [self.phases[p].end if p in self.phases else self.settings.campaign_end for p in plan["phase"]]
        plan["share_at_end"] = rng.uniform(0.62, 0.80, n)      # reached by the phase's last day
        plan["mid"] = rng.uniform(0.35, 0.55, n)               # where in the phase the fastest days are
        plan.loc[plan["short_name"] == BEHIND, ["share_at_end", "mid"]] = [0.41, 0.75]
        plan["p_late"] = rng.choice([0.02, 0.05, 0.10, 0.25], size=n, p=[0.4, 0.3, 0.2, 0.1])
        plan["p_missing"] = rng.choice([0.0, 0.01, 0.03], size=n)
        plan["partner"] = rng.choice(["viettel", "vnpost"], size=n)
        plan["zalo_group"] = [zalo_group_name(c.short_name, None, c.partner) for c in plan.itertuples()]
        sloppy = rng.random(n) < 0.07
        plan.loc[sloppy, "zalo_group"] = [f"KTS {c.short_name}" for c in plan[sloppy].itertuples()]
        return plan

    def _curve(self, commune, days: pd.DatetimeIndex) -> np.ndarray:
        """Cumulative share of households with a store on each day (non-decreasing)."""
        t = np.arange(len(days), dtype=float)
        length = max((commune.end - commune.start).days, 1)
        if commune.end <= self.last_day:
            # a phase that has run its course: logistic to share_at_end on its last day, then a
            # slow tail (the households ready to sell are mostly done)
            width = length / self.rng.uniform(9, 12)
            logistic = 1 / (1 + np.exp(-(t - commune.mid * length) / width))
            logistic = (logistic - logistic[0]) / (logistic[min(length, len(t) - 1)] - logistic[0])
            curve = commune.share_at_end * np.minimum(logistic, 1.0)
            after = t > length
            curve[after] = commune.share_at_end + 0.0025 * (t[after] - length)
        else:
            # a phase under way: its first weeks, on a pace that would reach share_at_end in time
            curve = commune.share_at_end * (t / length) ** 1.2
        if commune.short_name == STALLED:
            stop = int(np.searchsorted(days.date, STALLED_FROM))
            if 0 < stop < len(curve):
                curve[stop:] = curve[stop - 1]
        return np.maximum.accumulate(np.clip(curve, 0, 0.95))

    def reports(self, villages: pd.DataFrame, plan: pd.DataFrame, upload_id: int) -> pd.DataFrame:
        """Village-level commune reports (stores, accounts, trading households; the days a commune
        missed are reported with its next report) and the partner's commune-level reports."""
        rng = self.rng
        frames = []
        for commune in plan.itertuples():
            if commune.start > self.last_day:
                continue
            days = pd.date_range(commune.start, self.last_day, freq="D")
            n = len(days)
            own = villages[villages["parent_code"] == commune.code]
            households = own["households"].to_numpy()
            curve = self._curve(commune, days)
            stores_end = np.minimum(np.round(curve[-1] * households * rng.uniform(0.85, 1.15, len(own))),
                                    np.floor(0.95 * households)).astype(np.int64)
            stores = np.round(stores_end[None, :] * (curve / max(curve[-1], 1e-9))[:, None]).astype(np.int64)
            # accounts follow the stores a day later; trading households about ten days later, a fifth of them
            accounts = np.vstack([np.zeros((1, len(own)), dtype=np.int64), stores[:-1]])
            lag = min(10, n)
            active = np.vstack([np.zeros((lag, len(own)), dtype=np.int64),
                                np.round(stores[:n - lag] * rng.uniform(0.16, 0.26)).astype(np.int64)])
            cumulative = {"stores": stores, "accounts": accounts, "active": np.maximum.accumulate(active)}
            daily = {k: np.diff(v, axis=0, prepend=0) for k, v in cumulative.items()}
            reported = rng.random(n) >= commune.p_missing
            reported[-1] = True
            if commune.short_name == SILENT:
                reported &= days.date < SILENT_FROM
            hours = np.where(rng.random(n) < commune.p_late, rng.uniform(17.02, 21.9, n), rng.uniform(13.5, 16.98, n))
            received = (days + pd.to_timedelta(hours, unit="h")).floor("min")
            frames.append(self._commune_rows(own["code"].to_numpy(), days, daily, reported, received))
            frames.append(self._enterprise_rows(commune, days, {k: v.sum(axis=1) for k, v in daily.items()}))
        frame = pd.concat(frames, ignore_index=True)
        frame["upload_id"] = upload_id
        return frame

    @staticmethod
    def _commune_rows(codes, days, daily, reported, received) -> pd.DataFrame:
        """One row per reported day, village and indicator: what a missed day held comes with the
        next report."""
        keep = np.flatnonzero(reported)
        frames = []
        for indicator, matrix in daily.items():
            # each kept day carries the days missed just before it; days after the last report
            # (a commune gone silent) are reported by nobody
            carried = (np.add.reduceat(matrix[:keep[-1] + 1], np.concatenate([[0], keep[:-1] + 1]), axis=0)
                       if len(keep) else matrix[:0])
            frames.append(pd.DataFrame({
                "unit_code": np.tile(codes, len(keep)),
                "report_date": np.repeat(days[keep].to_numpy().astype("datetime64[D]"), len(codes)),
                "indicator": indicator, "source": "commune",
                "value": carried.ravel().astype(float),
                "received_at": np.repeat(received[keep].to_numpy(), len(codes)),
            }))
        return pd.concat(frames, ignore_index=True)

    def _enterprise_rows(self, commune, days, daily) -> pd.DataFrame:
        """The partner's daily figures: stores and accounts a little apart from the commune's;
        orders, volume and revenue follow the trading households."""
        rng = self.rng
        n = len(days)
        values = {}
        for indicator in ("stores", "accounts"):
            noisy = np.round(np.cumsum(daily[indicator]) * rng.uniform(0.97, 1.03) * (1 + rng.normal(0, 0.01, n)))
            values[indicator] = np.diff(np.maximum.accumulate(np.maximum(noisy, 0)), prepend=0)
        orders = rng.poisson(np.cumsum(daily["active"]) * np.linspace(0.05, 0.35, n))
        values["orders"] = orders
        values["volume"] = orders * rng.integers(1, 4, n)
        values["revenue"] = np.round(orders * rng.uniform(80_000, 260_000, n), -3)
        received = (days + pd.to_timedelta(rng.uniform(15.0, 18.5, n), unit="h")).floor("min").to_numpy()
        return pd.concat([
            pd.DataFrame({"unit_code": commune.code, "report_date": days.to_numpy().astype("datetime64[D]"),
                          "indicator": indicator, "source": commune.partner, "value": column.astype(float),
                          "received_at": received})
            for indicator, column in values.items()
        ], ignore_index=True)

    def teams(self, villages: pd.DataFrame, plan: pd.DataFrame, first_id: int):
        """A team in most villages (leader and two to four members, a few short of members or led
        by the Youth Union secretary instead of the village head)."""
        rng = self.rng
        starts = plan.set_index("code")["start"]
        with_team = villages[rng.random(len(villages)) < 0.94].reset_index(drop=True)
        sizes = rng.choice([1, 2, 3, 4], size=len(with_team), p=[0.05, 0.45, 0.34, 0.16])
        team_rows, member_rows = [], []
        for team_id, (village, size) in enumerate(zip(with_team.itertuples(), sizes), start=first_id):
            decided = starts[village.parent_code] - dt.timedelta(days=int(rng.integers(3, 25)))
            team_rows.append((team_id, village.code, village.parent_code, f"{rng.integers(10, 300)}/QĐ-UBND", decided))
            head = "Tổ trưởng tổ dân phố" if village.kind == "Khối" else "Trưởng thôn"
            people = [(_person(rng), "Bí thư Đoàn xã" if rng.random() < 0.04 else head, village.short_name, "Tổ trưởng", True)]
            for _ in range(int(size)):
                position = demo.MEMBER_POSITIONS[rng.integers(len(demo.MEMBER_POSITIONS))]
                people.append((_person(rng), position, village.short_name, "", False))
            for row_no, (name, position, address, notes, leader) in enumerate(people, start=1):
                member_rows.append((team_id, row_no, name, position, address, leader,
                                    "Đoàn" in position or "chi đoàn" in position, notes,
                                    "Tổ trưởng" if leader else "Thành viên"))
        teams = pd.DataFrame(team_rows, columns=["id", "village_code", "commune_code", "decision_no", "decision_date"])
        members = pd.DataFrame(member_rows, columns=["team_id", "row_no", "full_name", "position", "address",
                                                     "is_leader", "youth_union", "notes", "role"])
        return teams, members

    def committees(self, villages: pd.DataFrame, plan: pd.DataFrame, first_id: int):
        """A steering committee in most communes, its ordinary members each in charge of villages."""
        rng = self.rng
        positions_all = demo.COMMITTEE_POSITIONS
        village_lists = {code: (part["code"].tolist(), part["short_name"].tolist())
                         for code, part in villages.groupby("parent_code", sort=False)}
        rows, members = [], []
        committee_id = first_id - 1
        for commune in plan.itertuples():
            if rng.random() < 0.06:
                continue
            committee_id += 1
            decided = commune.start - dt.timedelta(days=int(rng.integers(5, 30)))
            rows.append((committee_id, commune.code, f"{rng.integers(10, 200)}/QĐ-UBND", decided))
            size = int(rng.integers(15, len(positions_all) + 1))
            chosen = sorted(rng.choice(range(3, len(positions_all)), size - 3, replace=False))
            positions = positions_all[:3] + [positions_all[i] for i in chosen]
            codes, names = village_lists.get(commune.code, ([], []))
            ordinary = [i for i, (_, role) in enumerate(positions) if role == "Ủy viên"]
            in_charge: dict[int, list[int]] = {}
            for k in range(len(codes)):
                in_charge.setdefault(ordinary[k % len(ordinary)], []).append(k)
            for index, (position, role) in enumerate(positions):
                name = _person(rng)
                picked = in_charge.get(index, [])
                if role == "Trưởng ban":
                    duties = "Phụ trách chung"
                elif picked:
                    duties = "Phụ trách thôn " + ", ".join(names[k] for k in picked)
                else:
                    duties = "Tham mưu triển khai các nhiệm vụ được giao"
                members.append((committee_id, index + 1, "Bà" if " Thị " in name else "Ông", name, position, role,
                                duties, [codes[k] for k in picked]))
        committees = pd.DataFrame(rows, columns=["id", "commune_code", "decision_no", "decision_date"])
        member_frame = pd.DataFrame(members, columns=["committee_id", "row_no", "honorific", "full_name", "position",
                                                      "committee_role", "duties", "villages_in_charge"])
        return committees, member_frame


def inherited_villages(con: duckdb.DuckDBPyConnection, province_code: str) -> pd.DataFrame:
    """The villages of the demo season in "main" (the first campaign), each placed in the commune
    of `con`'s campaign its old commune went into: code (old), short_name, kind, households,
    old_commune_name, from_code, new_commune. Empty when main holds no village of the province."""
    columns = ["short_name", "kind", "households", "old_commune_name", "from_code", "new_commune"]
    root = con.root.cursor() if hasattr(con, "root") else con.cursor()
    row = root.execute("SELECT any_value(version), any_value(code) FROM main.unit WHERE level = 'province'").fetchone()
    if row is None or row[0] is None or row[1] != province_code:
        return pd.DataFrame(columns=columns)
    old_version = row[0]
    old = root.execute(
        """
        WITH households AS (
            SELECT village_code, households FROM main.village_households
            WHERE upload_id IN (SELECT id FROM main.upload WHERE status = 'accepted' AND undone_at IS NULL)
            QUALIFY row_number() OVER (PARTITION BY village_code ORDER BY upload_id DESC) = 1
        )
        SELECT v.code AS from_code, v.short_name, v.kind, h.households, c.code AS old_commune,
               c.short_name AS old_commune_name
        FROM main.unit v
        JOIN main.unit c ON c.code = v.parent_code AND c.level = 'commune'
        JOIN households h ON h.village_code = v.code
        WHERE v.level = 'village'
        ORDER BY c.code, v.code
        """
    ).df()
    new_version = hierarchy_of(con)
    if old.empty or new_version is None:
        return pd.DataFrame(columns=columns)
    if old_version == new_version:
        targets = {code: [code] for code in old["old_commune"].unique()}
    else:
        lineage = descendants(con, old_version, new_version)
        lineage = lineage[lineage["level"] == "commune"]
        targets = lineage.groupby("from_code")["to_code"].apply(sorted).to_dict()
    placed = []
    for code, part in old.groupby("old_commune", sort=True):
        where = targets.get(code, [])
        if not where:
            continue
        # a commune split between several new ones: its villages in order, one block for each
        blocks = np.array_split(np.arange(len(part)), len(where))
        for target, block in zip(where, blocks):
            placed.append(part.iloc[block].assign(new_commune=target))
    if not placed:
        return pd.DataFrame(columns=columns)
    return pd.concat(placed, ignore_index=True)[columns]


def _accounts(cur: duckdb.DuckDBPyConnection, communes: pd.DataFrame, version: str, hashes: list[str]) -> None:
    """The campaign's sample accounts (replacing earlier ones of the same name), their scope a
    commune of the campaign's hierarchy; an account whose commune the campaign lacks is left out."""
    codes = dict(zip(communes["short_name"], communes["code"]))
    for (username, _, role, commune, display_name), password_hash in zip(TODAY_ACCOUNTS, hashes):
        cur.execute("DELETE FROM auth_session WHERE username = ?", [username])
        cur.execute("DELETE FROM account WHERE username = ?", [username])
        if commune not in codes:
            continue
        cur.execute(
            "INSERT INTO account (username, display_name, role, scope_code, scope_version, password_hash, created_at, "
            "created_by) VALUES (?, ?, ?, ?, ?, ?, current_timestamp::TIMESTAMP(0), 'demo')",
            [username, display_name, role, codes[commune], version, password_hash])


def build_season(con: duckdb.DuckDBPyConnection, settings: Settings, actor: Actor) -> dict:
    """Fill an initialised campaign (its units and settings in place, `con` bound to it or to the
    database) with its demo season; return villages, households, teams, members, reports."""
    from analytics import campaigns

    bound = campaigns.bind(con, settings, settings.campaign_id)
    cur = bound.cursor()
    communes = cur.execute(
        """
        SELECT c.code, c.short_name, c.kind, coalesce(c.phase, d.phase) AS phase
        FROM unit c LEFT JOIN unit d ON d.code = c.parent_code AND d.level = 'district'
        WHERE c.level = 'commune'
        ORDER BY c.code
        """
    ).df()
    inherited = inherited_villages(bound, settings.province_code)
    season = _TodaySeason(settings, communes)
    villages = season.villages(inherited)
    plan = season.plan(villages)
    version = hierarchy_of(bound)
    hashes = [PasswordHasher().hash(account[1]) for account in TODAY_ACCOUNTS]

    def work(cur: duckdb.DuckDBPyConnection) -> dict:
        digest = hashlib.sha256(f"demo-season-{settings.campaign_id}-{settings.demo_seed}".encode()).hexdigest()
        upload_id = cur.execute(
            """
            INSERT INTO upload (file_name, sha256, kind, user_name, uploaded_at, rows, status)
            VALUES (?, ?, 'demo', 'demo', ?, 0, 'accepted') RETURNING id
            """,
            [f"Mùa dữ liệu mẫu {settings.campaign.name}", digest,
             dt.datetime.combine(season.last_day, dt.time(23, 59))],
        ).fetchone()[0]
        cur.execute(
            """
            INSERT INTO unit (code, name, short_name, kind, level, parent_code, name_key, loose_key, upload_id, version)
            SELECT code, name, short_name, kind, 'village', parent_code, name_key, loose_key, ?, ? FROM villages
            """,
            [upload_id, version],
        )
        cur.execute("INSERT INTO village_households SELECT code, households, ? FROM villages", [upload_id])
        cur.execute(
            """
            UPDATE unit SET postal_partner = p.partner, zalo_group = p.zalo_group
            FROM (SELECT code, partner, zalo_group FROM plan) p WHERE unit.code = p.code
            """
        )
        reports = season.reports(villages, plan, upload_id)
        cur.execute(
            """
            INSERT INTO report (unit_code, report_date, indicator, source, value, upload_id, received_at)
            SELECT unit_code, report_date, indicator, source, value, upload_id, received_at FROM reports
            """
        )
        first_id = cur.execute("SELECT nextval('row_id_seq')").fetchone()[0]
        teams, members = season.teams(villages, plan, first_id)
        cur.execute("INSERT INTO team SELECT id, village_code, commune_code, decision_no, decision_date, ? FROM teams",
                    [upload_id])
        cur.execute("INSERT INTO team_member (team_id, row_no, full_name, position, address, is_leader, youth_union, "
                    "notes, role) SELECT * FROM members")
        committees, committee_members = season.committees(villages, plan, first_id + len(teams))
        cur.execute("INSERT INTO committee SELECT id, commune_code, decision_no, decision_date, ? FROM committees",
                    [upload_id])
        cur.execute("INSERT INTO committee_member SELECT * FROM committee_members")
        # explicit ids were used above: move the sequence past them
        cur.execute("SELECT max(nextval('row_id_seq')) FROM range(?)", [len(teams) + len(committees)])
        total = len(reports) + len(villages) + len(teams) + len(members) + len(committees) + len(committee_members)
        cur.execute("UPDATE upload SET rows = ? WHERE id = ?", [total, upload_id])
        cur.execute("INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    [demo.DEMO_FLAG, str(settings.demo_seed)])
        _accounts(cur, communes, version, hashes)
        summary = {"villages": len(villages), "households": int(villages["households"].sum()), "teams": len(teams),
                   "members": len(members), "reports": len(reports)}
        audit.record(cur, actor, "demo", f"upload {upload_id}", {
            "upload_id": upload_id, "campaign": settings.campaign_id, "rows": total, "seed": settings.demo_seed,
            **summary})
        return summary

    return run_in_transaction(bound, work)
