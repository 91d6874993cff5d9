"""The Korean public-office working calendar: office hours, working days, and the days off.

Saturdays and Sundays are off, and so are the public holidays of
``holidays.KR(language="ko")`` (substitute holidays included). An office changes that
calendar with data passed in: days it adds (an election day, a temporary holiday) and
package days it declares working days. Pure: no database, no clock; every time is an
argument and every result is computed in Asia/Seoul.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import pairwise
from typing import Any

from mediation.core.clock import SEOUL

MAX_DAYS = 3660
WEEKEND = {5: ("토요일", "Saturday"), 6: ("일요일", "Sunday")}


@dataclass(frozen=True, slots=True, kw_only=True)
class OfficeHours:
    """When working time runs on a working day; breaks do not count."""

    start: time = time(9, 0)
    end: time = time(18, 0)
    breaks: tuple[tuple[time, time], ...] = ((time(12, 0), time(13, 0)),)

    def __post_init__(self) -> None:
        edges = [self.start, *(t for pair in self.breaks for t in pair), self.end]
        if any(a >= b for a, b in pairwise(edges)):
            raise ValueError("office hours must run forward: start < break start < break end < end")

    def spans(self) -> tuple[tuple[time, time], ...]:
        """The working intervals of one day, e.g. 09:00–12:00 and 13:00–18:00."""
        edges = [self.start, *(t for pair in self.breaks for t in pair), self.end]
        return tuple((edges[i], edges[i + 1]) for i in range(0, len(edges), 2))

    @property
    def per_day(self) -> timedelta:
        return sum((_at(date(2000, 1, 3), e) - _at(date(2000, 1, 3), s) for s, e in self.spans()),
                   timedelta())


@dataclass(frozen=True, slots=True, kw_only=True)
class DayOff:
    """A day that does not count, and why: ``weekend``, ``holiday`` (the package) or ``office``."""

    day: date
    name: str
    source: str
    name_en: str | None = None  # a public holiday's English name (an office's day: None)

    def label(self, lang: str = "ko") -> str:
        if self.source == "weekend":
            ko, en = WEEKEND[self.day.weekday()]
            return en if lang == "en" else ko
        return (self.name_en or self.name) if lang == "en" else self.name


def _at(day: date, moment: time) -> datetime:
    return datetime.combine(day, moment, tzinfo=SEOUL)


def local(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("a timezone-aware datetime is needed")
    return moment.astimezone(SEOUL)


@dataclass(slots=True)
class WorkCalendar:
    """Working days and working time, with an office's additions and removals."""

    hours: OfficeHours = field(default_factory=OfficeHours)
    added: Mapping[date, str] = field(default_factory=dict)
    removed: Mapping[date, str] = field(default_factory=dict)
    _years: dict[int, dict[date, str]] = field(default_factory=dict, repr=False)
    _years_en: dict[int, dict[date, str]] = field(default_factory=dict, repr=False)

    # days ------------------------------------------------------------------------------

    def public_holidays(self, year: int) -> dict[date, str]:
        """The package's Korean public holidays of ``year``, named in Korean."""
        found = self._years.get(year)
        if found is None:
            import holidays  # about 90 ms: only commands that count time pay for it

            raw: Any = holidays.country_holidays("KR", language="ko", years=year)
            found = self._years[year] = {d: str(n) for d, n in sorted(raw.items())}
        return found

    def public_holidays_en(self, year: int) -> dict[date, str]:
        """The same holidays named in English (for English screens and letters)."""
        found = self._years_en.get(year)
        if found is None:
            import holidays

            raw: Any = holidays.country_holidays("KR", language="en_US", years=year)
            found = self._years_en[year] = {d: str(n) for d, n in sorted(raw.items())}
        return found

    def day_off(self, day: date) -> DayOff | None:
        """Why ``day`` is not a working day, or ``None`` when it is one."""
        if day in self.added:
            return DayOff(day=day, name=self.added[day], source="office")
        name = self.public_holidays(day.year).get(day)
        if name is not None and day not in self.removed:
            return DayOff(day=day, name=name, source="holiday",
                          name_en=self.public_holidays_en(day.year).get(day))
        if day.weekday() in WEEKEND:
            return DayOff(day=day, name=WEEKEND[day.weekday()][0], source="weekend")
        return None

    def is_working_day(self, day: date) -> bool:
        return self.day_off(day) is None

    def days_off(self, first: date, last: date) -> tuple[DayOff, ...]:
        """Every day off from ``first`` to ``last``, both included."""
        out = []
        day = first
        while day <= last:
            off = self.day_off(day)
            if off is not None:
                out.append(off)
            day += timedelta(days=1)
        return tuple(out)

    def working_day_on_or_after(self, day: date) -> date:
        for _ in range(MAX_DAYS):
            if self.is_working_day(day):
                return day
            day += timedelta(days=1)
        raise ValueError("no working day within ten years")

    def nth_working_day(self, first: date, n: int) -> date:
        """The ``n``-th working day counting ``first`` as day one when it is a working day."""
        if n < 1:
            raise ValueError("n must be at least 1")
        day = self.working_day_on_or_after(first)
        for _ in range(n - 1):
            day = self.working_day_on_or_after(day + timedelta(days=1))
        return day

    def end_of_day(self, day: date) -> datetime:
        """The end of office hours on ``day``: the due time of a period counted in days."""
        return _at(day, self.hours.end)

    # working time ----------------------------------------------------------------------

    def _spans_from(self, moment: datetime) -> Iterator[tuple[datetime, datetime]]:
        """Working intervals from ``moment`` on, the first one clipped to start at it."""
        day = moment.date()
        for _ in range(MAX_DAYS):
            if self.is_working_day(day):
                for s, e in self.hours.spans():
                    begin, end = max(moment, _at(day, s)), _at(day, e)
                    if begin < end:
                        yield begin, end
            day += timedelta(days=1)

    def _spans_back(self, moment: datetime) -> Iterator[tuple[datetime, datetime]]:
        """Working intervals before ``moment``, latest first, the first one clipped to end at it."""
        day = moment.date()
        for _ in range(MAX_DAYS):
            if self.is_working_day(day):
                for s, e in reversed(self.hours.spans()):
                    begin, end = _at(day, s), min(moment, _at(day, e))
                    if begin < end:
                        yield begin, end
            day -= timedelta(days=1)

    def add_working(self, start: datetime, amount: timedelta) -> datetime:
        """The moment ``amount`` of working time after ``start``."""
        moment = local(start)
        if amount <= timedelta():
            return moment
        for begin, end in self._spans_from(moment):
            if amount <= end - begin:
                return begin + amount
            amount -= end - begin
        raise ValueError("period too long")

    def sub_working(self, end: datetime, amount: timedelta) -> datetime:
        """The moment ``amount`` of working time before ``end``."""
        moment = local(end)
        if amount <= timedelta():
            return moment
        for begin, stop in self._spans_back(moment):
            if amount <= stop - begin:
                return stop - amount
            amount -= stop - begin
        raise ValueError("period too long")

    def working_between(self, start: datetime, end: datetime) -> timedelta:
        """Working time from ``start`` to ``end`` (zero when ``end`` is not later)."""
        first, last = local(start), local(end)
        total = timedelta()
        if last <= first:
            return total
        for begin, stop in self._spans_from(first):
            if begin >= last:
                break
            total += min(stop, last) - begin
        return total


def build(hours: OfficeHours, changes: Mapping[date, tuple[str, str]]) -> WorkCalendar:
    """A calendar from an office's latest change per day: ``(action, name)`` where action is
    ``add`` (a day off) or ``remove`` (a package holiday declared a working day)."""
    added = {d: name for d, (action, name) in changes.items() if action == "add"}
    removed = {d: name for d, (action, name) in changes.items() if action == "remove"}
    return WorkCalendar(hours=hours, added=added, removed=removed)


def explain(calendar: WorkCalendar, start: datetime, end: datetime) -> tuple[DayOff, ...]:
    """The weekends and holidays skipped between two moments, each with its name."""
    first, last = local(start).date(), local(end).date()
    return calendar.days_off(first, last) if first <= last else ()
