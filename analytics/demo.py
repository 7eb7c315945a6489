"""The demo season: Lạng Sơn's 2021 campaign as the training module tells it, built deterministically.

Figures reproduced at 31/12/2021: 1,702 teams with 6,214 members; about 60 % of households with
a digital store (at least 116,000 stores); about 200 stores on launch day 20/7/2021; Vạn Linh
(Chi Lăng) stalled at about 100 stores from late July until the evening of 3/8/2021, when 26
farmers of Phố Cũ opened their stores; Gia Cát's six villages and its 24-person team list exactly
as in the commune's decision."""

from __future__ import annotations

import datetime as dt
import hashlib

import duckdb
import numpy as np
import pandas as pd

from analytics import audit
from analytics.access import Actor, operator
from analytics.db import run_in_transaction
from analytics.names import loose_key, name_key, zalo_group_name
from analytics.reference import apply_settings, load_reference
from analytics.settings import Settings

TOTAL_TEAMS = 1702
TOTAL_MEMBERS = 6214
TOTAL_VILLAGES = 1731
TOTAL_HOUSEHOLDS = 193_600
STORES_SHARE = 0.6012          # province stores / households at the end of the season
LAUNCH_STORES = 200            # stores open on launch day, 20/7/2021

DATA_TABLES = (
    "upload_issue", "report_current", "report_sync", "report", "target", "team_member", "team", "committee_member", "committee",
    "village_households", "lineage_weight", "village_placement", "phase", "campaign_setting", "unit", "upload", "meta",
)

GIA_CAT = "Gia Cát"
GIA_CAT_TEAMS = [  # (village, [(name, position, address, notes)]) from the seed's decision of 08/10/2021
    ("Bắc Nga", [("Đào Xuân Đông", "Trưởng thôn", "Bắc Nga", "Tổ trưởng"), ("Đặng Thị Hằng", "", "Bắc Nga", ""),
                 ("Đặng Thị Chiến", "", "Bắc Nga", ""), ("Nông Thị Hợi", "", "Bắc Nga", "")]),
    ("Liên Hòa", [("Đặng Văn Bội", "Trưởng thôn", "Liên Hòa", "Tổ trưởng"), ("Đặng Thị Hiệu", "", "Liên Hòa", ""),
                  ("Dương Quốc Anh", "", "Liên Hòa", ""), ("Vi Thị Ánh", "", "Liên Hòa", "")]),
    ("Bắc Đông I", [("Chu Văn Độ", "Trưởng thôn", "Bắc Đông I", "Tổ trưởng"), ("Lý Văn Trung", "", "Bắc Đông I", ""),
                    ("Lý Thanh Hoa", "", "Bắc Đông I", ""), ("Nguyễn Văn Định", "CC VP - TK", "UBND xã", "")]),
    ("Bắc Đông II", [("Hoàng Văn Quê", "Trưởng thôn", "Bắc Đông II", "Tổ trưởng"), ("Chu Thanh Mai", "", "Bắc Đông II", ""),
                     ("Lý Văn Tới", "CC TP - HT", "UBND xã", ""), ("Hứa Thị Chia", "Phó trưởng thôn", "Bắc Đông II", "")]),
    ("Nà Bó", [("Hứa Văn Ngân", "Trưởng thôn", "Nà Bó", "Tổ trưởng"), ("Chu Thị Chiêu", "TB CTMT", "Nà Bó", ""),
               ("Trương Văn Thọ", "", "Nà Bó", ""), ("Hứa Văn Tùng", "", "Nà Bó", "")]),
    ("Sơn Hồng", [("Hoàng Văn Hiến", "Trưởng thôn", "Sơn Hồng", "Tổ Trưởng"), ("Lâm Thị Loan", "", "Sơn Hồng", ""),
                  ("Chu Thị Hợp", "", "Sơn Hồng", ""), ("Hoàng Văn Páo", "", "Sơn Hồng", "")]),
]

VAN_LINH = "Vạn Linh"
VAN_LINH_VILLAGES = [  # Phố Cũ is in the seed; the others are plausible names for the demo
    ("Phố Cũ", 104), ("Đồng Ám", 136), ("Quảng Cư", 139), ("Thanh Bình", 125), ("Bản Tèo", 120),
    ("Nà Pe", 112), ("Lạng Nắc", 129), ("Lân Hoài", 146), ("Còn Quan", 117), ("Khòn Lạc", 133),
    ("Nà Vường", 110), ("Bản Chành", 123),
]
VAN_LINH_STALL = (dt.date(2021, 7, 27), dt.date(2021, 8, 2))   # no new stores on these days
VAN_LINH_BREAKTHROUGH = dt.date(2021, 8, 3)                    # 26 stores that evening, in Phố Cũ
VAN_LINH_BEFORE_STALL = 101

