"""The outbox: the reminders, digests and notices waiting to be e-mailed, one row each,
and the queries that queue, claim, finish, cancel and requeue them. Functions take a
SQLAlchemy ``Connection``; the use-case layer owns the transactions.

A reminder is claimed with one atomic ``UPDATE … WHERE id IN (SELECT … LIMIT n) RETURNING``:
on PostgreSQL the inner select takes ``FOR UPDATE SKIP LOCKED`` so that concurrent senders
split the work; on SQLite the write transaction (``BEGIN IMMEDIATE``) already serialises them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import ColumnElement, Row, or_, select, update
from sqlalchemy.engine import Connection

from mediation.mail.message import message_id
from mediation.storage import paging
from mediation.storage.db import insert_ignoring
from mediation.storage.models import cases, reminders

OPEN = ("pending", "sending", "failed")
"""The reminders not done with (``reminders list``'s default): ``ix_reminders_open_id``."""


def reminder_row(*, key: str, case_id: int | None, deadline_id: int | None, kind: str,
                 audience: str, send_at: datetime, now: datetime, domain: str) -> dict[str, Any]:
    """A new pending outbox row; its Message-ID is fixed now from ``key`` (a resend after a
    crash carries the same one, the receiver's key for de-duplication)."""
    return {"key": key, "case_id": case_id, "deadline_id": deadline_id, "kind": kind,
            "audience": audience, "recipients": [], "send_at": send_at, "next_at": send_at,
            "status": "pending", "attempts": 0, "message_id": message_id(key, domain),
            "late": False, "created_at": now}


def insert_reminders(conn: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
    insert_ignoring(conn, reminders, rows)


def pending_of(conn: Connection, deadline_ids: Sequence[int]) -> Sequence[Row[Any]]:
    return conn.execute(select(reminders).where(reminders.c.deadline_id.in_(list(deadline_ids)),
                                                reminders.c.status == "pending")).all()


def cancel_pending(conn: Connection, deadline_ids: Sequence[int]) -> None:
    if deadline_ids:
        conn.execute(update(reminders).where(reminders.c.deadline_id.in_(list(deadline_ids)),
                                             reminders.c.status == "pending")
                     .values(status="cancelled", next_at=None))


def cancel_reminders(conn: Connection, reminder_ids: Sequence[int]) -> None:
    if reminder_ids:
        conn.execute(update(reminders).where(reminders.c.id.in_(list(reminder_ids)),
                                             reminders.c.status == "pending")
                     .values(status="cancelled", next_at=None))


def reschedule(conn: Connection, reminder_id: int, send_at: datetime | None) -> None:
    conn.execute(update(reminders).where(reminders.c.id == reminder_id,
                                         reminders.c.status == "pending")
                 .values(send_at=send_at, next_at=send_at))


def claim(conn: Connection, *, now: datetime, lease_until: datetime, token: str,
          limit: int) -> list[Row[Any]]:
    """Take up to ``limit`` due reminders (expired leases first): they become ``sending``
    under ``token`` until ``lease_until``."""
    taken: list[Row[Any]] = []
    for status in ("sending", "pending"):
        if len(taken) >= limit:
            break
        inner = (select(reminders.c.id)
                 .where(reminders.c.status == status, reminders.c.next_at <= now)
                 .order_by(reminders.c.next_at).limit(limit - len(taken)))
        stmt = update(reminders).values(status="sending", next_at=lease_until, claimed_by=token,
                                        attempts=reminders.c.attempts + 1)
        if conn.dialect.name == "postgresql":
            # A CTE runs once: the same select as a subquery of ``IN`` may be re-run by the
            # planner and, skipping the rows it just locked, take far more than ``limit``.
            picked = inner.with_for_update(skip_locked=True).cte("picked")
            stmt = stmt.where(reminders.c.id == picked.c.id)
        else:
            stmt = stmt.where(reminders.c.id.in_(inner), reminders.c.status == status)
        taken.extend(conn.execute(stmt.returning(*reminders.c)).all())
    return taken


def finish(conn: Connection, reminder_id: int, token: str, values: Mapping[str, Any]) -> bool:
    """Record the outcome of a send, if the claim under ``token`` still holds."""
    result = conn.execute(update(reminders).where(
        reminders.c.id == reminder_id, reminders.c.claimed_by == token,
        reminders.c.status == "sending").values(**values))
    return result.rowcount == 1


@dataclass(frozen=True, slots=True, kw_only=True)
class ReminderFilter:
    statuses: tuple[str, ...] | None = None
    due_at: datetime | None = None  # claimable now
    supervisor: str | None = None
    case_id: int | None = None
    limit: int = 10_000
    offset: int = 0


def find_reminders(conn: Connection, f: ReminderFilter, readable: ColumnElement[bool],
                   addressee: str | None = None) -> Sequence[Row[Any]]:
    """The reminders of ``f`` of the cases ``readable`` selects (``scope.readable``), and
    those addressed by name to the user ``addressee`` (their digests and reviews)."""
    return conn.execute(_reminders_query(f, readable, addressee).limit(f.limit)).all()


def reminders_page(conn: Connection, f: ReminderFilter, readable: ColumnElement[bool],
                   addressee: str | None = None) -> tuple[Sequence[Row[Any]], int]:
    """The page of ``f`` (``limit``, ``offset``), and how many reminders match in all."""
    alone = paging.sees_all(readable) and f.supervisor is None
    return paging.page(conn, _reminders_query(f, readable, addressee), f.limit, f.offset,
                       _reminders_query(f, readable, addressee, join=False) if alone else None)


def _reminders_query(f: ReminderFilter, readable: ColumnElement[bool], addressee: str | None,
                     join: bool = True) -> Any:
    """The reminders of ``f``, oldest first; without ``join`` (only when ``readable`` selects
    every case), the reminders table alone: the outer join adds no row."""
    if addressee is not None:
        readable = or_(readable, reminders.c.audience == f"user:{addressee}")
    query = (select(reminders, cases.c.number, cases.c.mediator, cases.c.supervisor)
             .join(cases, cases.c.id == reminders.c.case_id, isouter=True).where(readable)
             ) if join else select(reminders)
    if f.statuses is not None and set(f.statuses) == set(OPEN):
        # in id order from the partial index on these (``ix_reminders_open_id``)
        query = query.where(paging.usually(paging.among(reminders.c.status, OPEN)))
    elif f.statuses is not None:
        query = query.where(reminders.c.status.in_(list(f.statuses)))
    if f.due_at is not None:
        query = query.where(reminders.c.status.in_(("pending", "sending")),
                            reminders.c.next_at <= f.due_at)
    if f.supervisor is not None:
        query = query.where(cases.c.supervisor == f.supervisor)
    if f.case_id is not None:
        query = query.where(reminders.c.case_id == f.case_id)
    return query.order_by(reminders.c.id)


def of_deadline(conn: Connection, deadline_id: int) -> Sequence[Row[Any]]:
    """Every reminder and escalation of one deadline (id, kind, audience, send_at, status)."""
    return cast(Sequence[Row[Any]], conn.execute(
        select(reminders.c.id, reminders.c.kind, reminders.c.audience, reminders.c.send_at,
               reminders.c.status).where(reminders.c.deadline_id == deadline_id)).all())


def reminders_by_key(conn: Connection, keys: Sequence[str]) -> Sequence[Row[Any]]:
    return conn.execute(select(reminders.c.key).where(reminders.c.key.in_(list(keys)))).all()


def reminder(conn: Connection, reminder_id: int) -> Row[Any] | None:
    return conn.execute(select(reminders).where(reminders.c.id == reminder_id)).first()


def requeue(conn: Connection, reminder_id: int, at: datetime) -> bool:
    result = conn.execute(update(reminders).where(reminders.c.id == reminder_id,
                                                  reminders.c.status == "failed")
                          .values(status="pending", next_at=at, attempts=0))
    return result.rowcount == 1


# people ----------------------------------------------------------------------------------
