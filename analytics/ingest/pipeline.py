"""An import from bytes to database: read, detect the kind, build, preview (dry run), write in
one transaction with its audit row, or refuse with every problem listed."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections import Counter
from collections.abc import Callable

import duckdb
import pandas as pd

from analytics import audit, texts
from analytics.access import Actor
from analytics.db import rolled_back, run_in_transaction, sync_report_current
from analytics.ingest import daily, households, lineage, review, rosters, targets
from analytics.ingest.common import FileContext, Sheet, note_match, sheets_of, title_context
from analytics.ingest.context import source_in_text
from analytics.ingest.layout import Table, find_tables
from analytics.ingest.model import KINDS, ImportOptions, ImportResult, IssueLog, Plan
from analytics.ingest.reading import WorkbookRefused
from analytics.ingest.resolve import UnitIndex
from analytics.ingest.scope import out_of_scope
from analytics.ingest.statements import statement
from analytics.ingest.titles import check_titles
from analytics.ingest.worker import read_in_worker
from analytics.names import fold
from analytics.settings import Settings

log = logging.getLogger(__name__)

Progress = Callable[[float, str], None]


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def table_kind(table: Table, title_text: str) -> str | None:
    """The kind of file a table belongs to, from its headers (and its title for hints)."""
    fields = table.fields()
    folded_title = fold(title_text)
    indicators = [c for c in table.columns if c.field in ("stores", "accounts", "active", "orders", "volume", "revenue", "team_members")]
    dated = [c for c in table.columns if c.field is None and c.date is not None]
    if {"old_commune", "new_commune"} <= fields:
        return "lineage-weights"
    if "full_name" in fields or "honorific" in fields:
        if "committee_role" in fields or "ban chi dao" in folded_title:
            return "committee"
        return "teams"
    if indicators and all(c.meaning.target for c in indicators):
        return "targets"
    if indicators and ("chi tieu" in folded_title or "giao chi tieu" in folded_title) and not dated and "date" not in fields:
        if not any(c.meaning.cumulative or c.meaning.daily for c in indicators):
            return "targets"
    if any(c.field in ("orders", "volume", "revenue") for c in indicators):
        return "enterprise"
    if indicators or dated:
        if source_in_text(table.sheet, title_text):
            return "enterprise"
        return "daily"
    if "households" in fields:
        return "households"
    return None


def detect_kind(tables: list[Table], file_name: str) -> str | None:
    """The file's kind: the most common kind among its tables."""
    kinds = [table_kind(t, " ".join(t.title)) for t in tables]
    counted = Counter(k for k in kinds if k)
    if not counted:
        return None
    kind = counted.most_common(1)[0][0]
    if kind == "daily" and source_in_text(file_name) and not any("xa" in fold(line).split() for t in tables for line in t.title[:3]):
        return "enterprise"
    return kind


def _refused(plan: Plan, message: str) -> Plan:
    plan.issues.error(message)
    plan.status = "refused"
    return plan


def _option_units(ctx: FileContext, options: ImportOptions) -> None:
    """Resolve the district and commune the user typed; a wrong name is an error."""
    if options.district:
        found = ctx.units.find("district", options.district)
        if found.code is None and found.hint is None:
            ctx.issues.error(found.message, value=options.district, column=texts.IMPORT_OPTION_DISTRICT)
        note_match(ctx, None, None, texts.IMPORT_OPTION_DISTRICT, options.district, found)
        ctx.district = found.code or found.hint
    if options.commune:
        found = ctx.units.find("commune", options.commune, ctx.district)
        if found.code is None:
            ctx.issues.error(found.message, value=options.commune, column=texts.IMPORT_OPTION_COMMUNE)
        else:
            note_match(ctx, None, None, texts.IMPORT_OPTION_COMMUNE, options.commune, found)
            ctx.commune = found.code
            ctx.district = ctx.district or ctx.units.district_of(found.code)


