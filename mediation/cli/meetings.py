"""``mediation meeting schedule | list | record | cancel``: a case's meetings."""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import TYPE_CHECKING, Any

from .context import Ctx

if TYPE_CHECKING:
    from ..meeting_commands import MeetingView

MAX_ID = 2**31 - 1  # the largest value of an integer id column on every backend


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    meeting = sub.add_parser("meeting", help="meetings of a case (sessions, hearings)")
    s = meeting.add_subparsers(dest="meeting_command", metavar="COMMAND", required=True)
    p = s.add_parser("schedule", parents=[common], help="schedule a meeting (prints its id)",
                     description="Schedule a meeting. A notice shorter than 7 days (14 for a "
                                 "public hearing) is refused unless --force --reason is given.")
    p.add_argument("number")
    p.add_argument("--at", required=True, metavar="DATETIME", help="e.g. 2026-12-08T14:30+09:00")
    p.add_argument("--place", required=True)
    p.add_argument("--kind", choices=("joint", "separate", "hearing"), default="joint")
    p.add_argument("--agenda")
    p.add_argument("--public", action="store_true", help="open to the public (every party agreed)")
    p.add_argument("--force", action="store_true", help="accept a short notice (needs --reason)")
    p.add_argument("--reason", help="why the notice is shorter than the legal period")
    p.set_defaults(handler=cmd_schedule)
    p = s.add_parser("list", parents=[common], help="a case's meetings")
    p.add_argument("number")
    p.set_defaults(handler=cmd_list)
    p = s.add_parser("record", parents=[common], help="record who attended a meeting")
    p.add_argument("number")
    p.add_argument("meeting_id", type=int)
    p.add_argument("--attended", nargs="+", type=int, default=[], metavar="PARTY_ID")
    p.add_argument("--absent", nargs="+", type=int, default=[], metavar="PARTY_ID")
    p.add_argument("--excused", nargs="+", type=int, default=[], metavar="PARTY_ID")
    p.set_defaults(handler=cmd_record)
    p = s.add_parser("cancel", parents=[common], help="cancel a scheduled meeting")
    p.add_argument("number")
    p.add_argument("meeting_id", type=int)
    p.add_argument("--reason", required=True)
    p.set_defaults(handler=cmd_cancel)


def meeting_line(v: MeetingView, ctx: Ctx) -> str:
    from ..formats import kdatetime

    kind = {"joint": ctx.pick("합동회의", "joint"), "separate": ctx.pick("개별면담", "separate"),
            "hearing": ctx.pick("공청회", "hearing")}[v.kind]
    openness = ctx.pick("공개", "public") if v.public else ctx.pick("비공개", "closed")
    return (f"{v.id}\t[{v.status}]\t{kdatetime(v.starts_at, ctx.lang)}\t{kind}\t{v.place}\t"
            f"{openness}")


def _moment(value: str) -> datetime:
    from ..clock import SEOUL
    from ..errors import BadInput

    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise BadInput(field="at", reason=f"'{value[:40]}' is not a time like "
                                          "2026-12-08T14:30+09:00") from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=SEOUL)


def _ids(number: str, meeting_id: int) -> int:
    from ..errors import NotFound

    if not 0 < meeting_id <= MAX_ID:  # beyond the id column: no such meeting
        raise NotFound(kind="meeting", key=f"{number}/{meeting_id}")
    return meeting_id


def _show(ctx: Ctx, view: MeetingView) -> None:
    if ctx.json:
        ctx.emit(view)
    else:
        ctx.say(meeting_line(view, ctx))


def cmd_schedule(ctx: Ctx, args: argparse.Namespace) -> int:
    from .. import validate
    from ..errors import BadInput
    from ..meeting_commands import MeetingFields

    if args.force != (args.reason is not None):
        raise BadInput(field="force", reason="--force and --reason go together")
    fields = MeetingFields(kind=args.kind, starts_at=_moment(args.at), place=args.place,
                           agenda=args.agenda, public=args.public, force_reason=args.reason)
    view = ctx.app.service.schedule_meeting(ctx.actor(), validate.case_number(args.number),
                                            fields)
    if ctx.json:
        ctx.emit(view)
    else:
        print(view.id)
    return 0


def cmd_list(ctx: Ctx, args: argparse.Namespace) -> int:
    from .. import validate

    ctx.actor()
    views = ctx.app.service.list_meetings(validate.case_number(args.number))
    if ctx.json:
        ctx.emit(views)
        return 0
    if not views:
        ctx.say(ctx.pick("예정되거나 열린 회의가 없습니다.", "No meetings."))
    for v in views:
        ctx.say(meeting_line(v, ctx))
    return 0


def cmd_record(ctx: Ctx, args: argparse.Namespace) -> int:
    from .. import validate
    from ..meeting_commands import Attendance

    number = validate.case_number(args.number)
    attendance = Attendance(attended=tuple(args.attended), absent=tuple(args.absent),
                            excused=tuple(args.excused))
    _show(ctx, ctx.app.service.record_meeting(ctx.actor(), number, _ids(number, args.meeting_id),
                                              attendance))
    return 0


def cmd_cancel(ctx: Ctx, args: argparse.Namespace) -> int:
    from .. import validate

    number = validate.case_number(args.number)
    _show(ctx, ctx.app.service.cancel_meeting(ctx.actor(), number, _ids(number, args.meeting_id),
                                              args.reason))
    return 0
