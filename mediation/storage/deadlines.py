"""Queries over the office calendar, case pauses and deadlines, and the people and cases
the reminders name. Functions take a SQLAlchemy ``Connection``; the use-case layer owns the
transactions. The reminders themselves (the outbox) are in ``storage.outbox``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Row, exists, func, insert, or_, select, update
from sqlalchemy.engine import Connection

from mediation.storage import paging
from mediation.storage.db import dialect_module
from mediation.storage.models import case_events as events
from mediation.storage.models import case_pauses as pauses
from mediation.storage.models import cases, deadlines, office_days, users

LIVE = ("open", "paused")
CASE_COLUMNS = (cases.c.number, cases.c.title, cases.c.mediator, cases.c.supervisor,
                cases.c.workflow, cases.c.state)


# the office calendar ---------------------------------------------------------------------

def office_changes(conn: Connection) -> dict[date, tuple[str, str]]:
    """The latest change of each day: ``{day: (action, name)}``."""
    rows = conn.execute(select(office_days.c.day, office_days.c.action, office_days.c.name)
                        .order_by(office_days.c.id)).all()
    return {r.day: (r.action, r.name) for r in rows}


def office_stamp(conn: Connection) -> int:
    return int(conn.execute(select(func.coalesce(func.max(office_days.c.id), 0))).scalar_one())


def office_log(conn: Connection, year: int | None = None) -> Sequence[Row[Any]]:
    query = select(office_days).order_by(office_days.c.day, office_days.c.id)
    if year is not None:
        query = query.where(office_days.c.day >= date(year, 1, 1),
                            office_days.c.day <= date(year, 12, 31))
    return conn.execute(query).all()


def insert_office_day(conn: Connection, values: Mapping[str, Any]) -> None:
    conn.execute(insert(office_days).values(**values))


# pauses ----------------------------------------------------------------------------------

def current_pause(conn: Connection, case_id: int) -> Row[Any] | None:
    return conn.execute(select(pauses).where(pauses.c.case_id == case_id,
                                             pauses.c.resumed_at.is_(None))).first()


def insert_pause(conn: Connection, values: Mapping[str, Any]) -> None:
    conn.execute(insert(pauses).values(**values))


def end_pause(conn: Connection, pause_id: int, at: datetime, by: str) -> None:
    conn.execute(update(pauses).where(pauses.c.id == pause_id)
                 .values(resumed_at=at, resumed_by=by))


# deadlines -------------------------------------------------------------------------------

def insert_deadline(conn: Connection, values: Mapping[str, Any]) -> int | None:
    """The new deadline's id, or ``None`` if that occurrence of the rule already exists."""
    dialect = dialect_module(conn)
    stmt = dialect.insert(deadlines).values(**values).on_conflict_do_nothing()
    found = conn.execute(stmt.returning(deadlines.c.id)).scalar()
    return None if found is None else int(found)


def next_seq(conn: Connection, case_id: int, rule: str) -> int:
    """The occurrence number for a rule started again (a state entered a second time)."""
    found = conn.execute(select(func.max(deadlines.c.seq)).where(
        deadlines.c.case_id == case_id, deadlines.c.rule == rule)).scalar()
    return int(found or 0) + 1


def live_deadlines(conn: Connection, case_id: int,
                   rules: Iterable[str] | None = None) -> Sequence[Row[Any]]:
    query = select(deadlines).where(deadlines.c.case_id == case_id, deadlines.c.status.in_(LIVE))
    if rules is not None:
        query = query.where(deadlines.c.rule.in_(list(rules)))
    return conn.execute(query.order_by(deadlines.c.id)).all()


def item_deadline(conn: Connection, item_id: int) -> int | None:
    """The latest deadline of an agreement item, whatever its status."""
    found = conn.execute(select(deadlines.c.id).where(deadlines.c.item_id == item_id)
                         .order_by(deadlines.c.id.desc()).limit(1)).scalar()
    return None if found is None else int(found)