SYLLABLES_A = ["Nà", "Khòn", "Bó", "Pò", "Lũng", "Kéo", "Cốc", "Pác", "Khuổi", "Còn", "Phai", "Nặm", "Tà",
               "Thâm", "Co", "Pắc", "Khau", "Pàn", "Hang", "Lạc", "Đông", "Tân", "Bình", "Yên", "Thanh",
               "Hòa", "Nà Pàn", "Bản", "Khun", "Nậm", "Bắc", "Làng", "Pò Mục", "Kéo Cọ", "Rọ"]
SYLLABLES_B = ["Sla", "Pịt", "Mò", "Rọ", "Lày", "Cằm", "Hin", "Luông", "Nưa", "Tẳng", "Coóc", "Pảng", "Phầy",
               "Slằng", "Pha", "Vài", "Riềng", "Quân", "Khiếc", "Mạ", "Tấu", "Mới", "Chang", "Khoang",
               "Thượng", "Hạ", "Trung", "Lải", "Bây", "Nọi", "Lung", "Phục", "Sơn", "Hợp", "Tiến", "Lập"]
FAMILY = ["Hoàng", "Nông", "Lương", "Vi", "Lăng", "Hà", "Lộc", "Hứa", "Chu", "Lý", "Đinh", "Triệu", "Mã",
          "Nguyễn", "Đặng", "Dương", "Lâm", "Bế", "Lành", "Tô", "Vy", "Hoàng", "Nông", "Hoàng"]
MALE = ["Văn Hùng", "Văn Tuấn", "Văn Thắng", "Văn Hiến", "Văn Páo", "Đức Minh", "Văn Quý", "Văn Sơn",
        "Văn Dũng", "Văn Lợi", "Minh Tâm", "Văn Bình", "Văn Thành", "Văn Cường", "Quốc Anh", "Văn Nam",
        "Văn Hải", "Văn Chung", "Văn Lâm", "Thanh Tùng"]
FEMALE = ["Thị Hằng", "Thị Mai", "Thị Loan", "Thị Hoa", "Thị Ánh", "Thị Hợi", "Thị Chiến", "Thị Lan",
          "Thị Thu", "Thị Hương", "Thị Nga", "Thị Thủy", "Thị Hiền", "Thị Vân", "Thị Yến", "Thị Liên"]
MEMBER_POSITIONS = ["", "", "", "", "", "Bí thư chi đoàn", "Phó trưởng thôn", "Chi hội trưởng phụ nữ",
                    "Đoàn viên", "Công an viên", "Y tế thôn bản"]
COMMITTEE_POSITIONS = [  # (position, committee role) as listed in the seed (Phần I)
    ("Chủ tịch UBND xã", "Trưởng ban"), ("Phó Chủ tịch UBND xã", "Phó ban"),
    ("Phó Bí thư thường trực Đảng ủy", "Phó ban"), ("Chủ tịch HĐND xã", "Ủy viên"),
    ("Chủ tịch UB MTTQ xã", "Ủy viên"), ("Chủ tịch Hội Cựu chiến binh", "Ủy viên"),
    ("Chủ tịch Hội Nông dân", "Ủy viên"), ("Chủ tịch Hội Phụ nữ", "Ủy viên"), ("Bí thư Đoàn xã", "Ủy viên"),
    ("Chỉ huy trưởng BCH Quân sự xã", "Ủy viên"), ("Trưởng Công an xã", "Ủy viên"),
    ("Công chức Địa chính - Xây dựng", "Ủy viên"), ("Công chức Giao thông - Thủy lợi", "Ủy viên"),
    ("Công chức VP HĐND & UBND", "Ủy viên"), ("Công chức VP Đảng ủy", "Ủy viên"),
    ("Công chức Văn hóa - Xã hội", "Ủy viên"), ("Công chức Tài chính - Kế toán", "Ủy viên"),
    ("Công chức LĐTB&XH", "Ủy viên"), ("Công chức Tư pháp - Hộ tịch", "Ủy viên"),
    ("Trạm trưởng Trạm y tế", "Ủy viên"), ("Hiệu trưởng trường Mầm non", "Ủy viên"),
    ("Hiệu trưởng trường Tiểu học", "Ủy viên"), ("Hiệu trưởng trường THCS", "Ủy viên"),
    ("Giám đốc Hợp tác xã", "Ủy viên"),
]


def _person(rng: np.random.Generator) -> str:
    given = MALE if rng.random() < 0.55 else FEMALE
    return f"{FAMILY[rng.integers(len(FAMILY))]} {given[rng.integers(len(given))]}"


def _allocate(total: int, weights: np.ndarray, caps: np.ndarray | None = None) -> np.ndarray:
    """Split an integer total in proportion to weights (largest remainder), within caps."""
    weights = np.asarray(weights, dtype=float)
    share = total * weights / weights.sum()
    out = np.floor(share).astype(np.int64)
    if caps is not None:
        out = np.minimum(out, caps)
    remainder = total - out.sum()
    order = np.argsort(-(share - np.floor(share)), kind="stable")
    i = 0
    while remainder > 0:
        j = order[i % len(order)]
        if caps is None or out[j] < caps[j]:
            out[j] += 1
            remainder -= 1
        i += 1
    return out


