"""Use cases of the reminder outbox: what falls due (repeating deadlines, dormant cases, the
daily digest, the monthly review), and sending due e-mails exactly as often as needed.

Sending claims a batch atomically (status ``sending`` under a lease), sends each message,
then records the result. A sender that dies leaves its claims to expire; the next sweep
sends them again with the same Message-ID. That resend is the one at-least-once window: a
message the server accepted just before the sender died, before ``sent`` was written.
SMTP failures are retried with exponential backoff, then marked ``failed`` — never dropped.
"""

from __future__ import annotations

import dataclasses
import os
import secrets
import socket
from collections.abc import Collection
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import Row
from sqlalchemy.engine import Connection

from mediation.cases.moves import Moves
from mediation.casework import CaseWork
from mediation.core.clock import SEOUL, FrozenClock
from mediation.core.errors import BadInput, ConcurrentChange, MediationError
from mediation.deadlines.commands import SYSTEM_ACTOR, DeadlineCommands
from mediation.mail.composer import Composer
from mediation.mail.message import Email, Mailer, MailError
from mediation.privacy.need import Masker, audience_party
from mediation.reminders.notices import NoticeBuilder
from mediation.storage import deadlines as store
from mediation.storage import outbox, scope
from mediation.views.outbox import ReminderView, SweepReport
from mediation.views.page import DEFAULT_LIMIT, Page, page_of
from mediation.workflow.definitions import SYSTEM, DeadlineRuleDef, PeriodDef, WorkflowDef
from mediation.workflow.engine import Actor
from mediation.workflow.timeline import due_after

JOBS = ("repeat", "dormancy", "digest", "review", "send")
DIGEST_AT = time(9, 0)
DIGEST_WINDOW = timedelta(days=7)
MAX_BACKOFF = timedelta(hours=6)
LISTS = {"open": outbox.OPEN, "failed": ("failed",), "all": None}


def quiet_lower_bound(period: PeriodDef) -> timedelta:
    """A span no longer than ``period`` in any counting, for a cheap first filter in SQL."""
    days = {"calendar_days": period.amount - 1, "days": period.amount - 1,
            "months": period.amount * 28 - 1}.get(period.unit, 0)
    return timedelta(days=max(0, days))


def reminder_view(row: Row[Any]) -> ReminderView:
    return ReminderView(
        id=row.id, key=row.key, number=getattr(row, "number", None), deadline_id=row.deadline_id,
        kind=row.kind, audience=row.audience, recipients=tuple(row.recipients),
        send_at=row.send_at, next_at=row.next_at, status=row.status, attempts=row.attempts,
        last_error=row.last_error, sent_at=row.sent_at, message_id=row.message_id, late=row.late)


def _masked(view: ReminderView, row: Row[Any], masker: Masker) -> ReminderView:
    """``view`` with a private person's addresses masked, for a user not on its case."""
    if row.case_id is None or not masker.masks(row, audience_party(row.audience)):
        return view
    return dataclasses.replace(view, recipients=masker.contacts(view.recipients))


