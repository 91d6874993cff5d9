"""Frozen records of a case's issues in dispute, its agreement and its commitments, as the
CLI prints them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Row

from mediation.core.clock import SEOUL
from mediation.core.titles import Title


@dataclass(frozen=True, slots=True, kw_only=True)
class IssueView:
    id: int
    text: str
    status: str  # open, agreed or unresolved
    created_at: datetime
    settled_at: datetime | None


@dataclass(frozen=True, slots=True, kw_only=True)
class ItemView:
    id: int
    text: str
    owner_party_id: int
    owner_name: str
    due: date
    check_method: str | None
    cost_share: str | None
    version: int
    status: str  # open, done, waived or breached
    status_note: str | None
    status_at: datetime | None
    # past its due time while the agreement is signed and the item neither done nor waived
    overdue: bool = False
    # what every screen and letter shows (``ITEM_STANDINGS``): draft before every party
    # signed, overdue past its due time, else the recorded status
    standing: str = "open"


@dataclass(frozen=True, slots=True, kw_only=True)
class IssueChange:
    """The issue after a correction (``None`` once removed) and the signatures it voided."""

    issue: IssueView | None
    voided_signatures: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ItemChange:
    """The item after a change (``None`` once removed) and the signatures it voided."""

    item: ItemView | None
    voided_signatures: int


@dataclass(frozen=True, slots=True, kw_only=True)
class SignatureView:
    party_id: int
    party_name: str
    signed_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class PartyRef:
    id: int
    name: str


@dataclass(frozen=True, slots=True, kw_only=True)
class AgreementView:
    number: str
    state: str
    items: tuple[ItemView, ...]
    issues: tuple[IssueView, ...]
    signatures: tuple[SignatureView, ...]
    unsigned: tuple[PartyRef, ...] = ()
    confirmed_at: datetime | None = None
    confirmed_by: str | None = None
    partial: bool = False  # some issues stay unresolved: a partial agreement
    state_title: Title | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CommitmentView:
    number: str
    item: ItemView
    overdue: bool
    suggestion: str | None = None  # the trigger to consider next (``reopen`` after a breach)


def issue_view(row: Row[Any]) -> IssueView:
    return IssueView(id=row.id, text=row.text, status=row.status, created_at=row.created_at,
                     settled_at=row.settled_at)


SETTLED = ("done", "waived")  # a commitment nobody waits on any more


def past_due(row: Row[Any], now: datetime) -> bool:
    """An item not done or waived past the due time of its running deadline (the end of
    office hours on its date, moved off days off), or past its date without a deadline."""
    if row.status in SETTLED:
        return False
    deadline_due = row._mapping.get("deadline_due")
    if deadline_due is not None:
        return bool(deadline_due < now)
    return bool(row.due < now.astimezone(SEOUL).date())


def standing(status: str, signed: bool, overdue: bool) -> str:
    """How an item stands: its recorded status once settled, ``draft`` until every party
    signed the agreement, ``overdue`` past its due time, else ``open``."""
    if status != "open":
        return status
    if not signed:
        return "draft"
    return "overdue" if overdue else "open"


def item_view(row: Row[Any], owner_name: str, *, signed: bool, now: datetime) -> ItemView:
    """An agreement item; ``signed``: every party signed the agreement in force."""
    overdue = signed and past_due(row, now)
    return ItemView(id=row.id, text=row.text, owner_party_id=row.owner_party_id,
                    owner_name=owner_name, due=row.due, check_method=row.check_method,
                    cost_share=row.cost_share, version=row.version, status=row.status,
                    status_note=row.status_note, status_at=row.status_at, overdue=overdue,
                    standing=standing(row.status, signed, overdue))
