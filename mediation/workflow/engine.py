"""Decides what a trigger does to a case; acts on nothing.

One shared ``transitions.Machine`` per workflow drives plain tokens (never a table row).
``fire`` checks the trigger, the actor's role, the note and the guards, lets the machine
move the token, and returns an immutable ``Outcome`` that the service writes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from transitions import Machine, MachineError

from mediation.core.errors import GuardFailed, NoteRequired, PermissionDenied, TriggerNotAvailable
from mediation.core.formats import object_, topic
from mediation.workflow.definitions import SYSTEM, TransitionDef, WorkflowDef
from mediation.workflow.guards import REGISTRY as GUARDS
from mediation.workflow.records import CaseSnapshot
from mediation.workflow.timeline import NO_CHANGES, DeadlineChanges, on_transition


@dataclass(frozen=True, slots=True, kw_only=True)
class Actor:
    """Who acts: a user and the role the engine checks. ``by`` is the admin acting for them
    (``--as`` in an office database); the record then says "admin for kim"."""

    username: str
    role: str
    by: str | None = None

    @property
    def recorded(self) -> str:
        """The name the audit trail records for this actor."""
        return f"{self.by} for {self.username}" if self.by else self.username


@dataclass(frozen=True, slots=True, kw_only=True)
class Outcome:
    trigger: str
    source: str
    dest: str
    actor: str
    note: str | None
    at: datetime
    final: bool
    deadlines: DeadlineChanges = NO_CHANGES  # what the service opens and closes with the move
    documents: tuple[str, ...] = ()  # document kinds the service generates with the move


@dataclass(frozen=True, slots=True, kw_only=True)
class TriggerStatus:
    """A trigger available from the current state and whether its guards hold now."""

    transition: TransitionDef
    failing: tuple[str, ...]

    @property
    def ready(self) -> bool:
        return not self.failing


class _Token:
    __slots__ = ("state",)

    def __init__(self, state: str) -> None:
        self.state = state


def _condition(name: str) -> Any:
    check = GUARDS[name].check

    def holds(snapshot: CaseSnapshot) -> bool:
        return check(snapshot)

    return holds


class Engine:
    """The state machine of one workflow definition."""

    def __init__(self, definition: WorkflowDef) -> None:
        self.definition = definition
        self._changes: dict[tuple[str, str], DeadlineChanges] = {}
        self._machine = Machine(
            model=None,
            states=[s.name for s in definition.states],
            initial=definition.initial.name,
            auto_transitions=False,
            transitions=[
                {"trigger": t.trigger, "source": list(t.sources), "dest": t.dest,
                 "conditions": [_condition(g) for g in t.guards]}
                for t in definition.transitions
            ],
        )

    def failing_guards(self, transition: TransitionDef, case: CaseSnapshot) -> tuple[str, ...]:
        case = self._seen(case)
        return tuple(g for g in transition.guards if not GUARDS[g].check(case))

    def _seen(self, case: CaseSnapshot) -> CaseSnapshot:
        """``case`` as this workflow's guards read it: whose consent it asks."""
        roles = self.definition.consent_roles
        return case if roles is None or case.consent_roles == roles else \
            replace(case, consent_roles=roles)

    def _for_people(self, state: str) -> tuple[TransitionDef, ...]:
        """Transitions of ``state`` that people may fire (not those only the system fires)."""
        return tuple(t for t in self.definition.transitions_from(state) if t.roles != (SYSTEM,))

    def available(self, case: CaseSnapshot) -> tuple[TriggerStatus, ...]:
        return tuple(TriggerStatus(transition=t, failing=self.failing_guards(t, case))
                     for t in self._for_people(case.state))

    def _refuse_unknown(self, case: CaseSnapshot, trigger: str) -> TriggerNotAvailable:
        here = self.definition.state(case.state).title
        people = self._for_people(case.state)
        return TriggerNotAvailable(
            trigger=trigger, state=case.state, state_ko=here.ko, state_en=here.en,
            available=", ".join(t.trigger for t in people) or "-",
            available_ko=", ".join(f"{t.title.ko}({t.trigger})" for t in people) or "-",
            available_en=", ".join(f"{t.title.en} ({t.trigger})" for t in people) or "-")

    def fire(self, case: CaseSnapshot, trigger: str, actor: Actor, now: datetime,
             note: str | None = None) -> Outcome:
        """Check and perform ``trigger``; raise a ``Refused`` subclass when it may not."""
        transition = self.definition.transition(case.state, trigger)
        if transition is None:
            raise self._refuse_unknown(case, trigger)
        title = transition.title
        if actor.role not in transition.roles:
            raise PermissionDenied(user=actor.username, role=actor.role,
                                   action_ko=f"{object_(f'{title.ko}({trigger})')} 실행할",
                                   action_en=f"fire {title.en} ({trigger}) (allowed: "
                                             f"{', '.join(transition.roles)})")
        if transition.note_required and not (note and note.strip()):
            raise NoteRequired(trigger=trigger, title_ko=title.ko, title_en=title.en)
        case = self._seen(case)
        token = _Token(case.state)
        try:
            moved = self._machine.events[trigger].trigger(token, case)
        except MachineError as exc:
            raise self._refuse_unknown(case, trigger) from exc
        if not moved:
            failing = self.failing_guards(transition, case)
            raise GuardFailed(
                trigger=trigger, guards=failing, named_ko=topic(f"{title.ko}({trigger})"),
                title_ko=title.ko, title_en=title.en,
                reasons_ko="; ".join(GUARDS[g].requirement.ko for g in failing),
                reasons_en="; ".join(GUARDS[g].requirement.en for g in failing))
        return Outcome(trigger=trigger, source=case.state, dest=token.state,
                       actor=actor.username, note=note, at=now,
                       final=self.definition.is_final(token.state),
                       deadlines=self.deadline_changes(case.state, trigger, token.state),
                       documents=transition.documents)

    def deadline_changes(self, source: str, trigger: str, dest: str) -> DeadlineChanges:
        """Deadlines opened and closed by a move, worked out once per (source, trigger)."""
        key = (source, trigger)
        found = self._changes.get(key)
        if found is None:
            found = self._changes[key] = on_transition(self.definition, source, dest, trigger)
        return found
