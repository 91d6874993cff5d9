"""The APScheduler adapter: its jobs (Asia/Seoul, coalesced, never dropped when late), the
daemon around them, and a real ``mediation scheduler run`` process killed with SIGKILL in the
middle of a sweep and started again: nothing is lost, and the only message sent twice is the
one the server accepted just before the kill, with the same Message-ID both times.
"""

from __future__ import annotations

import json
import signal
from collections.abc import Collection, Iterator
from typing import Any

import pytest
from conftest import ADMIN, Cli
from support.cases import at, open_case
from support.smtp import SmtpSink, running_sink, smtp_env

from mediation.app import App
from mediation.core.clock import SEOUL, FrozenClock
from mediation.core.errors import StorageError
from mediation.reminders.scheduler import DIGEST, EVERYTHING, SWEEP, Daemon, build_scheduler


@pytest.fixture
def sink() -> Iterator[SmtpSink]:
    yield from running_sink()


def jobs_of(scheduler: Any) -> dict[str, Any]:
    return {job.id: job for job in scheduler.get_jobs()}


def test_the_jobs_run_in_seoul_time_coalesced_and_never_dropped_when_late() -> None:
    # Given the scheduler the daemon builds
    scheduler = build_scheduler(lambda jobs: None, sweep_seconds=30, blocking=False)
    jobs = jobs_of(scheduler)
    # Then it has the four jobs, each run once however late it is
    assert set(jobs) == {"sweep", "digest", "review", "dormancy"}
    for job in jobs.values():
        assert (job.coalesce, job.misfire_grace_time, job.max_instances) == (True, None, 1)
        assert str(job.trigger.timezone) == "Asia/Seoul"
    assert jobs["sweep"].args == (SWEEP,) and jobs["digest"].args == (DIGEST,)
    # And the digest wakes at 09:00 Seoul time on weekdays: after Fri 12/25 10:00 comes
    # Mon 12/28 09:00 (the service itself skips public holidays such as 12/25)
    after = jobs["digest"].trigger.get_next_fire_time(None, at(2026, 12, 25, 10))
    assert after == at(2026, 12, 28, 9)
    # And the review wakes at 09:00 on days 1–7 (queued once, on the first working day)
    assert jobs["review"].trigger.get_next_fire_time(None, at(2026, 12, 8, 10)) == at(2027, 1, 1, 9)


def test_the_daemon_catches_up_at_start_then_sweeps_until_told_to_stop() -> None:
    calls: list[frozenset[str]] = []

    def run(jobs: Collection[str]) -> None:
        calls.append(frozenset(jobs))

    # When the daemon is started for three wake-ups at a 10 ms sweep
    done = Daemon(run, sweep_seconds=0.01, max_sweeps=3).start()
    # Then the first wake-up did every job (what fell due while nothing ran), then sweeps
    assert done == 3
    assert calls[0] == EVERYTHING and calls[1:] == [SWEEP, SWEEP]


def test_the_daemon_survives_a_database_that_is_down() -> None:
    errors: list[str] = []

    def run(jobs: Collection[str]) -> None:
        raise StorageError(detail="connection refused")

    done = Daemon(run, sweep_seconds=0.01, max_sweeps=2,
                  error=lambda exc: errors.append(exc.message("en"))).start()
    assert done == 2 and errors == ["Database error: connection refused"] * 2


def test_a_scheduler_killed_mid_sweep_loses_nothing_and_resends_only_the_message_in_flight(
        app: App, clock: FrozenClock, cli: Cli, sink: SmtpSink) -> None:
    # Given five cases received at 09:00, each with a reminder due at 11:00 (and, at 11:00 on a
    # Tuesday, the supervisors' digest and the monthly review to queue)
    numbers = [open_case(app, clock, at(2026, 11, 24, 9)) for _ in range(5)]
    # When a scheduler started at 11:00 is killed (SIGKILL) right after the server accepted
    # its first message, before it could record it as sent
    killed = cli.proc("scheduler", "run", "--sweeps", "3", "--sweep-seconds", "0.2",
                      **smtp_env(sink, at(2026, 11, 24, 11), MEDIATION_FAULT="after_send:kill"))
    assert killed.code == -signal.SIGKILL, killed.err
    assert len(sink.received) == 1
    in_flight = sink.message_ids()[0]
    # Then a scheduler started while the dead one's claims still hold sends nothing again
    early = cli.proc("scheduler", "run", "--sweeps", "1", "--json",
                     **smtp_env(sink, at(2026, 11, 24, 11, 2)))
    assert early.code == 0, early.err
    assert len(sink.received) == 1
    # When one starts after the claims have expired (5 minutes)
    later = cli.proc("scheduler", "run", "--sweeps", "1", **smtp_env(sink, at(2026, 11, 24, 11, 6)))
    assert later.code == 0, later.err
    # Then every reminder is sent, each message arrived, and the only one that arrived twice
    # is the one in flight at the kill — with the same Message-ID both times
    rows = app.reminders.list_reminders(ADMIN, "all")
    due = [r for r in rows if r.send_at is not None and r.send_at <= at(2026, 11, 24, 11)]
    assert due and {r.status for r in due} <= {"sent", "cancelled"}
    sent_ids = sorted(r.message_id for r in due if r.status == "sent")
    received = sink.message_ids()
    assert sorted(set(received)) == sent_ids
    assert sorted(received) == sorted([*sent_ids, in_flight])
    # And the reminders of all five cases are among them, marked late (sent 6 minutes after)
    reminders = [r for r in due if r.kind == "reminder"]
    assert sorted(r.number for r in reminders) == sorted(numbers)
    assert all(r.late for r in reminders)


def test_scheduler_run_sends_due_reminders_and_reports_its_sweeps(
        app: App, clock: FrozenClock, cli: Cli, sink: SmtpSink) -> None:
    open_case(app, clock, at(2026, 11, 24, 9))
    result = cli.proc("scheduler", "run", "--sweeps", "2", "--sweep-seconds", "0.05", "--json",
                      **smtp_env(sink, at(2026, 11, 24, 11)))
    assert result.code == 0, result.err
    assert json.loads(result.out) == {"sweeps": 2}
    subjects = [str(r.message["Subject"]) for r in sink.received]
    assert any(s.startswith("[기한 임박] 2026-0001") for s in subjects)
    assert all(r.message["From"].addresses[0].addr_spec == "noreply@seoul.example.org"
               for r in sink.received)


@pytest.mark.parametrize("value", ["0", "-1", "x"])
def test_a_bad_sweep_interval_is_refused(cli: Cli, value: str) -> None:
    result = cli("scheduler", "run", "--sweep-seconds", value, "--sweeps", "1")
    assert result.code == 2


def test_seoul_is_the_time_zone_of_the_schedule() -> None:
    assert str(SEOUL) == "Asia/Seoul"
