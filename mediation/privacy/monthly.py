"""The monthly check of the access records (고시 제8조 제2항): for the month before the
review, who processed how many people's data, how often outside their own cases, and what
they printed or downloaded (with the reasons given). Summed from the records; the review
e-mail to supervisors (``reminders.notices``) prints it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Connection

from mediation.core.clock import SEOUL
from mediation.storage import access as store

OUTPUT = frozenset({"print", "download"})


@dataclass(slots=True, kw_only=True)
class UserAccess:
    """One user's month: records, people whose data they processed, and of those what was
    outside their own cases; prints and downloads, with their reasons."""

    username: str
    records: int = 0
    people: set[int] = field(default_factory=set)
    outside: int = 0
    outside_people: set[int] = field(default_factory=set)
    outputs: int = 0
    downloads: int = 0
    reasons: list[str] = field(default_factory=list)

    def add(self, row: Any) -> None:
        ids = {int(p) for p in row.parties}
        self.records += 1
        self.people |= ids
        if not row.own_case:
            self.outside += 1
            self.outside_people |= ids
        if row.action in OUTPUT:
            self.outputs += 1
        if row.action == "download":
            self.downloads += 1
            if row.reason:
                self.reasons.append(row.reason)

    def context(self) -> dict[str, Any]:
        return {"user": self.username, "records": self.records, "people": len(self.people),
                "outside": self.outside, "outside_people": len(self.outside_people),
                "outputs": self.outputs, "downloads": self.downloads,
                "reasons": "; ".join(dict.fromkeys(self.reasons))}


def summarise(rows: Iterable[Any]) -> list[UserAccess]:
    """Per user, in name order."""
    found: dict[str, UserAccess] = {}
    for row in rows:
        found.setdefault(row.username, UserAccess(username=row.username)).add(row)
    return [found[k] for k in sorted(found)]


def previous_month(now: datetime) -> tuple[datetime, datetime]:
    """The calendar month before ``now`` in Seoul: its first moment and the next month's."""
    local = now.astimezone(SEOUL)
    until = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    since = (until.replace(year=until.year - 1, month=12) if until.month == 1
             else until.replace(month=until.month - 1))
    return since, until


def month_summary(conn: Connection, now: datetime) -> tuple[datetime, list[UserAccess]]:
    """The month before ``now`` (its first moment) and its access records per user."""
    since, until = previous_month(now)
    rows = store.find(conn, store.AccessFilter(since=since, until=until, limit=1_000_000))
    return since, summarise(rows)
