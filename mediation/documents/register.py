"""Use cases of the document register: writing letters, notices, agreements and reports for
a case, listing and showing them, and checking that a file still matches its register entry.

Every document gets a number ``<prefix>-<year>-<sequence>`` and a row: case, kind, recipient,
language, template name and the hash of the template sources, the context it was rendered
from, the output file and its SHA-256, who generated it and when. The case's audit trail gets
a ``document`` event (through ``CaseWork.append``: version check and hash chain).

A request reserves its numbers in one short transaction, renders outside any transaction
(in worker processes when asked), then registers each file as it is written; a failure
voids the numbers not yet issued. Documents a workflow transition produces are rendered and
registered inside the transition's own transaction instead (``issue_for_transition``).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Row
from sqlalchemy.engine import Connection

from mediation.casework import CaseWork
from mediation.core.clock import SEOUL
from mediation.core.errors import (
    AlreadyIssued,
    BadInput,
    ConcurrentChange,
    MediationError,
    NotCurrent,
    NotFound,
    NumberVoided,
    PermissionDenied,
    Refused,
)
from mediation.core.vocabulary import SELF_EXPLAINED
from mediation.documents import reservations
from mediation.documents.sending import DocumentSending, require_intact
from mediation.documents.setup import DocumentSetup
from mediation.privacy.access import AccessLog
from mediation.privacy.need import Masker
from mediation.privacy.records import private_ids
from mediation.storage import agreement as agreement_store
from mediation.storage import cases as repo
from mediation.storage import documents as docstore
from mediation.storage import meetings as meeting_store
from mediation.storage import scope
from mediation.storage.access import party_roles
from mediation.views.agreement import item_view
from mediation.views.build import case_view, event_view, party_view, user_view
from mediation.views.cases import PartyView, UserView
from mediation.views.documents import DocumentCheck, DocumentDetail, DocumentView, FileCheck, document_view
from mediation.views.meetings import meeting_view
from mediation.workflow.dockinds import KINDS, DocKind
from mediation.workflow.engine import Actor, Outcome

if TYPE_CHECKING:
    from mediation.mail.message import Mailer
    from mediation.render.context import CaseFacts, LetterCtx, LetterInputs
    from mediation.render.production import Produced, RenderJob

# Letter contexts, the template engine and the PDF renderer (``doccontext``, ``documents``,
# ``production``) are imported by the methods that write documents: commands that only
# read a case do not pay for them at start-up.

DRAFT_MARK = "_draft"  # in the file name of a draft awaiting approval
REVIEWERS = ("supervisor", "admin")  # who approves (결재) or returns a draft
SYSTEM_ACTOR = "system"  # who voids the numbers of reservations whose holder is gone
SUMMONS_NOTICE = timedelta(days=7)  # 환경분쟁조정법 49(2): a summons goes out ≥7 days ahead
RETRIES = 5
BATCH = 20  # documents registered per transaction in a bulk run
Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True, kw_only=True)
class LetterRequest:
    number: str
    kind: str
    party_id: int | None = None
    all_parties: bool = False
    fmt: str | None = None
    lang: str | None = None
    out: Path | None = None
    inputs: LetterInputs = field(default_factory=lambda: _no_inputs())
    jobs: int = 1
    short_notice: bool = False
    replaces: str | None = None  # the issued document this one corrects


@dataclass(frozen=True, slots=True, kw_only=True)
class _Reserved:
    doc_id: int
    job: RenderJob


class DocumentsNotConfigured(Refused):
    ko = "문서 작성 설정이 없습니다."
    en = "Document writing is not configured."


def _no_inputs() -> LetterInputs:
    from mediation.render.context import LetterInputs

    return LetterInputs()


def file_name(case_number: str, kind: str, ctx: LetterCtx, fmt: str) -> str:
    """``2026-0001_invitation_p3_2026-0012.pdf``: sortable, one per recipient, ASCII only."""
    tail = ctx.doc.number.rsplit("-", 2)
    serial = "-".join(tail[-2:]) if len(tail) == 3 else re.sub(r"[^0-9A-Za-z-]", "_", ctx.doc.number)
    who = (f"p{ctx.recipient.party_id}" if ctx.recipient.party_id is not None
           else ctx.recipient.kind)
    return f"{case_number}_{kind}_{who}_{serial}.{fmt}"


class DocumentCommands(DocumentSending, CaseWork):
    def __init__(self, *args: Any, mailer: Mailer, access: AccessLog,
                 documents: DocumentSetup | Callable[[], DocumentSetup] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.mailer = mailer
        self.access = access
        self._documents = documents

    @property
    def documents(self) -> DocumentSetup:
        """The document setup; given as a function, it is built on first use."""
        if self._documents is None:
            raise DocumentsNotConfigured()
        if not isinstance(self._documents, DocumentSetup):
            self._documents = self._documents()
        return self._documents

    # writing ---------------------------------------------------------------------------

    def render_documents(self, actor: Actor, request: LetterRequest,
                         progress: Progress | None = None) -> list[DocumentView]:
        """Write ``request.kind`` for each recipient, register it, and return the entries."""
        from mediation.render.production import check_folder
        from mediation.render.templates import LANGS

        kind, fmt = _kind(request.kind), self._format(request.fmt)
        if request.lang is not None and request.lang not in LANGS:
            raise BadInput(field="lang", reason_ko=f"'{request.lang}'은(는) ko 또는 en이 아닙니다",
                                         reason_en=f"'{request.lang}' is not ko or en")
        now = self.now()
        with self.db.read() as conn:
            case = self.load_case(conn, request.number)
            self.authorize(actor, case, "문서를 작성할", "write documents")
            self.check_issuable(kind, case)
            request, replaced = self._correcting(conn, case, kind, request)
            facts = self.case_facts(conn, case)
            recipients = _recipients(kind, facts.parties, request)
            if replaced is None:
                for p in recipients:
                    self._check_once(conn, case, kind, p)
        self._check_summons(kind, request, now)
        contexts = [self._context(facts, kind, p, request.lang, now, request.inputs)
                    for p in recipients]
        for ctx in contexts:
            _check_needs(kind, ctx)
        self.documents.factory.check(fmt)
        folder = request.out or self.documents.out_dir / case.number
        check_folder(folder, self.faults)
        self.void_abandoned(now)
        replacing = {} if replaced is None else {replaced.party_id: replaced}
        draft = self.workflow(case.workflow).needs_approval(kind.name)
        reserved = self._reserve(case.id, case.number, kind, contexts, fmt, folder, actor, now,
                                 replacing, draft)
        self.faults.hit("after_reserve")
        return list(self._issue(request.number, reserved, actor, now, request.jobs, progress))

    def check_issuable(self, kind: DocKind, case: Row[Any]) -> None:
        """Refuse (before any number is taken) a kind the case's workflow does not issue in
        the case's state: no progress letter for a closed case, no agreement for a withdrawn
        one."""
        wf = self.workflow(case.workflow)
        if wf.may_issue(kind.name, case.state):
            return
        allowed = (wf.documents or {}).get(kind.name, ())
        here = wf.state(case.state).title if wf.has_state(case.state) else None
        shown_ko = ", ".join(wf.state(s).title.ko for s in allowed)
        shown_en = ", ".join(wf.state(s).title.en for s in allowed)
        if not allowed:
            raise Refused(reason_ko=f"'{wf.title.ko}' 업무흐름은 '{kind.title.ko}'을(를) 작성하지 "
                                    "않습니다.",
                          reason_en=f"The {wf.title.en} workflow issues no "
                                    f"{kind.title.en.lower()}.")
        raise Refused(
            reason_ko=f"사건 {case.number}은(는) '{here.ko if here else case.state}' 단계여서 "
                      f"'{kind.title.ko}'을(를) 작성할 수 없습니다. 작성할 수 있는 단계: {shown_ko}.",
            reason_en=f"Case {case.number} is at '{here.en if here else case.state}': a "
                      f"{kind.title.en.lower()} is issued only at: {shown_en}.")

    def _correcting(self, conn: Connection, case: Row[Any], kind: DocKind,
                    request: LetterRequest) -> tuple[LetterRequest, Row[Any] | None]:
        """With ``--replaces DOC``: the issued entry the new document corrects (same case,
        kind and recipient), and the request aimed at its recipient."""
        if request.replaces is None:
            return request, None
        old = docstore.by_number(conn, request.replaces.strip())
        if old is None:
            raise NotFound(kind="document", key=request.replaces)
        if old.case_id != case.id:
            raise BadInput(field="replaces",
                           reason_ko=f"{old.number}은(는) 사건 {old.case_number}의 문서입니다. "
                                     f"사건 {case.number}의 문서만 정정할 수 있습니다",
                           reason_en=f"{old.number} belongs to case {old.case_number}, "
                                     f"not {case.number}")
        if old.kind != kind.name:
            was = KINDS[old.kind].title if old.kind in KINDS else None
            raise BadInput(field="replaces",
                           reason_ko=f"{old.number}은(는) {was.ko if was else old.kind} "
                                     "문서입니다. 정정본도 같은 종류로 작성하세요: `mediation "
                                     f"letter render {case.number} {old.kind} --replaces "
                                     f"{old.number}`",
                           reason_en=f"{old.number} is a document of another kind "
                                     f"({was.en if was else old.kind}); a correction is of the "
                                     f"same kind: `mediation letter render {case.number} "
                                     f"{old.kind} --replaces {old.number}`")
        if old.status not in docstore.CURRENT:
            raise NotCurrent(document=old.number, status=old.status, by=old.replaced_by,
                             reason=old.void_reason)
        if kind.audience == "party":
            if request.all_parties or request.party_id not in (None, old.party_id):
                raise BadInput(field="replaces",
                               reason_ko=f"{old.number}은(는) 당사자 #{old.party_id}에게 간 "
                                         "문서입니다. 정정본도 같은 당사자에게 갑니다 "
                                         "(--party/--all-parties를 빼세요)",
                               reason_en=f"{old.number} went to party #{old.party_id}: its "
                                         "correction goes to the same party (leave out "
                                         "--party/--all-parties)")
            request = dataclasses.replace(request, party_id=old.party_id)
        return request, old

    @staticmethod
    def _check_once(conn: Connection, case: Row[Any], kind: DocKind,
                    party: PartyView | None) -> None:
        """A kind issued once per recipient is not issued again but as a correction."""
        if not kind.once:
            return
        old = docstore.current(conn, case.id, kind.name, party.id if party else None)
        if old is not None:
            raise AlreadyIssued(document=old.number, kind_ko=kind.title.ko,
                                kind_en=kind.title.en,
                                date=old.generated_at.astimezone(SEOUL).date())

    def issue_for_transition(self, conn: Connection, number: str, outcome: Outcome,
                             actor: Actor, now: datetime,
                             written: list[Path] | None = None) -> list[str]:
        """Inside a transition's write: write and register the documents it produces (their
        files added to ``written``, see ``issue_within``)."""
        return [n for name in outcome.documents
                for n in self.issue_within(conn, number, name, actor, now,
                                           trigger=outcome.trigger, written=written)]

    def issue_within(self, conn: Connection, number: str, kind_name: str, actor: Actor,
                     now: datetime, *, inputs: Callable[[str], LetterInputs] | None = None,
                     trigger: str | None = None, written: list[Path] | None = None) -> list[str]:
        """Inside the caller's write: write and register ``kind_name`` for each recipient
        (every party, or the council or the office) in the default format; the numbers.

        ``inputs`` gives a letter's inputs in the letter's language. The paths of the files
        written are added to ``written``, for the caller to ``discard`` if its transaction
        does not commit."""
        case = self.load_case(conn, number)
        facts = self.case_facts(conn, case)
        kind = _kind(kind_name)
        people: Sequence[PartyView | None] = facts.parties if kind.audience == "party" else (None,)
        contexts = []
        for p in people:
            lang = p.lang if p is not None else self.documents.default_lang
            contexts.append(self._context(facts, kind, p, lang, now,
                                          inputs(lang) if inputs else _no_inputs()))
        folder = self.documents.out_dir / case.number
        numbers: list[str] = []
        replacing = {}  # a kind issued once: the new one (a transition again) corrects the last
        for p in people if kind.once else ():
            old = docstore.current(conn, case.id, kind.name, p.id if p else None)
            if old is not None:
                replacing[old.party_id] = old
        draft = self.workflow(case.workflow).needs_approval(kind.name)
        for reserved in self._reserve_in(conn, case.id, case.number, kind, contexts,
                                         self.documents.default_format, folder, actor, now,
                                         replacing, draft, trigger=trigger):
            produced = self.documents.factory.produce(reserved.job)
            if written is not None:
                written += [Path(f.path) for f in (produced.main, *produced.companions)]
            self._register(conn, number, reserved, produced, actor, now)
            numbers.append(produced.number)
        return numbers

    def check_documents_ready(self, kinds: Sequence[str]) -> None:
        """Before a transition writes anything: the documents it produces can be written
        (the renderer works, the documents folder takes files)."""
        if kinds:
            self.check_writable()

    def check_writable(self) -> None:
        """Documents in the default format can be rendered and written in the folder."""
        from mediation.render.production import check_folder

        self.documents.factory.check(self.documents.default_format)
        check_folder(self.documents.out_dir, self.faults)

    # reading ---------------------------------------------------------------------------

    def list_documents(self, actor: Actor, number: str) -> list[DocumentView]:
        with self.db.read() as conn:
            case = self.load_readable(conn, actor, number)
            rows = docstore.of_case(conn, case.id)
            named = {r.party_id for r in rows if r.party_id is not None}
            subjects = private_ids(party_roles(conn, case.id, sorted(named))) if named else ()
        self.access.read(actor, subjects, case, "letter list")
        return [document_view(row, case.number) for row in rows]

    def show_document(self, actor: Actor, doc_number: str) -> DocumentDetail:
        row, case_number = self._document(actor, doc_number)
        with self.db.read() as conn:
            case = self.load_case(conn, case_number)
            subjects = letter_subjects(conn, case.id, row.party_id)
        self.access.read(actor, subjects, case, "letter show")
        return DocumentDetail(document=document_view(row, case_number), context=row.context)

    def verify_document(self, actor: Actor, doc_number: str) -> DocumentCheck:
        """Whether the files of a document still match the hashes in the register."""
        from mediation.render.production import sha256_file

        row, case_number = self._document(actor, doc_number)
        if reservations.abandoned(row, self.now()):
            self.void_abandoned(self.now())
            row, case_number = self._document(actor, doc_number)
        if row.destroyed_at is not None:
            return DocumentCheck(number=row.number, case=case_number, status=row.status,
                                 ok=False, files=(), destroyed_at=row.destroyed_at)
        files = [(row.output_path, row.output_sha256)] if row.output_path else []
        files += [(c["path"], c["sha256"]) for c in row.companions]
        checks = []
        for path, expected in files:
            actual = sha256_file(Path(path))
            checks.append(FileCheck(path=path, expected=expected, actual=actual,
                                    ok=actual == expected))
        # a written entry (issued, a draft, replaced or voided: its file is kept) whose files
        # all match; a reserved number has no file yet
        ok = (row.status in (*docstore.WRITTEN, "void") and bool(checks)
              and all(c.ok for c in checks))
        return DocumentCheck(number=row.number, case=case_number, status=row.status, ok=ok,
                             files=tuple(checks))

    def print_document(self, actor: Actor, doc_number: str,
                       reason: str | None = None) -> tuple[DocumentView, Path]:
        """The file of an issued document, as registered: printing it again gives the same
        document (same number, date and bytes), never a new rendering. ``reason``: why a
        copy is written to a file (kept in the access record)."""
        row, case_number = self._document(actor, doc_number)
        require_intact(row, allowed=("issued", "draft", "returned"))
        with self.db.read() as conn:
            case = self.load_case(conn, case_number)
            subjects = letter_subjects(conn, case.id, row.party_id)
        self.access.read(actor, subjects, case, "letter print", action="print", reason=reason)
        return document_view(row, case_number), Path(row.output_path)

    def names_private_persons(self, actor: Actor, doc_number: str) -> tuple[DocumentView, bool]:
        """The document (if ``actor`` may read its case) and whether its file holds a private
        person's data — whether printing it writes an access record, for which the web
        console asks the reason first."""
        row, case_number = self._document(actor, doc_number)
        with self.db.read() as conn:
            case = self.load_case(conn, case_number)
            subjects = letter_subjects(conn, case.id, row.party_id)
        return document_view(row, case_number), bool(subjects)

    # correcting ------------------------------------------------------------------------

    def void_document(self, actor: Actor, doc_number: str, reason: str) -> DocumentView:
        """Void an issued document issued by mistake: the entry keeps its number (never
        reused), its file and who voided it, when and why; a ``document_voided`` event goes
        to the case's trail. A document sent already stays sent: the office tells its
        recipient."""
        now = self.now()
        with self.db.write() as conn:
            row = docstore.by_number(conn, doc_number.strip())
            if row is None:
                raise NotFound(kind="document", key=doc_number)
            case = self.load_case(conn, row.case_number)
            self.authorize(actor, case, "문서를 무효 처리할", "void documents")
            self.void_within(conn, case, row, actor, now, reason)
            found = docstore.by_id(conn, row.id)
            assert found is not None
            return document_view(found, case.number)

    def void_within(self, conn: Connection, case: Row[Any], row: Row[Any], actor: Actor,
                    now: datetime, reason: str) -> None:
        """Inside the caller's write: void the issued entry ``row`` of ``case`` for
        ``reason``, with its ``document_voided`` event."""
        if row.status not in docstore.WRITTEN:
            raise NotCurrent(document=row.number, status=row.status, reason=row.void_reason)
        if not docstore.void_issued(conn, row.id, {
                "void_reason": reason, "voided_by": actor.recorded, "voided_at": now}):
            raise ConcurrentChange(number=case.number)
        self.append(conn, case, actor.recorded, "document_voided", now, note=reason,
                    details={"document": row.number, "kind": row.kind,
                             "party_id": row.party_id, "reason": "mistake",
                             "sent": row.sent_at is not None})

    # approval (결재) -------------------------------------------------------------------

    def approval_queue(self, actor: Actor) -> list[DocumentView]:
        """The drafts awaiting approval in the cases ``actor`` may read, oldest first."""
        with self.db.read() as conn:
            rows = docstore.drafts(conn, scope.readable(actor))
            masker = Masker(conn, actor, rows, lambda r: r.party_id)
        return [_masked(document_view(r, r.case_number), r, masker) for r in rows]

    def approve_document(self, actor: Actor, doc_number: str,
                         comment: str | None = None) -> DocumentView:
        """Approve a draft (결재): the letter is written again, the same number, issued now,
        the approver and the date in its 결재란; it can then be sent. The draft's file stays
        beside it, its hash in the ``document_approved`` event."""
        from mediation.render.context import approved, context_from_json, context_json
        from mediation.render.production import RenderJob

        now = self.now()
        row, case = self._draft(actor, doc_number, "결재할", "approve documents")
        with self.db.read() as conn:
            name = self._user(conn, actor.username).name
        ctx = approved(context_from_json(row.context), KINDS[row.kind], name, now)
        path = Path(row.output_path)
        job = RenderJob(kind=row.kind, lang=row.lang, fmt=row.format, ctx=ctx,
                        path=path.with_name(path.name.replace(DRAFT_MARK, "", 1)))
        written: list[Path] = []
        with files_kept_on_commit(written), self.db.write() as conn:
            produced = self.documents.factory.produce(job)
            written += [Path(f.path) for f in (produced.main, *produced.companions)]
            if not docstore.review_draft(conn, row.id, {
                    "status": "issued", "reviewed_by": actor.recorded, "reviewed_at": now,
                    "review_comment": comment, "context": context_json(ctx),
                    "output_path": produced.main.path, "output_sha256": produced.main.sha256,
                    "output_bytes": produced.main.bytes, "pages": produced.pages,
                    "template_sha256": produced.template_sha256,
                    "companions": [{"path": c.path, "sha256": c.sha256, "bytes": c.bytes}
                                   for c in produced.companions]}):
                raise ConcurrentChange(number=case.number)
            self.append(conn, self.load_case(conn, case.number), actor.recorded,
                        "document_approved", now, note=comment,
                        details={"document": row.number, "kind": row.kind,
                                 "draft_sha256": row.output_sha256,
                                 "sha256": produced.main.sha256})
            found = docstore.by_id(conn, row.id)
        assert found is not None
        return document_view(found, case.number)

    def return_document(self, actor: Actor, doc_number: str, comment: str) -> DocumentView:
        """Return a draft (반려) with the approver's comment: it is not sent; the mediator
        writes a corrected version with ``--replaces``."""
        now = self.now()
        row, case = self._draft(actor, doc_number, "반려할", "return documents")
        with self.db.write() as conn:
            if not docstore.review_draft(conn, row.id, {
                    "status": "returned", "reviewed_by": actor.recorded, "reviewed_at": now,
                    "review_comment": comment}):
                raise ConcurrentChange(number=case.number)
            self.append(conn, self.load_case(conn, case.number), actor.recorded,
                        "document_returned", now, note=comment,
                        details={"document": row.number, "kind": row.kind})
            found = docstore.by_id(conn, row.id)
        assert found is not None
        return document_view(found, case.number)

    def _draft(self, actor: Actor, doc_number: str, action_ko: str,
               action_en: str) -> tuple[Row[Any], Row[Any]]:
        """The draft numbered ``doc_number`` and its case, if ``actor`` approves there: the
        case's supervisor or an admin, never the mediator who drafted it."""
        with self.db.read() as conn:
            row = docstore.by_number(conn, doc_number.strip())
            if row is None:
                raise NotFound(kind="document", key=doc_number)
            case = self.load_case(conn, row.case_number)
        self.authorize(actor, case, f"문서를 {action_ko}", action_en)
        if actor.role not in REVIEWERS:
            raise PermissionDenied(user=actor.username, role=actor.role,
                                   action_ko=f"문서를 {action_ko}", action_en=action_en,
                                   hint_ko=" 사건의 담당관이나 관리자가 합니다.",
                                   hint_en=" The case's supervisor or an admin does.")
        if row.status != "draft":
            raise NotCurrent(document=row.number, status=row.status, by=row.replaced_by,
                             reason=row.void_reason)
        require_intact(row, allowed=("draft",))
        return row, case

    # building contexts -----------------------------------------------------------------

    def case_facts(self, conn: Connection, case: Row[Any]) -> CaseFacts:
        """What a document may show about a case, read in one transaction."""
        from mediation.render.context import CaseFacts, CommitmentCtx, IssueCtx

        wf = self.workflow(case.workflow)
        parties = tuple(party_view(p, wf) for p in repo.parties_of(conn, case.id))
        names = {p.id: p.name for p in parties}
        signed = self.snapshot(conn, case).agreement_signed
        outcome, unresolved = self.outcome(conn, case, signed)
        now = self.now()
        return CaseFacts(
            case=case_view(case, wf, now), workflow_title=wf.title,
            state_titles={s.name: s.title for s in wf.states}, parties=parties,
            mediator=self._user(conn, case.mediator), supervisor=self._user(conn, case.supervisor),
            events=tuple(event_view(e) for e in repo.events_of(conn, case.id)),
            commitments=tuple(CommitmentCtx(text=i.text, implementer=i.owner_name,
                                            due=i.due, check=i.check_method or "",
                                            status=i.standing)
                              for i in (item_view(r, names.get(r.owner_party_id, ""),
                                                  signed=signed, now=now)
                                        for r in agreement_store.items_of(conn, case.id))),
            issues=tuple(IssueCtx(title=i.text, agreed=i.status == "agreed")
                         for i in agreement_store.issues_of(conn, case.id)),
            meetings=tuple(meeting_view(m, bool(case.closed))
                           for m in meeting_store.meetings_of(conn, case.id)),
            outcome=outcome, unresolved_issues=unresolved, wording=wf.wording)

    @staticmethod
    def _user(conn: Connection, username: str) -> UserView:
        row = repo.user_by_name(conn, username)
        if row is None:
            raise NotFound(kind="user", key=username)
        return user_view(row)

    def _context(self, facts: CaseFacts, kind: DocKind, party: PartyView | None,
                 lang: str | None, now: datetime, inputs: LetterInputs) -> LetterCtx:
        from mediation.render.context import letter_context

        chosen = lang or (party.lang if party is not None else self.documents.default_lang)
        return letter_context(facts, kind, party, lang=chosen, office=self.documents.office,
                              issued_at=now, inputs=inputs)

    def _format(self, fmt: str | None) -> str:
        from mediation.render.templates import FORMATS

        fmt = fmt or self.documents.default_format
        if fmt not in FORMATS:
            raise BadInput(field="format", reason_ko=f"'{fmt}'은(는) {', '.join(FORMATS)} 중 하나가 아닙니다",
                                           reason_en=f"'{fmt}' is not one of {', '.join(FORMATS)}")
        return fmt

    @staticmethod
    def _check_summons(kind: DocKind, request: LetterRequest, now: datetime) -> None:
        meeting = request.inputs.meeting
        if kind.name != "meeting_notice" or meeting is None or request.short_notice:
            return
        if meeting.starts_at - now < SUMMONS_NOTICE:
            raise Refused(
                reason_ko="회의 통지는 회의 7일 전까지 보내야 합니다(환경분쟁조정법 제49조 제2항). "
                          "더 늦게 보내려면 --short-notice 를 붙이세요.",
                reason_en="A meeting notice must go out at least 7 days before the meeting "
                          "(Environmental Dispute Adjustment Act art. 49(2)); add "
                          "--short-notice to send it later than that.")

    # numbers, files and register entries -----------------------------------------------

    def _reserve(self, case_id: int, case_number: str, kind: DocKind,
                 contexts: list[LetterCtx], fmt: str, folder: Path, actor: Actor,
                 now: datetime, replacing: Mapping[int | None, Row[Any]],
                 draft: bool) -> list[_Reserved]:
        with self.db.write() as conn:
            return self._reserve_in(conn, case_id, case_number, kind, contexts, fmt,
                                    folder, actor, now, replacing, draft)

    def _reserve_in(self, conn: Connection, case_id: int, case_number: str, kind: DocKind,
                    contexts: list[LetterCtx], fmt: str, folder: Path, actor: Actor,
                    now: datetime, replacing: Mapping[int | None, Row[Any]], draft: bool,
                    trigger: str | None = None) -> list[_Reserved]:
        """Number each context (a correction names the entry in ``replacing`` of its
        recipient; a ``draft`` waits for approval) and enter it in the register as
        reserved."""
        from mediation.render.context import context_json, with_number
        from mediation.render.production import RenderJob

        prefix = self.documents.office.doc_prefix
        year = now.astimezone(SEOUL).year
        first = docstore.take_seqs(conn, prefix, year, len(contexts))
        self.faults.hit("after_number")
        out = []
        for seq, ctx in enumerate(contexts, first):
            old = replacing.get(ctx.recipient.party_id)
            numbered = with_number(ctx, f"{prefix}-{year}-{seq:04d}", None if old is None else
                                   (old.number, old.generated_at.astimezone(SEOUL).date()),
                                   draft=draft)
            name = file_name(case_number, kind.name, numbered, fmt)
            if draft:  # the approved letter is written beside it, without the mark
                name = name.replace(f".{fmt}", f"{DRAFT_MARK}.{fmt}")
            job = RenderJob(kind=kind.name, lang=numbered.doc.lang, fmt=fmt, ctx=numbered,
                            path=folder / name)
            doc_id = docstore.insert_document(conn, {
                "number": numbered.doc.number, "prefix": prefix, "year": year, "seq": seq,
                "case_id": case_id, "kind": kind.name, "status": "reserved",
                "recipient": numbered.recipient.name[:300],
                "recipient_kind": numbered.recipient.kind,
                "party_id": numbered.recipient.party_id, "lang": numbered.doc.lang,
                "format": fmt, "template": kind.template(numbered.doc.lang),
                "context": context_json(numbered), "companions": [], "trigger": trigger,
                "generated_by": actor.username, "generated_at": now,
                "output_path": str(job.path), "reserved_by": reservations.holder(),
                "reserved_until": now + reservations.LEASE,
                "replaces": None if old is None else old.number})
            out.append(_Reserved(doc_id=doc_id, job=job))
        return out

    def _issue(self, number: str, reserved: list[_Reserved], actor: Actor, now: datetime,
               jobs: int, progress: Progress | None) -> Iterator[DocumentView]:
        """Produce the files and register them, a batch per transaction; numbers not
        registered when something fails are voided."""
        from mediation.render.production import produce_all

        done, pending = 0, []
        try:
            stream = produce_all(self.documents.factory, self.documents.spec,
                                 (r.job for r in reserved), workers=max(1, jobs))
            try:
                for item, produced in zip(reserved, stream, strict=False):
                    pending.append((item, produced))
                    if len(pending) == BATCH or done + len(pending) == len(reserved):
                        yield from self._register_batch(number, pending, actor, now)
                        done, pending = done + len(pending), []
                        if progress is not None:
                            progress(done, len(reserved))
            except MediationError:
                if pending:  # the files written before the failure are registered
                    self._register_batch(number, pending, actor, now)
                    done += len(pending)
                raise
        finally:
            if done < len(reserved):
                self._void(reserved[done:], actor.recorded, now, "failed")

    def _register_batch(self, number: str, batch: list[tuple[_Reserved, Produced]],
                        actor: Actor, now: datetime) -> list[DocumentView]:
        for attempt in range(RETRIES):
            try:
                with self.db.write() as conn:
                    return [self._register(conn, number, item, produced, actor, now)
                            for item, produced in batch]
            except ConcurrentChange:  # the case moved meanwhile; the events do not depend on it
                if attempt == RETRIES - 1:
                    raise
        raise AssertionError("unreachable")

    def _register(self, conn: Connection, number: str, item: _Reserved, produced: Produced,
                  actor: Actor, now: datetime) -> DocumentView:
        case = self.load_case(conn, number)
        draft = item.job.ctx.doc.draft
        issued = docstore.issue_document(conn, item.doc_id, {
            "template": produced.template,
            "template_sha256": produced.template_sha256,
            "output_path": produced.main.path, "output_sha256": produced.main.sha256,
            "output_bytes": produced.main.bytes, "pages": produced.pages,
            "companions": [{"path": c.path, "sha256": c.sha256, "bytes": c.bytes}
                           for c in produced.companions]}, status="draft" if draft else "issued")
        if not issued:  # voided meanwhile as abandoned: its number is not ours any more
            raise NumberVoided(document=produced.number)
        job = item.job
        details = {"document": produced.number, "kind": job.kind,
                   "party_id": job.ctx.recipient.party_id, "lang": job.lang,
                   "format": job.fmt, "sha256": produced.main.sha256}
        if draft:
            details["draft"] = True
        old = job.ctx.doc.replaces
        if old is not None:
            found = docstore.by_number(conn, old)
            if found is None or not docstore.mark_replaced(conn, found.id, produced.number):
                raise NotCurrent(document=old, status=found.status if found else "void",
                                 by=found.replaced_by if found else None)
            details["replaces"] = old
        self.append(conn, case, actor.recorded, "document", now, details=details)
        self.access.record(conn, actor, "print", letter_subjects(conn, case.id, job.ctx.recipient.party_id),
                           case, "letter render", now)
        row = docstore.by_id(conn, item.doc_id)
        assert row is not None
        return document_view(row, case.number)

    def _void(self, items: list[_Reserved], actor: str, now: datetime, reason: str) -> None:
        """Void the numbers of ``items``, which were not registered; see ``_void_one``."""
        for item in items:
            self._void_one(item.doc_id, actor, now, reason)

    def void_abandoned(self, now: datetime) -> None:
        """Void every reservation whose holder is gone (``reservations.abandoned``), as the
        system."""
        with self.db.read() as conn:
            rows = docstore.reserved(conn)
        for row in rows:
            if reservations.abandoned(row, now):
                self._void_one(row.id, SYSTEM_ACTOR, now, "abandoned")

    def _void_one(self, doc_id: int, actor: str, now: datetime, reason: str) -> None:
        """Mark a reserved number void, with a ``document_voided`` event of its case
        (version check and hash chain), and remove any file written for it; a number
        somebody else voided or issued meanwhile is left alone."""
        for attempt in range(RETRIES):
            try:
                with self.db.write() as conn:
                    row = docstore.entry(conn, doc_id)
                    if row is None or not docstore.void_document(conn, doc_id):
                        return
                    case = self.load_case(conn, row.case_number)
                    # dated no earlier than the case's last step: a sweep must not fail on
                    # another case whose clock ran ahead (simulations set the clock)
                    self.append(conn, case, actor, "document_voided", max(now, case.updated_at),
                                details={"document": row.number, "kind": row.kind,
                                         "reason": reason})
                discard_planned(row.output_path)
                return
            except ConcurrentChange:
                if attempt == RETRIES - 1:
                    raise

    def _document(self, actor: Actor, doc_number: str) -> tuple[Row[Any], str]:
        """The register entry numbered ``doc_number``, if ``actor`` may read its case."""
        with self.db.read() as conn:
            row = docstore.by_number(conn, doc_number.strip())
            if row is None:
                raise NotFound(kind="document", key=doc_number)
            self.load_readable(conn, actor, row.case_number)
        return row, row.case_number


