"""``mediation letter render | list | show | verify | print | drafts | approve | return |
void | send | kinds`` and
``mediation template check``."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from .context import Ctx, common_options
from .render import pad
from .text import DOCUMENT_AUDIENCES, DOCUMENT_STATUSES, titled

if TYPE_CHECKING:
    from mediation.render.context import LetterInputs, MeetingCtx
    from mediation.views.documents import DocumentView

RENDER_HELP = """\
Write KIND for case NUMBER: one document per recipient, each registered with a number
(<prefix>-<year>-<sequence>), the SHA-256 of its file and the context it was rendered from.
Letters to parties need --party ID or --all-parties (one letter each, never a shared list);
the agreement and the internal reports are one document. A party's letters are in the
party's language unless --lang is given. Kinds: see `mediation letter kinds`."""


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    letter = sub.add_parser("letter", help="official letters, notices, agreements and reports")
    s = letter.add_subparsers(dest="letter_command", metavar="COMMAND", required=True)
    p = s.add_parser("render", parents=[common_options(with_lang=False)],
                     help="write and register documents", description=RENDER_HELP,
                     formatter_class=argparse.RawDescriptionHelpFormatter)
    _render_options(p)
    p.set_defaults(handler=cmd_render)
    p = s.add_parser("list", parents=[common], help="the documents of a case")
    p.add_argument("number", help="case number, e.g. 2026-0001")
    p.set_defaults(handler=cmd_list)
    p = s.add_parser("show", parents=[common], help="one register entry")
    p.add_argument("doc", help="document number, e.g. 갈등조정담당관-2026-0001")
    p.add_argument("--context", action="store_true", help="also print the context JSON")
    p.set_defaults(handler=cmd_show)
    p = s.add_parser("verify", parents=[common], help="check a document's file against its hash",
                     description="Recompute the SHA-256 of the document's files; exit 4 if a "
                                 "file changed or is missing.")
    p.add_argument("doc", help="document number, e.g. 갈등조정담당관-2026-0001")
    p.set_defaults(handler=cmd_verify)
    p = s.add_parser("send", parents=[common], help="e-mail documents to their parties",
                     description="E-mail each document (with its calendar file) to its party, "
                                 "through the same SMTP server or outbox folder as reminders; "
                                 "lists the documents whose recipient has no e-mail address "
                                 "for postal delivery. A file that no longer matches the "
                                 "register is not sent.")
    p.add_argument("number", help="case number, e.g. 2026-0001")
    p.add_argument("docs", nargs="+", metavar="DOC")
    p.set_defaults(handler=cmd_send)
    p = s.add_parser("print", parents=[common], help="the same issued document again",
                     description="Copy the file of an issued document as it was registered — "
                                 "same number, date and bytes — after checking it against its "
                                 "SHA-256. A voided or replaced document is refused (its "
                                 "correction is named).")
    p.add_argument("doc", help="document number, e.g. 갈등조정담당관-2026-0001")
    p.add_argument("--out", type=Path, metavar="FILE",
                   help="where to write it (default: the file name in the current folder; "
                        "- for standard output)")
    p.add_argument("--reason", help="why the copy is made (kept in the access record, shown in "
                                    "the monthly check)")
    p.set_defaults(handler=cmd_print)
    p = s.add_parser("drafts", parents=[common], help="letters awaiting approval (결재)",
                     description="The drafts awaiting approval in the cases you may read, oldest "
                                 "first: what a supervisor approves with `letter approve` or "
                                 "returns with `letter return`. Read a draft with `letter print "
                                 "DOC`.")
    p.set_defaults(handler=cmd_drafts)
    p = s.add_parser("approve", parents=[common], help="approve a draft (결재); it can be sent",
                     description="Approve a draft letter (결재): it is written again with the "
                                 "same number, dated today, with your name and the date in its "
                                 "결재란, and can then be sent. The case's supervisor or an "
                                 "admin approves; the draft's file is kept beside it.")
    p.add_argument("doc", help="document number, e.g. 갈등조정담당관-2026-0001")
    p.add_argument("--comment", help="a comment kept with the approval")
    p.set_defaults(handler=cmd_approve)
    p = s.add_parser("return", parents=[common], help="return a draft (반려) with a comment",
                     description="Return a draft to its mediator (반려) with your comment; it is "
                                 "not sent. The mediator writes a corrected version with "
                                 "`letter render … --replaces DOC`.")
    p.add_argument("doc", help="document number, e.g. 갈등조정담당관-2026-0001")
    p.add_argument("--comment", required=True, help="what to correct")
    p.set_defaults(handler=cmd_return)
    p = s.add_parser("void", parents=[common], help="void a document issued by mistake",
                     description="Mark an issued document void, with the reason, on the record: "
                                 "the number is never reused, the file is kept, the case's "
                                 "history shows who voided it and why. A document already sent "
                                 "stays sent; tell its recipient.")
    p.add_argument("doc", help="document number, e.g. 갈등조정담당관-2026-0001")
    p.add_argument("--reason", required=True, help="why the document is void")
    p.set_defaults(handler=cmd_void)
    s.add_parser("kinds", parents=[common], help="the document kinds").set_defaults(
        handler=cmd_kinds)
    template = sub.add_parser("template", help="staff-editable document templates")
    ts = template.add_subparsers(dest="template_command", metavar="COMMAND", required=True)
    ts.add_parser("check", parents=[common], help="render every template with sample data",
                  description="Compile every template (override folder and shipped) and render "
                              "every document kind in Korean and English with a fictional "
                              "sample case; report problems with file and line. Exit 2 if "
                              "any template fails.").set_defaults(handler=cmd_check)


