"""Database engine and transactions: SQLite (WAL, foreign keys, busy timeout) by default,
PostgreSQL through ``MEDIATION_DATABASE_URL``.

Reads run in plain transactions; writes run in ``write()``, which on SQLite takes the
write lock at BEGIN (``BEGIN IMMEDIATE``) so that a write never fails half-way on a lock
upgrade. Optimistic locking (the case's version column) detects changes made between a
command's read and its write.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from .errors import StorageError

SQLITE_BUSY_MS = 5000


def normalise_url(url: str) -> str:
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # SQLAlchemy's "begin" listener below decides
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = "BEGIN IMMEDIATE" if conn.info.get("immediate") else "BEGIN"
        conn.exec_driver_sql(mode)


def make_engine(url: str) -> Engine:
    url = normalise_url(url)
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url)
        _sqlite_setup(engine)
        return engine
    return create_engine(url, pool_pre_ping=False)


class Database:
    """The engine and the two kinds of transaction the service uses."""

    def __init__(self, url: str) -> None:
        self.url = normalise_url(url)
        self.engine = make_engine(self.url)
        self.dialect = self.engine.dialect.name

    @contextmanager
    def read(self) -> Iterator[Connection]:
        try:
            with self.engine.connect() as conn, conn.begin():
                yield conn
        except OperationalError as exc:
            raise StorageError(detail=_short(exc)) from exc

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One atomic unit of work; everything in it commits together or not at all."""
        try:
            with self.engine.connect() as conn:
                conn.info["immediate"] = True
                try:
                    with conn.begin():
                        yield conn
                finally:
                    conn.info.pop("immediate", None)
        except IntegrityError:
            raise
        except OperationalError as exc:
            raise StorageError(detail=_short(exc)) from exc

    def dispose(self) -> None:
        self.engine.dispose()


def _short(exc: DBAPIError) -> str:
    text = str(exc.orig) if exc.orig is not None else str(exc)
    return text.splitlines()[0][:300]
