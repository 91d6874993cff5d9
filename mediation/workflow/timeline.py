"""Pure deadline planning: which deadlines a transition opens and closes, how a due time is
counted, how pauses and extensions move it, and when its reminders and escalations go out.

Counting (민원 처리에 관한 법률 제19조): a period of 5 days or less runs in working hours from
the moment of receipt, 8 hours a day (art. 19(1)); 6 days or more runs in working days, the
first day included (art. 19(2)); Saturdays, Sundays and public holidays never count. Calendar
days and months (art. 19(3), 민법 제159–161조) include the first day; a period whose last
day is a day off ends on the next working day. Day-counted periods end when office hours end.
Everything here takes the calendar and the moments as arguments; nothing reads a clock.
"""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from mediation.core.calendar import DayOff, WorkCalendar, explain, local
from mediation.workflow.definitions import DeadlineRuleDef, PeriodDef, WorkflowDef

HOURS_PER_DAY = timedelta(hours=8)  # art. 19(1): one day is eight working hours
WORKING_UNITS = ("working_hours", "days")
SUFFIXES = {"h": "working_hours", "d": "days", "cd": "calendar_days", "m": "months"}
PERIOD_TEXT = re.compile(r"^\s*(\d{1,4})\s*(h|d|cd|m)\s*$")


def parse_period(text: str) -> PeriodDef | None:
    """``3h`` working hours, ``5d`` days (art. 19 counting), ``10cd`` calendar days, ``2m``
    months; ``None`` if ``text`` is none of these."""
    found = PERIOD_TEXT.match(text)
    if found is None or int(found[1]) < 1:
        return None
    return PeriodDef(amount=int(found[1]), unit=SUFFIXES[found[2]])


# counting ----------------------------------------------------------------------------------

def working_amount(period: PeriodDef) -> timedelta:
    """A period counted in working time (hours, or days of eight hours)."""
    return (timedelta(hours=period.amount) if period.unit == "working_hours"
            else HOURS_PER_DAY * period.amount)


def counts_in_hours(period: PeriodDef) -> bool:
    return period.unit == "working_hours" or (period.unit == "days" and period.amount <= 5)


def add_months(day: date, months: int) -> tuple[date, bool]:
    """The day ``months`` later, and whether that month has the same day number."""
    year, index = divmod(day.month - 1 + months, 12)
    last = monthrange(day.year + year, index + 1)[1]
    return date(day.year + year, index + 1, min(day.day, last)), day.day <= last


def last_day_of_months(first: date, months: int) -> date:
    """민법 제160조 with the first day included: the day before the corresponding day, or the
    month's last day when it has no corresponding day."""
    corresponding, exists = add_months(first, months)
    return corresponding - timedelta(days=1) if exists else corresponding


def end_on_working_day(cal: WorkCalendar, day: date) -> datetime:
    """민법 제161조: a period ending on a day off ends on the next working day."""
    return cal.end_of_day(cal.working_day_on_or_after(day))


def last_counted_day(start: datetime, period: PeriodDef) -> date:
    """A calendar-day or month period's own last day, before 민법 제161조 moves it."""
    first = local(start).date()
    if period.unit == "calendar_days":
        return first + timedelta(days=period.amount - 1)
    return last_day_of_months(first, period.amount)


def moved_over(cal: WorkCalendar, last: date, due: datetime) -> tuple[DayOff, ...]:
    """The days off a period whose own last day is ``last`` was moved over to end at ``due``
    (민법 제161조); none when it ended on its own last day."""
    end = local(due).date()
    return cal.days_off(last, end - timedelta(days=1)) if last < end else ()


def due_after(cal: WorkCalendar, start: datetime, period: PeriodDef) -> datetime:
    """The due time of ``period`` counted from ``start``, the first day included."""
    if counts_in_hours(period):
        return cal.add_working(start, working_amount(period))
    first = local(start).date()
    if period.unit == "days":
        return cal.end_of_day(cal.nth_working_day(first, period.amount))
    return end_on_working_day(cal, last_counted_day(start, period))


def add_after(cal: WorkCalendar, moment: datetime, period: PeriodDef) -> datetime:
    """``period`` counted after ``moment`` (escalations, extensions): day counting starts the
    next day; a zero period is ``moment`` itself."""
    if period.amount == 0:
        return local(moment)
    if counts_in_hours(period):
        return cal.add_working(moment, working_amount(period))
    day = local(moment).date()
    if period.unit == "days":
        return cal.end_of_day(cal.nth_working_day(day + timedelta(days=1), period.amount))
    if period.unit == "calendar_days":
        return end_on_working_day(cal, day + timedelta(days=period.amount))
    return end_on_working_day(cal, add_months(day, period.amount)[0])


def before(cal: WorkCalendar, due: datetime, period: PeriodDef) -> datetime:
    """The moment ``period`` before ``due``: working time for working units, else calendar."""
    if period.unit in WORKING_UNITS:
        return cal.sub_working(due, working_amount(period))
    moment = local(due)
    if period.unit == "calendar_days":
        return moment - timedelta(days=period.amount)
    back, _ = add_months(moment.date(), -period.amount)
    return datetime.combine(back, moment.timetz())


