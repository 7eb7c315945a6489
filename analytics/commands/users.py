"""Account commands: user add, list, disable, passwd (admins: --as-admin or --user of an admin);
user token create, list, revoke (an admin for any account, an account for its own tokens)."""

from __future__ import annotations

from analytics import texts
from analytics.access import ROLES, require_admin
from analytics.accounts import AccountError, add_account, disable_account, list_accounts, set_password
from analytics.api_tokens import create_token, list_tokens, revoke_token
from analytics.cli import CliError, add_db_option, add_format_option, connect, emit_table
from analytics.commands.base import acting_actor, add_actor_options, read_password

TOKEN_KEYS = ["id", "name", "username", "created_at", "created_by", "last_used_at", "revoked_at"]
ACCOUNT_KEYS = ["username", "display_name", "email", "role", "scope_code", "scope_name", "disabled", "locked_until",
                "created_at", "created_by"]


def register(sub) -> None:
    user = sub.add_parser("user", help=texts.CLI_USER_HELP, description=texts.CLI_USER_HELP)
    actions = user.add_subparsers(dest="action", required=True, metavar="ACTION")

    add = actions.add_parser("add", help="tạo tài khoản",
                             description="Tạo tài khoản. Mật khẩu được hỏi hai lần (hoặc đọc từ --password-stdin: "
                                         "dòng đầu là mật khẩu của --user nếu có, dòng sau là mật khẩu mới).")
    add.add_argument("name", metavar="NAME", help="tên đăng nhập (chữ thường không dấu, số, . _ -)")
    add.add_argument("--role", choices=ROLES, required=True, help="admin, district, commune hoặc viewer")
    add.add_argument("--scope", metavar="UNIT", help="huyện (district), xã (commune), huyện hoặc xã (viewer; "
                                                     "bỏ trống = toàn tỉnh); tên hoặc mã")
    add.add_argument("--email", metavar="E", help="địa chỉ thư (đăng nhập bằng tài khoản tổ chức)")
    add.add_argument("--display-name", metavar="TEXT", default="", help="tên hiển thị")
    add_actor_options(add)
    add_db_option(add)
    add.set_defaults(func=cmd_user_add)

    listing = actions.add_parser("list", help="danh sách tài khoản", description="Một dòng cho mỗi tài khoản.")
    add_format_option(listing)
    add_actor_options(listing)
    add_db_option(listing)
    listing.set_defaults(func=cmd_user_list)

    disable = actions.add_parser("disable", help="vô hiệu hóa tài khoản",
                                 description="Vô hiệu hóa tài khoản và kết thúc các phiên đăng nhập của nó.")
    disable.add_argument("name", metavar="NAME")
    add_actor_options(disable)
    add_db_option(disable)
    disable.set_defaults(func=cmd_user_disable)

    passwd = actions.add_parser("passwd", help="đặt mật khẩu mới (mở khóa tài khoản)",
                                description="Đặt mật khẩu mới cho tài khoản; xóa khóa do nhập sai.")
    passwd.add_argument("name", metavar="NAME")
    add_actor_options(passwd)
    add_db_option(passwd)
    passwd.set_defaults(func=cmd_user_passwd)

    token = actions.add_parser("token", help=texts.CLI_TOKEN_HELP, description=texts.CLI_TOKEN_HELP)
    token_actions = token.add_subparsers(dest="token_action", required=True, metavar="ACTION")
    create = token_actions.add_parser("create", help="tạo mã truy cập (chỉ hiện một lần)",
                                      description="Tạo mã truy cập API cho một tài khoản; mã chỉ in ra một lần.")
    create.add_argument("name", metavar="NAME", help="tên gợi nhớ: dùng vào việc gì (ví dụ «nhap-hang-dem»)")
    create.add_argument("--for", dest="account", required=True, metavar="ACCOUNT",
                        help="tài khoản mà mã thay mặt (vai trò và phạm vi của nó áp dụng)")
    token_list = token_actions.add_parser("list", help="danh sách mã truy cập (không bao giờ in mã)",
                                          description="Một dòng cho mỗi mã truy cập: số, tên, tài khoản, ngày tạo, "
                                                      "lần dùng cuối, ngày thu hồi.")
    add_format_option(token_list)
    revoke = token_actions.add_parser("revoke", help="thu hồi mã truy cập", description="Thu hồi một mã truy cập.")
    revoke.add_argument("token_id", type=int, metavar="ID")
    for parser, func in ((create, cmd_token_create), (token_list, cmd_token_list), (revoke, cmd_token_revoke)):
        add_actor_options(parser)
        add_db_option(parser)
        parser.set_defaults(func=func)


