"""The pure rules of destruction (``core.destruction``): what is blotted out of a text, and how
a redacted event is checked against the hash its destruction committed."""

from __future__ import annotations

from datetime import UTC, datetime

from mediation.core.audit import GENESIS, EventRecord, canonical, event_hash, first_break
from mediation.core.destruction import (
    BLOT,
    DESTROYED_KIND,
    WHOLE,
    committed,
    needles,
    redact_event,
    scrub,
    scrub_value,
)

AT = datetime(2026, 11, 24, tzinfo=UTC)


def test_names_phones_and_addresses_are_blotted_out_korean_anywhere_latin_as_words() -> None:
    found = needles(["황보민철", "010-9876-5432", "Day", "min@example.net", None, "김"])
    assert "01098765432" in found and "김" not in found  # one syllable is too short to find
    assert scrub("황보민철씨(010-9876-5432, 01098765432) MIN@example.net", found) == (
        f"{BLOT}씨({BLOT}, {BLOT}) {BLOT}")
    assert scrub("working_days; Mr Day; day", found) == f"working_days; Mr {BLOT}; {BLOT}"
    assert scrub_value({"mediator": "Day", "note": ["Day"]}, found) == {
        "mediator": "Day", "note": [BLOT]}


def record(seq: int, kind: str, details: dict[str, object], prev: str,
           note: str | None = None) -> EventRecord:
    return EventRecord(number="2026-0001", seq=seq, at=AT, actor="kim", kind=kind,
                       from_state=None, to_state=None, trigger=None, note=note,
                       details=canonical(details), prev_hash=prev)


def test_a_redacted_event_verifies_against_its_commitment_and_a_change_to_it_shows() -> None:
    added = record(1, "party_added", {"party_id": 1, "name": "황보민철", "contacts": "x"},
                   GENESIS)
    h1 = event_hash(added)
    note = record(2, "transition", {}, h1, note="황보민철 씨 조정 거부")
    h2 = event_hash(note)
    found = needles(["황보민철"])
    red1 = redact_event(added, frozenset({1}), found)
    red2 = redact_event(note, frozenset({1}), found)
    assert red1 is not None and red2 is not None
    assert '"name":"[파기]"' in red1.details and red2.note == f"{BLOT} 씨 조정 거부"
    assert redact_event(record(3, "consent", {"party_id": 2}, h2), frozenset({1}), found) is None
    # an organisation that happens to bear the name keeps it: organisations' names stay
    group = record(3, "party_added", {"party_id": 2, "name": "황보민철", "role": "group"}, h2)
    assert redact_event(group, frozenset({1}), found) is None
    destroyed = record(3, DESTROYED_KIND, {"redacted": {"1": event_hash(red1),
                                                        "2": event_hash(red2)}}, h2)
    chain = [(red1, h1), (red2, h2), (destroyed, event_hash(destroyed))]
    sealed = committed(r for r, _ in chain)
    assert first_break(chain, committed=sealed) is None
    assert first_break(chain) is not None  # without the commitment the redaction shows
    changed = record(2, "transition", {}, h1, note=f"{WHOLE} 거부")
    broken = first_break([(red1, h1), (changed, h2), chain[2]], committed=sealed)
    assert broken is not None and broken.seq == 2
