"""The records of a case file export: what its index (사건 기록 목록) lists, what the export
wrote, and what the offline check of an exported file found."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from mediation.views.attachments import AttachmentView
from mediation.views.cases import CaseView, EventView, PartyView


@dataclass(frozen=True, slots=True, kw_only=True)
class IndexedDocument:
    number: str
    kind: str
    recipient: str
    format: str
    generated_at: datetime
    sha256: str | None
    path: str | None  # in the ZIP; None when withheld or missing
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class IndexedMinutes:
    meeting_id: int
    starts_at: datetime
    place: str
    sha256: str | None
    path: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CaseFileIndex:
    case: CaseView
    parties: tuple[PartyView, ...]
    events: tuple[EventView, ...]
    event_titles: tuple[str, ...]  # each event's title, in the office's language
    documents: tuple[IndexedDocument, ...]
    minutes: tuple[IndexedMinutes, ...]
    attachments: tuple[AttachmentView, ...]
    attachments_withheld: bool
    exported_at: datetime
    exported_by: str
    redacted: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class ExportResult:
    number: str
    path: str
    files: int
    bytes: int
    redacted: bool
    sha256: str  # of the ZIP


@dataclass(frozen=True, slots=True, kw_only=True)
class FileCheck:
    """The offline check of an exported case file."""

    path: str
    number: str | None
    ok: bool
    files: int
    events: int
    chain_checked: bool  # False for a redacted file: only the links between events
    broken_item: str | None = None
    reason_ko: str | None = None
    reason_en: str | None = None
