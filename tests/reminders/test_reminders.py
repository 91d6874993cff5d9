"""The reminder outbox on SQLite and PostgreSQL, sent through the in-memory mailer while a
frozen clock moves: reminders before a due time, escalation to the supervisor and then to
every admin, retries with backoff, leases of dead senders, late sends, the 09:00 digest, the
monthly review, repeating deadlines and dormant cases closed by the system.
"""

from __future__ import annotations

from datetime import timedelta
from email import message_from_bytes, policy
from pathlib import Path

from conftest import ADMIN, make_settings, seeded
from support.cases import at, by_rule, open_case

from mediation.app import App
from mediation.core.clock import SEOUL, FrozenClock
from mediation.mail.fake import RecordingMailer
from mediation.mail.folder import OutboxMailer
from mediation.reminders.commands import demo_reminder_and_escalation
from mediation.storage import outbox

SEND = ("send",)


def sent_to(mail: RecordingMailer) -> list[tuple[str, str]]:
    return [(m.to[0].email, m.subject.split("]")[0] + "]") for m in mail.sent]


def test_a_reminder_goes_to_the_mediator_and_escalations_to_the_supervisor_then_admins(
        mapp: App, clock: FrozenClock, mail: RecordingMailer) -> None:
    # Given a case received Fri 2/13 16:30: acknowledgement due Thu 2/19 10:30 (설날 skipped),
    # reminder one working hour before (09:30), escalation at 10:30, to admins a working day
    # later (Fri 2/20 10:30)
    number = open_case(mapp, clock, at(2026, 2, 13, 16, 30))
    # When the clock reaches 09:29 nothing is sent
    clock.set(at(2026, 2, 19, 9, 29))
    assert mapp.reminders.run_due(SEND).sent == 0
    # At 09:30 the mediator is reminded
    clock.set(at(2026, 2, 19, 9, 30))
    assert mapp.reminders.run_due(SEND).sent == 1
    # At 10:30 the supervisor gets the reminder notice (독촉)
    clock.set(at(2026, 2, 19, 10, 30))
    assert mapp.reminders.run_due(SEND).sent == 1
    # A working day later every admin with an address hears of it (admin@localhost has none)
    clock.set(at(2026, 2, 20, 10, 30))
    assert mapp.reminders.run_due(SEND).sent == 1
    assert sent_to(mail) == [("kim@example.org", "[기한 임박]"),
                             ("park@example.org", "[기한 경과·독촉]"),
                             ("han@example.org", "[기한 경과·2차 독촉]")]
    first = mail.sent[0]
    assert first.subject == f"[기한 임박] {number} 접수 확인 및 처리담당자 안내 — 2026. 2. 19. 10:30까지"
    assert "남은 시간 1시간" in first.text and "가상 시설 입지 갈등" in (first.html or "")
    # And each fact of the plain text stands on its own line
    lines = first.text.splitlines()
    assert any(line.startswith("- 기한: ") and line.endswith(")") for line in lines)
    assert any(line.startswith("- 처리기한: ") for line in lines)
    assert ("X-Mediation-Case", number) in first.headers
    # And each row records what was sent, to whom and with which Message-ID
    rows = {r.message_id: r for r in mapp.reminders.list_reminders(ADMIN, "all", number)
            if r.status == "sent"}
    assert {m.message_id for m in mail.sent} == set(rows)
    assert all(not r.late and r.attempts == 1 for r in rows.values())


def test_a_deadline_met_in_time_sends_nothing(mapp: App, clock: FrozenClock,
                                              mail: RecordingMailer) -> None:
    number = open_case(mapp, clock, at(2026, 2, 13, 16, 30))
    clock.set(at(2026, 2, 19, 9))
    mapp.moves.advance(mapp.users.actor("kim"), number, "diagnose")
    clock.set(at(2026, 2, 21, 9))
    assert mapp.reminders.run_due(SEND).sent == 0
    assert mail.sent == []


def test_a_reassigned_case_reminds_its_new_mediator(mapp: App, clock: FrozenClock,
                                                    mail: RecordingMailer) -> None:
    number = open_case(mapp, clock, at(2026, 11, 24, 9))
    mapp.cases.reassign(mapp.users.actor("park"), number, mediator="lee", supervisor=None)
    # reminder one working hour before 12:00 → 11:00
    clock.set(at(2026, 11, 24, 11))
    mapp.reminders.run_due(SEND)
    assert [m.to[0].email for m in mail.sent] == ["lee@example.org"]


