"""The Korean working calendar: office hours, working days, public holidays from the
``holidays`` package (설날, 추석, substitute holidays) and an office's own changes.

Every expected moment is worked out by hand in the comment above it, from the 2026 calendar:
설날 2/16–18 (Mon–Wed), 삼일절 3/1 (Sun) with its substitute 3/2 (Mon), 노동절 5/1 (Fri),
추석 9/24–26 (Thu–Sat), 개천절 10/3 (Sat) with its substitute 10/5 (Mon), 한글날 10/9 (Fri).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from mediation.core.calendar import OfficeHours, WorkCalendar, build, explain
from mediation.core.clock import SEOUL

H = timedelta(hours=1)


def at(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=SEOUL)


@pytest.fixture
def cal() -> WorkCalendar:
    return WorkCalendar()


def test_the_package_holidays_of_2026_are_named_in_korean(cal: WorkCalendar) -> None:
    # Given the 2026 calendar of the holidays package
    found = cal.public_holidays(2026)
    # Then 설날, 추석 and the substitute holidays are there, in Korean
    assert found[date(2026, 2, 17)] == "설날"
    assert found[date(2026, 9, 25)] == "추석"
    assert found[date(2026, 3, 2)] == "삼일절 대체 휴일"
    assert found[date(2026, 10, 5)] == "개천절 대체 휴일"


def test_three_working_hours_from_friday_afternoon_skip_the_weekend_and_seollal(
        cal: WorkCalendar) -> None:
    # Fri 2/13 16:30–18:00 gives 1.5 h; Sat 14, Sun 15, 설날 전날 16, 설날 17, 설날 다음날 18
    # do not count; Thu 2/19 09:00 + the remaining 1.5 h = 10:30.
    assert cal.add_working(at(2026, 2, 13, 16, 30), 3 * H) == at(2026, 2, 19, 10, 30)


def test_the_lunch_break_does_not_count_and_a_period_may_end_as_lunch_starts(
        cal: WorkCalendar) -> None:
    # Mon 11/23 11:00 + 2 h: 11–12 (1 h), lunch 12–13, 13–14 (1 h) → 14:00
    assert cal.add_working(at(2026, 11, 23, 11), 2 * H) == at(2026, 11, 23, 14)
    # 10:00 + 2 h ends exactly when lunch starts: 12:00, not 13:00
    assert cal.add_working(at(2026, 11, 23, 10), 2 * H) == at(2026, 11, 23, 12)
    # received during lunch at 12:30: counting starts at 13:00 → 14:00
    assert cal.add_working(at(2026, 11, 23, 12, 30), H) == at(2026, 11, 23, 14)


def test_time_received_outside_office_hours_starts_counting_at_the_next_opening(
        cal: WorkCalendar) -> None:
    # Fri 9/18 19:00 (after hours) + 3 h: nothing more on Friday, Sat 19, Sun 20 off,
    # Mon 9/21 09:00–12:00 → 12:00
    assert cal.add_working(at(2026, 9, 18, 19), 3 * H) == at(2026, 9, 21, 12)
    # Sat 11/28 10:00 + 1 h → Mon 11/30 10:00
    assert cal.add_working(at(2026, 11, 28, 10), H) == at(2026, 11, 30, 10)


def test_a_substitute_holiday_is_skipped_and_a_holiday_on_a_sunday_is_named(
        cal: WorkCalendar) -> None:
    # Fri 2/27 17:00 + 2 h: 17–18 (1 h); Sat 2/28, Sun 3/1 삼일절, Mon 3/2 삼일절 대체 휴일 off;
    # Tue 3/3 09:00 + 1 h → 10:00
    start, end = at(2026, 2, 27, 17), at(2026, 3, 3, 10)
    assert cal.add_working(start, 2 * H) == end
    assert [(d.day.day, d.label()) for d in explain(cal, start, end)] == [
        (28, "토요일"), (1, "삼일절"), (2, "삼일절 대체 휴일")]


def test_working_days_count_the_first_day_and_skip_chuseok(cal: WorkCalendar) -> None:
    # 7 working days from Mon 9/21: 21 (1), 22 (2), 23 (3); 추석 전날 24, 추석 25,
    # 추석 다음날 26 (Sat), Sun 27 off; 28 (4), 29 (5), 30 (6), Thu 10/1 (7)
    assert cal.nth_working_day(date(2026, 9, 21), 7) == date(2026, 10, 1)
    # 7 from Mon 9/28: 28 (1), 29 (2), 30 (3), 10/1 (4), 10/2 (5); Sat 3 개천절, Sun 4,
    # Mon 5 개천절 대체 휴일 off; Tue 6 (6), Wed 7 (7)
    assert cal.nth_working_day(date(2026, 9, 28), 7) == date(2026, 10, 7)
    # a first day that is a holiday does not count: from 추석 9/25, day one is Mon 9/28
    assert cal.nth_working_day(date(2026, 9, 25), 1) == date(2026, 9, 28)


def test_an_office_holiday_is_skipped_and_named_like_a_public_one() -> None:
    # Given the office closes on Wed 11/25 (임시공휴일)
    cal = build(OfficeHours(), {date(2026, 11, 25): ("add", "임시공휴일")})
    # Tue 11/24 17:00 + 2 h: 17–18 (1 h), Wed 25 off, Thu 26 09:00 + 1 h → 10:00
    start = at(2026, 11, 24, 17)
    assert cal.add_working(start, 2 * H) == at(2026, 11, 26, 10)
    assert [(d.label(), d.source) for d in explain(cal, start, at(2026, 11, 26, 10))] == [
        ("임시공휴일", "office")]


def test_an_office_may_declare_a_package_holiday_a_working_day() -> None:
    # Thu 4/30 17:00 + 2 h with 노동절 (Fri 5/1) off: 17–18, Sat 2, Sun 3, Mon 5/4 10:00
    usual = WorkCalendar()
    assert usual.add_working(at(2026, 4, 30, 17), 2 * H) == at(2026, 5, 4, 10)
    # Given the office works on 노동절: 17–18 on Thu, then Fri 5/1 09:00 + 1 h → 10:00
    working = build(OfficeHours(), {date(2026, 5, 1): ("remove", "노동절")})
    assert working.is_working_day(date(2026, 5, 1))
    assert working.add_working(at(2026, 4, 30, 17), 2 * H) == at(2026, 5, 1, 10)


def test_going_back_in_working_time_mirrors_going_forward(cal: WorkCalendar) -> None:
    # 1 h before Thu 2/19 10:30 → 09:30; 2 h before → 1.5 h back to 09:00 on 2/19, then
    # 0.5 h before 18:00 on Fri 2/13 (설날 and the weekend in between) → 17:30
    due = at(2026, 2, 19, 10, 30)
    assert cal.sub_working(due, H) == at(2026, 2, 19, 9, 30)
    assert cal.sub_working(due, 2 * H) == at(2026, 2, 13, 17, 30)
    # and the working time between Fri 16:30 and Thu 10:30 is exactly the 3 h added
    assert cal.working_between(at(2026, 2, 13, 16, 30), due) == 3 * H
    assert cal.working_between(due, at(2026, 2, 13, 16, 30)) == timedelta()


def test_office_hours_are_configurable_and_must_run_forward() -> None:
    # Given 08:00–17:00 with lunch 11:30–12:30: still 8 hours a day
    hours = OfficeHours(start=time(8), end=time(17), breaks=((time(11, 30), time(12, 30)),))
    assert hours.per_day == 8 * H
    cal = WorkCalendar(hours=hours)
    # Mon 11/23 11:00 + 1 h: 11:00–11:30, lunch, 12:30–13:00 → 13:00
    assert cal.add_working(at(2026, 11, 23, 11), H) == at(2026, 11, 23, 13)
    # A day counted in days ends when these office hours end
    assert cal.end_of_day(date(2026, 11, 23)) == at(2026, 11, 23, 17)
    # And a break outside the day is refused
    with pytest.raises(ValueError):
        OfficeHours(start=time(9), end=time(18), breaks=((time(17), time(19)),))


def test_an_added_day_wins_over_the_package_and_the_latest_change_counts() -> None:
    # Given 노동절 declared a working day, then added back as an office holiday
    cal = build(OfficeHours(), {date(2026, 5, 1): ("add", "근로자의 날 휴무")})
    off = cal.day_off(date(2026, 5, 1))
    assert off is not None and (off.name, off.source) == ("근로자의 날 휴무", "office")


def test_a_public_holiday_is_named_in_english_on_english_screens() -> None:
    cal = WorkCalendar()
    off = cal.day_off(date(2027, 1, 1))
    assert off is not None
    assert (off.label("ko"), off.label("en")) == ("신정연휴", "New Year's Day")
