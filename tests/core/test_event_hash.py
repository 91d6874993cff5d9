"""The event hash: its JSON is spelled by hand on the transition's path, and must be the
very characters that the canonical encoder gives (else every stored chain would break)."""

from __future__ import annotations

import hashlib
import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from mediation.core.audit import GENESIS, EventRecord, canonical, event_body, event_hash

# text that JSON escapes: quotes, backslashes, control characters, non-BMP, Korean, U+2028
AWKWARD = ['', '가상 "주민" 대책위', 'a\\b', 'line\nnext\ttab', '\x00\x1f\x7f', '😀 \u2028 \ud7a3',
           '{"details": 1}', ' ', 'é', '\u00a0']


def by_encoder(event: EventRecord) -> str:
    return canonical({
        "number": event.number, "seq": event.seq,
        "at": event.at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor": event.actor, "kind": event.kind, "from": event.from_state,
        "to": event.to_state, "trigger": event.trigger, "note": event.note,
        "details": event.details, "prev": event.prev_hash})


def event(**changes: Any) -> EventRecord:
    base = EventRecord(number="2026-0001", seq=1, at=datetime(2026, 11, 24, 9, tzinfo=UTC),
                       actor="kim", kind="transition", from_state="intake", to_state="diagnosis",
                       trigger="diagnose", note=None, details="{}", prev_hash=GENESIS)
    return replace(base, **changes)


def test_the_hand_spelled_body_is_the_canonical_json_of_the_same_fields() -> None:
    rng = random.Random(15)
    seoul = timezone(timedelta(hours=9))
    for _ in range(2000):
        def text() -> str:
            return "".join(rng.choice(AWKWARD) for _ in range(rng.randint(0, 3)))

        def maybe() -> str | None:
            return None if rng.random() < 0.3 else text()

        e = event(number=text(), seq=rng.randint(1, 10**9), actor=text(), kind=text(),
                  from_state=maybe(), to_state=maybe(), trigger=maybe(), note=maybe(),
                  details=canonical({"x": text()} if rng.random() < 0.5 else {}),
                  prev_hash=text(),
                  at=datetime(2026, 1, 1, tzinfo=seoul) + timedelta(
                      microseconds=rng.randint(0, 10**13)))
        assert event_body(e) == by_encoder(e)
        assert event_hash(e) == hashlib.sha256(by_encoder(e).encode()).hexdigest()


@pytest.mark.parametrize("changes", [{"seq": True}, {"note": 3}, {"actor": None}])
def test_a_field_of_an_unexpected_type_is_hashed_through_the_encoder(
        changes: dict[str, Any]) -> None:
    e = event(**changes)
    assert event_body(e) == by_encoder(e)


def test_an_event_hash_is_unchanged_from_the_stored_chains() -> None:
    # the hash of a fixed event, as the chains written before this spelling hold it
    assert event_hash(event()) == hashlib.sha256(
        ('{"actor":"kim","at":"2026-11-24T09:00:00.000000+00:00","details":"{}",'
         '"from":"intake","kind":"transition","note":null,"number":"2026-0001","prev":"'
         + GENESIS + '","seq":1,"to":"diagnosis","trigger":"diagnose"}').encode()).hexdigest()
    assert canonical({}) == "{}" and canonical({"b": 1, "a": "가"}) == '{"a":"가","b":1}'
