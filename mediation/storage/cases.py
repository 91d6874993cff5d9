"""Every query of the package. Functions take a SQLAlchemy ``Connection``; the service owns
transactions.

The statements of the transition hot path (read the case with its parties, UPDATE the
case with its version check, INSERT the event) are built once, at import, compiled once
per dialect on first use, and run on the driver's cursor with SQLAlchemy's own type processing;
driver errors come out as the SQLAlchemy exceptions every other query raises
(``IntegrityError``, ``OperationalError``, ...). Everything else goes through Core.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from operator import itemgetter
from typing import Any, NamedTuple
from weakref import WeakKeyDictionary

from sqlalchemy import (
    ColumnElement,
    Row,
    String,
    and_,
    bindparam,
    cast,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler

from mediation.storage import paging
from mediation.storage.db import driver_error, take_numbers
from mediation.storage.models import case_counters as counters
from mediation.storage.models import case_events as events
from mediation.storage.models import cases, parties, users
from mediation.workflow.records import PartySnapshot

CASE_BY_NUMBER = select(cases).where(cases.c.number == bindparam("number"))
CURRENT_PARTY = parties.c.removed_at.is_(None)  # not removed as added by mistake
PARTIES_OF_CASE = select(parties).where(parties.c.case_id == bindparam("case_id"),
                                        CURRENT_PARTY).order_by(parties.c.id)
BUMP_CASE = (
    update(cases)
    .where(and_(cases.c.id == bindparam("case_id"), cases.c.version == bindparam("expected")))
    .values(version=cases.c.version + 1, audit_head=bindparam("head"),
            updated_at=bindparam("now"))
)
MOVE_CASE = BUMP_CASE.values(state=bindparam("state"), closed=bindparam("is_closed"),
                             closed_at=bindparam("closed_at"))
INSERT_EVENT = insert(events)


class CaseHead(NamedTuple):
    """The columns of a case that a transition reads (authorise, decide, version check)."""

    id: int
    number: str
    workflow: str
    state: str
    closed: bool
    grade: str | None
    alert: str
    chair: str | None
    mediator: str
    supervisor: str
    version: int
    audit_head: str
    updated_at: datetime


EVENT_COLUMNS = ("case_id", "seq", "at", "actor", "kind", "from_state", "to_state", "trigger",
                 "note", "details", "prev_hash", "hash")
PARTY_SNAPSHOT_COLUMNS = (parties.c.id, parties.c.name, parties.c.role, parties.c.representative,
                          parties.c.consent)
PARTY_SNAPSHOTS = select(*PARTY_SNAPSHOT_COLUMNS).where(
    parties.c.case_id == bindparam("case_id"), CURRENT_PARTY).order_by(parties.c.id)
CASE_FOR_TRANSITION = (
    select(*(cases.c[name] for name in CaseHead._fields), *PARTY_SNAPSHOT_COLUMNS)
    .select_from(cases.outerjoin(parties, and_(parties.c.case_id == cases.c.id,
                                               CURRENT_PARTY)))
    .where(cases.c.number == bindparam("number"))
    .order_by(parties.c.id)
)
INSERT_WHOLE_EVENT = insert(events).inline()


@dataclass(frozen=True, slots=True, kw_only=True)
class CaseFilter:
    state: str | None = None
    workflow: str | None = None
    mediator: str | None = None
    supervisor: str | None = None
    closed: bool | None = None
    opened_from: datetime | None = None
    opened_before: datetime | None = None
    district: str | None = None
    conflict_type: str | None = None
    grade: str | None = None
    updated_before: datetime | None = None  # nothing recorded since
    oldest_first: bool = False  # by the last record, oldest first (else newest case first)
    limit: int = 50
    offset: int = 0


# users -------------------------------------------------------------------------------

def user_by_name(conn: Connection, username: str) -> Row[Any] | None:
    return conn.execute(select(users).where(users.c.username == username)).first()


def user_by_login(conn: Connection, login: str) -> Row[Any] | None:
    """The user mapped to the OS account ``login``, else the one named like it."""
    found = conn.execute(select(users).where(users.c.login == login)).first()
    if found is None:
        found = conn.execute(select(users).where(users.c.username == login.lower(),
                                                 users.c.login.is_(None))).first()
    return found


def count_active_admins(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(users).where(
        users.c.role == "admin", users.c.active.is_(True))).scalar_one())


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
    """The case's parties, without those removed as added by mistake."""
    return conn.execute(PARTIES_OF_CASE, {"case_id": case_id}).all()


