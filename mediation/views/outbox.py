"""Frozen records of the outbox: a reminder as listed, and what a sweep did."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class ReminderView:
    id: int
    key: str
    number: str | None
    deadline_id: int | None
    kind: str
    audience: str
    recipients: tuple[str, ...]
    send_at: datetime | None
    next_at: datetime | None
    status: str
    attempts: int
    last_error: str | None
    sent_at: datetime | None
    message_id: str
    late: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class SweepReport:
    sent: int = 0
    late: int = 0
    retrying: int = 0
    failed: int = 0
    cancelled: int = 0
    queued_digests: int = 0
    queued_reviews: int = 0
    dormancy_notices: int = 0
    closed_inactive: int = 0
    repeats_opened: int = 0

    def __add__(self, other: SweepReport) -> SweepReport:
        return SweepReport(**{name: getattr(self, name) + getattr(other, name)
                              for name in self.__dataclass_fields__})
