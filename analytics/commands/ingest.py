"""Import commands: ingest, uploads, undo, template."""

from __future__ import annotations

import datetime as dt
import getpass
import json
import sys
from pathlib import Path

from analytics import texts
from analytics.access import Actor, operator
from analytics.api import UPLOAD_KEYS, ApiError
from analytics.api import undo as undo_upload
from analytics.cli import CliError, add_campaign_option, add_db_option, add_server_options, connect, emit_table, iso_date
from analytics.commands.base import acting_actor, add_actor_options
from analytics.ingest import KIND_ORDER, KINDS, ImportOptions, import_file, list_uploads, template_bytes
from analytics.ingest.pipeline import detect_kind
from analytics.ingest.layout import find_tables
from analytics.ingest.reading import WorkbookRefused
from analytics.ingest.worker import read_in_worker

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}


def register(sub) -> None:
    ingest = sub.add_parser(
        "ingest", help=texts.CLI_INGEST_HELP,
        description="Nhập một hoặc nhiều tệp Excel (hoặc thư mục). Kiểm tra, xem trước (--dry-run), ghi trong một "
                    "giao dịch; mã thoát 0 khi mọi tệp được nhận hoặc đã nhập trước đó, 1 khi có tệp bị từ chối.",
    )
    ingest.add_argument("files", nargs="+", metavar="FILE", help="tệp .xlsx/.xls/.ods hoặc thư mục chứa chúng")
    ingest.add_argument("--kind", choices=KINDS, help="loại báo cáo (mặc định: tự nhận dạng từ tiêu đề cột)")
    ingest.add_argument("--date", type=iso_date, metavar="YYYY-MM-DD", help="ngày báo cáo khi tệp không ghi ngày")
    ingest.add_argument("--district", metavar="NAME", help="huyện khi tệp không ghi")
    ingest.add_argument("--commune", metavar="NAME", help="xã khi tệp không ghi")
    ingest.add_argument("--source", choices=("viettel", "vnpost"), help="doanh nghiệp báo cáo (tệp enterprise)")
    ingest.add_argument("--include-hidden", action="store_true",
                        help="đọc cả trang tính, hàng và cột bị ẩn (mặc định: bỏ qua và liệt kê)")
    ingest.add_argument("--target-unit", choices=("pct", "households"),
                        help="đơn vị chỉ tiêu khi tệp chỉ tiêu không ghi: pct = %% số hộ, households = số hộ")
    ingest.add_argument("--values", choices=("daily", "cumulative"),
                        help="cột số lượng không ghi «trong ngày» hay «lũy kế»: daily = số mở mới trong ngày, "
                             "cumulative = số lũy kế")
    ingest.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra và xem trước, không ghi gì")
    ingest.add_argument("--json", action="store_true", help="mỗi tệp một dòng JSON trên stdout")
    add_actor_options(ingest)
    add_db_option(ingest)
    add_server_options(ingest, remote_ingest)
    ingest.set_defaults(func=cmd_ingest)

    uploads = sub.add_parser("uploads", help="danh sách các lần nhập", description="Các lần nhập, mới nhất trước.")
    uploads.add_argument("--json", action="store_true", help="xuất JSON thay cho CSV")
    uploads.add_argument("--limit", type=int, default=1000, help="số dòng tối đa (mặc định 1000)")
    add_db_option(uploads)
    add_server_options(uploads, remote_uploads)
    uploads.set_defaults(func=cmd_uploads)

    undo = sub.add_parser("undo", help="hoàn tác một lần nhập",
                          description="Hoàn tác một lần nhập: dữ liệu trở lại như trước lần nhập đó. Không có --yes "
                                      "thì chỉ in những gì sẽ bị gỡ (đơn vị, ngày, số liệu trước/sau) và không ghi gì.")
    undo.add_argument("upload_id", type=int, metavar="UPLOAD_ID")
    undo.add_argument("--yes", action="store_true", help="xác nhận hoàn tác (thiếu thì chỉ xem trước)")
    undo.add_argument("--confirm-id", type=int, metavar="UPLOAD_ID",
                      help="gõ lại số lần nhập khi các số liệu khác dựa trên nó (mùa dữ liệu mẫu, tệp số hộ có báo "
                           "cáo sau dùng các thôn của nó)")
    undo.add_argument("--json", action="store_true", help="xuất kết quả dạng JSON")
    add_actor_options(undo)
    add_db_option(undo)
    add_server_options(undo, remote_undo)
    undo.set_defaults(func=cmd_undo)

    template = sub.add_parser("template", help="ghi tệp mẫu Excel của một loại báo cáo",
                              description="Ghi tệp mẫu (tiêu đề cột tiếng Việt, một dòng ví dụ, trang hướng dẫn).")
    template.add_argument("kind", choices=KINDS, metavar="KIND", help="một trong: " + ", ".join(KINDS))
    template.add_argument("--out", required=True, metavar="FILE", help="tệp .xlsx cần ghi")
    add_campaign_option(template)
    template.set_defaults(func=cmd_template)


