"""Use cases over a case's meetings: scheduling (with the legal notice period), listing,
recording attendance and cancelling.

A meeting is summoned at least 7 days ahead (환경분쟁 조정법 제49조 제2항) and a public
hearing announced at least 14 days ahead (행정절차법 제38조); a shorter notice needs a
recorded reason. Meetings are closed unless marked public.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Row
from sqlalchemy.engine import Connection

from . import meeting_store as store
from . import repository as repo
from . import validate
from .base import CaseRow, ServiceBase
from .engine import Actor
from .errors import BadInput, NotFound, Refused

KINDS = ("joint", "separate", "hearing")
NOTICE = {"joint": timedelta(days=7), "separate": timedelta(days=7),
          "hearing": timedelta(days=14)}


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


@dataclass(frozen=True, slots=True, kw_only=True)
class MeetingFields:
    kind: str
    starts_at: datetime
    place: str
    agenda: str | None = None
    public: bool = False
    force_reason: str | None = None  # accept a notice shorter than the legal period


@dataclass(frozen=True, slots=True, kw_only=True)
class Attendance:
    attended: tuple[int, ...] = ()
    absent: tuple[int, ...] = ()
    excused: tuple[int, ...] = ()


def meeting_view(row: Row[Any]) -> MeetingView:
    return MeetingView(id=row.id, kind=row.kind, starts_at=row.starts_at, place=row.place,
                       agenda=row.agenda, public=row.public, status=row.status,
                       forced_reason=row.forced_reason, attended=tuple(row.attended),
                       absent=tuple(row.absent), excused=tuple(row.excused),
                       cancel_reason=row.cancel_reason)


class MeetingCommands(ServiceBase):
    def schedule_meeting(self, actor: Actor, number: str, fields: MeetingFields) -> MeetingView:
        now = self.now()
        values = self._clean_meeting(fields, now)
        with self.db.write() as conn:
            case = self._meeting_case(conn, actor, number)
            meeting_id = store.insert_meeting(conn, {
                **values, "case_id": case.id, "status": "scheduled", "attended": [],
                "absent": [], "excused": [], "created_at": now, "updated_at": now})
            self.append(conn, case, actor.username, "meeting_scheduled", now,
                        note=values["forced_reason"],
                        details={"meeting_id": meeting_id, "kind": values["kind"],
                                 "starts_at": values["starts_at"].isoformat(),
                                 "place": values["place"], "public": values["public"],
                                 "forced": values["forced_reason"] is not None})
            return self._view(conn, case, meeting_id)

    def list_meetings(self, number: str) -> tuple[MeetingView, ...]:
        with self.db.read() as conn:
            case = self.load_case(conn, number)
            return tuple(meeting_view(r) for r in store.meetings_of(conn, case.id))

    def record_meeting(self, actor: Actor, number: str, meeting_id: int,
                       attendance: Attendance) -> MeetingView:
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
            store.set_meeting(conn, meeting_id, {**lists, "status": "held", "updated_at": now})
            self.append(conn, case, actor.username, "meeting_held", now,
                        details={"meeting_id": meeting_id, **lists})
            return self._view(conn, case, meeting_id)

    def cancel_meeting(self, actor: Actor, number: str, meeting_id: int,
                       reason: str) -> MeetingView:
        clean = validate.text(reason, "reason", max_len=2000, multiline=True)
        now = self.now()
        with self.db.write() as conn:
            case = self._meeting_case(conn, actor, number)
            self._scheduled(conn, case, meeting_id)
            store.set_meeting(conn, meeting_id, {"status": "cancelled", "cancel_reason": clean,
                                                 "updated_at": now})
            self.append(conn, case, actor.username, "meeting_cancelled", now, note=clean,
                        details={"meeting_id": meeting_id})
            return self._view(conn, case, meeting_id)

    # helpers ---------------------------------------------------------------------------

    @staticmethod
    def _clean_meeting(fields: MeetingFields, now: datetime) -> dict[str, Any]:
        if fields.kind not in KINDS:
            raise BadInput(field="kind", reason=f"must be one of {', '.join(KINDS)}")
        if fields.starts_at.tzinfo is None:
            raise BadInput(field="at", reason="give a time with its offset")
        if fields.starts_at <= now:
            raise BadInput(field="at", reason=f"{fields.starts_at.isoformat()} is in the past")
        reason = validate.optional_text(fields.force_reason, "reason", max_len=2000)
        notice = NOTICE[fields.kind]
        if fields.starts_at - now < notice and reason is None:
            raise Refused(reason_ko=f"회의는 {notice.days}일 전까지 통지해야 합니다. 그보다 늦게 "
                                    "열려면 --force --reason 으로 사유를 남기세요.",
                          reason_en=f"A {fields.kind} meeting needs {notice.days} days' notice; "
                                    "use --force --reason to record why it is shorter.")
        return {"kind": fields.kind, "starts_at": fields.starts_at,
                "place": validate.text(fields.place, "place", max_len=300),
                "agenda": validate.optional_text(fields.agenda, "agenda", max_len=2000),
                "public": fields.public, "forced_reason": reason}

    def _meeting_case(self, conn: Connection, actor: Actor, number: str) -> Row[Any]:
        case = self.load_case(conn, number)
        self.authorize(actor, case, "회의를 관리할", "manage meetings")
        self.require_open(case)
        return case

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