def prepare(con: duckdb.DuckDBPyConnection, settings: Settings, data: bytes, file_name: str,
            options: ImportOptions | None = None, progress: Progress | None = None) -> Plan:
    """Dry run: read and check a file against the database; nothing is written."""
    options = options or ImportOptions()
    now = options.now or dt.datetime.now().replace(microsecond=0)
    plan = Plan(file_name=file_name, sha256=sha256_of(data), status="ready", kind=options.kind,
                details={"options": options.as_details(), "size": len(data)}, actor=options.actor)
    actor = options.actor
    if actor is None or not actor.valid or not actor.can_write:
        message = texts.IMPORT_NO_ACCOUNT if actor is None else texts.IMPORT_NO_WRITE_ROLE.format(account=actor.username)
        return _refused(plan, message)
    earlier = con.cursor().execute(statement("live_upload_by_sha"), [plan.sha256]).fetchone()
    if earlier:
        plan.status, plan.upload_id, plan.kind, plan.source = "already_imported", int(earlier[0]), earlier[1], earlier[2]
        return plan
    if options.kind is not None and options.kind not in KINDS:
        return _refused(plan, texts.IMPORT_UNKNOWN_KIND_OPTION.format(kind=options.kind, kinds=", ".join(KINDS)))
    if progress:
        progress(0.05, texts.IMPORT_PROGRESS_READING)
    try:
        grids = read_in_worker(data, int(settings.max_file_mb * 1_000_000), options.include_hidden,
                               settings.read_limits)
    except WorkbookRefused as exc:
        return _refused(plan, str(exc))
    for grid in grids:
        if grid.hidden and not options.include_hidden:
            plan.issues.warn(texts.IMPORT_HIDDEN_SHEET.format(sheet=grid.name), grid.name)
    if any(g.rows for g in grids) and not any(g.inspected for g in grids):
        plan.issues.warn(texts.IMPORT_NOT_INSPECTED)
    year = options.report_date.year if options.report_date else settings.campaign_start.year
    tables = [t for g in grids for t in find_tables(g, year)]
    if progress:
        progress(0.25, texts.IMPORT_PROGRESS_DETECTING)
    if not tables:
        return _refused(plan, texts.IMPORT_NO_TABLE)
    kind = options.kind or detect_kind(tables, file_name)
    if kind is None:
        return _refused(plan, texts.IMPORT_KIND_UNKNOWN)
    plan.kind = kind
    chosen = [t for t in tables if options.kind or _same_family(table_kind(t, " ".join(t.title)), kind)]
    for table in tables:
        if table not in chosen:
            plan.issues.warn(texts.IMPORT_TABLE_SKIPPED.format(sheet=table.sheet), table.sheet, table.header_rows[0] + 1)
    ctx = FileContext(con, settings, options, UnitIndex(con), plan.issues, file_name, now, progress=progress)
    _option_units(ctx, options)
    sheets = sheets_of(chosen)
    # A report of another province (or naming a district this one lacks) is refused before its
    # rows are read: its commune names may well exist here too.
    if check_titles(ctx, sheets) and _options_agree(ctx, sheets):
        records = _build(ctx, plan, kind, sheets)
        if not plan.issues.has_errors:
            _check_scope(ctx, plan, actor)
        if records is not None and not plan.issues.has_errors:
            _review(con, ctx, plan, records)
    plan.layout, plan.matches = ctx.layout, ctx.matches
    plan.issues.finished()
    if plan.issues.has_errors:
        plan.status = "refused"
        plan.tables = {}
    if progress:
        progress(0.95, texts.IMPORT_PROGRESS_DONE)
    return plan


def _check_scope(ctx: FileContext, plan: Plan, actor: Actor) -> None:
    """Refuse the whole file when any of its rows writes a unit outside the actor's scope
    (analytics.ingest.scope); the check needs only the resolved units, not the database."""
    refused = out_of_scope(actor, plan.tables, ctx.units, ctx.matches)
    if not refused:
        return
    plan.issues.error(texts.IMPORT_OUT_OF_SCOPE_SUMMARY.format(count=len(refused), account=actor.username))
    for unit in refused:
        plan.issues.error(unit["message"], unit["sheet"], unit["row"])
    plan.details["out_of_scope"] = [unit["code"] for unit in refused]


def _options_agree(ctx: FileContext, sheets: list[Sheet]) -> bool:
    """The district or commune chosen on the page (it stays selected from one file to the next)
    must not contradict the one the file's title names: refused rather than silently overridden."""
    agree = True
    for sheet in sheets:
        district, commune = title_context(ctx, sheet)
        for chosen, named, label in ((ctx.district, district, texts.IMPORT_OPTION_DISTRICT),
                                     (ctx.commune, commune, texts.IMPORT_OPTION_COMMUNE)):
            if chosen and named and chosen != named:
                ctx.issues.error(texts.IMPORT_OPTION_CONTRADICTS_TITLE.format(
                    named=ctx.units.names.get(named, named), chosen=ctx.units.names.get(chosen, chosen)),
                    sheet.table.sheet, None, label)
                agree = False
    return agree