def every_party_of(conn: Connection, case_id: int) -> Sequence[Row[Any]]:
    """The case's parties, those removed included (``party list`` shows them marked)."""
    return conn.execute(select(parties).where(parties.c.case_id == case_id)
                        .order_by(parties.c.id)).all()


def next_case_number(conn: Connection, year: int) -> str:
    return f"{year}-{take_numbers(conn, counters, {'year': year}):04d}"


def insert_case(conn: Connection, values: dict[str, Any]) -> int:
    return int(conn.execute(insert(cases).values(**values).returning(cases.c.id)).scalar_one())


def find_cases(conn: Connection, f: CaseFilter,
               readable: ColumnElement[bool]) -> tuple[Sequence[Row[Any]], int]:
    """The page of ``f`` of the cases ``readable`` selects (``scope.readable``), newest
    first, and how many match in all."""
    query = select(cases).where(readable, *filtered(f))
    order = (cases.c.updated_at, cases.c.id) if f.oldest_first else (cases.c.id.desc(),)
    return paging.page(conn, query.order_by(*order), f.limit, f.offset)


def open_caseload(conn: Connection, readable: ColumnElement[bool]) -> list[tuple[str, int]]:
    """The number of open cases per mediator among those ``readable`` selects, most first."""
    count = func.count().label("n")
    rows = conn.execute(select(cases.c.mediator, count).where(readable, cases.c.closed.is_(False))
                        .group_by(cases.c.mediator).order_by(count.desc(), cases.c.mediator))
    return [(str(r.mediator), int(r.n)) for r in rows]


def filtered(f: CaseFilter) -> list[ColumnElement[bool]]:
    """The WHERE conditions over ``cases`` of the filter ``f``."""
    where = [cases.c[column] == value
             for column, value in (("state", f.state), ("workflow", f.workflow),
                                   ("mediator", f.mediator), ("supervisor", f.supervisor),
                                   ("closed", f.closed), ("district", f.district),
                                   ("grade", f.grade))
             if value is not None]
    if f.conflict_type is not None:  # a vocabulary word inside the JSON list
        where.append(cast(cases.c.conflict_types, String).like(f'%"{f.conflict_type}"%'))
    if f.opened_from is not None:
        where.append(cases.c.opened_at >= f.opened_from)
    if f.opened_before is not None:
        where.append(cases.c.opened_at < f.opened_before)
    if f.updated_before is not None:
        where.append(cases.c.updated_at < f.updated_before)
    return where


def bump_case(conn: Connection, *, case_id: int, expected: int, head: str, now: datetime,
              values: dict[str, Any] | None = None) -> bool:
    """Advance the case's version (and set ``values``) if nobody changed it since ``expected``."""
    stmt = BUMP_CASE.values(**values) if values else BUMP_CASE
    result = conn.execute(stmt, {"case_id": case_id, "expected": expected, "head": head,
                                 "now": now})
    return result.rowcount == 1


def move_case(conn: Connection, *, case_id: int, expected: int, head: str, now: datetime,
              state: str, is_closed: bool) -> bool:
    """Set the case's state (closing it if ``is_closed``) if its version is still ``expected``."""
    return _prepared(conn, "move_case").rowcount(conn, {
        "case_id": case_id, "expected": expected, "head": head, "now": now, "state": state,
        "is_closed": is_closed, "closed_at": now if is_closed else None}) == 1


def case_for_transition(conn: Connection,
                        number: str) -> tuple[CaseHead, tuple[PartySnapshot, ...]] | None:
    """The columns of the case a transition reads, and its parties: one statement, so one
    consistent view of both."""
    rows = _prepared(conn, "case_for_transition").rows(conn, {"number": number})
    if not rows:
        return None
    width = len(CaseHead._fields)
    return CaseHead._make(rows[0][:width]), tuple(
        _party_snapshot(r[width:]) for r in rows if r[width] is not None)


def party_snapshots(conn: Connection, case_id: int) -> tuple[PartySnapshot, ...]:
    return tuple(_party_snapshot(r)
                 for r in _prepared(conn, "party_snapshots").rows(conn, {"case_id": case_id}))


