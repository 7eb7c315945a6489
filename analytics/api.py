"""What a script may ask of the product, on plain values: shared by the command line (local
database) and the running server's HTTP API (ui/api_routes.py, a thin Starlette layer), so both
give the same answer. No web framework and no Streamlit here: requests arrive as a mapping of
parameters (strings, as the CLI's options would be typed) and answers are JSON-able values,
rendered text or file bytes. Failures are ApiError with an HTTP status and a Vietnamese message.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import duckdb
import pandas as pd

from analytics import texts
from analytics.access import AccessDenied, Actor
from analytics.cli import CliError, emit_table, resolve_scope
from analytics.export import to_csv, to_xlsx
from analytics.reform import REFORM_COLUMNS as REFORM_KEYS
from analytics.settings import Settings
from analytics.units import require_districts

log = logging.getLogger("analytics.api")

COVERAGE_KEYS = [
    "code", "name", "households", "stores", "accounts", "active", "stores_pct", "accounts_pct",
    "active_pct", "teams", "members", "full_teams", "committees", "villages", "communes",
    "stores_target", "accounts_target", "active_target", "stores_gap", "accounts_gap", "active_gap",
    "stores_reached", "accounts_reached", "active_reached", "villages_without_team",
    "villages_without_full_team", "communes_without_committee", "enterprise_stores", "enterprise_accounts",
    "stores_difference", "stores_difference_pct", "orders", "volume", "revenue",
]
UPLOAD_KEYS = ["id", "file_name", "kind", "source", "user_name", "uploaded_at", "rows", "status", "undone_at",
               "undone_by", "errors", "warnings", "sha256"]
TABLE_FORMATS = ("csv", "json")
RANKING_FORMATS = ("xlsx", "csv")
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json",
               "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


class Params(Protocol):
    """Request parameters: Starlette's QueryParams and FormData both fit."""

    def get(self, key: str, default: Any = None) -> Any: ...

    def getlist(self, key: str) -> list: ...


class ApiError(Exception):
    """A refused request: HTTP status, Vietnamese message, and the body to send (an undo that
    needs a confirmation still shows what it would remove)."""

    def __init__(self, status: int, message: str, body: dict | None = None):
        super().__init__(message)
        self.status = status
        self.body = {**(body or {}), "error": message}


@dataclass(frozen=True)
class FileAnswer:
    """A file to send back: its bytes and name, and what the CLI prints after writing it."""

    data: bytes
    file_name: str
    media_type: str
    rows: int
    scope: str


def bearer_token(authorization: str | None) -> str | None:
    """The secret of an `Authorization: Bearer <token>` header."""
    scheme, _, token = (authorization or "").partition(" ")
    return (token.strip() or None) if scheme.lower() == "bearer" else None


def authenticate(con: duckdb.DuckDBPyConnection, authorization: str | None, request: str) -> Actor:
    """The account a request acts as (its token's); 401 for a missing, unknown or revoked token."""
    from analytics.api_tokens import token_actor

    token = bearer_token(authorization)
    if token is None:
        raise ApiError(401, texts.API_NO_TOKEN)
    actor = token_actor(con, token, request)
    if actor is None:
        log.warning("refused API token for %s", request)
        raise ApiError(401, texts.API_BAD_TOKEN)
    return actor


def guarded(work: Callable[[], Any]) -> Any:
    """Run one request's work, turning the product's refusals into ApiError (403 for access,
    400 for a bad parameter: the same messages the CLI prints)."""
    from analytics.ingest import UndoError
    from analytics.ranking import RankingError
    from analytics.units import NoDistrictLevel, UnitLookupError

    try:
        return work()
    except AccessDenied as exc:
        raise ApiError(403, str(exc)) from None
    except (CliError, RankingError, UnitLookupError, NoDistrictLevel) as exc:
        raise ApiError(400, str(exc)) from None
    except UndoError as exc:
        raise ApiError(409, str(exc)) from None


def _choice(params: Params, key: str, allowed, default: str | None = None) -> str | None:
    value = params.get(key) or default
    if value is not None and value not in allowed:
        raise ApiError(400, texts.API_BAD_CHOICE.format(key=key, value=value, allowed=", ".join(allowed)))
    return value


def _date(params: Params, key: str) -> dt.date | None:
    value = params.get(key)
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ApiError(400, texts.API_BAD_DATE.format(key=key, value=value)) from None


def _flag(params: Params, key: str) -> bool:
    return str(params.get(key) or "").strip().lower() in ("1", "true", "yes", "on")


