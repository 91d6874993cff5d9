"""Loading many rows at once: the scale fixture (``bench/seed.py``) builds whole cases in
memory, ids included (events record their parties' and items' ids, so the ids must be
known before the rows are written), and writes each table's rows with one ``executemany``.

Nothing here is on a user's path. The ids handed out are the tables' next free ones; after
loading, ``restart_sequences`` moves PostgreSQL's id sequences past them (SQLite takes the
next id from the largest one), and ``raise_counters`` the case and document counters past
the numbers used.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import func, insert, select, text
from sqlalchemy.engine import Connection

from mediation.storage.cases import prepared
from mediation.storage.db import dialect_module, driver_error
from mediation.storage.models import metadata

SEEDED_TABLES = ("cases", "parties", "case_events", "deadlines", "reminders", "meetings",
                 "documents", "agreement_items", "agreement_signatures",
                 "agreement_confirmations")
"""The tables whose ids the fixture hands out itself."""


def table(name: str) -> Any:
    return metadata.tables[name]


def next_ids(conn: Connection) -> dict[str, int]:
    """For each of ``SEEDED_TABLES``, the first id not in use."""
    return {name: int(conn.execute(select(func.coalesce(func.max(table(name).c.id), 0)))
                      .scalar_one()) + 1 for name in SEEDED_TABLES}


def counters(conn: Connection, name: str) -> dict[tuple[Any, ...], int]:
    """The rows of a number counter (``case_counters``, ``document_counters``): key → last."""
    t = table(name)
    keys = [c for c in t.primary_key.columns]
    return {tuple(r[:-1]): int(r[-1]) for r in conn.execute(select(*keys, t.c.last))}


def raise_counters(conn: Connection, name: str, lasts: Mapping[tuple[Any, ...], int]) -> None:
    """Set each counter row of ``name`` to at least the given last number."""
    t = table(name)
    keys = [c.name for c in t.primary_key.columns]
    dialect = dialect_module(conn)
    for key, last in lasts.items():
        stmt = dialect.insert(t).values(**dict(zip(keys, key, strict=True)), last=last)
        conn.execute(stmt.on_conflict_do_update(
            index_elements=keys, set_={"last": func.max(t.c.last, last)
                                       if conn.dialect.name == "sqlite"
                                       else func.greatest(t.c.last, last)}))


def insert_rows(conn: Connection, name: str, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert ``rows`` (each with the same keys) into table ``name`` in one executemany on
    the driver's cursor, each value through SQLAlchemy's type processing (``Prepared``):
    Core's own executemany spends more on each row's parameters than the database does."""
    if not rows:
        return
    keys = tuple(rows[0])
    stmt = prepared(conn, f"bulk {name} {keys}", insert(table(name)).inline(), keys)
    dbapi_conn = conn.connection.dbapi_connection
    assert dbapi_conn is not None
    cursor = dbapi_conn.cursor()
    params: list[Any] = []
    try:
        if conn.dialect.name == "postgresql":  # COPY: a tenth of executemany's round trips
            names = stmt.names or keys  # psycopg's placeholders are named by their column
            columns = ", ".join(f'"{k}"' for k in names)
            with cursor.copy(f"COPY {name} ({columns}) FROM STDIN") as copy:
                for r in rows:  # each row's values in the columns' order, as they are made
                    copy.write_row(stmt.row(r))
        else:
            params = [stmt.params(r) for r in rows]
            cursor.executemany(stmt.sql, params)
    except Exception as exc:
        raise driver_error(conn, exc, stmt.sql, params[:1] or rows[:1]) from exc
    finally:
        cursor.close()


def restart_sequences(conn: Connection) -> None:
    """On PostgreSQL, move each seeded table's id sequence past its largest id."""
    if conn.dialect.name != "postgresql":
        return
    for name in SEEDED_TABLES:
        conn.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
            f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {name}), false)"))
