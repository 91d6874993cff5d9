"""The personal calendar feeds of the web console: one hashed token per user. Functions take
a SQLAlchemy ``Connection``; the use-case layer owns the transactions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Connection, Row

from mediation.storage.models import calendar_feeds as feeds


def feed_of(conn: Connection, username: str) -> Row[Any] | None:
    return conn.execute(select(feeds).where(feeds.c.username == username)).first()


def owner_of(conn: Connection, token_sha256: str) -> str | None:
    found = conn.execute(select(feeds.c.username)
                         .where(feeds.c.token_sha256 == token_sha256)).scalar()
    return None if found is None else str(found)


def replace_feed(conn: Connection, username: str, token_sha256: str, *, now: datetime,
                 by: str) -> None:
    """The user's feed is now ``token_sha256``; any earlier token stops working."""
    conn.execute(delete(feeds).where(feeds.c.username == username))
    conn.execute(insert(feeds).values(username=username, token_sha256=token_sha256,
                                      made_at=now, made_by=by))
