"""The statistics report's queries: counts grouped in SQL over the cases ``scope.readable``
selects, for a period ``[start, end)`` (UTC instants of the office's midnights).

Every figure counts the record as it stands now: a reopened case is open, an extended
deadline is due at its extended time, a voided signature does not count. How a case ended is
not decided here: ``outcome_rows`` returns, per case, the inputs of
``views.outcome.case_outcome`` (state, signed, unresolved issues, closed by the system), which
the report's use case applies once per distinct combination.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Row,
    Text,
    and_,
    case,
    func,
    literal,
    not_,
    or_,
    select,
)
from sqlalchemy import cast as sa_cast
from sqlalchemy.engine import Connection

from mediation.storage.agreement import issues, items, signatures
from mediation.storage.cases import cases, events, parties, users
from mediation.storage.deadlines import deadlines, reminders
from mediation.storage.meetings import meetings
from mediation.storage.models import UtcDateTime
from mediation.workflow.definitions import SYSTEM


@dataclass(frozen=True, slots=True, kw_only=True)
class Span:
    """The period: ``start`` ≤ t < ``end``; ``cutoff`` is min(end, now), where a period
    reaching into the future stops; ``first_day`` ≤ a date < ``end_day`` for date columns."""

    start: datetime
    end: datetime
    cutoff: datetime
    first_day: date
    end_day: date


def _within(column: Any, span: Span) -> ColumnElement[bool]:
    return and_(column >= span.start, column < span.end)


def _flag(condition: ColumnElement[bool]) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _closed_within(span: Span) -> ColumnElement[bool]:
    return and_(cases.c.closed.is_(True), _within(cases.c.closed_at, span))


def breakdowns(conn: Connection, fields: Sequence[str], span: Span,
               readable: ColumnElement[bool]) -> dict[str, dict[str | None, tuple[int, int]]]:
    """(opened, closed) per value of each of ``fields`` among the cases opened or closed in
    the period, in one pass over the cases: grouped in SQL by every field at once, then summed
    per field. ``None`` for cases without a value (for ``type``: cases without any type; a
    case with several types counts under each)."""
    opened, closed = _within(cases.c.opened_at, span), _closed_within(span)
    keys = [cast_text(cases.c.conflict_types) if f == "type" else cases.c[f] for f in fields]
    grouped = conn.execute(
        select(*keys, _flag(opened), _flag(closed)).where(readable, or_(opened, closed))
        .group_by(*keys)).all()
    out: dict[str, dict[str | None, tuple[int, int]]] = {f: {} for f in fields}
    for row in grouped:
        counts = (int(row[-2]), int(row[-1]))
        for field, value in zip(fields, row, strict=False):
            values = (json.loads(value) or [None]) if field == "type" else [value]
            for v in values:
                o, c = out[field].get(v, (0, 0))
                out[field][v] = (o + counts[0], c + counts[1])
    return out


def cast_text(column: Any) -> Any:
    """A JSON column as its text (PostgreSQL's ``json`` cannot be grouped)."""
    return sa_cast(column, Text)


def _month(column: Any, dialect: str) -> Any:
    """The month (``2026-03``) of an instant in Seoul time."""
    if dialect == "postgresql":
        return func.to_char(func.timezone("Asia/Seoul", column), "YYYY-MM")
    return func.strftime("%Y-%m", column, "+9 hours")


def months(conn: Connection, span: Span,
           readable: ColumnElement[bool]) -> tuple[dict[str, int], dict[str, int]]:
    """Cases opened, and cases closed, per month of the period (one pass over the cases)."""
    opened, closed = _within(cases.c.opened_at, span), _closed_within(span)
    d = conn.dialect.name
    opened_month = case((opened, _month(cases.c.opened_at, d)), else_=None).label("o")
    closed_month = case((closed, _month(cases.c.closed_at, d)), else_=None).label("c")
    rows = conn.execute(select(opened_month, closed_month, func.count())
                        .where(readable, or_(opened, closed))
                        .group_by(opened_month, closed_month)).all()
    by_opened: dict[str, int] = {}
    by_closed: dict[str, int] = {}
    for o, c, n in rows:
        for month, into in ((o, by_opened), (c, by_closed)):
            if month is not None:
                into[str(month)] = into.get(str(month), 0) + int(n)
    return by_opened, by_closed


def _days(later: Any, earlier: Any, dialect: str) -> Any:
    """Days (with fractions) from ``earlier`` to ``later``."""
    if dialect == "postgresql":
        return func.extract("epoch", later - earlier) / 86400.0
    return func.julianday(later) - func.julianday(earlier)


def _signed_parts() -> tuple[Any, Any, Any, Any]:
    """Per case (correlated): parties, parties whose signature is in force, agreement items,
    the last signature in force."""
    party_count = (select(func.count()).select_from(parties)
                   .where(parties.c.case_id == cases.c.id).correlate(cases).scalar_subquery())
    in_force = and_(signatures.c.case_id == cases.c.id, signatures.c.voided_at.is_(None))
    signed_count = (select(func.count(func.distinct(signatures.c.party_id)))
                    .where(in_force).correlate(cases).scalar_subquery())
    item_count = (select(func.count()).select_from(items)
                  .where(items.c.case_id == cases.c.id).correlate(cases).scalar_subquery())
    last_signed = (select(func.max(signatures.c.signed_at)).where(in_force).correlate(cases)
                   .scalar_subquery())
    return party_count, signed_count, item_count, last_signed


def signed_agreement() -> ColumnElement[bool]:
    """The case's agreement has items and every party's signature in force (as
    ``CaseSnapshot.agreement_signed`` reads it)."""
    party_count, signed_count, item_count, _ = _signed_parts()
    return and_(item_count > 0, party_count > 0, signed_count == party_count)


def _int(condition: Any) -> Any:
    """1 or 0: a flag read without a result processor (the rows are many)."""
    return case((condition, 1), else_=0)


def outcome_rows(conn: Connection, span: Span,
                 readable: ColumnElement[bool]) -> Sequence[Row[Any]]:
    """Per case closed in the period, or with a signature in force in it: the inputs of
    ``case_outcome`` — workflow, state, ``closed``, the agreement's counts (``parties``,
    ``signed``, ``items``: ``workflow.records.agreement_is_signed`` reads them), unresolved
    issues, ``by_system`` (the last transition was the system's) —, whether it closed in the
    period (``closed_in``), the days from intake to closure and to the last signature in force
    (``close_days``, ``sign_days``: ``None`` without signatures) and the day of the period on
    which it was opened (``opened_day``, from the period's start), so that where the last
    signature falls is ``opened_day + sign_days``. Flags are 1 or 0; every subquery is read
    once and no timestamp is converted (the rows are many)."""
    d = conn.dialect.name
    party_count, signed_count, item_count, last_signed = _signed_parts()
    unresolved = (select(func.count()).select_from(issues).where(
        issues.c.case_id == cases.c.id, issues.c.status == "unresolved").scalar_subquery())
    last_actor = (select(events.c.actor).where(events.c.case_id == cases.c.id,
                                               events.c.kind == "transition")
                  .order_by(events.c.seq.desc()).limit(1).scalar_subquery())
    closed_in = _closed_within(span)
    signed_in_period = (select(signatures.c.id).where(
        signatures.c.case_id == cases.c.id, signatures.c.voided_at.is_(None),
        _within(signatures.c.signed_at, span)).correlate(cases).exists())
    stmt = select(
        cases.c.workflow, cases.c.state, _int(cases.c.closed.is_(True)).label("closed"),
        party_count.label("parties"), signed_count.label("signed"), item_count.label("items"),
        unresolved.label("unresolved"), _int(last_actor == SYSTEM).label("by_system"),
        _int(closed_in).label("closed_in"),
        _days(cases.c.closed_at, cases.c.opened_at, d).label("close_days"),
        _days(last_signed, cases.c.opened_at, d).label("sign_days"),
        _days(cases.c.opened_at, literal(span.start, UtcDateTime), d).label("opened_day"),
    ).where(readable, or_(closed_in, signed_in_period))
    return cast(Sequence[Row[Any]], conn.execute(stmt).all())


def _restricted(stmt: Any, table: Any, readable: ColumnElement[bool] | None) -> Any:
    """``stmt`` over ``table`` limited to the cases ``readable`` selects; ``None``: every
    case, and no join."""
    if readable is None:
        return stmt
    return stmt.join(cases, cases.c.id == table.c.case_id).where(readable)


def deadline_compliance(conn: Connection, span: Span, now: datetime,
                        readable: ColumnElement[bool] | None) -> Sequence[Row[Any]]:
    """(rule, on_time, late, missed) of the deadlines due in the period, dormancy watches
    excluded: met by the due time, met after it, and not met — still open past it at
    ``now``, or cancelled after it. Counted from the index ``ix_deadlines_report`` (rule,
    due time, …): naming the rules lets the database seek each rule's period in it and group
    in its order, without sorting the year's deadlines."""
    met = deadlines.c.status == "met"
    on_time = and_(met, deadlines.c.closed_at <= deadlines.c.due_at)
    late = and_(met, deadlines.c.closed_at > deadlines.c.due_at)
    missed = or_(and_(deadlines.c.status == "open", deadlines.c.due_at < now),
                 and_(deadlines.c.status == "cancelled", deadlines.c.closed_at > deadlines.c.due_at))
    rules = conn.execute(select(deadlines.c.rule).distinct()).scalars().all()
    stmt = (select(deadlines.c.rule, _flag(on_time).label("on_time"), _flag(late).label("late"),
                   _flag(missed).label("missed"))
            .where(deadlines.c.rule.in_(rules), deadlines.c.kind != "dormancy",
                   _within(deadlines.c.due_at, span))
            .group_by(deadlines.c.rule))
    return conn.execute(_restricted(stmt, deadlines, readable)).all()


def escalations(conn: Connection, span: Span,
                readable: ColumnElement[bool] | None) -> Sequence[Row[Any]]:
    """(rule, sent) of the escalation e-mails sent in the period."""
    stmt = (select(deadlines.c.rule, func.count().label("sent"))
            .select_from(reminders.join(deadlines, deadlines.c.id == reminders.c.deadline_id))
            .where(reminders.c.kind == "escalation", reminders.c.status == "sent",
                   _within(reminders.c.sent_at, span))
            .group_by(deadlines.c.rule))
    return conn.execute(_restricted(stmt, deadlines, readable)).all()


def commitments(conn: Connection, span: Span,
                readable: ColumnElement[bool]) -> Sequence[Row[Any]]:
    """(status, count) of the items of signed agreements due in the period."""
    return conn.execute(
        select(items.c.status, func.count()).join(cases, cases.c.id == items.c.case_id)
        .where(readable, signed_agreement(), items.c.due >= span.first_day,
               items.c.due < span.end_day)
        .group_by(items.c.status)).all()


def meetings_held(conn: Connection, span: Span,
                  readable: ColumnElement[bool]) -> Sequence[Row[Any]]:
    """(kind, count) of the meetings recorded as held that started in the period."""
    return conn.execute(
        select(meetings.c.kind, func.count()).join(cases, cases.c.id == meetings.c.case_id)
        .where(readable, meetings.c.status == "held", _within(meetings.c.starts_at, span))
        .group_by(meetings.c.kind).order_by(meetings.c.kind)).all()


def caseload(conn: Connection, span: Span,
             readable: ColumnElement[bool]) -> list[tuple[str, str, int]]:
    """(mediator, name, open) at the period's cutoff: cases opened before it and not closed
    before it, per mediator (grouped first, named after)."""
    still_open = and_(cases.c.opened_at < span.cutoff,
                      not_(and_(cases.c.closed.is_(True), cases.c.closed_at < span.cutoff)))
    counts = conn.execute(select(cases.c.mediator, func.count()).where(readable, still_open)
                          .group_by(cases.c.mediator).order_by(cases.c.mediator)).all()
    names: dict[str, str] = dict(conn.execute(select(users.c.username, users.c.name).where(
        users.c.username.in_([c[0] for c in counts]))).all())
    return [(str(m), str(names.get(m, m)), int(n)) for m, n in counts]
