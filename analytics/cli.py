"""Command line: `python -m analytics COMMAND ...` (see README)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Callable

import pandas as pd

from analytics import texts
from analytics.access import AccessDenied, Actor
from analytics.db import DatabaseLockedError, DatabaseVersionError, open_database
from analytics.export import neutralised
from analytics.settings import SettingsError, load_settings

# Every command module exposes register(subparsers) and sets `func` on its parser; later
# features add their module name here.
COMMAND_MODULES = [
    "analytics.commands.base",
    "analytics.commands.ingest",
    "analytics.commands.ranking",
    "analytics.commands.progress",
    "analytics.commands.users",
]


class CliError(Exception):
    """A user-facing failure: printed in Vietnamese, exit code 1."""

    exit_code = 1


class CliRefused(CliError):
    """The command may not run as asked (no account named, unknown or disabled account, no
    right to write): printed in Vietnamese, exit code 2."""

    exit_code = 2


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"ngày «{text}» phải có dạng YYYY-MM-DD") from None


def add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", metavar="PATH", help="tệp cơ sở dữ liệu (mặc định: $DASHBOARD_DB hoặc data/dashboard.duckdb)"
    )
    add_campaign_option(parser)


def add_campaign_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--campaign", metavar="ID", help=texts.CLI_CAMPAIGN_HELP)


def add_format_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("csv", "json"), default="csv", help="định dạng đầu ra (mặc định csv)")


def add_user_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--user", metavar="NAME",
                        help="đọc số liệu với quyền của tài khoản này (mặc định: người vận hành máy, toàn tỉnh)")


def add_server_options(parser: argparse.ArgumentParser, remote: Callable) -> None:
    """--server / --token of a command that can also work through the running dashboard's API;
    `remote(args, server)` is how it does so (analytics/remote.py)."""
    parser.add_argument("--server", metavar="URL", help=texts.CLI_SERVER_HELP)
    parser.add_argument("--token", metavar="TOKEN", help=texts.CLI_TOKEN_OPTION_HELP)
    parser.set_defaults(remote=remote)


def read_actor(args, con) -> Actor:
    """Who a read command acts as: the account named by --user (its role and scope from the
    account table), else the machine's operator (the whole province)."""
    from analytics.access import actor_for_account, operator

    name = getattr(args, "user", None)
    if not name:
        return operator()
    row = con.cursor().execute(
        "SELECT username, role, scope_code, display_name, scope_version FROM account "
        "WHERE username = ? AND NOT disabled",
        [name],
    ).fetchone()
    if row is None:
        raise CliError(texts.CLI_UNKNOWN_USER.format(user=name))
    actor = actor_for_account(con, *row)
    if actor.unscoped:
        raise AccessDenied(actor.unscoped)
    return actor


def emit_table(frame: pd.DataFrame, fmt: str, out=None) -> None:
    """Print a table as CSV (formula-like text neutralised, as in the exports: names and file
    names come from uploaded files) or as a JSON list of objects."""
    out = out or sys.stdout
    if fmt == "json":
        # one write: json.dump writes piece by piece, which an unbuffered pipe pays per piece
        records = json.loads(frame.to_json(orient="records", date_format="iso", force_ascii=False))
        out.write(json.dumps(records, ensure_ascii=False, indent=1) + "\n")
    else:
        neutralised(frame).to_csv(out, index=False)


def resolve_scope(con, district_name: str | None, commune_name: str | None = None,
                  settings=None) -> tuple[str | None, str | None]:
    """Codes of the --district and --commune named on the command line (None when not given);
    an unknown or ambiguous name stops the command with the candidates, and so does a district
    named in a campaign (`settings`) without districts."""
    from analytics.units import NoDistrictLevel, UnitLookupError, require_districts, resolve_unit

    try:
        if settings is not None:
            require_districts(settings, district=district_name)
        district = resolve_unit(con, "district", district_name) if district_name else None
        commune = resolve_unit(con, "commune", commune_name, district) if commune_name else None
    except (UnitLookupError, NoDistrictLevel) as exc:
        raise CliError(str(exc)) from None
    return district, commune


def connect(args):
    """Open the database named by --db (or the environment / default) for a command, bound to the
    campaign named by --campaign (default: the settings' first); (connection, the campaign's
    settings). An unknown campaign stops the command with the campaigns there are."""
    from analytics import campaigns

    settings = load_settings()
    wanted = getattr(args, "campaign", None)
    try:
        settings.campaign_by_id(wanted)
    except SettingsError as exc:
        raise CliError(exc.problem) from None
    con = open_database(getattr(args, "db", None))
    try:
        campaigns.adopt_legacy(con, settings)
        bound = campaigns.bind(con, settings, wanted)
    except campaigns.CampaignNotReady as exc:
        con.close()
        raise CliError(str(exc)) from None
    bound.owns_root = True
    return bound, campaigns.settings_of(bound, settings)


def build_parser() -> argparse.ArgumentParser:
    import importlib

    parser = argparse.ArgumentParser(
        prog="python -m analytics",
        description="Bảng điều khiển chuyển đổi số cấp xã: dòng lệnh quản trị dữ liệu.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def _run(args) -> int | None:
    """The command on the local database; through the server with --server, or when the file is
    locked and $DASHBOARD_URL names a server (said on stderr)."""
    from analytics.remote import Server, server_url

    remote = getattr(args, "remote", None)
    if remote is None:
        return args.func(args)
    url = server_url(args, explicit_only=True)
    if url:
        return remote(args, Server.from_args(args, url))
    try:
        return args.func(args)
    except DatabaseLockedError as exc:
        url = server_url(args)
        if not url:
            raise DatabaseLockedError(str(exc) + texts.CLI_LOCKED_TRY_SERVER) from exc
        print(texts.CLI_LOCKED_USING_SERVER.format(url=url), file=sys.stderr)
        return remote(args, Server.from_args(args, url))


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)

    from analytics.units import NoDistrictLevel

    try:
        result = _run(args)
    except AccessDenied as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except (CliError, SettingsError, DatabaseLockedError, DatabaseVersionError, NoDistrictLevel) as exc:
        print(str(exc), file=sys.stderr)
        return getattr(exc, "exit_code", 1)
    except BrokenPipeError:
        # the reader (e.g. `| head`) stopped early: not an error of ours
        sys.stdout = open(os.devnull, "w")
        return 0
    return int(result or 0)
