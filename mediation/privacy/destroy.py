"""Destroying the personal data of closed cases past their retention period (「개인정보 보호법」
제21조): ``privacy destroy`` and the destruction records (파기 기록) ``privacy destructions``
lists.

For each private person of a case (``records.PERSON_ROLES``; organisations stay) the name
becomes ``[파기]``, contacts and address go, and every text of the case loses their names,
telephone numbers and e-mail addresses (``○○○``); meeting minutes and the notes of their
removal go whole. Documents naming them lose their files and rendering context (the register
entry keeps its number, date and SHA-256, marked destroyed); the e-mails of the outbox folder
naming them are deleted; the case's attachments lose their files, titles and names. The
audit events holding their data are redacted and the ``personal_data_destroyed`` event
commits the hash of each redacted event (``core.destruction``), so that ``audit verify``
still passes and still catches a change.

Everything of one case is written in one transaction; files are deleted after it commits,
and a file that cannot be deleted is reported and kept on the destruction record as pending.
Afterwards the database is made to forget the old values (``storage.destruction.forget``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from email import policy
from email.parser import BytesParser
from pathlib import Path
from typing import Any

from sqlalchemy import Row
from sqlalchemy.engine import Connection

from mediation.casework import CaseWork
from mediation.core.audit import EventRecord, canonical
from mediation.core.destruction import (
    DESTROYED_KIND,
    WHOLE,
    event_names,
    needles,
    redact_event,
    redaction,
    scrub,
    scrub_value,
)
from mediation.core.errors import BadInput, PermissionDenied, Refused
from mediation.core.formats import kdate
from mediation.core.masking import mask_name
from mediation.privacy.access import AccessLog
from mediation.privacy.commands import years_after
from mediation.privacy.records import is_private
from mediation.storage import access as access_store
from mediation.storage import destruction as store
from mediation.storage import scope
from mediation.views.page import Page, page_of
from mediation.workflow.engine import Actor

PERSON_FIELDS = ("name", "email", "phone", "address")
RECORDS = ("파기 기록 열람", "Reading the destruction records")


@dataclass(frozen=True, slots=True, kw_only=True)
class DestroyView:
    """What the destruction of one case's personal data takes (``dry_run``) or took."""

    number: str
    dry_run: bool
    closed_at: datetime | None
    due_at: datetime | None
    forced: bool
    persons: int
    names: tuple[str, ...]  # masked
    fields: tuple[str, ...]  # the persons' fields that held something
    free_text: dict[str, int]  # rows per table whose text loses something
    events: tuple[int, ...]  # the seqs of the events redacted
    documents: tuple[str, ...]  # document numbers whose files and context go
    files: tuple[str, ...]  # document files
    mails: tuple[str, ...]  # outbox e-mail files
    attachments: int
    attachment_files: tuple[str, ...]
    search_rows: int
    event_seq: int | None = None  # the personal_data_destroyed event
    record: int | None = None  # the destruction record's id
    pending: tuple[str, ...] = ()  # what could not be done yet: files, the database's clean-up


@dataclass(frozen=True, slots=True, kw_only=True)
class DestructionView:
    """One destruction record (파기 기록): no personal data, only what and how much."""

    id: int
    case: str
    at: datetime
    actor: str
    reason: str
    forced: bool
    closed_at: datetime | None
    due_at: datetime | None
    parties: tuple[int, ...]
    counts: dict[str, Any]
    event_seq: int
    pending: tuple[str, ...]  # what could not be done yet (``privacy destroy`` retries it)


@dataclass(slots=True)
class _Plan:
    case: Row[Any]
    private: frozenset[int]
    found: tuple[str, ...]
    names: tuple[str, ...]
    fields: tuple[str, ...]
    parties: dict[int, dict[str, Any]] = field(default_factory=dict)
    documents: dict[int, dict[str, Any]] = field(default_factory=dict)
    doc_numbers: list[str] = field(default_factory=list)
    doc_files: list[Path] = field(default_factory=list)
    attachments: dict[int, dict[str, Any]] = field(default_factory=dict)
    attachment_files: list[Path] = field(default_factory=list)
    meetings: dict[int, dict[str, Any]] = field(default_factory=dict)
    search: dict[int, str | None] = field(default_factory=dict)
    events: list[tuple[int, EventRecord]] = field(default_factory=list)
    case_values: dict[str, Any] = field(default_factory=dict)
    free_text: dict[str, int] = field(default_factory=dict)
    mails: list[Path] = field(default_factory=list)


