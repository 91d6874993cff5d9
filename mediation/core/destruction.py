"""Destruction of personal data (「개인정보 보호법」 제21조), the pure part: what a case's private
persons are called in its text (``needles``), the text with them blotted out (``scrub``), and
the redaction of its audit events.

A redacted event keeps its stored hash — what its original content hashed to, which the next
event's link still names — and its content is replaced; the ``personal_data_destroyed`` event
appended after the redactions commits, for each redacted event, the hash its redacted content
hashes to (``committed``). ``audit verify`` checks a redacted event against that commitment
instead of its stored hash: a redacted event changed afterwards, or its stored hash changed,
still shows.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from mediation.core.audit import EventRecord, canonical, event_hash
from mediation.core.records import PARTY_FIELDS, contacts_digest

DESTROYED_KIND = "personal_data_destroyed"
WHOLE = "[파기]"
"""What a field that was wholly a private person's data holds after destruction (a name, the
minutes of a meeting, a party's note)."""
BLOT = "○○○"
"""What replaces a private person's name, telephone number or e-mail address inside text."""
MIN_NEEDLE = 2
_DIGITS = re.compile(r"\D")
_LATIN_WORDS = re.compile(r"^[A-Za-z][A-Za-z .'-]*$")
KEPT_KEYS = frozenset({"mediator", "supervisor", "actor", "by", "kind", "status", "trigger",
                       "state", "rule", "document", "number", "sha256", "media_type", "role",
                       "lang", "contacts"})
"""Keys of an event's details (at any depth) whose values are the program's own words —
usernames, kinds, states, numbers, hashes — never a private person's data: not scrubbed, so
that a Latin name that happens to spell a username leaves the replay of the case intact."""


def needles(values: Iterable[str | None]) -> tuple[str, ...]:
    """The strings to blot out: each value given (names, e-mail addresses, telephone numbers,
    addresses) of at least two characters, a telephone number also as its digits alone;
    longest first, so that a longer one is replaced before a shorter one inside it."""
    found: set[str] = set()
    for value in values:
        text = (value or "").strip()
        if len(text) < MIN_NEEDLE or text == WHOLE:
            continue
        found.add(text)
        digits = _DIGITS.sub("", text)
        if len(digits) >= 7 and not re.search(r"[^\d\s()+.\-]", text):
            found.add(digits)
    return tuple(sorted(found, key=lambda s: (-len(s), s)))


def scrub(text: str, found: tuple[str, ...]) -> str:
    """``text`` with every one of ``found`` replaced by ``BLOT``: case-insensitively; a name
    in Latin letters only as whole words (``Day`` is not blotted out of ``working_days``), any
    other anywhere (a Korean name with its particle, ``황보민철씨``)."""
    for needle in found:
        if needle.lower() not in text.lower():
            continue
        if _LATIN_WORDS.match(needle):
            pattern = rf"(?<![A-Za-z0-9_]){re.escape(needle)}(?![A-Za-z0-9_])"
        else:
            pattern = re.escape(needle)
        text = re.sub(pattern, BLOT, text, flags=re.IGNORECASE)
    return text


def scrub_value(value: Any, found: tuple[str, ...]) -> Any:
    """A JSON value with ``scrub`` applied to every string in it; keys stay, and so do the
    values of ``KEPT_KEYS``."""
    if isinstance(value, str):
        return scrub(value, found)
    if isinstance(value, list):
        return [scrub_value(v, found) for v in value]
    if isinstance(value, dict):
        return {k: v if k in KEPT_KEYS else scrub_value(v, found) for k, v in value.items()}
    return value


def holds(text: str | None, found: tuple[str, ...]) -> bool:
    return bool(text) and scrub(str(text), found) != text


def event_names(details: str, private: frozenset[int]) -> list[str]:
    """The names of private persons an event recorded (a party added, a name corrected)."""
    data = _load(details)
    pid = data.get("party_id")
    if not isinstance(pid, int) or pid not in private:
        return []
    names = [data.get("name")]
    change = (data.get("changes") or {}).get("name")
    if isinstance(change, list):
        names += change
    return [n for n in names if isinstance(n, str)]


def _load(details: str) -> dict[str, Any]:
    try:
        data = json.loads(details or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


PARTY_KINDS = frozenset({"party_added", "party_updated", "party_removed"})


def redact_event(record: EventRecord, private: frozenset[int],
                 found: tuple[str, ...]) -> EventRecord | None:
    """The event with the private persons' data taken out, or ``None`` if it holds none: a
    private party's name becomes ``WHOLE``, its contacts' digest that of no contacts, the
    note of its removal ``WHOLE``, a meeting's minutes and an attachment's title and file
    name ``WHOLE``; every other string loses the ``found`` names, numbers and addresses."""
    data = _load(record.details)
    new = scrub_value(data, found)
    note = scrub(record.note, found) if record.note else record.note
    if private and isinstance(new.get("minutes"), str) and new["minutes"]:
        new["minutes"] = WHOLE  # a meeting's minutes, recorded with the meeting
    if record.kind == "attachment_added":  # every attachment of the case goes
        new.update({k: WHOLE for k in ("title", "filename") if new.get(k)})
    pid = data.get("party_id")
    if record.kind in PARTY_KINDS and isinstance(pid, int) and pid not in private:
        _keep_party(new, data)  # an organisation: its record stays as it is
    if record.kind in PARTY_KINDS and isinstance(pid, int) and pid in private:
        if "name" in new:
            new["name"] = WHOLE
        changes = new.get("changes") or {}
        if isinstance(changes.get("name"), list):
            changes["name"] = [WHOLE, WHOLE]
        if "contacts" in new:
            new["contacts"] = contacts_digest(pid, {})
        if record.kind == "party_removed" and note:
            note = WHOLE
    details = canonical(new)
    if details == canonical(data) and note == record.note:
        return None
    return EventRecord(number=record.number, seq=record.seq, at=record.at, actor=record.actor,
                       kind=record.kind, from_state=record.from_state, to_state=record.to_state,
                       trigger=record.trigger, note=note, details=details,
                       prev_hash=record.prev_hash)


def _keep_party(new: dict[str, Any], old: dict[str, Any]) -> None:
    """Put back an organisation's fields (its name may also be a private person's)."""
    new.update({k: old[k] for k in PARTY_FIELDS if k in old})
    changes = old.get("changes")
    if isinstance(changes, dict) and isinstance(new.get("changes"), dict):
        new["changes"].update({k: v for k, v in changes.items() if k in PARTY_FIELDS})


def committed(records: Iterable[EventRecord]) -> dict[int, str]:
    """Each redacted event's seq and the hash its redacted content must have, as the case's
    ``personal_data_destroyed`` events committed them."""
    found: dict[int, str] = {}
    for record in records:
        if record.kind != DESTROYED_KIND:
            continue
        redacted = _load(record.details).get("redacted") or {}
        if isinstance(redacted, Mapping):
            found.update({int(seq): str(digest) for seq, digest in redacted.items()})
    return found


@dataclass(frozen=True, slots=True, kw_only=True)
class Redaction:
    """One event's redacted content and the hash it hashes to (what the destruction event
    commits)."""

    seq: int
    note: str | None
    details: str
    digest: str


def redaction(record: EventRecord) -> Redaction:
    return Redaction(seq=record.seq, note=record.note, details=record.details,
                     digest=event_hash(record))
