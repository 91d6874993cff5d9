"""Correcting a case's moves on the record: undoing the last transition, reopening a case
closed by mistake. Neither rewrites the trail: each is a new event (``undone``,
``reopened``) naming who, when and why, that sets the case's state like a transition does, in
one write with the deadlines, reminders and documents it cancels or restores.

Only a supervisor of the case or an admin corrects a move: the mediator who made it asks
them (the four-eyes rule of the office's approval line).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row
from sqlalchemy.engine import Connection

from mediation.casework import CaseWork
from mediation.core.errors import PermissionDenied, Refused
from mediation.core.titles import Title
from mediation.deadlines.commands import DeadlineCommands
from mediation.documents.register import DocumentCommands
from mediation.storage import corrections as store
from mediation.workflow.definitions import WorkflowDef
from mediation.workflow.engine import Actor
from mediation.workflow.timeline import on_transition

CORRECTORS = ("supervisor", "admin")
# what cannot be taken back once it followed a move: the move is then not undone
IRREVERSIBLE = {"document_sent": ("발송한 문서", "a document sent"),
                "agreement_signed": ("당사자 서명", "a signature collected"),
                "agreement_confirmed": ("합의 확인", "the agreement confirmed"),
                "meeting_held": ("개최된 회의", "a meeting held")}


@dataclass(frozen=True, slots=True, kw_only=True)
class Correction:
    """A move corrected: the case, the state it left and the state it is in now."""

    number: str
    kind: str  # "undone" or "reopened"
    source: str
    dest: str
    source_title: Title
    dest_title: Title
    reason: str
    seq: int
    at: datetime
    cancelled_deadlines: int = 0
    reopened_deadlines: int = 0
    opened_deadlines: int = 0
    voided_documents: tuple[str, ...] = ()


class CaseCorrections(CaseWork):
    def __init__(self, *args: Any, deadlines: DeadlineCommands, documents: DocumentCommands,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.deadlines = deadlines
        self.documents = documents

    def undo(self, actor: Actor, number: str, reason: str) -> Correction:
        """Reverse the case's last transition when nothing irreversible followed it: the
        state it left comes back, the deadlines it opened are cancelled, those it closed run
        again, the documents it produced (none sent) are voided."""
        now = self.now()
        # read, then write against the version read: a concurrent change makes the write
        # fail (exit 5) rather than undo something the reader did not see
        with self.db.read() as conn:
            case = self.load_case(conn, number)
            self._may_correct(actor, case, "마지막 상태 변경을 되돌릴", "undo transitions")
            last = store.last_move(conn, case.id)
            if last is None or last.kind != "transition":
                raise Refused(
                    reason_ko=f"사건 {number}에는 되돌릴 상태 변경이 없습니다"
                              f"{' (마지막 상태 변경이 이미 되돌림 또는 재개임)' if last else ''}.",
                    reason_en=f"Case {number} has no transition to undo"
                              f"{' (its last move was an undo or a reopening)' if last else ''}.")
            self._nothing_irreversible(conn, case, last)
            wf = self.workflow(case.workflow)
            opened = store.opened_by(conn, case.id, last.at)
            closed = store.closed_by_move(conn, case.id, last.at)
            voided = store.documents_of_move(conn, case.id, last.trigger, last.at)
        with self.db.write() as conn:
            seq = self.append(conn, case, actor.recorded, "undone", now, note=reason,
                              details={"undoes": last.seq, "trigger": last.trigger},
                              move=(None, case.state, last.from_state,
                                    wf.is_final(last.from_state)))
            self.deadlines.cancel_running(conn, opened, now, actor.recorded)
            self.deadlines.reopen_closed(conn, closed, now)
            moved = self.load_case(conn, number)
            for doc in voided:
                self.documents.void_within(conn, moved, doc, actor, now,
                                           f"상태 변경 되돌림: {reason}")
                moved = self.load_case(conn, number)
        return self._correction(wf, number, "undone", case.state, last.from_state, reason,
                                seq, now, cancelled=len(opened), reopened=len(closed),
                                voided=tuple(d.number for d in voided))

    def reopen(self, actor: Actor, number: str, reason: str) -> Correction:
        """Return a case closed by mistake (by a person, the dormancy close or the absence
        rule) to the state it left; its deadlines start again from now."""
        now = self.now()
        with self.db.read() as conn:
            case = self.load_case(conn, number)
            self._may_correct(actor, case, "사건을 재개할", "reopen cases")
            if not case.closed:
                raise Refused(reason_ko=f"사건 {number}은(는) 종결되지 않았습니다. 마지막 상태 "
                                        "변경을 되돌리려면 `mediation case undo`를 쓰세요.",
                              reason_en=f"Case {number} is not closed. To take back its last "
                                        "transition use `mediation case undo`.")
            last = store.last_move(conn, case.id)
            if last is None or last.from_state is None:
                raise Refused(reason_ko=f"사건 {number}의 종결 전 상태를 기록에서 찾을 수 없습니다.",
                              reason_en=f"The record of case {number} does not say which state "
                                        "it was closed from.")
            wf = self.workflow(case.workflow)
            target = last.from_state
            changes = on_transition(wf, case.state, target, "reopen")
            rules = [*changes.opens, *(r.name for r in wf.deadlines
                                       if r.kind == "repeat" and r.name not in changes.opens)]
        with self.db.write() as conn:
            seq = self.append(conn, case, actor.recorded, "reopened", now, note=reason,
                              details={"closed_by": last.actor, "closed_seq": last.seq},
                              move=(None, case.state, target, False))
            self.deadlines.open_rules(conn, case, rules, now)
        return self._correction(wf, number, "reopened", case.state, target, reason, seq, now,
                                opened=len(rules))

    # ---------------------------------------------------------------------------------

    @classmethod
    def _may_correct(cls, actor: Actor, case: Row[Any], action_ko: str, action_en: str) -> None:
        cls.authorize(actor, case, action_ko, action_en)
        if actor.role not in CORRECTORS:
            raise PermissionDenied(
                user=actor.username, role=actor.role,
                action_ko=f"사건 {case.number}의 {action_ko}", hint_ko=" 사건의 담당관이나 "
                                                                   "관리자에게 요청하세요.",
                action_en=f"{action_en} on case {case.number}",
                hint_en=" Ask the case's supervisor or an admin.")
        if case.destroyed_at is not None:
            raise Refused(reason_ko=f"사건 {case.number}의 개인정보는 파기되었습니다: 다시 열거나 "
                                    "되돌릴 수 없습니다(`mediation privacy destructions`).",
                          reason_en=f"The personal data of case {case.number} was destroyed: "
                                    "it is not reopened or undone "
                                    "(`mediation privacy destructions`).")

    @staticmethod
    def _nothing_irreversible(conn: Connection, case: Row[Any], last: Row[Any]) -> None:
        found = [IRREVERSIBLE[e.kind] for e in store.events_after(conn, case.id, last.seq)
                 if e.kind in IRREVERSIBLE]
        if store.delivered_since(conn, case.id, last.at):
            found.append(("발송된 알림 메일", "a reminder e-mail delivered"))
        if found:
            what_ko = ", ".join(dict.fromkeys(k for k, _ in found))
            what_en = ", ".join(dict.fromkeys(e for _, e in found))
            raise Refused(
                reason_ko=f"사건 {case.number}의 마지막 상태 변경(#{last.seq}) 뒤에 되돌릴 수 없는 "
                          f"일이 있어 되돌리지 않습니다: {what_ko}. 필요하면 다음 상태 변경으로 "
                          "바로잡으세요.",
                reason_en=f"The last transition of case {case.number} (#{last.seq}) is not "
                          f"undone: it was followed by {what_en}, which cannot be taken back. "
                          "Correct it with a further transition.")

    @staticmethod
    def _correction(wf: WorkflowDef, number: str, kind: str, source: str, dest: str,
                    reason: str, seq: int, at: datetime, *, cancelled: int = 0,
                    reopened: int = 0, opened: int = 0,
                    voided: tuple[str, ...] = ()) -> Correction:
        return Correction(number=number, kind=kind, source=source, dest=dest,
                          source_title=wf.state(source).title, dest_title=wf.state(dest).title,
                          reason=reason, seq=seq, at=at, cancelled_deadlines=cancelled,
                          reopened_deadlines=reopened, opened_deadlines=opened,
                          voided_documents=voided)
