"""Tamper evidence beyond each chain's hashes: the case row must be the replay of its events
(state, closed, version, assignments), the users' table the replay of the users' trail, and
the database's chains must still pass through the heads an anchor kept outside the database
recorded at its moment (a case deleted, a chain recomputed or shortened before that moment
shows)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row
from sqlalchemy.engine import Connection

from mediation.core.audit import (
    ACCESS_CHAIN,
    GENESIS,
    USERS_CHAIN,
    anchor_digest,
    format_anchor,
    replay_case,
    user_event_hash,
)
from mediation.core.records import CaseRecords, Step, differences, replay_records
from mediation.storage import access as access_store
from mediation.storage import cases as repo
from mediation.storage import users as trail
from mediation.views.cases import AuditResult
from mediation.workflow.definitions import WorkflowDef

USERS_LABEL = "~users"


def replay_problem(case: Row[Any], events: Sequence[Row[Any]],
                   wf: WorkflowDef | None) -> AuditResult | None:
    """Where the case row says other than its events, or ``None``."""
    replay = replay_case((e.kind, e.to_state, e.details) for e in events)
    found = {"state": case.state, "mediator": case.mediator, "supervisor": case.supervisor,
             "version": case.version}
    expected = {"state": replay.state, "mediator": replay.mediator,
                "supervisor": replay.supervisor, "version": replay.events}
    if wf is not None and replay.state is not None and wf.has_state(replay.state):
        found["closed"] = bool(case.closed)
        expected["closed"] = wf.is_final(replay.state)
    wrong = [k for k in found if found[k] != expected[k]]
    if not events or wrong:
        fields = ", ".join(f"{k}={found[k]!r} (events: {expected[k]!r})" for k in wrong)
        return AuditResult(number=case.number, events=len(events), ok=False,
                           broken_seq=len(events),
                           reason_ko=f"사건 기록이 이벤트의 재생과 다릅니다: {fields or '이벤트 없음'}",
                           reason_en=f"the case row is not the replay of its events: "
                                     f"{fields or 'no events'}")
    return None


def records_problem(found: CaseRecords, case: Row[Any],
                    events: Sequence[Row[Any]]) -> AuditResult | None:
    """Where the case's parties, issues, agreement items, signatures or confirmations
    (``found``, as read from their tables) say other than the replay of its events, or
    ``None``."""
    expected = replay_records(Step(e.kind, e.at, e.note, e.details) for e in events)
    wrong = differences(expected, found)
    if not wrong:
        return None
    shown = ", ".join(wrong[:5]) + (f" (+{len(wrong) - 5})" if len(wrong) > 5 else "")
    return AuditResult(number=case.number, events=len(events), ok=False,
                       broken_seq=len(events),
                       reason_ko=f"당사자·쟁점·합의 기록이 이벤트의 재생과 다릅니다: {shown}",
                       reason_en=f"the parties, issues or agreement are not the replay of "
                                 f"the case's events: {shown}")


def verify_users(conn: Connection) -> AuditResult:
    """The users' trail verifies, and each user's row is what their last event recorded."""
    rows = trail.events(conn)
    seq, reason = _users_break(rows)
    if seq is None and rows:
        differ = _users_differ(conn, rows)
        if differ:
            seq, reason = len(rows), (f"사용자 기록이 사용자 이력과 다릅니다: {differ}",
                                      f"the users' table is not the replay of their trail: "
                                      f"{differ}")
    if seq is None and not rows and repo.count_users(conn):
        seq, reason = 1, ("사용자 이력이 없습니다(삭제 의심)", "the users' trail is empty (deleted?)")
    if seq is None:
        return AuditResult(number=USERS_LABEL, events=len(rows), ok=True)
    return AuditResult(number=USERS_LABEL, events=len(rows), ok=False, broken_seq=seq,
                       reason_ko=reason[0], reason_en=reason[1])


def _users_break(rows: Sequence[Row[Any]]) -> tuple[int | None, tuple[str, str]]:
    """The first event of the users' trail whose sequence, link or hash does not verify."""
    prev = GENESIS
    for expected, row in enumerate(rows, 1):
        if int(row.seq) != expected:
            return expected, (f"{expected}번 이벤트가 없습니다(삭제 의심)",
                              f"event {expected} is missing (deleted?)")
        if row.prev_hash != prev:
            return expected, ("이전 이벤트와의 연결 해시가 맞지 않습니다",
                              "its link to the previous event does not match")
        if hash_user_event(row) != row.hash:
            return expected, ("내용이 기록 이후 변경되었습니다",
                              "its content changed after it was recorded")
        prev = row.hash
    return None, ("", "")


def _users_differ(conn: Connection, rows: Sequence[Row[Any]]) -> str:
    from mediation.users.commands import user_record  # the one spelling of a user's record

    last = {r.username: json.loads(r.details)["user"] for r in rows}
    now = {u.username: user_record(u) for u in repo.all_users(conn)}
    wrong = sorted(set(now) ^ set(last)) + sorted(n for n in now if n in last
                                                   and now[n] != last[n])
    return ", ".join(wrong)


def heads(conn: Connection, at: datetime) -> list[tuple[str, int, str]]:
    """Every chain's last event at ``at``: (chain, seq, hash)."""
    found = [(r.number or f"#{r.case_id}", int(r.seq), str(r.hash))
             for r in repo.heads_at(conn, at)]
    users = trail.head_at(conn, at)
    if users is not None:
        found.append((USERS_CHAIN, *users))
    access = access_store.head_at(conn, at)
    if access is not None:
        found.append((ACCESS_CHAIN, *access))
    return found


def anchor(conn: Connection, at: datetime) -> str:
    """The anchor line for the database as it stands at ``at`` (to the second, as written)."""
    at = at.replace(microsecond=0)
    now = heads(conn, at)
    return format_anchor(at, len(now), anchor_digest(at, now))


def hash_user_event(row: Row[Any]) -> str:
    return user_event_hash(seq=int(row.seq), at=row.at, actor=row.actor, kind=row.kind,
                           username=row.username, details=row.details,
                           prev_hash=str(row.prev_hash))
