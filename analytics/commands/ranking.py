"""The ranking command: an emulation ranking written to an official .xlsx or a .csv file."""

from __future__ import annotations

import argparse
from pathlib import Path

from analytics import texts
from analytics.cli import CliError, add_db_option, add_user_option, iso_date, read_actor, resolve_scope
from analytics.db import open_database
from analytics.export import to_csv, to_xlsx
from analytics.ranking import CRITERIA, LEVELS, RankingError, ranking
from analytics.settings import load_settings


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
    parser.add_argument("--out", required=True, metavar="FILE.xlsx|FILE.csv", help="tệp kết quả")
    add_user_option(parser)
    add_db_option(parser)
    parser.set_defaults(func=cmd_ranking)


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


def cmd_ranking(args) -> int:
    out = Path(args.out)
    if out.suffix.lower() not in (".xlsx", ".csv"):
        raise CliError(texts.CLI_RANKING_BAD_OUT.format(path=out))
    if args.level == "village" and not args.commune:
        raise CliError(texts.RANKING_VILLAGES_NEED_COMMUNE)
    weights = parse_weights(args.criteria, args.weights)
    settings = load_settings()
    con = open_database(args.db)
    try:
        district, commune = resolve_scope(con, args.district, args.commune)
        as_of = args.as_of or settings.campaign_end
        try:
            result = ranking(con, settings, args.level, as_of, district=district, commune=commune,
                             compare=args.compare, weights=weights, separate_phases=args.separate_phases,
                             actor=read_actor(args, con))
        except RankingError as exc:
            raise CliError(str(exc)) from None
    finally:
        con.close()
    frame = result.export_frame()
    if out.suffix.lower() == ".csv":
        data = to_csv(frame)
    else:
        data = to_xlsx(frame, title=result.title, settings=settings, as_of=as_of, **result.export_options())
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    print(texts.CLI_RANKING_DONE.format(count=len(frame), units=texts.LEVELS_PLURAL[args.level].lower(),
                                        scope=result.scope_name, path=out))
    return 0