def _admin(args, con):
    actor = acting_actor(args, con)
    require_admin(actor)
    return actor


def _new_password(args, name: str) -> str:
    first = read_password(args, texts.CLI_NEW_PASSWORD_PROMPT.format(name=name))
    if not args.password_stdin and first != read_password(args, texts.CLI_NEW_PASSWORD_AGAIN):
        raise CliError(texts.CLI_PASSWORD_MISMATCH)
    return first


def _scope_code(con, role: str, scope: str | None) -> str | None:
    """The code of --scope, read at the level the role needs (a viewer: a district first)."""
    from analytics.units import UnitLookupError, resolve_unit

    if not scope:
        return None
    levels = {"district": ["district"], "commune": ["commune"], "viewer": ["district", "commune"]}.get(role)
    if levels is None:
        raise CliError(texts.ACCOUNT_SCOPE_ADMIN)
    error = None
    for level in levels:
        try:
            return resolve_unit(con, level, scope)
        except UnitLookupError as exc:
            error = error or exc
    raise CliError(str(error))


def cmd_user_add(args) -> int:
    con, _ = connect(args)
    try:
        actor = _admin(args, con)
        code = _scope_code(con, args.role, args.scope)
        password = _new_password(args, args.name)
        try:
            created = add_account(con, actor, args.name, args.role, code, password, args.email, args.display_name)
        except AccountError as exc:
            raise CliError(str(exc)) from None
        scope = ""
        if code:
            scope = ", " + con.execute("SELECT name FROM unit_current WHERE code = ?", [code]).fetchone()[0]
    finally:
        con.close()
    print(texts.CLI_USER_ADDED.format(name=created.username, role=texts.ROLES[created.role], scope=scope))
    return 0


def cmd_user_list(args) -> int:
    frame = _account_work(args, _admin, lambda con, actor: list_accounts(con))
    return _print_table(frame, ACCOUNT_KEYS, args.format, texts.CLI_USERS_EMPTY)


def _account_work(args, actor_of, work):
    """work(con, actor) as the acting account (actor_of: _admin or acting_actor); an
    AccountError is the command's refusal."""
    con, _ = connect(args)
    try:
        actor = actor_of(args, con)
        try:
            return work(con, actor)
        except AccountError as exc:
            raise CliError(str(exc)) from None
    finally:
        con.close()


def _print_table(frame, keys: list[str], fmt: str, empty: str) -> int:
    if frame.empty and fmt == "csv":
        print(empty)
        return 0
    emit_table(frame[keys], fmt)
    return 0


def cmd_user_disable(args) -> int:
    _account_work(args, _admin, lambda con, actor: disable_account(con, actor, args.name))
    print(texts.CLI_USER_DISABLED.format(name=args.name))
    return 0


def cmd_user_passwd(args) -> int:
    _account_work(args, _admin, lambda con, actor: set_password(con, actor, args.name, _new_password(args, args.name)))
    print(texts.CLI_USER_PASSWORD_SET.format(name=args.name))
    return 0


def cmd_token_create(args) -> int:
    token_id, secret = _account_work(args, acting_actor,
                                     lambda con, actor: create_token(con, actor, args.name, args.account))
    print(texts.CLI_TOKEN_CREATED.format(id=token_id, name=args.name, account=args.account, secret=secret))
    return 0


def cmd_token_list(args) -> int:
    frame = _account_work(args, acting_actor, list_tokens)
    return _print_table(frame, TOKEN_KEYS, args.format, texts.CLI_TOKENS_EMPTY)


def cmd_token_revoke(args) -> int:
    _account_work(args, acting_actor, lambda con, actor: revoke_token(con, actor, args.token_id))
    print(texts.CLI_TOKEN_REVOKED.format(id=args.token_id))
    return 0