def _village_names(rng: np.random.Generator, count: int, urban: bool) -> list[tuple[str, str]]:
    """(kind, short name) for the villages of one commune, unique within it."""
    if urban:
        kind = "Khối"
        return [(kind, f"Khối {i}") for i in range(1, count + 1)]
    names: list[tuple[str, str]] = []
    seen: set[str] = set()
    while len(names) < count:
        name = f"{SYLLABLES_A[rng.integers(len(SYLLABLES_A))]} {SYLLABLES_B[rng.integers(len(SYLLABLES_B))]}"
        if name in seen:
            continue
        if len(names) + 2 <= count and rng.random() < 0.05:
            for numeral in ("I", "II"):
                seen.add(f"{name} {numeral}")
                names.append(("Thôn", f"{name} {numeral}"))
            seen.add(name)
            continue
        seen.add(name)
        names.append(("Bản" if rng.random() < 0.15 else "Thôn", name))
    return names


def _curve(rng: np.random.Generator, days: int, phase: int, laggard: bool) -> np.ndarray:
    """Cumulative share (0..1, non-decreasing, 1 on the last day) of a commune's final count:
    a slow start, an acceleration, then saturation."""
    t = np.arange(days, dtype=float)
    if phase == 1:
        early, early_days = rng.uniform(0.05, 0.10), 14          # the slow fortnight before 3/8
        mid, width = rng.uniform(28, 45), rng.uniform(6, 10)
    else:
        # Phase 2 starts without the pilots' head start (trained teams, the Vạn Linh lesson
        # arriving as a letter rather than a visit): slower on the same day since its start.
        early, early_days = rng.uniform(0.03, 0.06), 14
        mid, width = rng.uniform(44, 60), rng.uniform(7, 10)
    if laggard:
        mid, width = mid * rng.uniform(1.4, 1.9), width * 1.5
    ramp = early * np.minimum(t / early_days, 1.0)
    logistic = 1 / (1 + np.exp(-(t - mid) / width))
    logistic = (logistic - logistic[0]) / (logistic[-1] - logistic[0])
    return np.clip(ramp + (1 - early) * logistic * (t >= 1), 0, 1)


def _stall(curve: np.ndarray, start: int, length: int) -> np.ndarray:
    """Hold the curve flat for `length` days from `start` (a commune that stopped progressing)."""
    t = np.arange(len(curve))
    warped = np.where(t < start, t, np.maximum(start, t - length))
    stretched = np.interp(warped, t, curve)
    # keep the end at 1 by letting the rest of the season catch up
    tail = t >= start + length
    if tail.any() and stretched[-1] < 1:
        span = np.linspace(0, 1, tail.sum())
        stretched[tail] += span * (1 - stretched[-1])
    return np.maximum.accumulate(np.minimum(stretched, 1.0))


def _increments(final: int, curve: np.ndarray) -> np.ndarray:
    cumulative = np.round(final * curve).astype(np.int64)
    cumulative[-1] = final
    cumulative = np.maximum.accumulate(cumulative)
    return np.diff(cumulative, prepend=0)


def _spread(rng: np.random.Generator, daily: np.ndarray, capacity: np.ndarray) -> np.ndarray:
    """Distribute a commune's daily counts among its villages without exceeding capacities."""
    remaining = capacity.astype(np.int64).copy()
    out = np.zeros((len(daily), len(capacity)), dtype=np.int64)
    for day, count in enumerate(daily):
        if count:
            draw = rng.multivariate_hypergeometric(remaining, int(count))
            out[day] = draw
            remaining -= draw
    return out


