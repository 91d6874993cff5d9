"""``mediation deadline list | explain | extend | done`` and ``mediation case pause | resume``."""

from __future__ import annotations

import argparse
import re
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from mediation.core import titles

from . import paging
from .context import Ctx

if TYPE_CHECKING:
    from mediation.views.deadlines import DeadlineView, Explanation, PauseView, SkippedDay, StepView

WINDOW = re.compile(r"^\s*(\d{1,5})\s*(h|d|w)\s*$")
STATUS = titles.DEADLINE_STATUSES
METHOD = {
    "hours": ("근무시간 단위로 계산 — 접수 시각부터, 1일은 8근무시간 (민원 처리에 관한 법률 제19조 제1항)",
              "counted in working hours from the moment of receipt, 8 per day (민원처리법 art. 19(1))"),
    "working_days": ("일 단위로 계산 — 첫날 산입, 토요일·공휴일 불산입, 마지막 날 근무시간 종료까지 "
                     "(민원 처리에 관한 법률 제19조 제2항)",
                     "counted in working days, the first day included, weekends and holidays "
                     "excluded, ending when office hours end (민원처리법 art. 19(2))"),
    "calendar_days": ("역일로 계산 — 첫날 산입; 말일이 토요일·공휴일이면 다음 근무일 (민법 제161조)",
                      "counted in calendar days, the first day included; a last day that is a day "
                      "off moves to the next working day (Civil Act art. 161)"),
    "months": ("월 단위로 계산 — 첫날 산입, 기산일에 해당하는 날의 전날 만료 (민법 제160조); "
               "말일이 토요일·공휴일이면 다음 근무일 (민법 제161조)",
               "counted in months, the first day included, ending the day before the "
               "corresponding day (Civil Act art. 160); a day off moves to the next working day "
               "(art. 161)"),
}
STEP = {"start": ("시작", "start"), "due": ("계산된 기한", "computed due"),
        "pause": ("정지", "paused"), "resume": ("재개", "resumed"), "extend": ("연장", "extended")}


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    dl = sub.add_parser("deadline", help="deadlines of cases: list, explain, extend, complete")
    s = dl.add_subparsers(dest="deadline_command", metavar="COMMAND", required=True)

    p = s.add_parser("list", parents=[common], help="open deadlines, soonest first",
                     description="Open and paused deadlines (of one case, or of every case).")
    p.add_argument("number", nargs="?", help="case number (default: every case)")
    p.add_argument("--overdue", action="store_true", help="only deadlines already past due")
    p.add_argument("--due-within", metavar="SPAN", help="only those due within SPAN: 12h, 7d, 2w")
    p.add_argument("--all", dest="include_closed", action="store_true",
                   help="include met and cancelled deadlines")
    paging.add_options(p)
    p.set_defaults(handler=cmd_list)

    p = s.add_parser("explain", parents=[common], help="how a due time was computed",
                     description="The start, the counting rule, every weekend and holiday "
                                 "skipped (by name), pauses, extensions and the result.")
    p.add_argument("number", help="case number, e.g. 2026-0001")
    p.add_argument("id", nargs="?", type=int, help="deadline id (default: every deadline)")
    p.set_defaults(handler=cmd_explain)

    p = s.add_parser("extend", parents=[common], help="extend a deadline (민원 시행령 제21조)",
                     description="The first extension must be made before the due time and add "
                                 "at most the original period; a second needs the applicant's "
                                 "consent (--with-consent). The original due time stays recorded.")
    p.add_argument("number", help="case number, e.g. 2026-0001")
    p.add_argument("id", type=int)
    when = p.add_mutually_exclusive_group(required=True)
    when.add_argument("--until", metavar="DATE", help="new due date (ends with office hours)")
    when.add_argument("--by", metavar="DURATION",
                      help="3h working hours, 5d days (art. 19 counting), 10cd calendar days, 2m months")
    p.add_argument("--reason", required=True, help="reason, for the extension notice")
    p.add_argument("--with-consent", action="store_true", help="the applicant consented")
    p.set_defaults(handler=cmd_extend)

    p = s.add_parser("done", parents=[common], help="record a deadline as met",
                     description="Record that the step was done (e.g. the progress letter was "
                                 "sent); a repeating deadline's next occurrence starts from its "
                                 "due time.")
    p.add_argument("number", help="case number, e.g. 2026-0001")
    p.add_argument("id", type=int)
    p.add_argument("--note")
    p.set_defaults(handler=cmd_done)


