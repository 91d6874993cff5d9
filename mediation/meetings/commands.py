"""Use cases over a case's meetings: scheduling (with the legal notice period and the
notices to every party), changing the time or place, cancelling, recording attendance and
minutes (with the workflow's absence rule), listing and showing.

A meeting is summoned at least 7 days ahead (환경분쟁 조정법 제49조 제2항) and a public
hearing announced at least 14 days ahead (행정절차법 제38조); a hearing postponed to a new
date needs 7 (제38조 단서), one moved earlier the full 14. A shorter notice needs a recorded
reason. Council meetings are closed unless every party agreed to open them (공공기관의 갈등
예방과 해결에 관한 규정 제22조); a hearing is public by nature (``meeting_openness``). A time
on a day off or outside office hours is refused before anything is written unless a reason
is recorded (then it goes with a warning); a council meeting or separate visit without
notices has no notice period; both checks live in ``meetings.timing``.

Notices are written and registered inside the meeting's own write and e-mailed after it
commits (``meeting_notices``); a change or a cancellation is noticed to the parties when the
meeting was. A closed case's scheduled meetings can still be cancelled (with their notices);
nothing else changes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Row
from sqlalchemy.engine import Connection

from mediation.casework import CaseRow, CaseWork
from mediation.core import validate, vocabulary
from mediation.core.clock import SEOUL
from mediation.core.errors import BadInput, NotFound, Refused
from mediation.deadlines.commands import DeadlineCommands
from mediation.meetings.absence import AbsenceRules
from mediation.meetings.hearing import (
    as_json,
    check_apply_by,
    clean_hearing,
    details,
    hearing_of,
    merged,
)
from mediation.meetings.minutes import Minutes
from mediation.meetings.notices import MeetingNotices
from mediation.meetings.openness import check_open_consent
from mediation.meetings.timing import check_notice, check_time
from mediation.privacy.access import AccessLog
from mediation.privacy.records import private_ids
from mediation.storage import cases as repo
from mediation.storage import meetings as store
from mediation.storage import scope
from mediation.storage import search as search_store
from mediation.views.meetings import (
    AbsenceOutcome,
    AttendanceLine,
    CaseMeeting,
    HearingCtx,
    MeetingDetail,
    MeetingResult,
    MeetingView,
    NoticeReport,
    TimeWarning,
    meeting_view,
)
from mediation.workflow.engine import Actor

__all__ = ["KINDS", "Attendance", "MeetingCommands", "MeetingFields", "MeetingView"]

KINDS = ("joint", "separate", "hearing")
HEARING = "hearing"
ATTENDANCE = ("attended", "absent", "excused")


@dataclass(frozen=True, slots=True, kw_only=True)
class MeetingFields:
    kind: str
    starts_at: datetime
    place: str
    agenda: str | None = None
    public: bool = False  # a hearing is public whatever this says
    force_reason: str | None = None  # accept a notice shorter than the legal period
    notify: bool = True  # write a notice to every party and e-mail it
    hearing: HearingCtx | None = None  # a hearing's speakers, how to apply, comments


@dataclass(frozen=True, slots=True, kw_only=True)
class MeetingChange:
    starts_at: datetime
    place: str | None = None  # None keeps the place
    force_reason: str | None = None
    notify: bool | None = None  # None: notify when the meeting's parties were notified
    hearing: HearingCtx | None = None  # a hearing's details that change (the rest is kept)


@dataclass(frozen=True, slots=True, kw_only=True)
class Attendance:
    attended: tuple[int, ...] = ()
    absent: tuple[int, ...] = ()
    excused: tuple[int, ...] = ()


# what a schedule, change or cancellation leaves: the meeting, its notices (if written), a
# warning about its time
_Done = tuple[MeetingView, list[str] | None, TimeWarning | None]


def _time_forced(warning: TimeWarning | None) -> dict[str, str]:
    """The event's record of a start forced onto a day off or outside office hours (the
    reason is the event's note)."""
    return {} if warning is None else {"time_forced": warning.code}



