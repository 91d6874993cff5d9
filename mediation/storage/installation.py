"""The installation row: a simulation database or an office's. Functions take a SQLAlchemy
``Connection``; the use-case layer owns the transactions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from mediation.storage.models import installation


def simulation(conn: Connection) -> bool | None:
    """Whether the database is a simulation; ``None`` before ``mediation init`` marked it
    (a database created before marking existed: an office's)."""
    found = conn.execute(select(installation.c.simulation)).scalar()
    return None if found is None else bool(found)


def mark(conn: Connection, *, simulation: bool, now: datetime) -> None:
    conn.execute(insert(installation).values(id=1, simulation=simulation, created_at=now))
