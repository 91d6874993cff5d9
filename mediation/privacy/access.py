"""Writing access records: inside a change's own transaction (``record``), or, for a read,
one short write of its own after the read (``read``). Every use case that shows, writes,
prints or hands out a private person's data calls one of them with the party ids.

``origin`` is where the user works from: by default the terminal of the command line
(``records.terminal_origin``); a web console sets the client's address per request.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextvars import ContextVar
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Connection

from mediation.core.clock import Clock
from mediation.privacy.records import AccessEntry, access_hash, terminal_origin
from mediation.storage import access as store
from mediation.storage import scope
from mediation.storage.db import Database
from mediation.workflow.engine import Actor

# where the current request comes from, when a server handles several users at once (the
# web console sets it per request; each request runs in its own context)
REQUEST_ORIGIN: ContextVar[str | None] = ContextVar("mediation_request_origin", default=None)


class AccessLog:
    def __init__(self, db: Database, clock: Clock, origin: str | None = None) -> None:
        self.db = db
        self.clock = clock
        self._origin = origin

    @property
    def origin(self) -> str:
        current = REQUEST_ORIGIN.get()
        if current is not None:
            return current
        if self._origin is None:
            self._origin = terminal_origin()
        return self._origin

    @origin.setter
    def origin(self, value: str) -> None:
        self._origin = value[:300]

    def record(self, conn: Connection, actor: Actor, action: str, parties: Iterable[int],
               case: Any, what: str, now: datetime, reason: str | None = None) -> None:
        """Write one record in the caller's transaction, if ``parties`` names anyone;
        ``case`` is the case row (its number, and whether it is the actor's)."""
        ids = tuple(sorted(set(parties)))
        if not ids:
            return
        seq, prev = store.lock_head(conn)
        entry = AccessEntry(seq=seq + 1, at=now.replace(microsecond=0), account=actor.recorded,
                            username=actor.username, origin=self.origin, action=action,
                            parties=ids, case_number=None if case is None else case.number,
                            own_case=case is not None and scope.assigned(actor, case),
                            what=what, reason=reason, prev_hash=prev)
        store.append(conn, {
            "seq": entry.seq, "at": entry.at, "account": entry.account,
            "username": entry.username, "origin": entry.origin, "action": action,
            "parties": list(ids), "case_number": entry.case_number,
            "own_case": entry.own_case, "what": what, "reason": reason, "prev_hash": prev,
            "hash": access_hash(entry)})

    def note(self, conn: Connection, actor: Actor, action: str, what: str, now: datetime,
             reason: str) -> None:
        """Write one record that names nobody's data (the pruning of old records itself)."""
        seq, prev = store.lock_head(conn)
        entry = AccessEntry(seq=seq + 1, at=now.replace(microsecond=0), account=actor.recorded,
                            username=actor.username, origin=self.origin, action=action,
                            parties=(), case_number=None, own_case=False, what=what,
                            reason=reason, prev_hash=prev)
        store.append(conn, {
            "seq": entry.seq, "at": entry.at, "account": entry.account,
            "username": entry.username, "origin": entry.origin, "action": action,
            "parties": [], "case_number": None, "own_case": False, "what": what,
            "reason": reason, "prev_hash": prev, "hash": access_hash(entry)})

    def read(self, actor: Actor, parties: Iterable[int], case: Any, what: str,
             action: str = "read", reason: str | None = None) -> None:
        """Record a read (or a print or download of what was read) in a write of its own."""
        ids = tuple(parties)
        if not ids:
            return
        now = self.clock.now()
        with self.db.write() as conn:
            self.record(conn, actor, action, ids, case, what, now, reason)