def _render_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("number", help="case number, e.g. 2026-0001")
    p.add_argument("kind", help="document kind (mediation letter kinds)")
    who = p.add_mutually_exclusive_group()
    who.add_argument("--party", type=int, metavar="ID", help="the one party to write to")
    who.add_argument("--all-parties", action="store_true", help="one letter to every party")
    p.add_argument("--format", dest="fmt", choices=("pdf", "html", "txt"),
                   help="output format (default MEDIATION_DOCUMENT_FORMAT or pdf)")
    p.add_argument("--lang", dest="letter_lang", choices=("ko", "en"),
                   help="language of the documents (default: each party's own)")
    p.add_argument("--out", type=Path, metavar="DIR",
                   help="folder for the files (default MEDIATION_DOCUMENTS_DIR/NUMBER)")
    p.add_argument("--jobs", type=int, default=1, metavar="N",
                   help="render in N processes (for many letters)")
    g = p.add_argument_group("what a letter states besides the case")
    g.add_argument("--reason", help="reasons (extension, closure, result); closure defaults "
                                    "to the note of the closing step")
    g.add_argument("--reply-by", metavar="DATE", help="reply deadline of an invitation")
    g.add_argument("--new-date", metavar="DATE", help="new date of an extension notice")
    g.add_argument("--expected-by", metavar="DATE", help="expected completion (progress)")
    g.add_argument("--meeting-at", metavar="TIME", help="meeting start, 2026-12-08T14:30+09:00")
    g.add_argument("--meeting-end", metavar="TIME", help="meeting end (default: 2 hours later)")
    g.add_argument("--meeting-place", help="meeting place")
    g.add_argument("--meeting-title", help="meeting name (default: 갈등조정협의회 회의)")
    g.add_argument("--meeting-purpose", help="purpose of the meeting")
    g.add_argument("--agenda", action="append", metavar="TEXT", help="agenda item (repeatable)")
    g.add_argument("--open-meeting", action="store_true",
                   help="the meeting is public (every party agreed; decree art. 22)")
    g.add_argument("--short-notice", action="store_true",
                   help="send a meeting notice less than 7 days before the meeting")
    p.add_argument("--replaces", metavar="DOC",
                   help="issue a corrected version of DOC (same kind and recipient); DOC is "
                        "marked replaced")


# render ------------------------------------------------------------------------------

def _moment(value: str, field: str) -> datetime:
    from mediation.core.clock import SEOUL
    from mediation.core.errors import BadInput

    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise BadInput(field=field, reason_ko=f"'{value[:40]}'은(는) 2026-12-08T14:30+09:00 같은 시각이 "
                                              "아닙니다",
                                    reason_en=f"'{value[:40]}' is not a time like "
                                              "2026-12-08T14:30+09:00") from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=SEOUL)


