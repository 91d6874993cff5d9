"""What the attachment commands return: an attachment's record, and a check of its file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True, kw_only=True)
class AttachmentView:
    id: int
    case: str
    title: str
    kind: str
    filename: str
    sha256: str
    size: int
    media_type: str
    party_id: int | None
    added_by: str
    added_at: datetime
    # its file deleted with the case's personal data (`privacy destroy`)
    destroyed_at: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AttachmentCheck:
    """Whether an attachment's stored file is there with the recorded hash."""

    id: int
    case: str
    filename: str
    ok: bool
    problem: str | None = None  # "missing" or "changed"; "destroyed" (ok: on record)


def attachment_view(row: Any, number: str) -> AttachmentView:
    return AttachmentView(id=row.id, case=number, title=row.title, kind=row.kind,
                          filename=row.filename, sha256=row.sha256, size=row.size,
                          media_type=row.media_type, party_id=row.party_id,
                          added_by=row.added_by, added_at=row.added_at,
                          destroyed_at=getattr(row, "destroyed_at", None))