def test_a_mail_server_that_refuses_is_retried_with_backoff_and_the_message_sent_once(
        mapp: App, clock: FrozenClock, mail: RecordingMailer) -> None:
    # Given the reminder due at 11:00 (case opened 09:00, due 12:00) and a server that refuses
    # twice
    number = open_case(mapp, clock, at(2026, 11, 24, 9))
    mail.fail_next(2)
    # When the sweep runs at 11:00, it fails and waits a minute
    clock.set(at(2026, 11, 24, 11))
    assert mapp.reminders.run_due(SEND).retrying == 1
    [row] = [r for r in mapp.reminders.list_reminders(ADMIN, "open", number) if r.attempts]
    assert (row.status, row.attempts, row.next_at) == ("pending", 1, at(2026, 11, 24, 11, 1))
    assert "refused" in (row.last_error or "")
    # Running again before then sends nothing; after a minute it fails again, then waits two
    assert mapp.reminders.run_due(SEND).retrying == 0
    clock.set(at(2026, 11, 24, 11, 1))
    assert mapp.reminders.run_due(SEND).retrying == 1
    clock.set(at(2026, 11, 24, 11, 2))
    assert mapp.reminders.run_due(SEND).sent == 0
    clock.set(at(2026, 11, 24, 11, 3))
    # Then it is sent, once, on the third attempt
    assert mapp.reminders.run_due(SEND).sent == 1
    [sent] = [r for r in mapp.reminders.list_reminders(ADMIN, "all", number) if r.id == row.id]
    assert (sent.status, sent.attempts, sent.last_error) == ("sent", 3, None)
    assert [m.message_id for m in mail.sent] == [sent.message_id]


def test_a_reminder_given_up_on_is_failed_listed_and_in_the_supervisors_digest(
        mapp: App, clock: FrozenClock, mail: RecordingMailer) -> None:
    # Given a server that refuses permanently (a 5xx answer)
    number = open_case(mapp, clock, at(2026, 11, 24, 9))
    mail.fail_next(1, transient=False, detail="550 mailbox unavailable")
    clock.set(at(2026, 11, 24, 11))
    # When the reminder is tried
    assert mapp.reminders.run_due(SEND).failed == 1
    # Then it is failed (not dropped) and listed as such
    [failed] = mapp.reminders.list_reminders(ADMIN, "failed")
    assert (failed.number, failed.status, failed.kind) == (number, "failed", "reminder")
    # And the next morning's digest to the supervisor names it
    clock.set(at(2026, 11, 25, 9))
    report = mapp.reminders.run_due()
    assert report.queued_digests == 2  # park and choi
    digests = [m for m in mail.sent if m.subject.startswith("[일일 기한 현황]")]
    assert [m.to[0].email for m in digests] == ["park@example.org"]  # choi has nothing to report
    assert "발송 실패 1건" in digests[0].subject and "550 mailbox unavailable" in digests[0].text
    # And it carries the database's audit anchor, which verifies against the database
    [anchor] = [line for line in digests[0].text.splitlines()
                if line.startswith("mediation-anchor:v1")]
    assert mapp.reading.check_anchor(ADMIN, anchor).ok
    assert anchor in (digests[0].html or "")
    # And once the server is fixed, an admin may queue it again
    again = mapp.reminders.retry_reminder(failed.id)
    assert (again.status, again.attempts) == ("pending", 0)


def test_a_reminder_claimed_by_a_sender_that_died_is_sent_after_its_lease_with_its_message_id(
        mapp: App, clock: FrozenClock, mail: RecordingMailer) -> None:
    # Given a reminder due at 11:00 that another sender claimed and then died holding
    number = open_case(mapp, clock, at(2026, 11, 24, 9))
    clock.set(at(2026, 11, 24, 11))
    with mapp.db.write() as conn:
        [claimed] = outbox.claim(conn, now=clock.now(), lease_until=clock.now() + timedelta(minutes=5),
                                token="dead-host:1:x", limit=1)
    # When a sweep runs while the lease holds, nothing is sent twice
    assert mapp.reminders.run_due(SEND).sent == 0
    # Then after the lease the reminder is sent once, with the Message-ID it always had,
    # marked late (5 minutes after its time)
    clock.set(at(2026, 11, 24, 11, 5) + timedelta(seconds=1))
    assert mapp.reminders.run_due(SEND).sent == 1
    [row] = [r for r in mapp.reminders.list_reminders(ADMIN, "all", number) if r.id == claimed.id]
    assert (row.status, row.attempts, row.late) == ("sent", 2, True)
    assert [m.message_id for m in mail.sent] == [claimed.message_id]


