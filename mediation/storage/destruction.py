"""The queries of the destruction of personal data (``privacy destroy``): reading everything a
case holds, writing it back blotted out in the caller's transaction, the destruction records
(파기 기록), and afterwards making the database forget the old values (SQLite: the full-text
index merged, ``VACUUM`` and a WAL checkpoint; PostgreSQL: ``VACUUM`` of the tables
touched)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, Table, insert, select, update
from sqlalchemy.engine import Connection

from mediation.storage import paging
from mediation.storage.db import Database
from mediation.storage.models import agreement_items as items
from mediation.storage.models import (
    attachments,
    cases,
    deadlines,
    destructions,
    documents,
    meetings,
    parties,
    reminders,
    search_text,
)
from mediation.storage.models import case_events as events
from mediation.storage.models import case_pauses as pauses
from mediation.storage.models import dispute_issues as issues

Scrub = Callable[[Any], Any]

FREE_TEXT: tuple[tuple[Table, tuple[str, ...]], ...] = (
    (issues, ("text",)),
    (items, ("text", "check_method", "cost_share", "status_note")),
    (meetings, ("place", "agenda", "forced_reason", "cancel_reason", "hearing", "notices")),
    (documents, ("recipient", "void_reason", "review_comment", "context", "companions")),
    (reminders, ("recipients", "last_error")),
    (pauses, ("reason",)),
    (deadlines, ("basis", "adjustments")),
)
"""The columns of a case's other rows whose text may name its private persons."""

TOUCHED = ("cases", "parties", "case_events", "dispute_issues", "agreement_items", "meetings",
           "documents", "reminders", "case_pauses", "deadlines", "attachments", "search_text",
           "destructions")


def every_party(conn: Connection, case_id: int) -> Sequence[Row[Any]]:
    return conn.execute(select(parties).where(parties.c.case_id == case_id)
                        .order_by(parties.c.id)).all()


def events_of(conn: Connection, case_id: int) -> Sequence[Row[Any]]:
    return conn.execute(select(events).where(events.c.case_id == case_id)
                        .order_by(events.c.seq)).all()


def rows_of(conn: Connection, table: Table, case_id: int) -> Sequence[Row[Any]]:
    return conn.execute(select(table).where(table.c.case_id == case_id)
                        .order_by(table.c.id)).all()


def search_rows(conn: Connection, case_id: int) -> Sequence[Row[Any]]:
    return rows_of(conn, search_text, case_id)


def documents_of(conn: Connection, case_id: int) -> Sequence[Row[Any]]:
    return rows_of(conn, documents, case_id)


def attachments_of(conn: Connection, case_id: int) -> Sequence[Row[Any]]:
    return rows_of(conn, attachments, case_id)


def meetings_of(conn: Connection, case_id: int) -> Sequence[Row[Any]]:
    return rows_of(conn, meetings, case_id)


def scrub_free_text(conn: Connection, case_id: int, fn: Scrub, *, write: bool,
                    skip: set[int]) -> dict[str, int]:
    """Apply ``fn`` to the free-text columns of the case's rows (``FREE_TEXT``; documents
    whose ids are in ``skip`` are left alone), writing the result if ``write``; how many rows
    of each table change."""
    changed: dict[str, int] = {}
    for table, columns in FREE_TEXT:
        for row in rows_of(conn, table, case_id):
            if table is documents and int(row.id) in skip:
                continue
            values = {c: fn(getattr(row, c)) for c in columns}
            values = {c: v for c, v in values.items() if v != getattr(row, c)}
            if values:
                if write:
                    conn.execute(update(table).where(table.c.id == row.id).values(**values))
                changed[table.name] = changed.get(table.name, 0) + 1
    return changed


def set_row(conn: Connection, table: Table, row_id: int, values: dict[str, Any]) -> None:
    conn.execute(update(table).where(table.c.id == row_id).values(**values))


def set_party(conn: Connection, party_id: int, values: dict[str, Any]) -> None:
    set_row(conn, parties, party_id, values)


def set_case(conn: Connection, case_id: int, values: dict[str, Any]) -> None:
    conn.execute(update(cases).where(cases.c.id == case_id).values(**values))


def set_meeting(conn: Connection, meeting_id: int, values: dict[str, Any]) -> None:
    set_row(conn, meetings, meeting_id, values)


def set_document(conn: Connection, doc_id: int, values: dict[str, Any]) -> None:
    set_row(conn, documents, doc_id, values)


