"""``mediation meeting schedule | reschedule | cancel | record | list | show``: a case's
meetings, their notices to the parties, attendance and minutes."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .context import Ctx
from .meeting_output import (
    absence_line,
    detail_lines,
    mail_warning,
    meeting_line,
    notice_lines,
    result_json,
    time_warning_line,
)

if TYPE_CHECKING:
    from mediation.views.meetings import HearingCtx, MeetingResult

MAX_ID = 2**31 - 1  # the largest value of an integer id column on every backend
RAW = argparse.RawDescriptionHelpFormatter

SCHEDULE_HELP = """\
Schedule a meeting and notify every party. A notice shorter than 7 days (14 for a public
hearing, 행정절차법 제38조) is refused unless --force --reason records why; a council meeting or
separate visit without notices (--no-notice) has no notice period. A start on a day off of
the office calendar or outside office hours is refused before anything is written or sent,
unless --force --reason records why (then it is scheduled with a one-line warning).

Each party gets a meeting notice (회의 개최 통지) in the party's language, registered in the
document register in the same transaction as the meeting; parties with an e-mail address get
it by e-mail with a calendar file (.ics), the others are listed for the post (their letter
names no calendar file). If the
mail server fails, the meeting and its notices stay registered, a one-line warning names the
`mediation letter send NUMBER DOC...` command that sends them again, and the exit status is
still 0 (running schedule again would schedule the meeting twice; --json lists the documents
under notice_report.unsent). The meeting id alone is printed on stdout; the notice report
goes to stderr.

A council meeting is closed unless every party agreed to open it (decree art. 22): --public
needs every party's consent (`mediation party open-consent`). A public hearing (--kind
hearing, 공청회) is public by nature and needs no consent; its notice (공청회 개최 안내) also
names the speakers, how and by when to apply to speak, and how to comment online — give
them with --speaker, --apply-by, --apply-how and --comments, or the notice says that the
speakers will be announced, that applications go to the officer by the day before, and
that comments may be e-mailed to the officer.

A meeting counts for the absence rule (`meeting record`) only if it was properly
summoned: notices written (not --no-notice) and the legal period kept (not --force)."""

SCHEDULE_EXAMPLES = """\
examples:
  mediation meeting schedule 2026-0001 --at 2026-12-08T14:30 --place "구청 3층 소회의실" \\
      --agenda "임시 주차 대책"
  mediation meeting schedule 2026-0001 --at 2026-12-01T10:00 --place 주민센터 \\
      --kind separate --no-notice
  mediation meeting schedule 2026-0001 --at 2026-11-28T14:00 --place 구청 \\
      --force --reason "당사자 전원 요청"
  mediation meeting schedule 2026-0001 --kind hearing --at 2026-12-15T14:00 \\
      --place "시민청 태평홀" --agenda "시설 배치안 설명" --speaker "가상대학교 김교수" \\
      --apply-by 2026-12-11 --apply-how "전자우편 hearing@example.org (성명, 연락처, 요지)" \\
      --comments "https://example.org/hearing 에 12월 15일까지 의견 등록"
"""

RESCHEDULE_HELP = """\
Move a scheduled meeting to a new time (and place). The notice period is counted again from
now: 7 days; a public hearing moved to a later date needs 7 (행정절차법 제38조 단서), moved
earlier the full 14 (none with --no-notice). A shorter notice, or a start on a day off or
outside office hours, needs --force --reason. A public council meeting is
checked again against every party's consent (decree art. 22). The meeting's calendar
SEQUENCE goes up by one and, if its parties were notified, each gets a notice of change
whose calendar file updates the event (same UID). A hearing's speakers and application
details can change at the same time (the others are kept).

examples:
  mediation meeting reschedule 2026-0001 3 --at 2026-12-10T14:30 --place "시민청 회의실"
  mediation meeting reschedule 2026-0001 4 --at 2026-12-22T14:00 --apply-by 2026-12-18
"""

CANCEL_HELP = """\
Cancel a scheduled meeting, also one of a closed case (it will not be held). If its parties
were notified, each gets a notice of cancellation whose calendar file (METHOD:CANCEL, same
UID) removes the event.

examples:
  mediation meeting cancel 2026-0001 3 --reason "태풍 경보"
  mediation meeting cancel 2026-0001 5 --reason "사건 종결(철회)" --no-notice
"""

RECORD_HELP = """\
Record who attended a meeting that took place, and optionally its minutes: a UTF-8 text
file of at most 1 MB, stored with its SHA-256 (the same as `sha256sum FILE`).

