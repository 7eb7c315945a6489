"""A national season for the benchmarks, built deterministically in the project's own schema.

    python bench/national.py --db /tmp/national.duckdb [--provinces N] [--villages-per-commune K]
        [--days D] [--hierarchy 2025-01] [--seed 2021] [--replace] [--check]

One campaign (the settings file's first) holding N provinces of the hierarchy list, taken in
code order (all of them by default), with all their districts and communes from the reference
list (analytics.reference); K villages per commune with their households (about 345 per
village: 27,8 million for the whole country at K = 8), a team in nearly every village with its
members, and D days of daily reports from the campaign's first day: each village's new stores,
accounts and trading households as its commune reports them, and each commune's figures from its
postal partner (stores, accounts, orders, volume, revenue). At the issue's full size (63
provinces, 10.051 communes, K = 8, the 165 days of the season) that is about 46,7 million report
rows.

Every province's data comes from a random generator seeded with (seed, province code), so the
first N provinces are the same whatever N is. Uploads are what the import would have written:
one accepted upload of kind 'demo' per province (its villages, households and teams) and one per
day and source for the reports (kind 'daily' for the communes' reports, 'enterprise' for each
postal partner's); rows are stored in the order the days arrive. report_current holds what
analytics.db.sync_report_current derives from these observations (every one a daily figure,
one per key, villages only for the communes' own source): the same rows; `--check` recomputes it
through the product's own derivation and compares (small sizes: the derivation runs in pandas).

Phases: the settings' phases, each district (each commune on a hierarchy without districts) put
in one of them: the settings' province as the settings name its units, every other one drawn
(five in eleven in the first phase, as in Lạng Sơn). Communes report from the campaign's first
day; their figures grow from the start of their phase.

Prints the time of each step, the rows of every table, the file size and the peak memory.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from analytics import audit  # noqa: E402
from analytics.access import operator  # noqa: E402
from analytics.campaigns import bind  # noqa: E402
from analytics.db import open_database, rolled_back, run_in_transaction, sync_report_current  # noqa: E402
from analytics.demo import FAMILY, FEMALE, MALE, MEMBER_POSITIONS, SYLLABLES_A, SYLLABLES_B  # noqa: E402
from analytics.names import loose_key, name_key, zalo_group_name  # noqa: E402
from analytics.reference import apply_settings, hierarchy_units, initialise, load_reference  # noqa: E402
from analytics.settings import HIERARCHIES, HIERARCHIES_WITHOUT_DISTRICTS, Settings, load_settings  # noqa: E402

INDICATORS = ["stores", "accounts", "active", "orders", "volume", "revenue"]
SOURCES = ["commune", "viettel", "vnpost"]
URBAN_KINDS = ("Phường", "Thị trấn")
FIRST_PHASE_SHARE = 5 / 11          # Lạng Sơn: 5 of its 11 districts in the first phase
HOUSEHOLDS_PER_VILLAGE = (170, 522)  # mean 345,5: 27,8 million households for 80.408 villages
NAME_STRIDE = 37                     # coprime with the 35 × 36 village names: distinct names in a commune
BENCH_FLAG = "bench_season"


def province_codes(version: str, count: int | None) -> list[str]:
    """The first `count` provinces (all when None) of the hierarchy list, in code order."""
    units = hierarchy_units()
    codes = sorted(units.loc[(units["version"] == version) & (units["level"] == "province"), "code"])
    return codes[:count] if count else codes


def peak_mb() -> float:
    # ru_maxrss is in KiB on Linux
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Clock:
    """Seconds of each step, printed as they end."""

    def __init__(self):
        self.started = self.last = time.perf_counter()

    def step(self, what: str) -> None:
        now = time.perf_counter()
        print(f"  {what:48} {now - self.last:8.1f} s   (peak {peak_mb():,.0f} MB)", flush=True)
        self.last = now

    @property
    def total(self) -> float:
        return time.perf_counter() - self.started


def create_campaign(con, settings: Settings, codes: list[str], version: str, actor):
    """The settings' first campaign with the first province (analytics.reference.initialise), then
    the others' reference units in the same campaign schema; the campaign's connection."""
    initialise(con, settings, province_code=codes[0], actor=actor, hierarchy=version)
    bound = bind(con, settings, settings.campaign_id)

    def others(cur):
        for code in codes[1:]:
            load_reference(cur, code, version)
        # the registry names the first province: the meta rows say the same
        cur.execute("UPDATE meta SET value = ? WHERE key = 'province_code'", [codes[0]])

    run_in_transaction(bound, others)
    return bound


def plan_phases(cur, settings: Settings, seed: int, has_districts: bool) -> pd.DataFrame:
    """Put every district (every commune without districts) in a phase of the settings; record
    the settings as applied so that the product's sync_settings finds nothing to re-apply (it
    would clear every phase outside the settings' own province). Returns code, phase."""
    level = "district" if has_districts else "commune"
    apply_settings(cur, settings)  # the snapshot; phases only when the first province is the settings' own
    if not cur.execute("SELECT count(*) FROM phase").fetchone()[0]:
        for phase in settings.phases:
            cur.execute("INSERT INTO phase VALUES (?, ?, ?, ?)", [phase.number, phase.name, phase.start, phase.end])
    # a district's parent is its province; so is a commune's on a hierarchy without districts
    units = cur.execute("SELECT code, short_name, phase, parent_code AS province FROM unit WHERE level = ? "
                        "ORDER BY code", [level]).df()
    named = {}
    for phase in settings.phases:
        for name in (phase.districts if has_districts else phase.communes):
            named[name_key(name)] = phase.number
    numbers = [p.number for p in settings.phases]
    phases = []
    for province, group in units.groupby("province", sort=True):
        rng = np.random.default_rng([seed, int(province), 1])
        drawn = np.where(rng.random(len(group)) < FIRST_PHASE_SHARE, numbers[0], numbers[-1])
        for (code, short_name, current), phase in zip(group[["code", "short_name", "phase"]].itertuples(index=False),
                                                      drawn):
            if province == settings.province_code and name_key(short_name) in named:
                phase = named[name_key(short_name)]
            phases.append((code, int(current) if pd.notna(current) else int(phase)))
    plan = pd.DataFrame(phases, columns=["code", "phase"])
    cur.execute("UPDATE unit SET phase = p.phase FROM plan p WHERE unit.code = p.code AND unit.level = ?", [level])
    # the settings' phases now apply to this database (see apply_settings / settings_changed)
    cur.execute("UPDATE meta SET value = ? WHERE key = 'province_code'", [settings.province_code])
    return plan


