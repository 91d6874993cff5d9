"""Every query of the package. Functions take a SQLAlchemy ``Connection``; the service owns
transactions. The statements of the transition hot path are built once, at import."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row, and_, bindparam, func, insert, select, update
from sqlalchemy.engine import Connection

from .models import Case, CaseCounter, CaseEvent, Party, User

cases = Case.__table__  # type: ignore[attr-defined]
parties = Party.__table__  # type: ignore[attr-defined]
events = CaseEvent.__table__  # type: ignore[attr-defined]
users = User.__table__  # type: ignore[attr-defined]
counters = CaseCounter.__table__  # type: ignore[attr-defined]

CASE_BY_NUMBER = select(cases).where(cases.c.number == bindparam("number"))
PARTIES_OF_CASE = select(parties).where(parties.c.case_id == bindparam("case_id")).order_by(
    parties.c.id)
BUMP_CASE = (
    update(cases)
    .where(and_(cases.c.id == bindparam("case_id"), cases.c.version == bindparam("expected")))
    .values(version=cases.c.version + 1, audit_head=bindparam("head"),
            updated_at=bindparam("now"))
)
MOVE_CASE = BUMP_CASE.values(state=bindparam("state"), closed=bindparam("is_closed"),
                             closed_at=bindparam("closed_at"))
INSERT_EVENT = insert(events)


@dataclass(frozen=True, slots=True, kw_only=True)
class CaseFilter:
    state: str | None = None
    workflow: str | None = None
    mediator: str | None = None
    supervisor: str | None = None
    closed: bool | None = None
    opened_from: datetime | None = None
    opened_before: datetime | None = None
    limit: int = 500


# users -------------------------------------------------------------------------------

def user_by_name(conn: Connection, username: str) -> Row[Any] | None:
    return conn.execute(select(users).where(users.c.username == username)).first()


def count_users(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(users)).scalar_one())


def all_users(conn: Connection) -> Sequence[Row[Any]]:
    return conn.execute(select(users).order_by(users.c.username)).all()


def users_with_role(conn: Connection, role: str) -> Sequence[Row[Any]]:
    return conn.execute(select(users).where(users.c.role == role, users.c.active.is_(True))
                        .order_by(users.c.username)).all()


def insert_user(conn: Connection, values: dict[str, Any]) -> None:
    conn.execute(insert(users).values(**values))


def set_user_fields(conn: Connection, username: str, values: dict[str, Any]) -> None:
    conn.execute(update(users).where(users.c.username == username).values(**values))


# cases -------------------------------------------------------------------------------

def case_by_number(conn: Connection, number: str) -> Row[Any] | None:
    return conn.execute(CASE_BY_NUMBER, {"number": number}).first()


def parties_of(conn: Connection, case_id: int) -> Sequence[Row[Any]]:
    return conn.execute(PARTIES_OF_CASE, {"case_id": case_id}).all()


def next_case_number(conn: Connection, year: int) -> str:
    last = conn.execute(update(counters).where(counters.c.year == year)
                        .values(last=counters.c.last + 1).returning(counters.c.last)).scalar()
    if last is None:
        conn.execute(insert(counters).values(year=year, last=1))
        last = 1
    return f"{year}-{int(last):04d}"


def insert_case(conn: Connection, values: dict[str, Any]) -> int:
    return int(conn.execute(insert(cases).values(**values).returning(cases.c.id)).scalar_one())


def find_cases(conn: Connection, f: CaseFilter) -> Sequence[Row[Any]]:
    query = select(cases)
    for column, value in (("state", f.state), ("workflow", f.workflow),
                          ("mediator", f.mediator), ("supervisor", f.supervisor),
                          ("closed", f.closed)):
        if value is not None:
            query = query.where(cases.c[column] == value)
    if f.opened_from is not None:
        query = query.where(cases.c.opened_at >= f.opened_from)
    if f.opened_before is not None:
        query = query.where(cases.c.opened_at < f.opened_before)
    return conn.execute(query.order_by(cases.c.id.desc()).limit(f.limit)).all()


def bump_case(conn: Connection, *, case_id: int, expected: int, head: str, now: datetime,
              values: dict[str, Any] | None = None) -> bool:
    """Advance the case's version (and set ``values``) if nobody changed it since ``expected``."""
    stmt = BUMP_CASE.values(**values) if values else BUMP_CASE
    result = conn.execute(stmt, {"case_id": case_id, "expected": expected, "head": head,
                                 "now": now})
    return result.rowcount == 1


def move_case(conn: Connection, *, case_id: int, expected: int, head: str, now: datetime,
              state: str, is_closed: bool) -> bool:
    result = conn.execute(MOVE_CASE, {
        "case_id": case_id, "expected": expected, "head": head, "now": now, "state": state,
        "is_closed": is_closed, "closed_at": now if is_closed else None})
    return result.rowcount == 1


# parties -----------------------------------------------------------------------------

def insert_party(conn: Connection, values: dict[str, Any]) -> int:
    return int(conn.execute(insert(parties).values(**values).returning(parties.c.id)).scalar_one())


def party(conn: Connection, case_id: int, party_id: int) -> Row[Any] | None:
    return conn.execute(select(parties).where(parties.c.case_id == case_id,
                                              parties.c.id == party_id)).first()


def set_party_fields(conn: Connection, party_id: int, values: dict[str, Any]) -> None:
    conn.execute(update(parties).where(parties.c.id == party_id).values(**values))


# events ------------------------------------------------------------------------------

def insert_event(conn: Connection, values: dict[str, Any]) -> None:
    conn.execute(INSERT_EVENT, values)


def events_of(conn: Connection, case_id: int, limit: int | None = None) -> Sequence[Row[Any]]:
    query = select(events).where(events.c.case_id == case_id)
    if limit is not None:
        inner = query.order_by(events.c.seq.desc()).limit(limit).subquery()
        return conn.execute(select(inner).order_by(inner.c.seq)).all()
    return conn.execute(query.order_by(events.c.seq)).all()


def all_case_ids(conn: Connection) -> Sequence[Row[Any]]:
    return conn.execute(select(cases.c.id, cases.c.number, cases.c.audit_head)
                        .order_by(cases.c.id)).all()
