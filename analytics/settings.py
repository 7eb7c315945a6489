"""Campaign settings: load data/settings.toml into typed, validated values."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field, replace
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
    """A phase of a campaign: the districts it covers or, on a hierarchy without districts (after
    1/7/2025), the communes."""

    number: int
    name: str
    districts: tuple[str, ...]
    start: dt.date
    end: dt.date
    communes: tuple[str, ...] = ()


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


# Hierarchy versions of the reference lists (data/reference/hierarchies/units.csv): the GSO list
# of 2021, the list just before the 2025 reform, and the communes since 1/7/2025 (no districts).
HIERARCHIES = ("2021", "2025-01", "2025-07")
HIERARCHIES_WITHOUT_DISTRICTS = frozenset({"2025-07"})
CAMPAIGN_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,30}$")


@dataclass(frozen=True)
class Campaign:
    """One campaign: its id (in URLs and `--campaign`), name, province, hierarchy version and
    dates; its targets, deadline and phases are the Settings fields of `Settings.for_campaign`."""

    id: str
    name: str
    province_code: str
    hierarchy: str
    targets: Targets
    deadline: dt.time
    phases: tuple[Phase, ...]
    indicators: tuple[str, ...] = ("stores", "accounts", "active")

    @property
    def has_districts(self) -> bool:
        return self.hierarchy not in HIERARCHIES_WITHOUT_DISTRICTS


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
    # Every campaign of the file, the first being the default; the fields above (province_code,
    # targets, deadline, phases) are those of `campaign`.
    campaigns: tuple[Campaign, ...] = field(default=(), compare=False, hash=False)
    campaign_id: str = ""

    @property
    def campaign(self) -> Campaign:
        return self.campaign_by_id(self.campaign_id)

    @property
    def has_districts(self) -> bool:
        return self.campaign.has_districts

    def campaign_by_id(self, campaign_id: str | None) -> Campaign:
        """The campaign with this id (None or "": the default one); SettingsError when unknown."""
        if not campaign_id:
            return self.campaigns[0]
        for campaign in self.campaigns:
            if campaign.id == campaign_id:
                return campaign
        raise SettingsError("campaigns", texts.SETTINGS_UNKNOWN_CAMPAIGN.format(
            campaign=campaign_id, known=", ".join(c.id for c in self.campaigns)))

    def for_campaign(self, campaign_id: str | None, hierarchy: str | None = None,
                     province_code: str | None = None) -> "Settings":
        """These settings with the campaign's province, targets, deadline and phases; `hierarchy`
        and `province_code` are those the database made the campaign with (`init --province
        --hierarchy`), when they differ from the file's."""
        campaign = self.campaign_by_id(campaign_id)
        campaigns = self.campaigns
        if hierarchy or province_code:
            campaign = replace(campaign, hierarchy=hierarchy or campaign.hierarchy,
                               province_code=province_code or campaign.province_code)
            campaigns = tuple(campaign if c.id == campaign.id else c for c in self.campaigns)
        return replace(self, campaign_id=campaign.id, province_code=campaign.province_code,
                       targets=campaign.targets, deadline=campaign.deadline, phases=campaign.phases,
                       campaigns=campaigns)

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


def _deadline(raw: str, key: str = "reporting.deadline") -> dt.time:
    try:
        return dt.time.fromisoformat(raw)
    except ValueError:
        raise SettingsError(key, texts.SETTINGS_BAD_TIME.format(value=raw)) from None


def _phases(raw: Any, prefix: str = "", has_districts: bool = True) -> tuple[Phase, ...]:
    """Phases naming districts, or communes on a hierarchy without districts."""
    if not isinstance(raw, list) or not raw:
        raise SettingsError(f"{prefix}phases", texts.SETTINGS_NO_PHASES)
    phases = []
    seen: dict[str, str] = {}
    key = "districts" if has_districts else "communes"
    for number, table in enumerate(raw, start=1):
        path = f"{prefix}phases[{number}]"
        name = _get(table, "name", f"{path}.name", str)
        if not has_districts and "districts" in table:
            raise SettingsError(f"{path}.districts", texts.SETTINGS_NO_DISTRICT_LEVEL)
        districts = _get(table, key, f"{path}.{key}", list)
        if not districts or not all(isinstance(d, str) and d.strip() for d in districts):
            raise SettingsError(f"{path}.{key}", texts.SETTINGS_BAD_DISTRICTS if has_districts
                                else texts.SETTINGS_BAD_COMMUNES)
        start = _get(table, "start", f"{path}.start", dt.date)
        end = _get(table, "end", f"{path}.end", dt.date)
        if end <= start:
            raise SettingsError(f"{path}.end", texts.SETTINGS_END_BEFORE_START.format(start=start, end=end))
        for district in districts:
            if district in seen:
                raise SettingsError(
                    f"{path}.{key}",
                    texts.SETTINGS_DISTRICT_TWICE.format(district=district, phase=seen[district]),
                )
            seen[district] = name
        if has_districts:
            phases.append(Phase(number, name, tuple(districts), start, end))
        else:
            phases.append(Phase(number, name, (), start, end, communes=tuple(districts)))
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


