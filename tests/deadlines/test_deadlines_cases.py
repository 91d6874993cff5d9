"""Deadlines on real cases, on SQLite and PostgreSQL, with a frozen clock moved across 설날
and 추석 2026: opened and closed by the case's moves in the move's own transaction, stopped
and restarted, extended under 민원 시행령 art. 21, recomputed when the office calendar changes.

Each expected time is worked out by hand in the comment above it.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from conftest import ADMIN, seeded
from support.cases import at, by_rule, open_case

from mediation.app import App
from mediation.config import Settings
from mediation.core.clock import FrozenClock
from mediation.core.errors import BadInput, PermissionDenied, Refused
from mediation.mail.fake import RecordingMailer
from mediation.storage import outbox


def pending_times(app: App, number: str, deadline_id: int) -> dict[str, datetime | None]:
    return {r.key.rsplit(":", 1)[1]: r.send_at for r in app.reminders.list_reminders(ADMIN, "all", number)
            if r.deadline_id == deadline_id and r.status == "pending"}


def test_a_case_opened_before_seollal_is_due_for_acknowledgement_after_the_holidays(
        mapp: App, clock: FrozenClock) -> None:
    # Given a case received on Friday 2026-02-13 at 16:30
    number = open_case(mapp, clock, at(2026, 2, 13, 16, 30))
    # Then acknowledgement is due three working hours later: 16:30–18:00 Friday (1.5 h),
    # weekend and 설날 16–18 skipped, Thursday 2/19 09:00 + 1.5 h = 10:30
    found = {d.rule: d for d in mapp.deadlines.list_deadlines(ADMIN, number)}
    assert found["acknowledge"].due_at == at(2026, 2, 19, 10, 30)
    # And the first progress notice 30 working days on, the first day included: 2/13 (1),
    # 2/19–20 (2–3), 2/23–27 (4–8), 삼일절 대체 휴일 3/2 skipped, 3/3–6 (9–12), 3/9–13 (13–17),
    # 3/16–20 (18–22), 3/23–27 (23–27), 3/30 (28), 3/31 (29), 4/1 (30) → 2026-04-01 18:00
    assert found["progress_notice"].due_at == at(2026, 4, 1, 18)
    # And the explanation names every day it skipped
    [explained] = mapp.deadlines.explain_deadline(ADMIN, number, found["acknowledge"].id)
    skipped = [(s.day, s.name) for step in explained.steps for s in step.skipped]
    assert skipped == [(date(2026, 2, 14), "토요일"), (date(2026, 2, 15), "일요일"),
                       (date(2026, 2, 16), "설날 전날"), (date(2026, 2, 17), "설날"),
                       (date(2026, 2, 18), "설날 다음날")]
    assert explained.method == "hours" and "제50조" in explained.deadline.basis
    # And an English reader reads the recorded basis in the workflow's English words
    assert explained.basis_en.startswith("Enforcement Decree of the Anti-Corruption")


def test_leaving_a_state_meets_its_deadline_and_cancels_its_reminders_in_the_same_transaction(
        mapp: App, clock: FrozenClock) -> None:
    # Given a case at intake with its acknowledgement reminders pending
    number = open_case(mapp, clock, at(2026, 11, 24, 9))
    ack = by_rule(mapp, number)["acknowledge"]
    assert set(pending_times(mapp, number, ack.id)) == {"before.0", "supervisor", "admins"}
    # When kim starts the diagnosis an hour later
    clock.set(at(2026, 11, 24, 10))
    mapp.moves.advance(mapp.users.actor("kim"), number, "diagnose")
    # Then the deadline is met at that moment, its reminders are cancelled, and the
    # repeating progress notice still runs
    after = by_rule(mapp, number)
    assert (after["acknowledge"].status, after["acknowledge"].closed_at) == ("met", at(2026, 11, 24, 10))
    assert pending_times(mapp, number, ack.id) == {}
    assert after["progress_notice"].status == "open"


def test_a_move_whose_deadline_work_fails_changes_nothing(
        mapp: App, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch) -> None:
    # Given a case at intake
    number = open_case(mapp, clock, at(2026, 11, 24, 9))
    before = mapp.reading.history(ADMIN, number)
    # When cancelling the reminders fails half-way through the move
    def broken(*args: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(outbox, "cancel_pending", broken)
    with pytest.raises(RuntimeError):
        mapp.moves.advance(mapp.users.actor("kim"), number, "diagnose")
    # Then neither the state, nor the event, nor the deadline changed
    assert mapp.reading.show_case(ADMIN, number).case.state == "intake"
    assert mapp.reading.history(ADMIN, number) == before
    assert by_rule(mapp, number)["acknowledge"].status == "open"


def test_withdrawing_a_case_cancels_every_deadline_and_reminder(
        mapp: App, clock: FrozenClock) -> None:
    number = open_case(mapp, clock, at(2026, 11, 24, 9))
    mapp.moves.advance(mapp.users.actor("kim"), number, "withdraw", note="신청인 서면 철회")
    assert {r: d.status for r, d in by_rule(mapp, number).items()} == {
        "acknowledge": "cancelled", "progress_notice": "cancelled"}
    assert [r for r in mapp.reminders.list_reminders(ADMIN, "open", number)] == []


def site_visit_case(app: App, clock: FrozenClock) -> tuple[str, int]:
    """A neighbour dispute received Mon 2026-09-14 09:00 and moved to the site visit at once:
    7 days from 9/14, the first day included → 14 (1) … 18 (5), 21 (6), Tue 22 (7), 18:00."""
    number = open_case(app, clock, at(2026, 9, 14, 9), workflow="neighbor_dispute", parties=1)
    app.moves.advance(app.users.actor("kim"), number, "visit")
    visit = by_rule(app, number)["site_visit"]
    assert visit.due_at == at(2026, 9, 22, 18)
    return number, visit.id


def test_pausing_freezes_the_time_left_and_resuming_after_chuseok_moves_the_reminders(
        mapp: App, clock: FrozenClock) -> None:
    # Given the site visit due Tue 9/22 18:00, its reminder two working days (16 h) before:
    # back from 18:00 on the 22nd, 8 h to 09:00 on the 22nd, 8 h to 09:00 on Mon 9/21
    number, visit = site_visit_case(mapp, clock)
    assert pending_times(mapp, number, visit) == {"before.0": at(2026, 9, 21, 9),
                                                  "supervisor": at(2026, 9, 22, 18)}
    # When kim stops the clock on Thu 9/17 10:00
    clock.set(at(2026, 9, 17, 10))
    kim = mapp.users.actor("kim")
    paused = mapp.adjust.pause_case(kim, number, "당사자 요청으로 현장 확인 연기")
    # Then the deadline is paused with 31 working hours left (17th 7 h, 18th, 21st, 22nd 8 h
    # each) and its reminders are held
    frozen = next(d for d in paused.deadlines if d.id == visit)
    assert (frozen.status, frozen.due_at, frozen.left_hours) == ("paused", None, 31.0)
    assert pending_times(mapp, number, visit) == {"before.0": None, "supervisor": None}
    # And a second pause is refused
    with pytest.raises(Refused):
        mapp.adjust.pause_case(kim, number, "again")
    # When the clock restarts on Wed 9/23 14:00
    clock.set(at(2026, 9, 23, 14))
    mapp.adjust.resume_case(kim, number, "현장 확인 가능")
    # Then the 31 hours run again: 23rd 14–18 (4 h, 27 left); 추석 24–26 and Sun 27 skipped;
    # 28th, 29th, 30th 8 h each (3 left); Thu 10/1 09:00 + 3 h = 12:00
    assert by_rule(mapp, number)["site_visit"].due_at == at(2026, 10, 1, 12)
    # And the reminder moved with it: 16 working hours before 10/1 12:00 = 10/1 09–12 (3 h),
    # 9/30 (8 h), then 5 h back from 18:00 on 9/29 → 9/29 13:00
    assert pending_times(mapp, number, visit) == {"before.0": at(2026, 9, 29, 13),
                                                  "supervisor": at(2026, 10, 1, 12)}
    # And both stops of the clock are on the case's record, with the explanation showing them
    kinds = [e.kind for e in mapp.reading.history(ADMIN, number)]
    assert kinds[-2:] == ["paused", "resumed"]
    [explained] = mapp.deadlines.explain_deadline(ADMIN, number, visit)
    assert [s.kind for s in explained.steps] == ["start", "due", "pause", "resume"]
    assert [s.name for s in explained.steps[-1].skipped] == ["추석 전날", "추석", "추석 다음날", "일요일"]


def test_the_first_extension_stays_within_the_original_period_and_a_second_needs_consent(
        mapp: App, clock: FrozenClock) -> None:
    # Given the site visit due Tue 9/22 18:00 and the day before it
    number, visit = site_visit_case(mapp, clock)
    clock.set(at(2026, 9, 21, 10))
    kim = mapp.users.actor("kim")
    extend = mapp.adjust.extend_deadline
    # When kim extends past the original period: 7 more working days after 9/22 end on
    # Tue 10/6 (23rd; 추석; 28th–10/2; 개천절 10/3 and its substitute 10/5 skipped; 6th)
    with pytest.raises(Refused, match="at most the original period"):
        extend(kim, number, visit, until=date(2026, 10, 7), reason="일정 조정")
    # And to a holiday: refused, naming it
    with pytest.raises(BadInput, match="한글날"):
        extend(kim, number, visit, until=date(2026, 10, 9), reason="일정 조정")
    # Then extending exactly to the limit is allowed, and the original due time is kept
    first = extend(kim, number, visit, until=date(2026, 10, 6), reason="당사자 일정")
    assert (first.due_at, first.original_due_at, first.extensions) == (
        at(2026, 10, 6, 18), at(2026, 9, 22, 18), 1)
    # When a second extension is asked without the applicant's consent, it is refused
    with pytest.raises(Refused, match="consent"):
        extend(kim, number, visit, **by_days(3), reason="추가 조정")
    # And with consent, 3 days = 24 working hours after Tue 10/6 18:00: 7th (8), 8th (16),
    # 한글날 Fri 10/9 and the weekend skipped, Mon 10/12 (24) → 18:00
    second = extend(kim, number, visit, **by_days(3), reason="추가 조정", with_consent=True)
    assert (second.due_at, second.original_due_at, second.extensions) == (
        at(2026, 10, 12, 18), at(2026, 9, 22, 18), 2)
    # And the extensions are on the record; new reminders follow the new due time
    extended = [e for e in mapp.reading.history(ADMIN, number) if e.kind == "deadline_extended"]
    assert [e.details["consent"] for e in extended] == [False, True]
    assert pending_times(mapp, number, visit)["supervisor"] == at(2026, 10, 12, 18)


def by_days(n: int) -> dict[str, object]:
    from mediation.workflow.definitions import PeriodDef

    return {"by": PeriodDef(amount=n, unit="days")}


def test_a_first_extension_after_the_due_time_is_refused(mapp: App, clock: FrozenClock) -> None:
    number, visit = site_visit_case(mapp, clock)
    clock.set(at(2026, 9, 23, 9))
    with pytest.raises(Refused, match="within the original period"):
        mapp.adjust.extend_deadline(mapp.users.actor("kim"), number, visit, **by_days(2),
                                     reason="늦은 연장")


def test_adding_and_removing_an_office_holiday_recomputes_open_deadlines_and_records_it(
        mapp: App, clock: FrozenClock) -> None:
    # Given the site visit due Tue 9/22 18:00
    number, visit = site_visit_case(mapp, clock)
    admin = mapp.users.actor("admin")
    # When the office closes on Mon 9/21
    change = mapp.calendar.add_holiday(admin, date(2026, 9, 21), "임시공휴일")
    # Then the 7 days are 14–18 (1–5), 22 (6), Wed 23 (7) → 9/23 18:00, and the reminder 16
    # working hours before moves to 09:00 on 9/22
    assert [(r.number, r.before, r.after) for r in change.recomputed if r.deadline_id == visit] == [
        (number, at(2026, 9, 22, 18), at(2026, 9, 23, 18))]
    assert pending_times(mapp, number, visit)["before.0"] == at(2026, 9, 22, 9)
    last = mapp.reading.history(ADMIN, number)[-1]
    assert (last.kind, last.actor, last.details["name"]) == ("deadlines_recomputed", "admin", "임시공휴일")
    # When the office withdraws that day, the due time is back on 9/22
    mapp.calendar.remove_holiday(admin, date(2026, 9, 21))
    assert by_rule(mapp, number)["site_visit"].due_at == at(2026, 9, 22, 18)
    # And days already off, weekends and working days are refused with a reason
    with pytest.raises(BadInput, match="추석"):
        mapp.calendar.add_holiday(admin, date(2026, 9, 25), "중복")
    with pytest.raises(BadInput, match="weekends"):
        mapp.calendar.remove_holiday(admin, date(2026, 9, 19))
    with pytest.raises(BadInput, match="already a working day"):
        mapp.calendar.remove_holiday(admin, date(2026, 9, 21))
    # And a mediator may not change the office calendar
    with pytest.raises(PermissionDenied):
        mapp.calendar.add_holiday(mapp.users.actor("kim"), date(2026, 9, 30), "x")


def test_declaring_chuseok_eve_a_working_day_brings_the_due_time_forward(
        mapp: App, clock: FrozenClock) -> None:
    # Given a site visit of 7 days counted from Fri 9/18: 18 (1), 21 (2), 22 (3), 23 (4),
    # 추석 24–26 + Sun 27, 28 (5), 29 (6), Wed 9/30 (7)
    number = open_case(mapp, clock, at(2026, 9, 18, 9), workflow="neighbor_dispute", parties=1)
    mapp.moves.advance(mapp.users.actor("kim"), number, "visit")
    assert by_rule(mapp, number)["site_visit"].due_at == at(2026, 9, 30, 18)
    # When the office declares 추석 전날 (Thu 9/24) a working day, day 5 is the 24th and day 7
    # is Tue 9/29
    mapp.calendar.remove_holiday(mapp.users.actor("admin"), date(2026, 9, 24))
    assert by_rule(mapp, number)["site_visit"].due_at == at(2026, 9, 29, 18)
    # And the year's list shows the package day as a working day here, with who changed it
    listed = {d.day: d for d in mapp.calendar.list_calendar(2026)}
    assert (listed[date(2026, 9, 24)].working, listed[date(2026, 9, 24)].changed_by) == (True, "admin")
    assert listed[date(2026, 9, 25)].working is False


def test_a_state_entered_again_starts_a_new_occurrence_of_its_deadline(
        database_url: str, tmp_path: Path, clock: FrozenClock, mail: RecordingMailer) -> None:
    # Given a workflow whose review state can be left and entered again
    folder = tmp_path / "wf"
    folder.mkdir()
    (folder / "loop.yaml").write_text(LOOP, encoding="utf-8")
    app = seeded(Settings(home=tmp_path, database_url=database_url, workflows_dir=folder), clock,
                 mail)
    try:
        number = open_case(app, clock, at(2026, 11, 23, 9), workflow="loop")
        kim = app.users.actor("kim")
        # When the case goes to review, back, and to review again
        for trigger in ("review", "back", "review"):
            app.moves.advance(kim, number, trigger)
        # Then the first review deadline was met and a second one runs
        found = [(d.seq, d.status) for d in app.deadlines.list_deadlines(ADMIN, number, include_closed=True)]
        assert found == [(1, "met"), (2, "open")]
    finally:
        app.close()


LOOP = """
name: loop
version: 1
title: {ko: 반복, en: Loop}
states:
  intake: {title: {ko: 접수, en: Intake}, initial: true}
  reviewing: {title: {ko: 검토, en: Review}}
  done: {title: {ko: 종결, en: Done}, final: true, outcome: impasse}
transitions:
  - {trigger: review, from: intake, to: reviewing, title: {ko: 검토, en: Review}}
  - {trigger: back, from: reviewing, to: intake, title: {ko: 반려, en: Back}}
  - {trigger: finish, from: reviewing, to: done, title: {ko: 종결, en: Finish}}
deadlines:
  - name: review_within
    title: {ko: 검토 기한, en: Review within}
    basis: (design) test rule
    kind: state
    states: [reviewing]
    period: {amount: 2, unit: days}
"""
