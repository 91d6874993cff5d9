"""The absence rule of a workflow (``meetings.absences``), applied inside the write that
records a meeting: when an applicant's unexcused absences from the case's held meetings reach
the limit, either e-mails to the mediator and the supervisor are queued in the reminders
outbox (``notify``; sent by ``reminders run-due``), or the system fires the rule's trigger
with a note that states the rule and its basis (``withdraw``).

Both happen in the same transaction as the attendance: the meeting is never recorded without
what the rule requires, nor the other way round. If firing fails, the whole record is
refused and nothing is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import Row
from sqlalchemy.engine import Connection

from . import deadline_store
from . import meeting_store as store
from . import repository as repo
from .deadline_commands import SYSTEM_ACTOR, DeadlineCommands
from .definitions import SYSTEM, AbsenceRuleDef
from .meeting_views import AbsenceOutcome
from .register import DocumentCommands

APPLICANT = "applicant"
STAFF = ("mediator", "supervisor")
REMINDER_KIND = "absence"


def absence_key(meeting_id: int, party_id: int, audience: str) -> str:
    """The outbox key of one absence notice; ``notice_context`` reads the ids back from it."""
    return f"{REMINDER_KIND}:{meeting_id}:{party_id}:{audience}"


def missed(meetings: Sequence[Row[Any]], party_id: int) -> tuple[int, ...]:
    """The held meetings ``party_id`` missed without excuse (excused absences do not count)."""
    return tuple(m.id for m in meetings if m.status == "held" and party_id in m.absent)


class AbsenceRules(DocumentCommands, DeadlineCommands):
    def apply_absence_rule(self, conn: Connection, number: str, meeting_id: int,
                           absent: Sequence[int], now: datetime) -> tuple[AbsenceOutcome, ...]:
        """Inside the write that records ``meeting_id``: what the rule does, if anything."""
        case = self.load_case(conn, number)
        rule = self.workflow(case.workflow).meetings.absences
        if rule is None or not absent:
            return ()
        reached = self._reached(conn, case.id, rule, absent)
        if not reached:
            return ()
        for outcome in reached:
            case = self.load_case(conn, number)  # the version the previous event left
            self.append(conn, case, SYSTEM, "absence_limit", now, details={
                "meeting_id": meeting_id, "party_id": outcome.party_id,
                "absences": outcome.absences, "limit": rule.limit,
                "meetings": list(outcome.meetings), "action": rule.action, "basis": rule.basis})
        if rule.action == "notify":
            return self._notify(conn, case.id, meeting_id, reached, now)
        return self._withdraw(conn, number, rule, reached, now)

    def _reached(self, conn: Connection, case_id: int, rule: AbsenceRuleDef,
                 absent: Sequence[int]) -> list[AbsenceOutcome]:
        meetings = store.meetings_of(conn, case_id)
        out = []
        for party in repo.parties_of(conn, case_id):
            if party.role != APPLICANT or party.id not in absent:
                continue
            ids = missed(meetings, party.id)
            if len(ids) >= rule.limit:
                out.append(AbsenceOutcome(party_id=party.id, party_name=party.name,
                                          absences=len(ids), limit=rule.limit, meetings=ids,
                                          action=rule.action, basis=rule.basis))
        return out

    def _notify(self, conn: Connection, case_id: int, meeting_id: int,
                reached: list[AbsenceOutcome], now: datetime) -> tuple[AbsenceOutcome, ...]:
        rows = [self.reminder_row(key=absence_key(meeting_id, o.party_id, who), case_id=case_id,
                                  deadline_id=None, kind=REMINDER_KIND, audience=who,
                                  send_at=now, now=now)
                for o in reached for who in STAFF]
        deadline_store.insert_reminders(conn, rows)
        return tuple(replace(o, queued=STAFF) for o in reached)

    def _withdraw(self, conn: Connection, number: str, rule: AbsenceRuleDef,
                  reached: list[AbsenceOutcome], now: datetime) -> tuple[AbsenceOutcome, ...]:
        assert rule.trigger is not None  # the loader requires it for 'withdraw'
        who = ", ".join(f"{o.party_name}(#{o.party_id}, 회의 "
                        f"{', '.join(f'#{m}' for m in o.meetings)})" for o in reached)
        note = f"신청인 정당한 사유 없는 불출석 {rule.limit}회 이상: {who} — {rule.basis}"
        state = self._fire_as_system(conn, number, rule.trigger, note, now)
        return tuple(replace(o, trigger=rule.trigger, state=state) for o in reached)

    def _fire_as_system(self, conn: Connection, number: str, trigger: str, note: str,
                        now: datetime) -> str:
        """The system's move, inside the caller's write (``fire_as_system`` runs its own)."""
        case = self.load_case(conn, number)
        outcome = self.engine(case.workflow).fire(self.snapshot(conn, case), trigger,
                                                  SYSTEM_ACTOR, now, note)
        self.check_documents_ready(outcome.documents)
        self.append(conn, case, SYSTEM, "transition", now, note=note,
                    move=(trigger, outcome.source, outcome.dest, outcome.final))
        if outcome.deadlines:
            self.apply_deadlines(conn, case, outcome, now)
        if outcome.documents:
            self.issue_for_transition(conn, number, outcome, SYSTEM_ACTOR, now)
        return outcome.dest
