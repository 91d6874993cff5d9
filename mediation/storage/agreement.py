"""The queries of a case's issues in dispute, agreement items (commitments once signed),
signatures and the mediating body's confirmation. Functions take a ``Connection``; the
service owns transactions."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Row,
    Select,
    and_,
    bindparam,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.engine import Connection

from mediation.storage import paging
from mediation.storage.cases import prepared
from mediation.storage.models import agreement_confirmations as confirmations
from mediation.storage.models import agreement_items as items
from mediation.storage.models import agreement_signatures as signatures
from mediation.storage.models import cases, deadlines, parties
from mediation.storage.models import dispute_issues as issues
from mediation.views import agreement as views_agreement

SETTLED = views_agreement.SETTLED


@dataclass(frozen=True, slots=True, kw_only=True)
class AgreementCounts:
    """What the agreement guards look at."""

    items: int
    signed_parties: int
    open_commitments: int


# issues ------------------------------------------------------------------------------

def insert_issue(conn: Connection, values: dict[str, Any]) -> int:
    return int(conn.execute(insert(issues).values(**values).returning(issues.c.id)).scalar_one())


def issues_of(conn: Connection, case_id: int) -> Sequence[Row[Any]]:
    return conn.execute(select(issues).where(issues.c.case_id == case_id)
                        .order_by(issues.c.id)).all()


def issue(conn: Connection, case_id: int, issue_id: int) -> Row[Any] | None:
    return conn.execute(select(issues).where(
        and_(issues.c.case_id == case_id, issues.c.id == issue_id))).first()


def set_issue(conn: Connection, issue_id: int, values: dict[str, Any]) -> None:
    conn.execute(update(issues).where(issues.c.id == issue_id).values(**values))


def delete_issue(conn: Connection, issue_id: int) -> None:
    conn.execute(delete(issues).where(issues.c.id == issue_id))


# items -------------------------------------------------------------------------------

def insert_item(conn: Connection, values: dict[str, Any]) -> int:
    return int(conn.execute(insert(items).values(**values).returning(items.c.id)).scalar_one())


def items_of(conn: Connection, case_id: int) -> Sequence[Row[Any]]:
    return conn.execute(select(items).where(items.c.case_id == case_id)
                        .order_by(items.c.id)).all()


def item(conn: Connection, case_id: int, item_id: int) -> Row[Any] | None:
    return conn.execute(select(items).where(
        and_(items.c.case_id == case_id, items.c.id == item_id))).first()


def set_item(conn: Connection, item_id: int, values: dict[str, Any]) -> None:
    conn.execute(update(items).where(items.c.id == item_id).values(**values))


def delete_item(conn: Connection, item_id: int) -> None:
    """Remove an item; the deadlines it had as a commitment (closed when mediation was
    reopened) stay on record, titled with its text, without the link."""
    conn.execute(update(deadlines).where(deadlines.c.item_id == item_id).values(item_id=None))
    conn.execute(items.delete().where(items.c.id == item_id))


def unresolved_issues(conn: Connection, case_id: int) -> int:
    return int(conn.execute(select(func.count()).select_from(issues).where(
        issues.c.case_id == case_id, issues.c.status == "unresolved")).scalar_one())


def commitments(conn: Connection, number: str | None,
                readable: ColumnElement[bool]) -> Sequence[Row[Any]]:
    """Agreement items with their case number, state and owner's name and the due time of
    the item's running deadline (``deadline_due``, if any), oldest due first: of one case,
    or of every open case that ``readable`` selects (``scope.readable``)."""
    stmt = _commitments_query(readable)
    stmt = (stmt.where(cases.c.number == number) if number is not None
            else stmt.where(cases.c.closed.is_(False)))
    return conn.execute(stmt).all()


def _commitments_query(readable: ColumnElement[bool]) -> Select[Any]:
    running = and_(deadlines.c.item_id == items.c.id, deadlines.c.status == "open")
    return (select(items, cases.c.number, cases.c.state, cases.c.workflow, cases.c.closed,
                   parties.c.name.label("owner_name"), deadlines.c.due_at.label("deadline_due"))
            .join(cases, cases.c.id == items.c.case_id)
            .join(parties, parties.c.id == items.c.owner_party_id)
            .outerjoin(deadlines, running).where(readable)
            .order_by(items.c.due, cases.c.number, items.c.id))


def commitments_page(conn: Connection, readable: ColumnElement[bool],
                     signed_states: Mapping[str, Collection[str]], *, overdue_at: datetime | None,
                     today: date, limit: int, offset: int) -> tuple[Sequence[Row[Any]], int]:
    """A page of the commitments of the open cases ``readable`` selects that are in a state
    of their workflow in ``signed_states`` (the agreement signed), and how many there are in
    all; with ``overdue_at``, only those not settled and past the due time of their running
    deadline, or past their date (``today``) when they have none (``views.agreement.past_due``)."""
    states = [and_(cases.c.workflow == wf, cases.c.state.in_(sorted(names)))
              for wf, names in signed_states.items() if names]
    if not states:
        return [], 0
    every = sorted({name for names in signed_states.values() for name in names})
    # the states alone first: an index on the state finds the few cases in them
    stmt = _commitments_query(readable).where(cases.c.closed.is_(False),
                                              cases.c.state.in_(every), or_(*states))
    if overdue_at is not None:
        stmt = stmt.where(items.c.status.not_in(SETTLED), or_(
            deadlines.c.due_at < overdue_at,
            and_(deadlines.c.id.is_(None), items.c.due < today)))
    return paging.page(conn, stmt, limit, offset)


# signatures and confirmation ---------------------------------------------------------

def insert_signature(conn: Connection, values: dict[str, Any]) -> None:
    conn.execute(insert(signatures).values(**values))


def signatures_of(conn: Connection, case_id: int) -> Sequence[Row[Any]]:
    """The signatures in force (not voided)."""
    return conn.execute(select(signatures).where(
        and_(signatures.c.case_id == case_id, signatures.c.voided_at.is_(None)))
        .order_by(signatures.c.id)).all()


def insert_confirmation(conn: Connection, values: dict[str, Any]) -> None:
    conn.execute(insert(confirmations).values(**values))


def confirmation_of(conn: Connection, case_id: int) -> Row[Any] | None:
    return conn.execute(select(confirmations).where(
        and_(confirmations.c.case_id == case_id, confirmations.c.voided_at.is_(None)))).first()


def void_signatures(conn: Connection, case_id: int, now: datetime) -> int:
    """Void every signature and confirmation in force; the number of signatures voided."""
    conn.execute(update(confirmations).where(and_(
        confirmations.c.case_id == case_id, confirmations.c.voided_at.is_(None)))
        .values(voided_at=now))
    result = conn.execute(update(signatures).where(and_(
        signatures.c.case_id == case_id, signatures.c.voided_at.is_(None)))
        .values(voided_at=now))
    return int(result.rowcount)


def _counts_statement() -> Any:
    case_id: Any = bindparam("case_id")
    item_count = select(func.count()).select_from(items).where(
        items.c.case_id == case_id).scalar_subquery()
    open_count = select(func.count()).select_from(items).where(  # no IN list: compiled once
        and_(items.c.case_id == case_id, *(items.c.status != s for s in SETTLED))
    ).scalar_subquery()
    signed = select(func.count(func.distinct(signatures.c.party_id))).where(and_(
        signatures.c.case_id == case_id, signatures.c.voided_at.is_(None))).scalar_subquery()
    return select(item_count, signed, open_count)


COUNTS = _counts_statement()


def counts(conn: Connection, case_id: int) -> AgreementCounts:
    """What the agreement guards read; on the path of transitions out of drafting and
    implementation, so compiled once (``repository.prepared``)."""
    row = prepared(conn, "agreement_counts", COUNTS).rows(conn, {"case_id": case_id})[0]
    return AgreementCounts(items=int(row[0]), signed_parties=int(row[1]),
                           open_commitments=int(row[2]))