def _masked(view: DocumentView, row: Row[Any], masker: Masker) -> DocumentView:
    """``view`` with a private recipient's name masked, for a user not on its case."""
    if not masker.masks(row, row.party_id):
        return view
    return dataclasses.replace(view, recipient=masker.name(view.recipient))


def letter_subjects(conn: Connection, case_id: int, party_id: int | None) -> tuple[int, ...]:
    """Whose data a letter holds: its recipient, if a private person; a letter to no party
    (the agreement, a report) names them all, so every private person of the case."""
    return private_ids(party_roles(conn, case_id, None if party_id is None else [party_id]))


def discard_planned(path: str | None) -> None:
    """Remove the file (and calendar file) a voided number may have had written."""
    if path:
        discard([Path(path), Path(path).with_suffix(".ics")])


def discard(paths: Sequence[Path]) -> None:
    """Remove the files of documents whose registration was rolled back."""
    for path in paths:
        path.unlink(missing_ok=True)


def _kind(name: str) -> DocKind:
    if name not in KINDS:
        raise BadInput(field="kind",
                       reason_ko=f"'{name}'은(는) 문서 종류가 아닙니다. 종류는 "
                                 "`mediation letter kinds`로 확인하세요",
                       reason_en=f"'{name}' is not a document kind ({', '.join(KINDS)})")
    return KINDS[name]