class Province:
    """One province's villages, teams and daily figures, from its own random generator."""

    def __init__(self, code: str, communes: pd.DataFrame, seed: int, villages_per_commune: int,
                 days: int, season_days: int, phase_offset: dict[int, int], phase_start: dict[int, dt.date]):
        self.code = code
        self.communes = communes.reset_index(drop=True)
        self.rng = np.random.default_rng([seed, int(code)])
        self.k = villages_per_commune
        self.days = days
        # random draws cover the whole season (or more): a shorter build is a prefix of a longer one
        self.width = max(days, season_days)
        self.season_days = season_days
        self.phase_offset = phase_offset
        self.phase_start = phase_start

    def villages(self) -> pd.DataFrame:
        """code, name, short_name, kind, parent_code, households, commune (row of the commune)."""
        rng, k, communes = self.rng, self.k, self.communes
        n = len(communes)
        commune_row = np.repeat(np.arange(n), k)
        seq = np.tile(np.arange(1, k + 1), n)
        urban = communes["kind"].isin(URBAN_KINDS).to_numpy()[commune_row]
        combos = len(SYLLABLES_A) * len(SYLLABLES_B)
        offset = rng.integers(combos, size=n)[commune_row]
        combo = (offset + (seq - 1) * NAME_STRIDE) % combos
        rural_short = np.array([f"{a} {b}" for a in SYLLABLES_A for b in SYLLABLES_B], dtype=object)[combo]
        rural_kind = np.where(rng.random(n * k) < 0.15, "Bản", "Thôn")
        short = np.where(urban, np.char.add("Khối ", seq.astype(str)).astype(object), rural_short)
        kind = np.where(urban, "Khối", rural_kind)
        name = np.where(urban, short, np.char.add(np.char.add(kind.astype(str), " "), rural_short.astype(str)))
        codes = communes["code"].to_numpy()[commune_row]
        return pd.DataFrame({
            "code": [f"{c}-{s:03d}" for c, s in zip(codes, seq)],
            "name": name.astype(str), "short_name": short.astype(str), "kind": kind.astype(str),
            "parent_code": codes,
            "households": rng.integers(*HOUSEHOLDS_PER_VILLAGE, size=n * k),
            "commune": commune_row,
        })

    def commune_plan(self) -> pd.DataFrame:
        """Per commune: phase offset, curve, final share of households, missing and late rates,
        postal partner."""
        rng, communes = self.rng, self.communes
        n = len(communes)
        plan = pd.DataFrame({"code": communes["code"]})
        phase = communes["phase"].to_numpy()
        plan["offset"] = [self.phase_offset[p] for p in phase]
        plan["length"] = [max(self.season_days - self.phase_offset[p], 2) for p in phase]
        laggard = rng.random(n) < 0.12
        first = phase == min(self.phase_offset)
        mid = np.where(first, rng.uniform(28, 45, n), rng.uniform(44, 60, n))
        width = rng.uniform(6, 10, n)
        plan["mid"] = np.where(laggard, mid * rng.uniform(1.4, 1.9, n), mid)
        plan["width"] = np.where(laggard, width * 1.5, width)
        plan["early"] = np.where(first, rng.uniform(0.05, 0.10, n), rng.uniform(0.03, 0.06, n))
        plan["share"] = np.where(laggard, rng.uniform(0.30, 0.48, n), rng.uniform(0.55, 0.78, n))
        stalled = rng.random(n) < 0.08
        plan["stall_start"] = np.where(stalled, rng.integers(10, 40, n), 10**6)
        plan["stall_days"] = np.where(stalled, rng.integers(8, 13, n), 0)
        plan["p_missing"] = np.where(laggard, 0.08, rng.choice([0.0, 0.02, 0.04], size=n))
        plan["p_late"] = rng.choice([0.02, 0.05, 0.10, 0.25], size=n, p=[0.4, 0.3, 0.2, 0.1])
        plan["partner"] = rng.choice(["viettel", "vnpost"], size=n)
        return plan

    def curves(self, plan: pd.DataFrame, commune_row: np.ndarray, lag: int) -> np.ndarray:
        """Cumulative share (0..1, non-decreasing) of each village's final count per day, `lag`
        days behind the stores: nothing before the commune's phase starts."""
        rng = self.rng
        t = np.arange(self.width)[None, :]
        offset = plan["offset"].to_numpy()[commune_row][:, None]
        since = t - offset - lag
        stall_start = plan["stall_start"].to_numpy()[commune_row][:, None]
        stall_days = plan["stall_days"].to_numpy()[commune_row][:, None]
        # a stalled commune holds still for some days, then carries on where it stopped
        since = np.where(since < stall_start, since, np.maximum(stall_start, since - stall_days))
        mid = plan["mid"].to_numpy()[commune_row][:, None] + rng.normal(0, 2, (len(commune_row), 1))
        width = plan["width"].to_numpy()[commune_row][:, None]
        length = plan["length"].to_numpy()[commune_row][:, None]
        low = 1 / (1 + np.exp(mid / width))
        high = 1 / (1 + np.exp(-(length - 1 - mid) / width))
        logistic = (1 / (1 + np.exp(-(since - mid) / width)) - low) / (high - low)
        # the slow first fortnight of a phase (the demo's curve): a few per cent before the take-off
        early = plan["early"].to_numpy()[commune_row][:, None]
        curve = early * np.clip(since / 14, 0.0, 1.0) + (1 - early) * logistic * (since >= 1)
        return np.maximum.accumulate(np.clip(np.where(since >= 0, curve, 0.0), 0.0, 1.0), axis=1)

    def figures(self, villages: pd.DataFrame, plan: pd.DataFrame, first_unit: int, first_commune: int):
        """Report rows as numbers (unit, day, indicator, source, value, minute received), the
        communes' reports (per village) then the partners' (per commune), day after day."""
        rng = self.rng
        row = villages["commune"].to_numpy()
        households = villages["households"].to_numpy()
        nv, nc, width = len(villages), len(plan), self.width
        share = plan["share"].to_numpy()[row] * rng.uniform(0.9, 1.05, nv)
        stores_final = np.minimum(np.round(households * share), np.floor(households * 0.97))
        finals = {
            "stores": stores_final,
            "accounts": np.minimum(np.round(stores_final * rng.uniform(0.99, 1.03, nv)), households),
            "active": np.round(stores_final * rng.uniform(0.16, 0.28, nv)),
        }
        lags = {"stores": 0, "accounts": 1, "active": 12}
        cumulative = {name: np.round(final[:, None] * self.curves(plan, row, lags[name]))
                      for name, final in finals.items()}
        reported = rng.random((nc, width)) >= plan["p_missing"].to_numpy()[:, None]
        reported[:, self.season_days - 1] = True  # the season's last report always comes
        late = rng.random((nc, width)) < plan["p_late"].to_numpy()[:, None]
        hours = np.where(late, rng.uniform(17.02, 21.9, (nc, width)), rng.uniform(13.5, 16.98, (nc, width)))
        minute = np.floor(hours * 60).astype(np.int16)
        # a day without a report: its figures come with the next report
        last = np.maximum.accumulate(np.where(reported, np.arange(width)[None, :], -1), axis=1)[row]
        days = self.days
        frames = []
        day_grid, unit_grid = np.meshgrid(np.arange(days), np.arange(nv), indexing="ij")
        mask = reported[row][:, :days].T
        for number, (name, cum) in enumerate(cumulative.items()):
            carried = np.where(last >= 0, np.take_along_axis(cum, np.maximum(last, 0), axis=1), 0.0)
            daily = np.diff(carried, axis=1, prepend=0.0)[:, :days].T
            frames.append(pd.DataFrame({
                "unit_idx": (first_unit + unit_grid[mask]).astype(np.int32),
                "day": day_grid[mask].astype(np.int16),
                "indicator": np.int8(INDICATORS.index(name)),
                "source": np.int8(0),
                "value": daily[mask],
                "minute": minute[row][:, :days].T[mask],
            }))
        # the postal partner's own counts of the commune: a little off the commune's, every day
        commune_stores = np.zeros((nc, width))
        np.add.at(commune_stores, row, cumulative["stores"])
        commune_accounts = np.zeros((nc, width))
        np.add.at(commune_accounts, row, cumulative["accounts"])
        commune_active = np.zeros((nc, width))
        np.add.at(commune_active, row, cumulative["active"])
        partner_figures = {}
        for name, cum in (("stores", commune_stores), ("accounts", commune_accounts)):
            noisy = np.round(cum * rng.uniform(0.97, 1.03, (nc, 1)) * (1 + rng.normal(0, 0.01, (nc, width))))
            partner_figures[name] = np.diff(np.maximum.accumulate(np.maximum(noisy, 0), axis=1), axis=1, prepend=0.0)
        orders = rng.poisson(commune_active * np.linspace(0.05, 0.35, width)[None, :]).astype(float)
        partner_figures["orders"] = orders
        partner_figures["volume"] = orders * rng.integers(1, 4, (nc, width))
        partner_figures["revenue"] = np.round(orders * rng.uniform(80_000, 260_000, (nc, width)), -3)
        partner_minute = np.floor(rng.uniform(15.0, 18.5, (nc, width)) * 60).astype(np.int16)
        source = np.array([SOURCES.index(p) for p in plan["partner"]], dtype=np.int8)
        day_grid, commune_grid = np.meshgrid(np.arange(days), np.arange(nc), indexing="ij")
        for name, values in partner_figures.items():
            frames.append(pd.DataFrame({
                "unit_idx": (first_commune + commune_grid.ravel()).astype(np.int32),
                "day": day_grid.ravel().astype(np.int16),
                "indicator": np.int8(INDICATORS.index(name)),
                "source": source[commune_grid.ravel()],
                "value": values[:, :days].T.ravel(),
                "minute": partner_minute[:, :days].T.ravel(),
            }))
        return pd.concat(frames, ignore_index=True)

    def teams(self, villages: pd.DataFrame, first_id: int, upload_id: int):
        """A team in about 97 villages in 100, a leader and one to four members each."""
        rng = self.rng
        nv = len(villages)
        with_team = np.flatnonzero(rng.random(nv) >= 0.03)
        village = villages.iloc[with_team]
        communes = self.communes
        start = np.array([self.phase_start[p] for p in communes["phase"]], dtype="datetime64[D]")
        decided = start[village["commune"].to_numpy()] + rng.integers(14, 40, len(village)).astype("timedelta64[D]")
        teams = pd.DataFrame({
            "id": first_id + np.arange(len(village)),
            "village_code": village["code"].to_numpy(),
            "commune_code": village["parent_code"].to_numpy(),
            "decision_no": [f"{n}/QĐ-UBND" for n in rng.integers(10, 300, len(village))],
            "decision_date": decided,
            "upload_id": upload_id,
        })
        size = 1 + rng.choice([1, 2, 3, 4], size=len(village), p=[0.04, 0.46, 0.34, 0.16])
        team_of = np.repeat(np.arange(len(village)), size)
        row_no = np.concatenate([np.arange(1, s + 1) for s in size]) if len(size) else np.array([], dtype=int)
        leader = row_no == 1
        male = rng.random(len(team_of)) < 0.55
        family = rng.integers(len(FAMILY), size=len(team_of))
        given = np.where(male, rng.integers(len(MALE), size=len(team_of)), rng.integers(len(FEMALE), size=len(team_of)))
        names = [f"{FAMILY[f]} {(MALE if m else FEMALE)[g]}" for f, m, g in zip(family, male, given)]
        urban = (village["kind"].to_numpy() == "Khối")[team_of]
        head = np.where(urban, "Tổ trưởng tổ dân phố", "Trưởng thôn")
        drawn_position = rng.integers(len(MEMBER_POSITIONS), size=len(team_of))
        member_position = np.array(MEMBER_POSITIONS, dtype=object)[drawn_position]
        position = np.where(leader, head, member_position).astype(str)
        members = pd.DataFrame({
            "team_id": teams["id"].to_numpy()[team_of],
            "row_no": row_no,
            "full_name": names,
            "position": position,
            "address": village["short_name"].to_numpy()[team_of],
            "is_leader": leader,
            "youth_union": ["Đoàn" in p or "chi đoàn" in p for p in position],
            "notes": np.where(leader, "Tổ trưởng", ""),
            "role": np.where(leader, "Tổ trưởng", "Thành viên"),
        })
        return teams, members


