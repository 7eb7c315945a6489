"""The ranking command: an emulation ranking written to an official .xlsx or a .csv file."""

from __future__ import annotations

import argparse
from pathlib import Path
from urllib.parse import unquote

from analytics import texts
from analytics.api import parse_weights, ranking_file
from analytics.cli import CliError, add_db_option, connect, add_server_options, add_user_option, iso_date, read_actor
from analytics.ranking import CRITERIA, LEVELS, RankingError


def register(sub) -> None:
    parser = sub.add_parser(
        "ranking", help="xếp hạng thi đua, ghi ra tệp .xlsx (mẫu văn bản hành chính) hoặc .csv",
        description=texts.CLI_RANKING_DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--level", choices=LEVELS, required=True, help="cấp xếp hạng: huyện, xã hoặc thôn")
    parser.add_argument("--district", metavar="NAME", help="chỉ các xã của huyện này (tên hoặc mã)")
    parser.add_argument("--commune", metavar="NAME", help="các thôn của xã này (bắt buộc với --level village)")
    parser.add_argument("--as-of", type=iso_date, metavar="YYYY-MM-DD",
                        help="số liệu đến hết ngày (mặc định: ngày cuối chiến dịch)")
    parser.add_argument("--compare", type=iso_date, metavar="YYYY-MM-DD",
                        help="so sánh thứ hạng với ngày này (cột thay đổi ↑ ↓)")
    parser.add_argument("--criteria", nargs="+", choices=CRITERIA, metavar="CRITERION",
                        help="các tiêu chí (mặc định: theo [ranking.weights] trong cấu hình); có: " + ", ".join(CRITERIA))
    parser.add_argument("--weights", nargs="+", metavar="W",
                        help="trọng số theo thứ tự --criteria (30 20 ...) hoặc dạng tiêu_chí=trọng_số")
    parser.add_argument("--separate-phases", action="store_true",
                        help="xếp hạng riêng các huyện giai đoạn 1 và giai đoạn 2")
    parser.add_argument("--today-communes", action="store_true",
                        help="xếp hạng các xã, phường sau 1/7/2025 của toàn tỉnh (--level commune): số liệu cộng lại "
                             "theo bảng chuyển đổi")
    parser.add_argument("--out", required=True, metavar="FILE.xlsx|FILE.csv", help="tệp kết quả")
    add_user_option(parser)
    add_db_option(parser)
    add_server_options(parser, remote_ranking)
    parser.set_defaults(func=cmd_ranking)


def cmd_ranking(args) -> int:
    out = _out_path(args)
    con, settings = connect(args)
    try:
        answer = ranking_file(con, settings, read_actor(args, con), args.level, out.suffix.lower()[1:], args.as_of,
                              args.district, args.commune, args.compare, args.criteria, args.weights,
                              args.separate_phases, args.today_communes)
    except RankingError as exc:
        raise CliError(str(exc)) from None
    finally:
        con.close()
    return _written(args, out, answer.data, answer.rows, answer.scope)


def remote_ranking(args, server) -> int:
    """ranking through the running dashboard: the same file, read as the token's account."""
    out = _out_path(args)
    params = [("level", args.level), ("format", out.suffix.lower()[1:]), ("as_of", args.as_of),
              ("district", args.district), ("commune", args.commune), ("compare", args.compare),
              ("separate_phases", args.separate_phases), ("today_communes", args.today_communes)]
    params += [("criteria", c) for c in args.criteria or []] + [("weights", w) for w in args.weights or []]
    response = server.call("GET", "/ranking", params=[(k, str(v)) for k, v in params if v])
    return _written(args, out, response.content, int(response.headers["X-Rows"]),
                    unquote(response.headers["X-Scope"]))


def _out_path(args) -> Path:
    """--out, checked before any work: .xlsx or .csv (and a commune for a village ranking)."""
    out = Path(args.out)
    if out.suffix.lower() not in (".xlsx", ".csv"):
        raise CliError(texts.CLI_RANKING_BAD_OUT.format(path=out))
    if args.level == "village" and not args.commune:
        raise CliError(texts.RANKING_VILLAGES_NEED_COMMUNE)
    if args.today_communes and (args.level != "commune" or args.district or args.commune):
        raise CliError(texts.REFORM_PROVINCE_ONLY)
    parse_weights(args.criteria, args.weights)
    return out


def _written(args, out: Path, data: bytes, rows: int, scope: str) -> int:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    units = texts.REFORM_UNITS if args.today_communes else texts.LEVELS_PLURAL[args.level].lower()
    print(texts.CLI_RANKING_DONE.format(count=rows, units=units, scope=scope, path=out))
    return 0