Unexcused absences (--absent; --excused do not count) of a party with role applicant are
counted over the case's held meetings that were properly summoned (notices written, no
--force, no change left unnoticed), until the agreement is signed. At the workflow's limit
(meetings.absences, see `mediation workflow show`) the rule acts in the same transaction:
`notify` queues an e-mail to the mediator and the supervisor, `withdraw` has the system
close the case as withdrawn and e-mails them that it did.

A record made by mistake (the wrong party marked absent) is corrected with --correct
--reason: the new record replaces the old one, the history keeps both, and the absence rule
is evaluated again on it. If the case was closed by the rule's deemed withdrawal and the
corrected record no longer bears it, the output says so: a supervisor reopens the case
(`mediation case reopen`).

examples:
  mediation meeting record 2026-0001 3 --attended 1 2 --absent 3 --minutes 회의록.txt
  mediation meeting record 2026-0001 3 --attended 1 2 3 --correct --reason "3번 출석을 잘못 기록"
"""

LIST_HELP = """\
A case's meetings in time order: id, status (예정/개최/취소), time, kind, place and whether
it is public. A meeting still scheduled on a closed case is marked: it will not be held, so
cancel it with `meeting cancel`.

examples:
  mediation meeting list 2026-0001
  mediation meeting list 2026-0001 --json --lang en
"""

SHOW_HELP = """\
One meeting: time, place, agenda, notices, who attended, was absent or excused (by name),
the minutes, and for a public hearing its speakers and how to take part.

example:
  mediation meeting show 2026-0001 3
