"""Use cases over the office calendar: adding a holiday, declaring a package holiday a
working day, listing the year's days off. Each change recomputes the live deadlines whose run
covers the day, moves their reminders, and records the change on each case concerned — all
in one transaction.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Row
from sqlalchemy.engine import Connection

from mediation.casework import CaseWork
from mediation.core import validate
from mediation.core.calendar import WEEKEND, WorkCalendar, build
from mediation.core.clock import SEOUL
from mediation.core.errors import BadInput, PermissionDenied
from mediation.deadlines.commands import DeadlineCommands
from mediation.storage import deadlines as store
from mediation.views.deadlines import CalendarChange, CalendarDay, RecomputedView
from mediation.workflow.engine import Actor


class CalendarCommands(CaseWork):
    def __init__(self, *args: Any, deadlines: DeadlineCommands, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.deadlines = deadlines

    def _may_edit_calendar(self, actor: Actor) -> None:
        if actor.role not in ("admin", "supervisor"):
            raise PermissionDenied(user=actor.username, role=actor.role,
                                   action_ko="근무 달력을 변경할", action_en="change the office calendar")

    def add_holiday(self, actor: Actor, day: date, name: str) -> CalendarChange:
        self._may_edit_calendar(actor)
        name = validate.text(name, "name", max_len=200)
        with self.db.write() as conn:
            off = self.deadlines.calendar(conn).day_off(day)
            if off is not None:
                raise BadInput(field="date", reason_ko=f"이미 쉬는 날입니다: {day.isoformat()} "
                                                       f"({off.label('ko')})",
                                             reason_en=f"{day.isoformat()} is already a day off "
                                                       f"({off.label('en')}: {off.name})")
            return self._change(conn, actor, day, "add", name)

    def remove_holiday(self, actor: Actor, day: date) -> CalendarChange:
        """Make ``day`` a working day: withdraw an office holiday, or declare one of the
        package's holidays (노동절, say) a working day for this office."""
        self._may_edit_calendar(actor)
        with self.db.write() as conn:
            off = self.deadlines.calendar(conn).day_off(day)
            if off is None:
                raise BadInput(field="date", reason_ko=f"이미 근무일입니다: {day.isoformat()}",
                                             reason_en=f"{day.isoformat()} is already a working day")
            if day.weekday() in WEEKEND:
                raise BadInput(field="date", reason_ko=f"주말은 언제나 쉬는 날입니다: {day.isoformat()} "
                                                       f"({WEEKEND[day.weekday()][0]})",
                                             reason_en=f"{day.isoformat()} is a {day:%A}; "
                                                       "weekends are always days off")
            return self._change(conn, actor, day, "remove", off.name)

    def _change(self, conn: Connection, actor: Actor, day: date, action: str,
                name: str) -> CalendarChange:
        now = self.now()
        before = self.deadlines.calendar(conn)
        store.insert_office_day(conn, {"day": day, "action": action, "name": name,
                                       "actor": actor.username, "at": now})
        after = self.deadlines.calendar(conn)
        changed = self._recompute(conn, before, after, day, action, name, actor.username, now)
        return CalendarChange(day=day, action=action, name=name, recomputed=changed)

    def _recompute(self, conn: Connection, before: WorkCalendar, after: WorkCalendar, day: date,
                   action: str, name: str, actor: str, now: datetime) -> tuple[RecomputedView, ...]:
        first = datetime.combine(day, time(0), tzinfo=SEOUL)
        rows = store.deadlines_around(conn, first, first + timedelta(days=1))
        by_case: dict[int, list[tuple[Row[Any], datetime | None]]] = defaultdict(list)
        for row in rows:
            timeline = self.deadlines.timeline(after, row)
            if timeline.due != row.due_at or timeline.original_due != row.original_due_at:
                store.update_deadline(conn, row.id, {"due_at": timeline.due,
                                                     "original_due_at": timeline.original_due})
                self.deadlines.replan(conn, row, after, timeline, now)
                by_case[row.case_id].append((row, timeline.due))
        out: list[RecomputedView] = []
        for case_id, changes in by_case.items():
            case = store.case_by_id(conn, case_id)
            assert case is not None
            self.append(conn, case, actor, "deadlines_recomputed", now, details={
                "day": day.isoformat(), "action": action, "name": name,
                "deadlines": [{"id": r.id, "rule": r.rule,
                               "from": r.due_at.isoformat() if r.due_at else None,
                               "to": due.isoformat() if due else None} for r, due in changes]})
            out += [RecomputedView(number=case.number, deadline_id=r.id, rule=r.rule,
                                   before=r.due_at, after=due) for r, due in changes]
        return tuple(out)

    def list_calendar(self, year: int) -> list[CalendarDay]:
        """The year's public holidays and office days, with who changed what."""
        with self.db.read() as conn:
            log = store.office_log(conn, year)
            changes = store.office_changes(conn)
        cal = build(self.deadlines.policy.hours, changes)
        latest = {r.day: r for r in log}
        days: dict[date, CalendarDay] = {}
        english = cal.public_holidays_en(year)
        for day, holiday in cal.public_holidays(year).items():
            change = latest.get(day)
            days[day] = CalendarDay(day=day, name=holiday, source="holiday",
                                    name_en=english.get(day),
                                    working=day in cal.removed and day not in cal.added,
                                    changed_by=change.actor if change else None,
                                    changed_at=change.at if change else None)
        for day, row in latest.items():
            if row.action == "add":
                days[day] = CalendarDay(day=day, name=row.name, source="office", working=False,
                                        changed_by=row.actor, changed_at=row.at)
        return [days[d] for d in sorted(days)]