def _recipients(kind: DocKind, parties: Sequence[PartyView],
                request: LetterRequest) -> list[PartyView | None]:
    """One recipient per letter: the party asked for, or every party; ``None`` for the
    council or the office itself."""
    if kind.audience != "party":
        if request.party_id is not None or request.all_parties:
            raise BadInput(field="party",
                           reason_ko=f"{kind.title.ko}은(는) 당사자별 문서가 아닙니다. "
                                     "--party/--all-parties를 빼세요",
                           reason_en=f"'{kind.title.en}' is one document for the "
                                     f"{kind.audience}; leave out --party/--all-parties")
        return [None]
    if request.all_parties:
        if not parties:
            raise Refused(reason_ko=f"사건 {request.number}에 당사자가 없습니다 (party add).",
                          reason_en=f"Case {request.number} has no parties (party add).")
        return list(parties)
    if request.party_id is None:
        raise BadInput(field="party",
                       reason_ko=f"{kind.title.ko}은(는) 당사자마다 씁니다. --party 번호나 "
                                 "--all-parties를 주세요",
                       reason_en=f"'{kind.title.en}' goes to one party at a time: "
                                 "give --party ID or --all-parties")
    found: list[PartyView | None] = [p for p in parties if p.id == request.party_id]
    if not found:
        raise NotFound(kind="party", key=f"{request.number}/{request.party_id}")
    return found


def _check_needs(kind: DocKind, ctx: LetterCtx) -> None:
    explained = ctx.case.outcome in SELF_EXPLAINED  # the letter words the system's reason
    if "reason" in kind.needs and not explained and not (ctx.reason and ctx.reason.strip()):
        raise BadInput(field="reason",
                       reason_ko=f"{kind.title.ko}에는 사유가 들어갑니다. --reason을 주세요",
                       reason_en=f"'{kind.title.en}' states its reasons: give --reason")
    if "new_date" in kind.needs and ctx.new_date is None:
        raise BadInput(field="new-date",
                       reason_ko=f"{kind.title.ko}에는 새 날짜가 필요합니다. --new-date를 주세요",
                       reason_en=f"'{kind.title.en}' needs the new date: give --new-date")


@contextmanager
def files_kept_on_commit(written: list[Path]) -> Iterator[None]:
    """Remove the document files written inside a write that did not commit."""
    try:
        yield
    except BaseException:
        discard(written)
        raise
