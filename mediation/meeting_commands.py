"""Use cases over a case's meetings: scheduling (with the legal notice period and the
notices to every party), changing the time or place, cancelling, recording attendance and
minutes (with the workflow's absence rule), listing and showing.

A meeting is summoned at least 7 days ahead (환경분쟁 조정법 제49조 제2항) and a public
hearing announced at least 14 days ahead (행정절차법 제38조), 7 when it is rescheduled (제38조
단서); a shorter notice needs a recorded reason. Meetings are closed unless every party
agreed to open them (공공기관의 갈등 예방과 해결에 관한 규정 제22조).

Notices are written and registered inside the meeting's own write and e-mailed after it
commits (``meeting_notices``); a change or a cancellation is noticed to the parties when the
meeting was.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Row
from sqlalchemy.engine import Connection

from . import meeting_store as store
from . import repository as repo
from . import validate
from .base import CaseRow
from .clock import SEOUL
from .engine import Actor
from .errors import BadInput, NotFound, Refused
from .meeting_absence import AbsenceRules
from .meeting_minutes import Minutes
from .meeting_notices import MeetingNotices
from .meeting_views import (
    AttendanceLine,
    MeetingDetail,
    MeetingResult,
    MeetingView,
    NoticeReport,
    meeting_view,
)

__all__ = ["KINDS", "Attendance", "MeetingCommands", "MeetingFields", "MeetingView"]

KINDS = ("joint", "separate", "hearing")
NOTICE = {"joint": timedelta(days=7), "separate": timedelta(days=7),
          "hearing": timedelta(days=14)}
RENOTICE = {"joint": timedelta(days=7), "separate": timedelta(days=7),
            "hearing": timedelta(days=7)}  # 행정절차법 제38조 단서: a rescheduled hearing, 7 days


@dataclass(frozen=True, slots=True, kw_only=True)
class MeetingFields:
    kind: str
    starts_at: datetime
    place: str
    agenda: str | None = None
    public: bool = False
    force_reason: str | None = None  # accept a notice shorter than the legal period
    notify: bool = True  # write a notice to every party and e-mail it


@dataclass(frozen=True, slots=True, kw_only=True)
class MeetingChange:
    starts_at: datetime
    place: str | None = None  # None keeps the place
    force_reason: str | None = None
    notify: bool | None = None  # None: notify when the meeting's parties were notified


@dataclass(frozen=True, slots=True, kw_only=True)
class Attendance:
    attended: tuple[int, ...] = ()
    absent: tuple[int, ...] = ()
    excused: tuple[int, ...] = ()


class MeetingCommands(MeetingNotices, AbsenceRules):
    def schedule_meeting(self, actor: Actor, number: str, fields: MeetingFields) -> MeetingResult:
        now = self.now()
        values = self._clean_meeting(fields, now)
        if fields.notify:
            self.check_notices_ready()

        def work(conn: Connection, written: list[Path]) -> tuple[MeetingView, list[str] | None]:
            case = self._meeting_case(conn, actor, number)
            if values["public"]:
                self._check_open_consent(conn, case)
            meeting_id = store.insert_meeting(conn, {
                **values, "case_id": case.id, "status": "scheduled", "attended": [],
                "absent": [], "excused": [], "sequence": 0, "notices": [],
                "created_at": now, "updated_at": now})
            self.append(conn, case, actor.username, "meeting_scheduled", now,
                        note=values["forced_reason"],
                        details={"meeting_id": meeting_id, "kind": values["kind"],
                                 "starts_at": values["starts_at"].isoformat(),
                                 "place": values["place"], "public": values["public"],
                                 "forced": values["forced_reason"] is not None})
            docs = (self.write_notices(conn, number, meeting_id, actor, now, written)
                    if fields.notify else None)
            return self._view(conn, case, meeting_id), docs

        view, docs = self.meeting_write(number, work)
        return MeetingResult(meeting=view, notices=self._sent(actor, number, docs))

    def reschedule_meeting(self, actor: Actor, number: str, meeting_id: int,
                           change: MeetingChange) -> MeetingResult:
        now = self.now()
        place = None if change.place is None else validate.text(change.place, "place",
                                                                max_len=300)

        def work(conn: Connection, written: list[Path]) -> tuple[MeetingView, list[str] | None]:
            case = self._meeting_case(conn, actor, number)
            row = self._scheduled(conn, case, meeting_id)
            reason = _check_notice(row.kind, change.starts_at, now, change.force_reason,
                                   RENOTICE)
            where = place or row.place
            if (change.starts_at, where) == (row.starts_at, row.place):
                raise BadInput(field="at", reason="the meeting already takes place then and there")
            notify = self._noticed(row, change.notify)
            store.set_meeting(conn, meeting_id, {
                "starts_at": change.starts_at, "place": where, "sequence": row.sequence + 1,
                "forced_reason": reason, "updated_at": now})
            self.append(conn, case, actor.username, "meeting_rescheduled", now, note=reason,
                        details={"meeting_id": meeting_id,
                                 "from": row.starts_at.astimezone(SEOUL).isoformat(),
                                 "to": change.starts_at.astimezone(SEOUL).isoformat(),
                                 "place_from": row.place, "place_to": where,
                                 "sequence": row.sequence + 1, "forced": reason is not None})
            docs = (self.write_notices(conn, number, meeting_id, actor, now, written,
                                       previous=(row.starts_at, row.place)) if notify else None)
            return self._view(conn, case, meeting_id), docs

        view, docs = self.meeting_write(number, work)
        return MeetingResult(meeting=view, notices=self._sent(actor, number, docs))

    def cancel_meeting(self, actor: Actor, number: str, meeting_id: int, reason: str,
                       notify: bool | None = None) -> MeetingResult:
        clean = validate.text(reason, "reason", max_len=2000, multiline=True)
        now = self.now()

        def work(conn: Connection, written: list[Path]) -> tuple[MeetingView, list[str] | None]:
            case = self._meeting_case(conn, actor, number)
            row = self._scheduled(conn, case, meeting_id)
            notified = self._noticed(row, notify)
            store.set_meeting(conn, meeting_id, {"status": "cancelled", "cancel_reason": clean,
                                                 "sequence": row.sequence + 1, "updated_at": now})
            self.append(conn, case, actor.username, "meeting_cancelled", now, note=clean,
                        details={"meeting_id": meeting_id, "sequence": row.sequence + 1})
            docs = (self.write_notices(conn, number, meeting_id, actor, now, written,
                                       reason=clean) if notified else None)
            return self._view(conn, case, meeting_id), docs

        view, docs = self.meeting_write(number, work)
        return MeetingResult(meeting=view, notices=self._sent(actor, number, docs))

    def record_meeting(self, actor: Actor, number: str, meeting_id: int,
                       attendance: Attendance, minutes: Minutes | None = None) -> MeetingResult:
        now = self.now()
        with self.db.write() as conn:
            case = self._meeting_case(conn, actor, number)
            row = self._scheduled(conn, case, meeting_id)
            if row.starts_at > now:
                raise Refused(reason_ko=f"회의 {meeting_id}은(는) 아직 열리지 않았습니다.",
                              reason_en=f"Meeting {meeting_id} has not taken place yet.")
            self._check_attendance(conn, case, attendance)
            lists = {"attended": list(attendance.attended), "absent": list(attendance.absent),
                     "excused": list(attendance.excused)}
            text = {"minutes": minutes.text, "minutes_sha256": minutes.sha256} if minutes else {}
            store.set_meeting(conn, meeting_id, {**lists, **text, "status": "held",
                                                 "updated_at": now})
            self.append(conn, case, actor.username, "meeting_held", now,
                        details={"meeting_id": meeting_id, **lists,
                                 "minutes_sha256": minutes.sha256 if minutes else None})
            absences = self.apply_absence_rule(conn, number, meeting_id, attendance.absent, now)
            view = self._view(conn, case, meeting_id)
        return MeetingResult(meeting=view, absences=absences)

    # reading ---------------------------------------------------------------------------

    def list_meetings(self, number: str) -> tuple[MeetingView, ...]:
        with self.db.read() as conn:
            case = self.load_case(conn, number)
            return tuple(meeting_view(r) for r in store.meetings_of(conn, case.id))

    def show_meeting(self, number: str, meeting_id: int) -> MeetingDetail:
        with self.db.read() as conn:
            case = self.load_case(conn, number)
            row = store.meeting(conn, case.id, meeting_id)
            if row is None:
                raise NotFound(kind="meeting", key=f"{number}/{meeting_id}")
            parties = {p.id: p for p in repo.parties_of(conn, case.id)}
        lines = tuple(AttendanceLine(party_id=pid, name=parties[pid].name,
                                     role=parties[pid].role, status=status)
                      for status in ("attended", "absent", "excused")
                      for pid in getattr(row, status) if pid in parties)
        return MeetingDetail(meeting=meeting_view(row), attendance=lines, minutes=row.minutes)

    # helpers ---------------------------------------------------------------------------

    def _noticed(self, row: Row[Any], asked: bool | None) -> bool:
        """Whether a change or cancellation is noticed: as asked, else when the meeting's
        parties were notified of it (checked ready before anything is written)."""
        notify = bool(row.notices) if asked is None else asked
        if notify:
            self.check_notices_ready()
        return notify

    def _sent(self, actor: Actor, number: str, docs: list[str] | None) -> NoticeReport | None:
        """After the commit: the notices e-mailed (``None`` when none were written)."""
        return None if docs is None else self.send_notices(actor, number, docs)

    @staticmethod
    def _clean_meeting(fields: MeetingFields, now: datetime) -> dict[str, Any]:
        if fields.kind not in KINDS:
            raise BadInput(field="kind", reason=f"must be one of {', '.join(KINDS)}")
        reason = _check_notice(fields.kind, fields.starts_at, now, fields.force_reason, NOTICE)
        return {"kind": fields.kind, "starts_at": fields.starts_at,
                "place": validate.text(fields.place, "place", max_len=300),
                "agenda": validate.optional_text(fields.agenda, "agenda", max_len=2000,
                                                 multiline=True),
                "public": fields.public, "forced_reason": reason}

    def _meeting_case(self, conn: Connection, actor: Actor, number: str) -> Row[Any]:
        case = self.load_case(conn, number)
        self.authorize(actor, case, "회의를 관리할", "manage meetings")
        self.require_open(case)
        return case

    @staticmethod
    def _check_open_consent(conn: Connection, case: CaseRow) -> None:
        """Decree art. 22: a meeting is open to the public only if every party agreed."""
        parties = repo.parties_of(conn, case.id)
        missing = [p for p in parties if p.open_consent_at is None]
        if parties and not missing:
            return
        names = ", ".join(f"#{p.id} {p.name}" for p in missing)
        who_ko, who_en = ((f"동의하지 않은 당사자: {names}. `mediation party open-consent "
                           f"{case.number} 당사자ID`로 동의를 기록하세요.",
                           f"Parties who have not agreed: {names}. Record consent with "
                           f"`mediation party open-consent {case.number} PARTY_ID`.")
                          if missing else ("사건에 당사자가 없습니다.", "The case has no parties."))
        raise Refused(
            reason_ko="공개 회의는 모든 당사자가 공개에 동의해야 열 수 있습니다(「공공기관의 갈등 "
                      f"예방과 해결에 관한 규정」 제22조). {who_ko}",
            reason_en="A meeting is open to the public only if every party agreed (Regulation "
                      "on the Prevention and Resolution of Conflicts of Public Institutions, "
                      f"art. 22). {who_en}")

    @staticmethod
    def _scheduled(conn: Connection, case: CaseRow, meeting_id: int) -> Row[Any]:
        row = store.meeting(conn, case.id, meeting_id)
        if row is None:
            raise NotFound(kind="meeting", key=f"{case.number}/{meeting_id}")
        if row.status != "scheduled":
            raise Refused(reason_ko=f"회의 {meeting_id}은(는) 이미 {row.status} 상태입니다.",
                          reason_en=f"Meeting {meeting_id} is already {row.status}.")
        return row

    @staticmethod
    def _check_attendance(conn: Connection, case: CaseRow, attendance: Attendance) -> None:
        given = [*attendance.attended, *attendance.absent, *attendance.excused]
        if not given:
            raise BadInput(field="attendance", reason="name at least one party")
        if len(set(given)) != len(given):
            raise BadInput(field="attendance", reason="a party is listed more than once")
        known = {p.id for p in repo.parties_of(conn, case.id)}
        for party_id in given:
            if party_id not in known:
                raise NotFound(kind="party", key=f"{case.number}/{party_id}")

    @staticmethod
    def _view(conn: Connection, case: CaseRow, meeting_id: int) -> MeetingView:
        row = store.meeting(conn, case.id, meeting_id)
        assert row is not None
        return meeting_view(row)


def _check_notice(kind: str, starts_at: datetime, now: datetime, force_reason: str | None,
                  periods: dict[str, timedelta]) -> str | None:
    """The recorded reason for a short notice, or ``None``; refuses a time in the past or a
    short notice without a reason."""
    if starts_at.tzinfo is None:
        raise BadInput(field="at", reason="give a time with its offset")
    if starts_at <= now:
        raise BadInput(field="at", reason=f"{starts_at.isoformat()} is in the past")
    reason = validate.optional_text(force_reason, "reason", max_len=2000)
    notice = periods[kind]
    if starts_at - now < notice and reason is None:
        raise Refused(reason_ko=f"회의는 {notice.days}일 전까지 통지해야 합니다. 그보다 늦게 "
                                "열려면 --force --reason 으로 사유를 남기세요.",
                      reason_en=f"A {kind} meeting needs {notice.days} days' notice; "
                                "use --force --reason to record why it is shorter.")
    return reason
