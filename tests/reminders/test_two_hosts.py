"""Two ``mediation scheduler run`` daemons on one database, as two hosts would run them, with a
real SMTP server: every reminder, the 09:00 digest and the monthly review arrive exactly
once; and a daemon killed (SIGKILL) in the middle of a send loses nothing — a restarted one
sends what it had claimed, once.

Both daemons run on the same frozen clock, Tuesday 2026-12-01 11:00 (the first working day
of the month, after 09:00: the digest and the review are due, and so is the first reminder
of each case opened at 09:00). Cases are also opened while the daemons are sweeping, so their
reminders fall due under both at once. Each claims two messages at a time
(``MEDIATION_REMINDER_BATCH=2``) and pauses after each send, so their claims interleave.
Parametrised over both databases: PostgreSQL (``FOR UPDATE SKIP LOCKED``) and SQLite (one
writer at a time).
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from conftest import ADMIN, Cli
from sqlalchemy import select
from support.cases import at, open_case
from support.smtp import SmtpSink, running_sink, smtp_env

from mediation.app import App
from mediation.core.clock import FrozenClock
from mediation.storage.outbox import reminders
from mediation.views.outbox import ReminderView

NOW = at(2026, 12, 1, 11)
OPENED = at(2026, 12, 1, 9)
FINAL = {"sent", "cancelled"}
WAIT = 90.0  # seconds: a bound for a loaded machine; a quiet one needs a few


@pytest.fixture
def sink() -> Iterator[SmtpSink]:
    yield from running_sink()


def daemon(cli: Cli, sink: SmtpSink, now: Any = NOW, *args: str) -> subprocess.Popen[str]:
    return cli.spawn("scheduler", "run", "--sweep-seconds", "0.2", "--quiet", *args,
                     **smtp_env(sink, now, MEDIATION_REMINDER_BATCH="2",
                                MEDIATION_FAULT="after_send:sleep=0.1"))


def wait_for(what: str, ready: Callable[[], bool], procs: list[subprocess.Popen[str]]) -> None:
    """Wait (bounded) until ``ready()``; fail if a daemon died or the time ran out."""
    deadline = time.monotonic() + WAIT
    while not ready():
        for p in procs:
            if p.poll() is not None:
                raise AssertionError(f"a scheduler stopped ({p.returncode}): {p.stderr.read()}"
                                     if p.stderr else f"a scheduler stopped ({p.returncode})")
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.1)


def stop(p: subprocess.Popen[str]) -> str:
    """SIGTERM a daemon; it must finish its job and exit 0. Its stderr."""
    p.send_signal(signal.SIGTERM)
    _, err = p.communicate(timeout=WAIT)
    assert p.returncode == 0, err
    return err


def due(app: App) -> list[ReminderView]:
    return [r for r in app.reminders.list_reminders(ADMIN, "all")
            if r.send_at is not None and r.send_at <= NOW]


def claims(app: App) -> dict[int, tuple[str, str | None]]:
    """Each reminder's status and the sender (``host:pid:nonce``) that claimed it last."""
    with app.db.read() as conn:
        rows = conn.execute(select(reminders.c.id, reminders.c.status,
                                   reminders.c.claimed_by)).all()
    return {r.id: (r.status, r.claimed_by) for r in rows}


def all_done(app: App, cases: int) -> Callable[[], bool]:
    def ready() -> bool:
        rows = due(app)
        return (sum(r.kind == "reminder" for r in rows) == cases
                and sum(r.kind == "review" for r in rows) == 2
                and sum(r.kind == "digest" for r in rows) == 2
                and all(r.status in FINAL for r in rows))
    return ready


def pid_of(token: str | None) -> int:
    assert token is not None
    return int(token.split(":")[1])


