"""A case's parties, issues, agreement items, signatures and confirmations as they stand in
the tables, in the shape ``core.records`` replays them from the events (for ``audit
verify``)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.engine import Connection

from mediation.core.records import ITEM_FIELDS, PARTY_FIELDS, CaseRecords, contacts_digest
from mediation.storage.agreement import confirmations, issues, items, signatures
from mediation.storage.cases import parties

_PARTY = (*PARTY_FIELDS, "consent", "consent_at", "open_consent_at", "removed_at",
          "removed_reason")
_ITEM = (*ITEM_FIELDS, "version", "status", "status_note", "status_at")


def records_of(conn: Connection, case_id: int) -> CaseRecords:
    found = CaseRecords()
    for row in conn.execute(select(parties).where(parties.c.case_id == case_id)):
        found.parties[int(row.id)] = {k: getattr(row, k) for k in _PARTY}
        found.parties[int(row.id)]["contacts"] = contacts_digest(int(row.id), dict(row._mapping))
    for row in conn.execute(select(issues).where(issues.c.case_id == case_id)):
        found.issues[int(row.id)] = {k: getattr(row, k) for k in ("text", "status", "settled_at")}
    for row in conn.execute(select(items).where(items.c.case_id == case_id)):
        found.items[int(row.id)] = {k: getattr(row, k) for k in _ITEM}
    found.signatures = [
        {"party_id": int(r.party_id), "signed_at": r.signed_at, "voided_at": r.voided_at}
        for r in conn.execute(select(signatures).where(signatures.c.case_id == case_id)
                              .order_by(signatures.c.id))]
    found.confirmations = [
        {"confirmed_at": r.confirmed_at, "voided_at": r.voided_at}
        for r in conn.execute(select(confirmations).where(confirmations.c.case_id == case_id)
                              .order_by(confirmations.c.id))]
    return found