def _same_family(found: str | None, kind: str) -> bool:
    if found is None:
        return False
    reports = ("daily", "enterprise")
    return found == kind or (found in reports and kind in reports)


def _review(con: duckdb.DuckDBPyConnection, ctx: FileContext, plan: Plan, records: pd.DataFrame) -> None:
    """Preview a report file on the database as it would be with the file written (a transaction
    rolled back), and leave commit the same refusals to re-check inside its own."""
    ctx.report(0.8, texts.IMPORT_PROGRESS_COMPARING)

    def written(cur: duckdb.DuckDBPyConnection):
        before = review.state(cur, ctx, records)
        upload_id = cur.execute(statement("insert_preview_upload"), [
            plan.file_name, plan.sha256, plan.kind, plan.actor.username, ctx.now, plan.rows, plan.source]).fetchone()[0]
        _write_tables(cur, plan, upload_id)
        sync_report_current(cur)
        return review.review(ctx, records, before, review.state(cur, ctx, records))

    preview, plan.summary = rolled_back(con, written)
    plan.preview = daily.preview_table(ctx, preview)

    def recheck(cur: duckdb.DuckDBPyConnection) -> list:
        found = IssueLog()
        review.refusals(ctx, records, review.state(cur, ctx, records), found)
        return found.errors

    plan.recheck = recheck


def _build(ctx: FileContext, plan: Plan, kind: str, sheets: list[Sheet]) -> pd.DataFrame | None:
    """Read the file's sheets into plan.tables; for reports, return the records read (whose
    effect on the figures _review reads from the database)."""
    if kind in ("daily", "enterprise"):
        out = daily.build_reports(ctx, sheets, kind)
        plan.source = out.source
        plan.tables = {"reports": out.reports}
        # a day's count and its running total beside it are one figure
        plan.rows = len(out.reports.drop_duplicates(["unit_code", "report_date", "indicator", "source"]))
        return out.records
    elif kind == "households":
        out = households.build_households(ctx, sheets)
        plan.tables = {"units": out.units, "households": out.households}
        plan.preview, plan.summary, plan.rows = out.preview, out.summary, len(out.households)
        if len(out.households) and not ctx.issues.has_errors:
            # Fewer households than the stores already reported is refused; decided again inside
            # the write transaction (another session may import reports in between).
            for issue in households.below_figures(ctx.con.cursor(), ctx, out.households):
                ctx.issues.error(issue.message, issue.sheet, issue.row, issue.column, issue.value)
            plan.recheck = lambda cur: households.below_figures(cur, ctx, out.households)
    elif kind == "teams":
        out = rosters.build_teams(ctx, sheets)
        plan.tables = {"teams": out.parents, "team_members": out.members}
        plan.preview, plan.summary, plan.rows = out.preview, out.summary, out.rows
    elif kind == "committee":
        out = rosters.build_committees(ctx, sheets)
        plan.tables = {"committees": out.parents, "committee_members": out.members}
        plan.preview, plan.summary, plan.rows = out.preview, out.summary, out.rows
    elif kind == "targets":
        out = targets.build_targets(ctx, sheets)
        plan.tables = {"targets": out.targets[["unit_code", "indicator", "value", "unit_of_measure"]]}
        plan.preview, plan.summary, plan.rows = out.preview, out.summary, len(out.targets)
    elif kind == "lineage-weights":
        out = lineage.build_lineage(ctx, sheets)
        plan.tables = {"lineage_weights": out.weights[["commune_code", "to_version", "to_code", "households"]],
                       "village_placements": out.placements[["village_code", "to_version", "to_code"]]}
        plan.preview, plan.summary = out.preview, out.summary
        plan.rows = len(out.weights) + len(out.placements)
        # the households a commune's weights must add up to may change before the commit
        plan.recheck = lambda cur: lineage.weight_sums(cur, ctx, out.weights)
    return None


def _issues_frame(issues, severity: str) -> pd.DataFrame:
    return pd.DataFrame(
        [{"severity": severity, "sheet": i.sheet, "row_no": i.row, "column_name": i.column, "value": i.value,
          "message": i.message} for i in issues],
        columns=["severity", "sheet", "row_no", "column_name", "value", "message"],
    ).astype({"row_no": "Int64"})


def _insert(cur: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame, params: list) -> None:
    """Insert a DataFrame through a registered view (one bulk statement, no executemany)."""
    view = f"ingest_{name}"
    cur.register(view, frame)
    try:
        cur.execute(statement(f"insert_{name}"), params)
    finally:
        cur.unregister(view)


