"""Campaign settings: load data/settings.toml into typed, validated values."""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analytics import texts
from analytics.paths import SETTINGS_PATH


SIGNER_NAME_MAX = 60


class SettingsError(ValueError):
    """A setting is missing or wrong; the message (Vietnamese) names the key."""

    def __init__(self, key: str, problem: str):
        self.key = key
        self.problem = problem
        super().__init__(texts.SETTINGS_ERROR.format(key=key, problem=problem))


@dataclass(frozen=True)
class Phase:
    number: int
    name: str
    districts: tuple[str, ...]
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class Targets:
    stores_pct: float
    accounts_pct: float
    active_pct: float
    team_members_min: int


@dataclass(frozen=True)
class AuthSettings:
    """Sign-in limits: wrong passwords before a lock, its length, and session expiry."""

    max_failed_logins: int = 5
    lock_minutes: int = 15
    idle_minutes: int = 120
    session_days: int = 7


@dataclass(frozen=True)
class ReadLimits:
    """How much of an uploaded workbook is read: the largest sheet (the reader allocates a sheet's
    whole rectangle), and the memory and time of the worker process that reads it, so that a
    hostile file is refused instead of taking the server down."""

    max_rows: int = 600_000
    max_columns: int = 1_000
    max_cells: int = 20_000_000
    worker_memory_mb: int = 2048
    worker_seconds: float = 120.0


# Excel's own sheet size: larger limits would never be reached by a real file.
EXCEL_ROWS = 1_048_576
EXCEL_COLUMNS = 16_384


@dataclass(frozen=True)
class Settings:
    province_code: str
    agency: str
    department: str
    place: str
    signer: str
    targets: Targets
    deadline: dt.time
    phases: tuple[Phase, ...]
    max_file_mb: float
    demo_seed: int
    auth: AuthSettings = AuthSettings()
    read_limits: ReadLimits = ReadLimits()
    signer_name: str = ""   # printed under the signature space of official exports; "" leaves a line to write it
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def campaign_start(self) -> dt.date:
        return min(p.start for p in self.phases)

    @property
    def campaign_end(self) -> dt.date:
        return max(p.end for p in self.phases)

    def section(self, name: str) -> dict[str, Any]:
        """A settings section not modelled here (read by later features), or {}."""
        return dict(self.extra.get(name, {}))


def _get(table: dict, key: str, path: str, kind: type | tuple[type, ...]):
    if key not in table:
        raise SettingsError(path, texts.SETTINGS_MISSING)
    value = table[key]
    if isinstance(value, bool) or not isinstance(value, kind):
        raise SettingsError(path, texts.SETTINGS_WRONG_TYPE.format(value=value))
    return value


def _pct(table: dict, key: str, section: str) -> float:
    value = float(_get(table, key, f"{section}.{key}", (int, float)))
    if not 0 <= value <= 100:
        raise SettingsError(f"{section}.{key}", texts.SETTINGS_PCT_RANGE.format(value=value))
    return value


def _deadline(raw: str) -> dt.time:
    try:
        return dt.time.fromisoformat(raw)
    except ValueError:
        raise SettingsError("reporting.deadline", texts.SETTINGS_BAD_TIME.format(value=raw)) from None


def _phases(raw: Any) -> tuple[Phase, ...]:
    if not isinstance(raw, list) or not raw:
        raise SettingsError("phases", texts.SETTINGS_NO_PHASES)
    phases = []
    seen: dict[str, str] = {}
    for number, table in enumerate(raw, start=1):
        path = f"phases[{number}]"
        name = _get(table, "name", f"{path}.name", str)
        districts = _get(table, "districts", f"{path}.districts", list)
        if not districts or not all(isinstance(d, str) and d.strip() for d in districts):
            raise SettingsError(f"{path}.districts", texts.SETTINGS_BAD_DISTRICTS)
        start = _get(table, "start", f"{path}.start", dt.date)
        end = _get(table, "end", f"{path}.end", dt.date)
        if end <= start:
            raise SettingsError(f"{path}.end", texts.SETTINGS_END_BEFORE_START.format(start=start, end=end))
        for district in districts:
            if district in seen:
                raise SettingsError(
                    f"{path}.districts",
                    texts.SETTINGS_DISTRICT_TWICE.format(district=district, phase=seen[district]),
                )
            seen[district] = name
        phases.append(Phase(number, name, tuple(districts), start, end))
    return tuple(phases)