def register_case_commands(s: Any, common: argparse.ArgumentParser) -> None:
    """``case pause`` and ``case resume``, added to the ``case`` command."""
    p = s.add_parser("pause", parents=[common], help="stop the clock of a case's deadlines",
                     description="Freeze every open deadline with the working time it has left; "
                                 "pending reminders are held.")
    p.add_argument("number", help="case number, e.g. 2026-0001")
    p.add_argument("--reason", required=True)
    p.set_defaults(handler=cmd_pause)
    p = s.add_parser("resume", parents=[common], help="restart the clock of a case's deadlines",
                     description="Each paused deadline gets back the working time it had left; "
                                 "its reminders move with it.")
    p.add_argument("number", help="case number, e.g. 2026-0001")
    p.add_argument("--note")
    p.set_defaults(handler=cmd_resume)


def _number(value: str) -> str:
    from mediation.core import validate

    return validate.case_number(value)


def parse_window(text: str) -> timedelta:
    from mediation.core.errors import BadInput

    found = WINDOW.match(text)
    if found is None:
        raise BadInput(field="due-within", reason_ko=f"'{text[:20]}'은(는) 12h, 7d, 2w 같은 기간이 아닙니다",
                                           reason_en=f"'{text[:20]}' is not a span like 12h, 7d or 2w")
    amount, unit = int(found[1]), found[2]
    return {"h": timedelta(hours=amount), "d": timedelta(days=amount),
            "w": timedelta(weeks=amount)}[unit]


def _status(d: DeadlineView, lang: str) -> str:
    """The deadline's status; one met after its due time says by how many days."""
    if d.late_days is None:
        return STATUS[d.status][1 if lang == "en" else 0]
    if lang == "en":
        return f"met late ({d.late_days} day{'s' if d.late_days != 1 else ''})" if d.late_days \
            else "met late (same day)"
    return f"기한 후 완료({d.late_days}일 지연)" if d.late_days else "기한 후 완료(당일)"


def deadline_line(d: DeadlineView, lang: str) -> str:
    from mediation.core.formats import kdatetime

    title = d.title_en if lang == "en" else d.title_ko
    due = kdatetime(d.due_at, lang) if d.due_at else ("(paused)" if lang == "en" else "(정지)")
    status = _status(d, lang)
    mark = (" [OVERDUE]" if lang == "en" else " [기한 경과]") if d.overdue else ""
    ext = (f" (orig. {kdatetime(d.original_due_at, lang)})" if lang == "en"
           else f" (당초 {kdatetime(d.original_due_at, lang)})") if d.extensions else ""
    return f"#{d.id:<5} {d.number}  {due}{ext}  {status}{mark}  {title}  — {d.mediator}"


def cmd_list(ctx: Ctx, args: argparse.Namespace) -> int:
    actor = ctx.actor()
    window = parse_window(args.due_within) if args.due_within else None
    empty = ctx.pick("조건에 맞는 기한이 없습니다.", "No deadlines match.")
    if not args.number:  # every case: a page at a time
        paging.show(ctx, ctx.app.deadlines.deadline_page(
            actor, overdue=args.overdue, due_within=window, include_closed=args.include_closed,
            limit=args.limit, offset=args.offset), deadline_line, empty)
        return 0
    views = ctx.app.deadlines.list_deadlines(actor, _number(args.number) if args.number else None,
                                           overdue=args.overdue, due_within=window,
                                           include_closed=args.include_closed)
    if ctx.json:
        ctx.emit(views)
        return 0
    if not views:
        ctx.say(empty)
    for v in views:
        ctx.say(deadline_line(v, ctx.lang))
    return 0


def _skipped(step: StepView, lang: str) -> str:
    from mediation.core.formats import kdate

    def name(day: SkippedDay) -> str:
        if lang == "en" and day.source == "weekend":
            return day.day.strftime("%A")
        return (day.name_en or day.name) if lang == "en" else day.name

    return ", ".join(f"{kdate(s.day, lang)} {name(s)}" for s in step.skipped)


def _step_line(step: StepView, lang: str) -> list[str]:
    from mediation.core.formats import kdatetime

    label = STEP[step.kind][1 if lang == "en" else 0]
    line = f"  {label}: {kdatetime(step.at, lang)}"
    if step.kind in ("resume", "extend", "due") and step.due is not None:
        line = (f"  {label}: {kdatetime(step.due, lang)}" if step.kind == "due"
                else f"{line} → {kdatetime(step.due, lang)}")
    if step.left_hours is not None and step.kind == "pause":
        line += f" ({'left' if lang == 'en' else '남은 시간'} {step.left_hours:g}h)"
    if step.reason:
        line += f" — {step.reason}"
    lines = [line]
    if step.skipped:
        lines.append(f"    {'skipped' if lang == 'en' else '제외한 날'}: {_skipped(step, lang)}")
    return lines


