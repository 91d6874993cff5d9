"""``mediation privacy``: the access records (접속기록) of private persons' data — reading
them by user, party and time, and verifying their hash chain."""

from __future__ import annotations

import argparse
from datetime import datetime, time, timedelta
from typing import Any

from .context import Ctx, whole_number

RAW = argparse.RawDescriptionHelpFormatter


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("privacy", help="personal data: access records")
    psub = p.add_subparsers(dest="privacy_command", metavar="COMMAND", required=True)
    log = psub.add_parser(
        "log", parents=[common], formatter_class=RAW, help="list the access records",
        description="List the access records (접속기록) of private persons' data, oldest first:\n"
                    "the account, the date and time to the second, where from (terminal or\n"
                    "client address), whose data (party ids, with the case) and what was done\n"
                    "(조회/입력/변경/삭제/출력/다운로드). A read outside the user's own cases is\n"
                    "marked. For admins and supervisors.\n\nexamples:\n  mediation privacy log "
                    "--since 2026-11-01 --until 2026-11-30\n  mediation privacy log --user kim "
                    "--json")
    log.add_argument("--user", help="only this user's records")
    log.add_argument("--party", type=whole_number(1), metavar="ID",
                     help="only records of this party (its id, as in party list)")
    log.add_argument("--since", metavar="DATE", help="from this day (2026-11-01), Seoul time")
    log.add_argument("--until", metavar="DATE", help="to this day, included")
    log.set_defaults(handler=cmd_log)
    verify = psub.add_parser(
        "verify", parents=[common], help="verify the access records' hash chain",
        description="Recompute the SHA-256 chain of the access records and name the first "
                    "record changed, inserted or deleted. Exits 4 if the chain is broken. For "
                    "admins and supervisors.")
    verify.set_defaults(handler=cmd_verify)
    due = psub.add_parser(
        "due", parents=[common], formatter_class=RAW,
        help="closed cases past the retention period",
        description="List the closed cases whose personal data is past the retention period\n"
                    "(MEDIATION_RETENTION_YEARS from closure, default 10): case, workflow,\n"
                    "closed, due since, and how many private persons' data it holds. Nothing\n"
                    "is destroyed. For admins and supervisors.\n\nexample:\n  mediation privacy "
                    "due --json")
    due.set_defaults(handler=cmd_due)
    from . import privacy_subject

    privacy_subject.register(psub, common)


def _day(value: str | None, field: str, *, end: bool = False) -> datetime | None:
    from mediation.core import validate
    from mediation.core.clock import SEOUL

    if value is None:
        return None
    day = validate.day(value, field) + (timedelta(days=1) if end else timedelta())
    return datetime.combine(day, time(0), tzinfo=SEOUL)


def cmd_log(ctx: Ctx, args: argparse.Namespace) -> int:
    from mediation.core import validate
    from mediation.core.formats import kdate
    from mediation.privacy.commands import LogQuery
    from mediation.privacy.records import ACTIONS

    query = LogQuery(user=validate.username(args.user, "user") if args.user else None,
                     party=args.party, since=_day(args.since, "since"),
                     until=_day(args.until, "until", end=True))
    views = ctx.app.privacy.log(ctx.actor(), query)
    if ctx.json:
        ctx.emit(views)
        return 0
    from mediation.core.clock import SEOUL

    for v in views:
        at = v.at.astimezone(SEOUL)
        where = ctx.pick("담당 외 ", "not own ") if not v.own_case else ""
        reason = f" ({ctx.pick('사유', 'reason')}: {v.reason})" if v.reason else ""
        ctx.say(f"#{v.seq} {kdate(at, ctx.lang)} {at:%H:%M:%S} {v.account} @ {v.origin} "
                f"{ACTIONS[v.action].get(ctx.lang)} {where}{v.case or '-'} "
                f"{ctx.pick('당사자', 'party' if len(v.parties) == 1 else 'parties')} "
                f"{','.join(map(str, v.parties))} [{v.what}]"
                f"{reason}")
    if not views:
        ctx.say(ctx.pick("접속기록이 없습니다.", "No access records."))
    return 0


def cmd_verify(ctx: Ctx, args: argparse.Namespace) -> int:
    check = ctx.app.privacy.verify(ctx.actor())
    if ctx.json:
        ctx.emit(check)
    elif check.ok:
        ctx.say(ctx.pick(f"접속기록: 이상 없음 ({check.records}건)",
                         f"access records: intact ({check.records} records)"))
    else:
        reason = check.reason_en if ctx.lang == "en" else check.reason_ko
        ctx.say(ctx.pick(f"접속기록: 변조 의심 — #{check.broken_seq}: {reason}",
                         f"access records: BROKEN — #{check.broken_seq}: {reason}"))
    return 0 if check.ok else 4


def cmd_due(ctx: Ctx, args: argparse.Namespace) -> int:
    from mediation.core.formats import kdate

    views = ctx.app.privacy.due(ctx.actor())
    if ctx.json:
        ctx.emit(views)
        return 0
    for v in views:
        ctx.say(ctx.pick(f"{v.number}  {v.workflow}  종결 {kdate(v.closed_at)}  "
                         f"보존 기간 만료 {kdate(v.due_at)}  개인 당사자 {v.private_parties}명",
                         f"{v.number}  {v.workflow}  closed {kdate(v.closed_at, 'en')}  "
                         f"due since {kdate(v.due_at, 'en')}  private persons {v.private_parties}"))
    if not views:
        ctx.say(ctx.pick("보존 기간이 지난 사건이 없습니다.", "No case is past its retention period."))
    return 0