def _party_snapshot(r: Sequence[Any]) -> PartySnapshot:
    return PartySnapshot(id=r[0], name=r[1], role=r[2], representative=r[3], consent=r[4])


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
    if values.keys() == _EVENT_KEYS:
        _prepared(conn, "insert_event").rowcount(conn, values)
    else:
        conn.execute(INSERT_EVENT, values)


def events_of(conn: Connection, case_id: int, limit: int | None = None) -> Sequence[Row[Any]]:
    query = select(events).where(events.c.case_id == case_id)
    if limit is not None:
        inner = query.order_by(events.c.seq.desc()).limit(limit).subquery()
        return conn.execute(select(inner).order_by(inner.c.seq)).all()
    return conn.execute(query.order_by(events.c.seq)).all()


def heads_at(conn: Connection, at: datetime) -> Sequence[Row[*tuple[Any, ...]]]:
    """Each case's last event at ``at`` (the case's number — ``None`` if its row is gone —,
    its id, the event's seq and hash), read from the events themselves."""
    last = (select(events.c.case_id, func.max(events.c.seq).label("seq"))
            .where(events.c.at <= at).group_by(events.c.case_id).subquery())
    return conn.execute(
        select(cases.c.number, events.c.case_id, events.c.seq, events.c.hash)
        .select_from(events.join(last, (events.c.case_id == last.c.case_id)
                                 & (events.c.seq == last.c.seq))
                     .outerjoin(cases, cases.c.id == events.c.case_id))).all()


def last_move_actor(conn: Connection, case_id: int) -> str | None:
    """Who made the case's last transition (``system`` for the product's own moves)."""
    found = conn.execute(select(events.c.actor).where(
        events.c.case_id == case_id, events.c.kind == "transition")
        .order_by(events.c.seq.desc()).limit(1)).scalar()
    return None if found is None else str(found)


def all_cases(conn: Connection) -> Sequence[Row[Any]]:
    return conn.execute(select(cases).order_by(cases.c.id)).all()


def cases_after(conn: Connection, after_id: int, limit: int) -> Sequence[Row[Any]]:
    """The next ``limit`` cases by id after ``after_id`` (a whole-database pass, a page at a
    time)."""
    return conn.execute(select(cases).where(cases.c.id > after_id).order_by(cases.c.id)
                        .limit(limit)).all()


def events_of_cases(conn: Connection, first: int, last: int) -> dict[int, list[Row[Any]]]:
    """The events of the cases whose ids are ``first``..``last``, in order, by case id."""
    found: dict[int, list[Row[Any]]] = {}
    for row in conn.execute(select(events).where(events.c.case_id.between(first, last))
                            .order_by(events.c.case_id, events.c.seq)):
        found.setdefault(row.case_id, []).append(row)
    return found


def count_events(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(events)).scalar_one())


# the hot path's statements, compiled once per dialect ---------------------------------

_EVENT_KEYS = frozenset(EVENT_COLUMNS)
_Processor = Callable[[Any], Any]


