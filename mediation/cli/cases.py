"""``mediation case open | list | show | update | assign | advance | history``."""

from __future__ import annotations

import argparse
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import paging
from .context import Ctx
from .deadlines import register_case_commands
from .render import case_detail, case_line, event_line, still_scheduled
from .text import t

if TYPE_CHECKING:
    from mediation.cases.commands import CaseFields
    from mediation.cases.corrections import Correction
    from mediation.storage.cases import CaseFilter


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
    g.add_argument("--district", help="자치구 written exactly as listed, e.g. 마포구 (the list: "
                                      "`mediation case districts`)")
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
    _filter_options(p)
    paging.add_options(p)
    p.set_defaults(handler=cmd_list)

    p = s.add_parser("search", parents=[common], help="find cases by any words of their record",
                     description=SEARCH_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("text", nargs="+", metavar="TEXT",
                   help="words to find (every word must occur somewhere in the case)")
    _filter_options(p)
    p.add_argument("--district", help="자치구 written exactly as listed, e.g. 마포구 (the list: "
                                      "`mediation case districts`)")
    p.add_argument("--type", dest="conflict_type", metavar="TYPE",
                   help="conflict type: interest, value, siting, policy, fact, structural, "
                        "relationship")
    p.add_argument("--grade", help="diagnosis grade A, B or C")
    p.add_argument("--limit", type=int, default=50, help="at most this many (default 50)")
    p.set_defaults(handler=cmd_search)

    p = s.add_parser("show", parents=[common], help="a case with its triggers, parties and events")
    p.add_argument("number", help="case number, e.g. 2026-0001")
    p.add_argument("--events", type=int, default=10, help="how many recent events (default 10)")
    p.set_defaults(handler=cmd_show)

    p = s.add_parser("update", parents=[common], help="change case fields",
                     description="Change case fields; the change is recorded in the audit trail.")
    p.add_argument("number", help="case number, e.g. 2026-0001")
    _field_options(p, for_open=False)
    p.add_argument("--note", help="why (kept in the audit trail)")
    p.set_defaults(handler=cmd_update)

    p = s.add_parser("assign", parents=[common], help="reassign mediator or supervisor")
    p.add_argument("number", help="case number, e.g. 2026-0001")
    p.add_argument("--mediator", help="username of the case officer")
    p.add_argument("--supervisor", help="username of the division head")
    p.set_defaults(handler=cmd_assign)

    p = s.add_parser("advance", parents=[common], help="fire a workflow trigger",
                     description="Fire TRIGGER on the case. `case show` lists the triggers "
                                 "available now and whether their conditions hold.")
    p.add_argument("number", help="case number, e.g. 2026-0001")
    p.add_argument("trigger")
    p.add_argument("--note", help="reason; required by some triggers (withdraw, refer, ...)")
    p.set_defaults(handler=cmd_advance)

    for name, short, long, example, handler in (
            ("undo", "take back the last transition (supervisor)",
             "Reverse the case's last transition when nothing irreversible followed it (no "
             "letter sent, no signature collected, no meeting held, no reminder delivered): "
             "the state it left comes back, the deadlines it opened are cancelled and those it "
             "closed run again, the documents it produced are voided. The trail keeps both the "
             "transition and its undoing. A supervisor of the case or an admin does it.",
             "example: mediation case undo 2026-0001 --reason \"진단등급 입력 전에 잘못 넘김\"",
             cmd_undo),
            ("reopen", "reopen a case closed by mistake (supervisor)",
             "Return a closed case — closed by a person, by the dormancy close or by the "
             "absence rule — to the state it was closed from; its deadlines start again from "
             "now. The closing stays in the trail. A supervisor of the case or an admin does "
             "it.", "example: mediation case reopen 2026-0001 --reason \"당사자 요청으로 재개\"",
             cmd_reopen)):
        p = s.add_parser(name, parents=[common], help=short, description=long, epilog=example)
        p.add_argument("number", help="case number, e.g. 2026-0001")
        p.add_argument("--reason", required=True, help="why (kept in the audit trail)")
        p.set_defaults(handler=handler)

    p = s.add_parser("districts", parents=[common], help="the districts a case may name",
                     description="The districts (자치구) `case open` and `case update "
                                 "--district` accept, written exactly: Seoul's 25 unless the "
                                 "office's MEDIATION_DISTRICTS_FILE lists its own, one a line.")
    p.set_defaults(handler=cmd_districts)

    p = s.add_parser("history", parents=[common], help="the case's full audit trail")
    p.add_argument("number", help="case number, e.g. 2026-0001")
    p.set_defaults(handler=cmd_history)
    register_case_commands(s, common)  # case pause | resume (stop the clock)

    p = s.add_parser("export", parents=[common], help="the whole case file as one ZIP",
                     description=EXPORT_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("number", help="case number, e.g. 2026-0001")
    p.add_argument("--out", type=Path, required=True, metavar="FILE.zip",
                   help="the ZIP to write (never over an existing file)")
    p.add_argument("--redact", action="store_true",
                   help="mask private persons' names, phone numbers, e-mail and street "
                        "addresses (information-disclosure request)")
    p.add_argument("--reason", help="why the file is taken out (required unless --redact when "
                                    "the case holds private persons' data; kept in the access "
                                    "record and shown in the monthly check)")
    p.set_defaults(handler=cmd_export)


EXPORT_HELP = """\
Write the whole case file as one ZIP that a successor, an archive or a court reads without
this program: index.pdf (사건 기록 목록: the case's fields, parties, every event in order,
every document with its number, date and SHA-256), every registered document, the minutes,
the attachments, case.json, the audit events (audit/events.json), and a manifest with the
SHA-256 of every file (manifest.json; SHA256SUMS for `sha256sum -c`). `mediation audit verify
--file FILE.zip` checks it offline. The export is an event of the case's audit trail.

--redact masks private persons' data for an information-disclosure request (정보공개법 제9조
제1항 제6호): names as 김○○, phone numbers, e-mail and street addresses, in the index, the
record, the events, the minutes and the text documents; names of agencies stay. Documents in
PDF and attachments cannot be masked and are left out (listed with their SHA-256).

An export that is not --redact of a case holding private persons' data needs --reason (why it
is taken out: 이관, 소송 제출, ...), which its access record (다운로드) keeps.

examples:
  mediation case export 2026-0001 --out 2026-0001.zip --reason "기록물 이관"
  mediation case export 2026-0001 --out 2026-0001-공개용.zip --redact
"""

SEARCH_HELP = """\
Find cases by any words of their record: title, summary, notes of the audit trail, parties'
names and organisations, issues (쟁점), agreement items and meeting minutes. Korean needs no
word boundaries: 봉안당 finds 구립봉안당건립, and two-syllable words (소음, 층간) are found too.
Every word given must occur somewhere in the case; the filters narrow the result further.
Results come most relevant first (a match in the title counts most, then a party, the
summary, the rest), then most recently changed, each with where its text matched. Only the
cases you may read are searched.

examples:
  mediation case search 봉안당
  mediation case search 층간 소음 --open --district 마포구
  mediation case search 은평구청 --since 2026-01-01 --json
"""


def _filter_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--state", help="state name, e.g. diagnosis (`workflow show` lists them)")
    p.add_argument("--workflow", help="public_conflict or neighbor_dispute")
    p.add_argument("--mediator", help="username of the case officer")
    p.add_argument("--supervisor", help="username of the division head")
    p.add_argument("--since", metavar="DATE", help="opened on or after DATE (2026-11-24)")
    p.add_argument("--until", metavar="DATE", help="opened on or before DATE")
    openness = p.add_mutually_exclusive_group()
    openness.add_argument("--open", dest="closed", action="store_false", default=None,
                          help="only open cases")
    openness.add_argument("--closed", dest="closed", action="store_true",
                          help="only closed cases")


def _case_filter(args: argparse.Namespace) -> CaseFilter:
    from mediation.core import validate
    from mediation.storage.cases import CaseFilter

    since = validate.day(args.since, "since") if args.since else None
    until = validate.day(args.until, "until") if args.until else None
    from mediation.core import vocabulary as vocab

    grade, kind = getattr(args, "grade", None), getattr(args, "conflict_type", None)
    return CaseFilter(state=args.state, workflow=args.workflow, mediator=args.mediator,
                      supervisor=args.supervisor, closed=args.closed,
                      opened_from=_seoul_midnight(since) if since else None,
                      opened_before=_seoul_midnight(until) + timedelta(days=1) if until else None,
                      district=getattr(args, "district", None),
                      conflict_type=vocab.check(vocab.CONFLICT_TYPES, kind, "type") if kind else None,
                      grade=vocab.check(vocab.GRADES, grade, "grade") if grade else None,
                      limit=validate.non_negative(args.limit, "limit", maximum=100_000),
                      offset=getattr(args, "offset", 0))


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
    actor = ctx.actor()
    paging.show(ctx, ctx.app.cases.list_cases(actor, _case_filter(args)), case_line,
                t("no_cases", ctx.lang))
    return 0


def cmd_search(ctx: Ctx, args: argparse.Namespace) -> int:
    actor = ctx.actor()
    hits = ctx.app.search.search(actor, " ".join(args.text), _case_filter(args))
    if ctx.json:
        ctx.emit(hits)
    elif not hits:
        ctx.say(t("no_cases", ctx.lang))
    for h in hits:
        ctx.say(case_line(h.case, ctx.lang))
        places = ", ".join(m.label_en if ctx.lang == "en" else m.label_ko for m in h.matched)
        ctx.say(f"    {t('matched_in', ctx.lang)}: {places}")
    return 0


def cmd_export(ctx: Ctx, args: argparse.Namespace) -> int:
    from .text import EVENT_KINDS, count_en

    titles = {k: ko for k, (ko, _) in EVENT_KINDS.items()}
    from mediation.core import validate

    reason = validate.optional_text(args.reason, "reason", max_len=2000) or None
    result = ctx.app.export.export(ctx.actor(), _number(args.number), args.out,
                                   redact=args.redact, event_titles=titles, reason=reason)
    if ctx.json:
        ctx.emit(result)
    else:
        ctx.say(f"{result.path} ({ctx.pick(f'파일 {result.files}개', count_en(result.files, 'file'))}, "
                f"{result.bytes:,} B, SHA-256 {result.sha256})")
    return 0


def cmd_districts(ctx: Ctx, args: argparse.Namespace) -> int:
    names = ctx.app.cases.districts()
    if ctx.json:
        ctx.emit(list(names))
    else:
        ctx.say("\n".join(names))
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


def cmd_undo(ctx: Ctx, args: argparse.Namespace) -> int:
    from mediation.core import validate

    reason = validate.text(args.reason, "reason", max_len=2000)
    done = ctx.app.corrections.undo(ctx.actor(), _number(args.number), reason)
    return _corrected(ctx, done)


def cmd_reopen(ctx: Ctx, args: argparse.Namespace) -> int:
    from mediation.core import validate

    reason = validate.text(args.reason, "reason", max_len=2000)
    done = ctx.app.corrections.reopen(ctx.actor(), _number(args.number), reason)
    return _corrected(ctx, done)


def _corrected(ctx: Ctx, done: Correction) -> int:
    if ctx.json:
        ctx.emit(done)
        return 0
    what = ctx.pick("상태 변경을 되돌렸습니다", "transition undone") if done.kind == "undone" \
        else ctx.pick("사건을 다시 열었습니다", "case reopened")
    ctx.say(f"{done.number}: {what}: {done.source_title.get(ctx.lang)} → "
            f"{done.dest_title.get(ctx.lang)} — {done.reason}")
    counts = [(done.cancelled_deadlines, "취소한 기한", "deadlines cancelled"),
              (done.reopened_deadlines, "다시 진행하는 기한", "deadlines running again"),
              (done.opened_deadlines, "새로 시작한 기한", "deadlines started")]
    for n, ko, en in counts:
        if n:
            ctx.say(f"  {ctx.pick(ko, en)}: {n}")
    if done.voided_documents:
        ctx.say(f"  {ctx.pick('무효 처리한 문서', 'documents voided')}: "
                f"{', '.join(done.voided_documents)}")
    return 0


def cmd_history(ctx: Ctx, args: argparse.Namespace) -> int:
    events = ctx.app.reading.history(ctx.actor(), _number(args.number))
    if ctx.json:
        ctx.emit(events)
        return 0
    for e in events:
        ctx.say(event_line(e, ctx.lang))
    return 0