class Destroying(CaseWork):
    def __init__(self, *args: Any, access: AccessLog, years_for: Callable[[str], int],
                 attachment_path: Callable[[str], Path], outbox: Path, **kwargs: Any) -> None:
        """``years_for`` gives a workflow's retention period (``PrivacyCommands.years_for``:
        the one ``privacy due`` counts with); ``attachment_path`` gives the stored file of an
        attachment's SHA-256 (the attachments' store); ``outbox`` is the folder of e-mails
        written as files."""
        super().__init__(*args, **kwargs)
        self.access = access
        self.years_for = years_for
        self.attachment_path = attachment_path
        self.outbox = outbox

    # the command -----------------------------------------------------------------------

    def destroy(self, actor: Actor, numbers: Sequence[str], *, reason: str | None,
                dry_run: bool = False, force: bool = False) -> list[DestroyView]:
        """Destroy (or, with ``dry_run``, show what would go of) the personal data of the
        cases ``numbers`` — without numbers, of every case ``privacy due`` lists. A named case
        must be closed, not destroyed already, and past its retention period unless an admin
        ``force``s it with a reason."""
        self.require_reviewer(actor, "개인정보 파기", "Destroying personal data")
        if force and actor.role != "admin":
            raise PermissionDenied(user=actor.username, role=actor.role,
                                   action_ko="보존 기간 전에 개인정보를 파기할(--force)",
                                   action_en="destroy personal data before the end of its "
                                             "retention period (--force)")
        if force and not numbers:
            raise BadInput(field="force", reason_ko="앞당겨 파기할 사건의 번호를 주세요",
                                          reason_en="name the cases to destroy early")
        if not dry_run and not (reason and reason.strip()):
            raise BadInput(field="reason", reason_ko="파기의 근거를 --reason으로 주세요 (예: 보존기간 경과)",
                                           reason_en="give the basis of the destruction "
                                                     "(--reason, e.g. 보존기간 경과)")
        if force and not (reason and reason.strip()):
            raise BadInput(field="reason", reason_ko="--force에는 --reason(사유)이 필요합니다",
                                           reason_en="--force needs --reason")
        now = self.now()
        chosen = self._chosen(actor, numbers, now, force)
        if dry_run:
            return [self._one(actor, number, "", now, True, forced) for number, forced in chosen]
        views: list[DestroyView] = []
        try:
            for number, forced in chosen:
                views.append(self._one(actor, number, reason or "", now, False, forced))
        finally:  # the cases destroyed before an error are cleaned up from the database too
            retried = self._retry()
            if views or retried:
                views = self._forget(views, retried)
        return views

    def _retry(self) -> list[int]:
        """Delete again the files earlier runs could not; the records that were waiting for
        the database's clean-up (it runs again now)."""
        with self.db.read() as conn:
            waiting = store.with_pending(conn)
        again: list[int] = []
        for row in waiting:
            files = [Path(p["path"]) for p in row.pending if p.get("path")]
            left = self._delete_files(files)
            if any(p.get("database") for p in row.pending):
                again.append(int(row.id))
            with self.db.write() as conn:
                store.set_pending(conn, row.id, left)
        return again

    def _forget(self, views: list[DestroyView], retried: list[int]) -> list[DestroyView]:
        """Have the database drop the old values; what it could not do is pending on each
        destruction record of the run (``privacy destroy`` retries it on its next run)."""
        problems = [{"database": p} for p in store.forget(self.db)]
        if not problems:
            return views
        with self.db.write() as conn:
            for record_id in retried:
                store.add_pending(conn, record_id, problems)
            for v in views:
                if v.record is not None:
                    store.add_pending(conn, v.record, problems)
        shown = tuple(map(pending_text, problems))
        return [replace(v, pending=(*v.pending, *shown)) for v in views]

    def kept_until(self, case: Row[Any]) -> datetime | None:
        """When a closed case's retention period ends (its workflow's)."""
        return (years_after(case.closed_at, self.years_for(case.workflow))
                if case.closed_at is not None else None)

    def _chosen(self, actor: Actor, numbers: Sequence[str], now: datetime,
                force: bool) -> list[tuple[str, bool]]:
        with self.db.read() as conn:
            if not numbers:
                shortest = min([self.years_for(""), *map(self.years_for, self.workflows)])
                rows = access_store.closed_before(conn, years_after(now, -shortest),
                                                  scope.readable(actor))
                return [(r.number, False) for r in rows
                        if years_after(r.closed_at, self.years_for(r.workflow)) <= now]
            chosen: list[tuple[str, bool]] = []
            for number in dict.fromkeys(n.strip() for n in numbers):
                case = self.load_readable(conn, actor, number)
                self._check(case, now, force)
                due = self.kept_until(case)
                chosen.append((case.number, due is not None and due > now))
        return chosen

    def _check(self, case: Row[Any], now: datetime, force: bool) -> None:
        if case.destroyed_at is not None:
            raise Refused(reason_ko=f"사건 {case.number}의 개인정보는 {kdate(case.destroyed_at)}에 "
                                    "이미 파기되었습니다.",
                          reason_en=f"The personal data of case {case.number} was destroyed "
                                    f"on {kdate(case.destroyed_at, 'en')} already.")
        if not case.closed or case.closed_at is None:
            raise Refused(reason_ko=f"사건 {case.number}은(는) 종결되지 않았습니다: 종결된 사건만 "
                                    "파기할 수 있습니다.",
                          reason_en=f"Case {case.number} is not closed: only closed cases' "
                                    "personal data is destroyed.")
        due = self.kept_until(case)
        if due is not None and due > now and not force:
            raise Refused(reason_ko=f"사건 {case.number}의 보존 기간은 {kdate(due)}까지입니다: "
                                    "그 전에 파기하려면 관리자가 --force --reason으로 실행하세요.",
                          reason_en=f"Case {case.number} is kept until {kdate(due, 'en')}: to "
                                    "destroy it earlier an admin runs --force --reason.")

    def _one(self, actor: Actor, number: str, reason: str, now: datetime, dry_run: bool,
             forced: bool) -> DestroyView:
        if dry_run:
            with self.db.read() as conn:
                plan = self._plan(conn, self.load_case(conn, number))
            return self._view(plan, dry_run=True, forced=forced)
        with self.db.write() as conn:
            store.secure_delete(conn)
            case = self.load_case(conn, number)
            self._check(case, now, forced)
            plan = self._plan(conn, case)
            seq, record = self._apply(conn, actor, plan, reason, now, forced)
        pending = self._delete_files([*plan.doc_files, *plan.attachment_files, *plan.mails])
        if pending:
            with self.db.write() as conn:
                store.add_pending(conn, record, pending)
        return self._view(plan, dry_run=False, forced=forced, event_seq=seq, record=record,
                          pending=tuple(map(pending_text, pending)))

    # what goes ------------------------------------------------------------------------

    def _plan(self, conn: Connection, case: Row[Any]) -> _Plan:
        every = store.every_party(conn, case.id)
        private = frozenset(int(p.id) for p in every if is_private(p.role))
        persons = [p for p in every if int(p.id) in private]
        events = store.events_of(conn, case.id)
        values: list[str | None] = []
        for p in persons:
            values += [p.name, p.email, p.phone, p.address]
        for e in events:
            values += event_names(e.details, private)
        found = needles(values)
        plan = _Plan(case=case, private=private, found=found,
                     names=tuple(mask_name(p.name) for p in persons),
                     fields=tuple(f for f in PERSON_FIELDS
                                  if any(getattr(p, f) for p in persons)))
        for p in persons:
            plan.parties[int(p.id)] = {
                "name": WHOLE, "email": None, "phone": None, "address": None,
                "organization": scrub(p.organization, found) if p.organization else None,
                "removed_reason": WHOLE if p.removed_reason else None}
        self._plan_documents(conn, plan)
        for a in store.attachments_of(conn, case.id):
            plan.attachments[int(a.id)] = {"title": WHOLE, "filename": WHOLE,
                                           "destroyed_at": None}
            if not store.attachment_shared(conn, a.sha256, case.id):
                plan.attachment_files.append(self.attachment_path(a.sha256))
        for m in store.meetings_of(conn, case.id):
            if m.minutes and private:
                plan.meetings[int(m.id)] = {"minutes": WHOLE}
        self._plan_search(conn, plan, self._plan_events(plan, events))
        plan.case_values = {k: scrub(getattr(case, k), found)
                            for k in ("title", "summary", "location")
                            if getattr(case, k) and scrub(getattr(case, k), found)
                            != getattr(case, k)}
        plan.free_text = store.scrub_free_text(conn, case.id, self._scrubber(found),
                                               write=False, skip=set(plan.documents))
        plan.mails = self._mails([*found, *plan.doc_numbers])
        return plan

    @staticmethod
    def _plan_events(plan: _Plan, events: Sequence[Row[Any]]) -> dict[int, str | None]:
        """The events to redact; the redacted note of each, by seq."""
        case, notes = plan.case, {}
        for e in events:
            record = EventRecord(number=case.number, seq=e.seq, at=e.at, actor=e.actor,
                                 kind=e.kind, from_state=e.from_state, to_state=e.to_state,
                                 trigger=e.trigger, note=e.note, details=e.details,
                                 prev_hash=e.prev_hash)
            new = redact_event(record, plan.private, plan.found)
            if new is not None:
                plan.events.append((int(e.id), new))
                notes[int(e.seq)] = new.note
        return notes

    @staticmethod
    def _plan_search(conn: Connection, plan: _Plan, notes: dict[int, str | None]) -> None:
        """The case's search rows: a private party's and the minutes go, the notes of
        redacted events follow them, every other loses the names."""
        for s in store.search_rows(conn, plan.case.id):
            body: str | None
            if s.source == "party" and int(s.ref) not in plan.private:
                continue  # an organisation's name stays
            if (s.source == "party" and int(s.ref) in plan.private) or (
                    s.source == "minutes" and plan.private):
                body = None
            elif s.source == "note" and int(s.ref) in notes:
                body = notes[int(s.ref)]
                body = None if body == WHOLE else body
            else:
                body = scrub(s.body, plan.found)
            if body != s.body:
                plan.search[int(s.id)] = body

    @staticmethod
    def _scrubber(found: tuple[str, ...]) -> Any:
        def scrubbed(value: Any) -> Any:
            return scrub_value(value, found) if found else value
        return scrubbed

    @staticmethod
    def _plan_documents(conn: Connection, plan: _Plan) -> None:
        for d in store.documents_of(conn, plan.case.id):
            try:
                context = json.loads(d.context or "{}")
            except ValueError:
                context = d.context
            names = (d.party_id is not None and int(d.party_id) in plan.private) or (
                bool(plan.found) and (scrub_value(context, plan.found) != context
                                      or scrub(d.context or "", plan.found) != d.context
                                      or scrub(d.recipient, plan.found) != d.recipient))
            if not names:
                continue
            plan.documents[int(d.id)] = {
                "context": canonical({"destroyed": True}),
                "recipient": (WHOLE if d.party_id is not None and int(d.party_id) in plan.private
                              else scrub(d.recipient, plan.found)),
                "sent_to": WHOLE if d.sent_to else None,
                "review_comment": (scrub(d.review_comment, plan.found)
                                   if d.review_comment else d.review_comment),
                "void_reason": scrub(d.void_reason, plan.found) if d.void_reason else None,
                "companions": [{**c, "path": scrub(str(c.get("path", "")), plan.found)}
                               for c in d.companions],
                "destroyed_at": None}
            plan.doc_numbers.append(d.number)
            for path in [d.output_path, *(c.get("path") for c in d.companions)]:
                if path:
                    plan.doc_files.append(Path(path))

    def _mails(self, found: Sequence[str]) -> list[Path]:
        """The e-mails of the outbox folder whose headers or text name one of ``found``."""
        if not found or not self.outbox.is_dir():
            return []
        hits = []
        for path in sorted(self.outbox.glob("*.eml")):
            try:
                text = _mail_text(path.read_bytes())
            except (OSError, ValueError, LookupError):
                continue
            if any(f in text or f.lower() in text.lower() for f in found):
                hits.append(path)
        return hits

    # writing it ------------------------------------------------------------------------

    def _apply(self, conn: Connection, actor: Actor, plan: _Plan, reason: str, now: datetime,
               forced: bool) -> tuple[int, int]:
        case = plan.case
        for pid, values in plan.parties.items():
            store.set_party(conn, pid, values)
        for doc_id, values in plan.documents.items():
            store.set_document(conn, doc_id, {**values, "destroyed_at": now})
        for att_id, values in plan.attachments.items():
            store.set_attachment(conn, att_id, {**values, "destroyed_at": now})
        for meeting_id, values in plan.meetings.items():
            store.set_meeting(conn, meeting_id, values)
        for row_id, body in plan.search.items():
            store.set_search(conn, row_id, body)
        store.scrub_free_text(conn, case.id, self._scrubber(plan.found), write=True,
                              skip=set(plan.documents))
        committed: dict[str, str] = {}
        for event_id, record in plan.events:
            red = redaction(record)
            store.redact_event(conn, event_id, note=red.note, details=red.details, at=now)
            committed[str(red.seq)] = red.digest
        counts = self._counts(plan)
        closed_at = case.closed_at
        due_at = self.kept_until(case)
        seq = self.append(conn, case, actor.recorded, DESTROYED_KIND, now, note=reason,
                          details={"redacted": committed, "parties": sorted(plan.private),
                                   "counts": counts, "reason": reason, "forced": forced},
                          values={**plan.case_values, "destroyed_at": now})
        record_id = store.insert_destruction(conn, {
            "case_id": case.id, "case_number": case.number, "at": now,
            "actor": actor.recorded, "reason": reason, "forced": forced,
            "closed_at": closed_at, "due_at": due_at, "parties": sorted(plan.private),
            "counts": counts, "event_seq": seq, "pending": []})
        self.access.record(conn, actor, "delete", plan.private, case, "privacy destroy", now,
                           reason=reason)
        return seq, record_id

    @staticmethod
    def _counts(plan: _Plan) -> dict[str, Any]:
        return {"persons": len(plan.private), "fields": list(plan.fields),
                "events": len(plan.events), "documents": len(plan.documents),
                "document_files": len(plan.doc_files), "mails": len(plan.mails),
                "attachments": len(plan.attachments), "search_rows": len(plan.search),
                "meetings": len(plan.meetings), "free_text": dict(plan.free_text)}

    @staticmethod
    def _delete_files(paths: Sequence[Path]) -> list[dict[str, str]]:
        """Delete each file; the ones that could not be deleted, with why (a missing file is
        gone already)."""
        pending = []
        for path in paths:
            try:
                path.unlink(missing_ok=True)
            except OSError as exc:
                pending.append({"path": str(path), "error": str(exc.strerror or exc)})
        return pending

    def _view(self, plan: _Plan, *, dry_run: bool, forced: bool, event_seq: int | None = None,
              record: int | None = None, pending: tuple[str, ...] = ()) -> DestroyView:
        case = plan.case
        return DestroyView(
            number=case.number, dry_run=dry_run, closed_at=case.closed_at,
            due_at=self.kept_until(case), forced=forced, persons=len(plan.private),
            names=plan.names,
            fields=plan.fields, free_text=dict(plan.free_text),
            events=tuple(r.seq for _, r in plan.events), documents=tuple(plan.doc_numbers),
            files=tuple(map(str, plan.doc_files)), mails=tuple(map(str, plan.mails)),
            attachments=len(plan.attachments),
            attachment_files=tuple(map(str, plan.attachment_files)),
            search_rows=len(plan.search), event_seq=event_seq, record=record, pending=pending)

    # the records -------------------------------------------------------------------------

    def destructions(self, actor: Actor, limit: int, offset: int) -> Page[DestructionView]:
        """The destruction records, oldest first (admins and supervisors)."""
        self.require_reviewer(actor, *RECORDS)
        with self.db.read() as conn:
            rows, total = store.destruction_page(conn, limit, offset)
        return page_of([DestructionView(
            id=r.id, case=r.case_number, at=r.at, actor=r.actor, reason=r.reason,
            forced=bool(r.forced), closed_at=r.closed_at, due_at=r.due_at,
            parties=tuple(int(p) for p in r.parties), counts=dict(r.counts),
            event_seq=r.event_seq, pending=tuple(map(pending_text, r.pending))) for r in rows],
            total, offset, limit)


def pending_text(entry: Any) -> str:
    """One thing a destruction could not do yet, as a line: a file and why, or the
    database's clean-up."""
    if isinstance(entry, dict) and entry.get("path"):
        return f"{entry['path']} ({entry.get('error', '')})"
    if isinstance(entry, dict) and entry.get("database"):
        return f"database: {entry['database']}"
    return str(entry)


def _mail_text(data: bytes) -> str:
    """An e-mail's headers and text parts, decoded."""
    message = BytesParser(policy=policy.default).parsebytes(data)
    parts = [f"{k}: {v}" for k, v in message.items()]
    for part in message.walk():
        if part.get_content_maintype() == "text":
            content = part.get_content()
            parts.append(content if isinstance(content, str) else "")
        name = part.get_filename()
        if name:
            parts.append(name)
    return "\n".join(parts)
