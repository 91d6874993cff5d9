"""Sending registered documents: each goes by e-mail, through the application's mailer (the
same SMTP server or outbox folder as reminders), to its recipient party if the party has an
e-mail address; the others are listed for postal delivery. A file that no longer matches its
register entry is never sent. Each sending is recorded on the document and in the case's
audit trail."""

from __future__ import annotations

import json
import re
from abc import ABC, abstractmethod
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Row

from mediation.casework import CaseWork
from mediation.core.errors import BadInput, NotCurrent, NotFound, Refused
from mediation.core.files import FileRefused, read_limited
from mediation.storage import cases as repo
from mediation.storage import documents as docstore
from mediation.views.documents import Postal, SendReport, Sent
from mediation.workflow.dockinds import KINDS
from mediation.workflow.engine import Actor

if TYPE_CHECKING:
    from mediation.documents.setup import DocumentSetup
    from mediation.mail.message import Attachment, Email, Mailer

CONTENT_TYPES = {"pdf": "application/pdf", "html": "text/html", "txt": "text/plain",
                 "ics": "text/calendar"}

MAX_ATTACHMENT_BYTES = 25_000_000  # a letter's PDF and its companions, each


class DocumentSending(CaseWork, ABC):
    mailer: Mailer  # set by ``DocumentCommands`` (the application's mailer)

    @property
    @abstractmethod
    def documents(self) -> DocumentSetup:
        """The document setup (``DocumentCommands`` provides it)."""

    def send_documents(self, actor: Actor, number: str,
                       doc_numbers: list[str]) -> SendReport:
        """E-mail each document to its party, or list it for the post."""
        if not doc_numbers:
            raise BadInput(field="doc", reason_ko="문서 번호를 하나 이상 주세요",
                                        reason_en="name at least one document number")
        with self.db.read() as conn:
            case = self.load_case(conn, number)
            self.authorize(actor, case, "문서를 발송할", "send documents")
            rows = [self._sendable(conn, case.id, number, d) for d in doc_numbers]
            parties = {p.id: p for p in repo.parties_of(conn, case.id)}
        for row in rows:
            refuse_stopped(row, _addressees(row, parties))
        sent: list[Sent] = []
        postal: list[Postal] = []
        for row in rows:
            for party in _addressees(row, parties):
                if party is None or not party.email:
                    postal.append(Postal(
                        document=row.number,
                        recipient=party.name if party is not None else row.recipient,
                        address=party.address if party is not None else None))
                    continue
                self.mailer.send(self._email(row, party))
                self._record(number, row, party.email, actor)
                sent.append(Sent(document=row.number, to=party.email))
        return SendReport(sent=tuple(sent), postal=tuple(postal))

    @staticmethod
    def _sendable(conn: Any, case_id: int, number: str, doc_number: str) -> Row[Any]:
        row = docstore.by_number(conn, doc_number.strip())
        if row is None or row.case_id != case_id:
            raise NotFound(kind="document", key=f"{number}/{doc_number}")
        require_intact(row)
        return row

    def _email(self, row: Row[Any], party: Row[Any]) -> Email:
        from mediation.mail.message import Address, Email, message_id

        sender = self.documents.sender
        assert sender is not None  # DocumentSetup fills it in
        context = json.loads(row.context)
        subject, body = self.documents.factory.templates.render_email(row.lang, context)
        domain = sender.email.rsplit("@", 1)[-1]
        return Email(sender=sender, to=(Address(email=party.email, name=party.name),),
                     subject=subject, text=body, html=None,
                     message_id=message_id(f"document:{row.number}:{party.email}", domain),
                     date=self.now(), attachments=_attachments(row),
                     headers=(("X-Mediation-Document", row.number),
                              ("X-Mediation-Case", row.case_number)))

    def _record(self, number: str, row: Row[Any], address: str, actor: Actor) -> None:
        now: datetime = self.now()
        with self.db.write() as conn:
            case = self.load_case(conn, number)
            current = docstore.by_number(conn, row.number)
            before = current.sent_to if current is not None else None
            docstore.set_document(conn, row.id, {"sent_at": now,
                                                 "sent_to": sent_to(before, address)})
            self.append(conn, case, actor.recorded, "document_sent", now,
                        details={"document": row.number, "to": address})


SENT_TO_MAX = 254  # documents.sent_to


def sent_to(before: str | None, address: str) -> str:
    """Every address a document went to, in order ("a, b"): a council document goes to each
    party, and the register names them all. Past the column's size the list ends with how
    many more there are ("a, b (+3)"); each sending is an event with its own address too."""
    names: list[str] = []
    more = 0
    if before:
        head, _, tail = before.partition(" (+")
        names = [n for n in head.split(", ") if n]
        more = int(tail.rstrip(")")) if tail.rstrip(")").isdigit() else 0
    if address in names:
        return before or address
    if more:
        return f"{', '.join(names)} (+{more + 1})"
    joined = ", ".join([*names, address])
    return joined if len(joined) <= SENT_TO_MAX else f"{', '.join(names)} (+1)"


