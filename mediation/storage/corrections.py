"""Queries that corrections of the record need: the case's last move, what followed it, and
the deadlines, reminders and documents a move produced. Functions take a SQLAlchemy
``Connection``; the use-case layer owns the transactions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, select, update
from sqlalchemy.engine import Connection

from mediation.storage.deadlines import LIVE
from mediation.storage.models import case_events as events
from mediation.storage.models import deadlines, documents, reminders

MOVES = ("transition", "undone", "reopened")  # the events that set the case's state


def last_move(conn: Connection, case_id: int) -> Row[Any] | None:
    """The latest event that set the case's state (a transition, an undo, a reopening)."""
    return conn.execute(select(events).where(events.c.case_id == case_id,
                                             events.c.kind.in_(MOVES))
                        .order_by(events.c.seq.desc()).limit(1)).first()


def events_after(conn: Connection, case_id: int, seq: int) -> Sequence[Row[Any]]:
    return conn.execute(select(events).where(events.c.case_id == case_id, events.c.seq > seq)
                        .order_by(events.c.seq)).all()


def delivered_since(conn: Connection, case_id: int, since: datetime) -> int:
    """How many e-mails of the case's outbox were delivered at or after ``since``."""
    return len(conn.execute(select(reminders.c.id).where(
        reminders.c.case_id == case_id, reminders.c.status == "sent",
        reminders.c.sent_at >= since)).all())


def opened_by(conn: Connection, case_id: int, at: datetime) -> Sequence[Row[Any]]:
    """The case's running deadlines opened at the moment ``at`` (by the move made then)."""
    return conn.execute(select(deadlines).where(
        deadlines.c.case_id == case_id, deadlines.c.opened_at == at,
        deadlines.c.status.in_(LIVE))).all()


def closed_by_move(conn: Connection, case_id: int, at: datetime) -> Sequence[Row[Any]]:
    """The case's deadlines closed at the moment ``at`` (by the move made then)."""
    return conn.execute(select(deadlines).where(
        deadlines.c.case_id == case_id, deadlines.c.closed_at == at,
        deadlines.c.status.in_(("met", "cancelled")))).all()


def reopen_deadline(conn: Connection, deadline_id: int, generation: int) -> None:
    """A deadline a mistaken move closed runs again, its reminders a new generation."""
    conn.execute(update(deadlines).where(deadlines.c.id == deadline_id).values(
        status="open", closed_at=None, closed_by=None, generation=generation))


def documents_of_move(conn: Connection, case_id: int, trigger: str,
                      at: datetime) -> Sequence[Row[Any]]:
    """The documents a move (``trigger`` at ``at``) produced that are still issued."""
    return conn.execute(select(documents).where(
        documents.c.case_id == case_id, documents.c.trigger == trigger,
        documents.c.generated_at == at, documents.c.status == "issued")).all()
