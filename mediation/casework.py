"""The kernel every feature's use cases share (by holding one, never by inheriting another
feature): the database, the clock, the workflows, reading a case for a move, authorisation,
and the one way every change to a case is written (``append``: version check, event, hash
chain).

Only the use-case layer (this module and the feature objects built on it) reads the clock and
commits. Features call each other through collaborators passed to their constructors in
``mediation.app``; none subclasses another.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Row
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from mediation.core.audit import EventRecord, canonical, event_hash
from mediation.core.clock import Clock
from mediation.core.errors import (
    BadInput,
    ClockBehind,
    ConcurrentChange,
    NotFound,
    PermissionDenied,
    ReadDenied,
    Refused,
    ReviewersOnly,
)
from mediation.core.faults import NO_FAULTS, Faults
from mediation.core.formats import topic
from mediation.core.vocabulary import USER_ROLES
from mediation.storage import agreement as agreement_store
from mediation.storage import cases as repo
from mediation.storage import scope
from mediation.storage import search as search_store
from mediation.storage.db import Database
from mediation.views.outcome import case_outcome
from mediation.workflow.definitions import SYSTEM, WorkflowDef
from mediation.workflow.engine import Actor, Engine
from mediation.workflow.records import CaseSnapshot, PartySnapshot

AGREEMENT_GUARDS = frozenset({"agreement_has_items", "all_parties_signed", "commitments_settled"})
REVIEWERS = frozenset({"admin", "supervisor"})
"""Roles that run the checks over the whole database (``audit verify`` of every case, the
anchor)."""

CaseRow = Row[Any] | repo.CaseHead
"""A whole case row, or the few columns a transition reads (``repository.CaseHead``)."""


class CaseWork:
    def __init__(self, db: Database, clock: Clock, workflows: Mapping[str, WorkflowDef],
                 faults: Faults = NO_FAULTS) -> None:
        self.db = db
        self.clock = clock
        self.workflows = dict(workflows)
        self.faults = faults
        self._engines: dict[str, Engine] = {}
        self._agreement_guarded: dict[tuple[str, str, str | None], bool] = {}

    # helpers ---------------------------------------------------------------------------

    def now(self) -> datetime:
        return self.clock.now()

    def workflow(self, name: str) -> WorkflowDef:
        if name not in self.workflows:
            raise NotFound(kind="workflow", key=name)
        return self.workflows[name]

    def engine(self, name: str) -> Engine:
        found = self._engines.get(name)
        if found is None:
            found = self._engines[name] = Engine(self.workflow(name))
        return found

    def load_case(self, conn: Connection, number: str) -> Row[Any]:
        row = repo.case_by_number(conn, number)
        if row is None:
            raise NotFound(kind="case", key=number)
        return row

    def load_for_transition(self, conn: Connection, number: str,
                            trigger: str | None = None) -> tuple[repo.CaseHead, CaseSnapshot]:
        """The columns of the case that a transition needs (see ``load_case``), and the
        snapshot its guards look at, read in one statement; the agreement's counts are read
        only when ``trigger`` (or, without one, any trigger of the state) has a guard over
        them."""
        found = repo.case_for_transition(conn, number)
        if found is None:
            raise NotFound(kind="case", key=number)
        head, parties = found
        counts = (agreement_store.counts(conn, head.id)
                  if self.agreement_guarded(head.workflow, head.state, trigger) else None)
        wf = self.workflows.get(head.workflow)  # whose consent it asks, as the engine reads it
        return head, self.snapshot_of(head, parties, counts,
                                      consent_roles=wf.consent_roles if wf else None)

    def agreement_guarded(self, workflow: str, state: str, trigger: str | None = None) -> bool:
        """Whether a transition out of ``state`` (by ``trigger``, if given) has a guard over
        the agreement."""
        key = (workflow, state, trigger)
        found = self._agreement_guarded.get(key)
        if found is None:
            found = self._agreement_guarded[key] = any(
                AGREEMENT_GUARDS.intersection(t.guards)
                for t in self.workflow(workflow).transitions_from(state)
                if trigger is None or t.trigger == trigger)
        return found

    @staticmethod
    def authorize(actor: Actor, case: CaseRow, action_ko: str, action_en: str) -> None:
        """Mediators act on their cases, supervisors on the cases they supervise, admins on all."""
        if not (actor.role == "admin" or scope.assigned(actor, case)):
            raise PermissionDenied(user=actor.username, role=actor.role,
                                   action_ko=f"사건 {case.number}에 대해 {action_ko}",
                                   action_en=f"{action_en} on case {case.number} "
                                             "(not its mediator or supervisor)")

    @staticmethod
    def authorize_read(actor: Actor, case: CaseRow) -> None:
        """Mediators read their cases, supervisors the cases they supervise, admins and the
        system all (``storage.scope``)."""
        if not scope.may_read(actor, case):
            raise ReadDenied(number=case.number, user=actor.username)

    def load_readable(self, conn: Connection, actor: Actor, number: str) -> Row[Any]:
        """The case numbered ``number`` if ``actor`` may read it (``NotFound``, ``ReadDenied``)."""
        case = self.load_case(conn, number)
        self.authorize_read(actor, case)
        return case

    @staticmethod
    def require_reviewer(actor: Actor, what_ko: str, what_en: str,
                         hint: tuple[str, str] = ReviewersOnly.ASK_HINT) -> None:
        """Refuse a check over the whole database to anyone but admins and supervisors;
        ``hint`` tells them what they may do instead."""
        if actor.role not in REVIEWERS:
            raise ReviewersOnly(what_ko=what_ko, what_en=what_en, user=actor.username,
                                hint=hint)

    @staticmethod
    def require_open(case: CaseRow) -> None:
        if case.closed:
            raise Refused(reason_ko=f"사건 {case.number}은(는) 종결되었습니다. 고쳐야 하면 담당관이 "
                                    f"다시 엽니다: `mediation case reopen {case.number}`",
                          reason_en=f"Case {case.number} is closed. If it must change, its "
                                    f"supervisor reopens it with `mediation case reopen "
                                    f"{case.number}`.")

    def snapshot(self, conn: Connection, case: CaseRow) -> CaseSnapshot:
        return self.snapshot_of(case, repo.party_snapshots(conn, case.id),
                                agreement_store.counts(conn, case.id))

    @staticmethod
    def snapshot_of(case: CaseRow, parties: tuple[PartySnapshot, ...],
                    counts: agreement_store.AgreementCounts | None = None, *,
                    consent_roles: tuple[str, ...] | None = None) -> CaseSnapshot:
        """The guards' view of a case; without ``counts`` the agreement reads as empty."""
        items, signed, open_ = ((counts.items, counts.signed_parties, counts.open_commitments)
                                if counts else (0, 0, 0))
        return CaseSnapshot(number=case.number, workflow=case.workflow, state=case.state,
                            grade=case.grade, alert=case.alert, chair=case.chair,
                            mediator=case.mediator, supervisor=case.supervisor, parties=parties,
                            agreement_items=items, unsigned_parties=len(parties) - signed,
                            open_commitments=open_, consent_roles=consent_roles)

    def append(self, conn: Connection, case: CaseRow, actor: str, kind: str, now: datetime,
               *, details: Mapping[str, Any] | None = None, note: str | None = None,
               move: tuple[str | None, str, str, bool] | None = None,
               values: dict[str, Any] | None = None) -> int:
        """Write one event and bump the case's version, or raise ``ConcurrentChange``.

        ``move`` is (trigger, from, to, closes). The event's sequence number is the case's
        new version, so the chain needs no extra read.
        """
        if now < case.updated_at:
            raise ClockBehind(number=case.number, last=case.updated_at.isoformat(),
                              now=now.isoformat())
        seq = int(case.version) + 1
        trigger, src, dest, closes = move if move else (None, None, None, False)
        record = EventRecord(number=case.number, seq=seq, at=now, actor=actor, kind=kind,
                             from_state=src, to_state=dest, trigger=trigger, note=note,
                             details=canonical(details or {}), prev_hash=case.audit_head)
        digest = event_hash(record)
        if move:
            ok = repo.move_case(conn, case_id=case.id, expected=case.version, head=digest,
                                now=now, state=dest or case.state, is_closed=closes)
        else:
            ok = repo.bump_case(conn, case_id=case.id, expected=case.version, head=digest,
                                now=now, values=values)
        if not ok:
            raise ConcurrentChange(number=case.number)
        self.faults.hit("after_state_update")
        try:
            repo.insert_event(conn, {
                "case_id": case.id, "seq": seq, "at": now, "actor": actor, "kind": kind,
                "from_state": src, "to_state": dest, "trigger": trigger, "note": note,
                "details": record.details, "prev_hash": record.prev_hash, "hash": digest})
        except IntegrityError as exc:
            raise ConcurrentChange(number=case.number) from exc
        if note:
            search_store.put(conn, case.id, "note", seq, note)
        return seq

    def outcome(self, conn: Connection, case: CaseRow, signed: bool) -> tuple[str | None, int]:
        """The case's outcome as the record shows it (``views.outcome``) and its unresolved
        issues: what `case show`, letters and reports print."""
        unresolved = (agreement_store.unresolved_issues(conn, case.id)
                      if signed or case.closed else 0)
        by_system = bool(case.closed) and repo.last_move_actor(conn, case.id) == SYSTEM
        return case_outcome(self.workflows.get(case.workflow), case.state, signed=signed,
                            unresolved=unresolved, closed_by_system=by_system), unresolved

    def assignable(self, username: str, roles: tuple[str, ...], field: str) -> str:
        """Check that ``username`` is an active user with one of ``roles``."""
        with self.db.read() as conn:
            row = repo.user_by_name(conn, username)
        if row is None:
            raise NotFound(kind="user", key=username)
        if not row.active or row.role not in roles:
            def title(role: str) -> str:
                found = USER_ROLES.get(role)
                return role if found is None else found.ko

            titles = [title(r) for r in roles]
            wanted = " 또는 ".join([", ".join(titles[:-1]), titles[-1]] if titles[1:] else titles)
            copula = "이어야" if (ord(wanted[-1]) - 0xAC00) % 28 else "여야"
            now_ko = title(row.role) if row.active else "비활성"
            now_en = row.role if row.active else "inactive"
            raise BadInput(field=field,
                           reason_ko=f"{topic(f'{row.name}({username})')} 활성 상태의 {wanted}"
                                     f"{copula} 합니다 (지금: {now_ko})",
                           reason_en=f"{row.name} ({username}) must be an active "
                                     f"{' or '.join(roles)} (is {now_en})")
        return str(row.username)