def _meeting(args: argparse.Namespace, lang: str) -> MeetingCtx | None:
    from mediation.core import validate
    from mediation.core.errors import BadInput
    from mediation.render.context import MeetingCtx

    if not args.meeting_at:
        if args.meeting_place or args.meeting_end:
            raise BadInput(field="meeting-at", reason_ko="회의 시작 시각(--meeting-at)을 주세요",
                                               reason_en="a meeting needs its start (--meeting-at)")
        return None
    if not args.meeting_place:
        raise BadInput(field="meeting-place", reason_ko="회의 장소(--meeting-place)를 주세요",
                                              reason_en="a meeting needs its place (--meeting-place)")
    starts = _moment(args.meeting_at, "meeting-at")
    ends = _moment(args.meeting_end, "meeting-end") if args.meeting_end else starts + timedelta(hours=2)
    if ends <= starts:
        raise BadInput(field="meeting-end", reason_ko="회의가 끝나는 시각은 시작 시각보다 늦어야 합니다",
                                            reason_en="the meeting must end after it starts")
    default_title = "Mediation council meeting" if lang == "en" else "갈등조정협의회 회의"
    return MeetingCtx(
        title=validate.text(args.meeting_title or default_title, "meeting-title", max_len=200),
        purpose=validate.optional_text(args.meeting_purpose, "meeting-purpose", max_len=500) or "",
        starts_at=starts, ends_at=ends,
        place=validate.text(args.meeting_place, "meeting-place", max_len=300),
        agenda=tuple(validate.text(a, "agenda", max_len=300) for a in args.agenda or ()),
        closed=not args.open_meeting)


def _inputs(args: argparse.Namespace, lang: str) -> LetterInputs:
    from mediation.core import validate
    from mediation.render.context import LetterInputs

    def day(value: str | None, name: str) -> Any:
        return validate.day(value, name) if value else None

    return LetterInputs(
        reason=validate.optional_text(args.reason, "reason", max_len=2000, multiline=True),
        reply_by=day(args.reply_by, "reply-by"), new_date=day(args.new_date, "new-date"),
        expected_by=day(args.expected_by, "expected-by"), meeting=_meeting(args, lang))


class ProgressBar:
    """Progress of a bulk run on stderr: a bar on a terminal, a line per tenth otherwise."""

    def __init__(self, label: str, stream: TextIO | None = None) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self._shown = -1

    def __call__(self, done: int, total: int) -> None:
        if total < 2:
            return
        if self.tty:
            filled = 30 * done // total
            self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (30 - filled)}] "
                              f"{done}/{total}")
            if done == total:
                self.stream.write("\n")
        elif done * 10 // total != self._shown:
            self._shown = done * 10 // total
            self.stream.write(f"{self.label}: {done}/{total}\n")
        self.stream.flush()


def cmd_render(ctx: Ctx, args: argparse.Namespace) -> int:
    from mediation.core import validate
    from mediation.documents.register import LetterRequest

    if not 1 <= args.jobs <= 64:
        from mediation.core.errors import BadInput

        raise BadInput(field="jobs", reason_ko=f"{args.jobs}은(는) 허용 범위(1–64)를 벗어납니다",
                                     reason_en=f"{args.jobs} is out of range (1–64)")
    request = LetterRequest(
        number=validate.case_number(args.number), kind=args.kind, party_id=args.party,
        all_parties=args.all_parties, fmt=args.fmt, lang=args.letter_lang, out=args.out,
        inputs=_inputs(args, args.letter_lang or ctx.lang), jobs=args.jobs,
        short_notice=args.short_notice, replaces=args.replaces)
    views = ctx.app.documents.render_documents(ctx.actor(), request,
                                               progress=ProgressBar(f"{args.kind}"))
    if ctx.app.documents.documents.office.example:
        ctx.warn(ctx.pick("mediation: 예시 기관 정보로 작성했습니다 — 발송 전에 MEDIATION_OFFICE_* "
                          "또는 MEDIATION_OFFICE_FILE을 설정하세요.",
                          "mediation: written with the example office details — set "
                          "MEDIATION_OFFICE_* or MEDIATION_OFFICE_FILE before sending."))
    if ctx.json:
        ctx.emit(views)
    else:
        for v in views:
            ctx.say(_line(v, ctx.lang))
    return 0


def kind_title(kind: str, lang: str) -> str:
    """A document kind's title (its name for a kind this version does not know)."""
    from mediation.workflow.dockinds import KINDS

    found = KINDS.get(kind)
    return found.title.get(lang) if found else kind


