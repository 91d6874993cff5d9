"""Queries for a data subject's requests (개인정보 보호법 제35–37조): the parties of every
case recorded under a name (removed ones too), and the documents and events of their cases.
Functions take a SQLAlchemy ``Connection``; the use-case layer owns the transactions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Row, select
from sqlalchemy.engine import Connection

from mediation.storage.cases import cases, events, parties
from mediation.storage.documents import documents


def parties_named(conn: Connection, name: str,
                  readable: ColumnElement[bool]) -> Sequence[Row[Any]]:
    """Every party named ``name``, removed ones included, of the cases ``readable``
    selects; each row is the party's columns and its case's ``number``, ``mediator``,
    ``supervisor`` and ``closed``, oldest case first."""
    stmt: Any = (
        select(parties, cases.c.number, cases.c.mediator,
               cases.c.supervisor, cases.c.closed, cases.c.updated_at.label("case_updated_at"),
               cases.c.version.label("case_version"))
        .select_from(parties.join(cases, cases.c.id == parties.c.case_id))
        .where(parties.c.name == name, readable)
        .order_by(cases.c.id, parties.c.id))
    return conn.execute(stmt).all()


def documents_of(conn: Connection, case_ids: Sequence[int]) -> Sequence[Row[Any]]:
    """The documents of ``case_ids``, with their case's number, in number order."""
    if not case_ids:
        return []
    return conn.execute(
        select(documents, cases.c.number.label("case_number"))
        .select_from(documents.join(cases, cases.c.id == documents.c.case_id))
        .where(documents.c.case_id.in_(sorted(set(case_ids))))
        .order_by(documents.c.case_id, documents.c.id)).all()


def events_of(conn: Connection, case_ids: Sequence[int]) -> Sequence[Row[Any]]:
    """The audit events of ``case_ids``, with their case's number, in order."""
    if not case_ids:
        return []
    return conn.execute(
        select(events, cases.c.number.label("case_number"))
        .select_from(events.join(cases, cases.c.id == events.c.case_id))
        .where(events.c.case_id.in_(sorted(set(case_ids))))
        .order_by(events.c.case_id, events.c.seq)).all()