def _int(params: Params, key: str, default: int | None = None) -> int | None:
    value = params.get(key)
    if value in (None, ""):
        return default
    try:
        return int(value)
    except ValueError:
        raise ApiError(400, texts.API_BAD_NUMBER.format(key=key, value=value)) from None


def render_table(frame: pd.DataFrame, fmt: str) -> str:
    """A table exactly as the CLI prints it (CSV, or the JSON list of objects)."""
    out = io.StringIO()
    emit_table(frame, fmt, out)
    return out.getvalue()


def import_options(params: Params, actor: Actor):
    """ImportOptions from the parameters of `ingest` (kind, date, district, commune, source,
    include_hidden, target_unit, values)."""
    from analytics.ingest import KINDS, ImportOptions

    return ImportOptions(kind=_choice(params, "kind", KINDS), report_date=_date(params, "date"),
                         district=params.get("district") or None, commune=params.get("commune") or None,
                         source=_choice(params, "source", ("viettel", "vnpost")), actor=actor,
                         include_hidden=_flag(params, "include_hidden"),
                         target_unit=_choice(params, "target_unit", ("pct", "households")),
                         values=_choice(params, "values", ("daily", "cumulative")))


def ingest(con: duckdb.DuckDBPyConnection, settings: Settings, actor: Actor, data: bytes, file_name: str,
           params: Params) -> dict:
    """Import (or with dry_run only check) one file: the `ingest --json` object of its result.
    An account that may not write is refused before the file is read (403)."""
    from analytics.ingest import import_file

    if not actor.can_write:
        raise ApiError(403, texts.IMPORT_NO_WRITE_ROLE.format(account=actor.username))
    options = import_options(params, actor)
    return import_file(con, settings, data, file_name, options, dry_run=_flag(params, "dry_run")).as_json()


def uploads_table(con: duckdb.DuckDBPyConnection, actor: Actor, limit: int = 1000) -> pd.DataFrame:
    """The uploads list of `uploads` (newest first); like the import page, for accounts that write."""
    from analytics.ingest import list_uploads

    if not actor.can_write:
        raise AccessDenied(texts.API_UPLOADS_WRITERS_ONLY)
    return list_uploads(con, limit)[UPLOAD_KEYS]


def undo(con: duckdb.DuckDBPyConnection, actor: Actor, upload_id: int, yes: bool,
         confirm_id: int | None = None) -> dict:
    """Undo an upload as `undo ID [--yes] [--confirm-id ID]` does: the preview first (what it
    removes); without `yes`, or when the account may not, or when others build on it and
    `confirm_id` is not its number, nothing is written and ApiError carries the preview.
    Returns {"preview": ..., "undone": ...}."""
    from analytics.ingest import UndoError, undo_preview, undo_upload

    try:
        preview = undo_preview(con, upload_id, actor)
    except UndoError as exc:
        raise ApiError(409, str(exc)) from None
    body = {"preview": preview.as_json()}
    if not preview.allowed:
        raise ApiError(403, preview.refusal, body)
    if not yes:
        raise ApiError(409, texts.API_UNDO_NEED_YES.format(id=upload_id), body | {"need_yes": True})
    try:
        done = undo_upload(con, upload_id, actor, confirm_id=confirm_id)
    except UndoError as exc:
        raise ApiError(409, str(exc), body) from None
    return body | {"undone": done}


def coverage_table(con: duckdb.DuckDBPyConnection, settings: Settings, actor: Actor, level: str,
                   as_of: dt.date | None = None, district: str | None = None,
                   commune: str | None = None, today_communes: bool = False) -> pd.DataFrame:
    """The table of `coverage` (COVERAGE_KEYS, one row per unit); district and commune by name.
    today_communes: communes (or villages) grouped by the communes since 1/7/2025
    (analytics.reform), with its flags (REFORM_KEYS)."""
    from analytics.coverage import coverage

    require_districts(settings, level)
    district_code, commune_code = resolve_scope(con, district, commune, settings)
    as_of = as_of or settings.campaign_end
    if today_communes:
        from analytics import reform

        if level not in reform.LEVELS:
            raise CliError(texts.REFORM_LEVELS)
        if not reform.applies(con):
            raise CliError(texts.REFORM_NOT_APPLICABLE)
        if level == "commune":
            frame = reform.today_coverage(con, settings, as_of, district_code, commune_code, actor=actor)
            return frame[COVERAGE_KEYS + REFORM_KEYS]
        frame = reform.today_villages(con, settings, as_of, district_code, commune_code, actor=actor)
        return frame[COVERAGE_KEYS + ["parent_code", "old_commune_code"] + REFORM_KEYS]
    frame = coverage(con, settings, level, as_of, district_code, commune_code, actor=actor)
    return frame[COVERAGE_KEYS]