def _line(v: DocumentView, lang: str) -> str:
    extra = "".join(f" + {c.path}" for c in v.companions)
    fixes = (f"  ({v.replaces} {'정정' if lang != 'en' else 'corrected'})" if v.replaces
             else "")
    return (f"{v.number}  {pad(kind_title(v.kind, lang), 24)} {v.recipient}  "
            f"{v.output_path or '-'}{extra}{fixes}")


def record_note(v: DocumentView, lang: str) -> str:
    """What the register says of an entry besides its status: the correction it is or that
    replaced it, why it was voided."""
    en = lang == "en"
    parts = []
    if v.replaces:
        parts.append(f"corrects {v.replaces}" if en else f"{v.replaces} 정정본")
    if v.replaced_by:
        parts.append(f"replaced by {v.replaced_by}" if en else f"{v.replaced_by}(으)로 정정")
    if v.status == "void" and v.void_reason:
        parts.append(f"reason: {v.void_reason}" if en else f"사유: {v.void_reason}")
    if v.status == "returned" and v.review_comment:
        parts.append(f"returned: {v.review_comment}" if en else f"반려 의견: {v.review_comment}")
    if v.status != "returned" and v.reviewed_by:
        parts.append(f"approved by {v.reviewed_by}" if en else f"결재 {v.reviewed_by}")
    if v.destroyed_at:
        parts.append("destroyed (personal data)" if en else "개인정보 파기로 파일 삭제")
    return "; ".join(parts)


# reading -----------------------------------------------------------------------------

def cmd_list(ctx: Ctx, args: argparse.Namespace) -> int:
    from mediation.core import validate
    from mediation.core.formats import kdatetime

    views = ctx.app.documents.list_documents(ctx.actor(), validate.case_number(args.number))
    if ctx.json:
        ctx.emit(views)
        return 0
    if not views:
        ctx.say(ctx.pick("작성된 문서가 없습니다.", "No documents yet."))
    for v in views:
        sent = f"  {ctx.pick('발송', 'sent')} {v.sent_to}" if v.sent_at else ""
        status = titled(DOCUMENT_STATUSES, v.status, ctx.lang)
        note = record_note(v, ctx.lang)
        ctx.say(f"{v.number}  {pad(status, 8)} {pad(kind_title(v.kind, ctx.lang), 28)} "
                f"{v.lang} {v.format:<4} {kdatetime(v.generated_at, ctx.lang)}  "
                f"{v.recipient}{sent}{f'  [{note}]' if note else ''}")
    return 0


def cmd_show(ctx: Ctx, args: argparse.Namespace) -> int:
    import json

    from mediation.views.jsonable import to_jsonable

    detail = ctx.app.documents.show_document(ctx.actor(), args.doc)
    if ctx.json:
        data = to_jsonable(detail.document)
        if args.context:
            data["context"] = json.loads(detail.context)
        ctx.emit(data)
        return 0
    for label, value in document_fields(detail.document, ctx.lang):
        ctx.say(f"{pad(label, 16)} {value if value not in (None, '') else '-'}")
    if args.context:
        ctx.say(json.dumps(json.loads(detail.context), ensure_ascii=False, indent=2))
    return 0


def document_fields(v: DocumentView, lang: str) -> list[tuple[str, object]]:
    """A register entry as labelled lines, the labels and the values in ``lang``."""
    from mediation.core.formats import kdatetime
    from mediation.core.vocabulary import LANGS, title

    en = lang == "en"
    rows: list[tuple[str, str, object]] = [
        ("문서번호", "Number", v.number), ("사건", "Case", v.case),
        ("종류", "Kind", f"{kind_title(v.kind, lang)} ({v.kind})"),
        ("상태", "Status", titled(DOCUMENT_STATUSES, v.status, lang)),
        ("수신", "Recipient", v.recipient), ("언어", "Language", title(LANGS, v.lang, lang)),
        ("형식", "Format", v.format), ("서식", "Template", v.template),
        ("서식 SHA-256", "Template SHA-256", v.template_sha256),
        ("파일", "File", v.output_path), ("파일 SHA-256", "File SHA-256", v.output_sha256),
        ("크기(바이트)", "Bytes", v.output_bytes), ("쪽수", "Pages", v.pages),
        ("첨부 파일", "Companions", ", ".join(c.path for c in v.companions)),
        ("트리거", "Trigger", v.trigger), ("작성자", "Generated by", v.generated_by),
        ("작성일시", "Generated", kdatetime(v.generated_at, lang)),
        ("발송일시", "Sent", kdatetime(v.sent_at, lang) if v.sent_at else None),
        ("발송처", "Sent to", v.sent_to), ("정정 대상", "Corrects", v.replaces),
        ("정정본", "Replaced by", v.replaced_by),
        ("무효 처리", "Voided", f"{kdatetime(v.voided_at, lang)} {v.voided_by}"
         if v.voided_at else None), ("무효 사유", "Void reason", v.void_reason),
        ("결재·반려", "Reviewed", f"{kdatetime(v.reviewed_at, lang)} {v.reviewed_by}"
         if v.reviewed_at else None), ("결재 의견", "Review comment", v.review_comment)]
    return [(e if en else k, value) for k, e, value in rows]


