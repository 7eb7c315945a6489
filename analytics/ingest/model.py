"""Plain data of an import: options, issues, the plan of a dry run and the result."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from analytics import texts
from analytics.access import Actor

KINDS = ("households", "teams", "committee", "daily", "enterprise", "targets", "lineage-weights")
SOURCES = ("commune", "viettel", "vnpost")
REPORT_INDICATORS = ("stores", "accounts", "active", "orders", "volume", "revenue")
TARGET_INDICATORS = ("stores", "accounts", "active", "team_members")
# Import order when many files arrive together: villages first (they are the denominators and
# the names later files refer to), then rosters, then the daily figures.
# The lineage weights of divided communes need only the villages and their households.
KIND_ORDER = {"households": 0, "targets": 1, "committee": 2, "teams": 3, "daily": 4, "enterprise": 5,
              "lineage-weights": 6}
ISSUE_CAP = 500


def show(value: Any) -> str | None:
    """A cell value as the user typed it: dates dd/mm/yyyy, whole floats without '.0'."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value == "":
        return None
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.strftime("%d/%m/%Y")
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")  # typed with a decimal comma
    return str(value)


@dataclass(frozen=True)
class Issue:
    """One problem: where it is (sheet, Excel row, column header), the value and the reason."""

    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of the CLI and of the downloadable tables."""
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "value": self.value,
                "message": self.message}


class IssueLog:
    """Errors and warnings of one file, capped so that a broken 200,000-row file stays readable."""

    def __init__(self, cap: int = ISSUE_CAP):
        self.cap = cap
        self.errors: list[Issue] = []
        self.warnings: list[Issue] = []
        self.hidden_errors = 0
        self.hidden_warnings = 0

    def error(self, message: str, sheet: str | None = None, row: int | None = None,
              column: str | None = None, value: Any = None) -> None:
        """Record a problem that refuses the file."""
        if len(self.errors) >= self.cap:
            self.hidden_errors += 1
            return
        self.errors.append(Issue(message, sheet, _row(row), column, show(value)))

    def warn(self, message: str, sheet: str | None = None, row: int | None = None,
             column: str | None = None, value: Any = None) -> None:
        """Record a problem that lets the file in but is shown to the user."""
        if len(self.warnings) >= self.cap:
            self.hidden_warnings += 1
            return
        self.warnings.append(Issue(message, sheet, _row(row), column, show(value)))

    @property
    def has_errors(self) -> bool:
        return bool(self.errors)

    def finished(self) -> IssueLog:
        """Add one closing line per list that was cut at the cap."""
        if self.hidden_errors:
            self.errors.append(Issue(texts.IMPORT_MORE_ISSUES.format(count=self.hidden_errors)))
            self.hidden_errors = 0
        if self.hidden_warnings:
            self.warnings.append(Issue(texts.IMPORT_MORE_ISSUES.format(count=self.hidden_warnings)))
            self.hidden_warnings = 0
        return self


def _row(row: Any) -> int | None:
    return None if row is None else int(row)


@dataclass
class ImportOptions:
    """What the user adds to a file: kind override, report date, district/commune, source, and
    the account acting (None or a viewer cannot import; rows outside its scope refuse the file)."""

    kind: str | None = None
    report_date: dt.date | None = None
    district: str | None = None
    commune: str | None = None
    source: str | None = None
    actor: Actor | None = None
    now: dt.datetime | None = None
    include_hidden: bool = False     # read hidden sheets, rows and columns too
    target_unit: str | None = None   # 'pct' or 'households' for target files that do not say it
    values: str | None = None        # 'daily' or 'cumulative' for count columns that do not say it

    def as_details(self) -> dict[str, Any]:
        return {"kind": self.kind, "report_date": self.report_date.isoformat() if self.report_date else None,
                "district": self.district, "commune": self.commune, "source": self.source,
                "include_hidden": self.include_hidden, "target_unit": self.target_unit, "values": self.values,
                "actor": self.actor.username if self.actor else None}


@dataclass
class Plan:
    """The outcome of a dry run: what would be written, the preview, errors and warnings."""

    file_name: str
    sha256: str
    status: str                      # ready, refused, already_imported
    kind: str | None = None
    source: str | None = None
    issues: IssueLog = field(default_factory=IssueLog)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    preview: pd.DataFrame = field(default_factory=pd.DataFrame)
    summary: dict[str, Any] = field(default_factory=dict)
    rows: int = 0
    upload_id: int | None = None     # the earlier upload, for already_imported
    details: dict[str, Any] = field(default_factory=dict)
    layout: list[dict[str, Any]] = field(default_factory=list)   # per table: columns used / set aside, hidden cells
    matches: list[dict[str, Any]] = field(default_factory=list)  # every unit name read and what it resolved to
    actor: Actor | None = None       # who prepared it; commit writes in their name
    # The refusals that depend on what the database holds, re-checked by commit inside its write
    # transaction with the file written: called with that cursor, returns the errors found.
    recheck: Callable[[Any], list[Issue]] | None = None


@dataclass
class ImportResult:
    """What happened to one file; `as_json` is the CLI's --json object."""

    file: str
    kind: str | None
    status: str                      # accepted, already_imported, refused, dry_run
    rows: int
    errors: list[Issue]
    warnings: list[Issue]
    upload_id: int | None
    source: str | None = None
    summary: dict[str, Any] = field(default_factory=dict)
    preview: pd.DataFrame = field(default_factory=pd.DataFrame)
    sha256: str = ""
    layout: list[dict[str, Any]] = field(default_factory=list)
    matches: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "kind": self.kind,
            "status": self.status,
            "rows": self.rows,
            "errors": [i.as_dict() for i in self.errors],
            "warnings": [i.as_dict() for i in self.warnings],
            "upload_id": self.upload_id,
            "source": self.source,
            "sha256": self.sha256,
            "summary": self.summary,
            "tables": self.layout,
            "matches": self.matches,
        }

    @property
    def ok(self) -> bool:
        return self.status != "refused"