def attendance_lists(attendance: Attendance) -> dict[str, list[int]]:
    """The meeting row's (and its event's) lists of party ids, one per ``ATTENDANCE``."""
    return {status: list(getattr(attendance, status)) for status in ATTENDANCE}

class MeetingCommands(CaseWork):
    def __init__(self, *args: Any, notices: MeetingNotices, absence: AbsenceRules,
                 deadlines: DeadlineCommands, access: AccessLog,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.notices = notices
        self.absence = absence
        self.deadlines = deadlines
        self.access = access

    def schedule_meeting(self, actor: Actor, number: str, fields: MeetingFields) -> MeetingResult:
        now = self.now()
        values = self._clean_meeting(fields, now)
        hearing = clean_hearing(fields.hearing, fields.kind)
        check_apply_by(hearing, fields.starts_at, now)
        if fields.notify:
            self.notices.check_notices_ready()

        def work(conn: Connection, written: list[Path]) -> _Done:
            case = self._meeting_case(conn, actor, number)
            warning = self._check_time(conn, fields.starts_at, values["forced_reason"])
            if values["public"] and values["kind"] != HEARING:
                check_open_consent(conn, case)
            meeting_id = store.insert_meeting(conn, {
                **values, "case_id": case.id, "status": "scheduled", "attended": [],
                "absent": [], "excused": [], "sequence": 0, "notices": [],
                "hearing": as_json(hearing), "created_at": now, "updated_at": now})
            self.append(conn, case, actor.recorded, "meeting_scheduled", now,
                        note=values["forced_reason"],
                        details={"meeting_id": meeting_id, "kind": values["kind"],
                                 "starts_at": values["starts_at"].isoformat(),
                                 "place": values["place"], "public": values["public"],
                                 "forced": values["forced_reason"] is not None,
                                 "noticed": fields.notify, **_time_forced(warning),
                                 **details(hearing)})
            docs = (self.notices.write_notices(conn, number, meeting_id, actor, now, written)
                    if fields.notify else None)
            return self._view(conn, case, meeting_id), docs, warning

        view, docs, warning = self.notices.meeting_write(number, work)
        return MeetingResult(meeting=view, notice_report=self._sent(actor, number, docs),
                             warning=warning)

    def reschedule_meeting(self, actor: Actor, number: str, meeting_id: int,
                           change: MeetingChange) -> MeetingResult:
        now = self.now()
        place = None if change.place is None else validate.text(change.place, "place",
                                                                max_len=300)

        def work(conn: Connection, written: list[Path]) -> _Done:
            case = self._meeting_case(conn, actor, number)
            row = self._scheduled(conn, case, meeting_id)
            notify = self._noticed(row, change.notify)
            reason = check_notice(row.kind, change.starts_at, now, change.force_reason,
                                  postponed=change.starts_at > row.starts_at, noticed=notify)
            warning = self._check_time(conn, change.starts_at, reason)
            where = place or row.place
            if (change.starts_at, where) == (row.starts_at, row.place) and change.hearing is None:
                raise BadInput(field="at", reason_ko="회의가 이미 그 시각, 그 장소로 잡혀 있습니다",
                               reason_en="the meeting already takes place then and there")
            if row.public and row.kind != HEARING:
                check_open_consent(conn, case)
            hearing = self._hearing_after(conn, case, row, change, now)
            store.set_meeting(conn, meeting_id, {
                "starts_at": change.starts_at, "place": where, "sequence": row.sequence + 1,
                "forced_reason": reason, "hearing": as_json(hearing), "updated_at": now})
            self.append(conn, case, actor.recorded, "meeting_rescheduled", now, note=reason,
                        details={"meeting_id": meeting_id,
                                 "from": row.starts_at.astimezone(SEOUL).isoformat(),
                                 "to": change.starts_at.astimezone(SEOUL).isoformat(),
                                 "place_from": row.place, "place_to": where,
                                 "sequence": row.sequence + 1, "forced": reason is not None,
                                 "noticed": notify, **_time_forced(warning),
                                 **details(hearing)})
            docs = (self.notices.write_notices(conn, number, meeting_id, actor, now, written,
                                       previous=(row.starts_at, row.place)) if notify else None)
            return self._view(conn, case, meeting_id), docs, warning

        view, docs, warning = self.notices.meeting_write(number, work)
        return MeetingResult(meeting=view, notice_report=self._sent(actor, number, docs),
                             warning=warning)

    def cancel_meeting(self, actor: Actor, number: str, meeting_id: int, reason: str,
                       notify: bool | None = None) -> MeetingResult:
        """Cancel a scheduled meeting, also of a closed case (whose meetings will not be
        held): the parties get notices of cancellation when they were notified of it."""
        clean = validate.text(reason, "reason", max_len=2000, multiline=True)
        now = self.now()

        def work(conn: Connection, written: list[Path]) -> _Done:
            case = self._meeting_case(conn, actor, number, open_only=False)
            row = self._scheduled(conn, case, meeting_id)
            notified = self._noticed(row, notify)
            store.set_meeting(conn, meeting_id, {"status": "cancelled", "cancel_reason": clean,
                                                 "sequence": row.sequence + 1, "updated_at": now})
            self.append(conn, case, actor.recorded, "meeting_cancelled", now, note=clean,
                        details={"meeting_id": meeting_id, "sequence": row.sequence + 1})
            docs = (self.notices.write_notices(conn, number, meeting_id, actor, now, written,
                                       reason=clean) if notified else None)
            return self._view(conn, case, meeting_id), docs, None

        view, docs, _ = self.notices.meeting_write(number, work)
        return MeetingResult(meeting=view, notice_report=self._sent(actor, number, docs))

    def record_meeting(self, actor: Actor, number: str, meeting_id: int,
                       attendance: Attendance, minutes: Minutes | None = None,
                       correction: str | None = None) -> MeetingResult:
        """Record attendance (and minutes) of a meeting that took place; with
        ``correction`` (the reason), replace the record of a meeting already recorded."""
        if correction is not None:
            return self._correct_record(actor, number, meeting_id, attendance, minutes,
                                        correction)
        now = self.now()

        def work(conn: Connection, written: list[Path]) -> MeetingResult:
            case = self._meeting_case(conn, actor, number, open_only=False)
            row = store.meeting(conn, case.id, meeting_id)
            if row is not None and row.status == "held":
                raise Refused(reason_ko=f"회의 {meeting_id}의 기록은 이미 있습니다. 고치려면 "
                                        "--correct --reason 사유 를 붙이세요.",
                              reason_en=f"Meeting {meeting_id} is recorded already; to correct "
                                        "the record add --correct --reason TEXT.")
            self.require_open(case)
            row = self._scheduled(conn, case, meeting_id)
            if row.starts_at > now:
                raise Refused(reason_ko=f"회의 {meeting_id}은(는) 아직 열리지 않았습니다.",
                              reason_en=f"Meeting {meeting_id} has not taken place yet.")
            self._check_attendance(conn, case, attendance)
            lists = attendance_lists(attendance)
            text = {"minutes": minutes.text, "minutes_sha256": minutes.sha256} if minutes else {}
            store.set_meeting(conn, meeting_id, {**lists, **text, "status": "held",
                                                 "updated_at": now})
            if minutes:
                search_store.put(conn, case.id, "minutes", meeting_id, minutes.text)
            self.append(conn, case, actor.recorded, "meeting_held", now,
                        details={"meeting_id": meeting_id, **lists,
                                 "minutes_sha256": minutes.sha256 if minutes else None})
            absences = self.absence.apply_absence_rule(conn, number, meeting_id, attendance.absent, now,
                                               written)
            after = self.load_case(conn, number)  # closed if the rule withdrew it
            return MeetingResult(meeting=self._view(conn, after, meeting_id), absences=absences)

        return self.notices.meeting_write(number, work)

    def _correct_record(self, actor: Actor, number: str, meeting_id: int,
                        attendance: Attendance, minutes: Minutes | None,
                        reason: str) -> MeetingResult:
        """A new record replaces the old one (both in the history, as a
        ``meeting_record_corrected`` event); the absence rule is evaluated again on it while
        the case is open. A case the rule closed stays closed: if the corrected record no
        longer bears the deemed withdrawal, the result says so and a supervisor reopens it."""
        now = self.now()

        def work(conn: Connection, written: list[Path]) -> MeetingResult:
            case = self._meeting_case(conn, actor, number, open_only=False)
            row = store.meeting(conn, case.id, meeting_id)
            if row is None:
                raise NotFound(kind="meeting", key=f"{number}/{meeting_id}")
            if row.status != "held":
                raise Refused(reason_ko=f"회의 {meeting_id}은(는) 아직 기록되지 않았습니다: "
                                        "--correct 없이 기록하세요.",
                              reason_en=f"Meeting {meeting_id} is not recorded yet: record it "
                                        "without --correct.")
            self._check_attendance(conn, case, attendance)
            before = {k: list(getattr(row, k)) for k in ("attended", "absent", "excused")}
            lists = attendance_lists(attendance)
            if lists == before and minutes is None:
                raise BadInput(field="attendance",
                               reason_ko="기록이 이미 그렇습니다. 고칠 내용이 없습니다",
                               reason_en="the record already says so: nothing to correct")
            text = {"minutes": minutes.text, "minutes_sha256": minutes.sha256} if minutes else {}
            store.set_meeting(conn, meeting_id, {**lists, **text, "updated_at": now})
            if minutes:
                search_store.put(conn, case.id, "minutes", meeting_id, minutes.text)
            self.append(conn, case, actor.recorded, "meeting_record_corrected", now, note=reason,
                        details={"meeting_id": meeting_id, "before": before, "after": lists,
                                 "minutes_sha256": minutes.sha256 if minutes else None})
            absences: tuple[AbsenceOutcome, ...] = ()
            if not case.closed:
                absences = self.absence.apply_absence_rule(conn, number, meeting_id,
                                                            attendance.absent, now, written)
            after = self.load_case(conn, number)
            return MeetingResult(meeting=self._view(conn, after, meeting_id), absences=absences,
                                 withdrawal_unsupported=bool(
                                     case.closed and self.absence.withdrawal_unsupported(
                                         conn, after)))

        return self.notices.meeting_write(number, work)

    # reading ---------------------------------------------------------------------------

    def list_meetings(self, actor: Actor, number: str) -> tuple[MeetingView, ...]:
        with self.db.read() as conn:
            case = self.load_readable(conn, actor, number)
            return tuple(meeting_view(r, bool(case.closed))
                         for r in store.meetings_of(conn, case.id))

    def meetings_between(self, actor: Actor, start: datetime, end: datetime, *,
                         held: bool = False) -> list[CaseMeeting]:
        """The meetings still scheduled (and, with ``held``, those held) from ``start`` to
        before ``end`` in the cases ``actor`` may read."""
        statuses = ("scheduled", "held") if held else ("scheduled",)
        with self.db.read() as conn:
            rows = store.scheduled_between(conn, start, end, scope.readable(actor), statuses)
        return [CaseMeeting(number=r.case_number, case_title=r.case_title,
                            meeting=meeting_view(r, bool(r.case_closed))) for r in rows]

    def show_meeting(self, actor: Actor, number: str, meeting_id: int) -> MeetingDetail:
        with self.db.read() as conn:
            case = self.load_readable(conn, actor, number)
            row = store.meeting(conn, case.id, meeting_id)
            if row is None:
                raise NotFound(kind="meeting", key=f"{number}/{meeting_id}")
            parties = {p.id: p for p in repo.parties_of(conn, case.id)}
            hearing = ((hearing_of(conn, case.id, meeting_id) or HearingCtx())
                       if row.kind == HEARING else None)
        self.access.read(actor, private_ids(parties[pid] for status in ATTENDANCE
                                            for pid in getattr(row, status) if pid in parties),
                         case, "meeting show")
        lines = tuple(AttendanceLine(party_id=pid, name=parties[pid].name,
                                     role=parties[pid].role, status=status)
                      for status in ATTENDANCE
                      for pid in getattr(row, status) if pid in parties)
        return MeetingDetail(meeting=meeting_view(row, bool(case.closed)), attendance=lines,
                             minutes=row.minutes, hearing=hearing)

    # helpers ---------------------------------------------------------------------------

    def _noticed(self, row: Row[Any], asked: bool | None) -> bool:
        """Whether a change or cancellation is noticed: as asked, else when the meeting's
        parties were notified of it (checked ready before anything is written)."""
        notify = bool(row.notices) if asked is None else asked
        if notify:
            self.notices.check_notices_ready()
        return notify

    def _sent(self, actor: Actor, number: str, docs: list[str] | None) -> NoticeReport | None:
        """After the commit: the notices e-mailed (``None`` when none were written)."""
        return None if docs is None else self.notices.send_notices(actor, number, docs)

    def _check_time(self, conn: Connection, starts_at: datetime,
                    reason: str | None) -> TimeWarning | None:
        """Refuse a start on a day off or outside office hours without a recorded reason,
        before anything is written; with one, the warning that goes with the meeting."""
        return check_time(self.deadlines.calendar(conn), starts_at, reason)

    @staticmethod
    def _hearing_after(conn: Connection, case: CaseRow, row: Row[Any], change: MeetingChange,
                       now: datetime) -> HearingCtx | None:
        """A hearing's details after a change (checked against its new time)."""
        given = clean_hearing(change.hearing, row.kind)
        if row.kind != HEARING:
            return None
        hearing = merged(hearing_of(conn, case.id, row.id), given)
        check_apply_by(hearing, change.starts_at, now,
                       given=given is not None and given.apply_by is not None)
        return hearing

    @staticmethod
    def _clean_meeting(fields: MeetingFields, now: datetime) -> dict[str, Any]:
        if fields.kind not in KINDS:
            raise BadInput(field="kind", reason_ko=f"{', '.join(KINDS)} 중 하나여야 합니다",
                                         reason_en=f"must be one of {', '.join(KINDS)}")
        reason = check_notice(fields.kind, fields.starts_at, now, fields.force_reason,
                              noticed=fields.notify)
        return {"kind": fields.kind, "starts_at": fields.starts_at,
                "place": validate.text(fields.place, "place", max_len=300),
                "agenda": validate.optional_text(fields.agenda, "agenda", max_len=2000,
                                                 multiline=True),
                "public": fields.public or fields.kind == HEARING, "forced_reason": reason}

    def _meeting_case(self, conn: Connection, actor: Actor, number: str, *,
                      open_only: bool = True) -> Row[Any]:
        case = self.load_case(conn, number)
        self.authorize(actor, case, "회의를 관리할", "manage meetings")
        if open_only:
            self.require_open(case)
        return case

    @staticmethod
    def _scheduled(conn: Connection, case: CaseRow, meeting_id: int) -> Row[Any]:
        row = store.meeting(conn, case.id, meeting_id)
        if row is None:
            raise NotFound(kind="meeting", key=f"{case.number}/{meeting_id}")
        if row.status != "scheduled":
            shown = vocabulary.MEETING_STATUSES[row.status]
            raise Refused(reason_ko=f"회의 {meeting_id}은(는) 이미 '{shown.ko}' 상태입니다.",
                          reason_en=f"Meeting {meeting_id} is already {shown.en}.")
        return row

    @staticmethod
    def _check_attendance(conn: Connection, case: CaseRow, attendance: Attendance) -> None:
        given = [*attendance.attended, *attendance.absent, *attendance.excused]
        if not given:
            raise BadInput(field="attendance", reason_ko="당사자를 한 명 이상 적으세요",
                           reason_en="name at least one party")
        if len(set(given)) != len(given):
            raise BadInput(field="attendance", reason_ko="같은 당사자가 두 번 이상 적혀 있습니다",
                           reason_en="a party is listed more than once")
        known = {p.id for p in repo.parties_of(conn, case.id)}
        for party_id in given:
            if party_id not in known:
                raise NotFound(kind="party", key=f"{case.number}/{party_id}")

    @staticmethod
    def _view(conn: Connection, case: CaseRow, meeting_id: int) -> MeetingView:
        row = store.meeting(conn, case.id, meeting_id)
        assert row is not None
        return meeting_view(row, bool(case.closed))
