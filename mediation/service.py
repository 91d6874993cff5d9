"""Use cases over a case's lifecycle: firing triggers, reading a case, verifying the audit
trail. ``Service`` gathers every use case; ``app.build_app`` constructs it.
"""

from __future__ import annotations

import json
from typing import Any

from . import meeting_store
from . import repository as repo
from .agreement_commands import AgreementCommands
from .audit import GENESIS, EventRecord, first_break
from .base import ServiceBase
from .calendar_commands import CalendarCommands
from .cases import CaseCommands
from .deadline_adjust import AdjustCommands
from .engine import Actor
from .meeting_commands import MeetingCommands
from .parties import PartyCommands
from .reading import CaseReading
from .register import DocumentCommands
from .reminder_commands import ReminderCommands
from .views import AuditResult, TransitionView


class Service(AgreementCommands, MeetingCommands, ReminderCommands, CalendarCommands,
              AdjustCommands, DocumentCommands, CaseReading, CaseCommands, PartyCommands,
              ServiceBase):
    # transitions -----------------------------------------------------------------------

    def advance(self, actor: Actor, number: str, trigger: str,
                note: str | None = None) -> TransitionView:
        now = self.now()
        with self.db.read_one() as conn:
            case, snapshot = self.load_for_transition(conn, number, trigger)
        self.authorize(actor, case, "트리거를 실행할", "fire triggers")
        engine = self.engine(case.workflow)
        outcome = engine.fire(snapshot, trigger, actor, now, note)
        self.check_documents_ready(outcome.documents)
        with self.db.write() as conn:
            seq = self.append(conn, case, actor.username, "transition", now, note=note,
                              move=(trigger, outcome.source, outcome.dest, outcome.final))
            if outcome.deadlines:
                self.apply_deadlines(conn, case, outcome, now)
            if outcome.documents:
                self.issue_for_transition(conn, number, outcome, actor, now)
            scheduled = meeting_store.scheduled_of(conn, case.id) if outcome.final else ()
        dest = engine.definition.state(outcome.dest)
        return TransitionView(number=number, trigger=trigger, source=outcome.source,
                              dest=outcome.dest, dest_ko=dest.title.ko, dest_en=dest.title.en,
                              closed=outcome.final, seq=seq, at=now,
                              scheduled_meetings=scheduled)

    # audit -----------------------------------------------------------------------------

    def verify(self, number: str | None = None) -> list[AuditResult]:
        results = []
        with self.db.read() as conn:
            targets = ([self.load_case(conn, number)] if number
                       else list(repo.all_case_ids(conn)))
            for case in targets:
                rows = repo.events_of(conn, case.id)
                results.append(_verify_one(case.number, case.audit_head, rows))
        return results


def _verify_one(number: str, head: str, rows: Any) -> AuditResult:
    pairs = [(EventRecord(number=number, seq=r.seq, at=r.at, actor=r.actor, kind=r.kind,
                          from_state=r.from_state, to_state=r.to_state, trigger=r.trigger,
                          note=r.note, details=r.details, prev_hash=r.prev_hash), r.hash)
             for r in rows]
    broken = first_break(pairs)
    if broken is None and (pairs[-1][1] if pairs else GENESIS) != head:
        return AuditResult(number=number, events=len(pairs), ok=False,
                           broken_seq=len(pairs) + 1,
                           reason_ko="사건에 기록된 마지막 해시와 맞지 않습니다(마지막 이벤트 삭제 의심)",
                           reason_en="the case's recorded head hash does not match "
                                     "(last event deleted?)")
    if broken is not None:
        return AuditResult(number=number, events=len(pairs), ok=False, broken_seq=broken.seq,
                           reason_ko=broken.reason_ko, reason_en=broken.reason_en)
    return AuditResult(number=number, events=len(pairs), ok=True)


def details_of(text: str) -> dict[str, Any]:
    loaded = json.loads(text)
    return loaded if isinstance(loaded, dict) else {"value": loaded}