class ReminderCommands(CaseWork):
    def __init__(self, *args: Any, deadlines: DeadlineCommands, moves: Moves, mailer: Mailer,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.deadlines = deadlines
        self.moves = moves
        self.mailer = mailer

    _composer: Composer | None = None

    def run_due(self, jobs: Collection[str] = JOBS) -> SweepReport:
        """Do once whatever of ``jobs`` is due now (what ``reminders run-due`` runs)."""
        report = SweepReport()
        if "repeat" in jobs:
            report += self.roll_repeats()
        if "dormancy" in jobs:
            report += self.check_dormancy()
        if "digest" in jobs:
            report += self.queue_digests()
        if "review" in jobs:
            report += self.queue_reviews()
        if "send" in jobs:
            report += self.deliver()
        return report

    # what falls due ----------------------------------------------------------------------

    def roll_repeats(self) -> SweepReport:
        """Start the next occurrence of each repeating deadline whose due time has passed."""
        now = self.now()
        with self.db.read() as conn:
            if not store.repeats_to_roll(conn, now):
                return SweepReport()
        opened = 0
        with self.db.write() as conn:
            for row in store.repeats_to_roll(conn, now):
                opened += self.deadlines.next_occurrence(conn, row, now) is not None
        return SweepReport(repeats_opened=opened)

    def check_dormancy(self) -> SweepReport:
        notices = closed = 0
        for wf in self.workflows.values():
            rule = next((r for r in wf.deadlines if r.kind == "dormancy"), None)
            if rule is not None:
                notices += self._notice_dormant(wf, rule)
        now = self.now()
        with self.db.read() as conn:
            due = store.dormancy_due(conn, now)
        for row in due:
            closed += self._close_dormant(row)
        return SweepReport(dormancy_notices=notices, closed_inactive=closed)

    def _notice_dormant(self, wf: WorkflowDef, rule: DeadlineRuleDef) -> int:
        now = self.now()
        with self.db.read() as conn:
            cal = self.deadlines.calendar(conn)
            found = store.dormant_cases(conn, now - quiet_lower_bound(rule.length), [wf.name])
        count = 0
        for case in found:
            if due_after(cal, case.updated_at, rule.length) <= now:
                try:
                    count += self._send_dormancy_notice(case.number, rule, now)
                except ConcurrentChange:
                    continue  # someone recorded a step meanwhile: not dormant any more
        return count

    def _send_dormancy_notice(self, number: str, rule: DeadlineRuleDef, now: datetime) -> int:
        assert rule.close_after is not None
        with self.db.write() as conn:
            case = self.load_case(conn, number)
            cal = self.deadlines.calendar(conn)
            if case.closed or due_after(cal, case.updated_at, rule.length) > now:
                return 0
            seq = 1 + sum(r.rule == rule.name for r in store.deadlines_of_case(conn, case.id))
            self.append(conn, case, SYSTEM, "dormancy_notice", now, details={
                "rule": rule.name, "basis": rule.basis, "quiet_since": case.updated_at.isoformat()})
            deadline_id = self.deadlines.start_deadline(conn, case.id, rule, cal, start=now, now=now,
                                              paused=False, seq=seq, period=rule.close_after)
            if deadline_id is None:
                return 0
            audiences = ["mediator", *(f"party:{p.id}" for p in self._parties_with_mail(conn, case.id))]
            outbox.insert_reminders(conn, [outbox.reminder_row(domain=self.deadlines.policy.domain,
                key=f"deadline:{deadline_id}:g0:notice.{a}", case_id=case.id,
                deadline_id=deadline_id, kind="dormancy", audience=a, send_at=now, now=now)
                for a in audiences])
        return 1

    @staticmethod
    def _parties_with_mail(conn: Connection, case_id: int) -> list[Row[Any]]:
        from mediation.storage import cases as repo

        return [p for p in repo.parties_of(conn, case_id) if p.email and p.stopped_at is None]

    def _close_dormant(self, row: Row[Any]) -> int:
        now = self.now()
        with self.db.read() as conn:
            case = store.case_by_id(conn, row.case_id)
            woke = case is not None and store.stepped_since(conn, row.case_id, row.start_at, SYSTEM)
        if case is None or case.closed:
            return 0
        wf = self.workflow(case.workflow)
        rule = wf.deadline(row.rule)
        if woke or rule is None or rule.trigger is None:
            with self.db.write() as conn:
                store.close_deadlines(conn, [row.id], "cancelled", now, SYSTEM)
                outbox.cancel_pending(conn, [row.id])
            return 0
        try:
            self.moves.fire_as_system(case.number, rule.trigger,
                                f"{rule.title.ko} — {rule.basis}")
        except MediationError:  # a step was recorded meanwhile; the next check decides again
            return 0
        return 1

    def _supervisors(self, conn: Connection) -> list[str]:
        return [u.username for u in store.active_with_role(conn, "supervisor")]

    def _queue(self, rows: list[dict[str, Any]]) -> int:
        """Insert the rows whose key is new; returns how many were new."""
        if not rows:
            return 0
        with self.db.read() as conn:
            known = {r.key for r in outbox.reminders_by_key(conn, [r["key"] for r in rows])}
        fresh = [r for r in rows if r["key"] not in known]
        if fresh:
            with self.db.write() as conn:
                outbox.insert_reminders(conn, fresh)
        return len(fresh)

    def queue_digests(self) -> SweepReport:
        """At 09:00 on a working day, one digest per supervisor (once a day)."""
        now = self.now()
        today = now.astimezone(SEOUL)
        with self.db.read() as conn:
            if not self.deadlines.calendar(conn).is_working_day(today.date()) or today.time() < DIGEST_AT:
                return SweepReport()
            people = self._supervisors(conn)
        at = datetime.combine(today.date(), DIGEST_AT, tzinfo=SEOUL)
        rows = [outbox.reminder_row(key=f"digest:{u}:{today.date().isoformat()}", case_id=None,
                                    deadline_id=None, kind="digest", audience=f"user:{u}",
                                    send_at=at, now=now, domain=self.deadlines.policy.domain)
                for u in people]
        return SweepReport(queued_digests=self._queue(rows))

    def queue_reviews(self) -> SweepReport:
        """From 09:00 on the first working day of a month, one review reminder per supervisor
        (민원 시행령 제22조: every open case reviewed at least monthly)."""
        now = self.now()
        today = now.astimezone(SEOUL)
        with self.db.read() as conn:
            first = self.deadlines.calendar(conn).nth_working_day(today.date().replace(day=1), 1)
            at = datetime.combine(first, DIGEST_AT, tzinfo=SEOUL)
            if now < at:
                return SweepReport()
            people = self._supervisors(conn)
        rows = [outbox.reminder_row(key=f"review:{u}:{first:%Y-%m}", case_id=None, deadline_id=None,
                                    kind="review", audience=f"user:{u}", send_at=at, now=now,
                                    domain=self.deadlines.policy.domain)
                for u in people]
        return SweepReport(queued_reviews=self._queue(rows))

    # sending ---------------------------------------------------------------------------

    def deliver(self) -> SweepReport:
        """Claim and send every due reminder, batch by batch, on one mail connection."""
        token = f"{socket.gethostname()[:24]}:{os.getpid()}:{secrets.token_hex(4)}"
        if self._composer is None:  # compiled templates are kept; Jinja reloads edited files
            self._composer = Composer(self.deadlines.policy.templates)
        builder = NoticeBuilder(self.deadlines.policy, self.workflows, self._composer)
        report = SweepReport()
        try:
            while True:
                now = self.now()
                with self.db.write() as conn:
                    batch = outbox.claim(conn, now=now, lease_until=now + self.deadlines.policy.lease,
                                        token=token, limit=self.deadlines.policy.batch)
                if not batch:
                    return report
                with self.db.read() as conn:  # one read for the batch's messages
                    builder.prefetch(conn, batch)
                    built = [(row, self._build(builder, conn, row)) for row in batch]
                for row, email in built:
                    report += self._deliver_one(row, email, token)
        finally:
            self.mailer.close()

    def _build(self, builder: NoticeBuilder, conn: Connection,
               row: Row[Any]) -> Email | MailError | None:
        try:
            return builder.build(conn, row, self.now())
        except MailError as exc:
            return exc

    def _deliver_one(self, row: Row[Any], email: Email | MailError | None,
                     token: str) -> SweepReport:
        """Send one built message and record the outcome (a write of its own, so that a
        crash resends at most the message in flight)."""
        now = self.now()
        if isinstance(email, MailError):
            return self._failed(row, token, email, now)
        if email is None:
            with self.db.write() as conn:
                outbox.finish(conn, row.id, token, {"status": "cancelled", "next_at": None,
                                                   "last_error": "no longer due"})
            return SweepReport(cancelled=1)
        try:
            self.mailer.send(email)
        except MailError as exc:
            return self._failed(row, token, exc, now)
        self.faults.hit("after_send")
        late = row.send_at is not None and now - row.send_at > self.deadlines.policy.late_after
        with self.db.write() as conn:
            outbox.finish(conn, row.id, token, {
                "status": "sent", "sent_at": now, "next_at": None, "late": late,
                "last_error": None, "recipients": [a.email for a in email.to]})
        return SweepReport(sent=1, late=int(late))

    def _failed(self, row: Row[Any], token: str, exc: MailError, now: datetime) -> SweepReport:
        error = exc.message("en")[:1000]
        if not exc.transient or row.attempts >= self.deadlines.policy.retry_limit:
            values: dict[str, Any] = {"status": "failed", "next_at": None, "last_error": error}
            result = SweepReport(failed=1)
        else:
            wait = min(MAX_BACKOFF, self.deadlines.policy.retry_base * 2 ** (row.attempts - 1))
            values = {"status": "pending", "next_at": now + wait, "last_error": error}
            result = SweepReport(retrying=1)
        with self.db.write() as conn:
            outbox.finish(conn, row.id, token, values)
        return result

    # reading and repairing ---------------------------------------------------------------

    def list_reminders(self, actor: Actor, which: str = "open", number: str | None = None,
                       limit: int = 10_000) -> list[ReminderView]:
        """The reminders of case ``number``, or of every case ``actor`` may read and those
        addressed to them by name (their digests and reviews)."""
        now = self.now()
        with self.db.read() as conn:
            case_id = self.load_readable(conn, actor, number).id if number else None
            rows = outbox.find_reminders(conn, outbox.ReminderFilter(
                statuses=LISTS.get(which) if which != "due" else None,
                due_at=now if which == "due" else None, case_id=case_id, limit=limit),
                scope.readable(actor), addressee=None if number else actor.username)
            masker = Masker(conn, actor, rows, lambda r: audience_party(r.audience))
        return [_masked(reminder_view(r), r, masker) for r in rows]

    def reminder_page(self, actor: Actor, which: str = "open", *, limit: int = DEFAULT_LIMIT,
                      offset: int = 0) -> Page[ReminderView]:
        """A page of the reminders of every case ``actor`` may read and of those addressed
        to them by name, oldest first."""
        now = self.now()
        with self.db.read() as conn:
            rows, total = outbox.reminders_page(conn, outbox.ReminderFilter(
                statuses=LISTS.get(which) if which != "due" else None,
                due_at=now if which == "due" else None, limit=limit, offset=offset),
                scope.readable(actor), addressee=actor.username)
            masker = Masker(conn, actor, rows, lambda r: audience_party(r.audience))
        return page_of([_masked(reminder_view(r), r, masker) for r in rows], total, offset, limit)

    def retry_reminder(self, reminder_id: int) -> ReminderView:
        """Put a failed reminder back in the queue (after the mail server is fixed)."""
        now = self.now()
        with self.db.write() as conn:
            row = outbox.reminder(conn, reminder_id)
            if row is None or row.status != "failed":
                raise BadInput(field="id", reason_ko=f"알림 #{reminder_id}은(는) 발송에 실패한 알림이 "
                                                     "아닙니다",
                                           reason_en=f"reminder #{reminder_id} is not a failed reminder")
            outbox.requeue(conn, reminder_id, now)
            found = outbox.reminder(conn, reminder_id)
        assert found is not None
        return reminder_view(found)


def demo_reminder_and_escalation(service: ReminderCommands, clock: FrozenClock,
                                 number: str) -> list[ReminderView]:
    """For the demo: move ``clock`` to the case's first pending reminder, send it, then to its
    first escalation, send that, reading as the scheduler does (the system). With an outbox
    mailer each arrives as an ``.eml`` file."""
    sent: list[ReminderView] = []
    for kind in ("reminder", "escalation"):
        pending = [r for r in service.list_reminders(SYSTEM_ACTOR, "open", number)
                   if r.kind == kind and r.status == "pending" and r.send_at is not None]
        if not pending:
            continue
        target = min(pending, key=lambda r: r.send_at or clock.now())
        assert target.send_at is not None
        if target.send_at > clock.now():
            clock.set(target.send_at)
        service.run_due(("send",))
        sent += [r for r in service.list_reminders(SYSTEM_ACTOR, "all", number)
                 if r.id == target.id]
    return sent

