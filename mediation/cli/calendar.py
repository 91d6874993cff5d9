"""``mediation calendar add-holiday | remove-holiday | list``: the office's working calendar."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from .context import Ctx, whole_number

if TYPE_CHECKING:
    from mediation.views.deadlines import CalendarChange, CalendarDay


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    cal = sub.add_parser("calendar", help="public holidays and office days off")
    s = cal.add_subparsers(dest="calendar_command", metavar="COMMAND", required=True)

    p = s.add_parser("add-holiday", parents=[common], help="make a day a holiday for this office",
                     description="Add a day off (an election day, a temporary holiday). Open "
                                 "deadlines whose run covers the day are recomputed and the "
                                 "change is recorded on each case.")
    p.add_argument("date", help="2026-06-03")
    p.add_argument("--name", required=True, help="name shown in explanations, e.g. 임시공휴일")
    p.set_defaults(handler=cmd_add)

    p = s.add_parser("remove-holiday", parents=[common], help="make a day a working day",
                     description="Withdraw an office holiday, or declare one of the public "
                                 "holidays of the `holidays` package a working day for this "
                                 "office (whether 노동절 closes offices changes over the years). "
                                 "Affected open deadlines are recomputed.")
    p.add_argument("date")
    p.set_defaults(handler=cmd_remove)

    p = s.add_parser("list", parents=[common], help="the year's holidays and office changes")
    p.add_argument("--year", type=whole_number(1, 9999), help="default: this year")
    p.set_defaults(handler=cmd_list)


def _day(value: str) -> Any:
    from mediation.core import validate

    return validate.day(value, "date")


def _change_out(ctx: Ctx, change: CalendarChange) -> int:
    from mediation.core.formats import kdate, kdatetime

    if ctx.json:
        ctx.emit(change)
        return 0
    added = change.action == "add"
    ctx.say(ctx.pick(f"{kdate(change.day)} {change.name}: {'휴일로 지정' if added else '근무일로 지정'}",
                     f"{kdate(change.day, 'en')} {change.name}: "
                     f"{'now a day off' if added else 'now a working day'}"))
    if not change.recomputed:
        ctx.say(ctx.pick("  다시 계산한 기한 없음", "  no deadline needed recomputing"))
    for r in change.recomputed:
        before = kdatetime(r.before, ctx.lang) if r.before else "-"
        after = kdatetime(r.after, ctx.lang) if r.after else "-"
        ctx.say(f"  {r.number} #{r.deadline_id} {r.rule}: {before} → {after}")
    return 0


def cmd_add(ctx: Ctx, args: argparse.Namespace) -> int:
    return _change_out(ctx, ctx.app.calendar.add_holiday(ctx.actor(), _day(args.date), args.name))


def cmd_remove(ctx: Ctx, args: argparse.Namespace) -> int:
    return _change_out(ctx, ctx.app.calendar.remove_holiday(ctx.actor(), _day(args.date)))


def day_line(d: CalendarDay, lang: str) -> str:
    from mediation.core.formats import kdate

    en = lang == "en"
    source = {"holiday": ("공휴일", "public holiday"), "office": ("기관 지정", "office")}[d.source]
    state = (" — working day here" if en else " — 근무일로 지정") if d.working else ""
    who = f" ({d.changed_by})" if d.changed_by else ""
    weekday = (f"{d.day:%a}" if en else f"({'월화수목금토일'[d.day.weekday()]})")
    name = (d.name_en or d.name) if en else d.name
    return f"{kdate(d.day, lang)} {weekday}  {name}  [{source[1 if en else 0]}]{state}{who}"


def cmd_list(ctx: Ctx, args: argparse.Namespace) -> int:
    from mediation.core.clock import SEOUL

    ctx.actor()
    year = args.year or ctx.app.clock.now().astimezone(SEOUL).year
    days = ctx.app.calendar.list_calendar(year)
    if ctx.json:
        ctx.emit(days)
        return 0
    for d in days:
        ctx.say(day_line(d, ctx.lang))
    return 0
