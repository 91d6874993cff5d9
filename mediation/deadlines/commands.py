"""Use cases over deadlines: opening and closing them with the case's moves (inside the
move's own transaction), stopping the clock, extensions, completion, lists and explanations.

Every due time is computed by ``deadlines`` on the working calendar of ``calendar``; this
module reads the clock, keeps the rows, and records each change as an event on the case.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Row
from sqlalchemy.engine import Connection

from mediation.casework import CaseWork
from mediation.core.calendar import OfficeHours, WorkCalendar, build
from mediation.core.clock import SEOUL
from mediation.core.errors import MediationError, NotFound
from mediation.core.paths import PROJECT_ROOT
from mediation.core.titles import Title
from mediation.mail.message import Address
from mediation.storage import agreement as agreement_store
from mediation.storage import cases as repo
from mediation.storage import corrections, outbox, scope
from mediation.storage import deadlines as store
from mediation.views.deadlines import DeadlineView, Explanation, SkippedDay, StepView
from mediation.views.page import DEFAULT_LIMIT, Page, page_of
from mediation.workflow.definitions import SYSTEM, DeadlineRuleDef, PeriodDef, WorkflowDef
from mediation.workflow.engine import Actor, Outcome
from mediation.workflow.timeline import (
    Adjustment,
    Schedule,
    Timeline,
    commitment_span,
    counts_in_hours,
    due_after,
    on_open,
    plan_reminders,
    replay,
)

SYSTEM_ACTOR = Actor(username=SYSTEM, role=SYSTEM)


class DeadlineNotFound(NotFound):
    ko = "사건 {number}에 기한 #{id}이(가) 없습니다. `mediation deadline list {number}`로 확인하세요."
    en = "Case {number} has no deadline #{id}. See `mediation deadline list {number}`."

    def __init__(self, *, number: str, deadline_id: int) -> None:
        MediationError.__init__(self, number=number, id=deadline_id)


@dataclass(frozen=True, slots=True, kw_only=True)
class DeadlinePolicy:
    """Office hours, and how reminders are sent: lease, retries, lateness, sender, language."""

    hours: OfficeHours = field(default_factory=OfficeHours)
    lease: timedelta = timedelta(minutes=5)
    retry_limit: int = 6
    retry_base: timedelta = timedelta(minutes=1)
    late_after: timedelta = timedelta(minutes=5)
    batch: int = 200
    sender: Address = field(default_factory=lambda: Address(
        email="mediation@localhost.localdomain", name="mediation"))
    lang: str = "ko"
    templates: Path = PROJECT_ROOT / "templates" / "emails"
    # what a citizen's e-mail names as the office to contact (never a username)
    office_unit: Title = field(default_factory=lambda: Title(ko="갈등조정담당관",
                                                             en="Conflict Mediation Division"))
    office_phone: str = ""

    @property
    def domain(self) -> str:
        return self.sender.email.rsplit("@", 1)[1]


def hours_of(delta: timedelta | None) -> float | None:
    return None if delta is None else round(delta.total_seconds() / 3600, 2)


def deadline_view(row: Row[Any], number: str, title: str, mediator: str, supervisor: str,
                  now: datetime) -> DeadlineView:
    amount, unit = row.schedule["period"]  # as ``str(Schedule.period)``, without building it
    return DeadlineView(
        id=row.id, number=number, case_title=title, rule=row.rule, seq=row.seq, kind=row.kind,
        title_ko=row.title_ko, title_en=row.title_en, basis=row.basis,
        period=f"{amount} {unit}", status=row.status, start_at=row.start_at,
        due_at=row.due_at, original_due_at=row.original_due_at, extensions=row.extensions,
        overdue=row.status == "open" and row.due_at is not None and row.due_at < now,
        left_hours=row_left(row) if row.status == "paused" else None, closed_at=row.closed_at,
        mediator=mediator, supervisor=supervisor, item_id=row.item_id,
        late_days=late_days(row.status, row.due_at, row.closed_at))


def late_days(status: str, due_at: datetime | None, closed_at: datetime | None) -> int | None:
    """How many calendar days (Seoul) after its due time a met deadline was met; ``None``
    when it is not met or was met in time."""
    if status != "met" or due_at is None or closed_at is None or closed_at <= due_at:
        return None
    return (closed_at.astimezone(SEOUL).date() - due_at.astimezone(SEOUL).date()).days


def row_left(row: Row[Any]) -> float | None:
    """The frozen remainder of a paused deadline, in hours (kept in its last pause record)."""
    for adj in reversed(row.adjustments):
        if adj.get("kind") == "pause":
            return adj.get("left_hours")  # type: ignore[no-any-return]
    return None


def next_start(due: datetime, period: PeriodDef) -> datetime:
    """Where the next occurrence of a repeating period starts: at the due time for periods
    counted in hours, else at the start of the following day (no day counted twice)."""
    if counts_in_hours(period):
        return due
    day = due.astimezone(SEOUL).date() + timedelta(days=1)
    return datetime.combine(day, time(0), tzinfo=SEOUL)


def _short(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:max(1, limit - 1)] + "…"


def reminder_key(deadline_id: int, generation: int, slot: str) -> str:
    return f"deadline:{deadline_id}:g{generation}:{slot}"


class DeadlineCommands(CaseWork):
    def __init__(self, *args: Any, policy: DeadlinePolicy | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.policy = policy or DeadlinePolicy()
        self._calendar_cache: tuple[int, WorkCalendar] | None = None

    def calendar(self, conn: Connection) -> WorkCalendar:
        """The office calendar now (rebuilt only when an office day has changed)."""
        stamp = store.office_stamp(conn)
        if self._calendar_cache is None or self._calendar_cache[0] != stamp:
            self._calendar_cache = (stamp, build(self.policy.hours, store.office_changes(conn)))
        return self._calendar_cache[1]

    # opening and closing, inside the caller's transaction ------------------------------

    def opened(self, conn: Connection, case_id: int, wf: WorkflowDef, now: datetime) -> None:
        names = on_open(wf)
        if names:
            self._open_rules(conn, case_id, wf, names, now)

    def apply_deadlines(self, conn: Connection, case: Any, outcome: Outcome, now: datetime) -> None:
        """Close and open what the engine decided for this move, in the move's transaction."""
        changes = outcome.deadlines
        if changes.closes:
            self._close(conn, case.id, changes.closes, now, outcome.actor)
        if changes.opens:
            self._open_rules(conn, case.id, self.workflow(case.workflow), changes.opens, now)

    def _open_rules(self, conn: Connection, case_id: int, wf: WorkflowDef,
                    names: Iterable[str], now: datetime) -> None:
        cal = self.calendar(conn)
        paused = store.current_pause(conn, case_id) is not None
        for name in names:
            rule = wf.deadline(name)
            if rule is not None and rule.kind == "commitment":
                self._open_commitments(conn, case_id, rule, cal, now)
            elif rule is not None:
                self.start_deadline(conn, case_id, rule, cal, start=now, now=now, paused=paused,
                                    seq=store.next_seq(conn, case_id, name))

    def _open_commitments(self, conn: Connection, case_id: int, rule: DeadlineRuleDef,
                          cal: WorkCalendar, now: datetime) -> None:
        """One deadline per agreement item not yet settled, due on the item's due date. A
        pause of the case does not stop them: the date is the agreement's, not a period the
        office counts. The owner party is copied on reminders only if it has an address."""
        seq = store.next_seq(conn, case_id, rule.name)
        with_mail = {p.id for p in repo.parties_of(conn, case_id) if p.email}
        for item in agreement_store.items_of(conn, case_id):
            if item.status in agreement_store.SETTLED:
                continue
            start, period = commitment_span(now, item.due)
            self.start_deadline(conn, case_id, rule, cal, start=start, now=now, paused=False,
                                seq=seq, period=period, item=item,
                                copy_owner=item.owner_party_id in with_mail)
            seq += 1

    def commitment_settled(self, conn: Connection, case: Any, item_id: int, outcome: str,
                           now: datetime, actor: str, seq: int) -> None:
        """Close the item's running deadline: met when done, cancelled when waived or
        breached; a breach also queues a notice to the supervisor at once."""
        rows = [r for r in store.live_deadlines(conn, case.id, None) if r.item_id == item_id]
        store.close_deadlines(conn, [r.id for r in rows], "met" if outcome == "done" else "cancelled",
                              now, actor)
        outbox.cancel_pending(conn, [r.id for r in rows])
        deadline_id = store.item_deadline(conn, item_id)
        if outcome == "breached" and deadline_id is not None:  # the workflow tracks commitments
            key = f"breach:{case.id}:{seq}"  # the event that recorded it: one notice each
            outbox.insert_reminders(conn, [outbox.reminder_row(domain=self.policy.domain,
                key=key, case_id=case.id, deadline_id=deadline_id, kind="breach",
                audience="supervisor", send_at=now, now=now)])

    def start_deadline(self, conn: Connection, case_id: int, rule: DeadlineRuleDef,
                       cal: WorkCalendar, *, start: datetime, now: datetime, paused: bool,
                       seq: int = 1, period: PeriodDef | None = None,
                       item: Row[Any] | None = None, copy_owner: bool = False) -> int | None:
        """Insert one deadline (and its reminders unless the case is paused); ``item`` is the
        agreement item of a commitment deadline, whose owner gets copies if ``copy_owner``."""
        schedule = Schedule.of(rule, period,
                               party=item.owner_party_id if item and copy_owner else None)
        title_ko, title_en = rule.title.ko, rule.title.en
        if item is not None:  # the list of deadlines says which commitment it is
            title_ko, title_en = (f"{t}: {_short(item.text, 190 - len(t))}"
                                  for t in (title_ko, title_en))
        due = due_after(cal, start, schedule.period)
        adjustments: list[dict[str, Any]] = []
        if paused:  # opened during a stop of the clock: it starts frozen with its whole period
            pause = Adjustment(kind="pause", at=start, actor=SYSTEM, reason="case paused")
            left = replay(cal, start, schedule.period, [pause]).left
            adjustments.append({**pause.to_json(), "left_hours": hours_of(left)})
        deadline_id = store.insert_deadline(conn, {
            "case_id": case_id, "rule": rule.name, "seq": seq, "kind": rule.kind,
            "title_ko": title_ko, "title_en": title_en, "basis": rule.basis,
            "item_id": item.id if item is not None else None,
            "schedule": schedule.to_json(), "start_at": start,
            "due_at": None if paused else due, "original_due_at": due,
            "status": "paused" if paused else "open", "adjustments": adjustments,
            "extensions": 0, "generation": 0, "opened_at": now})
        if deadline_id is not None and not paused:
            self._add_reminders(conn, case_id, deadline_id, 0, schedule, cal, start, due, now)
        return deadline_id

    def reopen_closed(self, conn: Connection, rows: Sequence[Row[Any]], now: datetime) -> None:
        """Deadlines a mistaken move closed run again with their own due times; their
        reminders are planned anew as a new generation (the sweep drops those whose moment
        has passed when an escalation is due)."""
        cal = self.calendar(conn)
        for row in rows:
            generation = row.generation + 1
            corrections.reopen_deadline(conn, row.id, generation)
            if row.due_at is not None:
                self._add_reminders(conn, row.case_id, row.id, generation,
                                    Schedule.from_json(row.schedule), cal, row.start_at,
                                    row.due_at, now)

    def cancel_running(self, conn: Connection, rows: Sequence[Row[Any]], now: datetime,
                       actor: str) -> None:
        """Cancel deadlines (and their pending reminders) a move opened by mistake."""
        ids = [r.id for r in rows]
        store.close_deadlines(conn, ids, "cancelled", now, actor)
        outbox.cancel_pending(conn, ids)

    def open_rules(self, conn: Connection, case: Any, names: Sequence[str],
                   now: datetime) -> None:
        """Open the rules ``names`` of the case's workflow from ``now`` (a reopened case)."""
        if names:
            self._open_rules(conn, case.id, self.workflow(case.workflow), names, now)

    def _add_reminders(self, conn: Connection, case_id: int, deadline_id: int, generation: int,
                       schedule: Schedule, cal: WorkCalendar, start: datetime, due: datetime,
                       now: datetime) -> None:
        rows = []
        for plan in plan_reminders(cal, schedule, start, due):
            key = reminder_key(deadline_id, generation, plan.slot)
            rows.append(outbox.reminder_row(key=key, case_id=case_id, deadline_id=deadline_id,
                                            kind=plan.kind, audience=plan.audience,
                                            send_at=plan.send_at, now=now,
                                            domain=self.policy.domain))
        outbox.insert_reminders(conn, rows)

    def _close(self, conn: Connection, case_id: int, closes: Sequence[tuple[str, str]],
               now: datetime, actor: str) -> None:
        status_of = dict(closes)
        rows = store.live_deadlines(conn, case_id, status_of)
        for status in ("met", "cancelled"):
            ids = [r.id for r in rows if status_of[r.rule] == status]
            store.close_deadlines(conn, ids, status, now, actor)
        outbox.cancel_pending(conn, [r.id for r in rows])

    def replan(self, conn: Connection, row: Row[Any], cal: WorkCalendar, timeline: Timeline,
               now: datetime) -> None:
        """Move the pending reminders of the current generation to the new due time (or hold
        them while paused), and add the ones that did not exist yet."""
        schedule = Schedule.from_json(row.schedule)
        pending = {r.key: r for r in outbox.pending_of(conn, [row.id])}
        if timeline.due is None:
            for r in pending.values():
                outbox.reschedule(conn, r.id, None)
            return
        plans = plan_reminders(cal, schedule, row.start_at, timeline.due)
        planned = {reminder_key(row.id, row.generation, p.slot): p for p in plans}
        for key, r in pending.items():
            found = planned.get(key)
            if found is None:
                outbox.cancel_reminders(conn, [r.id])
            else:
                outbox.reschedule(conn, r.id, found.send_at)
        outbox.insert_reminders(conn, [
            outbox.reminder_row(key=key, case_id=row.case_id, deadline_id=row.id, kind=p.kind,
                                audience=p.audience, send_at=p.send_at, now=now,
                                domain=self.policy.domain)
            for key, p in planned.items() if key not in pending])

    def timeline(self, cal: WorkCalendar, row: Row[Any]) -> Timeline:
        schedule = Schedule.from_json(row.schedule)
        return replay(cal, row.start_at, schedule.period,
                      [Adjustment.from_json(a) for a in row.adjustments])

    def next_occurrence(self, conn: Connection, row: Row[Any], now: datetime) -> int | None:
        """Open occurrence ``seq + 1`` of a repeating rule, counted from this one's due time."""
        case = store.case_by_id(conn, row.case_id)
        if case is None or case.closed:
            return None
        wf = self.workflows.get(case.workflow)
        rule = wf.deadline(row.rule) if wf else None
        if rule is None:
            return None
        paused = store.current_pause(conn, row.case_id) is not None
        return self.start_deadline(conn, row.case_id, rule, self.calendar(conn),
                                   start=next_start(row.due_at or row.original_due_at, rule.length),
                                   now=now, paused=paused, seq=row.seq + 1)

    # reading ---------------------------------------------------------------------------

    def list_deadlines(self, actor: Actor, number: str | None = None, *, overdue: bool = False,
                       due_within: timedelta | None = None, deadline_id: int | None = None,
                       include_closed: bool = False, limit: int = 100_000,
                       upcoming: bool = False) -> list[DeadlineView]:
        """The deadlines of case ``number``, or of every case ``actor`` may read; ``upcoming``:
        only those not yet due."""
        now = self.now()
        with self.db.read() as conn:
            case_id = self.load_readable(conn, actor, number).id if number else None
            rows = store.find_deadlines(conn, store.DeadlineFilter(
                case_id=case_id, overdue_at=now if overdue else None,
                due_before=now + due_within if due_within is not None else None,
                due_from=now if upcoming else None,
                live_only=not include_closed and deadline_id is None, limit=limit),
                scope.readable(actor))
        views = [deadline_view(r, r.number, r.title, r.mediator, r.supervisor, now) for r in rows
                 if deadline_id is None or r.id == deadline_id]
        if deadline_id is not None and not views:
            raise DeadlineNotFound(number=number or "-", deadline_id=deadline_id)
        return views

    def deadline_page(self, actor: Actor, *, overdue: bool = False,
                      due_within: timedelta | None = None, include_closed: bool = False,
                      limit: int = DEFAULT_LIMIT, offset: int = 0) -> Page[DeadlineView]:
        """A page of the deadlines of every case ``actor`` may read, soonest due first."""
        now = self.now()
        with self.db.read() as conn:
            rows, total = store.deadlines_page(conn, store.DeadlineFilter(
                overdue_at=now if overdue else None,
                due_before=now + due_within if due_within is not None else None,
                live_only=not include_closed, limit=limit, offset=offset),
                scope.readable(actor))
        return page_of([deadline_view(r, r.number, r.title, r.mediator, r.supervisor, now)
                        for r in rows], total, offset, limit)

    def explain_deadline(self, actor: Actor, number: str,
                         deadline_id: int | None = None) -> list[Explanation]:
        now = self.now()
        with self.db.read() as conn:
            case = self.load_readable(conn, actor, number)
            rows = [r for r in store.deadlines_of_case(conn, case.id)
                    if deadline_id is None or r.id == deadline_id]
            if deadline_id is not None and not rows:
                raise DeadlineNotFound(number=number, deadline_id=deadline_id)
            cal = self.calendar(conn)
        return [self._explain(cal, case, r, now) for r in rows]

    def _explain(self, cal: WorkCalendar, case: Any, row: Row[Any], now: datetime) -> Explanation:
        period = Schedule.from_json(row.schedule).period
        timeline = self.timeline(cal, row)
        steps = tuple(StepView(kind=s.kind, at=s.at, due=s.due, left_hours=hours_of(s.left),
                               reason=s.reason,
                               skipped=tuple(SkippedDay(day=d.day, name=d.name, source=d.source,
                                                          name_en=d.name_en)
                                             for d in s.skipped))
                      for s in timeline.steps)
        method = ("hours" if counts_in_hours(period) else
                  "working_days" if period.unit == "days" else period.unit)
        hours = self.policy.hours
        spans = ", ".join(f"{s:%H:%M}–{e:%H:%M}" for s, e in hours.spans())
        wf = self.workflows.get(case.workflow)
        english = wf.basis_text(row.rule, row.basis, "en") if wf else row.basis
        return Explanation(
            deadline=deadline_view(row, case.number, case.title, case.mediator, case.supervisor,
                                   now),
            amount=period.amount, unit=period.unit, method=method, office_hours=spans,
            steps=steps, basis_en=english if english != row.basis else "")