def refuse_stopped(row: Row[Any], addressees: list[Row[Any] | None]) -> None:
    """Refuse sending ``row`` to a party who asked that processing stop (개인정보 보호법
    제37조, ``privacy subject --stop``)."""
    for party in addressees:
        if party is not None and party.stopped_at is not None:
            raise Refused(
                reason_ko=f"당사자 #{party.id}({party.name})은(는) 개인정보 처리정지를 요구했습니다"
                          f"(사유: {party.stopped_reason}): 문서 {row.number}을(를) 보내지 않습니다. "
                          "요구가 철회되면 `mediation privacy subject --resume`로 해제하세요.",
                reason_en=f"Party #{party.id} ({party.name}) asked that processing stop "
                          f"(reason: {party.stopped_reason}): document {row.number} is not "
                          "sent. Lift it with `mediation privacy subject --resume` once "
                          "withdrawn.")


def _addressees(row: Row[Any], parties: dict[int, Row[Any]]) -> list[Row[Any] | None]:
    """Who a document goes to: its party; for a document of the whole council (the
    agreement), each party of the case — by e-mail where it has an address, by post
    otherwise; for the office's own file, nobody outside (listed as kept)."""
    if row.party_id is not None:
        return [parties.get(row.party_id)]
    if KINDS[row.kind].audience == "council" and parties:
        return list(parties.values())
    return [None]


def _attachments(row: Row[Any]) -> tuple[Attachment, ...]:
    from mediation.mail.message import Attachment

    out = []
    for path in [Path(row.output_path)] + [Path(c["path"]) for c in row.companions]:
        try:
            data = read_limited(path, MAX_ATTACHMENT_BYTES)
        except FileRefused as exc:
            raise BadInput(field="document", reason_ko=f"{row.number}: {exc.reason_ko}. "
                                                       "'mediation letter verify'로 확인하세요",
                                             reason_en=f"{row.number}: {exc.reason}; check it with "
                                                       "'mediation letter verify'") from exc
        suffix = path.suffix.lstrip(".")
        out.append(Attachment(filename=path.name,
                              content_type=CONTENT_TYPES.get(suffix, "application/octet-stream"),
                              data=data, params=calendar_params(data) if suffix == "ics" else ()))
    return tuple(out)


METHOD = re.compile(rb"^METHOD:([A-Z-]+)\r?$", re.MULTILINE)


def calendar_params(data: bytes) -> tuple[tuple[str, str], ...]:
    """The Content-Type parameters of an iCalendar file: its METHOD (RFC 6047 §2.4: the same
    as the file's, PUBLISH or CANCEL for a meeting notice) and the UTF-8 charset."""
    found = METHOD.search(data)
    method = (("method", found.group(1).decode("ascii")),) if found else ()
    return (*method, ("charset", "utf-8"))


def require_intact(row: Row[Any], allowed: tuple[str, ...] = ("issued",)) -> None:
    """Refuse a register entry whose status is not ``allowed`` (by default: not the document
    in force — voided, replaced, a draft awaiting approval, still reserved) or whose files no
    longer match the hashes registered when it was written."""
    from mediation.core.formats import kdate
    from mediation.render.production import sha256_file

    destroyed = getattr(row, "destroyed_at", None)
    if destroyed is not None:
        raise Refused(
            reason_ko=f"문서 {row.number}은(는) {kdate(destroyed)} 개인정보 파기로 파일이 "
                      f"삭제되었습니다(`mediation privacy destructions`). 등록 번호·날짜·"
                      f"SHA-256만 남아 있습니다.",
            reason_en=f"Document {row.number} was destroyed with the personal data on "
                      f"{kdate(destroyed, 'en')} (`mediation privacy destructions`); only its "
                      f"number, date and SHA-256 remain.")
    if row.status not in allowed:
        raise NotCurrent(document=row.number, status=row.status, by=row.replaced_by,
                         reason=row.void_reason)
    files = [(row.output_path, row.output_sha256)]
    files += [(c["path"], c["sha256"]) for c in row.companions]
    for path, expected in files:
        if sha256_file(Path(path)) != expected:
            raise Refused(
                reason_ko=f"문서 {row.number}의 파일이 등록 이후 바뀌었거나 없습니다: {path} "
                          f"(`mediation letter verify {row.number}`)",
                reason_en=f"The file of document {row.number} changed or is missing since "
                          f"it was registered: {path} (`mediation letter verify {row.number}`)")
