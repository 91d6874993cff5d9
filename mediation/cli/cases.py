"""``mediation case open | list | show | update | assign | advance | history``."""

from __future__ import annotations

import argparse
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from . import paging
from .context import Ctx
from .deadlines import register_case_commands
from .render import case_detail, case_line, event_line, still_scheduled
from .text import t

if TYPE_CHECKING:
    from mediation.cases.commands import CaseFields


def _field_options(p: argparse.ArgumentParser, *, for_open: bool) -> None:
    g = p.add_argument_group("case fields")
    if not for_open:
        g.add_argument("--title", help="case name")
    g.add_argument("--summary", help="short description")
    g.add_argument("--type", dest="types", action="append", metavar="TYPE",
                   help="conflict type, repeatable or comma-separated: interest, value, siting, "
                        "policy, fact, structural, relationship")
    g.add_argument("--sector", help="regional_development, housing, transport, environment, "
                                    "welfare, culture, education, economy, administration, "
                                    "neighbourhood")
    g.add_argument("--district", help="자치구, e.g. 마포구")
    g.add_argument("--location", help="site address or description")
    g.add_argument("--department", help="project-owner department (실·국)")
    g.add_argument("--channel", help="department_referral, complaint, early_warning, committee, "
                                     "media, phone, visit, other")
    g.add_argument("--stage", help="plan, budget, design, construction, operation")
    g.add_argument("--grade", help="diagnosis grade A, B or C")
    g.add_argument("--alert", help="none, pre (예비경보) or alert (경보)")
    g.add_argument("--indicator", dest="indicators", action="append", metavar="TEXT",
                   help="an early-warning indicator that applies (repeatable)")
    g.add_argument("--people", type=int, help="number of people involved")
    g.add_argument("--cost", type=int, help="project cost in won")
    g.add_argument("--chair", help="neutral chair (협의회 의장)")


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    case = sub.add_parser("case", help="open, read and advance cases")
    s = case.add_subparsers(dest="case_command", metavar="COMMAND", required=True)

    p = s.add_parser("open", parents=[common], help="open a case (prints its number)",
                     description="Open a case at its workflow's initial state.")
    p.add_argument("--workflow", required=True, help="public_conflict or neighbor_dispute")
    p.add_argument("--title", required=True, help="case name (사건명)")
    p.add_argument("--mediator", required=True, help="username of the case officer")
    p.add_argument("--supervisor", required=True, help="username of the division head")
    _field_options(p, for_open=True)
    p.set_defaults(handler=cmd_open)

    p = s.add_parser("list", parents=[common], help="list cases",
                     description="List cases, newest first.")
    p.add_argument("--state", help="state name, e.g. diagnosis (`workflow show` lists them)")
    p.add_argument("--workflow", help="public_conflict or neighbor_dispute")
    p.add_argument("--mediator", help="username of the case officer")
    p.add_argument("--supervisor", help="username of the division head")
    p.add_argument("--since", metavar="DATE", help="opened on or after DATE (2026-11-24)")
    p.add_argument("--until", metavar="DATE", help="opened on or before DATE")
    paging.add_options(p)
    openness = p.add_mutually_exclusive_group()
    openness.add_argument("--open", dest="closed", action="store_false", default=None,
                          help="only open cases")
    openness.add_argument("--closed", dest="closed", action="store_true",
                          help="only closed cases")
    p.set_defaults(handler=cmd_list)

    p = s.add_parser("show", parents=[common], help="a case with its triggers, parties and events")
    p.add_argument("number")
    p.add_argument("--events", type=int, default=10, help="how many recent events (default 10)")
    p.set_defaults(handler=cmd_show)

    p = s.add_parser("update", parents=[common], help="change case fields",
                     description="Change case fields; the change is recorded in the audit trail.")
    p.add_argument("number")
    _field_options(p, for_open=False)
    p.add_argument("--note", help="why (kept in the audit trail)")
    p.set_defaults(handler=cmd_update)

    p = s.add_parser("assign", parents=[common], help="reassign mediator or supervisor")
    p.add_argument("number")
    p.add_argument("--mediator", help="username of the case officer")
    p.add_argument("--supervisor", help="username of the division head")
    p.set_defaults(handler=cmd_assign)

    p = s.add_parser("advance", parents=[common], help="fire a workflow trigger",
                     description="Fire TRIGGER on the case. `case show` lists the triggers "
                                 "available now and whether their conditions hold.")
    p.add_argument("number")
    p.add_argument("trigger")
    p.add_argument("--note", help="reason; required by some triggers (withdraw, refer, ...)")
    p.set_defaults(handler=cmd_advance)

    p = s.add_parser("history", parents=[common], help="the case's full audit trail")
    p.add_argument("number")
    p.set_defaults(handler=cmd_history)
    register_case_commands(s, common)  # case pause | resume (stop the clock)