def _with_ids(cur: duckdb.DuckDBPyConnection, parents: pd.DataFrame, children: pd.DataFrame, link: str):
    """Swap the provisional parent ids for sequence values."""
    if parents.empty:
        return parents, children
    ids = [r[0] for r in cur.execute(statement("next_row_ids"), [len(parents)]).fetchall()]
    mapping = dict(zip(parents["id"], ids))
    return parents.assign(id=parents["id"].map(mapping)), children.assign(**{link: children[link].map(mapping)})


class AlreadyImported(Exception):
    """Another session imported the same bytes while this one was previewing."""

    def __init__(self, upload_id: int):
        super().__init__(upload_id)
        self.upload_id = upload_id


def commit(con: duckdb.DuckDBPyConnection, plan: Plan, now: dt.datetime | None = None) -> ImportResult:
    """Write an accepted plan (data + upload row + audit row) or a refused one (upload row with
    its errors + audit row) in one transaction, in the name of the account that prepared it."""
    now = now or dt.datetime.now().replace(microsecond=0)
    actor = plan.actor
    user = actor.username if actor else "unknown"
    if plan.status == "already_imported":
        return _result(plan, "already_imported", plan.upload_id)
    accepted = plan.status == "ready"
    details = dict(plan.details, summary=plan.summary,
                   errors=len(plan.issues.errors), warnings=len(plan.issues.warnings))

    def start(cur: duckdb.DuckDBPyConnection) -> int:
        # The audit row exists before the data is written: a process killed in between leaves
        # "đang nhập", which the next start-up turns into "thất bại" (analytics.db).
        if accepted:
            earlier = cur.execute(statement("live_upload_by_sha"), [plan.sha256]).fetchone()
            if earlier:
                raise AlreadyImported(int(earlier[0]))
        return cur.execute(statement("insert_upload"), [
            plan.file_name, plan.sha256, plan.kind or "unknown", user, now, 0, "in_progress", plan.source,
            json.dumps(details, ensure_ascii=False, default=str),
        ]).fetchone()[0]

    try:
        upload_id = run_in_transaction(con, start, data=False)
    except AlreadyImported as exc:
        return _result(plan, "already_imported", exc.upload_id)

    def work(cur: duckdb.DuckDBPyConnection, accepted: bool) -> int:
        if accepted:
            earlier = cur.execute(statement("live_upload_by_sha"), [plan.sha256]).fetchone()
            if earlier:
                raise AlreadyImported(int(earlier[0]))
        cur.execute(statement("finish_upload"), ["accepted" if accepted else "refused", plan.rows if accepted else 0,
                                                 upload_id])
        issues = plan.issues.warnings if accepted else plan.issues.errors + plan.issues.warnings
        if issues:
            frame = pd.concat([_issues_frame(plan.issues.errors, "error") if not accepted else None,
                               _issues_frame(plan.issues.warnings, "warning")], ignore_index=True)
            _insert(cur, "issues", frame, [upload_id])
        if accepted:
            _write_tables(cur, plan, upload_id)
            if plan.recheck is not None:
                # What the database holds may have changed since the preview (another session's
                # import): the refusals that depend on it are decided again on the final state.
                sync_report_current(cur)
                errors = plan.recheck(cur)
                if errors:
                    raise RefusedOnCommit(errors)
        audit.record(cur, actor or user, "import" if accepted else "import_refused", f"upload {upload_id}", {
            "upload_id": upload_id, "file": plan.file_name, "kind": plan.kind, "rows": plan.rows if accepted else 0,
            "sha256": plan.sha256, "errors": len(plan.issues.errors), "warnings": len(plan.issues.warnings),
            "first_errors": [i.message for i in plan.issues.errors[:5]],
        })
        return upload_id

    try:
        try:
            run_in_transaction(con, lambda cur: work(cur, accepted))
        except RefusedOnCommit as exc:
            for issue in exc.errors:
                plan.issues.error(issue.message, issue.sheet, issue.row, issue.column, issue.value)
            plan.status, plan.tables, accepted = "refused", {}, False
            run_in_transaction(con, lambda cur: work(cur, False))
    except AlreadyImported as exc:
        _failed(con, upload_id, texts.IMPORT_FAILED_DUPLICATE.format(id=exc.upload_id))
        return _result(plan, "already_imported", exc.upload_id)
    except Exception as exc:
        log.exception("import of %s failed", plan.file_name)
        _failed(con, upload_id, texts.IMPORT_FAILED_ERROR.format(error=type(exc).__name__))
        raise
    return _result(plan, "accepted" if accepted else "refused", upload_id)