def assert_each_sent_once(app: App, sink: SmtpSink, cases: int) -> list[ReminderView]:
    rows = due(app)
    sent = [r for r in rows if r.status == "sent"]
    received = sink.message_ids()
    # every message arrived once: no Message-ID twice, and exactly those recorded as sent
    assert len(received) == len(set(received)), sorted(received)
    assert sorted(received) == sorted(r.message_id for r in sent)
    # a reminder for each case; the review and the digest to park, the one supervisor with
    # cases (choi's, with nothing to report, are cancelled)
    assert sum(r.kind == "reminder" for r in sent) == cases
    for subject in ("[월간 사건 점검]", "[일일 기한 현황]"):
        got = [m.rcpt_tos for m in sink.received if str(m.message["Subject"]).startswith(subject)]
        assert got == [("park@example.org",)], subject
    return rows


def test_two_schedulers_send_each_reminder_digest_and_review_exactly_once(
        app: App, clock: FrozenClock, cli: Cli, sink: SmtpSink) -> None:
    # Given four cases opened at 09:00 (the digest has deadlines to report)
    for _ in range(4):
        open_case(app, clock, OPENED)
    # When two schedulers start together at 11:00
    procs = [daemon(cli, sink) for _ in range(2)]
    # and, once both are sweeping, sixteen more cases are opened whose reminders are due at once
    wait_for("the first messages", lambda: len(sink.received) >= 3, procs)
    for _ in range(16):
        open_case(app, clock, OPENED)
    wait_for("every message due", all_done(app, 20), procs)
    time.sleep(1.0)  # a few more sweeps of both: nothing more may be sent
    errors = [stop(p) for p in procs]
    # Then neither reported an error
    assert errors == ["", ""]
    # And every reminder, the digest and the reviews arrived exactly once
    rows = assert_each_sent_once(app, sink, 20)
    assert {r.attempts for r in rows if r.status == "sent"} == {1}
    # And both schedulers did part of the sending
    senders = {pid_of(token) for status, token in claims(app).values() if status == "sent"}
    assert senders == {p.pid for p in procs}


def test_a_scheduler_killed_mid_send_loses_nothing_a_restart_sends_its_claims_once(
        app: App, clock: FrozenClock, cli: Cli, sink: SmtpSink) -> None:
    # Given ten cases opened at 09:00, and a mail server that keeps the first sender waiting
    # in the middle of its first message (before accepting it)
    for _ in range(10):
        open_case(app, clock, OPENED)
    sink.hold_next()
    # When two schedulers start at 11:00
    procs = [daemon(cli, sink) for _ in range(2)]
    assert sink.held.wait(WAIT), "no scheduler reached the mail server"

    # and the other one has sent everything else (what is left is the held sender's claim)
    def only_held_claims() -> bool:
        rows = due(app)
        left = {token for rid, (status, token) in claims(app).items()
                if status not in FINAL and rid in {r.id for r in rows}}
        return len(rows) >= 14 and len(left) == 1 and all(
            claims(app)[r.id][0] == "sending" for r in rows if r.status not in FINAL)

    wait_for("the other scheduler to send the rest", only_held_claims, procs)
    held = {rid: token for rid, (status, token) in claims(app).items() if status == "sending"}
    victim = pid_of(next(iter(held.values())))
    assert victim in {p.pid for p in procs}
    # and the held one is killed (SIGKILL) with its batch claimed and half sent
    os.kill(victim, signal.SIGKILL)
    [dead] = [p for p in procs if p.pid == victim]
    [alive] = [p for p in procs if p.pid != victim]
    dead.communicate(timeout=WAIT)
    assert dead.returncode == -signal.SIGKILL
    sink.release()
    before = len(sink.received)
    # Then the survivor does not take a claim whose lease (5 minutes) still holds
    time.sleep(1.0)
    assert len(sink.received) == before
    assert all(claims(app)[rid][0] == "sending" for rid in held)
    # When the dead one is restarted after the lease (11:06)
    restarted = daemon(cli, sink, at(2026, 12, 1, 11, 6), "--sweeps", "2")
    _, err = restarted.communicate(timeout=WAIT)
    assert restarted.returncode == 0, err
    assert stop(alive) == ""
    # Then what the killed scheduler had claimed was sent by the restarted one, once
    after = claims(app)
    assert {after[rid][0] for rid in held} == {"sent"}
    assert {pid_of(after[rid][1]) for rid in held} == {restarted.pid}
    # And every message due arrived exactly once
    assert_each_sent_once(app, sink, 10)