def _fields(args: argparse.Namespace) -> CaseFields:
    from mediation.cases.commands import CaseFields

    return CaseFields(
        title=getattr(args, "title", None), summary=args.summary,
        types=tuple(args.types) if args.types else None, sector=args.sector,
        district=args.district, location=args.location, department=args.department,
        channel=args.channel, stage=args.stage, grade=args.grade, alert=args.alert,
        indicators=tuple(args.indicators) if args.indicators else None,
        people=args.people, cost=args.cost, chair=args.chair)


def _number(value: str) -> str:
    from mediation.core import validate

    return validate.case_number(value)


def cmd_open(ctx: Ctx, args: argparse.Namespace) -> int:
    view = ctx.app.cases.open_case(ctx.actor(), workflow=args.workflow,
                                     mediator=args.mediator, supervisor=args.supervisor,
                                     fields=_fields(args))
    if ctx.json:
        ctx.emit({"number": view.number, "case": view})
    else:
        print(view.number)
    return 0


def _seoul_midnight(day: Any) -> datetime:
    from mediation.core.clock import SEOUL

    return datetime.combine(day, time(0, 0), tzinfo=SEOUL)


def cmd_list(ctx: Ctx, args: argparse.Namespace) -> int:
    from mediation.core import validate
    from mediation.storage.cases import CaseFilter

    actor = ctx.actor()
    since = validate.day(args.since, "since") if args.since else None
    until = validate.day(args.until, "until") if args.until else None
    f = CaseFilter(state=args.state, workflow=args.workflow, mediator=args.mediator,
                   supervisor=args.supervisor, closed=args.closed,
                   opened_from=_seoul_midnight(since) if since else None,
                   opened_before=_seoul_midnight(until) + timedelta(days=1) if until else None,
                   limit=args.limit, offset=args.offset)
    paging.show(ctx, ctx.app.cases.list_cases(actor, f), case_line, t("no_cases", ctx.lang))
    return 0


def cmd_show(ctx: Ctx, args: argparse.Namespace) -> int:
    from mediation.core import validate

    actor = ctx.actor()
    recent = validate.non_negative(args.events, "events", maximum=100_000)
    detail = ctx.app.reading.show_case(actor, _number(args.number), recent=recent)
    if ctx.json:
        ctx.emit(detail)
    else:
        ctx.say(case_detail(detail, ctx.lang))
    return 0


def cmd_update(ctx: Ctx, args: argparse.Namespace) -> int:
    view = ctx.app.cases.update_case(ctx.actor(), _number(args.number), _fields(args),
                                       note=args.note)
    if ctx.json:
        ctx.emit(view)
    else:
        ctx.say(f"{t('updated', ctx.lang)}: {view.number} ({t('version', ctx.lang)} {view.version})")
    return 0


def cmd_assign(ctx: Ctx, args: argparse.Namespace) -> int:
    view = ctx.app.cases.reassign(ctx.actor(), _number(args.number), mediator=args.mediator,
                                    supervisor=args.supervisor)
    if ctx.json:
        ctx.emit(view)
    else:
        ctx.say(f"{t('updated', ctx.lang)}: {view.number} — {view.mediator} / {view.supervisor}")
    return 0


def cmd_advance(ctx: Ctx, args: argparse.Namespace) -> int:
    from mediation.core import validate

    note = validate.optional_text(args.note, "note", max_len=20000, multiline=True)
    view = ctx.app.moves.advance(ctx.actor(), _number(args.number), args.trigger, note)
    if ctx.json:
        ctx.emit(view)
    else:
        dest = view.dest_en if ctx.lang == "en" else view.dest_ko
        source = view.source_title.get(ctx.lang) if view.source_title else view.source
        ctx.say(f"{t('moved', ctx.lang)}: {view.number} {source} → {dest}")
        if view.closed and view.scheduled_meetings:
            ctx.say(still_scheduled(view.scheduled_meetings, ctx.lang))
    return 0


def cmd_history(ctx: Ctx, args: argparse.Namespace) -> int:
    events = ctx.app.reading.history(ctx.actor(), _number(args.number))
    if ctx.json:
        ctx.emit(events)
        return 0
    for e in events:
        ctx.say(event_line(e, ctx.lang))
    return 0
