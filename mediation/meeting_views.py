"""Frozen records of a case's meetings that the CLI prints: the meeting, what became of its
notices (written, e-mailed, to post, not sent), what the absence rule did, and the meeting in
full with the names of who attended and its minutes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row

from .docsend import Postal, Sent


@dataclass(frozen=True, slots=True, kw_only=True)
class MeetingView:
    id: int
    kind: str
    starts_at: datetime
    place: str
    agenda: str | None
    public: bool
    status: str  # scheduled, held or cancelled
    forced_reason: str | None
    attended: tuple[int, ...]
    absent: tuple[int, ...]
    excused: tuple[int, ...]
    cancel_reason: str | None
    sequence: int = 0  # the calendar SEQUENCE: bumped by each change and by cancelling
    notices: tuple[str, ...] = ()  # numbers of the notices written (schedule, change, cancel)
    minutes_sha256: str | None = None


def meeting_view(row: Row[Any]) -> MeetingView:
    return MeetingView(id=row.id, kind=row.kind, starts_at=row.starts_at, place=row.place,
                       agenda=row.agenda, public=row.public, status=row.status,
                       forced_reason=row.forced_reason, attended=tuple(row.attended),
                       absent=tuple(row.absent), excused=tuple(row.excused),
                       cancel_reason=row.cancel_reason, sequence=row.sequence,
                       notices=tuple(row.notices or ()), minutes_sha256=row.minutes_sha256)


@dataclass(frozen=True, slots=True, kw_only=True)
class NoticeReport:
    """The notices of one schedule, change or cancellation. ``unsent`` are the documents
    whose e-mail failed (``error_ko``/``error_en`` say why); they are registered all the same
    and can be sent again with ``mediation letter send``."""

    documents: tuple[str, ...] = ()
    sent: tuple[Sent, ...] = ()
    postal: tuple[Postal, ...] = ()
    unsent: tuple[str, ...] = ()
    error_ko: str | None = None
    error_en: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AbsenceOutcome:
    """An applicant reached the workflow's limit of unexcused absences, and what followed:
    e-mails queued to the mediator and supervisor (``notify``), or the case closed by the
    system (``withdraw``, ``state`` the state it moved to)."""

    party_id: int
    party_name: str
    absences: int
    limit: int
    meetings: tuple[int, ...]
    action: str
    basis: str
    queued: tuple[str, ...] = ()
    trigger: str | None = None
    state: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class MeetingResult:
    meeting: MeetingView
    notices: NoticeReport | None = None  # None: no notices were written (--no-notice)
    absences: tuple[AbsenceOutcome, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class AttendanceLine:
    party_id: int
    name: str
    role: str
    status: str  # attended, absent, excused


@dataclass(frozen=True, slots=True, kw_only=True)
class MeetingDetail:
    meeting: MeetingView
    attendance: tuple[AttendanceLine, ...]
    minutes: str | None
