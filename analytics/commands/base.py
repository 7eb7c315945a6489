"""Foundation commands: init, demo, coverage; who acts for a command that writes."""

from __future__ import annotations

import getpass
import sys
import time

from analytics import texts
from analytics.access import Actor, operator
from analytics.api import coverage_table
from analytics.cli import (
    CliError, CliRefused, add_db_option, connect, add_format_option, add_server_options, add_user_option, emit_table, iso_date,
    read_actor,
)
from analytics.coverage import LEVELS
from analytics.db import is_empty, open_database
from analytics.paths import database_path
from analytics.reference import initialise
from analytics.settings import HIERARCHIES, load_settings


def add_actor_options(parser) -> None:
    """--user / --as-admin / --password-stdin of a command that writes (see acting_actor)."""
    parser.add_argument("--user", metavar="NAME", help=texts.CLI_ACTING_USER_HELP)
    parser.add_argument("--as-admin", action="store_true", help=texts.CLI_AS_ADMIN_HELP)
    parser.add_argument("--password-stdin", action="store_true", help=texts.CLI_PASSWORD_STDIN_HELP)


def read_password(args, prompt: str) -> str:
    """One password: the next line of standard input with --password-stdin (successive calls
    read successive lines: the acting account's first, then a new one), else asked without echo."""
    if getattr(args, "password_stdin", False):
        line = sys.stdin.readline()
        if not line:
            raise CliError(texts.CLI_PASSWORD_NONE)
        return line.rstrip("\r\n")
    return getpass.getpass(prompt)


def acting_actor(args, con) -> Actor:
    """The Actor a writing command acts as: the account named by --user (its password from
    --password-stdin or asked; unknown, disabled, locked or a wrong password refuse the command,
    exit 2, and the attempt is audited) or the machine's operator with --as-admin."""
    from analytics.accounts import authenticate

    name = getattr(args, "user", None)
    as_admin = getattr(args, "as_admin", False)
    if name and as_admin:
        raise CliRefused(texts.CLI_BOTH_ACTORS)
    if as_admin:
        return operator()
    if not name:
        raise CliRefused(texts.CLI_NEED_ACTOR)
    password = read_password(args, texts.CLI_PASSWORD_PROMPT.format(name=name))
    result = authenticate(con, name, password, load_settings().auth, client="cli")
    if not result.ok:
        raise CliRefused(texts.CLI_ACTOR_REFUSED.format(name=name) + " " + result.message)
    return result.actor


def register(sub) -> None:
    init = sub.add_parser("init", help="tạo cơ sở dữ liệu trống với danh mục hành chính và cấu hình",
                          description="Tạo cơ sở dữ liệu trống: danh mục tỉnh, huyện, xã (mã GSO) và cấu hình chiến dịch.")
    init.add_argument("--province", metavar="CODE", help="mã tỉnh theo GSO (mặc định: theo data/settings.toml, 20 = Lạng Sơn)")
    init.add_argument("--hierarchy", choices=HIERARCHIES, help=texts.CLI_HIERARCHY_HELP)
    add_db_option(init)
    init.set_defaults(func=cmd_init)

    demo = sub.add_parser("demo", help="tạo mùa dữ liệu mẫu Lạng Sơn 2021",
                          description="Tạo mùa dữ liệu mẫu Lạng Sơn 2021 (tất định: cùng hạt giống cho cùng dữ liệu).")
    demo.add_argument("--force", action="store_true",
                      help="thay toàn bộ nội dung tệp đã có dữ liệu (cần --as-admin hoặc --user của quản trị)")
    add_actor_options(demo)
    add_db_option(demo)
    demo.set_defaults(func=cmd_demo)

    cov = sub.add_parser("coverage", help="độ phủ hộ gia đình theo cấp, đến một ngày",
                         description="Một dòng cho mỗi đơn vị: số hộ, cửa hàng số, tài khoản, hộ có giao dịch (lũy kế), tỷ lệ %, tổ CNS, thành viên.")
    cov.add_argument("--level", choices=LEVELS, required=True, help="cấp đơn vị")
    cov.add_argument("--as-of", type=iso_date, metavar="YYYY-MM-DD", help="đến hết ngày (mặc định: ngày cuối chiến dịch)")
    cov.add_argument("--district", metavar="NAME", help="chỉ các đơn vị thuộc huyện này")
    cov.add_argument("--commune", metavar="NAME", help="chỉ các đơn vị thuộc xã này")
    cov.add_argument("--today-communes", action="store_true",
                     help="cộng lại theo các xã, phường sau 1/7/2025 (--level commune; --level village: thôn kèm xã "
                          "hiện nay); cột split_part, apportioned, outside_scope, reform_note cho biết phần chia tách")
    add_format_option(cov)
    add_user_option(cov)
    add_db_option(cov)
    add_server_options(cov, remote_coverage)
    cov.set_defaults(func=cmd_coverage)


def cmd_init(args) -> int:
    from analytics import campaigns
    from analytics.reference import province_advice, reference_units
    from analytics.settings import SettingsError

    settings = load_settings()
    try:
        own = settings.for_campaign(args.campaign)
    except SettingsError as exc:
        raise CliError(exc.problem) from None
    if args.province:
        version = args.hierarchy or own.campaign.hierarchy
        try:
            reference_units(args.province, version)
        except SettingsError:
            raise CliError(texts.CLI_INIT_UNKNOWN_PROVINCE.format(
                code=args.province, version=version, advice=province_advice(args.province, version))) from None
    con = open_database(args.db)
    try:
        campaigns.adopt_legacy(con, settings)
        if args.campaign is None and not is_empty(con):
            raise CliError(texts.CLI_INIT_NOT_EMPTY.format(path=database_path(args.db)))
        added = initialise(con, own, args.province, hierarchy=args.hierarchy)
    except campaigns.CampaignNotReady as exc:
        raise CliError(str(exc)) from None
    finally:
        con.close()
    print(texts.CLI_INIT_DONE.format(path=database_path(args.db), units=added, campaign=own.campaign.name))
    return 0


def cmd_demo(args) -> int:
    from analytics import audit
    from analytics.access import require_admin
    from analytics.db import run_in_transaction
    from analytics.demo import build_demo

    started = time.perf_counter()
    settings = load_settings()
    con = open_database(args.db)
    try:
        actor = None
        if not is_empty(con):
            if not args.force:
                raise CliError(texts.DB_NOT_EMPTY.format(path=database_path(args.db)))
            actor = acting_actor(args, con)
            require_admin(actor)
        summary = build_demo(con, settings, replace=True)
        if actor is not None:
            run_in_transaction(con, lambda cur: audit.record(cur, actor, "demo_replace", "demo season",
                                                             summary), data=False)
    finally:
        con.close()
    print(texts.CLI_DEMO_DONE.format(path=database_path(args.db), seconds=time.perf_counter() - started, **summary))
    return 0


def cmd_coverage(args) -> int:
    con, settings = connect(args)
    try:
        frame = coverage_table(con, settings, read_actor(args, con), args.level, args.as_of, args.district,
                               args.commune, args.today_communes)
    finally:
        con.close()
    emit_table(frame, args.format)
    return 0


def remote_coverage(args, server) -> int:
    """coverage through the running dashboard: the token's account reads (not --user)."""
    params = {"level": args.level, "as_of": args.as_of, "district": args.district, "commune": args.commune,
              "format": args.format, "today_communes": args.today_communes}
    response = server.call("GET", "/coverage", params={k: str(v) for k, v in params.items() if v})
    sys.stdout.write(response.text)
    return 0