def remaining(cal: WorkCalendar, unit: str, at: datetime, due: datetime) -> timedelta:
    """What is left of a period at ``at``: working time, or calendar time for calendar units."""
    if unit in WORKING_UNITS:
        return cal.working_between(at, due)
    return max(timedelta(), due - at)


def resumed_due(cal: WorkCalendar, unit: str, at: datetime, left: timedelta) -> datetime:
    if unit in WORKING_UNITS:
        return cal.add_working(at, left)
    moment = local(at) + left
    if cal.is_working_day(moment.date()):
        return moment
    return end_on_working_day(cal, moment.date())


def settle(cal: WorkCalendar, until: datetime) -> datetime:
    """An extension's date, moved to the next working day if it has become a day off."""
    moment = local(until)
    return moment if cal.is_working_day(moment.date()) else end_on_working_day(cal, moment.date())


# a deadline's life: start, pauses, resumptions, extensions ---------------------------------

@dataclass(frozen=True, slots=True, kw_only=True)
class Adjustment:
    kind: str  # "pause", "resume" or "extend"
    at: datetime
    actor: str
    reason: str = ""
    until: datetime | None = None
    consent: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "at": self.at.isoformat(), "actor": self.actor,
                "reason": self.reason, "until": self.until.isoformat() if self.until else None,
                "consent": self.consent}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Adjustment:
        until = data.get("until")
        return cls(kind=data["kind"], at=datetime.fromisoformat(data["at"]), actor=data["actor"],
                   reason=data.get("reason", ""), consent=bool(data.get("consent")),
                   until=datetime.fromisoformat(until) if until else None)


