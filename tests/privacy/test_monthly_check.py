"""The monthly check of the access records (고시 제8조 제2항): the review e-mail that reaches
supervisors on the first working day of a month sums up the month before — who processed
how many people's data, how often outside their own cases, what was printed. On SQLite
and PostgreSQL, through the reminder sweep."""

from __future__ import annotations

from conftest import ADMIN
from support.cases import at, open_case

from mediation.app import App
from mediation.core.clock import FrozenClock
from mediation.mail.fake import RecordingMailer
from mediation.privacy.monthly import previous_month


def test_the_review_email_sums_up_last_months_access_records(
        mapp: App, clock: FrozenClock, mail: RecordingMailer) -> None:
    # Given, in December, a case of kim's with two private persons, added by admin
    number = open_case(mapp, clock, at(2026, 12, 15, 9), parties=2)
    kim = mapp.users.actor("kim")
    # and kim reads it twice, admin (not on the case) once
    mapp.reading.show_case(kim, number)
    mapp.parties.list_parties(kim, number)
    mapp.reading.show_case(ADMIN, number)
    # and in January kim reads it again (not December's)
    clock.set(at(2027, 1, 2, 10))
    mapp.reading.show_case(kim, number)
    # When the review goes out on the first working day of January
    clock.set(at(2027, 1, 4, 9))
    mapp.reminders.queue_reviews()
    mapp.reminders.run_due(("send",))
    # Then every supervisor's review, park's with his open case and choi's without one,
    # lists December's records per user
    reviews = {m.to[0].email: m for m in mail.sent if m.subject.startswith("[월간 사건 점검]")}
    assert sorted(reviews) == ["choi@example.org", "park@example.org"]
    review = reviews["park@example.org"]
    assert reviews["choi@example.org"].text.count("- kim: 기록 2건") == 1
    assert "[개인정보 접속기록 점검] 2026년 12월" in review.text
    assert ("- admin: 기록 3건, 정보주체 2명 · 담당 외 사건 3건(2명) · 출력·다운로드 0건"
            in review.text)
    assert ("- kim: 기록 2건, 정보주체 2명 · 담당 외 사건 0건(0명) · 출력·다운로드 0건"
            in review.text)
    assert review.html is not None and "접속기록 점검" in review.html


def test_the_month_before_is_the_calendar_month_in_seoul() -> None:
    since, until = previous_month(at(2027, 1, 4, 9))
    assert (since.year, since.month, since.day, until.month, until.day) == (2026, 12, 1, 1, 1)
    since, until = previous_month(at(2026, 3, 31, 23, 59))
    assert (since.month, until.month) == (2, 3)
