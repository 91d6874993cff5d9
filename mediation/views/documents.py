"""Frozen records of the document register that the CLI prints."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentFile:
    path: str
    sha256: str


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentView:
    number: str
    case: str
    kind: str
    status: str
    recipient: str
    recipient_kind: str
    party_id: int | None
    lang: str
    format: str
    template: str
    template_sha256: str | None
    output_path: str | None
    output_sha256: str | None
    output_bytes: int | None
    pages: int | None
    companions: tuple[DocumentFile, ...]
    trigger: str | None
    generated_by: str
    generated_at: datetime
    sent_at: datetime | None
    sent_to: str | None
    replaces: str | None = None
    replaced_by: str | None = None
    void_reason: str | None = None
    voided_by: str | None = None
    voided_at: datetime | None = None
    reviewed_by: str | None = None  # who approved (결재) or returned (반려) the draft
    reviewed_at: datetime | None = None
    review_comment: str | None = None
    # its files deleted with the case's personal data (`privacy destroy`)
    destroyed_at: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentDetail:
    document: DocumentView
    context: str


@dataclass(frozen=True, slots=True, kw_only=True)
class FileCheck:
    path: str
    expected: str
    actual: str | None
    ok: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentCheck:
    number: str
    case: str
    status: str
    ok: bool
    files: tuple[FileCheck, ...]
    # its files deleted by the destruction of personal data: nothing left to compare
    destroyed_at: datetime | None = None


def document_view(row: Row[Any], case_number: str) -> DocumentView:
    return DocumentView(
        number=row.number, case=case_number, kind=row.kind, status=row.status,
        recipient=row.recipient, recipient_kind=row.recipient_kind, party_id=row.party_id,
        lang=row.lang, format=row.format, template=row.template,
        template_sha256=row.template_sha256, output_path=row.output_path,
        output_sha256=row.output_sha256, output_bytes=row.output_bytes, pages=row.pages,
        companions=tuple(DocumentFile(path=c["path"], sha256=c["sha256"])
                         for c in row.companions),
        trigger=row.trigger, generated_by=row.generated_by, generated_at=row.generated_at,
        sent_at=row.sent_at, sent_to=row.sent_to, replaces=row.replaces,
        replaced_by=row.replaced_by, void_reason=row.void_reason, voided_by=row.voided_by,
        voided_at=row.voided_at, reviewed_by=row.reviewed_by, reviewed_at=row.reviewed_at,
        review_comment=row.review_comment, destroyed_at=getattr(row, "destroyed_at", None))


@dataclass(frozen=True, slots=True, kw_only=True)
class Sent:
    document: str
    to: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Postal:
    document: str
    recipient: str
    address: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class SendReport:
    sent: tuple[Sent, ...]
    postal: tuple[Postal, ...]