def _targets(targets: dict, section: str) -> Targets:
    members_min = _get(targets, "team_members_min", f"{section}.team_members_min", int)
    if members_min < 0:
        raise SettingsError(f"{section}.team_members_min", texts.SETTINGS_NEGATIVE.format(value=members_min))
    return Targets(
        stores_pct=_pct(targets, "stores_pct", section),
        accounts_pct=_pct(targets, "accounts_pct", section),
        active_pct=_pct(targets, "active_pct", section),
        team_members_min=members_min,
    )


INDICATORS = ("stores", "accounts", "active")


def _campaign(table: dict, path: str, default_province: str, defaults: dict, legacy: bool = False) -> Campaign:
    """One [[campaigns]] table; targets and deadline default to the file's [targets] and
    [reporting] when the campaign does not give its own. A `legacy` campaign is the whole file of
    the form before campaigns (its keys are named without a campaign prefix)."""
    campaign_id = _get(table, "id", f"{path}.id", str)
    if not CAMPAIGN_ID.match(campaign_id):
        raise SettingsError(f"{path}.id", texts.SETTINGS_BAD_CAMPAIGN_ID.format(value=campaign_id))
    hierarchy = str(_get(table, "hierarchy", f"{path}.hierarchy", str))
    if hierarchy not in HIERARCHIES:
        raise SettingsError(f"{path}.hierarchy", texts.SETTINGS_BAD_HIERARCHY.format(
            value=hierarchy, known=", ".join(HIERARCHIES)))
    targets = table.get("targets", defaults.get("targets"))
    if not isinstance(targets, dict):
        raise SettingsError(f"{path}.targets", texts.SETTINGS_MISSING)
    reporting = table.get("reporting", defaults.get("reporting"))
    if not isinstance(reporting, dict):
        raise SettingsError(f"{path}.reporting", texts.SETTINGS_MISSING)
    deadline_key = "reporting.deadline" if legacy or "reporting" not in table else f"{path}.reporting.deadline"
    indicators = table.get("indicators", list(INDICATORS))
    if not isinstance(indicators, list) or not indicators or any(i not in INDICATORS for i in indicators):
        raise SettingsError(f"{path}.indicators", texts.SETTINGS_BAD_INDICATORS.format(
            value=indicators, known=", ".join(INDICATORS)))
    return Campaign(
        id=campaign_id,
        name=_get(table, "name", f"{path}.name", str),
        province_code=str(table.get("province", default_province)),
        hierarchy=hierarchy,
        targets=_targets(targets, "targets" if legacy or "targets" not in table else f"{path}.targets"),
        deadline=_deadline(*[_get(reporting, "deadline", deadline_key, str), deadline_key]),
        phases=_phases(table.get("phases"), "" if legacy else f"{path}.", hierarchy not in HIERARCHIES_WITHOUT_DISTRICTS),
        indicators=tuple(indicators),
    )


def _campaigns(raw: dict, province_code: str) -> tuple[Campaign, ...]:
    """The file's campaigns; a file without [[campaigns]] describes one campaign with its
    top-level [targets], [reporting] and [[phases]] (the form before campaigns existed)."""
    tables = raw.get("campaigns")
    legacy = tables is None
    if legacy:
        tables = [{"id": "2021", "name": texts.DEFAULT_CAMPAIGN_NAME, "hierarchy": "2021",
                   "phases": raw.get("phases")}]
    if not isinstance(tables, list) or not tables:
        raise SettingsError("campaigns", texts.SETTINGS_WRONG_TYPE.format(value=tables))
    campaigns = []
    for number, table in enumerate(tables, start=1):
        if not isinstance(table, dict):
            raise SettingsError(f"campaigns[{number}]", texts.SETTINGS_WRONG_TYPE.format(value=table))
        campaign = _campaign(table, f"campaigns[{number}]", province_code, raw, legacy)
        if any(c.id == campaign.id for c in campaigns):
            raise SettingsError(f"campaigns[{number}].id", texts.SETTINGS_CAMPAIGN_TWICE.format(value=campaign.id))
        campaigns.append(campaign)
    return tuple(campaigns)


def parse_settings(raw: dict[str, Any]) -> Settings:
    """Validate a parsed TOML document and build Settings (for its first campaign)."""
    province = _get(raw, "province", "province", dict)
    imports = _get(raw, "import", "import", dict)
    demo = raw.get("demo", {"seed": 2021})
    province_code = str(_get(province, "code", "province.code", (str, int)))
    campaigns = _campaigns(raw, province_code)
    first = campaigns[0]
    max_mb = float(_get(imports, "max_file_mb", "import.max_file_mb", (int, float)))
    if max_mb <= 0:
        raise SettingsError("import.max_file_mb", texts.SETTINGS_NEGATIVE.format(value=max_mb))
    known = {"province", "targets", "reporting", "phases", "import", "demo", "auth", "campaigns"}
    return Settings(
        province_code=first.province_code,
        agency=_get(province, "agency", "province.agency", str),
        department=_get(province, "department", "province.department", str),
        place=_get(province, "place", "province.place", str),
        signer=province.get("signer", "GIÁM ĐỐC"),
        targets=first.targets,
        deadline=first.deadline,
        phases=first.phases,
        max_file_mb=max_mb,
        demo_seed=int(_get(demo, "seed", "demo.seed", int)),
        auth=_auth(_get(raw, "auth", "auth", dict)),
        read_limits=_read_limits(imports),
        signer_name=_signer_name(province.get("signer_name", "")),
        extra={k: v for k, v in raw.items() if k not in known},
        campaigns=campaigns,
        campaign_id=first.id,
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
