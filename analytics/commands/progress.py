"""Progress commands: phases, timeliness, alerts."""

from __future__ import annotations

from analytics import alerts as alerts_mod
from analytics import discipline, phases, texts
from analytics.cli import (
    connect,
    CliError, add_db_option, add_format_option, add_user_option, emit_table, iso_date, read_actor, resolve_scope,
)

PHASE_KEYS = [
    "code", "name", "phase", "start", "end", "households", "stores", "accounts", "stores_target",
    "accounts_target", "stores_target_share", "accounts_target_share", "time_share", "stores_pace",
    "accounts_pace", "stores_projected", "accounts_projected", "projected_date", "status", "on_track", "days_left",
]


def register(sub) -> None:
    cmd = sub.add_parser("phases", help="tiến độ từng giai đoạn: %% chỉ tiêu so với %% thời gian, tốc độ, ngày dự kiến đạt",
                         description="Một dòng cho mỗi giai đoạn (hoặc mỗi huyện với --by district): %% chỉ tiêu đã đạt, "
                                     "%% thời gian đã qua, tốc độ 7 ngày, ngày dự kiến đạt chỉ tiêu và trạng thái.")
    cmd.add_argument("--as-of", type=iso_date, metavar="YYYY-MM-DD", help="đến hết ngày (mặc định: ngày cuối chiến dịch)")
    cmd.add_argument("--by", choices=("phase", "district", "commune"), default="phase",
                     help="theo giai đoạn (mặc định), theo huyện hoặc theo xã")
    add_format_option(cmd)
    add_user_option(cmd)
    add_db_option(cmd)
    cmd.set_defaults(func=cmd_phases)

    cmd = sub.add_parser("timeliness", help="kỷ luật báo cáo ngày: đúng hạn, muộn, thiếu; tỷ lệ đầy đủ và đúng hạn",
                         description="Một dòng cho mỗi huyện hoặc xã: số ngày phải báo cáo, đúng hạn, muộn, thiếu, "
                                     "tỷ lệ đầy đủ và tỷ lệ đúng hạn (%), trong các ngày thuộc giai đoạn của đơn vị.")
    cmd.add_argument("--level", choices=discipline.TIMELINESS_LEVELS, required=True, help="cấp tổng hợp")
    cmd.add_argument("--from", dest="start", type=iso_date, metavar="YYYY-MM-DD", help="từ ngày (mặc định: đầu chiến dịch)")
    cmd.add_argument("--to", dest="end", type=iso_date, metavar="YYYY-MM-DD", help="đến ngày (mặc định: cuối chiến dịch)")
    cmd.add_argument("--district", metavar="NAME", help="chỉ các đơn vị thuộc huyện này")
    add_format_option(cmd)
    add_user_option(cmd)
    add_db_option(cmd)
    cmd.set_defaults(func=cmd_timeliness)

    cmd = sub.add_parser("alerts", help="cảnh báo sớm: đứng im, chậm tiến độ, bất thường, thiếu báo cáo",
                         description="Một dòng cho mỗi cảnh báo tại một ngày: type, code, name, level, since, message "
                                     "và các số liệu kèm theo. Ngưỡng trong mục [alerts] của data/settings.toml.")
    cmd.add_argument("--as-of", type=iso_date, metavar="YYYY-MM-DD", required=True, help="tại ngày")
    cmd.add_argument("--type", choices=alerts_mod.TYPES, action="append", help="chỉ loại cảnh báo này (lặp lại được)")
    cmd.add_argument("--district", metavar="NAME", help="chỉ các xã thuộc huyện này")
    add_format_option(cmd)
    add_user_option(cmd)
    add_db_option(cmd)
    cmd.set_defaults(func=cmd_alerts)


def _iso_dates(frame, columns):
    """Dates as YYYY-MM-DD text (pandas writes Python dates in JSON as timestamps)."""
    return frame.assign(**{c: frame[c].map(lambda d: d.isoformat() if d is not None and d == d else None)
                           for c in columns})


def cmd_phases(args) -> int:
    con, settings = connect(args)
    try:
        frame = phases.progress(con, settings, args.as_of or settings.campaign_end, args.by,
                                actor=read_actor(args, con))
    finally:
        con.close()
    dates = ["start", "end", "stores_projected", "accounts_projected", "projected_date"]
    emit_table(_iso_dates(frame[PHASE_KEYS], dates), args.format)
    return 0


def cmd_timeliness(args) -> int:
    if args.start and args.end and args.end < args.start:
        raise CliError(texts.CLI_RANGE_REVERSED)
    con, settings = connect(args)
    try:
        frame = discipline.timeliness(con, settings, args.level, args.start, args.end,
                                      resolve_scope(con, args.district, settings=settings)[0],
                                      actor=read_actor(args, con))
    finally:
        con.close()
    emit_table(frame, args.format)
    return 0


def cmd_alerts(args) -> int:
    con, settings = connect(args)
    try:
        frame = alerts_mod.alerts(con, settings, args.as_of, resolve_scope(con, args.district, settings=settings)[0],
                                  actor=read_actor(args, con))
    finally:
        con.close()
    if args.type:
        frame = frame[frame["type"].isin(args.type)]
    emit_table(_iso_dates(frame, ["since", "projected_date"]), args.format)
    return 0
