"""Queries for a data subject's requests (개인정보 보호법 제35–37조): the parties of every
case recorded under a name (removed ones too), and the documents and events of their cases.
Functions take a SQLAlchemy ``Connection``; the use-case layer owns the transactions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Row, select
from sqlalchemy.engine import Connection

from mediation.storage.models import case_events as events
from mediation.storage.models import cases, documents, parties


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
    return _with_number(conn, documents, case_ids, documents.c.id)


def events_of(conn: Connection, case_ids: Sequence[int]) -> Sequence[Row[Any]]:
    """The audit events of ``case_ids``, with their case's number, in order."""
    return _with_number(conn, events, case_ids, events.c.seq)


def _with_number(conn: Connection, table: Any, case_ids: Sequence[int],
                 order: Any) -> Sequence[Row[Any]]:
    """The rows of ``table`` belonging to ``case_ids``, each with its case's number, by
    case and then ``order``."""
    if not case_ids:
        return []
    return conn.execute(
        select(table, cases.c.number.label("case_number"))
        .select_from(table.join(cases, cases.c.id == table.c.case_id))
        .where(table.c.case_id.in_(sorted(set(case_ids))))
        .order_by(table.c.case_id, order)).all()