def _actor(args, con) -> Actor:
    """Who an import acts as: the acting account (see acting_actor); a dry run, which writes
    nothing, may name none and then previews as the machine's operator."""
    if args.dry_run and not (args.user or args.as_admin):
        try:
            return operator(getpass.getuser())
        except (KeyError, OSError):
            return operator("cli")
    return acting_actor(args, con)


def expand_paths(names: list[str]) -> list[Path]:
    """Files as given; folders become their Excel files (sorted, hidden and lock files left out)."""
    found: list[Path] = []
    for name in names:
        path = Path(name)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in EXCEL_SUFFIXES
                                and not p.name.startswith((".", "~$"))))
        elif path.is_file():
            found.append(path)
        else:
            raise CliError(texts.CLI_INGEST_MISSING.format(path=name))
    if not found:
        raise CliError(texts.CLI_INGEST_NO_FILES.format(paths=", ".join(names)))
    return found


def import_order(paths: list[Path], settings, kind: str | None) -> list[Path]:
    """Villages before rosters before daily figures, then by name (dates in names sort too)."""
    def key(path: Path) -> tuple[int, str]:
        detected = kind
        if detected is None:
            try:
                grids = read_in_worker(path.read_bytes(), int(settings.max_file_mb * 1_000_000),
                                       limits=settings.read_limits)
                detected = detect_kind([t for g in grids for t in find_tables(g)], path.name)
            except WorkbookRefused:
                detected = None
        return KIND_ORDER.get(detected or "", 9), path.name
    return sorted(paths, key=key) if len(paths) > 1 else paths


def _print_result(result: dict, as_json: bool) -> None:
    """One file's result (the `ingest --json` object, local or from the server) as the CLI prints it."""
    if as_json:
        print(json.dumps(result, ensure_ascii=False, default=str), flush=True)
        return
    upload = texts.CLI_INGEST_UPLOAD.format(id=result["upload_id"]) if result["upload_id"] else ""
    print(texts.CLI_INGEST_LINE.format(file=result["file"], status=texts.IMPORT_STATUSES[result["status"]],
                                       kind=result["kind"] or "?", rows=result["rows"], upload=upload))
    for table in result["tables"]:
        print(texts.CLI_INGEST_TABLE.format(sheet=table["sheet"], row=table["header_row"]))
        for column in table["columns"]:
            print(texts.CLI_INGEST_COLUMN.format(**column))
    for match in result["matches"]:
        if not match.get("exact", True):
            print(texts.CLI_INGEST_MATCH.format(**match))
    for severity in ("error", "warning"):
        for issue in result[severity + "s"]:
            where = ", ".join(str(p) for p in (issue["sheet"], f"dòng {issue['row']}" if issue["row"] else None,
                                               issue["column"], f"«{issue['value']}»" if issue["value"] else None)
                              if p)
            print(texts.CLI_INGEST_ISSUE.format(severity=texts.IMPORT_SEVERITY[severity], where=where,
                                                message=issue["message"]))


def cmd_ingest(args) -> int:
    paths = expand_paths(args.files)
    con, settings = connect(args)
    refused = False
    try:
        actor = _actor(args, con)
        for path in import_order(paths, settings, args.kind):
            options = ImportOptions(kind=args.kind, report_date=args.date, district=args.district,
                                    commune=args.commune, source=args.source, actor=actor,
                                    include_hidden=args.include_hidden, target_unit=args.target_unit,
                                    values=args.values)
            result = import_file(con, settings, path.read_bytes(), path.name, options, args.dry_run).as_json()
            refused = refused or result["status"] == "refused"
            _print_result(result, args.json)
    finally:
        con.close()
    return 1 if refused else 0


def remote_ingest(args, server) -> int:
    """ingest through the running dashboard, file by file in the same order, as the token's account."""
    from analytics.settings import load_settings

    paths = expand_paths(args.files)
    params = {"kind": args.kind, "date": args.date, "district": args.district, "commune": args.commune,
              "source": args.source, "include_hidden": args.include_hidden, "target_unit": args.target_unit,
              "values": args.values, "dry_run": args.dry_run}
    refused = False
    for path in import_order(paths, load_settings(), args.kind):
        result = server.upload(path, params)
        refused = refused or result["status"] == "refused"
        _print_result(result, args.json)
    return 1 if refused else 0