class Prepared:
    """One Core statement compiled for one dialect and run on the driver's cursor.

    Parameters go through the bind processors SQLAlchemy would apply (``UtcDateTime``,
    booleans on SQLite), result columns through its result processors; any error is raised
    as SQLAlchemy raises it (``db.driver_error``).
    """

    __slots__ = ("constants", "names", "pick", "processors", "readers", "sql")

    def __init__(self, stmt: ClauseElement, dialect: Dialect,
                 column_keys: Sequence[str] | None = None) -> None:
        compiled = stmt.compile(dialect=dialect, column_keys=list(column_keys or ()) or None)
        assert isinstance(compiled, SQLCompiler)
        if compiled.escaped_bind_names:  # pragma: no cover - plain names only
            raise ValueError(f"bind names need escaping: {compiled.escaped_bind_names}")
        names = list(compiled.positiontup or []) if compiled.positional else list(
            compiled.bind_names.values())
        self.sql = compiled.string
        self.names = None if compiled.positional else tuple(names)
        keys: list[str] = []
        self.constants: dict[str, Any] = {}
        self.processors: list[tuple[int, _Processor]] = []
        for i, name in enumerate(names):
            bind = compiled.binds[name]
            proc = bind.type.dialect_impl(dialect).bind_processor(dialect)
            if bind.required:
                keys.append(bind.key)
                if proc is not None:
                    self.processors.append((i, proc))
                continue
            if bind.callable is not None:  # pragma: no cover - the hot statements have none
                raise ValueError(f"bind {name!r} needs a value computed at execution")
            keys.append(f" {name}")  # a key no caller uses
            self.constants[keys[-1]] = bind.value if proc is None else proc(bind.value)
        self.pick = _picker(keys)
        selected = getattr(stmt, "selected_columns", ())
        self.readers = [(i, read) for i, c in enumerate(selected)
                        if (read := c.type.dialect_impl(dialect).result_processor(dialect, None))]

    def params(self, values: Mapping[str, Any]) -> Any:
        """The driver's parameters (a list, or a dict for named placeholders)."""
        row = self.row(values)
        return row if self.names is None else dict(zip(self.names, row, strict=True))

    def row(self, values: Mapping[str, Any]) -> list[Any]:
        """The parameters' values in their placeholders' order (for ``COPY``, one row)."""
        if self.constants:
            values = {**values, **self.constants}
        row = list(self.pick(values))
        for i, proc in self.processors:
            row[i] = proc(row[i])
        return row

    def _cursor(self, conn: Connection) -> Any:
        dbapi_conn = conn.connection.dbapi_connection
        assert dbapi_conn is not None
        return dbapi_conn.cursor()

    def rowcount(self, conn: Connection, values: Mapping[str, Any]) -> int:
        """Run a DML statement; the number of rows it matched."""
        cursor, params = self._cursor(conn), None
        try:
            params = self.params(values)
            cursor.execute(self.sql, params)
            return int(cursor.rowcount)
        except Exception as exc:
            raise driver_error(conn, exc, self.sql, params) from exc
        finally:
            cursor.close()

    def rows(self, conn: Connection, values: Mapping[str, Any]) -> list[Sequence[Any]]:
        """Run a SELECT; its rows, each column processed as SQLAlchemy would."""
        cursor, params = self._cursor(conn), None
        try:
            params = self.params(values)
            cursor.execute(self.sql, params)
            found: list[Sequence[Any]] = cursor.fetchall()
        except Exception as exc:
            raise driver_error(conn, exc, self.sql, params) from exc
        finally:
            cursor.close()
        if self.readers:
            return [self._read(r) for r in found]
        return found

    def _read(self, row: Sequence[Any]) -> list[Any]:
        out = list(row)
        for i, read in self.readers:
            out[i] = read(out[i])
        return out


def _picker(keys: Sequence[str]) -> Callable[[Mapping[str, Any]], Sequence[Any]]:
    """``values`` → the values of ``keys``, in order, as a sequence (even for one key)."""
    if len(keys) == 1:
        key = keys[0]
        return lambda values: (values[key],)
    return itemgetter(*keys)


_HOT_STATEMENTS: dict[str, tuple[ClauseElement, tuple[str, ...] | None]] = {
    "case_for_transition": (CASE_FOR_TRANSITION, None),
    "party_snapshots": (PARTY_SNAPSHOTS, None),
    "move_case": (MOVE_CASE, None),
    "insert_event": (INSERT_WHOLE_EVENT, EVENT_COLUMNS),
}
_PREPARED: WeakKeyDictionary[Dialect, dict[str, Prepared]] = WeakKeyDictionary()


def _prepared(conn: Connection, name: str) -> Prepared:
    """The hot statement ``name``, compiled for ``conn``'s dialect on first use."""
    stmt, column_keys = _HOT_STATEMENTS[name]
    return prepared(conn, name, stmt, column_keys)


def prepared(conn: Connection, name: str, stmt: ClauseElement,
             column_keys: tuple[str, ...] | None = None) -> Prepared:
    """``stmt`` (a statement on a transition's path, named ``name``), compiled for ``conn``'s
    dialect on first use and run on the driver's cursor from then on."""
    per_dialect = _PREPARED.get(conn.dialect)
    if per_dialect is None:
        per_dialect = _PREPARED[conn.dialect] = {}
    found = per_dialect.get(name)
    if found is None:
        found = per_dialect[name] = Prepared(stmt, conn.dialect, column_keys=column_keys)
    return found
