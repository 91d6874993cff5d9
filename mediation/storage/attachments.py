"""Queries of the attachments' register."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, insert, select
from sqlalchemy.engine import Connection

from mediation.storage.models import attachments, cases


def insert_attachment(conn: Connection, values: dict[str, Any]) -> int:
    return int(conn.execute(insert(attachments).values(**values)
                            .returning(attachments.c.id)).scalar_one())


def attachments_of(conn: Connection, case_id: int) -> Sequence[Row[Any]]:
    return conn.execute(select(attachments).where(attachments.c.case_id == case_id)
                        .order_by(attachments.c.id)).all()


def attachment(conn: Connection, attachment_id: int) -> Row[Any] | None:
    """The attachment with its case's number, mediator and supervisor (to check who reads)."""
    return conn.execute(
        select(attachments, cases.c.number, cases.c.mediator, cases.c.supervisor)
        .join(cases, cases.c.id == attachments.c.case_id)
        .where(attachments.c.id == attachment_id)).first()


def all_attachments(conn: Connection) -> Sequence[Row[Any]]:
    return conn.execute(select(attachments, cases.c.number)
                        .join(cases, cases.c.id == attachments.c.case_id)
                        .order_by(attachments.c.id)).all()