class _Season:
    """Builds the demo tables as DataFrames from one random generator."""

    def __init__(self, settings: Settings, units: pd.DataFrame):
        self.settings = settings
        self.rng = np.random.default_rng(settings.demo_seed)
        self.units = units
        self.end = settings.campaign_end
        self.phase_start = {p.number: p.start for p in settings.phases}

    def villages(self) -> pd.DataFrame:
        rng = self.rng
        communes = self.units[self.units["level"] == "commune"].sort_values("code").reset_index(drop=True)
        urban = communes["kind"].isin(["Phường", "Thị trấn"]).to_numpy()
        raw = rng.integers(6, 13, size=len(communes)).astype(float)
        raw[urban] = rng.integers(8, 16, size=urban.sum())
        special = {GIA_CAT: len(GIA_CAT_TEAMS), VAN_LINH: len(VAN_LINH_VILLAGES)}
        fixed = communes["short_name"].isin(special)
        counts = np.zeros(len(communes), dtype=np.int64)
        counts[fixed.to_numpy()] = [special[n] for n in communes.loc[fixed, "short_name"]]
        counts[~fixed.to_numpy()] = _allocate(TOTAL_VILLAGES - counts.sum(), raw[~fixed.to_numpy()])
        rows = []
        for commune, count, is_urban in zip(communes.itertuples(), counts, urban):
            if commune.short_name == GIA_CAT:
                named = [("Thôn", v) for v, _ in GIA_CAT_TEAMS]
                households = rng.integers(70, 150, size=count)
            elif commune.short_name == VAN_LINH:
                named = [("Thôn", v) for v, _ in VAN_LINH_VILLAGES]
                households = np.array([h for _, h in VAN_LINH_VILLAGES])
            else:
                named = _village_names(rng, int(count), bool(is_urban))
                households = rng.integers(160, 330, size=count) if is_urban else rng.integers(55, 175, size=count)
            for seq, ((kind, short), hh) in enumerate(zip(named, households), start=1):
                rows.append((f"{commune.code}-{seq:03d}", f"{kind} {short}" if not short.startswith(kind) else short,
                             short, kind, commune.code, int(hh)))
        villages = pd.DataFrame(rows, columns=["code", "name", "short_name", "kind", "parent_code", "households"])
        # Scale the free villages so that the province has exactly TOTAL_HOUSEHOLDS households.
        fixed_v = villages["parent_code"].isin(communes.loc[communes["short_name"] == VAN_LINH, "code"])
        free_total = TOTAL_HOUSEHOLDS - villages.loc[fixed_v, "households"].sum()
        villages.loc[~fixed_v, "households"] = _allocate(free_total, villages.loc[~fixed_v, "households"].to_numpy())
        villages["name_key"] = villages["short_name"].map(name_key)
        villages["loose_key"] = villages["short_name"].map(loose_key)
        return villages

    def commune_plan(self, villages: pd.DataFrame) -> pd.DataFrame:
        """One row per commune: households, phase, start, final stores/accounts/active, behaviour."""
        rng = self.rng
        communes = self.units[self.units["level"] == "commune"].merge(
            self.units.loc[self.units["level"] == "district", ["code", "short_name", "phase"]].rename(
                columns={"code": "parent_code", "short_name": "district_name", "phase": "district_phase"}),
            on="parent_code",
        ).sort_values("code").reset_index(drop=True)
        hh = villages.groupby("parent_code")["households"].sum()
        communes["households"] = communes["code"].map(hh).fillna(0).astype(int)
        communes["phase"] = communes["district_phase"].fillna(2).astype(int)
        communes["start"] = communes["phase"].map(self.phase_start)
        n = len(communes)
        laggard = rng.random(n) < 0.12
        share = np.where(laggard, rng.uniform(0.30, 0.48, n), rng.uniform(0.55, 0.78, n))
        share = np.where(communes["short_name"] == VAN_LINH, 0.63, share)
        weights = share * communes["households"].to_numpy()
        total = round(STORES_SHARE * TOTAL_HOUSEHOLDS)
        caps = (0.93 * communes["households"].to_numpy()).astype(np.int64)
        communes["stores"] = _allocate(total, weights, caps)
        communes["accounts"] = np.minimum(
            np.round(communes["stores"] * rng.uniform(0.99, 1.03, n)).astype(np.int64), caps)
        communes["active"] = np.round(communes["stores"] * rng.uniform(0.16, 0.28, n)).astype(np.int64)
        communes["laggard"] = laggard
        stalled = rng.random(n) < 0.08
        communes["stall_start"] = np.where(stalled, rng.integers(10, 40, n), -1)
        communes["stall_days"] = np.where(stalled, rng.integers(8, 13, n), 0)
        # A few laggards stop reporting new stores in the last ten days of the season.
        communes["flat_end"] = laggard & (rng.random(n) < 0.3)
        communes["p_late"] = rng.choice([0.02, 0.05, 0.10, 0.25], size=n, p=[0.4, 0.3, 0.2, 0.1])
        communes["p_missing"] = np.where(laggard, 0.08, rng.choice([0.0, 0.02, 0.04], size=n))
        # Vạn Linh reported every day: its flat fortnight is a run of zeros, not of silences
        communes.loc[communes["short_name"] == VAN_LINH, "p_missing"] = 0.0
        communes["partner"] = rng.choice(["viettel", "vnpost"], size=n)
        return communes

    def reports(self, villages: pd.DataFrame, communes: pd.DataFrame, upload_id: int) -> pd.DataFrame:
        """Daily village-level commune reports and commune-level enterprise reports."""
        rng = self.rng
        frames = []
        for commune in communes.itertuples():
            days = pd.date_range(commune.start, self.end, freq="D").date
            n = len(days)
            vil = villages[villages["parent_code"] == commune.code]
            capacity = vil["households"].to_numpy()
            curve = _curve(rng, n, commune.phase, commune.laggard)
            if commune.stall_days:
                curve = _stall(curve, int(commune.stall_start), int(commune.stall_days))
            if commune.flat_end:
                # reach the final count ten days early, then report nothing new
                t = np.arange(n, dtype=float)
                curve = np.interp(np.minimum(t * (n - 1) / (n - 11), n - 1), t, curve)
            if commune.short_name == VAN_LINH:
                stores = self._van_linh_daily(days, int(commune.stores))
            else:
                stores = _increments(int(commune.stores), curve)
                if commune.phase == 1:
                    # launch day: a couple of stores per pilot commune, about 200 in the province
                    stores = self._launch_day(stores)
            # accounts follow the stores a day later, trading households about twelve days later
            shape = np.cumsum(stores) / max(stores.sum(), 1)
            lagged = lambda k: np.concatenate([np.zeros(k), shape[:-k]]) / max(shape[-k - 1], 1e-9)  # noqa: E731
            daily = {
                "stores": stores,
                "accounts": _increments(min(int(commune.accounts), int(capacity.sum())), np.minimum(lagged(1), 1)),
                "active": _increments(int(commune.active), np.minimum(lagged(12), 1)),
            }
            reported = rng.random(n) >= commune.p_missing
            reported[-1] = True
            frames.append(self._commune_rows(commune, days, vil, capacity, daily, reported))
            frames.append(self._enterprise_rows(commune, days, daily))
        frame = pd.concat(frames, ignore_index=True)
        frame["upload_id"] = upload_id
        return frame

    def _launch_day(self, stores: np.ndarray) -> np.ndarray:
        """Move counts between launch day and the following days so that launch day has 1-4."""
        first = int(self.rng.poisson(1.1)) + 1
        moved = stores.copy()
        surplus = moved[0] - first
        if surplus > 0:
            moved[0] -= surplus
            moved[1] += surplus
        day = 1
        while moved[0] < first and day < len(moved):
            step = min(first - moved[0], moved[day])
            moved[day] -= step
            moved[0] += step
            day += 1
        return moved

    def _van_linh_daily(self, days, final: int) -> np.ndarray:
        """About 100 stores by late July, flat until 3/8, 26 stores that evening, then growth."""
        n = len(days)
        daily = np.zeros(n, dtype=np.int64)
        index = {d: i for i, d in enumerate(days)}
        before = index[VAN_LINH_STALL[0]]
        daily[:before] = _allocate(VAN_LINH_BEFORE_STALL, np.linspace(1.0, 2.0, before))
        start = index[VAN_LINH_BREAKTHROUGH]
        daily[start] = 26
        rest = final - daily.sum()
        t = np.arange(n - start - 1, dtype=float)
        curve = 1 / (1 + np.exp(-(t - 16) / 6))
        curve = (curve - curve[0]) / (curve[-1] - curve[0])
        daily[start + 1:] = _increments(int(rest), curve)
        return daily

    def _commune_rows(self, commune, days, villages, capacity, daily, reported) -> pd.DataFrame:
        rng = self.rng
        n = len(days)
        # Missing days: what happened is reported with the next report.
        carried = {}
        for indicator, values in daily.items():
            values = values.copy()
            held = 0
            for day in range(n):
                if not reported[day]:
                    held += values[day]
                    values[day] = 0
                else:
                    values[day] += held
                    held = 0
            carried[indicator] = values
        caps = {"stores": np.floor(capacity * 0.97).astype(np.int64)}
        caps["accounts"] = caps["stores"]
        caps["active"] = caps["stores"]
        per_village = {}
        for indicator, values in carried.items():
            cap = caps[indicator]
            if values.sum() > cap.sum():
                cap = capacity.astype(np.int64)
            if commune.short_name == VAN_LINH and indicator == "stores":
                per_village[indicator] = self._van_linh_spread(days, values, villages, cap)
            else:
                per_village[indicator] = _spread(rng, values, cap)
        hours = np.where(rng.random(n) < commune.p_late, rng.uniform(17.02, 21.9, n), rng.uniform(13.5, 16.98, n))
        if commune.short_name == VAN_LINH:
            hours[list(days).index(VAN_LINH_BREAKTHROUGH)] = 22.6
        received = [dt.datetime.combine(d, dt.time()) + dt.timedelta(hours=float(h)) for d, h in zip(days, hours)]
        received = pd.Series(received).dt.floor("min").to_numpy()
        keep = np.flatnonzero(reported)
        codes = villages["code"].to_numpy()
        frames = []
        for indicator, matrix in per_village.items():
            frames.append(pd.DataFrame({
                "unit_code": np.repeat(codes[None, :], len(keep), axis=0).ravel(),
                "report_date": np.repeat(np.array(days, dtype="datetime64[D]")[keep], len(codes)),
                "indicator": indicator,
                "source": "commune",
                "value": matrix[keep].ravel().astype(float),
                "received_at": np.repeat(received[keep], len(codes)),
            }))
        return pd.concat(frames, ignore_index=True)

    def _van_linh_spread(self, days, values, villages, cap) -> np.ndarray:
        out = np.zeros((len(days), len(cap)), dtype=np.int64)
        pho_cu = int(np.flatnonzero(villages["short_name"].to_numpy() == "Phố Cũ")[0])
        breakthrough = list(days).index(VAN_LINH_BREAKTHROUGH)
        remaining = cap.copy()
        for day, count in enumerate(values):
            if day == breakthrough:
                out[day, pho_cu] = count
                remaining[pho_cu] -= count
            elif count:
                draw = self.rng.multivariate_hypergeometric(remaining, int(count))
                out[day] = draw
                remaining -= draw
        return out

    def _enterprise_rows(self, commune, days, daily) -> pd.DataFrame:
        """The partner's own daily figures: its store and account counts differ a little from
        the commune's; orders, volume and revenue follow the trading households."""
        rng = self.rng
        n = len(days)
        frames = {}
        for indicator in ("stores", "accounts"):
            cumulative = np.cumsum(daily[indicator])
            noisy = np.round(cumulative * rng.uniform(0.97, 1.03) * (1 + rng.normal(0, 0.01, n)))
            frames[indicator] = np.diff(np.maximum.accumulate(np.maximum(noisy, 0)), prepend=0)
        active = np.cumsum(daily["active"]).astype(float)
        season = np.linspace(0.05, 0.35, n)
        orders = rng.poisson(active * season)
        frames["orders"] = orders
        frames["volume"] = orders * rng.integers(1, 4, n)
        frames["revenue"] = np.round(orders * rng.uniform(80_000, 260_000, n), -3)
        hours = rng.uniform(15.0, 18.5, n)
        received = pd.Series([dt.datetime.combine(d, dt.time()) + dt.timedelta(hours=float(h)) for d, h in zip(days, hours)])
        received = received.dt.floor("min").to_numpy()
        return pd.concat([
            pd.DataFrame({"unit_code": commune.code, "report_date": np.array(days, dtype="datetime64[D]"),
                          "indicator": indicator, "source": commune.partner, "value": values.astype(float),
                          "received_at": received})
            for indicator, values in frames.items()
        ], ignore_index=True)

    def teams(self, villages: pd.DataFrame, communes: pd.DataFrame, upload_id: int):
        """Teams and members: 1,702 teams, 6,214 people, Gia Cát as in its decision."""
        rng = self.rng
        gia_cat = communes.loc[communes["short_name"] == GIA_CAT, "code"].iloc[0]
        free = villages[villages["parent_code"] != gia_cat]
        without = rng.choice(free.index.to_numpy(), size=len(villages) - TOTAL_TEAMS, replace=False)
        with_team = villages.drop(index=without)
        free_teams = with_team[with_team["parent_code"] != gia_cat]
        gia_cat_people = sum(len(m) for _, m in GIA_CAT_TEAMS)
        others_total = TOTAL_MEMBERS - gia_cat_people - len(free_teams)
        sizes = rng.choice([1, 2, 3, 4], size=len(free_teams), p=[0.04, 0.46, 0.34, 0.16])
        while sizes.sum() != others_total:
            i = rng.integers(len(sizes))
            if sizes.sum() < others_total and sizes[i] < 5:
                sizes[i] += 1
            elif sizes.sum() > others_total and sizes[i] > 2:
                sizes[i] -= 1
        commune_info = communes.set_index("code")
        team_rows, member_rows = [], []
        team_id = 0
        by_name = {v: m for v, m in GIA_CAT_TEAMS}
        size_of = dict(zip(free_teams["code"], sizes))
        for village in with_team.itertuples():
            team_id += 1
            info = commune_info.loc[village.parent_code]
            decided = info["start"] + dt.timedelta(days=int(rng.integers(14, 40)))
            if village.parent_code == gia_cat:
                decided = dt.date(2021, 10, 8)
            team_rows.append((team_id, village.code, village.parent_code, f"{rng.integers(10, 300)}/QĐ-UBND", decided, upload_id))
            if village.parent_code == gia_cat:
                people = [(name, pos, addr, notes, i == 0) for i, (name, pos, addr, notes) in enumerate(by_name[village.short_name])]
            else:
                head = "Tổ trưởng tổ dân phố" if village.kind == "Khối" else "Trưởng thôn"
                leader_position = "Bí thư Đoàn xã" if rng.random() < 0.04 else head
                people = [(_person(rng), leader_position, village.short_name, "Tổ trưởng", True)]
                for _ in range(int(size_of[village.code])):
                    if rng.random() < 0.06:
                        people.append((_person(rng), "Công chức Văn hóa - Xã hội", "UBND xã", "", False))
                    else:
                        people.append((_person(rng), MEMBER_POSITIONS[rng.integers(len(MEMBER_POSITIONS))],
                                       village.short_name, "", False))
            for row_no, (name, position, address, notes, leader) in enumerate(people, start=1):
                youth = "Đoàn" in position or "chi đoàn" in position
                role = "Tổ trưởng" if leader else "Thành viên"
                member_rows.append((team_id, row_no, name, position, address, leader, youth, notes, role))
        teams = pd.DataFrame(team_rows, columns=["id", "village_code", "commune_code", "decision_no", "decision_date", "upload_id"])
        members = pd.DataFrame(member_rows, columns=["team_id", "row_no", "full_name", "position", "address",
                                                     "is_leader", "youth_union", "notes", "role"])
        return teams, members

    def committees(self, villages: pd.DataFrame, communes: pd.DataFrame, upload_id: int, first_id: int):
        """A steering committee for about nine communes in ten, with villages in charge."""
        rng = self.rng
        rows, members = [], []
        committee_id = first_id
        for commune in communes.itertuples():
            if rng.random() < 0.09:
                continue
            committee_id += 1
            decided = commune.start - dt.timedelta(days=int(rng.integers(3, 20)))
            rows.append((committee_id, commune.code, f"{rng.integers(10, 200)}/QĐ-UBND", decided, upload_id))
            size = int(rng.integers(15, len(COMMITTEE_POSITIONS) + 1))
            chosen = sorted(rng.choice(range(3, len(COMMITTEE_POSITIONS)), size - 3, replace=False))
            positions = COMMITTEE_POSITIONS[:3] + [COMMITTEE_POSITIONS[i] for i in chosen]
            commune_villages = villages[villages["parent_code"] == commune.code]
            members_in_charge: dict[int, list[int]] = {}
            ordinary = [i for i, (_, role) in enumerate(positions) if role == "Ủy viên"]
            for k in range(len(commune_villages)):
                members_in_charge.setdefault(ordinary[k % len(ordinary)], []).append(k)
            for row_no, (position, role) in enumerate(positions, start=1):
                name = _person(rng)
                honorific = "Bà" if " Thị " in name else "Ông"
                picked = commune_villages.iloc[members_in_charge.get(row_no - 1, [])]
                if role == "Trưởng ban":
                    duties = "Phụ trách chung"
                elif len(picked):
                    duties = "Phụ trách thôn " + ", ".join(picked["short_name"])
                else:
                    duties = "Tham mưu triển khai các nhiệm vụ được giao"
                members.append((committee_id, row_no, honorific, name, position, role, duties, picked["code"].tolist()))
        committees = pd.DataFrame(rows, columns=["id", "commune_code", "decision_no", "decision_date", "upload_id"])
        member_frame = pd.DataFrame(members, columns=["committee_id", "row_no", "honorific", "full_name", "position",
                                                      "committee_role", "duties", "villages_in_charge"])
        return committees, member_frame


