"""The APScheduler 3.x adapter: wakes the service; keeps no state of its own.

Everything that must survive a restart is in the database (the reminder outbox), so the
scheduler uses APScheduler's in-memory job store and any number of schedulers may run at
once. Jobs, all in Asia/Seoul: a frequent sweep (send what is due, start repeating
deadlines), 09:00 on weekdays (the supervisors' digest; the service skips holidays), 09:00 on
days 1–7 (the monthly review, queued once on the month's first working day) and an hourly
dormancy check. Jobs run one at a time (one worker thread, one mail connection); a job that
fell behind runs once, however late (``coalesce`` with no ``misfire_grace_time``: the
default of one second would silently drop it). At start, one run of every job catches up
on what fell due while no scheduler ran.
"""

from __future__ import annotations

import logging
import signal
from collections.abc import Callable, Collection
from types import FrameType
from typing import Any

from mediation.core.clock import SEOUL
from mediation.core.errors import MediationError

SWEEP = frozenset({"repeat", "send"})
DIGEST = frozenset({"digest", "send"})
REVIEW = frozenset({"review", "send"})
DORMANCY = frozenset({"dormancy", "send"})
EVERYTHING = frozenset(SWEEP | DIGEST | REVIEW | DORMANCY)

Run = Callable[[Collection[str]], Any]


def build_scheduler(wake: Callable[[frozenset[str]], None], *, sweep_seconds: float,
                    dormancy_minutes: float = 60, blocking: bool = True) -> Any:
    """A scheduler with the four jobs, each calling ``wake(jobs)``."""
    from apscheduler.executors.pool import ThreadPoolExecutor
    from apscheduler.schedulers.background import BackgroundScheduler
    from apscheduler.schedulers.blocking import BlockingScheduler
    from apscheduler.triggers.cron import CronTrigger
    from apscheduler.triggers.interval import IntervalTrigger

    # a sweep still running when the next is due is skipped on purpose (``max_instances=1``):
    # APScheduler's warning about it would print a line to stderr every interval
    logging.getLogger("apscheduler.scheduler").setLevel(logging.ERROR)
    kind = BlockingScheduler if blocking else BackgroundScheduler
    scheduler = kind(timezone=SEOUL, executors={"default": ThreadPoolExecutor(1)})
    jobs = (
        ("sweep", IntervalTrigger(seconds=sweep_seconds, timezone=SEOUL), SWEEP),
        ("digest", CronTrigger(day_of_week="mon-fri", hour=9, minute=0, timezone=SEOUL), DIGEST),
        ("review", CronTrigger(day="1-7", hour=9, minute=0, timezone=SEOUL), REVIEW),
        ("dormancy", IntervalTrigger(minutes=dormancy_minutes, timezone=SEOUL), DORMANCY),
    )
    for name, trigger, what in jobs:
        scheduler.add_job(wake, trigger, args=[what], id=name, name=name, coalesce=True,
                          max_instances=1, misfire_grace_time=None)
    return scheduler


class Daemon:
    """Runs ``run(jobs)`` from the scheduler; stops after ``max_sweeps`` wake-ups (tests and
    the soak benchmark) or on SIGTERM/SIGINT."""

    def __init__(self, run: Run, *, sweep_seconds: float, max_sweeps: int | None = None,
                 report: Callable[[frozenset[str], Any], None] | None = None,
                 error: Callable[[MediationError], None] | None = None) -> None:
        self.run = run
        self.max_sweeps = max_sweeps
        self.sweeps = 0
        self.report = report
        self.error = error
        self.scheduler = build_scheduler(self.wake, sweep_seconds=sweep_seconds)

    def wake(self, jobs: frozenset[str]) -> None:
        try:
            result = self.run(jobs)
            if self.report is not None:
                self.report(jobs, result)
        except MediationError as exc:  # the database or the mail server is down: next time
            if self.error is not None:
                self.error(exc)
        self.sweeps += 1
        if self.done and self.scheduler.running:
            self.scheduler.shutdown(wait=False)

    @property
    def done(self) -> bool:
        return self.max_sweeps is not None and self.sweeps >= self.max_sweeps

    def _stop(self, signum: int, frame: FrameType | None) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)

    def start(self) -> int:
        """Catch up once, then run the jobs until stopped; returns the number of wake-ups."""
        self.wake(EVERYTHING)
        if self.done:
            return self.sweeps
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, self._stop)
        self.scheduler.start()
        return self.sweeps
