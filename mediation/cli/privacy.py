"""``mediation privacy``: the access records (접속기록) of private persons' data — reading
them by user, party and time, and verifying their hash chain."""

from __future__ import annotations

import argparse
from datetime import datetime, time, timedelta
from typing import Any

from . import paging
from .context import Ctx, whole_number

RAW = argparse.RawDescriptionHelpFormatter


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("privacy", help="personal data: access records, retention, destruction, "
                                       "data subjects' requests")
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
    paging.add_options(log)
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
    destroy = psub.add_parser(
        "destroy", parents=[common], formatter_class=RAW,
        help="destroy the personal data of closed cases past retention",
        description="Destroy the personal data of closed cases past the retention period\n"
                    "(법 제21조): without NUMBERs, every case `privacy due` lists. For each\n"
                    "private person: name, contacts and address, and every text of the case\n"
                    "naming them (their names, phones and e-mails become ○○○; minutes go\n"
                    "whole); the files of the documents naming them (the register keeps the\n"
                    "number, date and SHA-256), the outbox e-mails naming them, the case's\n"
                    "attachments; the audit events holding their data are redacted and a\n"
                    "personal_data_destroyed event commits them, so `audit verify` still\n"
                    "passes. Organisations stay; the statistics do not change. One transaction\n"
                    "per case; a file that cannot be deleted is reported and kept as pending\n"
                    "on the destruction record (`privacy destructions`). --dry-run shows what\n"
                    "would go and changes nothing. A case not past its retention period is\n"
                    "refused (exit 4) unless an admin gives --force with --reason. Exits 4 as\n"
                    "well if something is left pending (the next run retries it). For admins\n"
                    "and supervisors.\n\nexamples:\n  mediation privacy destroy --dry-run\n"
                    "  mediation privacy destroy --reason 보존기간 경과\n"
                    "  mediation privacy destroy 2016-0012 --reason 보존기간 경과 --json")
    destroy.add_argument("numbers", nargs="*", metavar="NUMBER",
                         help="the cases (default: every case past retention)")
    destroy.add_argument("--dry-run", action="store_true",
                         help="show what would be destroyed; change nothing")
    destroy.add_argument("--reason", metavar="TEXT",
                         help="the basis of the destruction (required unless --dry-run)")
    destroy.add_argument("--force", action="store_true",
                         help="admins: destroy named cases before the end of their retention "
                              "period (with --reason)")
    destroy.set_defaults(handler=cmd_destroy)
    records = psub.add_parser(
        "destructions", parents=[common], formatter_class=RAW,
        help="list the destruction records",
        description="List the destruction records (파기 기록), oldest first: the case, when,\n"
                    "by whom, on what basis, early (--force) or not, and what was destroyed\n"
                    "(counts and party ids, never the data), with any file still pending.\n"
                    "For admins and supervisors.\n\nexample:\n  mediation privacy "
                    "destructions --json")
    paging.add_options(records)
    records.set_defaults(handler=cmd_destructions)
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
    from mediation.core.clock import SEOUL

    def line(v: Any, lang: str) -> str:
        at = v.at.astimezone(SEOUL)
        where = ctx.pick("담당 외 ", "not own ") if not v.own_case else ""
        reason = f" ({ctx.pick('사유', 'reason')}: {v.reason})" if v.reason else ""
        return (f"#{v.seq} {kdate(at, lang)} {at:%H:%M:%S} {v.account} @ {v.origin} "
                f"{ACTIONS[v.action].get(lang)} {where}{v.case or '-'} "
                f"{ctx.pick('당사자', 'party' if len(v.parties) == 1 else 'parties')} "
                f"{','.join(map(str, v.parties))} [{v.what}]"
                f"{reason}")

    page = ctx.app.privacy.log_page(ctx.actor(), query, limit=args.limit, offset=args.offset)
    paging.show(ctx, page, line, ctx.pick("접속기록이 없습니다.", "No access records."))
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


DESTROYED_TITLES = {
    "name": ("이름", "name"), "email": ("전자우편", "e-mail"), "phone": ("전화", "phone"),
    "address": ("주소", "address"), "dispute_issues": ("쟁점", "issues"),
    "agreement_items": ("합의 항목", "agreement items"), "meetings": ("회의", "meetings"),
    "documents": ("문서", "documents"), "reminders": ("보낼 메일", "outbox rows"),
    "case_pauses": ("일시정지", "pauses"), "deadlines": ("기한", "deadlines")}


def _titled(key: str, lang: str) -> str:
    ko, en = DESTROYED_TITLES.get(key, (key, key))
    return en if lang == "en" else ko