def _auth(raw: Any) -> AuthSettings:
    if not isinstance(raw, dict):
        raise SettingsError("auth", texts.SETTINGS_WRONG_TYPE.format(value=raw))
    values = {}
    for key in ("max_failed_logins", "lock_minutes", "idle_minutes", "session_days"):
        value = _get(raw, key, f"auth.{key}", int)
        if value <= 0:
            raise SettingsError(f"auth.{key}", texts.SETTINGS_NEGATIVE.format(value=value))
        values[key] = value
    return AuthSettings(**values)


def _positive(table: dict, key: str, section: str, kind: type | tuple[type, ...], default, largest=None):
    """An optional positive number (the default when absent), at most `largest` when given."""
    path = f"{section}.{key}"
    value = _get(table, key, path, kind) if key in table else default
    if value <= 0:
        raise SettingsError(path, texts.SETTINGS_NEGATIVE.format(value=value))
    if largest is not None and value > largest:
        raise SettingsError(path, texts.SETTINGS_TOO_LARGE.format(value=value, largest=largest))
    return value


def _read_limits(imports: dict) -> ReadLimits:
    default = ReadLimits()
    return ReadLimits(
        max_rows=_positive(imports, "max_rows", "import", int, default.max_rows, EXCEL_ROWS),
        max_columns=_positive(imports, "max_columns", "import", int, default.max_columns, EXCEL_COLUMNS),
        max_cells=_positive(imports, "max_cells", "import", int, default.max_cells, EXCEL_ROWS * EXCEL_COLUMNS),
        worker_memory_mb=_positive(imports, "worker_memory_mb", "import", int, default.worker_memory_mb),
        worker_seconds=float(_positive(imports, "worker_seconds", "import", (int, float), default.worker_seconds)),
    )


def parse_settings(raw: dict[str, Any]) -> Settings:
    """Validate a parsed TOML document and build Settings."""
    province = _get(raw, "province", "province", dict)
    targets = _get(raw, "targets", "targets", dict)
    reporting = _get(raw, "reporting", "reporting", dict)
    imports = _get(raw, "import", "import", dict)
    demo = raw.get("demo", {"seed": 2021})
    members_min = _get(targets, "team_members_min", "targets.team_members_min", int)
    if members_min < 0:
        raise SettingsError("targets.team_members_min", texts.SETTINGS_NEGATIVE.format(value=members_min))
    max_mb = float(_get(imports, "max_file_mb", "import.max_file_mb", (int, float)))
    if max_mb <= 0:
        raise SettingsError("import.max_file_mb", texts.SETTINGS_NEGATIVE.format(value=max_mb))
    known = {"province", "targets", "reporting", "phases", "import", "demo", "auth"}
    return Settings(
        province_code=str(_get(province, "code", "province.code", (str, int))),
        agency=_get(province, "agency", "province.agency", str),
        department=_get(province, "department", "province.department", str),
        place=_get(province, "place", "province.place", str),
        signer=province.get("signer", "GIÁM ĐỐC"),
        targets=Targets(
            stores_pct=_pct(targets, "stores_pct", "targets"),
            accounts_pct=_pct(targets, "accounts_pct", "targets"),
            active_pct=_pct(targets, "active_pct", "targets"),
            team_members_min=members_min,
        ),
        deadline=_deadline(_get(reporting, "deadline", "reporting.deadline", str)),
        phases=_phases(raw.get("phases")),
        max_file_mb=max_mb,
        demo_seed=int(_get(demo, "seed", "demo.seed", int)),
        auth=_auth(_get(raw, "auth", "auth", dict)),
        read_limits=_read_limits(imports),
        signer_name=_signer_name(province.get("signer_name", "")),
        extra={k: v for k, v in raw.items() if k not in known},
    )


def _signer_name(value) -> str:
    """One line of text (a person's name), short enough for the signature block (the workbook
    writer keeps it text whatever it starts with)."""
    if not isinstance(value, str):
        raise SettingsError("province.signer_name", texts.SETTINGS_WRONG_TYPE.format(value=value))
    name = value.strip()
    if len(name) > SIGNER_NAME_MAX or any(c in name for c in "\r\n\t"):
        raise SettingsError("province.signer_name", texts.SETTINGS_BAD_SIGNER_NAME.format(value=value,
                                                                                         max=SIGNER_NAME_MAX))
    return name


def load_settings(path: Path | None = None) -> Settings:
    """Read and validate the settings file (default data/settings.toml)."""
    path = Path(path or SETTINGS_PATH)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SettingsError(str(path), texts.SETTINGS_FILE_MISSING) from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(str(path), texts.SETTINGS_BAD_TOML.format(error=exc)) from None
    return parse_settings(raw)
