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
from datetime import date, datetime, time, timedelta
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Row,
    Text,
    and_,
    case,
    func,
    literal_column,
    not_,
    or_,
    select,
    true,
    type_coerce,
    union,
)
from sqlalchemy import cast as sa_cast
from sqlalchemy.engine import Connection

from mediation.core.clock import SEOUL
from mediation.storage.cases import CURRENT_PARTY
from mediation.storage.models import agreement_items as items
from mediation.storage.models import agreement_signatures as signatures
from mediation.storage.models import case_events as events
from mediation.storage.models import cases, deadlines, meetings, parties, reminders, users
from mediation.storage.models import dispute_issues as issues
from mediation.storage.paging import sees_all
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
    the period: the cases opened in it, then those closed in it, each grouped in SQL by every
    field at once (two narrow reads rather than one over both with a flag per row), then
    summed per field. ``None`` for cases without a value (for ``type``: cases without any
    type; a case with several types counts under each)."""
    keys = [_type_key(conn) if f == "type" else cases.c[f] for f in fields]
    grouped = keys
    opened_at, closed, closed_at = cases.c.opened_at, cases.c.closed, cases.c.closed_at
    if conn.dialect.name == "sqlite" and set(fields) <= set(BREAKDOWN_FIELDS):
        # read ``ix_cases_breakdown`` whole, in its order: the period's terms are kept off
        # the indexes on the times (``+column``), which would read each case's row and sort
        opened_at, closed, closed_at = (_unindexed(c) for c in (opened_at, closed, closed_at))
        grouped = [keys[fields.index(f)] for f in BREAKDOWN_FIELDS if f in fields]
    out: dict[str, dict[str | None, tuple[int, int]]] = {f: {} for f in fields}
    for closing, condition in (
            (False, and_(opened_at >= span.start, opened_at < span.end)),
            (True, and_(closed.is_(True), closed_at >= span.start, closed_at < span.end))):
        for row in conn.execute(select(*keys, func.count()).where(readable, condition)
                                .group_by(*grouped)):
            n = int(row[-1])
            for field, value in zip(fields, row, strict=False):
                values = (json.loads(value) or [None]) if field == "type" else [value]
                for v in values:
                    o, c = out[field].get(v, (0, 0))
                    out[field][v] = (o, c + n) if closing else (o + n, c)
    return out


BREAKDOWN_FIELDS = ("workflow", "type", "district", "grade", "channel")
"""The fields SQLite's ``ix_cases_breakdown`` holds (migration 0018), in its order."""


def _unindexed(column: Any) -> Any:
    """``column`` as SQLite's ``+table.column``: the same value, kept off its indexes."""
    return literal_column(f"+{column.table.name}.{column.name}", type_=column.type)


def _type_key(conn: Connection) -> Any:
    """The conflict types as text to group by: SQLite stores the JSON as text already (and
    groups the column itself faster than a cast of it)."""
    column = cases.c.conflict_types
    return type_coerce(column, Text) if conn.dialect.name == "sqlite" else cast_text(column)


def cast_text(column: Any) -> Any:
    """A JSON column as its text (PostgreSQL's ``json`` cannot be grouped)."""
    return sa_cast(column, Text)


def month_spans(span: Span) -> list[tuple[str, datetime, datetime]]:
    """The months of the period (``2026-03``, office time) with the instants each covers
    inside the period: [start of the month or of the period, start of the next month or the
    period's end)."""
    out = []
    day = span.first_day
    while day < span.end_day:
        following = (day.replace(day=1) + timedelta(days=32)).replace(day=1)
        start = max(span.start, datetime.combine(day, time(0), tzinfo=SEOUL))
        end = min(span.end, datetime.combine(following, time(0), tzinfo=SEOUL))
        out.append((f"{day.year}-{day.month:02d}", start, end))
        day = following
    return out


