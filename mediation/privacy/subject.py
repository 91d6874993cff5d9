"""A data subject's requests (「개인정보 보호법」 제35–37조), for admins and supervisors:

- finding what is held about a person (``privacy subject --name``): every party recorded
  under the name, in every case the user may read, removed parties included, narrowed by the
  telephone number and e-mail address when given; the documents addressed to them or naming
  them; the audit events naming them (열람, 제35조: ``export.subject`` writes them into a ZIP);
- recording a request to stop processing (처리정지 요구, 제37조) on each party found: an event
  on its case (``processing_stopped``, the request's reason as its note) and a mark on the
  party, which ``case show`` and ``party list`` show and which refuses sending letters and
  mail to the party, until the request is lifted (``processing_resumed``).

Corrections (정정, 제36조) go through ``party update``, whose events record each change.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Connection

from mediation.casework import CaseWork
from mediation.core import validate
from mediation.core.errors import BadInput, NotFound
from mediation.privacy.access import AccessLog
from mediation.privacy.records import is_private
from mediation.storage import cases as repo
from mediation.storage import scope
from mediation.storage import subject as store
from mediation.views.build import event_view, party_view
from mediation.views.cases import EventView, PartyView
from mediation.workflow.engine import Actor

WHAT = ("정보주체 요구 처리", "A data subject's request")
_DIGITS = re.compile(r"\D")


@dataclass(frozen=True, slots=True, kw_only=True)
class SubjectQuery:
    """Who is asking about their data: the name as recorded, and optionally the telephone
    number and e-mail address they give (a party whose recorded contact differs is another
    person of the same name; one with none recorded is kept)."""

    name: str
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SubjectParty:
    case: str
    case_closed: bool
    party: PartyView


@dataclass(frozen=True, slots=True, kw_only=True)
class SubjectDocument:
    number: str
    case: str
    kind: str
    recipient: str
    status: str
    format: str
    generated_at: datetime
    sha256: str | None
    addressed: bool  # to the person; otherwise a document naming them (to the council, ...)
    path: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class SubjectEvent:
    case: str
    event: EventView


@dataclass(frozen=True, slots=True, kw_only=True)
class SubjectFindings:
    name: str
    parties: tuple[SubjectParty, ...]
    documents: tuple[SubjectDocument, ...]
    events: tuple[SubjectEvent, ...]

    @property
    def cases(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p.case for p in self.parties))


@dataclass(frozen=True, slots=True, kw_only=True)
class StopResult:
    """The parties whose processing was stopped (or resumed), and those already so."""

    changed: tuple[SubjectParty, ...]
    unchanged: tuple[SubjectParty, ...]


def phone_digits(phone: str) -> str:
    """A telephone number's digits, a +82 country code written as the leading 0."""
    digits = _DIGITS.sub("", phone)
    if phone.strip().startswith("+82"):
        digits = "0" + digits[2:].lstrip("0")
    return digits


def clean_query(q: SubjectQuery) -> SubjectQuery:
    name = validate.text(q.name, "name", max_len=200)
    phone = validate.optional_text(q.phone or None, "phone", max_len=40)
    if phone is not None and len(phone_digits(phone)) < 7:
        raise BadInput(field="phone", reason_ko="전화번호는 숫자 7자리 이상입니다",
                       reason_en="a telephone number of at least 7 digits")
    email = validate.email(q.email) if q.email else None
    return SubjectQuery(name=name, phone=phone, email=email)


def same_person(row: Any, q: SubjectQuery) -> bool:
    """Whether party ``row`` (named as asked) is the person: each contact given matches the
    one recorded, or none is recorded."""
    if q.phone is not None and row.phone and phone_digits(row.phone) != phone_digits(q.phone):
        return False
    return not (q.email is not None and row.email
                and row.email.strip().lower() != q.email.strip().lower())


def _names(text: str | None, name: str) -> bool:
    return bool(text) and name in str(text)


