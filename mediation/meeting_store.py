"""The queries of a case's meetings. Functions take a ``Connection``; the service owns
transactions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, and_, insert, select, update
from sqlalchemy.engine import Connection

from .models import Meeting

meetings = Meeting.__table__  # type: ignore[attr-defined]


def insert_meeting(conn: Connection, values: dict[str, Any]) -> int:
    return int(conn.execute(insert(meetings).values(**values)
                            .returning(meetings.c.id)).scalar_one())


def meetings_of(conn: Connection, case_id: int) -> Sequence[Row[Any]]:
    return conn.execute(select(meetings).where(meetings.c.case_id == case_id)
                        .order_by(meetings.c.starts_at, meetings.c.id)).all()


def meeting(conn: Connection, case_id: int, meeting_id: int) -> Row[Any] | None:
    return conn.execute(select(meetings).where(
        and_(meetings.c.case_id == case_id, meetings.c.id == meeting_id))).first()


def set_meeting(conn: Connection, meeting_id: int, values: dict[str, Any]) -> None:
    conn.execute(update(meetings).where(meetings.c.id == meeting_id).values(**values))
