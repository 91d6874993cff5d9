"""The personal calendar feed of the web console: a secret address per user
(``/calendar/TOKEN.ics``) that a phone's calendar reads without signing in. The token is
random (256 bits), shown once when it is made and stored as its SHA-256 only; renewing it
replaces the stored hash, so the old address stops working. Making one is recorded in the
users' trail (``calendar_feed_renewed``)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from mediation.casework import CaseWork
from mediation.core.errors import NotFound
from mediation.storage import feeds as store
from mediation.users.commands import record
from mediation.workflow.engine import Actor

TOKEN_BYTES = 32


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


class FeedCommands(CaseWork):
    def renew_feed(self, actor: Actor) -> str:
        """A new secret token for ``actor``'s own feed (the earlier one stops working)."""
        token, now = secrets.token_urlsafe(TOKEN_BYTES), self.now()
        with self.db.write() as conn:
            store.replace_feed(conn, actor.username, token_hash(token), now=now, by=actor.recorded)
            record(conn, actor.recorded, "calendar_feed_renewed", actor.username, now)
        return token

    def feed_made_at(self, actor: Actor) -> datetime | None:
        """When ``actor``'s current feed address was made; ``None`` without one."""
        with self.db.read() as conn:
            row = store.feed_of(conn, actor.username)
        return None if row is None else row.made_at

    def feed_owner(self, token: str) -> str:
        """The user whose feed ``token`` opens; ``NotFound`` for any other token."""
        if not 20 <= len(token) <= 100:
            raise NotFound(kind="calendar feed", key="…")
        with self.db.read() as conn:
            owner = store.owner_of(conn, token_hash(token))
        if owner is None:
            raise NotFound(kind="calendar feed", key="…")
        return owner