@dataclass(frozen=True, slots=True, kw_only=True)
class Step:
    """One line of an explanation: what happened at ``at`` and the days off it skipped."""

    kind: str  # start, due, pause, resume, extend
    at: datetime
    due: datetime | None = None
    left: timedelta | None = None
    reason: str = ""
    skipped: tuple[DayOff, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Timeline:
    start: datetime
    original_due: datetime
    due: datetime | None  # None while paused
    left: timedelta | None  # the frozen remainder while paused
    extensions: int
    steps: tuple[Step, ...]


def replay(cal: WorkCalendar, start: datetime, period: PeriodDef,
           adjustments: Iterable[Adjustment]) -> Timeline:
    """The due time after every adjustment, recomputed on today's calendar, with the steps
    that explain it."""
    due: datetime | None = due_after(cal, start, period)
    assert due is not None
    original, left, extensions = due, None, 0
    working = period.unit in WORKING_UNITS
    # a working-time period skips every day off it spans; a calendar one only those its
    # last day was moved over
    first_skips = (explain(cal, start, due) if working
                   else moved_over(cal, last_counted_day(start, period), due))
    steps = [Step(kind="start", at=local(start)),
             Step(kind="due", at=due, due=due, skipped=first_skips)]
    for adj in adjustments:
        if adj.kind == "pause" and due is not None:
            left = remaining(cal, period.unit, adj.at, due)
            due = None
            steps.append(Step(kind="pause", at=adj.at, left=left, reason=adj.reason))
        elif adj.kind == "resume" and left is not None:
            due = resumed_due(cal, period.unit, adj.at, left)
            skips = (explain(cal, adj.at, due) if working
                     else moved_over(cal, (local(adj.at) + left).date(), due))
            steps.append(Step(kind="resume", at=adj.at, due=due, left=left, skipped=skips))
            left = None
        elif adj.kind == "extend" and adj.until is not None and due is not None:
            if extensions == 0:
                original = due
            extensions += 1
            previous, due = due, settle(cal, adj.until)
            steps.append(Step(kind="extend", at=adj.at, due=due, reason=adj.reason,
                              skipped=explain(cal, previous, due)))
    if extensions == 0 and due is not None:
        original = due  # before any extension, the period's own due time (pauses included)
    return Timeline(start=local(start), original_due=original, due=due, left=left,
                    extensions=extensions, steps=tuple(steps))


# reminders and escalations ----------------------------------------------------------------

@dataclass(frozen=True, slots=True, kw_only=True)
class Schedule:
    """The part of a rule a deadline row keeps, so that a later edit of the workflow file
    does not change a deadline already running. ``party`` is the party whose contact gets a
    copy of each reminder (the owner of a commitment)."""

    period: PeriodDef
    remind_before: tuple[PeriodDef, ...] = ()
    supervisor_after: PeriodDef | None = None
    admins_after: PeriodDef | None = None
    party: int | None = None

    @classmethod
    def of(cls, rule: DeadlineRuleDef, period: PeriodDef | None = None,
           party: int | None = None) -> Schedule:
        return cls(period=period or rule.length, remind_before=rule.remind_before,
                   supervisor_after=rule.supervisor_after, admins_after=rule.admins_after,
                   party=party if rule.remind_owner else None)

    def to_json(self) -> dict[str, Any]:
        def p(x: PeriodDef | None) -> list[Any] | None:
            return None if x is None else [x.amount, x.unit]

        data = {"period": p(self.period), "remind_before": [p(x) for x in self.remind_before],
                "supervisor_after": p(self.supervisor_after), "admins_after": p(self.admins_after)}
        return data if self.party is None else {**data, "party": self.party}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Schedule:
        def p(x: Any) -> PeriodDef | None:
            return None if x is None else PeriodDef(amount=int(x[0]), unit=str(x[1]))

        period = p(data["period"])
        assert period is not None
        party = data.get("party")
        return cls(period=period, remind_before=tuple(PeriodDef(amount=int(a), unit=str(u))
                                                      for a, u in data.get("remind_before", [])),
                   supervisor_after=p(data.get("supervisor_after")),
                   admins_after=p(data.get("admins_after")),
                   party=None if party is None else int(party))


@dataclass(frozen=True, slots=True, kw_only=True)
class ReminderPlan:
    slot: str  # stable within a deadline and one generation: before.0, supervisor, admins
    kind: str  # reminder or escalation
    audience: str  # mediator, supervisor or admins
    send_at: datetime


def plan_reminders(cal: WorkCalendar, schedule: Schedule, start: datetime,
                   due: datetime) -> tuple[ReminderPlan, ...]:
    """Reminders before ``due`` to the mediator, each copied to the schedule's party if it
    names one (those that would fall before ``start`` are left out), then escalation to the
    supervisor and, a further period on, to every admin."""
    plans = []
    for i, offset in enumerate(schedule.remind_before):
        at = before(cal, due, offset)
        if at > start:
            plans.append(ReminderPlan(slot=f"before.{i}", kind="reminder", audience="mediator",
                                      send_at=at))
            if schedule.party is not None:
                plans.append(ReminderPlan(slot=f"party.{i}", kind="reminder",
                                          audience=f"party:{schedule.party}", send_at=at))
    if schedule.supervisor_after is not None:
        first = add_after(cal, due, schedule.supervisor_after)
        plans.append(ReminderPlan(slot="supervisor", kind="escalation", audience="supervisor",
                                  send_at=first))
        if schedule.admins_after is not None:
            plans.append(ReminderPlan(slot="admins", kind="escalation", audience="admins",
                                      send_at=add_after(cal, first, schedule.admins_after)))
    return tuple(plans)


def extension_limit(cal: WorkCalendar, original_due: datetime, period: PeriodDef) -> datetime:
    """민원 시행령 제21조: a first extension stays within the length of the original period."""
    return add_after(cal, original_due, period)


# which deadlines a transition opens and closes --------------------------------------------

@dataclass(frozen=True, slots=True, kw_only=True)
class DeadlineChanges:
    opens: tuple[str, ...] = ()
    closes: tuple[tuple[str, str], ...] = ()  # (rule, "met" or "cancelled")

    def __bool__(self) -> bool:
        return bool(self.opens or self.closes)


NO_CHANGES = DeadlineChanges()


def on_open(wf: WorkflowDef) -> tuple[str, ...]:
    """Rules that start when a case is opened at the workflow's initial state."""
    first = wf.initial.name
    return tuple(r.name for r in wf.deadlines
                 if r.kind == "repeat" or (r.kind == "state" and first in r.states))


def on_transition(wf: WorkflowDef, source: str, dest: str, trigger: str) -> DeadlineChanges:
    """State and commitment rules open on entering their states and close on leaving them
    (a state rule is met, or cancelled when the case ends; a commitment still running when
    the case leaves is cancelled: its item's own status tells what became of it); repeat and
    dormancy rules close when the case ends."""
    final = wf.is_final(dest)
    opens: list[str] = []
    closes: list[tuple[str, str]] = []
    for r in wf.deadlines:
        if r.kind in ("state", "commitment"):
            if dest in r.states and source not in r.states:
                opens.append(r.name)
            elif source in r.states and dest not in r.states:
                met = r.kind == "state" and not final
                closes.append((r.name, "met" if met else "cancelled"))
        elif final:
            met = r.kind == "dormancy" and trigger == r.trigger
            closes.append((r.name, "met" if met else "cancelled"))
    return DeadlineChanges(opens=tuple(opens), closes=tuple(closes)) if opens or closes else NO_CHANGES


def commitment_span(now: datetime, due: date) -> tuple[datetime, PeriodDef]:
    """Start and period of a commitment's deadline, due when office hours end on ``due`` (or
    on the next working day): calendar days counted from today, the first day included; a
    date already past starts on that date, so the deadline is overdue at once."""
    today = local(now).date()
    if due < today:
        return datetime.combine(due, time(0), tzinfo=local(now).tzinfo), PeriodDef(
            amount=1, unit="calendar_days")
    return now, PeriodDef(amount=(due - today).days + 1, unit="calendar_days")
