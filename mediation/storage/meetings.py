"""The queries of a case's meetings. Functions take a ``Connection``; the service owns
transactions."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Row, and_, insert, select, update
from sqlalchemy.engine import Connection

from mediation.storage.models import case_events as events
from mediation.storage.models import cases, meetings


def insert_meeting(conn: Connection, values: dict[str, Any]) -> int:
    return int(conn.execute(insert(meetings).values(**values)
                            .returning(meetings.c.id)).scalar_one())


def meetings_of(conn: Connection, case_id: int) -> Sequence[Row[Any]]:
    return conn.execute(select(meetings).where(meetings.c.case_id == case_id)
                        .order_by(meetings.c.starts_at, meetings.c.id)).all()


def scheduled_between(conn: Connection, start: datetime, end: datetime,
                      readable: ColumnElement[bool],
                      statuses: tuple[str, ...] = ("scheduled",)) -> Sequence[Row[Any]]:
    """Meetings still scheduled (or of ``statuses``) from ``start`` to before ``end`` in the
    cases ``readable`` selects (``scope.readable``), each with its case's number and title."""
    return conn.execute(
        select(meetings, cases.c.number.label("case_number"), cases.c.title.label("case_title"),
               cases.c.closed.label("case_closed"))
        .join(cases, cases.c.id == meetings.c.case_id)
        .where(readable, meetings.c.status.in_(statuses), meetings.c.starts_at >= start,
               meetings.c.starts_at < end)
        .order_by(meetings.c.starts_at, meetings.c.id)).all()


def meeting(conn: Connection, case_id: int, meeting_id: int) -> Row[Any] | None:
    return conn.execute(select(meetings).where(
        and_(meetings.c.case_id == case_id, meetings.c.id == meeting_id))).first()


def set_meeting(conn: Connection, meeting_id: int, values: dict[str, Any]) -> None:
    conn.execute(update(meetings).where(meetings.c.id == meeting_id).values(**values))


def scheduled_of(conn: Connection, case_id: int) -> tuple[int, ...]:
    """The ids of the case's meetings still scheduled, in time order."""
    return tuple(conn.execute(select(meetings.c.id).where(
        meetings.c.case_id == case_id, meetings.c.status == "scheduled")
        .order_by(meetings.c.starts_at, meetings.c.id)).scalars())


def public_council_meetings(conn: Connection, case_id: int) -> tuple[int, ...]:
    """The case's scheduled public meetings other than hearings (those need every party's
    consent to stay public)."""
    return tuple(conn.execute(select(meetings.c.id).where(
        meetings.c.case_id == case_id, meetings.c.status == "scheduled",
        meetings.c.public.is_(True), meetings.c.kind != "hearing")
        .order_by(meetings.c.starts_at, meetings.c.id)).scalars())


def make_closed(conn: Connection, meeting_ids: Sequence[int], values: dict[str, Any]) -> None:
    conn.execute(update(meetings).where(meetings.c.id.in_(list(meeting_ids)))
                 .values(public=False, **values))


def meeting_events(conn: Connection, case_id: int,
                   kinds: Sequence[str]) -> list[tuple[str, dict[str, Any]]]:
    """The kind and details of the case's events of ``kinds``, oldest first."""
    rows = conn.execute(select(events.c.kind, events.c.details).where(
        events.c.case_id == case_id, events.c.kind.in_(list(kinds)))
        .order_by(events.c.seq)).all()
    return [(r.kind, json.loads(r.details)) for r in rows]
