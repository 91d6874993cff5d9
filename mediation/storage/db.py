"""Database engine and transactions: SQLite (WAL, foreign keys, busy timeout) by default,
PostgreSQL through ``MEDIATION_DATABASE_URL``. A database locked by other writers is waited
for ``MEDIATION_DB_BUSY_SECONDS`` (SQLite's busy timeout, PostgreSQL's lock timeout), then
the command fails with ``DatabaseBusy`` (exit 5), as on a PostgreSQL deadlock.

Reads run in plain transactions; writes run in ``write()``, which on SQLite takes the
write lock at BEGIN (``BEGIN IMMEDIATE``) so that a write never fails half-way on a lock
upgrade. Optimistic locking (the case's version column) detects changes made between a
command's read and its write.

Consecutive transactions reuse one connection (``_take`` / ``_keep``) instead of checking
one out of the pool each time, and SQLite's BEGIN is the dialect's own hook rather than an
engine event: a transition runs two short transactions, and both costs used to exceed the
SQLite work itself. ``driver_error`` turns an error raised by the driver under a connection
into the SQLAlchemy exception the rest of the package expects.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import (
    ArgumentError,
    DBAPIError,
    NoSuchModuleError,
    OperationalError,
    ProgrammingError,
)
from sqlalchemy.pool import PoolProxiedConnection

from mediation.core.errors import (
    BadInput,
    DatabaseBusy,
    MediationError,
    NotInitialised,
    StorageError,
)
from mediation.core.faults import NO_FAULTS, Faults

BUSY_SECONDS = 30.0
MMAP_BYTES = 256 * 1024 * 1024
# PostgreSQL: lock_not_available (lock_timeout), serialization_failure, deadlock_detected
PG_BUSY = frozenset({"55P03", "40001", "40P01"})
SQLITE_BUSY = ("database is locked", "database is busy", "database table is locked")


def normalise_url(url: str) -> str:
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def _sqlite_setup(engine: Engine, busy_seconds: float) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # the dialect's do_begin below emits BEGIN
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout={int(busy_seconds * 1000)}")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        # read the file through a memory map: a report or a search over many rows reads
        # pages without a system call each (a third of a year's report's time)
        cur.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
        cur.close()

    def _do_begin(dbapi_conn: PoolProxiedConnection) -> None:
        dbapi_conn.cursor().execute("BEGIN IMMEDIATE" if dbapi_conn.info.get("immediate")
                                    else "BEGIN")

    # The dialect's own BEGIN hook rather than a "begin" event: SQLAlchemy translates its
    # errors the same way, and an engine without event listeners skips the event dispatch
    # on every connection, statement and commit (a third of a transition's cost).
    engine.dialect.do_begin = _do_begin  # type: ignore[method-assign,assignment]


def _postgresql_setup(engine: Engine, busy_seconds: float) -> None:
    """A lock held by another transaction is waited for ``busy_seconds`` at most
    (``lock_timeout``), then the statement fails as busy instead of waiting forever."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        with dbapi_conn.cursor() as cur:
            cur.execute(f"SET lock_timeout = {max(1, int(busy_seconds * 1000))}")  # 0 = forever
        dbapi_conn.commit()


def make_engine(url: str, busy_seconds: float = BUSY_SECONDS) -> Engine:
    """The engine of ``url``; a database locked by other writers is waited for
    ``busy_seconds`` (SQLite's busy timeout, PostgreSQL's lock timeout)."""
    url = normalise_url(url)
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": busy_seconds})
        _sqlite_setup(engine, busy_seconds)
        return engine
    engine = create_engine(url, pool_pre_ping=False)
    if engine.dialect.name == "postgresql":
        _postgresql_setup(engine, busy_seconds)
    return engine


