"""Queries over the access records (접속기록) and the one-row head of their hash chain.
Functions take a SQLAlchemy ``Connection``; the use-case layer owns the transactions.

A writer locks the head row (``FOR UPDATE`` on PostgreSQL; on SQLite the write transaction,
``BEGIN IMMEDIATE``, already serialises writers), reads the last sequence number and hash,
inserts the next record and moves the head: two writers never chain to the same record, and
the unique ``seq`` backs that up.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Row, cast, delete, exists, func, insert, select, update
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Connection

from mediation.core.audit import GENESIS
from mediation.storage import paging
from mediation.storage.db import insert_ignoring
from mediation.storage.models import access_head as head
from mediation.storage.models import access_records as records
from mediation.storage.models import cases, parties

_HEAD = select(head.c.seq, head.c.hash).where(head.c.id == 1)


def lock_head(conn: Connection) -> tuple[int, str]:
    """The chain's last sequence number and hash, the head row locked until the
    transaction ends (created, at the genesis, if missing)."""
    found = conn.execute(_HEAD.with_for_update()).first()
    if found is None:
        insert_ignoring(conn, head, [{"id": 1, "seq": 0, "hash": GENESIS, "base_seq": 0,
                                      "base_hash": GENESIS}])
        found = conn.execute(_HEAD.with_for_update()).first()
        assert found is not None
    return int(found.seq), str(found.hash)


def append(conn: Connection, values: Mapping[str, Any]) -> None:
    """Insert the record ``values`` (its ``seq`` the head's plus one) and move the head."""
    conn.execute(insert(records).values(**values))
    conn.execute(update(head).where(head.c.id == 1)
                 .values(seq=values["seq"], hash=values["hash"]))


def chain_head(conn: Connection) -> tuple[int, str]:
    found = conn.execute(_HEAD).first()
    return (0, GENESIS) if found is None else (int(found.seq), str(found.hash))


def in_order(conn: Connection) -> Sequence[Row[Any]]:
    """Every record in chain order (for ``privacy verify``)."""
    return conn.execute(select(records).order_by(records.c.seq)).all()


@dataclass(frozen=True, slots=True, kw_only=True)
class AccessFilter:
    username: str | None = None
    since: datetime | None = None
    until: datetime | None = None  # exclusive
    limit: int = 10_000


def find(conn: Connection, f: AccessFilter) -> Sequence[Row[Any]]:
    """Records by time, oldest first; a party's records are picked by the caller (the
    party ids are a JSON list, which the two backends query differently)."""
    stmt = select(records).order_by(records.c.seq)
    if f.username is not None:
        stmt = stmt.where(records.c.username == f.username)
    if f.since is not None:
        stmt = stmt.where(records.c.at >= f.since)
    if f.until is not None:
        stmt = stmt.where(records.c.at < f.until)
    return conn.execute(stmt.limit(f.limit)).all()


def page(conn: Connection, f: AccessFilter, party: int | None,
         offset: int) -> tuple[Sequence[Row[Any]], int]:
    """A page of the records of ``f`` (``limit`` of them from ``offset``), oldest first,
    only those naming ``party`` if given, and how many match in all."""
    stmt = select(records).order_by(records.c.seq)
    if f.username is not None:
        stmt = stmt.where(records.c.username == f.username)
    if f.since is not None:
        stmt = stmt.where(records.c.at >= f.since)
    if f.until is not None:
        stmt = stmt.where(records.c.at < f.until)
    if party is not None:
        stmt = stmt.where(_names_party(conn, party))
    return paging.page(conn, stmt, f.limit, offset)


def _names_party(conn: Connection, party: int) -> ColumnElement[bool]:
    """The record's JSON list of party ids holds ``party``."""
    if conn.dialect.name == "postgresql":
        return cast(records.c.parties, JSONB).contains([party])
    listed = func.json_each(records.c.parties).table_valued("value").alias("listed")
    return exists(select(1).select_from(listed).where(listed.c.value == party))


def party_roles(conn: Connection, case_id: int,
                party_ids: Sequence[int] | None = None) -> Sequence[Row[*tuple[Any, ...]]]:
    """``id`` and ``role`` of the case's parties (``party_ids`` only, if given), removed
    ones too: their data is still read."""
    stmt = select(parties.c.id, parties.c.role).where(parties.c.case_id == case_id)
    if party_ids is not None:
        stmt = stmt.where(parties.c.id.in_(list(party_ids)))
    return conn.execute(stmt.order_by(parties.c.id)).all()


def roles_by_id(conn: Connection, party_ids: Sequence[int]) -> dict[int, str]:
    """The role of each party of ``party_ids`` (any case)."""
    if not party_ids:
        return {}
    rows = conn.execute(select(parties.c.id, parties.c.role)
                        .where(parties.c.id.in_(sorted(set(party_ids))))).all()
    return {int(r.id): str(r.role) for r in rows}


def closed_before(conn: Connection, before: datetime,
                  readable: ColumnElement[bool]) -> Sequence[Row[*tuple[Any, ...]]]:
    """The cases ``readable`` selects that were closed before ``before`` and whose personal
    data is not destroyed yet, oldest closure first."""
    return conn.execute(select(cases.c.id, cases.c.number, cases.c.workflow, cases.c.closed_at)
                        .where(cases.c.closed, cases.c.closed_at < before,
                               cases.c.destroyed_at.is_(None), readable)
                        .order_by(cases.c.closed_at, cases.c.id)).all()


def head_at(conn: Connection, at: datetime) -> tuple[int, str] | None:
    """The last record written before the second ``at`` (records keep whole seconds, so a
    record of that very second is left to the next anchor): its sequence number and hash —
    the chain's start if that record was pruned and was the last before ``at``."""
    found = conn.execute(select(records.c.seq, records.c.hash).where(records.c.at < at)
                         .order_by(records.c.seq.desc()).limit(1)).first()
    if found is not None:
        return int(found.seq), str(found.hash)
    base = conn.execute(select(head.c.base_seq, head.c.base_hash, head.c.base_at)
                        .where(head.c.id == 1)).first()
    if base is not None and base.base_seq and base.base_at is not None and base.base_at < at:
        return int(base.base_seq), str(base.base_hash)
    return None


def pruned_until(conn: Connection) -> datetime | None:
    """The time of the last pruned record (an anchor before it cannot be checked against
    the access records), if any was pruned."""
    found = conn.execute(select(head.c.base_at).where(head.c.id == 1)).first()
    return None if found is None else found.base_at


# pruning (``privacy prune``) -----------------------------------------------------------

def chain_base(conn: Connection) -> tuple[int, str]:
    """Where the chain starts: the last pruned record's sequence number and hash (0 and the
    genesis while nothing was pruned)."""
    found = conn.execute(select(head.c.base_seq, head.c.base_hash).where(head.c.id == 1)).first()
    return (0, GENESIS) if found is None else (int(found.base_seq), str(found.base_hash))


@dataclass(frozen=True, slots=True)
class Cut:
    """The last record past the retention period, and how many records go with it."""

    seq: int
    hash: str
    at: datetime
    count: int


def last_before(conn: Connection, before: datetime) -> Cut | None:
    """The last record written before ``before``, and how many records there are up to it."""
    found = conn.execute(select(records.c.seq, records.c.hash, records.c.at)
                         .where(records.c.at < before)
                         .order_by(records.c.seq.desc()).limit(1)).first()
    if found is None:
        return None
    count = conn.execute(select(func.count()).select_from(records)
                         .where(records.c.seq <= found.seq)).scalar_one()
    return Cut(int(found.seq), str(found.hash), found.at, int(count))


def prune_through(conn: Connection, cut: Cut) -> int:
    """Delete the records up to ``cut`` and make it the chain's start; how many went (the
    caller holds the head's lock)."""
    gone = conn.execute(delete(records).where(records.c.seq <= cut.seq)).rowcount
    conn.execute(update(head).where(head.c.id == 1)
                 .values(base_seq=cut.seq, base_hash=cut.hash, base_at=cut.at))
    return int(gone or 0)


def names_by_id(conn: Connection, party_ids: Sequence[int]) -> dict[int, tuple[str, str]]:
    """The role and name of each party of ``party_ids`` (any case)."""
    if not party_ids:
        return {}
    rows = conn.execute(select(parties.c.id, parties.c.role, parties.c.name)
                        .where(parties.c.id.in_(sorted(set(party_ids))))).all()
    return {int(r.id): (str(r.role), str(r.name)) for r in rows}
