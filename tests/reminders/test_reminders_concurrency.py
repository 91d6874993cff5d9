"""Two ``mediation reminders run-due`` processes started at the same moment, on PostgreSQL
(``FOR UPDATE SKIP LOCKED``) and on SQLite (``BEGIN IMMEDIATE``): every reminder reaches the
SMTP server exactly once.

Each process claims two reminders at a time (``MEDIATION_REMINDER_BATCH=2``) and pauses
150 ms after each message (``MEDIATION_FAULT=after_send:sleep=0.15``), so that their claims
interleave for several seconds instead of one process taking everything at once.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from conftest import ADMIN, Cli, Result
from support.cases import at, open_case
from support.smtp import SmtpSink, running_sink, smtp_env

from mediation.app import App
from mediation.core.clock import FrozenClock

CASES = 30

@pytest.fixture
def sink() -> Iterator[SmtpSink]:
    yield from running_sink()


def test_two_run_due_processes_at_once_deliver_every_reminder_exactly_once(
        app: App, clock: FrozenClock, cli: Cli, sink: SmtpSink) -> None:
    # Given thirty cases received at 09:00, each with a reminder due at 11:00
    for _ in range(CASES):
        open_case(app, clock, at(2026, 11, 24, 9))
    # When two run-due processes start together at 11:00
    env = smtp_env(sink, at(2026, 11, 24, 11), MEDIATION_REMINDER_BATCH="2",
                   MEDIATION_FAULT="after_send:sleep=0.15")
    procs = [cli.spawn("reminders", "run-due", "--json", **env) for _ in range(2)]
    results = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        results.append(Result(p.returncode, out, err))
    assert [r.code for r in results] == [0, 0], [r.err for r in results]
    # Then both did part of the work
    sent = [json.loads(r.out)["sent"] for r in results]
    assert all(n > 0 for n in sent), sent
    # And every reminder arrived exactly once
    received = sink.message_ids()
    assert len(received) == len(set(received)) == sum(sent)
    rows = [r for r in app.reminders.list_reminders(ADMIN, "all") if r.status == "sent"]
    assert sorted(r.message_id for r in rows) == sorted(received)
    assert sum(r.kind == "reminder" for r in rows) == CASES
    assert {r.attempts for r in rows} == {1}