class RefusedOnCommit(Exception):
    """A refusal found inside the write transaction (the database changed since the preview)."""

    def __init__(self, errors: list):
        super().__init__(len(errors))
        self.errors = errors


def _failed(con: duckdb.DuckDBPyConnection, upload_id: int, reason: str) -> None:
    """Close an upload that wrote nothing: "thất bại", with the reason."""
    run_in_transaction(con, lambda cur: cur.execute(statement("fail_upload"), [reason, upload_id]), data=False)


def _write_tables(cur: duckdb.DuckDBPyConnection, plan: Plan, upload_id: int) -> None:
    tables = plan.tables
    if "units" in tables and len(tables["units"]):
        _insert(cur, "units", tables["units"], [upload_id])
    if "households" in tables and len(tables["households"]):
        _insert(cur, "households", tables["households"], [upload_id])
    if "reports" in tables and len(tables["reports"]):
        _insert(cur, "reports", tables["reports"], [upload_id])
    if "targets" in tables and len(tables["targets"]):
        _insert(cur, "targets", tables["targets"], [upload_id])
    if "teams" in tables and len(tables["teams"]):
        teams, members = _with_ids(cur, tables["teams"], tables["team_members"], "team_id")
        _insert(cur, "teams", teams, [upload_id])
        _insert(cur, "team_members", members, [])
    if "lineage_weights" in tables and len(tables["lineage_weights"]):
        _insert(cur, "lineage_weights", tables["lineage_weights"], [upload_id])
    if "village_placements" in tables and len(tables["village_placements"]):
        _insert(cur, "village_placements", tables["village_placements"], [upload_id])
    if "committees" in tables and len(tables["committees"]):
        committees, members = _with_ids(cur, tables["committees"], tables["committee_members"], "committee_id")
        _insert(cur, "committees", committees, [upload_id])
        _insert(cur, "committee_members", members, [])


def _result(plan: Plan, status: str, upload_id: int | None) -> ImportResult:
    return ImportResult(
        file=plan.file_name, kind=plan.kind, status=status, rows=plan.rows if status in ("accepted", "dry_run") else 0,
        errors=list(plan.issues.errors), warnings=list(plan.issues.warnings), upload_id=upload_id,
        source=plan.source, summary=plan.summary, preview=plan.preview, sha256=plan.sha256,
        layout=plan.layout, matches=plan.matches,
    )


def dry_run_result(plan: Plan) -> ImportResult:
    """The result of a preview: dry_run when it would be accepted."""
    status = {"ready": "dry_run", "refused": "refused", "already_imported": "already_imported"}[plan.status]
    return _result(plan, status, plan.upload_id)


def import_file(con: duckdb.DuckDBPyConnection, settings: Settings, data: bytes, file_name: str,
                options: ImportOptions | None = None, dry_run: bool = False,
                progress: Progress | None = None) -> ImportResult:
    """Prepare a file and, unless dry_run, write it (or its refusal) to the database."""
    options = options or ImportOptions()
    plan = prepare(con, settings, data, file_name, options, progress)
    if dry_run:
        return dry_run_result(plan)
    return commit(con, plan, options.now)


def list_uploads(con: duckdb.DuckDBPyConnection, limit: int = 1000) -> pd.DataFrame:
    """One row per upload, newest first: id, file_name, kind, source, user_name, uploaded_at,
    rows, status, undone_at, undone_by, sha256, errors, warnings."""
    return con.cursor().execute(statement("uploads"), [limit]).df()


def upload_issues(con: duckdb.DuckDBPyConnection, upload_id: int) -> pd.DataFrame:
    """The recorded errors and warnings of one upload."""
    return con.cursor().execute(statement("upload_issues"), [upload_id]).df()


def issues_table(result: ImportResult) -> pd.DataFrame:
    """Errors and warnings of a result as one table with Vietnamese headers (page, download)."""
    rows = [{"severity": texts.IMPORT_SEVERITY["error"], **i.as_dict()} for i in result.errors]
    rows += [{"severity": texts.IMPORT_SEVERITY["warning"], **i.as_dict()} for i in result.warnings]
    frame = pd.DataFrame(rows, columns=["severity", "sheet", "row", "column", "value", "message"])
    return frame.astype({"row": "Int64"}).rename(columns=texts.IMPORT_ISSUE_COLUMNS)
