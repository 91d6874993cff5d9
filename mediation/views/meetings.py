"""Frozen records of a case's meetings that the CLI prints: the meeting, what became of its
notices (written, e-mailed, to post, not sent), a warning about its time, what the absence
rule did, and the meeting in full with the names of who attended and its minutes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Row

from mediation.views.documents import Postal, Sent


@dataclass(frozen=True, slots=True, kw_only=True)
class HearingCtx:
    """What a public-hearing notice adds (행정절차법 제38조): the speakers, how and by when
    to apply to speak, and how to comment online. Empty values get the templates' default
    wording (apply to the officer by the day before; comments to the officer's e-mail)."""

    speakers: tuple[str, ...] = ()
    apply_by: date | None = None
    apply_how: str = ""
    comments: str = ""


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
    # the case is closed: a meeting still ``scheduled`` will not be held (cancel it)
    case_closed: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class CaseMeeting:
    """A meeting with the case it belongs to (the dashboard's meetings of the week)."""

    number: str
    case_title: str
    meeting: MeetingView


def meeting_view(row: Row[Any], case_closed: bool = False) -> MeetingView:
    """A meeting row as shown (a public hearing is public, also if recorded otherwise)."""
    return MeetingView(id=row.id, kind=row.kind, starts_at=row.starts_at, place=row.place,
                       agenda=row.agenda, public=row.public or row.kind == "hearing",
                       status=row.status,
                       forced_reason=row.forced_reason, attended=tuple(row.attended),
                       absent=tuple(row.absent), excused=tuple(row.excused),
                       cancel_reason=row.cancel_reason, sequence=row.sequence,
                       notices=tuple(row.notices or ()), minutes_sha256=row.minutes_sha256,
                       case_closed=case_closed)


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
    basis_en: str = ""  # the rule's basis in English, when the workflow gives it
    trigger: str | None = None
    state: str | None = None
    state_ko: str | None = None  # the state's title
    state_en: str | None = None
    scheduled: tuple[int, ...] = ()  # meetings of the closed case still scheduled


@dataclass(frozen=True, slots=True, kw_only=True)
class TimeWarning:
    """A meeting set on a day off of the office calendar (``day_off``, ``name`` says which)
    or outside office hours (``outside_hours``): allowed, but worth a second look."""

    code: str
    ko: str
    en: str


@dataclass(frozen=True, slots=True, kw_only=True)
class MeetingResult:
    meeting: MeetingView
    notice_report: NoticeReport | None = None  # None: no notices were written (--no-notice)
    absences: tuple[AbsenceOutcome, ...] = ()
    warning: TimeWarning | None = None
    # a corrected record no longer bears the deemed withdrawal that closed the case
    withdrawal_unsupported: bool = False


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
    hearing: HearingCtx | None = None  # a public hearing's speakers and how to take part
