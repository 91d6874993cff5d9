"""The tamper-evident audit trail: each case event's SHA-256 hash covers its content and the
previous event's hash, so editing or deleting any event breaks the chain after it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol, TypeVar

GENESIS = "0" * 64


_CANONICAL = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                              default=str)
_quote = json.encoder.encode_basestring  # a JSON string as ``_CANONICAL`` spells it


def canonical(details: Mapping[str, Any]) -> str:
    """The one JSON spelling of ``details`` that hashes are computed over."""
    if not details:  # most events carry no details
        return "{}"
    return _CANONICAL.encode(details)


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
    """SHA-256 of the event's fields in their canonical JSON (``event_body``)."""
    return hashlib.sha256(event_body(event).encode("utf-8")).hexdigest()


def event_body(event: EventRecord) -> str:
    """The canonical JSON of an event's hashed fields, keys sorted: on every transition's
    path, so spelled out here rather than through the encoder, to the same characters as
    ``canonical`` of the same mapping (``tests/core/test_event_hash.py`` holds them equal)."""
    at = event.at.astimezone(UTC).isoformat(timespec="microseconds")
    if type(event.seq) is not int or not all(
            type(v) is str for v in (event.actor, event.details, event.kind, event.number,
                                     event.prev_hash)) or not all(
            v is None or type(v) is str
            for v in (event.from_state, event.note, event.to_state, event.trigger)):
        return canonical({
            "number": event.number, "seq": event.seq, "at": at, "actor": event.actor,
            "kind": event.kind, "from": event.from_state, "to": event.to_state,
            "trigger": event.trigger, "note": event.note, "details": event.details,
            "prev": event.prev_hash})
    q = _quote
    return (f'{{"actor":{q(event.actor)},"at":{q(at)},"details":{q(event.details)},'
            f'"from":{_opt(event.from_state)},"kind":{q(event.kind)},"note":{_opt(event.note)},'
            f'"number":{q(event.number)},"prev":{q(event.prev_hash)},"seq":{event.seq},'
            f'"to":{_opt(event.to_state)},"trigger":{_opt(event.trigger)}}}')


def _opt(value: str | None) -> str:
    return "null" if value is None else _quote(value)


@dataclass(frozen=True, slots=True, kw_only=True)
class Break:
    seq: int
    reason_ko: str
    reason_en: str


class Chained(Protocol):
    """A record of a hash chain: its place in the chain and the hash of the one before."""

    @property
    def seq(self) -> int: ...

    @property
    def prev_hash(self) -> str: ...


C = TypeVar("C", bound=Chained)


def first_break(events: Iterable[tuple[C, str]],
                hasher: Callable[[C], str] = event_hash,  # type: ignore[assignment]
                *, noun: tuple[str, str, str] = ("이벤트가", "이벤트와", "event"),
                start: tuple[int, str] = (0, GENESIS),
                committed: Mapping[int, str] | None = None) -> Break | None:
    """The first record, in sequence order, whose stored hash or link does not verify
    (``hasher`` computes a record's hash; ``noun`` names a record: in Korean with the
    particles of "is missing" and "link to", in English). ``start`` is the sequence number
    and hash the chain continues from (a pruned chain's last removed record). A record whose
    seq is in ``committed`` was redacted when personal data was destroyed: its stored hash is
    taken for the link, and its content must hash to the committed value instead."""
    committed = committed or {}
    expected_prev, expected_seq = start[1], start[0] + 1
    missing, link, en = noun
    for record, stored in events:
        if record.seq != expected_seq:
            return Break(seq=expected_seq, reason_ko=f"{expected_seq}번 {missing} 없습니다(삭제 의심)",
                         reason_en=f"{en} {expected_seq} is missing (deleted?)")
        if record.prev_hash != expected_prev:
            return Break(seq=record.seq, reason_ko=f"이전 {link}의 연결 해시가 맞지 않습니다",
                         reason_en=f"its link to the previous {en} does not match")
        if hasher(record) != committed.get(record.seq, stored):
            if record.seq in committed:
                return Break(seq=record.seq,
                             reason_ko="개인정보 파기로 가린 내용이 파기 기록과 다릅니다",
                             reason_en="its redacted content differs from what the "
                                       "destruction recorded")
            return Break(seq=record.seq, reason_ko="내용이 기록 이후 변경되었습니다",
                         reason_en="its content changed after it was recorded")
        expected_prev, expected_seq = stored, expected_seq + 1
    return None


# the users' chain ------------------------------------------------------------------------

def user_event_hash(*, seq: int, at: datetime, actor: str, kind: str, username: str,
                    details: str, prev_hash: str) -> str:
    """The hash of one event of the users' chain (who may act is on the record too)."""
    body = canonical({"users": True, "seq": seq,
                      "at": at.astimezone(UTC).isoformat(timespec="microseconds"),
                      "actor": actor, "kind": kind, "username": username,
                      "details": details, "prev": prev_hash})
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


# the case row is the replay of its events --------------------------------------------------

@dataclass(frozen=True, slots=True, kw_only=True)
class CaseReplay:
    """What a case's events say its row holds."""

    state: str | None
    mediator: str | None
    supervisor: str | None
    events: int


def replay_case(events: Iterable[tuple[str, str | None, str]]) -> CaseReplay:
    """Replay ``(kind, to_state, details JSON)`` in sequence order: the state the last move
    reached, the assignments of ``opened`` and each ``reassigned``, the number of events."""
    state = mediator = supervisor = None
    count = 0
    for kind, to_state, details in events:
        count += 1
        state = to_state or state
        data = json.loads(details) if kind in ("opened", "reassigned") else {}
        if kind == "opened":
            mediator, supervisor = data.get("mediator"), data.get("supervisor")
        for field, change in data.get("changes", {}).items():
            if field == "mediator":
                mediator = change[1]
            elif field == "supervisor":
                supervisor = change[1]
    return CaseReplay(state=state, mediator=mediator, supervisor=supervisor, events=count)


# the anchor: the database's heads at a moment, kept outside the database --------------------

ANCHOR_PREFIX = "mediation-anchor:v1"
USERS_CHAIN = "~users"  # the users' chain among the cases' chains in an anchor
ACCESS_CHAIN = "~access"  # the access records' chain (접속기록) in an anchor


def anchor_digest(at: datetime, heads: Iterable[tuple[str, int, str]]) -> str:
    """One SHA-256 over every chain's last event at ``at``: (chain, seq, hash), sorted."""
    body = canonical({"at": at.astimezone(UTC).isoformat(timespec="seconds"),
                      "heads": sorted([list(h) for h in heads])})
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def format_anchor(at: datetime, chains: int, digest: str) -> str:
    """The anchor as one line an operator keeps (a file, the supervisors' daily e-mail)."""
    return f"{ANCHOR_PREFIX} {at.astimezone(UTC).isoformat(timespec='seconds')} {chains} {digest}"


def parse_anchor(text: str) -> tuple[datetime, int, str] | None:
    """The moment, the number of chains and the digest of an anchor line, or ``None``."""
    parts = text.strip().split()
    if len(parts) != 4 or parts[0] != ANCHOR_PREFIX or len(parts[3]) != 64:
        return None
    try:
        at = datetime.fromisoformat(parts[1])
        chains = int(parts[2])
        int(parts[3], 16)
    except ValueError:
        return None
    return (at, chains, parts[3]) if at.tzinfo is not None else None
