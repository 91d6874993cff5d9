"""A case's parties, issues, agreement items, signatures and confirmations as they stand in
the tables, in the shape ``core.records`` replays them from the events (for ``audit
verify``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from mediation.core.records import ITEM_FIELDS, PARTY_FIELDS, CaseRecords, contacts_digest
from mediation.storage.models import agreement_confirmations as confirmations
from mediation.storage.models import agreement_items as items
from mediation.storage.models import agreement_signatures as signatures
from mediation.storage.models import dispute_issues as issues
from mediation.storage.models import parties

_PARTY = (*PARTY_FIELDS, "consent", "consent_at", "open_consent_at", "removed_at",
          "removed_reason", "stopped_at", "stopped_reason")
_ITEM = (*ITEM_FIELDS, "version", "status", "status_note", "status_at")


def records_of_cases(conn: Connection, first: int, last: int) -> dict[int, CaseRecords]:
    """The records of the cases whose ids are ``first``..``last``, by case id: five queries
    for the whole range (``audit verify`` reads the database a range at a time)."""
    found: dict[int, CaseRecords] = {}

    def of(table: Any) -> Any:
        return conn.execute(select(table).where(table.c.case_id.between(first, last))
                            .order_by(table.c.id))

    for row in of(parties):
        record = found.setdefault(row.case_id, CaseRecords())
        record.parties[int(row.id)] = {k: getattr(row, k) for k in _PARTY}
        record.parties[int(row.id)]["contacts"] = contacts_digest(int(row.id), row._mapping)
    for row in of(issues):
        found.setdefault(row.case_id, CaseRecords()).issues[int(row.id)] = {
            k: getattr(row, k) for k in ("text", "status", "settled_at")}
    for row in of(items):
        found.setdefault(row.case_id, CaseRecords()).items[int(row.id)] = {
            k: getattr(row, k) for k in _ITEM}
    for row in of(signatures):
        found.setdefault(row.case_id, CaseRecords()).signatures.append(
            {"party_id": int(row.party_id), "signed_at": row.signed_at,
             "voided_at": row.voided_at})
    for row in of(confirmations):
        found.setdefault(row.case_id, CaseRecords()).confirmations.append(
            {"confirmed_at": row.confirmed_at, "voided_at": row.voided_at})
    return found