class SubjectCommands(CaseWork):
    def __init__(self, *args: Any, access: AccessLog, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.access = access

    def matching(self, conn: Connection, actor: Actor, q: SubjectQuery) -> list[Any]:
        """The private parties that are the person, in the cases ``actor`` may read."""
        rows = store.parties_named(conn, q.name, scope.readable(actor))
        return [r for r in rows if is_private(r.role) and same_person(r, q)]

    def gather(self, conn: Connection, actor: Actor,
               q: SubjectQuery) -> tuple[SubjectFindings, list[Any]]:
        """What is held about the person (in the caller's transaction), and their party rows
        (with their cases' number, mediator and supervisor, for the access records)."""
        rows = self.matching(conn, actor, q)
        ids = {int(r.id) for r in rows}
        case_ids = sorted({int(r.case_id) for r in rows})
        docs = []
        for d in store.documents_of(conn, case_ids):
            if d.status == "reserved":
                continue
            addressed = d.party_id is not None and int(d.party_id) in ids
            naming = d.party_id is None and (_names(d.recipient, q.name) or _names(
                json.dumps(json.loads(d.context or "{}"), ensure_ascii=False), q.name))
            if addressed or naming:
                docs.append(SubjectDocument(
                    number=d.number, case=d.case_number, kind=d.kind, recipient=d.recipient,
                    status=d.status, format=d.format, generated_at=d.generated_at,
                    sha256=d.output_sha256, addressed=addressed, path=d.output_path))
        found = []
        for e in store.events_of(conn, case_ids):
            details = json.loads(e.details or "{}")
            pid = details.get("party_id") if isinstance(details, dict) else None
            if ((isinstance(pid, int) and pid in ids) or _names(e.note, q.name)
                    or _names(json.dumps(details, ensure_ascii=False), q.name)):
                found.append(SubjectEvent(case=e.case_number, event=event_view(e)))
        return SubjectFindings(
            name=q.name,
            parties=tuple(SubjectParty(case=r.number, case_closed=bool(r.closed),
                                       party=party_view(r)) for r in rows),
            documents=tuple(docs), events=tuple(found)), rows

    def find(self, actor: Actor, query: SubjectQuery) -> SubjectFindings:
        """Every case, document and event holding the person's data; the read is an access
        record on each case."""
        self.require_reviewer(actor, *WHAT)
        q = clean_query(query)
        with self.db.read() as conn:
            found, rows = self.gather(conn, actor, q)
        now = self.now()
        with self.db.write() as conn:
            self.record_per_case(conn, actor, "read", rows, "privacy subject", now)
        return found

    def record_per_case(self, conn: Connection, actor: Actor, action: str, rows: Sequence[Any],
                        what: str, now: datetime, reason: str | None = None) -> None:
        """One access record per case over its parties of ``rows``."""
        by_case: dict[str, list[Any]] = {}
        for r in rows:
            by_case.setdefault(r.number, []).append(r)
        for found in by_case.values():
            self.access.record(conn, actor, action, [int(r.id) for r in found],
                               found[0], what, now, reason)

    def stop(self, actor: Actor, query: SubjectQuery, reason: str) -> StopResult:
        """Record the person's request to stop processing on each party found (the parties
        removed by mistake are left as they are)."""
        return self._set(actor, query, reason, stop=True)

    def resume(self, actor: Actor, query: SubjectQuery, reason: str) -> StopResult:
        """Lift a request to stop processing (the person withdrew it, or the law allows
        processing: 제37조 제2항)."""
        return self._set(actor, query, reason, stop=False)

    def _set(self, actor: Actor, query: SubjectQuery, reason: str, *, stop: bool) -> StopResult:
        self.require_reviewer(actor, *WHAT)
        q = clean_query(query)
        why = validate.text(reason, "reason", max_len=2000)
        with self.db.read() as conn:
            rows = [r for r in self.matching(conn, actor, q) if r.removed_at is None]
        if not rows:
            raise NotFound(kind="party", key=q.name)
        todo = [r for r in rows if (r.stopped_at is None) == stop]
        now = self.now()
        changed = []
        with self.db.write() as conn:
            for r in todo:
                case = self.load_case(conn, r.number)
                fields = ({"stopped_at": now, "stopped_reason": why} if stop
                          else {"stopped_at": None, "stopped_reason": None})
                repo.set_party_fields(conn, int(r.id), fields)
                self.append(conn, case, actor.recorded,
                            "processing_stopped" if stop else "processing_resumed", now,
                            note=why, details={"party_id": int(r.id)})
                self.access.record(conn, actor, "change", [int(r.id)], case,
                                   "privacy subject --stop" if stop else
                                   "privacy subject --resume", now, why)
                after = repo.party(conn, case.id, int(r.id))
                assert after is not None
                changed.append(SubjectParty(case=r.number, case_closed=bool(case.closed),
                                            party=party_view(after)))
        return StopResult(changed=tuple(changed), unchanged=tuple(
            SubjectParty(case=r.number, case_closed=bool(r.closed), party=party_view(r))
            for r in rows if r not in todo))