def cmd_verify(ctx: Ctx, args: argparse.Namespace) -> int:
    check = ctx.app.documents.verify_document(ctx.actor(), args.doc)
    if ctx.json:
        ctx.emit(check)
        return 0 if check.ok or check.destroyed_at else 4
    if check.destroyed_at is not None:
        from mediation.core.formats import kdatetime

        day = kdatetime(check.destroyed_at, ctx.lang)
        ctx.say(ctx.pick(
            f"{check.number}: 개인정보 파기({day})로 파일을 삭제했습니다. 등록부 항목(번호·일자·"
            "SHA-256)은 남아 있습니다 (`mediation privacy destructions`).",
            f"{check.number}: its files were deleted when personal data was destroyed ({day}); "
            "the register entry (number, date, SHA-256) remains (`mediation privacy "
            "destructions`)."))
        return 0
    for f in check.files:
        state = ("ok" if f.ok else ctx.pick("없음", "missing") if f.actual is None
                 else ctx.pick("변경됨", "CHANGED"))
        ctx.say(f"{state:<8} {f.path}")
    if check.status != "issued":
        status = titled(DOCUMENT_STATUSES, check.status, ctx.lang)
        ctx.say(ctx.pick(f"문서 상태: {status}", f"document status: {status}"))
    verdict = (ctx.pick("파일이 등록된 해시와 일치합니다", "files match the register") if check.ok
               else ctx.pick("파일이 등록된 해시와 다릅니다", "files do NOT match the register"))
    ctx.say(f"{check.number}: {verdict}")
    return 0 if check.ok else 4


def cmd_print(ctx: Ctx, args: argparse.Namespace) -> int:
    import shutil

    from mediation.core import validate

    reason = validate.optional_text(args.reason, "reason", max_len=2000) or None
    to_stdout = args.out is not None and str(args.out) == "-"
    if args.out is not None and not to_stdout and not args.out.is_dir():
        refuse_existing(args.out)
    view, path = ctx.app.documents.print_document(ctx.actor(), args.doc, reason)
    if to_stdout:
        with path.open("rb") as src:
            shutil.copyfileobj(src, sys.stdout.buffer)
        return 0
    target = args.out or Path(path.name)
    if target.is_dir():
        target = target / path.name
    refuse_existing(target)
    copy_file(path, target)
    if ctx.json:
        ctx.emit({"document": view, "file": str(target)})
    else:
        ctx.say(f"{view.number}  {kind_title(view.kind, ctx.lang)}  → {target}")
    return 0


def refuse_existing(target: Path) -> None:
    """A copy never replaces a file already there (a signed scan, another letter)."""
    from mediation.core.errors import BadInput

    if target.exists():
        raise BadInput(field="out", reason_ko=f"{target} 파일이 이미 있습니다. 새 파일 이름을 주세요",
                       reason_en=f"{target} exists; give a new file name")