def cmd_uploads(args) -> int:
    con, _ = connect(args)
    try:
        frame = list_uploads(con, args.limit)
    finally:
        con.close()
    if frame.empty and not args.json:
        print(texts.CLI_UPLOADS_EMPTY)
        return 0
    emit_table(frame[UPLOAD_KEYS], "json" if args.json else "csv")
    return 0


def remote_uploads(args, server) -> int:
    """uploads through the running dashboard (an account that may import)."""
    response = server.call("GET", "/imports", params={"format": "json" if args.json else "csv", "limit": args.limit})
    if response.headers.get("X-Rows") == "0" and not args.json:
        print(texts.CLI_UPLOADS_EMPTY)
        return 0
    sys.stdout.write(response.text)
    return 0


def _print_undo_preview(preview: dict) -> None:
    """An undo preview (UndoPreview.as_json, local or from the server) as lines of text."""
    print(texts.CLI_UNDO_PREVIEW.format(
        id=preview["upload_id"], file=preview["file"], kind=texts.UPLOAD_KIND_LABELS.get(preview["kind"], preview["kind"]),
        user=preview["user_name"], at=dt.datetime.fromisoformat(preview["uploaded_at"]).strftime("%d/%m/%Y %H:%M"),
        rows=preview["rows"], units=preview["units"], days=preview["days"]))
    if preview["units"]:
        names = preview["unit_names"]
        print(texts.CLI_UNDO_UNITS.format(units=", ".join(names[:20]) + (" …" if preview["units"] > 20 else "")))
    if preview["days"]:
        print(texts.CLI_UNDO_DAYS.format(first=dt.date.fromisoformat(preview["first_day"]).strftime("%d/%m/%Y"),
                                         last=dt.date.fromisoformat(preview["last_day"]).strftime("%d/%m/%Y")))
    for figure, before in preview["before"].items():
        print(texts.CLI_UNDO_FIGURE.format(figure=texts.UNDO_FIGURES[figure], before=f"{before:,.0f}",
                                           after=f"{preview['after'][figure]:,.0f}"))
    for dependant in preview["dependant_uploads"]:
        print(texts.CLI_UNDO_DEPENDANT.format(**dependant))
    for reason in preview["reasons"]:
        print(texts.CLI_UNDO_REASON.format(reason=reason))


def _report_undo(args, body: dict) -> int:
    """Print an undo's answer (analytics.api.undo, local or from the server) as `undo` does:
    the preview, then the undo done, or why not (exit 1)."""
    preview = body.get("preview")
    if preview is not None:
        if args.json and not args.yes:
            print(json.dumps(preview, ensure_ascii=False, default=str))
        elif not args.json:
            _print_undo_preview(preview)
    done = body.get("undone")
    if done is None:
        if body.get("need_yes"):
            needs = texts.CLI_UNDO_NEED_CONFIRM_ID.format(id=args.upload_id) if preview["needs_confirm_id"] else ""
            raise CliError(texts.CLI_UNDO_NEED_YES.format(id=args.upload_id, confirm=needs))
        raise CliError(body["error"])
    if args.json:
        print(json.dumps(done, ensure_ascii=False))
    else:
        print(texts.CLI_UNDO_DONE.format(id=done["upload_id"], file=done["file"]))
    return 0


def cmd_undo(args) -> int:
    con, _ = connect(args)
    try:
        actor = acting_actor(args, con)
        try:
            body = undo_upload(con, actor, args.upload_id, args.yes, args.confirm_id)
        except ApiError as exc:
            body = exc.body
    finally:
        con.close()
    return _report_undo(args, body)


def remote_undo(args, server) -> int:
    """undo through the running dashboard, as the token's account (same preview and confirmations)."""
    params = {"yes": "true"} if args.yes else {}
    if args.confirm_id is not None:
        params["confirm_id"] = str(args.confirm_id)
    response = server.call("POST", f"/imports/{args.upload_id}/undo", accept=(200, 403, 409), data=params)
    return _report_undo(args, response.json())


def cmd_template(args) -> int:
    from analytics.settings import SettingsError, load_settings

    try:
        campaign = load_settings().campaign_by_id(args.campaign)
    except SettingsError as exc:
        raise CliError(exc.problem) from None
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(template_bytes(args.kind, campaign.has_districts))
    print(texts.CLI_TEMPLATE_DONE.format(kind=args.kind, path=out))
    return 0