"""


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    meeting = sub.add_parser("meeting", help="meetings of a case (sessions, hearings)")
    s = meeting.add_subparsers(dest="meeting_command", metavar="COMMAND", required=True)
    p = s.add_parser("schedule", parents=[common], formatter_class=RAW,
                     help="schedule a meeting and notify the parties (prints its id)",
                     description=SCHEDULE_HELP, epilog=SCHEDULE_EXAMPLES)
    p.add_argument("number", help="case number, e.g. 2026-0001")
    p.add_argument("--at", required=True, metavar="DATETIME",
                   help="e.g. 2026-12-08T14:30+09:00 (Seoul time without an offset)")
    p.add_argument("--place", required=True)
    p.add_argument("--kind", default="joint",
                   help="joint (합동회의, default), separate (개별면담) or hearing (공청회)")
    p.add_argument("--agenda", help="agenda (a hearing's main content); one item per line")
    p.add_argument("--public", action="store_true",
                   help="open to the public (every party must have agreed; a hearing always is)")
    _timing(p, "write and send no notices (an internal or separate session); the meeting "
               "then does not count for the absence rule")
    _hearing(p)
    p.set_defaults(handler=cmd_schedule)
    p = s.add_parser("reschedule", parents=[common], formatter_class=RAW,
                     help="move a meeting and send notices of change",
                     description=RESCHEDULE_HELP)
    _ids_args(p)
    p.add_argument("--at", required=True, metavar="DATETIME", help="the new start")
    p.add_argument("--place", help="the new place (default: unchanged)")
    _timing(p, "send no notice of change (the parties were told otherwise); the meeting then "
               "no longer counts for the absence rule")
    _hearing(p)
    p.set_defaults(handler=cmd_reschedule)
    p = s.add_parser("cancel", parents=[common], formatter_class=RAW,
                     help="cancel a meeting and send notices of cancellation",
                     description=CANCEL_HELP)
    _ids_args(p)
    p.add_argument("--reason", required=True, help="why (in the notices and the trail)")
    p.add_argument("--no-notice", action="store_true", help="do not notify the parties")
    p.set_defaults(handler=cmd_cancel)
    p = s.add_parser("record", parents=[common], formatter_class=RAW,
                     help="record attendance (and minutes) of a meeting",
                     description=RECORD_HELP)
    _ids_args(p)
    p.add_argument("--attended", nargs="+", type=int, default=[], metavar="PARTY_ID",
                   help="parties present (party list numbers)")
    p.add_argument("--absent", nargs="+", type=int, default=[], metavar="PARTY_ID",
                   help="absent without a valid excuse")
    p.add_argument("--excused", nargs="+", type=int, default=[], metavar="PARTY_ID",
                   help="absent with a valid excuse (not counted by the absence rule)")
    p.add_argument("--minutes", type=Path, metavar="FILE", help="minutes, a UTF-8 text file")
    p.add_argument("--correct", action="store_true",
                   help="replace the record of a meeting already recorded (with --reason)")
    p.add_argument("--reason", help="why the record is corrected (kept in the audit trail)")
    p.set_defaults(handler=cmd_record)
    p = s.add_parser("list", parents=[common], formatter_class=RAW, help="a case's meetings",
                     description=LIST_HELP)
    p.add_argument("number", help="case number, e.g. 2026-0001")
    p.set_defaults(handler=cmd_list)
    p = s.add_parser("show", parents=[common], formatter_class=RAW,
                     help="a meeting with attendance and minutes", description=SHOW_HELP)
    _ids_args(p)
    p.set_defaults(handler=cmd_show)


def _ids_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("number", help="case number, e.g. 2026-0001")
    p.add_argument("meeting_id", type=int, help="the meeting's id (meeting list)")


def _timing(p: argparse.ArgumentParser, no_notice: str) -> None:
    p.add_argument("--force", action="store_true",
                   help="accept a short notice, a day off or a time outside office hours "
                        "(needs --reason)")
    p.add_argument("--reason", help="why the notice is shorter than the legal period, or why "
                                    "the meeting is on a day off or outside office hours")
    p.add_argument("--no-notice", action="store_true", help=no_notice)


def _hearing(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("public hearing (--kind hearing; 행정절차법 제38조)")
    g.add_argument("--speaker", dest="speakers", action="append", metavar="NAME",
                   help="a speaker (발표자), e.g. \"가상대학교 김교수(주제 발표)\"; repeatable")
    g.add_argument("--apply-by", metavar="DATE",
                   help="last day to apply to speak, e.g. 2026-12-11 (default wording: the "
                        "day before the hearing)")
    g.add_argument("--apply-how", metavar="TEXT",
                   help="how to apply to speak (default: to the officer by phone or e-mail)")
    g.add_argument("--comments", metavar="TEXT",
                   help="how to comment online, e.g. a web address (default: by e-mail to "
                        "the officer)")


def _hearing_inputs(args: argparse.Namespace) -> HearingCtx | None:
    from mediation.core import validate
    from mediation.views.meetings import HearingCtx

    given = (args.speakers, args.apply_by, args.apply_how, args.comments)
    if all(v is None for v in given):
        return None
    return HearingCtx(speakers=tuple(args.speakers or ()),
                      apply_by=validate.day(args.apply_by, "apply-by") if args.apply_by else None,
                      apply_how=args.apply_how or "", comments=args.comments or "")


def _moment(value: str) -> datetime:
    from mediation.core.clock import SEOUL
    from mediation.core.errors import BadInput

    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise BadInput(field="at", reason_ko=f"'{value[:40]}'은(는) 2026-12-08T14:30+09:00 같은 시각이 "
                                             "아닙니다",
                                   reason_en=f"'{value[:40]}' is not a time like "
                                             "2026-12-08T14:30+09:00") from exc
    moment = moment if moment.tzinfo else moment.replace(tzinfo=SEOUL)
    try:  # a notice shows the meeting in Seoul time, two hours long
        (moment.astimezone(SEOUL) + timedelta(days=1)).astimezone(UTC)
    except OverflowError as exc:
        raise BadInput(field="at", reason_ko=f"'{value[:40]}'은(는) 달력이 다루는 범위를 벗어납니다",
                                   reason_en=f"'{value[:40]}' is out of the calendar's range") from exc
    return moment


def _ids(number: str, meeting_id: int) -> int:
    from mediation.core.errors import NotFound

    if not 0 < meeting_id <= MAX_ID:  # beyond the id column: no such meeting
        raise NotFound(kind="meeting", key=f"{number}/{meeting_id}")
    return meeting_id


def _forced(args: argparse.Namespace) -> str | None:
    from mediation.core.errors import BadInput

    if args.force != (args.reason is not None):
        raise BadInput(field="force", reason_ko="--force와 --reason은 함께 주어야 합니다",
                                      reason_en="--force and --reason go together")
    return args.reason  # type: ignore[no-any-return]


def _report(ctx: Ctx, number: str, result: MeetingResult, *, id_only: bool = False) -> int:
    """Print a schedule, change or cancellation; ``id_only``: stdout has the id alone and the
    notice report goes to stderr."""
    warnings = [w for w in (time_warning_line(ctx, result.warning),
                            mail_warning(ctx, number, result.notice_report)) if w]
    if ctx.json:
        ctx.emit(result_json(result))
    elif id_only:
        print(result.meeting.id)
        for line in notice_lines(ctx, result.notice_report):
            ctx.warn(line)
    else:
        ctx.say(meeting_line(result.meeting, ctx))
        for line in notice_lines(ctx, result.notice_report):
            ctx.say(line)
    for warning in warnings:
        ctx.warn(warning)
    return 0


def cmd_schedule(ctx: Ctx, args: argparse.Namespace) -> int:
    from mediation.core import validate, vocabulary
    from mediation.meetings.commands import MeetingFields

    reason = _forced(args)
    number = validate.case_number(args.number)
    kind = vocabulary.check(vocabulary.MEETING_KINDS, args.kind, "kind")
    fields = MeetingFields(kind=kind, starts_at=_moment(args.at), place=args.place,
                           agenda=args.agenda, public=args.public, force_reason=reason,
                           notify=not args.no_notice, hearing=_hearing_inputs(args))
    result = ctx.app.meetings.schedule_meeting(ctx.actor(), number, fields)
    return _report(ctx, number, result, id_only=True)


def cmd_reschedule(ctx: Ctx, args: argparse.Namespace) -> int:
    from mediation.core import validate
    from mediation.meetings.commands import MeetingChange

    reason = _forced(args)
    number = validate.case_number(args.number)
    change = MeetingChange(starts_at=_moment(args.at), place=args.place, force_reason=reason,
                           notify=False if args.no_notice else None,
                           hearing=_hearing_inputs(args))
    result = ctx.app.meetings.reschedule_meeting(ctx.actor(), number,
                                                _ids(number, args.meeting_id), change)
    return _report(ctx, number, result)


def cmd_cancel(ctx: Ctx, args: argparse.Namespace) -> int:
    from mediation.core import validate

    number = validate.case_number(args.number)
    result = ctx.app.meetings.cancel_meeting(ctx.actor(), number, _ids(number, args.meeting_id),
                                            args.reason, False if args.no_notice else None)
    return _report(ctx, number, result)


def cmd_record(ctx: Ctx, args: argparse.Namespace) -> int:
    from mediation.core import validate
    from mediation.meetings.commands import Attendance
    from mediation.meetings.minutes import read_minutes

    number = validate.case_number(args.number)
    meeting_id = _ids(number, args.meeting_id)
    minutes = read_minutes(args.minutes) if args.minutes is not None else None
    attendance = Attendance(attended=tuple(args.attended), absent=tuple(args.absent),
                            excused=tuple(args.excused))
    if args.correct != (args.reason is not None):
        from mediation.core.errors import BadInput

        raise BadInput(field="correct", reason_ko="기록을 고치려면 --correct와 --reason을 함께 "
                                                  "주세요",
                       reason_en="a correction needs both --correct and --reason")
    reason = (validate.text(args.reason, "reason", max_len=2000) if args.reason is not None
              else None)
    result = ctx.app.meetings.record_meeting(ctx.actor(), number, meeting_id, attendance,
                                             minutes, correction=reason)
    if ctx.json:
        ctx.emit(result_json(result))
        return 0
    ctx.say(meeting_line(result.meeting, ctx))
    for outcome in result.absences:
        ctx.say(absence_line(ctx, outcome))
    if result.withdrawal_unsupported:
        ctx.say(ctx.pick(f"고친 기록으로는 불출석 규정의 철회 간주 종결이 성립하지 않습니다. "
                         f"담당관이 `mediation case reopen {number} --reason 사유`로 사건을 다시 "
                         "열 수 있습니다.",
                         "On the corrected record the absence rule's deemed withdrawal no longer "
                         f"holds: a supervisor can reopen the case (`mediation case reopen "
                         f"{number} --reason TEXT`)."))
    return 0


def cmd_list(ctx: Ctx, args: argparse.Namespace) -> int:
    from mediation.core import validate

    views = ctx.app.meetings.list_meetings(ctx.actor(), validate.case_number(args.number))
    if ctx.json:
        ctx.emit(views)
        return 0
    if not views:
        ctx.say(ctx.pick("예정되거나 열린 회의가 없습니다.", "No meetings."))
    for v in views:
        ctx.say(meeting_line(v, ctx))
    return 0


def cmd_show(ctx: Ctx, args: argparse.Namespace) -> int:
    from mediation.core import validate

    actor = ctx.actor()
    number = validate.case_number(args.number)
    detail = ctx.app.meetings.show_meeting(actor, number, _ids(number, args.meeting_id))
    if ctx.json:
        ctx.emit(detail)
        return 0
    for line in detail_lines(ctx, detail):
        ctx.say(line)
    return 0
