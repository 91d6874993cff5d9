"""``mediation privacy subject`` (a data subject's requests, 개인정보 보호법 제35–37조) and
``mediation privacy prune`` (access records past their retention period)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from .context import Ctx
from .text import count_en

RAW = argparse.RawDescriptionHelpFormatter

SUBJECT_HELP = """\
A data subject's requests (개인정보 보호법 제35–37조), for admins and supervisors.

Finds every party recorded under --name in the cases you may read (removed parties too),
narrowed by --phone and --email when given (a party whose recorded number or address differs
is another person of that name; one with none recorded is kept), with the documents addressed
to or naming them and the audit events naming them. The search is an access record.

  --out FILE.zip   열람 (제35조): writes their party records, the documents' files, the
                   events naming them (JSON) and a manifest with SHA-256 into one ZIP; needs
                   --reason, which the access record (download) keeps.
  --stop           처리정지 요구 (제37조): records the request on each party found (an event
                   of its case, with --reason); case show and party list mark the party, and
                   letter send and reminders to it are refused until --resume.
  --resume         lifts the request (withdrawn, or processing the law allows), with --reason.

Corrections (정정, 제36조) are made with `mediation party update`, which records each change.

examples:
  mediation privacy subject --name 홍길동 --phone 010-1234-5678
  mediation privacy subject --name 홍길동 --out 홍길동-열람.zip --reason "열람 청구 2026-12-01 접수"
  mediation privacy subject --name 홍길동 --stop --reason "처리정지 요구서 접수"
