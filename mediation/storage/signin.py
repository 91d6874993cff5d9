"""The web console's sign-in records: password hashes and sign-in attempts. Functions take
a SQLAlchemy ``Connection``; the use-case layer owns the transactions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Connection

from mediation.storage.models import sign_in_attempts as attempts
from mediation.storage.models import web_passwords


def password_hash(conn: Connection, username: str) -> str | None:
    found = conn.execute(select(web_passwords.c.hash)
                         .where(web_passwords.c.username == username)).scalar()
    return None if found is None else str(found)


def is_temporary(conn: Connection, username: str) -> bool:
    found = conn.execute(select(web_passwords.c.temporary)
                         .where(web_passwords.c.username == username)).scalar()
    return bool(found)


def set_password_hash(conn: Connection, username: str, hashed: str, *, now: datetime,
                      by: str, temporary: bool = False) -> None:
    values = {"hash": hashed, "set_at": now, "set_by": by, "temporary": temporary}
    changed = conn.execute(update(web_passwords).where(web_passwords.c.username == username)
                           .values(**values)).rowcount
    if not changed:
        conn.execute(insert(web_passwords).values(username=username, **values))


def record_attempt(conn: Connection, *, username: str, address: str, at: datetime,
                   ok: bool) -> None:
    conn.execute(insert(attempts).values(username=username, address=address, at=at, ok=ok))


def failures_since(conn: Connection, since: datetime, *, username: str | None = None,
                   address: str | None = None) -> int:
    """Failed attempts since ``since`` for ``username`` or from ``address``."""
    query = select(func.count()).select_from(attempts).where(attempts.c.at >= since,
                                                             attempts.c.ok.is_(False))
    if username is not None:
        query = query.where(attempts.c.username == username)
    if address is not None:
        query = query.where(attempts.c.address == address)
    return int(conn.execute(query).scalar_one())
