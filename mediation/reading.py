"""The use cases a read-only command needs: who is acting, a case with its triggers,
parties, recent events and outcome, and its full history.

``App.reading`` builds them without the rest of the service, so that ``case show`` and
``case history`` do not import the meeting, document, reminder and agreement use cases
(the command line's start-up is measured by ``bench/cli_startup.py``). ``Service``
inherits them, so the full service answers the same calls.
"""

from __future__ import annotations

from . import agreement_store, meeting_store
from . import repository as repo
from .users import UserCommands
from .viewbuild import case_view, event_view, party_view, trigger_views
from .views import CaseDetail, EventView


class CaseReading(UserCommands):
    def show_case(self, number: str, recent: int = 10) -> CaseDetail:
        now = self.now()
        with self.db.read() as conn:
            case = self.load_case(conn, number)
            snapshot = self.snapshot(conn, case)
            parties = repo.parties_of(conn, case.id)
            events = repo.events_of(conn, case.id, limit=recent)
            signed = snapshot.agreement_signed
            unresolved = agreement_store.unresolved_issues(conn, case.id) if signed else 0
            scheduled = meeting_store.scheduled_of(conn, case.id)
        wf = self.workflow(case.workflow)
        outcome = None if not signed else "partial_agreement" if unresolved else "agreement"
        return CaseDetail(
            case=case_view(case, wf, now),
            triggers=trigger_views(self.engine(case.workflow), snapshot),
            parties=tuple(party_view(p) for p in parties),
            events=tuple(event_view(e) for e in events),
            outcome=outcome, unresolved_issues=unresolved, scheduled_meetings=scheduled)

    def history(self, number: str) -> tuple[EventView, ...]:
        with self.db.read() as conn:
            case = self.load_case(conn, number)
            return tuple(event_view(e) for e in repo.events_of(conn, case.id))