"""


def register(psub: Any, common: argparse.ArgumentParser) -> None:
    p = psub.add_parser("subject", parents=[common], formatter_class=RAW,
                        help="a data subject's requests: what is held, export, stop processing",
                        description=SUBJECT_HELP)
    p.add_argument("--name", required=True, help="the person's name as recorded")
    p.add_argument("--phone", help="their telephone number (narrows to the parties whose "
                                   "recorded number matches or is missing)")
    p.add_argument("--email", help="their e-mail address (narrows likewise)")
    what = p.add_mutually_exclusive_group()
    what.add_argument("--out", type=Path, metavar="FILE.zip",
                      help="write what is held into this ZIP (never over an existing file)")
    what.add_argument("--stop", action="store_true",
                      help="record a request to stop processing on each party found")
    what.add_argument("--resume", action="store_true",
                      help="lift a request to stop processing")
    p.add_argument("--reason", help="why (required with --out, --stop and --resume; kept in "
                                    "the access record and the case's events)")
    p.set_defaults(handler=cmd_subject)
    prune = psub.add_parser(
        "prune", parents=[common], formatter_class=RAW,
        help="delete the access records past their retention period",
        description="Delete the access records older than MEDIATION_ACCESS_LOG_YEARS (default\n"
                    "2). The last deleted record's number and hash become the chain's start, so\n"
                    "`privacy verify` still checks the records that remain; the pruning is\n"
                    "itself an access record. For admins.\n\nexamples:\n"
                    "  mediation privacy prune --dry-run\n  mediation privacy prune")
    prune.add_argument("--dry-run", action="store_true",
                       help="only say how many records would be deleted")
    prune.set_defaults(handler=cmd_prune)


def _query(args: argparse.Namespace) -> Any:
    from mediation.privacy.subject import SubjectQuery

    return SubjectQuery(name=args.name, phone=args.phone, email=args.email)


def _reason(args: argparse.Namespace, what: str) -> str:
    from mediation.core.errors import BadInput

    if not args.reason or not args.reason.strip():
        raise BadInput(field="reason", reason_ko=f"{what}에는 --reason(사유)이 필요합니다. 기록에 "
                                                 f"남을 사유를 적으세요",
                       reason_en=f"{what} needs --reason (why, for the record)")
    return str(args.reason)


def cmd_subject(ctx: Ctx, args: argparse.Namespace) -> int:
    actor = ctx.actor()
    if args.out is not None:
        result = ctx.app.subject_export.export(actor, _query(args), args.out,
                                               _reason(args, "--out"))
        if ctx.json:
            ctx.emit(result)
        else:
            ctx.say(f"{result.path} ({ctx.pick(f'파일 {result.files}개', count_en(result.files, 'file'))}, "
                    f"{result.bytes:,} B, SHA-256 {result.sha256})")
        return 0
    if args.stop or args.resume:
        subjects = ctx.app.subjects
        done = (subjects.stop(actor, _query(args), _reason(args, "--stop"))
                if args.stop else subjects.resume(actor, _query(args), _reason(args, "--resume")))
        if ctx.json:
            ctx.emit(done)
            return 0
        for s in done.changed:
            ctx.say(ctx.pick(
                f"{s.case} 당사자 #{s.party.id} {s.party.name}: "
                f"{'처리정지 요구 기록' if args.stop else '처리정지 해제'}",
                f"{s.case} party #{s.party.id} {s.party.name}: "
                f"{'processing stopped' if args.stop else 'processing resumed'}"))
        for s in done.unchanged:
            ctx.say(ctx.pick(f"{s.case} 당사자 #{s.party.id} {s.party.name}: "
                             f"{'이미 처리정지 중' if args.stop else '처리정지 요구 없음 (해제할 것 없음)'}",
                             f"{s.case} party #{s.party.id} {s.party.name}: "
                             f"{'already stopped' if args.stop else 'not stopped (nothing to lift)'}"))
        return 0
    found = ctx.app.subjects.find(actor, _query(args))
    if ctx.json:
        ctx.emit({"name": found.name, "cases": found.cases, "parties": found.parties,
                  "documents": found.documents, "events": found.events})
        return 0
    _show(ctx, found)
    return 0


def _show(ctx: Ctx, found: Any) -> None:
    from .letters import kind_title
    from .render import party_line
    from .text import DOCUMENT_STATUSES, titled

    if not found.parties:
        ctx.say(ctx.pick(f"이름이 '{found.name}'인 개인 당사자가 없습니다.",
                         f"No private party is recorded as '{found.name}'."))
        return
    ctx.say(ctx.pick(f"사건 {len(found.cases)}건, 당사자 {len(found.parties)}명, "
                     f"문서 {len(found.documents)}건, 기록 {len(found.events)}건",
                     f"{count_en(len(found.cases), 'case')}, "
                     f"{count_en(len(found.parties), 'party', 'parties')}, "
                     f"{count_en(len(found.documents), 'document')}, "
                     f"{count_en(len(found.events), 'event')}"))
    for p in found.parties:
        ctx.say(f"{p.case}  {party_line(p.party, ctx.lang)}")
    for d in found.documents:
        how = ctx.pick("수신", "to them") if d.addressed else ctx.pick("기재", "naming them")
        ctx.say(f"  {d.number}  {d.case}  {kind_title(d.kind, ctx.lang)}  {d.recipient}  "
                f"({how}, {titled(DOCUMENT_STATUSES, d.status, ctx.lang)})")


def cmd_prune(ctx: Ctx, args: argparse.Namespace) -> int:
    from mediation.core.formats import kdate

    result = ctx.app.access_prune.prune(ctx.actor(), dry_run=args.dry_run)
    if ctx.json:
        ctx.emit(result)
        return 0
    day = kdate(result.before, ctx.lang)
    through = f" (#{result.through_seq})" if result.through_seq else ""
    if not result.records:
        ctx.say(ctx.pick(f"{day} 이전 접속기록이 없어 삭제할 것이 없습니다.",
                         f"No access records before {day}: nothing to delete."))
    elif result.dry_run:
        ctx.say(ctx.pick(f"{day} 이전 접속기록 {result.records}건을 삭제할 수 있습니다{through}.",
                         f"{count_en(result.records, 'access record')} before {day} "
                         f"would be deleted{through}."))
    else:
        ctx.say(ctx.pick(f"{day} 이전 접속기록 {result.records}건을 삭제했습니다{through}.",
                         f"Deleted {count_en(result.records, 'access record')} before "
                         f"{day}{through}."))
    return 0
