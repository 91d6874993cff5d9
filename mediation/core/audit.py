"""The tamper-evident audit trail: each case event's SHA-256 hash covers its content and the
previous event's hash, so editing or deleting any event breaks the chain after it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64


def canonical(details: Mapping[str, Any]) -> str:
    """The one JSON spelling of ``details`` that hashes are computed over."""
    return json.dumps(details, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      default=str)


@dataclass(frozen=True, slots=True, kw_only=True)
class EventRecord:
    number: str
    seq: int
    at: datetime
    actor: str
    kind: str
    from_state: str | None
    to_state: str | None
    trigger: str | None
    note: str | None
    details: str
    prev_hash: str


def event_hash(event: EventRecord) -> str:
    body = canonical({
        "number": event.number, "seq": event.seq,
        "at": event.at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor": event.actor, "kind": event.kind, "from": event.from_state,
        "to": event.to_state, "trigger": event.trigger, "note": event.note,
        "details": event.details, "prev": event.prev_hash,
    })
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True, kw_only=True)
class Break:
    seq: int
    reason_ko: str
    reason_en: str


def first_break(events: Iterable[tuple[EventRecord, str]]) -> Break | None:
    """The first event, in sequence order, whose stored hash or link does not verify."""
    expected_prev, expected_seq = GENESIS, 1
    for record, stored in events:
        if record.seq != expected_seq:
            return Break(seq=expected_seq, reason_ko=f"{expected_seq}번 이벤트가 없습니다(삭제 의심)",
                         reason_en=f"event {expected_seq} is missing (deleted?)")
        if record.prev_hash != expected_prev:
            return Break(seq=record.seq, reason_ko="이전 이벤트와의 연결 해시가 맞지 않습니다",
                         reason_en="its link to the previous event does not match")
        if event_hash(record) != stored:
            return Break(seq=record.seq, reason_ko="내용이 기록 이후 변경되었습니다",
                         reason_en="its content changed after it was recorded")
        expected_prev, expected_seq = stored, expected_seq + 1
    return None