def deadline_of_case(conn: Connection, case_id: int, deadline_id: int) -> Row[Any] | None:
    return conn.execute(select(deadlines).where(deadlines.c.case_id == case_id,
                                                deadlines.c.id == deadline_id)).first()


def deadlines_by_id(conn: Connection, ids: Sequence[int]) -> dict[int, Row[Any]]:
    found = conn.execute(select(deadlines).where(deadlines.c.id.in_(sorted(set(ids))))).all()
    return {r.id: r for r in found}


def cases_by_id(conn: Connection, ids: Sequence[int]) -> dict[int, Row[Any]]:
    found = conn.execute(select(cases).where(cases.c.id.in_(sorted(set(ids))))).all()
    return {r.id: r for r in found}


def deadlines_of_case(conn: Connection, case_id: int) -> Sequence[Row[Any]]:
    return conn.execute(select(deadlines).where(deadlines.c.case_id == case_id)
                        .order_by(deadlines.c.id)).all()


def update_deadline(conn: Connection, deadline_id: int, values: Mapping[str, Any]) -> None:
    conn.execute(update(deadlines).where(deadlines.c.id == deadline_id).values(**values))


def close_deadlines(conn: Connection, ids: Sequence[int], status: str, at: datetime,
                    by: str) -> None:
    if ids:
        conn.execute(update(deadlines).where(deadlines.c.id.in_(list(ids)))
                     .values(status=status, closed_at=at, closed_by=by))


@dataclass(frozen=True, slots=True, kw_only=True)
class DeadlineFilter:
    case_id: int | None = None
    supervisor: str | None = None
    overdue_at: datetime | None = None  # open and due before this moment
    due_before: datetime | None = None  # open and due at or before this moment
    due_from: datetime | None = None  # due at or after this moment (not yet overdue)
    live_only: bool = True
    limit: int = 100_000
    offset: int = 0


def find_deadlines(conn: Connection, f: DeadlineFilter,
                   readable: ColumnElement[bool]) -> Sequence[Row[Any]]:
    """The deadlines of ``f`` of the cases ``readable`` selects (``scope.readable``)."""
    return conn.execute(_deadlines_query(f, readable).limit(f.limit)).all()


def deadlines_page(conn: Connection, f: DeadlineFilter,
                   readable: ColumnElement[bool]) -> tuple[Sequence[Row[Any]], int]:
    """The page of ``f`` (``limit``, ``offset``), and how many deadlines match in all."""
    alone = paging.sees_all(readable) and f.supervisor is None
    return paging.page(conn, _deadlines_query(f, readable), f.limit, f.offset,
                       _deadlines_query(f, readable, join=False) if alone else None)


def _deadlines_query(f: DeadlineFilter, readable: ColumnElement[bool], join: bool = True) -> Any:
    """The deadlines of ``f``, soonest due first; without ``join``, the deadlines table alone
    (for counting what every case's list holds)."""
    query: Any = (select(deadlines, *CASE_COLUMNS).join(cases, cases.c.id == deadlines.c.case_id)
                  .where(readable)) if join else select(deadlines)
    if f.case_id is not None:
        query = query.where(deadlines.c.case_id == f.case_id)
    if f.supervisor is not None:
        query = query.where(cases.c.supervisor == f.supervisor)
    if f.overdue_at is not None or f.due_before is not None:
        query = query.where(deadlines.c.status == "open")
    elif f.live_only:  # in the order of ``ix_deadlines_live_due`` (partial on these)
        query = query.where(paging.usually(paging.among(deadlines.c.status, LIVE)))
    if f.overdue_at is not None:
        query = query.where(deadlines.c.due_at < f.overdue_at)
    if f.due_before is not None:
        query = query.where(deadlines.c.due_at <= f.due_before)
    if f.due_from is not None:
        query = query.where(deadlines.c.due_at >= f.due_from)
    # soonest first on every backend; a paused deadline (no due time) last
    order = (deadlines.c.due_at.asc().nulls_last(), deadlines.c.id)
    return query.order_by(*order)


