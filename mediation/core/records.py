"""What a case's events say its other records hold: parties (names, contacts, consents),
issues in dispute, agreement items, signatures and confirmations.

``audit verify`` compares these tables with the replay of the case's events, so that a
party's e-mail, an agreement's text or a signature changed by direct SQL shows, as an edited
case row does. The replay reads only what each event recorded: a field an older event did
not record (a party's contacts before they were recorded with ``party_added``) is not
compared.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

PARTY_FIELDS = ("name", "role", "organization", "representative", "lang")
CONTACT_FIELDS = ("email", "phone", "address")
ITEM_FIELDS = ("text", "owner_party_id", "due", "check_method", "cost_share")
Record = dict[str, Any]


def plain(value: Any) -> Any:
    """One spelling of a value in a row and in an event: times in UTC to the microsecond,
    dates as ISO text."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


def contacts_digest(party_id: int, record: Mapping[str, Any]) -> str:
    """A SHA-256 over a party's contacts (e-mail, phone, address): events record it instead
    of the contacts themselves, so that the audit trail holds no more personal data than the
    name, and a contact changed behind the program's back still shows."""
    body = json.dumps([party_id, *(record.get(k) for k in CONTACT_FIELDS)], ensure_ascii=False)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


@dataclass(slots=True)
class CaseRecords:
    """Parties, issues and items by id; signatures and confirmations in the order given."""

    parties: dict[int, Record] = field(default_factory=dict)
    issues: dict[int, Record] = field(default_factory=dict)
    items: dict[int, Record] = field(default_factory=dict)
    signatures: list[Record] = field(default_factory=list)
    confirmations: list[Record] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Step:
    """One event as the replay reads it."""

    kind: str
    at: datetime
    note: str | None
    details: str


def replay_records(steps: Iterable[Step]) -> CaseRecords:
    """Replay a case's events, in sequence order, into the records they describe."""
    out = CaseRecords()
    for step in steps:
        handler = _HANDLERS.get(step.kind) or (
            _commitment if step.kind.startswith("commitment_") else None)
        if handler is not None:
            handler(out, json.loads(step.details or "{}"), plain(step.at), step.note)
    return out


def _party_added(out: CaseRecords, d: Mapping[str, Any], at: str, _note: str | None) -> None:
    out.parties[int(d["party_id"])] = {
        **{k: d[k] for k in (*PARTY_FIELDS, "contacts") if k in d},
        "removed_at": None, "removed_reason": None, "stopped_at": None, "stopped_reason": None}


def _party_updated(out: CaseRecords, d: Mapping[str, Any], at: str, _note: str | None) -> None:
    party = out.parties.setdefault(int(d["party_id"]), {})
    party.update({k: pair[1] for k, pair in d.get("changes", {}).items() if k in PARTY_FIELDS})
    if "contacts" in d:
        party["contacts"] = d["contacts"]


def _party_removed(out: CaseRecords, d: Mapping[str, Any], at: str, note: str | None) -> None:
    out.parties.setdefault(int(d["party_id"]), {}).update(removed_at=at, removed_reason=note)


def _stopped(out: CaseRecords, d: Mapping[str, Any], at: str, note: str | None) -> None:
    out.parties.setdefault(int(d["party_id"]), {}).update(stopped_at=at, stopped_reason=note)


def _resumed(out: CaseRecords, d: Mapping[str, Any], at: str, _note: str | None) -> None:
    out.parties.setdefault(int(d["party_id"]), {}).update(stopped_at=None, stopped_reason=None)


def _consent(out: CaseRecords, d: Mapping[str, Any], at: str, _note: str | None) -> None:
    out.parties.setdefault(int(d["party_id"]), {}).update(consent=d["consent"], consent_at=at)


def _open_consent(out: CaseRecords, d: Mapping[str, Any], at: str, _note: str | None) -> None:
    out.parties.setdefault(int(d["party_id"]), {})["open_consent_at"] = (
        at if d.get("open_consent") == "given" else None)


def _issue_added(out: CaseRecords, d: Mapping[str, Any], at: str, _note: str | None) -> None:
    out.issues[int(d["issue_id"])] = {"text": d["text"], "status": "open", "settled_at": None}


