"""Use cases that change a running deadline: stopping and restarting a case's clock,
extensions under 민원 시행령 제21조, and recording a deadline as met. Each change is kept on
the deadline (its adjustments, replayed by ``deadlines.replay``), moves its reminders, and
is recorded as an event on the case — in one transaction.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Row
from sqlalchemy.engine import Connection

from mediation.casework import CaseWork
from mediation.core.calendar import WorkCalendar
from mediation.core.errors import BadInput, Refused
from mediation.deadlines.commands import DeadlineCommands, DeadlineNotFound, hours_of
from mediation.storage import deadlines as store
from mediation.storage import outbox
from mediation.views.deadlines import DeadlineView, PauseView
from mediation.workflow.definitions import PeriodDef
from mediation.workflow.engine import Actor
from mediation.workflow.timeline import Adjustment, Schedule, Timeline, add_after, extension_limit, replay

ExtensionNotice = Callable[[Connection, str, Actor, datetime, str, datetime, list[Path]],
                          list[str]]
"""Writes the extension notice to every party inside the extension's write (connection, case
number, actor, time, reason, new due time, the list collecting the files written); the
document numbers. ``mediation.app`` gives it, from the documents feature."""


class AdjustCommands(CaseWork):
    def __init__(self, *args: Any, deadlines: DeadlineCommands,
                 notice: ExtensionNotice | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.deadlines = deadlines
        self.notice = notice

    # stop the clock --------------------------------------------------------------------

    def pause_case(self, actor: Actor, number: str, reason: str) -> PauseView:
        now = self.now()
        with self.db.read() as conn:
            case = self.load_case(conn, number)
        self.authorize(actor, case, "기한을 정지할", "pause deadlines")
        self.require_open(case)
        with self.db.write() as conn:
            if store.current_pause(conn, case.id) is not None:
                raise Refused(reason_ko=f"사건 {number}의 기한은 이미 정지되어 있습니다.",
                              reason_en=f"The deadlines of case {number} are already paused.")
            store.insert_pause(conn, {"case_id": case.id, "paused_at": now,
                                      "paused_by": actor.username, "reason": reason})
            cal = self.deadlines.calendar(conn)
            frozen = {}
            for row in store.live_deadlines(conn, case.id):
                if row.status != "open" or row.kind == "commitment":  # the agreement's date holds
                    continue
                adj = Adjustment(kind="pause", at=now, actor=actor.username, reason=reason)
                timeline = self._adjust(conn, cal, row, adj, now)
                frozen[row.id] = hours_of(timeline.left)
            self.append(conn, case, actor.recorded, "paused", now, note=reason,
                        details={"deadlines": {str(k): v for k, v in frozen.items()}})
        return self._pause_view(actor, number, True, now, reason)

    def resume_case(self, actor: Actor, number: str, note: str | None = None) -> PauseView:
        now = self.now()
        with self.db.read() as conn:
            case = self.load_case(conn, number)
        self.authorize(actor, case, "기한을 재개할", "resume deadlines")
        self.require_open(case)
        with self.db.write() as conn:
            pause = store.current_pause(conn, case.id)
            if pause is None:
                raise Refused(reason_ko=f"사건 {number}의 기한은 정지되어 있지 않습니다.",
                              reason_en=f"The deadlines of case {number} are not paused.")
            store.end_pause(conn, pause.id, now, actor.username)
            cal = self.deadlines.calendar(conn)
            moved = {}
            for row in store.live_deadlines(conn, case.id):
                if row.status != "paused" or row.kind == "commitment":
                    continue
                adj = Adjustment(kind="resume", at=now, actor=actor.username, reason=note or "")
                timeline = self._adjust(conn, cal, row, adj, now)
                moved[str(row.id)] = timeline.due.isoformat() if timeline.due else None
            self.append(conn, case, actor.recorded, "resumed", now, note=note,
                        details={"paused_at": pause.paused_at.isoformat(), "deadlines": moved})
        return self._pause_view(actor, number, False, now, note or "")

    def _adjust(self, conn: Connection, cal: WorkCalendar, row: Row[Any], adj: Adjustment,
                now: datetime) -> Timeline:
        """Append ``adj`` to the deadline, recompute it, store it, move its reminders."""
        entry = adj.to_json()
        adjustments = [*row.adjustments, entry]
        schedule = Schedule.from_json(row.schedule)
        timeline = replay(cal, row.start_at, schedule.period,
                          [Adjustment.from_json(a) for a in adjustments])
        if adj.kind == "pause":
            entry["left_hours"] = hours_of(timeline.left)
        values: dict[str, Any] = {
            "adjustments": adjustments, "due_at": timeline.due,
            "status": "paused" if timeline.due is None else "open",
            "original_due_at": timeline.original_due, "extensions": timeline.extensions}
        if adj.kind == "extend":
            values["generation"] = row.generation + 1
        store.update_deadline(conn, row.id, values)
        if adj.kind == "extend" and timeline.due is not None:
            outbox.cancel_pending(conn, [row.id])
            self.deadlines._add_reminders(conn, row.case_id, row.id, row.generation + 1, schedule, cal,
                                now, timeline.due, now)
        else:
            self.deadlines.replan(conn, row, cal, timeline, now)
        return timeline

    def _pause_view(self, actor: Actor, number: str, paused: bool, at: datetime,
                    reason: str) -> PauseView:
        return PauseView(number=number, paused=paused, at=at, reason=reason,
                         deadlines=tuple(self.deadlines.list_deadlines(actor, number)))

    # extensions and completion ---------------------------------------------------------

    def extend_deadline(self, actor: Actor, number: str, deadline_id: int, *,
                        until: date | None = None, by: PeriodDef | None = None, reason: str,
                        with_consent: bool = False) -> DeadlineView:
        if (until is None) == (by is None):
            raise BadInput(field="extend", reason_ko="--until 날짜와 --by 기간 중 하나만 주세요",
                                           reason_en="give exactly one of --until DATE or --by DURATION")
        now = self.now()
        with self.db.read() as conn:
            case = self.load_case(conn, number)
        self.authorize(actor, case, "기한을 연장할", "extend deadlines")
        self.require_open(case)
        written: list[Path] = []
        try:
            notices = self._extend(actor, case, deadline_id, until, by, reason, with_consent,
                                   now, written)
        except BaseException:
            for path in written:  # the notices of an extension that did not commit
                path.unlink(missing_ok=True)
            raise
        view = self.deadlines.list_deadlines(actor, number, deadline_id=deadline_id)[0]
        return dataclasses.replace(view, notices=tuple(notices))

    def _extend(self, actor: Actor, case: Row[Any], deadline_id: int, until: date | None,
                by: PeriodDef | None, reason: str, with_consent: bool, now: datetime,
                written: list[Path]) -> list[str]:
        """The extension, its event and, when the parties wait on the deadline, its notice
        to each of them: one write."""
        with self.db.write() as conn:
            row = self._live_row(conn, case, deadline_id)
            _not_commitment(row)
            if row.status != "open":
                raise Refused(reason_ko="정지된 기한은 연장할 수 없습니다. 먼저 재개하세요 (case resume).",
                              reason_en="A paused deadline cannot be extended; resume it first "
                                        "(case resume).")
            cal = self.deadlines.calendar(conn)
            current = self.deadlines.timeline(cal, row)
            assert current.due is not None
            new_due = self._new_due(cal, current.due, until, by)
            self._check_extension(cal, row, current, new_due, now, with_consent)
            adj = Adjustment(kind="extend", at=now, actor=actor.username, reason=reason,
                             until=new_due, consent=with_consent)
            self._adjust(conn, cal, row, adj, now)
            self.append(conn, case, actor.recorded, "deadline_extended", now, note=reason,
                        details={"deadline": row.id, "rule": row.rule,
                                 "original_due": current.original_due.isoformat(),
                                 "previous_due": current.due.isoformat(),
                                 "new_due": new_due.isoformat(), "consent": with_consent,
                                 "extension": row.extensions + 1})
            rule = self.workflow(case.workflow).deadline(row.rule)
            if self.notice is None or rule is None or not rule.extension_notice:
                return []
            return self.notice(conn, case.number, actor, now, reason, new_due, written)

    @staticmethod
    def _new_due(cal: WorkCalendar, due: datetime, until: date | None,
                 by: PeriodDef | None) -> datetime:
        if by is not None:
            return add_after(cal, due, by)
        assert until is not None
        off = cal.day_off(until)
        if off is not None:
            raise BadInput(field="until", reason_ko=f"근무일이 아닙니다: {until.isoformat()} "
                                                    f"({off.label('ko')})",
                                          reason_en=f"{until.isoformat()} is not a working day "
                                                    f"({off.label('en')}: {off.name})")
        return cal.end_of_day(until)

    @staticmethod
    def _check_extension(cal: WorkCalendar, row: Row[Any], current: Timeline, new_due: datetime,
                         now: datetime, with_consent: bool) -> None:
        """민원 시행령 제21조: once within the original period, then only with consent."""
        assert current.due is not None
        if new_due <= current.due:
            raise BadInput(field="until", reason_ko=f"새 기한({new_due.isoformat()})이 지금 "
                                                    f"기한({current.due.isoformat()})보다 늦어야 합니다",
                                          reason_en=f"the new due time {new_due.isoformat()} is not "
                                                    f"after the current one {current.due.isoformat()}")
        if row.extensions >= 1:
            if not with_consent:
                raise Refused(reason_ko="두 번째 연장부터는 신청인의 동의가 필요합니다 (--with-consent). "
                                        "민원 처리에 관한 법률 시행령 제21조",
                              reason_en="A second extension needs the applicant's consent "
                                        "(--with-consent); 민원 시행령 art. 21.")
            return
        if now > current.due:
            raise Refused(reason_ko="첫 연장은 원래 처리기간 안에 해야 합니다; 기한이 이미 지났습니다.",
                          reason_en="The first extension must be made within the original "
                                    "period; the due time has passed.")
        limit = extension_limit(cal, current.due, Schedule.from_json(row.schedule).period)
        if new_due > limit:
            raise Refused(reason_ko=f"첫 연장은 원래 처리기간의 범위 안에서만 가능합니다 "
                                    f"(최대 {limit.isoformat()}). 민원 시행령 제21조",
                          reason_en=f"A first extension may add at most the original period "
                                    f"(until {limit.isoformat()}); 민원 시행령 art. 21.")

    def complete_deadline(self, actor: Actor, number: str, deadline_id: int,
                          note: str | None = None) -> DeadlineView:
        """Mark a deadline met (the step was done without leaving the state, e.g. a progress
        letter sent); a repeating rule's next occurrence starts from this one's due time."""
        now = self.now()
        with self.db.read() as conn:
            case = self.load_case(conn, number)
        self.authorize(actor, case, "기한 이행을 기록할", "complete deadlines")
        self.require_open(case)
        with self.db.write() as conn:
            row = self._live_row(conn, case, deadline_id)
            _not_commitment(row)
            store.close_deadlines(conn, [row.id], "met", now, actor.username)
            outbox.cancel_pending(conn, [row.id])
            if row.kind == "repeat":
                self.deadlines.next_occurrence(conn, row, now)
            self.append(conn, case, actor.recorded, "deadline_met", now, note=note,
                        details={"deadline": row.id, "rule": row.rule,
                                 "due": row.due_at.isoformat() if row.due_at else None})
        return self.deadlines.list_deadlines(actor, number, deadline_id=deadline_id)[0]

    def _live_row(self, conn: Connection, case: Any, deadline_id: int) -> Row[Any]:
        row = store.deadline_of_case(conn, case.id, deadline_id)
        if row is None:
            raise DeadlineNotFound(number=case.number, deadline_id=deadline_id)
        if row.status not in store.LIVE:
            raise Refused(reason_ko=f"기한 #{deadline_id}은(는) 이미 종료되었습니다 ({row.status}).",
                          reason_en=f"Deadline #{deadline_id} is already closed ({row.status}).")
        return row


def _not_commitment(row: Row[Any]) -> None:
    """A commitment's deadline follows its agreement item: the item is settled with the
    commitment commands, and its due date is part of the signed agreement."""
    if row.kind == "commitment":
        raise Refused(reason_ko=f"기한 #{row.id}은(는) 합의 이행 항목 {row.item_id}의 기한입니다. "
                                "이행 여부는 commitment done/waive/breach 로 기록하고, 기한을 "
                                "바꾸려면 조정을 재개해 합의서를 고치세요(reopen).",
                      reason_en=f"Deadline #{row.id} is the due date of commitment {row.item_id}: "
                                "record it with commitment done/waive/breach; to change the date, "
                                "reopen mediation and amend the agreement.")