def deadlines_around(conn: Connection, first: datetime, last: datetime) -> Sequence[Row[Any]]:
    """Live deadlines whose run (start to due, or still paused) covers part of [first, last]."""
    return conn.execute(select(deadlines).where(
        deadlines.c.status.in_(LIVE), deadlines.c.start_at <= last,
        or_(deadlines.c.due_at.is_(None), deadlines.c.due_at >= first),
    ).order_by(deadlines.c.case_id, deadlines.c.id)).all()


def repeats_to_roll(conn: Connection, now: datetime) -> Sequence[Row[Any]]:
    """The latest occurrence of each repeating rule, still open, whose due time has passed."""
    later = deadlines.alias("later")
    newer = exists().where(later.c.case_id == deadlines.c.case_id,
                           later.c.rule == deadlines.c.rule, later.c.seq > deadlines.c.seq)
    return conn.execute(select(deadlines).join(cases, cases.c.id == deadlines.c.case_id).where(
        deadlines.c.kind == "repeat", deadlines.c.status == "open", deadlines.c.due_at <= now,
        cases.c.closed.is_(False), ~newer)).all()


def dormant_cases(conn: Connection, quiet_since: datetime,
                  workflows: Sequence[str]) -> Sequence[Row[Any]]:
    """Open cases not changed since ``quiet_since``, not paused, with no dormancy deadline."""
    noticed = exists().where(deadlines.c.case_id == cases.c.id, deadlines.c.kind == "dormancy",
                             deadlines.c.status.in_(LIVE))
    paused = exists().where(pauses.c.case_id == cases.c.id, pauses.c.resumed_at.is_(None))
    return conn.execute(select(cases).where(
        cases.c.closed.is_(False), cases.c.updated_at <= quiet_since,
        cases.c.workflow.in_(list(workflows)), ~noticed, ~paused).order_by(cases.c.id)).all()


def dormancy_due(conn: Connection, now: datetime) -> Sequence[Row[Any]]:
    return conn.execute(select(deadlines).where(
        deadlines.c.kind == "dormancy", deadlines.c.status == "open",
        deadlines.c.due_at <= now).order_by(deadlines.c.id)).all()


def stepped_since(conn: Connection, case_id: int, since: datetime, system: str) -> bool:
    """Whether someone other than ``system`` recorded a step on the case after ``since``."""
    return conn.execute(select(events.c.id).where(
        events.c.case_id == case_id, events.c.at > since, events.c.actor != system).limit(1)
    ).first() is not None


# reminders -------------------------------------------------------------------------------

def people(conn: Connection, usernames: Iterable[str]) -> dict[str, Row[Any]]:
    names = sorted(set(usernames))
    rows = conn.execute(select(users).where(users.c.username.in_(names))).all() if names else []
    return {r.username: r for r in rows}


def active_with_role(conn: Connection, role: str) -> Sequence[Row[Any]]:
    return conn.execute(select(users).where(users.c.role == role, users.c.active.is_(True))
                        .order_by(users.c.username)).all()


def open_cases_of(conn: Connection, supervisor: str) -> Sequence[Row[Any]]:
    return conn.execute(select(cases).where(cases.c.supervisor == supervisor,
                                            cases.c.closed.is_(False))
                        .order_by(cases.c.number)).all()


def case_numbers(conn: Connection, case_ids: Iterable[int]) -> dict[int, str]:
    ids = sorted(set(case_ids))
    rows = conn.execute(select(cases.c.id, cases.c.number).where(cases.c.id.in_(ids))).all()
    return {r.id: r.number for r in rows}


def case_by_id(conn: Connection, case_id: int) -> Row[Any] | None:
    return conn.execute(select(cases).where(cases.c.id == case_id)).first()
