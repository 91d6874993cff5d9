"""Korean official formats: pure functions, checked against hand-written values."""

from __future__ import annotations

from datetime import UTC, date, datetime

from mediation.core.formats import hangul_number, kdate, kdatetime, money


def test_dates_are_written_the_official_korean_way() -> None:
    # Given a date and a UTC time that is already the next day in Seoul
    late_utc = datetime(2026, 11, 23, 20, 5, tzinfo=UTC)
    # Then Korean dates use "YYYY. M. D." and times are shown in Seoul
    assert kdate(date(2026, 11, 24)) == "2026. 11. 24."
    assert kdate(date(2026, 3, 2)) == "2026. 3. 2."
    assert kdatetime(late_utc) == "2026. 11. 24. 05:05"
    assert kdate(date(2026, 3, 2), "en") == "2 Mar 2026"


def test_money_is_written_in_figures_and_in_hangul() -> None:
    # The example of the official format rules, and round numbers that test the unit words
    assert money(113560) == "금113,560원(금일십일만삼천오백육십원)"
    assert hangul_number(100_000_000) == "일억"
    assert hangul_number(10_010) == "일만일십"
    assert money(5000, "en") == "KRW 5,000"