def months(conn: Connection, span: Span,
           readable: ColumnElement[bool]) -> tuple[dict[str, int], dict[str, int]]:
    """Cases opened, and cases closed, per month of the period: one statement counting each
    month's range of the indexes on the opening and closing times (``ix_cases_opened_at``,
    ``ix_cases_closed_at``), without converting any row's time."""
    spans = month_spans(span)

    def count(column: Any, start: datetime, end: datetime, *also: Any) -> Any:
        return (select(func.count()).select_from(cases)
                .where(readable, column >= start, column < end, *also).scalar_subquery())

    closed = cases.c.closed.is_(True)
    row = conn.execute(select(
        *(count(cases.c.opened_at, a, b) for _, a, b in spans),
        *(count(cases.c.closed_at, a, b, closed) for _, a, b in spans))).one()
    n = len(spans)
    by_opened = {m: int(row[i]) for i, (m, _, _) in enumerate(spans) if row[i]}
    by_closed = {m: int(row[n + i]) for i, (m, _, _) in enumerate(spans) if row[n + i]}
    return by_opened, by_closed


def _days(later: Any, earlier: Any, dialect: str) -> Any:
    """Days (with fractions) from ``earlier`` to ``later``."""
    if dialect == "postgresql":
        return func.extract("epoch", later - earlier) / 86400.0
    return func.julianday(later) - func.julianday(earlier)


def _int(condition: Any) -> Any:
    """1 or 0: a flag read without a result processor (the rows are many)."""
    return case((condition, 1), else_=0)


def _per_case(*columns: Any, table: Any, where: Any) -> Any:
    """``columns`` of ``table`` aggregated per case, as a subquery to join on ``case_id``."""
    return select(table.c.case_id, *columns).where(where).group_by(table.c.case_id).subquery()


def _agreement_counts(ids: Any | None) -> tuple[Any, Any, Any]:
    """Per case among ``ids`` (a SELECT of case ids; ``None``: every case): parties not
    removed (``n``, counted as ``party_snapshots`` does); signatures in force (``n`` distinct
    parties, ``last`` signed); agreement items (``n``). The one statement of the agreement's
    counts that both the outcomes and the commitments read."""
    def among(column: Any, *where: Any) -> Any:
        return and_(true(), *where, *(() if ids is None else (column.in_(ids),)))

    return (_per_case(func.count().label("n"), table=parties,
                      where=among(parties.c.case_id, CURRENT_PARTY)),
            _per_case(func.count(func.distinct(signatures.c.party_id)).label("n"),
                      func.max(signatures.c.signed_at).label("last"), table=signatures,
                      where=among(signatures.c.case_id, signatures.c.voided_at.is_(None))),
            _per_case(func.count().label("n"), table=items, where=among(items.c.case_id)))


def _only_for(conn: Connection, ids: Any) -> Any | None:
    """``ids`` where grouping a table for some cases only is the faster plan: on SQLite
    (an index seek per case), not on PostgreSQL (grouping the whole table by hash is
    faster than its nested loop over the cases, whose number it cannot estimate)."""
    return ids if conn.dialect.name == "sqlite" else None


def _joined(base: Any, on: Any, *per_case: Any) -> Any:
    """``base`` with each per-case subquery joined (outer) on ``on``, the case's id."""
    for sub in per_case:
        base = base.outerjoin(sub, sub.c.case_id == on)
    return base


