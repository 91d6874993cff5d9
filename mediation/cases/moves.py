"""The one way a case moves: a person's trigger (``advance``) and the system's (the dormancy
close, the deemed withdrawal of the absence rule) are decided by the engine and written by
``write``, which puts the move's event, the deadlines it opens and closes (with their
reminders) and the documents it produces in the caller's transaction — all or nothing.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Connection

from mediation.casework import CaseRow, CaseWork
from mediation.deadlines.commands import SYSTEM_ACTOR, DeadlineCommands
from mediation.documents.register import DocumentCommands, files_kept_on_commit
from mediation.storage import meetings as meeting_store
from mediation.views.cases import TransitionView
from mediation.workflow.engine import Actor, Outcome


class Moves(CaseWork):
    def __init__(self, *args: Any, deadlines: DeadlineCommands, documents: DocumentCommands,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.deadlines = deadlines
        self.documents = documents

    def advance(self, actor: Actor, number: str, trigger: str,
                note: str | None = None) -> TransitionView:
        """A person fires ``trigger`` on case ``number`` (what ``case advance`` runs)."""
        now = self.now()
        with self.db.read_one() as conn:
            case, snapshot = self.load_for_transition(conn, number, trigger)
        self.authorize(actor, case, "트리거를 실행할", "fire triggers")
        engine = self.engine(case.workflow)
        outcome = engine.fire(snapshot, trigger, actor, now, note)
        self.documents.check_documents_ready(outcome.documents)
        written: list[Path] = []
        with files_kept_on_commit(written), self.db.write() as conn:
            seq = self.write(conn, case, outcome, actor, now, written)
            scheduled = meeting_store.scheduled_of(conn, case.id) if outcome.final else ()
        dest, source = (engine.definition.state(outcome.dest),
                        engine.definition.state(outcome.source))
        return TransitionView(number=number, trigger=trigger, source=outcome.source,
                              dest=outcome.dest, dest_ko=dest.title.ko, dest_en=dest.title.en,
                              source_title=source.title,
                              closed=outcome.final, seq=seq, at=now,
                              scheduled_meetings=scheduled)

    def fire_as_system(self, number: str, trigger: str, note: str) -> Outcome:
        """A move the product makes itself (closing a dormant case), in a write of its own."""
        now = self.now()
        written: list[Path] = []
        with files_kept_on_commit(written), self.db.write() as conn:
            return self.fire_within(conn, number, trigger, note, now, written)

    def fire_within(self, conn: Connection, number: str, trigger: str, note: str,
                    now: datetime, written: list[Path] | None = None) -> Outcome:
        """A system move inside the caller's write (the absence rule's deemed withdrawal)."""
        case = self.load_case(conn, number)
        outcome = self.engine(case.workflow).fire(self.snapshot(conn, case), trigger,
                                                  SYSTEM_ACTOR, now, note)
        self.documents.check_documents_ready(outcome.documents)
        self.write(conn, case, outcome, SYSTEM_ACTOR, now, written)
        return outcome

    def write(self, conn: Connection, case: CaseRow, outcome: Outcome, actor: Actor,
              now: datetime, written: list[Path] | None = None) -> int:
        """Write a decided move in the caller's transaction: the event (version check, hash
        chain), the deadlines it closes and opens with their reminders, and the documents it
        produces (their files added to ``written``). Returns the event's sequence number."""
        seq = self.append(conn, case, actor.recorded, "transition", now,
                          note=outcome.note,
                          move=(outcome.trigger, outcome.source, outcome.dest, outcome.final))
        if outcome.deadlines:
            self.deadlines.apply_deadlines(conn, case, outcome, now)
        if outcome.documents:
            self.documents.issue_for_transition(conn, case.number, outcome, actor, now,
                                                written=written)
        return seq