def explanation_text(e: Explanation, lang: str) -> str:
    from mediation.core.formats import kdatetime
    from mediation.reminders.notices import period_text

    d = e.deadline
    en = lang == "en"
    lines = [f"#{d.id} {d.title_en if en else d.title_ko} — {d.number} ({_status(d, lang)})",
             f"  {'basis' if en else '근거'}: {e.basis_en if en and e.basis_en else d.basis}",
             (f"  {'period' if en else '기간'}: {period_text(e.amount, e.unit, lang)} — "
              f"{METHOD[e.method][1 if en else 0]}" if d.kind != "commitment" else
              f"  {'period' if en else '기간'}: "
              + ("the agreed due date (item " if en else "협의결과문의 이행기한 (항목 ")
              + f"{d.item_id}); "
              + ("a day off moves it to the next working day" if en
                 else "휴일이면 다음 근무일")),
             f"  {'office hours' if en else '근무시간'}: {e.office_hours}"]
    for step in e.steps:
        lines += _step_line(step, lang)
    result = kdatetime(d.due_at, lang) if d.due_at else ("paused" if en else "정지 중")
    lines.append(f"  {'result' if en else '결과'}: {result}"
                 + (f" ({'originally' if en else '당초'} {kdatetime(d.original_due_at, lang)})"
                    if d.extensions else ""))
    return "\n".join(lines)


def cmd_explain(ctx: Ctx, args: argparse.Namespace) -> int:
    found = ctx.app.deadlines.explain_deadline(ctx.actor(), _number(args.number), args.id)
    if ctx.json:
        ctx.emit(found)
        return 0
    if not found:
        ctx.say(ctx.pick("이 사건에는 기한이 없습니다.", "This case has no deadlines."))
    ctx.say("\n\n".join(explanation_text(e, ctx.lang) for e in found))
    return 0


def cmd_extend(ctx: Ctx, args: argparse.Namespace) -> int:
    from mediation.core import validate
    from mediation.core.errors import BadInput
    from mediation.workflow.timeline import parse_period

    by = None
    if args.by:
        by = parse_period(args.by)
        if by is None:
            raise BadInput(field="by", reason_ko=f"'{args.by[:20]}'은(는) 3h, 5d, 10cd, 2m 같은 기간이 "
                                                 "아닙니다",
                                       reason_en=f"'{args.by[:20]}' is not a duration like 3h, 5d, "
                                                 "10cd or 2m")
    view = ctx.app.adjust.extend_deadline(
        ctx.actor(), _number(args.number), args.id,
        until=validate.day(args.until, "until") if args.until else None, by=by,
        reason=validate.text(args.reason, "reason", max_len=2000),
        with_consent=args.with_consent)
    if ctx.json:
        ctx.emit(view)
    else:
        ctx.say(deadline_line(view, ctx.lang))
        if view.notices:
            ctx.say(ctx.pick(f"당사자에게 처리기간 연장 통지를 작성했습니다: {', '.join(view.notices)} "
                             "(`mediation letter send`로 발송)",
                             f"Extension notices written to the parties: "
                             f"{', '.join(view.notices)} (send them with `mediation letter send`)"))
    return 0


def cmd_done(ctx: Ctx, args: argparse.Namespace) -> int:
    from mediation.core import validate

    note = validate.optional_text(args.note, "note", max_len=2000, multiline=True)
    view = ctx.app.adjust.complete_deadline(ctx.actor(), _number(args.number), args.id, note)
    if ctx.json:
        ctx.emit(view)
    else:
        ctx.say(deadline_line(view, ctx.lang))
    return 0


def _pause_out(ctx: Ctx, view: PauseView) -> int:
    if ctx.json:
        ctx.emit(view)
        return 0
    ctx.say(ctx.pick(f"사건 {view.number}의 기한을 {'정지' if view.paused else '재개'}했습니다.",
                     f"Deadlines of case {view.number} {'paused' if view.paused else 'resumed'}."))
    for d in view.deadlines:
        ctx.say(deadline_line(d, ctx.lang))
    return 0


def cmd_pause(ctx: Ctx, args: argparse.Namespace) -> int:
    from mediation.core import validate

    reason = validate.text(args.reason, "reason", max_len=2000)
    return _pause_out(ctx, ctx.app.adjust.pause_case(ctx.actor(), _number(args.number), reason))


def cmd_resume(ctx: Ctx, args: argparse.Namespace) -> int:
    from mediation.core import validate

    note = validate.optional_text(args.note, "note", max_len=2000)
    return _pause_out(ctx, ctx.app.adjust.resume_case(ctx.actor(), _number(args.number), note))