def outcome_rows(conn: Connection, span: Span, readable: ColumnElement[bool],
                 withdrawn: Sequence[str]) -> Sequence[Row[Any]]:
    """Per case closed in the period, or whose last signature in force falls in it: the
    inputs of ``case_outcome`` — workflow, state, ``closed``, the agreement's counts
    (``parties``, ``signed``, ``items``: ``workflow.records.agreement_is_signed`` reads them),
    unresolved issues, ``by_system`` (the last transition was the system's) —, whether it
    closed in the period (``closed_in``), the days from intake to closure and to the last
    signature in force (``close_days``, ``sign_days``: ``None`` without signatures) and
    whether that signature falls in the period (``signed_in``). Flags are 1 or 0.

    Only the candidates are read: the cases closed in the period and those with a signature
    in force signed in it (a last signature in the period is one of them); on SQLite the
    per-case counts are grouped for those cases alone (``_only_for``), and the last
    transition is looked up only for
    the cases closed in the period in a ``withdrawn`` state (the only outcome it changes:
    a deemed withdrawal), so no table is read whole. No timestamp is converted (the rows
    are many)."""
    d = conn.dialect.name
    closed_in = _closed_within(span)
    candidates = union(
        select(cases.c.id.label("id")).where(closed_in),
        select(signatures.c.case_id).where(signatures.c.voided_at.is_(None),
                                           _within(signatures.c.signed_at, span))).cte("cand")
    ids = _only_for(conn, select(candidates.c.id))
    party_n, sig, item_n = _agreement_counts(ids)
    unresolved_where = issues.c.status == "unresolved"
    unresolved = _per_case(func.count().label("n"), table=issues, where=unresolved_where if ids
                           is None else and_(unresolved_where, issues.c.case_id.in_(ids)))
    withdrawals = select(cases.c.id).where(closed_in, cases.c.state.in_(list(withdrawn)))
    last_move = _per_case(func.max(events.c.seq).label("seq"), table=events,
                          where=and_(events.c.kind == "transition",
                                     events.c.case_id.in_(withdrawals)))
    mover = events.alias("mover")
    signed_in = _within(sig.c.last, span)
    stmt = select(
        cases.c.workflow, cases.c.state, _int(cases.c.closed.is_(True)).label("closed"),
        func.coalesce(party_n.c.n, 0).label("parties"), func.coalesce(sig.c.n, 0).label("signed"),
        func.coalesce(item_n.c.n, 0).label("items"),
        func.coalesce(unresolved.c.n, 0).label("unresolved"),
        _int(mover.c.actor == SYSTEM).label("by_system"), _int(closed_in).label("closed_in"),
        _int(signed_in).label("signed_in"),
        _days(cases.c.closed_at, cases.c.opened_at, d).label("close_days"),
        _days(sig.c.last, cases.c.opened_at, d).label("sign_days"),
    ).select_from(
        _joined(candidates.join(cases, cases.c.id == candidates.c.id), cases.c.id,
                party_n, sig, item_n, unresolved, last_move)
        .outerjoin(mover, and_(mover.c.case_id == last_move.c.case_id,
                               mover.c.seq == last_move.c.seq))
    ).where(readable, or_(closed_in, signed_in))
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
                readable: ColumnElement[bool]) -> list[tuple[Any, ...]]:
    """(status, parties, signed, items, count) of the agreement items due in the period, with
    their case's agreement counts (``_agreement_counts``, as ``outcome_rows``) for those
    cases only: the caller keeps those of signed agreements
    (``workflow.records.agreement_is_signed``)."""
    due = and_(items.c.due >= span.first_day, items.c.due < span.end_day)
    party_n, sig, item_n = _agreement_counts(_only_for(conn, select(items.c.case_id).where(due)))
    counts = (func.coalesce(party_n.c.n, 0), func.coalesce(sig.c.n, 0),
              func.coalesce(item_n.c.n, 0))
    base = items if sees_all(readable) else items.join(cases, cases.c.id == items.c.case_id)
    return [tuple(r) for r in conn.execute(
        select(items.c.status, *counts, func.count())
        .select_from(_joined(base, items.c.case_id, party_n, sig, item_n))
        .where(readable, due)
        .group_by(items.c.status, *counts))]


def meetings_held(conn: Connection, span: Span,
                  readable: ColumnElement[bool]) -> Sequence[Row[Any]]:
    """(kind, count) of the meetings recorded as held that started in the period."""
    stmt = (select(meetings.c.kind, func.count())
            .where(meetings.c.status == "held", _within(meetings.c.starts_at, span))
            .group_by(meetings.c.kind).order_by(meetings.c.kind))
    return conn.execute(stmt if sees_all(readable) else
                        stmt.join(cases, cases.c.id == meetings.c.case_id).where(readable)).all()


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