def test_reminders_that_fell_due_while_nothing_ran_are_sent_once_and_marked_late(
        mapp: App, clock: FrozenClock, mail: RecordingMailer) -> None:
    # Given a case received 09:00: reminder at 11:00 and escalation at 12:00 on 11/24
    number = open_case(mapp, clock, at(2026, 11, 24, 9))
    # When the next sweep only runs at 15:00
    clock.set(at(2026, 11, 24, 15))
    report = mapp.reminders.run_due(SEND)
    # Then the escalation goes out once, marked late, and says so; the reminder, whose
    # deadline has passed, is not sent as if it were early (skipped as no longer due)
    assert (report.sent, report.late, report.cancelled) == (1, 1, 1)
    assert all("예정 시각" in m.text for m in mail.sent)
    assert not any("다가옵니다" in m.text for m in mail.sent)
    assert mapp.reminders.run_due(SEND).sent == 0
    assert all(r.late for r in mapp.reminders.list_reminders(ADMIN, "all", number) if r.status == "sent")


def test_the_digest_goes_at_nine_on_working_days_only_once(
        mapp: App, clock: FrozenClock, mail: RecordingMailer) -> None:
    # Given a case whose acknowledgement is overdue
    open_case(mapp, clock, at(2026, 12, 23, 9))
    # Before 09:00 on Thu 12/24 nothing is queued; at 09:00 one digest per supervisor
    clock.set(at(2026, 12, 24, 8, 59))
    assert mapp.reminders.run_due().queued_digests == 0
    clock.set(at(2026, 12, 24, 9))
    assert mapp.reminders.run_due().queued_digests == 2
    assert mapp.reminders.run_due().queued_digests == 0
    digest = next(m for m in mail.sent if m.subject.startswith("[일일 기한 현황]"))
    assert digest.subject == "[일일 기한 현황] 2026. 12. 24. — 기한 경과 1건, 7일 이내 도래 0건"
    # On 기독탄신일 (Fri 12/25) there is no digest
    clock.set(at(2026, 12, 25, 9, 30))
    assert mapp.reminders.run_due().queued_digests == 0


def test_the_monthly_review_is_queued_from_nine_on_the_first_working_day(
        mapp: App, clock: FrozenClock, mail: RecordingMailer) -> None:
    open_case(mapp, clock, at(2026, 12, 15, 9))
    # 2027-01-01 is 신정 (Fri), then the weekend: the first working day is Mon 1/4
    clock.set(at(2027, 1, 1, 10))
    assert mapp.reminders.queue_reviews().queued_reviews == 0
    clock.set(at(2027, 1, 4, 9))
    assert mapp.reminders.queue_reviews().queued_reviews == 2
    clock.set(at(2027, 1, 20, 9))
    assert mapp.reminders.queue_reviews().queued_reviews == 0
    mapp.reminders.run_due(SEND)
    reviews = [m for m in mail.sent if m.subject.startswith("[월간 사건 점검]")]
    assert [(m.to[0].email, m.subject) for m in reviews] == [
        ("park@example.org", "[월간 사건 점검] 2027년 1월 — 진행 중인 담당 사건 1건")]


def test_a_progress_notice_comes_round_every_thirty_working_days(
        mapp: App, clock: FrozenClock) -> None:
    # Given a case received Fri 2/13: its first progress notice is due Wed 4/1 18:00
    number = open_case(mapp, clock, at(2026, 2, 13, 16, 30))
    first = by_rule(mapp, number)["progress_notice"]
    # When kim records it done early, the next one counts from the day after 4/1: Apr 2–3
    # (1–2), 6–10 (3–7), 13–17 (8–12), 20–24 (13–17), 27–30 (18–21), 노동절 5/1 skipped,
    # 5/4 (22), 어린이날 5/5 skipped, 5/6–8 (23–25), 5/11–15 (26–30) → Fri 5/15 18:00
    clock.set(at(2026, 3, 20, 10))
    done = mapp.adjust.complete_deadline(mapp.users.actor("kim"), number, first.id, "통지 발송")
    assert done.status == "met"
    found = [d for d in mapp.deadlines.list_deadlines(ADMIN, number) if d.rule == "progress_notice"]
    assert [(d.seq, d.due_at) for d in found] == [(2, at(2026, 5, 15, 18))]
    # And when that one passes without being done, the sweep starts the third
    clock.set(at(2026, 5, 15, 18))
    assert mapp.reminders.run_due(("repeat",)).repeats_opened == 1
    assert mapp.reminders.run_due(("repeat",)).repeats_opened == 0
    seqs = [d.seq for d in mapp.deadlines.list_deadlines(ADMIN, number) if d.rule == "progress_notice"]
    assert seqs == [2, 3]