def coverage_params(params: Params) -> dict:
    """coverage_table's arguments from request parameters (level is required)."""
    from analytics.coverage import LEVELS

    level = _choice(params, "level", LEVELS)
    if level is None:
        raise ApiError(400, texts.API_MISSING.format(key="level"))
    return {"level": level, "as_of": _date(params, "as_of"), "district": params.get("district") or None,
            "commune": params.get("commune") or None, "today_communes": _flag(params, "today_communes")}


def parse_weights(criteria: list[str] | None, weights: list[str] | None) -> dict[str, float] | None:
    """--criteria and --weights -> {criterion: weight}, or None for the settings' defaults."""
    if not criteria and not weights:
        return None
    chosen: dict[str, float] = {}
    plain = [w for w in weights or [] if "=" not in w]
    named = [w for w in weights or [] if "=" in w]
    if plain and named:
        raise CliError(texts.CLI_RANKING_MIXED_WEIGHTS)
    try:
        if named:
            for item in named:
                key, _, value = item.partition("=")
                chosen[key.strip()] = float(value)
            for criterion in criteria or []:
                chosen.setdefault(criterion, 1.0)
        elif plain:
            if len(plain) != len(criteria or []):
                raise CliError(texts.CLI_RANKING_WEIGHT_COUNT.format(weights=len(plain), criteria=len(criteria or [])))
            chosen = {c: float(w) for c, w in zip(criteria, plain)}
        else:
            chosen = {c: 1.0 for c in criteria}
    except ValueError:
        raise CliError(texts.CLI_RANKING_BAD_WEIGHT.format(weights=" ".join(weights))) from None
    return chosen


def ranking_file(con: duckdb.DuckDBPyConnection, settings: Settings, actor: Actor, level: str, fmt: str,
                 as_of: dt.date | None = None, district: str | None = None, commune: str | None = None,
                 compare: dt.date | None = None, criteria: list[str] | None = None,
                 weights: list[str] | None = None, separate_phases: bool = False,
                 today_communes: bool = False) -> FileAnswer:
    """The file `ranking --out` writes: the official .xlsx or a .csv (district, commune by name;
    criteria and weights as the CLI takes them; today_communes: the communes since 1/7/2025)."""
    from analytics.ranking import ranking

    if level == "village" and not commune:
        raise CliError(texts.RANKING_VILLAGES_NEED_COMMUNE)
    chosen = parse_weights(criteria, weights)
    require_districts(settings, level)
    district_code, commune_code = resolve_scope(con, district, commune, settings)
    as_of = as_of or settings.campaign_end
    result = ranking(con, settings, level, as_of, district=district_code, commune=commune_code, compare=compare,
                     weights=chosen, separate_phases=separate_phases, today=today_communes, actor=actor)
    frame = result.export_frame()
    if fmt == "csv":
        data = to_csv(frame)
    else:
        data = to_xlsx(frame, title=result.title, settings=settings, as_of=as_of, **result.export_options())
    return FileAnswer(data, f"{result.file_stem}-{as_of.isoformat()}.{fmt}", MEDIA_TYPES[fmt], len(frame),
                      result.scope_name)


def ranking_params(params: Params) -> dict:
    """ranking_file's arguments from request parameters (level is required; format xlsx by default)."""
    from analytics.ranking import CRITERIA, LEVELS

    level = _choice(params, "level", LEVELS)
    if level is None:
        raise ApiError(400, texts.API_MISSING.format(key="level"))
    criteria = params.getlist("criteria") or None
    unknown = [c for c in criteria or [] if c not in CRITERIA]
    if unknown:
        raise ApiError(400, texts.API_BAD_CHOICE.format(key="criteria", value=unknown[0], allowed=", ".join(CRITERIA)))
    return {"level": level, "fmt": _choice(params, "format", RANKING_FORMATS, "xlsx"),
            "as_of": _date(params, "as_of"), "district": params.get("district") or None,
            "commune": params.get("commune") or None, "compare": _date(params, "compare"), "criteria": criteria,
            "weights": params.getlist("weights") or None, "separate_phases": _flag(params, "separate_phases"),
            "today_communes": _flag(params, "today_communes")}


def undo_params(params: Params) -> dict:
    """undo's yes and confirm_id from request parameters."""
    return {"yes": _flag(params, "yes"), "confirm_id": _int(params, "confirm_id")}


def table_params(params: Params) -> tuple[str, int]:
    """(format, limit) of a table request: csv by default, as the CLI prints it."""
    return _choice(params, "format", TABLE_FORMATS, "csv"), _int(params, "limit", 1000)
