"""What an access record (접속기록, 고시 제8조) holds, its hash, and who counts as a private
person.

The five items: the account (``actor.recorded``), the date and time to the second, where
from (``origin``: the terminal, or the client address a web console passes), whose data
(the party ids of private persons) and what was done (``ACTIONS``). Records are chained as
the case's audit trail is (``core.audit``: the same canonical JSON, the same check).
"""

from __future__ import annotations

import hashlib
import os
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from mediation.core.audit import GENESIS, Break, canonical, first_break

# who is a private person is decided in one place, beside the masking of their data
from mediation.core.masking import PERSON_ROLES as PERSON_ROLES
from mediation.core.masking import is_private as is_private
from mediation.core.titles import Title

ACTIONS = {"read": Title(ko="조회", en="read"), "input": Title(ko="입력", en="input"),
           "change": Title(ko="변경", en="change"), "delete": Title(ko="삭제", en="delete"),
           "print": Title(ko="출력", en="print"), "download": Title(ko="다운로드", en="download")}
"""What was done, in the words of 고시 제8조 (조회·입력·변경·삭제·출력·다운로드)."""


NOUN = ("접속기록이", "접속기록과", "access record")


def private_ids(parties: Iterable[Any]) -> tuple[int, ...]:
    """The ids of the private persons among ``parties`` (rows or views with ``id`` and
    ``role``)."""
    return tuple(sorted(int(p.id) for p in parties if is_private(p.role)))


@dataclass(frozen=True, slots=True, kw_only=True)
class AccessEntry:
    seq: int
    at: datetime
    account: str
    username: str
    origin: str
    action: str
    parties: tuple[int, ...]
    case_number: str | None
    own_case: bool
    what: str
    reason: str | None
    prev_hash: str


def access_hash(entry: AccessEntry) -> str:
    """The SHA-256 over the record's content and the previous record's hash. Time is
    hashed to the second: that is what the record keeps."""
    body = canonical({
        "access": True, "seq": entry.seq,
        "at": entry.at.astimezone(UTC).isoformat(timespec="seconds"),
        "account": entry.account, "username": entry.username, "origin": entry.origin,
        "action": entry.action, "parties": list(entry.parties), "case": entry.case_number,
        "own": entry.own_case, "what": entry.what, "reason": entry.reason,
        "prev": entry.prev_hash})
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def entry_of(row: Any) -> AccessEntry:
    return AccessEntry(seq=row.seq, at=row.at, account=row.account, username=row.username,
                       origin=row.origin, action=row.action,
                       parties=tuple(int(p) for p in row.parties), case_number=row.case_number,
                       own_case=bool(row.own_case), what=row.what, reason=row.reason,
                       prev_hash=row.prev_hash)


def chain_break(rows: Iterable[Any], start: tuple[int, str] = (0, GENESIS)) -> Break | None:
    """The first stored record whose hash or link does not verify (the chain continuing
    from ``start``, once pruned)."""
    return first_break(((entry_of(r), str(r.hash)) for r in rows), access_hash, noun=NOUN,
                       start=start)


def terminal_origin() -> str:
    """Where a command-line user works from: the host's name and the terminal, if any
    (``admin-pc:/dev/pts/3``)."""
    host = socket.gethostname() or "localhost"
    for fd in (0, 1, 2):
        try:
            if os.isatty(fd):
                return f"{host}:{os.ttyname(fd)}"
        except OSError:
            continue
    return host