def cmd_destroy(ctx: Ctx, args: argparse.Namespace) -> int:
    from mediation.core import validate
    from mediation.core.formats import kdate

    numbers = [validate.case_number(n) for n in args.numbers]
    reason = (validate.text(args.reason, "reason", max_len=2000) if args.reason is not None
              else None)
    views = ctx.app.destruction.destroy(ctx.actor(), numbers, reason=reason,
                                        dry_run=args.dry_run, force=args.force)
    if ctx.json:
        ctx.emit(views)
        return 4 if any(v.pending for v in views) else 0
    for v in views:
        due = f" ({ctx.pick('보존 기간 만료', 'due since')} {kdate(v.due_at, ctx.lang)})" \
            if v.due_at else ""
        head = (ctx.pick(f"{v.number}: 파기할 것{due}", f"{v.number}: would destroy{due}")
                if v.dry_run else
                ctx.pick(f"{v.number}: 파기함{due} — 파기 기록 #{v.record}, 이벤트 #{v.event_seq}",
                         f"{v.number}: destroyed{due} — record #{v.record}, "
                         f"event #{v.event_seq}"))
        ctx.say(head + (ctx.pick(" (보존 기간 전 파기)", " (before the end of retention)")
                        if v.forced else ""))
        names = ", ".join(v.names) or "-"
        fields = ", ".join(_titled(f, ctx.lang) for f in v.fields) or "-"
        ctx.say(ctx.pick(f"  개인 {v.persons}명: {names}; 항목: {fields}",
                         f"  private persons {v.persons}: {names}; fields: {fields}"))
        texts = ", ".join(f"{_titled(k, ctx.lang)} {n}"
                          for k, n in sorted(v.free_text.items())) or "-"
        ctx.say(ctx.pick(f"  자유 기재: {texts}; 검색 색인 {v.search_rows}행; 감사 이벤트 "
                         f"{len(v.events)}건", f"  free text: {texts}; search rows "
                         f"{v.search_rows}; audit events {len(v.events)}"))
        ctx.say(ctx.pick(f"  문서 {len(v.documents)}건 ({', '.join(v.documents) or '-'}), 파일 "
                         f"{len(v.files)}개; 보낸 메일 파일 {len(v.mails)}개; 첨부 {v.attachments}건",
                         f"  documents {len(v.documents)} ({', '.join(v.documents) or '-'}), "
                         f"files {len(v.files)}; outbox e-mails {len(v.mails)}; attachments "
                         f"{v.attachments}"))
        for pending in v.pending:
            ctx.say(ctx.pick(f"  삭제하지 못한 파일(대기): {pending}",
                             f"  file not deleted (pending): {pending}"))
    if not views:
        ctx.say(ctx.pick("보존 기간이 지난 사건이 없습니다.", "No case is past its retention period."))
    return 4 if any(v.pending for v in views) else 0


def cmd_destructions(ctx: Ctx, args: argparse.Namespace) -> int:
    from mediation.core.formats import kdatetime

    page = ctx.app.destruction.destructions(ctx.actor(), args.limit, args.offset)

    def line(v: Any, lang: str) -> str:
        early = (" 보존 기간 전" if lang == "ko" else " early") if v.forced else ""
        counts = v.counts
        pending = "".join(f"\n  {'pending' if lang == 'en' else '대기'}: {p}" for p in v.pending)
        if lang == "en":
            return (f"#{v.id} {v.case} {kdatetime(v.at, 'en')} by {v.actor}{early} — "
                    f"{v.reason}: persons {counts.get('persons', 0)} (parties "
                    f"{','.join(map(str, v.parties)) or '-'}), events {counts.get('events', 0)}, "
                    f"documents {counts.get('documents', 0)}, e-mails {counts.get('mails', 0)}, "
                    f"attachments {counts.get('attachments', 0)}; event #{v.event_seq}{pending}")
        return (f"#{v.id} {v.case} {kdatetime(v.at)} {v.actor}{early} — {v.reason}: 개인 "
                f"{counts.get('persons', 0)}명(당사자 {','.join(map(str, v.parties)) or '-'}), "
                f"이벤트 {counts.get('events', 0)}건, 문서 {counts.get('documents', 0)}건, 메일 "
                f"{counts.get('mails', 0)}건, 첨부 {counts.get('attachments', 0)}건; 이벤트 "
                f"#{v.event_seq}{pending}")

    paging.show(ctx, page, line, ctx.pick("파기 기록이 없습니다.", "No destruction records."))
    return 0
