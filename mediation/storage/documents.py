"""Queries of the document register. Functions take a SQLAlchemy ``Connection``; the
service owns the transactions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, func, insert, select, update
from sqlalchemy.engine import Connection

from mediation.storage.models import Case, Document

documents = Document.__table__  # type: ignore[attr-defined]
cases = Case.__table__  # type: ignore[attr-defined]
WITH_CASE = select(documents, cases.c.number.label("case_number")).join(
    cases, cases.c.id == documents.c.case_id)


def last_seq(conn: Connection, prefix: str, year: int) -> int:
    found = conn.execute(select(func.max(documents.c.seq)).where(
        documents.c.prefix == prefix, documents.c.year == year)).scalar()
    return int(found or 0)


def insert_document(conn: Connection, values: dict[str, Any]) -> int:
    return int(conn.execute(insert(documents).values(**values)
                            .returning(documents.c.id)).scalar_one())


def set_document(conn: Connection, doc_id: int, values: dict[str, Any]) -> None:
    conn.execute(update(documents).where(documents.c.id == doc_id).values(**values))


def by_number(conn: Connection, number: str) -> Row[Any] | None:
    """The entry numbered ``number``, with its case's number as ``case_number``."""
    return conn.execute(WITH_CASE.where(documents.c.number == number)).first()


def by_id(conn: Connection, doc_id: int) -> Row[Any] | None:
    return conn.execute(select(documents).where(documents.c.id == doc_id)).first()


def of_case(conn: Connection, case_id: int) -> Sequence[Row[Any]]:
    return conn.execute(select(documents).where(documents.c.case_id == case_id)
                        .order_by(documents.c.year, documents.c.seq)).all()