def test_a_dormant_case_is_noticed_then_closed_by_the_system(
        mapp: App, clock: FrozenClock, mail: RecordingMailer) -> None:
    # Given a case received Mon 2026-01-05 09:00 with a party, then nothing recorded
    number = open_case(mapp, clock, at(2026, 1, 5, 9), parties=1)
    last_step = mapp.reading.show_case(ADMIN, number).case.updated_at
    assert last_step == at(2026, 1, 5, 9)
    # 150 calendar days, the first day included: day 150 is Wed 6/3, 지방선거일, so the quiet
    # period ends on Thu 6/4 at 18:00
    clock.set(at(2026, 6, 4, 17, 59))
    assert mapp.reminders.run_due(("dormancy",)).dormancy_notices == 0
    clock.set(at(2026, 6, 4, 18))
    assert mapp.reminders.run_due(("dormancy", "send")).dormancy_notices == 1
    # Then the notice is on the record and went to the mediator and, separately, the party
    assert mapp.reading.history(ADMIN, number)[-1].kind == "dormancy_notice"
    notices = [m for m in mail.sent if m.subject.startswith("[장기 미진행 안내]")]
    assert sorted(m.to[0].email for m in notices) == ["kim@example.org", "party1@example.org"]
    # And the party is given the officer's name and the office's contacts, never a username
    [to_party] = [m for m in notices if m.to[0].email == "party1@example.org"]
    assert "김조정에게 연락해 주세요" in to_party.text and "kim@example.org" in to_party.text
    assert "(kim)" not in to_party.text
    # And 30 calendar days from 6/4 (day one) end on Fri 7/3 at 18:00
    dormant = by_rule(mapp, number)["dormancy"]
    assert dormant.due_at == at(2026, 7, 3, 18)
    # When that passes with no step, the system closes the case as inactive
    clock.set(at(2026, 7, 3, 18))
    assert mapp.reminders.run_due(("dormancy",)).closed_inactive == 1
    case = mapp.reading.show_case(ADMIN, number).case
    assert (case.state, case.closed) == ("closed_inactive", True)
    last = mapp.reading.history(ADMIN, number)[-1]
    assert (last.actor, last.trigger) == ("system", "close_inactive")
    assert by_rule(mapp, number)["dormancy"].status == "met"
    assert mapp.reading.verify(ADMIN, number)[0].ok


def test_a_step_after_the_dormancy_notice_keeps_the_case_open(
        mapp: App, clock: FrozenClock) -> None:
    number = open_case(mapp, clock, at(2026, 1, 5, 9))
    clock.set(at(2026, 6, 4, 18))
    mapp.reminders.run_due(("dormancy",))
    # When kim records a step after the notice
    clock.set(at(2026, 6, 10, 10))
    mapp.moves.advance(mapp.users.actor("kim"), number, "diagnose")
    # Then at the closing time the dormancy deadline has already gone, and the case stays open
    clock.set(at(2026, 7, 3, 18))
    assert mapp.reminders.run_due(("dormancy",)).closed_inactive == 0
    assert mapp.reading.show_case(ADMIN, number).case.state == "diagnosis"


def test_the_demo_helper_puts_a_reminder_and_an_escalation_in_the_outbox(
        database_url: str, tmp_path: Path, clock: FrozenClock) -> None:
    # Given an app writing mail to an outbox folder
    outbox = OutboxMailer(tmp_path / "outbox")
    app = seeded(make_settings(tmp_path, database_url), clock, outbox)
    try:
        number = open_case(app, clock, at(2026, 11, 24, 9))
        # When the demo helper walks the clock to the first reminder and escalation
        sent = demo_reminder_and_escalation(app.reminders, clock, number)
        # Then both arrived as .eml files, readable with their Korean subjects
        assert [(r.kind, r.status) for r in sent] == [("reminder", "sent"), ("escalation", "sent")]
        files = sorted((tmp_path / "outbox").glob("*.eml"))
        subjects = sorted(str(message_from_bytes(f.read_bytes(), policy=policy.default)["Subject"])
                          for f in files)
        rule = "접수 확인 및 처리담당자 안내"
        assert subjects == [f"[기한 경과·독촉] {number} {rule} — 2026. 11. 24. 12:00 경과",
                            f"[기한 임박] {number} {rule} — 2026. 11. 24. 12:00까지"]
        assert clock.now().astimezone(SEOUL) == at(2026, 11, 24, 12)
    finally:
        app.close()