def copy_file(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target`` (a new file beside it, then renamed), or say in one line
    why the folder does not take it."""
    import os
    import shutil

    from mediation.core.errors import FolderNotWritable

    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        shutil.copyfile(source, tmp)
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise FolderNotWritable(folder=str(target.parent), reason=exc.strerror or str(exc)) from exc


def cmd_drafts(ctx: Ctx, args: argparse.Namespace) -> int:
    from mediation.core.formats import kdatetime

    views = ctx.app.documents.approval_queue(ctx.actor())
    if ctx.json:
        ctx.emit(views)
        return 0
    if not views:
        ctx.say(ctx.pick("결재를 기다리는 문서가 없습니다.", "No drafts awaiting approval."))
    for v in views:
        ctx.say(f"{v.number}  {v.case}  {pad(kind_title(v.kind, ctx.lang), 24)} {v.recipient}  "
                f"{ctx.pick('기안', 'drafted')} {v.generated_by} "
                f"{kdatetime(v.generated_at, ctx.lang)}")
    return 0


def cmd_approve(ctx: Ctx, args: argparse.Namespace) -> int:
    from mediation.core import validate

    comment = validate.optional_text(args.comment, "comment", max_len=2000)
    view = ctx.app.documents.approve_document(ctx.actor(), args.doc, comment)
    if ctx.json:
        ctx.emit(view)
        return 0
    ctx.say(ctx.pick(f"{view.number}을(를) 결재했습니다 ({kind_title(view.kind, 'ko')}, "
                     f"{view.recipient}) → {view.output_path}. 발송: mediation letter send "
                     f"{view.case} {view.number}",
                     f"{view.number} approved ({kind_title(view.kind, 'en')}, {view.recipient}) "
                     f"→ {view.output_path}. To send: mediation letter send {view.case} "
                     f"{view.number}"))
    return 0


def cmd_return(ctx: Ctx, args: argparse.Namespace) -> int:
    from mediation.core import validate

    comment = validate.text(args.comment, "comment", max_len=2000)
    view = ctx.app.documents.return_document(ctx.actor(), args.doc, comment)
    if ctx.json:
        ctx.emit(view)
        return 0
    ctx.say(ctx.pick(f"{view.number}을(를) 반려했습니다 — {comment}",
                     f"{view.number} returned — {comment}"))
    return 0


def cmd_void(ctx: Ctx, args: argparse.Namespace) -> int:
    from mediation.core import validate

    reason = validate.text(args.reason, "reason", max_len=2000)
    view = ctx.app.documents.void_document(ctx.actor(), args.doc, reason)
    if ctx.json:
        ctx.emit(view)
        return 0
    ctx.say(ctx.pick(f"{view.number} 무효 처리 ({kind_title(view.kind, 'ko')}, {view.recipient}) "
                     f"— 사유: {reason}",
                     f"{view.number} voided ({kind_title(view.kind, 'en')}, {view.recipient}) "
                     f"— reason: {reason}"))
    if view.sent_at:
        ctx.warn(ctx.pick(f"mediation: 이 문서는 {view.sent_to}(으)로 이미 발송되었습니다 — "
                          "수신인에게 무효 사실을 알리세요.",
                          f"mediation: this document was already sent to {view.sent_to} — "
                          "tell the recipient it is void."))
    return 0


def cmd_send(ctx: Ctx, args: argparse.Namespace) -> int:
    from mediation.core import validate

    report = ctx.app.documents.send_documents(ctx.actor(), validate.case_number(args.number),
                                            list(args.docs))
    if ctx.json:
        ctx.emit(report)
        return 0
    for s in report.sent:
        ctx.say(f"{ctx.pick('전자우편', 'e-mailed')}  {s.document} → {s.to}")
    for p in report.postal:
        ctx.say(f"{ctx.pick('우편 발송 필요', 'needs the post')}  {p.document}  {p.recipient}  "
                f"{p.address or ctx.pick('(주소 없음)', '(no address)')}")
    return 0


def cmd_kinds(ctx: Ctx, args: argparse.Namespace) -> int:
    from mediation.workflow.dockinds import KINDS

    if ctx.json:
        ctx.emit([{"kind": k.name, "title": k.title, "audience": k.audience, "form": k.form,
                   "needs": list(k.needs)} for k in KINDS.values()])
        return 0
    for k in KINDS.values():
        audience = titled(DOCUMENT_AUDIENCES, k.audience, ctx.lang)
        ctx.say(f"{pad(f'{k.title.get(ctx.lang)} ({k.name})', 56)} {audience}")
    return 0


def cmd_check(ctx: Ctx, args: argparse.Namespace) -> int:
    from mediation.render.check import check_templates
    from mediation.render.templates import Templates

    d = ctx.settings.documents
    results = check_templates(Templates(d.templates_dir, d.templates_override))
    failed = [r for r in results if not r.ok]
    if ctx.json:
        ctx.emit({"ok": not failed, "checked": len(results), "problems": failed})
    else:
        for r in failed:
            ctx.say(f"FAIL {r.template} ({r.variant}): {r.problem}")
        ctx.say(ctx.pick(f"템플릿 {len(results)}건 확인, 오류 {len(failed)}건",
                         f"{len(results)} template checks, {len(failed)} failed"))
    return 2 if failed else 0