def set_attachment(conn: Connection, attachment_id: int, values: dict[str, Any]) -> None:
    set_row(conn, attachments, attachment_id, values)


def redact_event(conn: Connection, event_id: int, *, note: str | None, details: str,
                 at: datetime) -> None:
    """Replace an event's note and details (its hash stays: what the original hashed to)."""
    conn.execute(update(events).where(events.c.id == event_id)
                 .values(note=note, details=details, redacted_at=at))


def set_search(conn: Connection, row_id: int, body: str | None) -> None:
    if body and body.strip():
        conn.execute(update(search_text).where(search_text.c.id == row_id).values(body=body))
    else:
        conn.execute(search_text.delete().where(search_text.c.id == row_id))


def attachment_shared(conn: Connection, sha256: str, case_id: int) -> bool:
    """Whether a file of that content is attached to another case, or to this one and not
    being destroyed (it is kept then)."""
    return conn.execute(select(attachments.c.id).where(
        attachments.c.sha256 == sha256, attachments.c.destroyed_at.is_(None),
        attachments.c.case_id != case_id).limit(1)).first() is not None


# the destruction records -------------------------------------------------------------------

def insert_destruction(conn: Connection, values: dict[str, Any]) -> int:
    return int(conn.execute(insert(destructions).values(**values)
                            .returning(destructions.c.id)).scalar_one())


def set_pending(conn: Connection, destruction_id: int, pending: list[Any]) -> None:
    conn.execute(update(destructions).where(destructions.c.id == destruction_id)
                 .values(pending=pending))


def add_pending(conn: Connection, destruction_id: int, pending: list[Any]) -> None:
    """Add ``pending`` to what the record still waits for."""
    now = conn.execute(select(destructions.c.pending)
                       .where(destructions.c.id == destruction_id)).scalar_one()
    set_pending(conn, destruction_id, [*(now or []), *pending])


def with_pending(conn: Connection) -> Sequence[Row[*tuple[Any, ...]]]:
    """The destruction records still waiting for a file's deletion or the database's
    clean-up."""
    rows = conn.execute(select(destructions.c.id, destructions.c.pending)
                        .order_by(destructions.c.id)).all()
    return [r for r in rows if r.pending]


def destruction_page(conn: Connection, limit: int,
                     offset: int) -> tuple[Sequence[Row[Any]], int]:
    """A page of the destruction records, oldest first, and how many there are."""
    return paging.page(conn, select(destructions).order_by(destructions.c.at,
                                                           destructions.c.id), limit, offset)


def destruction_of(conn: Connection, case_id: int) -> Row[Any] | None:
    return conn.execute(select(destructions).where(destructions.c.case_id == case_id)
                        .order_by(destructions.c.id.desc()).limit(1)).first()


# forgetting ----------------------------------------------------------------------------------

def forget(db: Database) -> list[str]:
    """Make the database drop the pages and index entries that held the old values: on SQLite
    the full-text index merged into one segment, ``VACUUM`` and a truncating WAL checkpoint
    (``secure_delete`` zeroes what is freed before that); on PostgreSQL ``VACUUM`` of the
    tables written. What could not be done (another process holding the database), each as
    one line; nothing if all went."""
    raw = db.engine.raw_connection()
    dbapi: Any = db.engine.dialect.loaded_dbapi
    problems: list[str] = []
    try:
        driver: Any = raw.driver_connection
        if db.dialect == "sqlite":
            statements = ["PRAGMA secure_delete=ON",
                          "INSERT INTO search_fts(search_fts) VALUES('optimize')",
                          "VACUUM", "PRAGMA wal_checkpoint(TRUNCATE)"]
        else:
            driver.autocommit = True
            statements = [f"VACUUM {table}" for table in TOUCHED]
        cur = driver.cursor()
        for statement in statements:
            try:
                cur.execute(statement)
            except dbapi.Error as exc:
                problems.append(f"{statement}: {exc}")
                continue
            if statement.startswith("PRAGMA wal_checkpoint"):
                busy = cur.fetchone()
                if busy and busy[0]:
                    problems.append(f"{statement}: the WAL is still read by another process")
        cur.close()
        if db.dialect != "sqlite":
            driver.autocommit = False
    finally:
        raw.close()
    return problems


def secure_delete(conn: Connection) -> None:
    """On SQLite, zero the content of freed pages from now on, in this connection."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA secure_delete=ON")
