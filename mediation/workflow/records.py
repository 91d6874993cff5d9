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
    # the party roles whose consent is asked (the workflow's `consent_roles`); None: every party
    consent_roles: tuple[str, ...] | None = None

    @property
    def consenting(self) -> tuple[PartySnapshot, ...]:
        """The parties whose consent mediation needs (an observer's it does not ask)."""
        if self.consent_roles is None:
            return self.parties
        return tuple(p for p in self.parties if p.role in self.consent_roles)

    @property
    def all_signed(self) -> bool:
        """Every party has signed the agreement in force."""
        return bool(self.parties) and self.unsigned_parties == 0

    @property
    def agreement_signed(self) -> bool:
        """The agreement has items and every party's signature (its outcome can be told)."""
        return agreement_is_signed(parties=len(self.parties),
                                   signed=len(self.parties) - self.unsigned_parties,
                                   items=self.agreement_items)


def agreement_is_signed(*, parties: int, signed: int, items: int) -> bool:
    """An agreement with ``items`` is signed once each of the case's ``parties`` has a
    signature in force (``signed`` of them): what ``CaseSnapshot.agreement_signed`` and the
    statistics report read."""
    return items > 0 and parties > 0 and signed == parties
