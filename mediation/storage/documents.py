"""Queries of the document register. Functions take a SQLAlchemy ``Connection``; the
service owns the transactions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, func, insert, select, update
from sqlalchemy.engine import Connection

from mediation.storage.db import take_numbers
from mediation.storage.models import cases, documents
from mediation.storage.models import document_counters as counters

WITH_CASE = select(documents, cases.c.number.label("case_number"), cases.c.mediator,
                   cases.c.supervisor).join(
    cases, cases.c.id == documents.c.case_id)


def take_seqs(conn: Connection, prefix: str, year: int, count: int) -> int:
    """Reserve ``count`` consecutive sequence numbers of ``prefix`` and ``year``; the first.
    A counter that does not exist yet starts after the register's highest number."""
    highest = select(func.coalesce(func.max(documents.c.seq), 0)).where(
        documents.c.prefix == prefix, documents.c.year == year).scalar_subquery()
    last = take_numbers(conn, counters, {"prefix": prefix, "year": year}, count, floor=highest)
    return last - count + 1


def insert_document(conn: Connection, values: dict[str, Any]) -> int:
    return int(conn.execute(insert(documents).values(**values)
                            .returning(documents.c.id)).scalar_one())


def set_document(conn: Connection, doc_id: int, values: dict[str, Any]) -> None:
    conn.execute(update(documents).where(documents.c.id == doc_id).values(**values))


def issue_document(conn: Connection, doc_id: int, values: dict[str, Any],
                   status: str = "issued") -> bool:
    """Mark a reserved entry issued (or a ``draft`` awaiting approval) with ``values``;
    ``False`` if it is no longer reserved."""
    return _from_reserved(conn, doc_id, {**values, "status": status})


def review_draft(conn: Connection, doc_id: int, values: dict[str, Any]) -> bool:
    """Approve (status ``issued``) or return (``returned``) a draft with ``values``;
    ``False`` if it is no longer a draft."""
    done = conn.execute(update(documents).where(documents.c.id == doc_id,
                                                documents.c.status == "draft").values(**values))
    return done.rowcount == 1


def drafts(conn: Connection, readable: Any) -> Sequence[Row[Any]]:
    """The drafts awaiting approval in the cases ``readable`` (a WHERE clause over cases),
    oldest first, with their case's number as ``case_number``."""
    return conn.execute(WITH_CASE.where(documents.c.status == "draft", readable)
                        .order_by(documents.c.generated_at, documents.c.id)).all()


def void_document(conn: Connection, doc_id: int) -> bool:
    """Mark a reserved entry void; ``False`` if it is no longer reserved."""
    return _from_reserved(conn, doc_id, {"status": "void", "output_path": None})


WRITTEN = ("issued", "replaced", "draft", "returned")  # a file was written for the number


def void_issued(conn: Connection, doc_id: int, values: dict[str, Any]) -> bool:
    """Mark a written entry (issued, replaced, a draft or a returned draft) void with who,
    when and why; ``False`` if it is none of them any more. Its file stays: a voided letter
    is still a record."""
    done = conn.execute(update(documents).where(documents.c.id == doc_id,
                                                documents.c.status.in_(WRITTEN))
                        .values(**values, status="void"))
    return done.rowcount == 1


CURRENT = ("issued", "draft", "returned")  # the entry in force for its recipient


def mark_replaced(conn: Connection, doc_id: int, by: str) -> bool:
    """Mark an issued entry (or a draft, or a returned one) replaced by the document numbered
    ``by``; ``False`` if it is none of them any more (voided or replaced meanwhile)."""
    done = conn.execute(update(documents).where(documents.c.id == doc_id,
                                                documents.c.status.in_(CURRENT))
                        .values(status="replaced", replaced_by=by))
    return done.rowcount == 1


def current(conn: Connection, case_id: int, kind: str, party_id: int | None) -> Row[Any] | None:
    """The issued entry of ``kind`` for ``party_id`` (``None``: the council or the office) of
    a case, the latest if several."""
    recipient = (documents.c.party_id.is_(None) if party_id is None
                 else documents.c.party_id == party_id)
    return conn.execute(select(documents).where(
        documents.c.case_id == case_id, documents.c.kind == kind, recipient,
        documents.c.status.in_(CURRENT)).order_by(documents.c.id.desc())).first()


def _from_reserved(conn: Connection, doc_id: int, values: dict[str, Any]) -> bool:
    done = conn.execute(update(documents).where(documents.c.id == doc_id,
                                                documents.c.status == "reserved")
                        .values(**values, reserved_by=None, reserved_until=None))
    return done.rowcount == 1


def reserved(conn: Connection) -> Sequence[Row[Any]]:
    """The entries whose number is reserved and not yet issued or void."""
    return conn.execute(select(documents).where(documents.c.status == "reserved")).all()


def entry(conn: Connection, doc_id: int) -> Row[Any] | None:
    """The entry ``doc_id``, with its case's number as ``case_number``."""
    return conn.execute(WITH_CASE.where(documents.c.id == doc_id)).first()


def by_number(conn: Connection, number: str) -> Row[Any] | None:
    """The entry numbered ``number``, with its case's number as ``case_number``."""
    return conn.execute(WITH_CASE.where(documents.c.number == number)).first()


def by_id(conn: Connection, doc_id: int) -> Row[Any] | None:
    return conn.execute(select(documents).where(documents.c.id == doc_id)).first()


def of_case(conn: Connection, case_id: int) -> Sequence[Row[Any]]:
    return conn.execute(select(documents).where(documents.c.case_id == case_id)
                        .order_by(documents.c.year, documents.c.seq)).all()
