"""Queries over the users' audit trail (``user_events``). Functions take a SQLAlchemy
``Connection``; the use-case layer owns the transactions. The users themselves are queried in
``storage.cases`` beside the cases they are assigned to."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, insert, select
from sqlalchemy.engine import Connection

from mediation.storage.models import user_events


def last_event(conn: Connection) -> Row[Any] | None:
    return conn.execute(select(user_events).order_by(user_events.c.seq.desc()).limit(1)).first()


def insert_event(conn: Connection, values: Mapping[str, Any]) -> None:
    conn.execute(insert(user_events).values(**values))


def events(conn: Connection) -> Sequence[Row[Any]]:
    return conn.execute(select(user_events).order_by(user_events.c.seq)).all()


def head_at(conn: Connection, at: datetime) -> tuple[int, str] | None:
    """The users' chain's last event at ``at``: its sequence number and hash."""
    found = conn.execute(select(user_events.c.seq, user_events.c.hash)
                         .where(user_events.c.at <= at)
                         .order_by(user_events.c.seq.desc()).limit(1)).first()
    return None if found is None else (int(found.seq), str(found.hash))
