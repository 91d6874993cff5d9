"""Frozen records the deadline, reminder and calendar use cases return to the CLI."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class DeadlineView:
    id: int
    number: str
    case_title: str
    rule: str
    seq: int
    kind: str
    title_ko: str
    title_en: str
    basis: str
    period: str
    status: str
    start_at: datetime
    due_at: datetime | None
    original_due_at: datetime
    extensions: int
    overdue: bool
    left_hours: float | None  # working (or calendar) time left while paused
    closed_at: datetime | None
    mediator: str
    supervisor: str
    item_id: int | None = None  # the agreement item of a commitment deadline
    notices: tuple[str, ...] = ()  # an extension's notices to the parties (document numbers)
    # a deadline met after its due time: the calendar days between the two (0: the same day);
    # None when it is not met, or was met in time
    late_days: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SkippedDay:
    day: date
    name: str
    source: str  # weekend, holiday (the package's calendar) or office
    name_en: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class StepView:
    kind: str  # start, due, pause, resume, extend
    at: datetime
    due: datetime | None
    left_hours: float | None
    reason: str
    skipped: tuple[SkippedDay, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Explanation:
    deadline: DeadlineView
    amount: int
    unit: str
    method: str  # how the period is counted: hours, working_days, calendar_days, months
    office_hours: str
    steps: tuple[StepView, ...]
    # the recorded basis in English, while it is the workflow rule's own text ("" otherwise)
    basis_en: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class RecomputedView:
    number: str
    deadline_id: int
    rule: str
    before: datetime | None
    after: datetime | None


@dataclass(frozen=True, slots=True, kw_only=True)
class CalendarChange:
    day: date
    action: str  # add or remove
    name: str
    recomputed: tuple[RecomputedView, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class CalendarDay:
    day: date
    name: str
    source: str  # holiday (the package) or office
    working: bool  # True for a package holiday the office declared a working day
    changed_by: str | None
    changed_at: datetime | None
    name_en: str | None = None  # a public holiday's English name


@dataclass(frozen=True, slots=True, kw_only=True)
class PauseView:
    number: str
    paused: bool
    at: datetime
    reason: str
    deadlines: tuple[DeadlineView, ...]