def _keys(names: pd.Series, function) -> pd.Series:
    unique = names.drop_duplicates()
    return names.map(dict(zip(unique, unique.map(function))))


def build(con, bound, settings: Settings, codes: list[str], args, clock: Clock) -> dict:
    """Fill the campaign: villages, households, teams, reports, report_current; one transaction."""
    has_districts = args.hierarchy not in HIERARCHIES_WITHOUT_DISTRICTS
    start = settings.campaign_start
    season_days = (settings.campaign_end - start).days + 1
    days = args.days or season_days
    phase_offset = {p.number: (p.start - start).days for p in settings.phases}
    phase_start = {p.number: p.start for p in settings.phases}
    actor = operator("bench")
    summary = {"provinces": len(codes), "days": days, "first_day": start,
               "last_day": start + dt.timedelta(days=days - 1)}

    def work(cur):
        plan_phases(cur, settings, args.seed, has_districts)
        clock.step("phases")
        units = cur.execute(
            """
            SELECT c.code, c.short_name, c.kind, c.parent_code,
                   coalesce(d.short_name, p.short_name) AS parent_name,
                   coalesce(d.parent_code, c.parent_code) AS province,
                   coalesce(c.phase, d.phase) AS phase
            FROM unit c
            LEFT JOIN unit d ON d.code = c.parent_code AND d.level = 'district'
            LEFT JOIN unit p ON p.code = c.parent_code AND p.level = 'province'
            WHERE c.level = 'commune' ORDER BY c.code
            """).df()
        province_names = dict(cur.execute("SELECT code, name FROM unit WHERE level = 'province'").fetchall())
        cur.execute("CREATE TEMP TABLE bench_rows (unit_idx INTEGER, day SMALLINT, indicator TINYINT, "
                    "source TINYINT, value DOUBLE, minute SMALLINT)")
        cur.execute("CREATE TEMP TABLE bench_unit (idx INTEGER, code VARCHAR)")
        unit_idx = 0
        totals = {"villages": 0, "households": 0, "teams": 0, "members": 0}
        for code in codes:
            communes = units[units["province"] == code]
            province = Province(code, communes, args.seed, args.villages_per_commune, days, season_days,
                                phase_offset, phase_start)
            digest = hashlib.sha256(f"bench-national-{args.seed}-{code}".encode()).hexdigest()
            upload_id = cur.execute(
                "INSERT INTO upload (file_name, sha256, kind, user_name, uploaded_at, rows, status) "
                "VALUES (?, ?, 'demo', 'bench', ?, 0, 'accepted') RETURNING id",
                [f"Mùa dữ liệu mô phỏng toàn quốc: {province_names[code]}", digest,
                 dt.datetime.combine(start, dt.time(7, 0))]).fetchone()[0]
            villages = province.villages()
            villages["name_key"] = _keys(villages["short_name"], name_key)
            villages["loose_key"] = _keys(villages["short_name"], loose_key)
            cur.execute(
                "INSERT INTO unit (code, name, short_name, kind, level, parent_code, name_key, loose_key, upload_id) "
                "SELECT code, name, short_name, kind, 'village', parent_code, name_key, loose_key, ? FROM villages",
                [upload_id])
            cur.execute("INSERT INTO village_households SELECT code, households, ? FROM villages", [upload_id])
            plan = province.commune_plan()
            plan["zalo_group"] = [zalo_group_name(c, p, partner) for c, p, partner in
                                  zip(communes["short_name"], communes["parent_name"], plan["partner"])]
            cur.execute("UPDATE unit SET postal_partner = p.partner, zalo_group = p.zalo_group "
                        "FROM (SELECT code, partner, zalo_group FROM plan) p WHERE unit.code = p.code")
            first_commune = unit_idx + len(villages)
            lookup = pd.DataFrame({"idx": np.arange(unit_idx, first_commune + len(communes), dtype=np.int32),
                                   "code": np.concatenate([villages["code"].to_numpy(), communes["code"].to_numpy()])})
            cur.execute("INSERT INTO bench_unit SELECT * FROM lookup")
            rows = province.figures(villages, plan, unit_idx, first_commune)
            cur.execute("INSERT INTO bench_rows SELECT * FROM rows")
            unit_idx = first_commune + len(communes)
            first_id = cur.execute("SELECT nextval('row_id_seq')").fetchone()[0]
            teams, members = province.teams(villages, first_id, upload_id)
            cur.execute("INSERT INTO team SELECT * FROM teams")
            cur.execute("INSERT INTO team_member (team_id, row_no, full_name, position, address, is_leader, "
                        "youth_union, notes, role) SELECT * FROM members")
            if len(teams) > 1:  # explicit ids were used: move the sequence past them
                cur.execute("SELECT max(nextval('row_id_seq')) FROM range(?)", [len(teams) - 1])
            cur.execute("UPDATE upload SET rows = ? WHERE id = ?",
                        [len(villages) + len(teams) + len(members), upload_id])
            totals["villages"] += len(villages)
            totals["households"] += int(villages["households"].sum())
            totals["teams"] += len(teams)
            totals["members"] += len(members)
        clock.step(f"villages, teams, figures of {len(codes)} provinces")

        # One upload per day and source, as the nightly imports would have made them.
        sources_in_use = [source for (source,) in
                          cur.execute("SELECT DISTINCT source FROM bench_rows ORDER BY source").fetchall()]
        uploads = []
        for day in range(days):
            date = start + dt.timedelta(days=day)
            for source in sources_in_use:
                name = SOURCES[source]
                kind = "daily" if name == "commune" else "enterprise"
                digest = hashlib.sha256(f"bench-national-{args.seed}-{date}-{name}".encode()).hexdigest()
                upload_id = cur.execute(
                    "INSERT INTO upload (file_name, sha256, kind, user_name, uploaded_at, rows, status, source) "
                    "VALUES (?, ?, ?, 'bench', ?, 0, 'accepted', ?) RETURNING id",
                    [f"Báo cáo ngày {date:%d/%m/%Y} ({name}, mô phỏng toàn quốc)", digest, kind,
                     dt.datetime.combine(date, dt.time(22, 0)), name]).fetchone()[0]
                uploads.append((day, source, upload_id))
        bench_upload = pd.DataFrame(uploads, columns=["day", "source", "id"])  # noqa: F841 (read by SQL)
        cur.execute("CREATE TEMP TABLE bench_upload AS SELECT * FROM bench_upload")
        for day in range(days):
            cur.execute(
                """
                INSERT INTO report (unit_code, report_date, indicator, source, value, upload_id, received_at,
                                    opening, cumulative)
                SELECT u.code, $start::DATE + r.day::INTEGER, $indicators[r.indicator + 1], $sources[r.source + 1],
                       r.value, up.id, $start::TIMESTAMP + to_days(r.day::INTEGER) + to_minutes(r.minute::BIGINT),
                       false, false
                FROM bench_rows r
                JOIN bench_unit u ON u.idx = r.unit_idx
                JOIN bench_upload up ON up.day = r.day AND up.source = r.source
                WHERE r.day = $day
                ORDER BY r.source, r.unit_idx, r.indicator
                """,
                {"start": start, "indicators": INDICATORS, "sources": SOURCES, "day": day})
        cur.execute("UPDATE upload SET rows = n FROM (SELECT upload_id, count(*) AS n FROM report GROUP BY ALL) r "
                    "WHERE upload.id = r.upload_id")
        clock.step(f"report ({days} days)")
        # Every observation is a daily figure, alone on its key, with villages only in the
        # communes' own source: the increments sync_report_current derives are the rows themselves.
        cur.execute("INSERT INTO report_current (unit_code, report_date, indicator, source, value, upload_id, "
                    "received_at, opening, superseded) SELECT unit_code, report_date, indicator, source, value, "
                    "upload_id, received_at, false, false FROM report")
        cur.execute("INSERT INTO report_sync SELECT id, status = 'accepted' AND undone_at IS NULL FROM upload")
        cur.execute("DROP TABLE bench_rows")
        cur.execute("DROP TABLE bench_unit")
        cur.execute("DROP TABLE bench_upload")
        clock.step("report_current")
        parameters = {"provinces": len(codes), "villages_per_commune": args.villages_per_commune, "days": days,
                      "hierarchy": args.hierarchy, "seed": args.seed}
        cur.execute("INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    [BENCH_FLAG, json.dumps(parameters)])
        audit.record(cur, actor, "demo", "bench national season", {**parameters, **totals})
        return totals

    summary.update(run_in_transaction(bound, work))
    return summary


def check(bound) -> None:
    """Recompute report_current through the product's own derivation (inside a transaction that
    is rolled back) and compare it with the one built."""
    pending = rolled_back(bound, sync_report_current)
    print(f"uploads sync_report_current would still re-derive: {pending}")

    def recompute(cur):
        cur.execute("CREATE TEMP TABLE built AS SELECT * FROM report_current")
        cur.execute("DELETE FROM report_current")
        cur.execute("DELETE FROM report_sync")
        sync_report_current(cur)
        columns = "unit_code, report_date, indicator, source, value, upload_id, received_at, opening, superseded"
        only_built = cur.execute(f"SELECT count(*) FROM (SELECT {columns} FROM built EXCEPT ALL "
                                 f"SELECT {columns} FROM report_current)").fetchone()[0]
        only_derived = cur.execute(f"SELECT count(*) FROM (SELECT {columns} FROM report_current EXCEPT ALL "
                                   f"SELECT {columns} FROM built)").fetchone()[0]
        return cur.execute("SELECT count(*) FROM built").fetchone()[0], only_built, only_derived

    rows, only_built, only_derived = rolled_back(bound, recompute)
    verdict = "identical" if only_built == only_derived == 0 else "DIFFERENT"
    print(f"report_current against the product's derivation: {verdict} ({rows:,} rows; {only_built:,} only built, "
          f"{only_derived:,} only derived)")
    if verdict != "identical":
        raise SystemExit(1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("--db", type=Path, required=True, help="database file to create")
    parser.add_argument("--provinces", type=int, help="the first N provinces in code order (default: all)")
    parser.add_argument("--villages-per-commune", type=int, default=8)
    parser.add_argument("--days", type=int, help="days of reports from the campaign's start (default: the season)")
    parser.add_argument("--hierarchy", default="2025-01", choices=HIERARCHIES)
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument("--replace", action="store_true", help="overwrite an existing file")
    parser.add_argument("--check", action="store_true",
                        help="recompute report_current through the product's derivation and compare (small sizes)")
    args = parser.parse_args()
    if args.db.exists():
        if not args.replace:
            parser.error(f"{args.db} exists (--replace to overwrite it)")
        args.db.unlink()
    Path(str(args.db) + ".wal").unlink(missing_ok=True)
    file_settings = load_settings()
    settings = file_settings.for_campaign(file_settings.campaigns[0].id)
    codes = province_codes(args.hierarchy, args.provinces)
    print(f"national season: {len(codes)} provinces of {args.hierarchy} ({codes[0]}..{codes[-1]}), "
          f"{args.villages_per_commune} villages per commune, seed {args.seed} -> {args.db}", flush=True)
    clock = Clock()
    con = open_database(args.db)
    bound = create_campaign(con, settings, codes, args.hierarchy, operator("bench"))
    clock.step("campaign and reference units")
    summary = build(con, bound, settings, codes, args, clock)
    con.execute("CHECKPOINT")
    clock.step("checkpoint")
    print(f"built in {clock.total:.1f} s; peak memory {peak_mb():,.0f} MB")
    print(f"{summary['provinces']} provinces, {summary['villages']:,} villages, {summary['households']:,} households, "
          f"{summary['teams']:,} teams, {summary['members']:,} members; reports {summary['first_day']:%d/%m/%Y}"
          f"..{summary['last_day']:%d/%m/%Y} ({summary['days']} days)")
    tables = con.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = ? "
                         "AND table_type = 'BASE TABLE' ORDER BY table_name", [bound.schema]).fetchall()
    for (table,) in tables:
        count = con.execute(f'SELECT count(*) FROM "{bound.schema}"."{table}"').fetchone()[0]  # names from the catalog
        if count:
            print(f"  {table:22} {count:>14,}")
    if args.check:
        check(bound)
    bound.close()
    con.close()
    print(f"file size {args.db.stat().st_size / 1e6:,.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