class Database:
    """The engine and the two kinds of transaction the service uses."""

    def __init__(self, url: str, faults: Faults = NO_FAULTS,
                 busy_seconds: float = BUSY_SECONDS) -> None:
        self.url = normalise_url(url)
        self.faults = faults
        self.busy_seconds = busy_seconds
        try:
            self.engine = make_engine(self.url, busy_seconds)
        except (ArgumentError, NoSuchModuleError) as exc:  # garbage://x, a malformed URL
            raise BadInput(field="MEDIATION_DATABASE_URL",
                           reason_ko=f"sqlite:/// 또는 postgresql:// 주소가 아닙니다 ({exc})",
                           reason_en=f"not a sqlite:/// or postgresql:// URL ({exc})") from exc
        self.dialect = self.engine.dialect.name
        self._idle: Connection | None = None
        self._idle_lock = threading.Lock()

    def _take(self) -> Connection:
        """A connection for one transaction: the one kept from the previous transaction if no
        one is using it, else a new one from the pool (see ``_keep``)."""
        with self._idle_lock:
            conn, self._idle = self._idle, None
        if conn is None or conn.invalidated:
            conn = self.engine.connect()
        return conn

    def _keep(self, conn: Connection) -> None:
        """Keep ``conn`` for the next transaction, unless another one is kept already.

        Only a connection whose transaction ended normally is kept; after an error it goes
        back to the pool. Keeping one saves a pool check-out and check-in per transaction,
        which cost more than a small SQLite transaction itself.
        """
        with self._idle_lock:
            kept = self._idle is None
            if kept:
                self._idle = conn
        if not kept:
            conn.close()

    @contextmanager
    def _lease(self) -> Iterator[Connection]:
        """A connection for one unit of work: kept for the next one if the work ended
        normally, closed (back to the pool) if it raised; driver errors become ours."""
        try:
            conn = self._take()
            try:
                yield conn
            except BaseException:
                conn.close()
                raise
            self._keep(conn)
        except (OperationalError, ProgrammingError) as exc:
            raise _storage_error(exc, self.busy_seconds) from exc

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self._lease() as conn, conn.begin():
            yield conn

    @contextmanager
    def read_one(self) -> Iterator[Connection]:
        """A connection for one read statement, without BEGIN and COMMIT around it: a single
        statement is already one consistent view of the database. For the transition's read
        (the case with its parties), where the two round trips cost more than the query.
        Anything more than one statement belongs in ``read()``."""
        with self._lease() as conn:
            yield conn
            _end_implicit(conn)

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One atomic unit of work; everything in it commits together or not at all.

        Every write passes the ``before_write`` fault point first, so the tests can hold two
        processes between their read and their write, whatever the command.
        """
        self.faults.hit("before_write")
        with self._lease() as conn:
            info = conn.info  # the pooled connection's: read by do_begin, cleared after
            info["immediate"] = True
            try:
                with conn.begin():
                    yield conn
            finally:
                info.pop("immediate", None)

    @property
    def display_url(self) -> str:
        """The URL with any password hidden, for messages."""
        return self.engine.url.render_as_string(hide_password=True)

    def dispose(self) -> None:
        with self._idle_lock:
            conn, self._idle = self._idle, None
        if conn is not None:
            conn.close()
        self.engine.dispose()


def _end_implicit(conn: Connection) -> None:
    """End what a read outside ``begin()`` may have opened: SQLAlchemy's own transaction if
    Core ran a statement, else the driver's (psycopg opens one with any statement; SQLite
    without ``BEGIN`` has none, and its rollback does nothing)."""
    if conn.in_transaction():
        conn.rollback()
        return
    dbapi_conn = conn.connection.dbapi_connection
    if dbapi_conn is not None:
        dbapi_conn.rollback()


def driver_error(conn: Connection, exc: Exception, statement: str, params: Any) -> BaseException:
    """``exc``, raised by the driver under ``conn``, as SQLAlchemy would raise it
    (``IntegrityError``, ``OperationalError``, ...); on a lost connection, the connection is
    invalidated first, as SQLAlchemy does."""
    dialect = conn.dialect
    base = dialect.loaded_dbapi.Error
    invalidated = False
    if isinstance(exc, base) and not conn.invalidated:
        invalidated = dialect.is_disconnect(exc, conn.connection.dbapi_connection, None)
        if invalidated:
            conn.invalidate(exc)
    return DBAPIError.instance(statement, params, exc, base, connection_invalidated=invalidated,
                               dialect=dialect)


def _storage_error(exc: DBAPIError, busy_seconds: float) -> MediationError:
    detail = _short(exc)
    if is_busy(exc):
        return DatabaseBusy(seconds=busy_seconds, detail=detail)
    if "no such table" in detail or ("relation" in detail and "does not exist" in detail):
        return NotInitialised(detail=detail)
    return StorageError(detail=detail)


def is_busy(exc: DBAPIError) -> bool:
    """Whether ``exc`` says the database was locked by others for the whole wait (or, on
    PostgreSQL, that this transaction lost a deadlock or a serialization conflict)."""
    if getattr(exc.orig, "sqlstate", None) in PG_BUSY:
        return True
    text = str(exc.orig).lower()
    return isinstance(exc, OperationalError) and any(s in text for s in SQLITE_BUSY)


def _short(exc: DBAPIError) -> str:
    text = str(exc.orig) if exc.orig is not None else str(exc)
    return text.splitlines()[0][:300]


def dialect_module(conn: Connection) -> Any:
    """The SQLAlchemy dialect package of ``conn`` (for ``insert ... on conflict``), imported
    on first use: the PostgreSQL one takes a tenth of a second, which a SQLite command that
    never writes a deadline should not pay at start-up."""
    name = "postgresql" if conn.dialect.name == "postgresql" else "sqlite"
    return importlib.import_module(f"sqlalchemy.dialects.{name}")


def insert_ignoring(conn: Connection, table: Any, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert rows, skipping any whose unique key exists (another sender got there first)."""
    if not rows:
        return
    dialect = dialect_module(conn)
    conn.execute(dialect.insert(table).on_conflict_do_nothing(), list(rows))


def take_numbers(conn: Connection, table: Any, key: Mapping[str, Any], count: int = 1,
                 floor: Any = 0) -> int:
    """Add ``count`` to the ``last`` of ``table``'s counter row ``key`` and return the new
    ``last``, in one statement (``INSERT … ON CONFLICT … DO UPDATE … RETURNING``); a row
    not there yet starts at ``floor``. The numbers ``last - count + 1 … last`` are the
    caller's: a concurrent caller waits for the row until this transaction ends, so two
    transactions never take the same number."""
    dialect = dialect_module(conn)
    stmt = (dialect.insert(table).values(**key, last=floor + count)
            .on_conflict_do_update(index_elements=list(key), set_={"last": table.c.last + count})
            .returning(table.c.last))
    return int(conn.execute(stmt).scalar_one())
