"""Read-only snapshots of a case that guards and the engine look at.

The service builds them from rows; nothing here touches the database.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class PartySnapshot:
    id: int
    name: str
    role: str
    representative: bool
    consent: str | None  # "given", "declined" or None


@dataclass(frozen=True, slots=True, kw_only=True)
class CaseSnapshot:
    number: str
    workflow: str
    state: str
    grade: str | None = None
    alert: str = "none"
    chair: str | None = None
    mediator: str = ""
    supervisor: str = ""
    parties: tuple[PartySnapshot, ...] = ()
    agreement_items: int = 0
    unsigned_parties: int = 0
    open_commitments: int = 0