def _issue_settled(out: CaseRecords, d: Mapping[str, Any], at: str, _note: str | None) -> None:
    out.issues.setdefault(int(d["issue_id"]), {}).update(status=d["status"], settled_at=at)


def _issue_updated(out: CaseRecords, d: Mapping[str, Any], at: str, _note: str | None) -> None:
    out.issues.setdefault(int(d["issue_id"]), {})["text"] = d["changes"]["text"][1]
    _void(out, at)


def _issue_removed(out: CaseRecords, d: Mapping[str, Any], at: str, _note: str | None) -> None:
    out.issues.pop(int(d["issue_id"]), None)
    _void(out, at)


def _void(out: CaseRecords, at: str) -> None:
    for signed in (*out.signatures, *out.confirmations):
        if signed["voided_at"] is None:
            signed["voided_at"] = at


def _item_added(out: CaseRecords, d: Mapping[str, Any], at: str, _note: str | None) -> None:
    out.items[int(d["item_id"])] = {
        **{k: d.get(k) for k in ITEM_FIELDS}, "version": 1, "status": "open",
        "status_note": None, "status_at": None}
    _void(out, at)


def _item_edited(out: CaseRecords, d: Mapping[str, Any], at: str, _note: str | None) -> None:
    out.items.setdefault(int(d["item_id"]), {}).update(
        {k: d[k] for k in ITEM_FIELDS if k in d}, version=d.get("version"), status="open",
        status_note=None, status_at=None)
    _void(out, at)


def _item_removed(out: CaseRecords, d: Mapping[str, Any], at: str, _note: str | None) -> None:
    out.items.pop(int(d["item_id"]), None)
    _void(out, at)


def _commitment(out: CaseRecords, d: Mapping[str, Any], at: str, note: str | None) -> None:
    out.items.setdefault(int(d["item_id"]), {}).update(status=d["status"], status_note=note,
                                                       status_at=at)


def _signed(out: CaseRecords, d: Mapping[str, Any], at: str, _note: str | None) -> None:
    out.signatures.append({"party_id": int(d["party_id"]), "signed_at": at, "voided_at": None})


def _confirmed(out: CaseRecords, _d: Mapping[str, Any], at: str, _note: str | None) -> None:
    out.confirmations.append({"confirmed_at": at, "voided_at": None})


_HANDLERS = {
    "party_added": _party_added, "party_updated": _party_updated,
    "party_removed": _party_removed, "processing_stopped": _stopped,
    "processing_resumed": _resumed, "consent": _consent, "open_consent": _open_consent,
    "issue_added": _issue_added, "issue_settled": _issue_settled,
    "issue_updated": _issue_updated, "issue_removed": _issue_removed,
    "item_added": _item_added, "item_edited": _item_edited, "item_removed": _item_removed,
    "agreement_signed": _signed, "agreement_confirmed": _confirmed,
}


def differences(expected: CaseRecords, found: CaseRecords) -> list[str]:
    """Where ``found`` (read from the tables) is not ``expected`` (the replay): each as
    ``table id.field``, only over the fields the replay knows."""
    wrong: list[str] = []
    for table in ("parties", "issues", "items"):
        want: dict[int, Record] = getattr(expected, table)
        have: dict[int, Record] = getattr(found, table)
        wrong += [f"{table} {key} (added)" for key in sorted(set(have) - set(want))]
        wrong += [f"{table} {key} (deleted)" for key in sorted(set(want) - set(have))]
        for key in sorted(set(want) & set(have)):
            wrong += [f"{table} {key}.{name}" for name, value in sorted(want[key].items())
                      if plain(have[key].get(name)) != value]
    for table in ("signatures", "confirmations"):
        want_list: list[Record] = getattr(expected, table)
        have_list: list[Record] = [{k: plain(v) for k, v in r.items()}
                                   for r in getattr(found, table)]
        if want_list != have_list:
            wrong.append(f"{table} ({len(have_list)} rows, events: {len(want_list)})")
    return wrong