# One account per role, with public passwords: README and the login page (only on a database
# whose meta row `demo_season` says it is the demo) print them.
DEMO_ACCOUNTS = (
    # username, password, role, scope code, display name
    ("quantri", "quantri-mau-2021", "admin", None, "Quản trị (mẫu)"),
    ("chilang", "chilang-mau-2021", "district", "187", "Cán bộ huyện Chi Lăng (mẫu)"),
    ("vanlinh", "vanlinh-mau-2021", "commune", "06505", "Cán bộ xã Vạn Linh (mẫu)"),
    ("xem", "xem-mau-2021", "viewer", None, "Người xem toàn tỉnh (mẫu)"),
)
DEMO_FLAG = "demo_season"
# The hierarchy the 2021 season is built on: the GSO list of 2021 (Lạng Sơn: 11 districts, 200
# communes), the one `init` loads for the 2021 campaign. Codes are not stable across lists.
DEMO_HIERARCHY = "2021"


def is_demo(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the database holds the demo season (its sample accounts may be shown)."""
    return con.cursor().execute("SELECT count(*) FROM meta WHERE key = ?", [DEMO_FLAG]).fetchone()[0] > 0


def _demo_accounts(cur: duckdb.DuckDBPyConnection, hashes: list[str], seed: int) -> None:
    for (username, _, role, scope, display_name), password_hash in zip(DEMO_ACCOUNTS, hashes):
        cur.execute("DELETE FROM auth_session WHERE username = ?", [username])
        cur.execute("DELETE FROM account WHERE username = ?", [username])
        cur.execute(
            "INSERT INTO account (username, display_name, role, scope_code, password_hash, created_at, created_by) "
            "VALUES (?, ?, ?, ?, ?, current_timestamp::TIMESTAMP(0), 'demo')",
            [username, display_name, role, scope, password_hash])
    cur.execute("INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [DEMO_FLAG, str(seed)])


def _clear(cur: duckdb.DuckDBPyConnection) -> None:
    for table in DATA_TABLES:
        cur.execute(f"DELETE FROM {table}")  # table names from the fixed DATA_TABLES tuple


def _register_main(cur: duckdb.DuckDBPyConnection, campaign, hierarchy: str) -> None:
    """The first campaign lives in main: (re-)register it, dropping every other campaign's schema."""
    for (schema,) in cur.execute("SELECT schema_name FROM main.campaign WHERE schema_name <> 'main'").fetchall():
        cur.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')  # names from the registry
    cur.execute("DELETE FROM main.campaign")
    cur.execute("INSERT INTO main.campaign VALUES (?, 'main', ?, ?, ?, current_timestamp::TIMESTAMP(0))",
                [campaign.id, campaign.name, campaign.province_code, hierarchy])


def build_demo(con: duckdb.DuckDBPyConnection, settings: Settings, replace: bool = False,
               actor: Actor | None = None) -> dict:
    """Fill the database with the demo seasons (the settings' first campaign, Lạng Sơn 2021, in
    main; then the other campaigns of the settings) and the demo accounts (replacing its contents
    when `replace`), audited in the name of `actor` (default: the machine's operator); return a
    summary of the first campaign: villages, households, teams, members, reports."""
    from argon2 import PasswordHasher

    from analytics.db import MAIN_SCHEMA, CampaignDB

    full = settings
    first = full.campaigns[0]
    settings = full.for_campaign(first.id)
    province_code = "20"
    actor = actor or operator()
    hasher = PasswordHasher()
    account_hashes = [hasher.hash(account[1]) for account in DEMO_ACCOUNTS]
    con = CampaignDB(con, MAIN_SCHEMA, first.id)

    def work(cur: duckdb.DuckDBPyConnection) -> dict:
        if replace:
            _clear(cur)
        _register_main(cur, first, DEMO_HIERARCHY)
        load_reference(cur, province_code, DEMO_HIERARCHY)
        apply_settings(cur, settings)
        units = cur.execute("SELECT code, short_name, kind, level, parent_code, phase FROM unit").df()
        season = _Season(settings, units)
        digest = hashlib.sha256(f"demo-season-{settings.demo_seed}".encode()).hexdigest()
        upload_id = cur.execute(
            """
            INSERT INTO upload (file_name, sha256, kind, user_name, uploaded_at, rows, status)
            VALUES ('Mùa dữ liệu mẫu Lạng Sơn 2021', ?, 'demo', 'demo', TIMESTAMP '2021-12-31 23:59:00', 0, 'accepted')
            RETURNING id
            """,
            [digest],
        ).fetchone()[0]
        villages = season.villages()
        cur.execute(
            """
            INSERT INTO unit (code, name, short_name, kind, level, parent_code, name_key, loose_key, upload_id)
            SELECT code, name, short_name, kind, 'village', parent_code, name_key, loose_key, ? FROM villages
            """,
            [upload_id],
        )
        cur.execute("INSERT INTO village_households SELECT code, households, ? FROM villages", [upload_id])
        communes = season.commune_plan(villages)
        district_names = units.loc[units["level"] == "district"].set_index("code")["short_name"]
        communes["zalo_group"] = [
            zalo_group_name(c.short_name, district_names[c.parent_code], c.partner) for c in communes.itertuples()
        ]
        sloppy = season.rng.random(len(communes)) < 0.07
        communes.loc[sloppy, "zalo_group"] = [f"KTS {c.short_name} {district_names[c.parent_code]}"
                                              for c in communes[sloppy].itertuples()]
        cur.execute(
            """
            UPDATE unit SET postal_partner = c.partner, zalo_group = c.zalo_group
            FROM (SELECT code, partner, zalo_group FROM communes) c WHERE unit.code = c.code
            """
        )
        reports = season.reports(villages, communes, upload_id)
        cur.execute(
            """
            INSERT INTO report (unit_code, report_date, indicator, source, value, upload_id, received_at)
            SELECT unit_code, report_date, indicator, source, value, upload_id, received_at FROM reports
            """
        )
        teams, members = season.teams(villages, communes, upload_id)
        first_id = cur.execute("SELECT nextval('row_id_seq')").fetchone()[0]
        teams["id"] += first_id
        members["team_id"] += first_id
        cur.execute("INSERT INTO team SELECT id, village_code, commune_code, decision_no, decision_date, upload_id FROM teams")
        cur.execute("INSERT INTO team_member (team_id, row_no, full_name, position, address, is_leader, youth_union, "
                    "notes, role) SELECT * FROM members")
        committees, committee_members = season.committees(villages, communes, upload_id, int(teams["id"].max()) + 1)
        cur.execute("INSERT INTO committee SELECT * FROM committees")
        cur.execute("INSERT INTO committee_member SELECT * FROM committee_members")
        # explicit ids were used above: move the sequence past them
        cur.execute("SELECT max(nextval('row_id_seq')) FROM range(?)", [int(committees["id"].max()) - first_id + 1])
        total_rows = len(reports) + len(villages) + len(teams) + len(members) + len(committees) + len(committee_members)
        cur.execute("UPDATE upload SET rows = ? WHERE id = ?", [total_rows, upload_id])
        _demo_accounts(cur, account_hashes, settings.demo_seed)
        audit.record(cur, actor, "demo", f"upload {upload_id}", {
            "upload_id": upload_id, "replace": replace, "villages": len(villages), "reports": len(reports),
            "rows": total_rows, "seed": settings.demo_seed})
        return {
            "villages": len(villages),
            "households": int(villages["households"].sum()),
            "teams": len(teams),
            "members": len(members),
            "reports": len(reports),
        }

    summary = run_in_transaction(con, work)
    for campaign in full.campaigns[1:]:
        _build_other(con, full.for_campaign(campaign.id), actor)
    return summary


def _build_other(con: duckdb.DuckDBPyConnection, settings: Settings, actor: Actor) -> None:
    """A further campaign of the demo: its schema, reference hierarchy and settings, and its
    season (analytics/demo_today.py)."""
    from analytics.demo_today import build_season
    from analytics.reference import initialise

    initialise(con, settings, actor=actor)
    build_season(con, settings, actor)
