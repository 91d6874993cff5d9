"""``mediation reminders list | run-due | retry``: the e-mail outbox in the database."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from . import paging
from .context import Ctx, whole_number
from .render import pad
from .text import AUDIENCES, REMINDER_ERRORS, REMINDER_KINDS, REMINDER_STATUSES, titled

if TYPE_CHECKING:
    from mediation.views.outbox import ReminderView, SweepReport


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    rem = sub.add_parser("reminders", help="reminder and escalation e-mails")
    s = rem.add_subparsers(dest="reminders_command", metavar="COMMAND", required=True)

    p = s.add_parser("list", parents=[common], help="reminders not yet sent (or --all)",
                     description="Reminders pending, being sent or failed; --due: the ones that "
                                 "may be sent now; --failed: given up after retries; --all.")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--due", dest="which", action="store_const", const="due")
    which.add_argument("--failed", dest="which", action="store_const", const="failed")
    which.add_argument("--all", dest="which", action="store_const", const="all")
    p.add_argument("--case", dest="number", metavar="NUMBER", help="only this case's reminders")
    paging.add_options(p)
    p.set_defaults(handler=cmd_list, which="open")

    p = s.add_parser("run-due", parents=[common], help="send what is due now, once (for cron)",
                     description="Once: start repeating deadlines that came round, notice and "
                                 "close dormant cases, queue the 09:00 digest and the monthly "
                                 "review, send every due reminder and escalation; then exit. "
                                 "Safe to run from several machines at once.")
    p.set_defaults(handler=cmd_run_due)

    p = s.add_parser("retry", parents=[common], help="queue a failed reminder again")
    p.add_argument("id", type=whole_number(1))
    p.set_defaults(handler=cmd_retry)


def audience_text(audience: str, lang: str) -> str:
    """``party:3`` as ``당사자 #3``, ``user:kim`` as ``사용자 kim``."""
    group, _, who = audience.partition(":")
    shown = titled(AUDIENCES, group, lang)
    return f"{shown} #{who}" if group == "party" else f"{shown} {who}" if who else shown


def reminder_line(r: ReminderView, lang: str) -> str:
    from mediation.core.formats import kdatetime

    moment = r.sent_at or r.send_at
    when = kdatetime(moment, lang) if moment else "-"
    late = (" late" if lang == "en" else " 지연") if r.late else ""
    error = (f"  ({titled(REMINDER_ERRORS, r.last_error, lang)})"
             if r.last_error and r.status != "sent" else "")
    return (f"#{r.id:<6} {pad(titled(REMINDER_STATUSES, r.status, lang), 10)}{late} {when}  "
            f"{pad(titled(REMINDER_KINDS, r.kind, lang), 11)} {r.number or '-':<10} "
            f"→ {audience_text(r.audience, lang)} ×{r.attempts}{error}")


def cmd_list(ctx: Ctx, args: argparse.Namespace) -> int:
    from mediation.core import validate

    actor = ctx.actor()
    number = validate.case_number(args.number) if args.number else None
    empty = ctx.pick("해당하는 알림이 없습니다.", "No reminders match.")
    if number is None:  # every case: a page at a time
        paging.show(ctx, ctx.app.reminders.reminder_page(actor, args.which, limit=args.limit,
                                                         offset=args.offset),
                    reminder_line, empty)
        return 0
    views = ctx.app.reminders.list_reminders(actor, args.which, number)
    if ctx.json:
        ctx.emit(views)
        return 0
    if not views:
        ctx.say(empty)
    for v in views:
        ctx.say(reminder_line(v, ctx.lang))
    return 0


def report_text(r: SweepReport, lang: str) -> str:
    if lang == "en":
        return (f"sent {r.sent} (late {r.late}), retrying {r.retrying}, failed {r.failed}, "
                f"cancelled {r.cancelled}; queued {r.queued_digests} digests, "
                f"{r.queued_reviews} reviews; {r.dormancy_notices} dormancy notices, "
                f"{r.closed_inactive} closed as inactive; {r.repeats_opened} repeating deadlines")
    return (f"발송 {r.sent}건(지연 {r.late}), 재시도 대기 {r.retrying}, 실패 {r.failed}, "
            f"취소 {r.cancelled}; 일일 현황 {r.queued_digests}, 월간 점검 {r.queued_reviews}건 예약; "
            f"장기 미진행 안내 {r.dormancy_notices}, 장기 미진행 종결 {r.closed_inactive}; "
            f"반복 기한 {r.repeats_opened}건 시작")


def cmd_run_due(ctx: Ctx, args: argparse.Namespace) -> int:
    ctx.actor()  # unattended, but run by a known, active user (the system acts for them)
    report = ctx.app.reminders.run_due()
    if ctx.json:
        ctx.emit(report)
    else:
        ctx.say(report_text(report, ctx.lang))
    return 0


def cmd_retry(ctx: Ctx, args: argparse.Namespace) -> int:
    from mediation.core.errors import PermissionDenied

    actor = ctx.actor()
    if actor.role not in ("admin", "supervisor"):
        raise PermissionDenied(user=actor.username, role=actor.role,
                               action_ko="알림을 재발송할", action_en="retry reminders")
    view = ctx.app.reminders.retry_reminder(args.id)
    if ctx.json:
        ctx.emit(view)
    else:
        ctx.say(reminder_line(view, ctx.lang))
    return 0
