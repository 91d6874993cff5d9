"""The absence rule of a workflow (``meetings.absences``), applied inside the write that
records a meeting: when an applicant's unexcused absences from the case's held meetings reach
the limit, either e-mails to the mediator and the supervisor are queued in the reminders
outbox (``notify``; sent by ``reminders run-due``), or the system fires the rule's trigger
with a note that states the rule and its basis and the same e-mails tell the mediator and
the supervisor that the case was closed (``withdraw``).

Only a proper summons counts (환경분쟁조정법 제49조 제3항 presumes the summons of 제49조 제2항):
a held meeting whose notices were written, not accepted at short notice (``--force``), and
not moved afterwards without a notice of change. The rule applies until the agreement is
signed: in a state reached by a transition that needs every signature it does nothing.

Everything happens in the same transaction as the attendance: the meeting is never recorded
without what the rule requires, nor the other way round. If firing fails, the whole record is
refused and nothing is written (the files of the letters the move wrote are removed).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Row
from sqlalchemy.engine import Connection

from mediation.cases.moves import Moves
from mediation.casework import CaseWork
from mediation.deadlines.commands import DeadlineCommands
from mediation.documents.register import DocumentCommands
from mediation.storage import cases as repo
from mediation.storage import meetings as store
from mediation.storage import outbox
from mediation.views.meetings import AbsenceOutcome
from mediation.workflow.definitions import SYSTEM, AbsenceRuleDef, commitment_states

APPLICANT = "applicant"
STAFF = ("mediator", "supervisor")
REMINDER_KIND = "absence"


def absence_key(meeting_id: int, party_id: int, audience: str) -> str:
    """The outbox key of one absence notice; ``notice_context`` reads the ids back from it."""
    return f"{REMINDER_KIND}:{meeting_id}:{party_id}:{audience}"


def unnoticed_changes(conn: Connection, case_id: int) -> frozenset[int]:
    """Meetings whose last change of time or place was not noticed to the parties."""
    last: dict[int, bool] = {}
    for _, data in store.meeting_events(conn, case_id, ("meeting_rescheduled",)):
        last[int(data["meeting_id"])] = bool(data.get("noticed", True))
    return frozenset(m for m, noticed in last.items() if not noticed)


def summoned(meeting: Row[Any], unnoticed: frozenset[int]) -> bool:
    """Whether the parties were properly summoned to ``meeting``: notices written, the legal
    period kept (no ``--force``), no later change left unnoticed."""
    return bool(meeting.notices) and meeting.forced_reason is None and meeting.id not in unnoticed


def missed(meetings: Sequence[Row[Any]], party_id: int,
           unnoticed: frozenset[int] = frozenset()) -> tuple[int, ...]:
    """The held meetings, properly summoned, that ``party_id`` missed without excuse
    (excused absences do not count)."""
    return tuple(m.id for m in meetings if m.status == "held" and party_id in m.absent
                 and summoned(m, unnoticed))


class AbsenceRules(CaseWork):
    def __init__(self, *args: Any, moves: Moves, deadlines: DeadlineCommands, documents: DocumentCommands,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.moves = moves
        self.deadlines = deadlines
        self.documents = documents

    def apply_absence_rule(self, conn: Connection, number: str, meeting_id: int,
                           absent: Sequence[int], now: datetime,
                           written: list[Path] | None = None) -> tuple[AbsenceOutcome, ...]:
        """Inside the write that records ``meeting_id``: what the rule does, if anything.
        ``written`` collects the files of letters a system move writes."""
        case = self.load_case(conn, number)
        rule = self.workflow(case.workflow).meetings.absences
        if rule is None or not absent or case.state in commitment_states(self.workflow(case.workflow)):
            return ()
        reached = self._reached(conn, case.id, meeting_id, rule, absent)
        if not reached:
            return ()
        for outcome in reached:
            case = self.load_case(conn, number)  # the version the previous event left
            self.append(conn, case, SYSTEM, "absence_limit", now, details={
                "meeting_id": meeting_id, "party_id": outcome.party_id,
                "absences": outcome.absences, "limit": rule.limit,
                "meetings": list(outcome.meetings), "action": rule.action, "basis": rule.basis})
        if rule.action == "withdraw":
            reached = self._withdraw(conn, number, rule, reached, now, written)
        return self._notify(conn, case.id, meeting_id, reached, now)

    def withdrawal_unsupported(self, conn: Connection, case: Row[Any]) -> bool:
        """Whether ``case`` was closed by this rule's deemed withdrawal and no applicant's
        unexcused absences, as the meetings are recorded now, reach the limit any more."""
        from mediation.storage import corrections

        rule = self.workflow(case.workflow).meetings.absences
        last = corrections.last_move(conn, case.id)
        if (rule is None or rule.action != "withdraw" or last is None
                or last.actor != SYSTEM or last.trigger != rule.trigger):
            return False
        meetings = store.meetings_of(conn, case.id)
        unnoticed = unnoticed_changes(conn, case.id)
        return not any(len(missed(meetings, p.id, unnoticed)) >= rule.limit
                       for p in repo.parties_of(conn, case.id) if p.role == APPLICANT)

    def _reached(self, conn: Connection, case_id: int, meeting_id: int, rule: AbsenceRuleDef,
                 absent: Sequence[int]) -> list[AbsenceOutcome]:
        meetings = store.meetings_of(conn, case_id)
        unnoticed = unnoticed_changes(conn, case_id)
        out = []
        for party in repo.parties_of(conn, case_id):
            if party.role != APPLICANT or party.id not in absent:
                continue
            ids = missed(meetings, party.id, unnoticed)
            if meeting_id in ids and len(ids) >= rule.limit:
                out.append(AbsenceOutcome(party_id=party.id, party_name=party.name,
                                          absences=len(ids), limit=rule.limit, meetings=ids,
                                          action=rule.action, basis=rule.basis,
                                          basis_en=rule.basis_en or ""))
        return out

    def _notify(self, conn: Connection, case_id: int, meeting_id: int,
                reached: list[AbsenceOutcome], now: datetime) -> tuple[AbsenceOutcome, ...]:
        rows = [outbox.reminder_row(key=absence_key(meeting_id, o.party_id, who), case_id=case_id,
                                    deadline_id=None, kind=REMINDER_KIND, audience=who,
                                    send_at=now, now=now, domain=self.deadlines.policy.domain)
                for o in reached for who in STAFF]
        outbox.insert_reminders(conn, rows)
        return tuple(replace(o, queued=STAFF) for o in reached)

    def _withdraw(self, conn: Connection, number: str, rule: AbsenceRuleDef,
                  reached: list[AbsenceOutcome], now: datetime,
                  written: list[Path] | None) -> list[AbsenceOutcome]:
        assert rule.trigger is not None  # the loader requires it for 'withdraw'
        who = ", ".join(f"{o.party_name}(#{o.party_id}, 회의 "
                        f"{', '.join(f'#{m}' for m in o.meetings)})" for o in reached)
        note = f"신청인 정당한 사유 없는 불출석 {rule.limit}회 이상: {who} — {rule.basis}"
        state = self.moves.fire_within(conn, number, rule.trigger, note, now, written).dest
        case = self.load_case(conn, number)
        title = self.workflow(case.workflow).state(state).title
        scheduled = store.scheduled_of(conn, case.id)
        return [replace(o, trigger=rule.trigger, state=state, state_ko=title.ko,
                        state_en=title.en, scheduled=scheduled) for o in reached]
