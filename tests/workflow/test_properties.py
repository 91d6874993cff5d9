"""Whatever people do to a case, in whatever order, the case stays one the workflow file allows.

Hypothesis drives a fresh case of each workflow through random steps: triggers (every trigger
name the workflow file knows, plus names it does not), fired by every kind of user, with and
without notes, mixed with the set-up work that guards look at (parties, consent, grade, chair).
The expected result of every step is worked out here from the YAML file itself, not from the
package's loader or engine, and after every step:

- the case is in a state the file defines, and ``closed`` says whether that state is final;
- a step that succeeds did exactly what the file allows from the previous state, for the
  actor's role, with its guards holding, and appended its one event (a transition that names
  documents is followed by their ``document`` events, and nothing else);
- a step that is refused raised the expected ``MediationError`` and changed nothing;
- replaying the transition events from the initial state gives the current state, and the
  audit chain verifies.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from conftest import ADMIN, START, WORKFLOWS
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from mediation.app import App
from mediation.cases.commands import CaseFields
from mediation.core.clock import FrozenClock
from mediation.core.errors import (
    BadInput,
    GuardFailed,
    MediationError,
    NoteRequired,
    NotFound,
    PermissionDenied,
    Refused,
    TriggerNotAvailable,
)
from mediation.parties.commands import PartyFields
from mediation.views.cases import EventView
from mediation.workflow.loader import load_directory

MEDIATOR, SUPERVISOR = "kim", "park"
ROLE_OF = {"admin": "admin", "kim": "mediator", "lee": "mediator",
           "park": "supervisor", "choi": "supervisor"}
UNKNOWN_TRIGGERS = ("teleport", "close", "DIAGNOSE")
NOTES = (None, "", "   ", "당사자 요청에 따른 처리")
ALL_ROLES = ("mediator", "supervisor", "admin")
MIN_STEPS, MAX_STEPS, STEPS_AFTER_CLOSE = 15, 40, 3

Errors = frozenset[type[MediationError]]


# The workflow file, read independently of the package -------------------------------------

@dataclass(frozen=True)
class Rule:
    dest: str
    roles: tuple[str, ...]
    guards: tuple[str, ...]
    note_required: bool
    documents: tuple[str, ...]


@dataclass(frozen=True)
class Spec:
    name: str
    initial: str
    states: frozenset[str]
    finals: frozenset[str]
    rules: dict[tuple[str, str], Rule]  # (state, trigger) → rule
    triggers: tuple[str, ...]

    def focused(self, state: str) -> list[str]:
        """Triggers of ``state`` that are not open from every state (withdraw, refer)."""
        open_states = len(self.states - self.finals)
        everywhere = {t for t in self.triggers
                      if sum((s, t) in self.rules for s in self.states) == open_states}
        return [t for (s, t) in self.rules if s == state and t not in everywhere]


def read_spec(path: Path) -> Spec:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    states = raw["states"]
    finals = frozenset(n for n, s in states.items() if s.get("final"))
    rules: dict[tuple[str, str], Rule] = {}
    for t in raw["transitions"]:
        sources = ([n for n in states if n not in finals] if t["from"] == "*"
                   else [t["from"]] if isinstance(t["from"], str) else t["from"])
        rule = Rule(dest=t["to"], roles=tuple(t.get("roles", ALL_ROLES)),
                    guards=tuple(t.get("guards", ())),
                    note_required=bool(t.get("note_required", False)),
                    documents=tuple(t.get("documents", ())))
        for src in sources:
            rules[(src, t["trigger"])] = rule
    return Spec(name=raw["name"], initial=next(n for n, s in states.items() if s.get("initial")),
                states=frozenset(states), finals=finals, rules=rules,
                triggers=tuple(dict.fromkeys(t["trigger"] for t in raw["transitions"])))


SPECS = {p.stem: read_spec(p) for p in sorted(WORKFLOWS.glob("*.yaml"))}


# What the case looks like from outside ---------------------------------------------------

@dataclass(frozen=True)
class Seen:
    state: str
    closed: bool
    version: int
    grade: str | None
    chair: str | None
    parties: tuple[tuple[int, str | None], ...]  # (id, consent)
    events: tuple[EventView, ...]


def observe(app: App, number: str) -> Seen:
    detail = app.reading.show_case(ADMIN, number, recent=10**6)
    c = detail.case
    return Seen(state=c.state, closed=c.closed, version=c.version, grade=c.grade, chair=c.chair,
                parties=tuple((p.id, p.consent) for p in detail.parties), events=detail.events)


# What each guard means, stated here from the domain rules (no agreement items, signatures or
# commitments can be recorded yet, so those guards have a fixed answer).
GUARD_MEANING: dict[str, Callable[[Seen], bool]] = {
    "grade_recorded": lambda s: s.grade is not None,
    "two_parties": lambda s: len(s.parties) >= 2,
    "at_least_one_party": lambda s: len(s.parties) >= 1,
    "all_parties_consented": lambda s: bool(s.parties) and all(c == "given" for _, c in s.parties),
    "chair_named": lambda s: bool(s.chair),
    "agreement_has_items": lambda s: False,
    "all_parties_signed": lambda s: False,
    "commitments_settled": lambda s: True,
}


def may_touch_case(user: str) -> bool:
    return ROLE_OF[user] == "admin" or user in (MEDIATOR, SUPERVISOR)


def base_refusals(user: str, seen: Seen) -> set[type[MediationError]]:
    reasons: set[type[MediationError]] = set()
    if not may_touch_case(user):
        reasons.add(PermissionDenied)
    if seen.closed:
        reasons.add(Refused)
    return reasons


# Steps: each says what it does, which refusals it expects, and what success must change ----

@dataclass(frozen=True)
class Fire:
    user: str
    trigger: str
    note: str | None

    def run(self, app: App, number: str) -> None:
        app.moves.advance(app.users.actor(self.user), number, self.trigger, self.note)

    def refusals(self, spec: Spec, seen: Seen) -> Errors:
        reasons: set[type[MediationError]] = set()
        if not may_touch_case(self.user):
            reasons.add(PermissionDenied)
        rule = spec.rules.get((seen.state, self.trigger))
        if rule is None:
            return frozenset(reasons | {TriggerNotAvailable})
        if ROLE_OF[self.user] not in rule.roles:
            reasons.add(PermissionDenied)
        if rule.note_required and not (self.note and self.note.strip()):
            reasons.add(NoteRequired)
        if not all(GUARD_MEANING[g](seen) for g in rule.guards):
            reasons.add(GuardFailed)
        return frozenset(reasons)

    def check(self, spec: Spec, before: Seen, after: Seen) -> None:
        rule = spec.rules[(before.state, self.trigger)]
        first, *issued = after.events[len(before.events):]
        assert (first.kind, first.from_state, first.to_state, first.trigger, first.actor,
                first.note) == ("transition", before.state, rule.dest, self.trigger, self.user,
                                self.note)
        # only a transition that names documents records them, right after itself
        assert all(e.kind == "document" for e in issued) and (not issued or rule.documents)
        assert after.state == rule.dest
        assert (after.grade, after.chair, after.parties) == (
            before.grade, before.chair, before.parties)


@dataclass(frozen=True)
class AddParty:
    user: str

    def run(self, app: App, number: str) -> None:
        app.parties.add_party(app.users.actor(self.user), number,
                              PartyFields(name="가상 신청인", role="applicant"))

    def refusals(self, spec: Spec, seen: Seen) -> Errors:
        return frozenset(base_refusals(self.user, seen))

    def check(self, spec: Spec, before: Seen, after: Seen) -> None:
        assert [e.kind for e in after.events[len(before.events):]] == ["party_added"]
        assert after.parties[:-1] == before.parties and after.parties[-1][1] is None
        assert (after.state, after.grade, after.chair) == (before.state, before.grade, before.chair)


@dataclass(frozen=True)
class Consent:
    user: str
    party_id: int
    declined: bool

    def run(self, app: App, number: str) -> None:
        app.parties.consent(app.users.actor(self.user), number, self.party_id,
                            declined=self.declined)

    def refusals(self, spec: Spec, seen: Seen) -> Errors:
        if self.party_id not in dict(seen.parties):
            return frozenset({NotFound})
        return frozenset(base_refusals(self.user, seen))

    def check(self, spec: Spec, before: Seen, after: Seen) -> None:
        assert [e.kind for e in after.events[len(before.events):]] == ["consent"]
        expected = "declined" if self.declined else "given"
        assert after.parties == tuple((pid, expected if pid == self.party_id else consent)
                                      for pid, consent in before.parties)
        assert (after.state, after.grade, after.chair) == (before.state, before.grade, before.chair)


@dataclass(frozen=True)
class Update:
    user: str
    grade: str | None = None
    chair: str | None = None

    def run(self, app: App, number: str) -> None:
        app.cases.update_case(app.users.actor(self.user), number,
                                CaseFields(grade=self.grade, chair=self.chair))

    def refusals(self, spec: Spec, seen: Seen) -> Errors:
        reasons = base_refusals(self.user, seen)
        if (self.grade or seen.grade, self.chair or seen.chair) == (seen.grade, seen.chair):
            reasons.add(BadInput)  # the values given are already recorded
        return frozenset(reasons)

    def check(self, spec: Spec, before: Seen, after: Seen) -> None:
        assert [e.kind for e in after.events[len(before.events):]] == ["updated"]
        assert (after.grade, after.chair) == (self.grade or before.grade,
                                              self.chair or before.chair)
        assert (after.state, after.parties) == (before.state, before.parties)


Step = Fire | AddParty | Consent | Update

# The case's own people come up more often than outsiders, so that cases get somewhere.
users = st.sampled_from(("admin", "kim", "kim", "park", "park", "lee", "choi"))
KINDS = (*["fire_focused"] * 4, *["prepare"] * 4, "fire_any", "fire_any", "party", "consent",
         "grade", "chair")
CHAIRS = ("홍길동 교수", "이중립 변호사")


def preparation(spec: Spec, seen: Seen, user: str) -> Step | None:
    """The set-up step that the first failing guard of a trigger of this state asks for."""
    failing = [g for t in spec.focused(seen.state) for g in spec.rules[(seen.state, t)].guards
               if not GUARD_MEANING[g](seen)]
    for guard in failing:
        if guard in ("two_parties", "at_least_one_party"):
            return AddParty(user=user)
        if guard == "grade_recorded":
            return Update(user=user, grade="B")
        if guard == "chair_named":
            return Update(user=user, chair=CHAIRS[0])
        pending = [pid for pid, consent in seen.parties if consent != "given"]
        if guard == "all_parties_consented":
            return Consent(user=user, party_id=pending[0], declined=False) if pending \
                else AddParty(user=user)
    return None


def draw_step(data: st.DataObject, spec: Spec, seen: Seen) -> Step:
    kind = data.draw(st.sampled_from(KINDS), label="kind")
    user = data.draw(users, label="user")
    prepared = preparation(spec, seen, user) if kind == "prepare" else None
    if prepared is not None:
        return prepared
    if kind.startswith("fire") or kind == "prepare":
        pool = spec.focused(seen.state) if kind == "fire_focused" else []
        names = pool or [*spec.triggers, *UNKNOWN_TRIGGERS]
        return Fire(user=user, trigger=data.draw(st.sampled_from(names), label="trigger"),
                    note=data.draw(st.sampled_from(NOTES), label="note"))
    if kind == "party":
        return AddParty(user=user)
    if kind == "consent":
        ids = [pid for pid, _ in seen.parties] or [10**6]
        return Consent(user=user, party_id=data.draw(st.sampled_from([*ids, 10**6])),
                       declined=data.draw(st.sampled_from([False, False, True])))
    if kind == "grade":
        return Update(user=user, grade=data.draw(st.sampled_from("ABC")))
    return Update(user=user, chair=data.draw(st.sampled_from(CHAIRS)))


# Invariants ------------------------------------------------------------------------------

def assert_consistent(app: App, spec: Spec, number: str, seen: Seen) -> None:
    assert seen.state in spec.states
    assert seen.closed == (seen.state in spec.finals)
    assert [e.seq for e in seen.events] == list(range(1, len(seen.events) + 1))
    assert seen.version == len(seen.events)
    state = spec.initial
    for e in seen.events:
        if e.kind == "transition":
            assert e.from_state == state, f"event {e.seq} starts from {e.from_state}, not {state}"
            assert e.trigger is not None and spec.rules[(state, e.trigger)].dest == e.to_state
            assert e.to_state is not None
            state = e.to_state
    assert state == seen.state
    audits = app.reading.verify(ADMIN, number)
    assert [(a.number, a.ok, a.events) for a in audits] == [(number, True, len(seen.events))]


def run_step(app: App, spec: Spec, number: str, step: Step, before: Seen) -> Seen:
    expected = step.refusals(spec, before)
    raised: MediationError | None = None
    try:
        step.run(app, number)
    except MediationError as exc:
        raised = exc
    after = observe(app, number)
    if raised is None:
        assert not expected, f"{step} succeeded from {before.state}; expected {expected}"
        assert after.events[:len(before.events)] == before.events
        assert len(after.events) > len(before.events)
        assert all(e.at == app.clock.now() for e in after.events[len(before.events):])
        step.check(spec, before, after)
    else:
        assert type(raised) in expected, f"{step} from {before.state} raised {raised!r}"
        assert after == before, f"refused {step} changed the case"
    return after


def open_case(app: App, workflow: str) -> str:
    admin = app.users.actor("admin")
    view = app.cases.open_case(admin, workflow=workflow, mediator=MEDIATOR,
                                 supervisor=SUPERVISOR, fields=CaseFields(title="가상 갈등 사례"))
    return view.number


@pytest.mark.parametrize("workflow", sorted(SPECS))
@settings(max_examples=25, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_random_use_never_leaves_the_workflow_and_the_log_replays_to_the_state(
        app: App, clock: FrozenClock, workflow: str, data: st.DataObject) -> None:
    # Given a fresh case of the workflow, mediator kim, supervisor park, opened at START
    spec = SPECS[workflow]
    clock.set(START)
    number = open_case(app, workflow)
    seen = observe(app, number)
    assert seen.state == spec.initial
    visited = {seen.state}
    # When random users take random steps, a few minutes apart (a closed case gets a few
    # more, which must all be refused)
    after_close = 0
    for _ in range(data.draw(st.integers(MIN_STEPS, MAX_STEPS), label="steps")):
        after_close += seen.closed
        if after_close > STEPS_AFTER_CLOSE:
            break
        clock.advance(timedelta(minutes=data.draw(st.integers(1, 180), label="minutes")))
        step = draw_step(data, spec, seen)
        # Then each step did what the file allows (or nothing), and the case stays consistent
        seen = run_step(app, spec, number, step, seen)
        assert_consistent(app, spec, number, seen)
        visited.add(seen.state)
    for state in visited:
        event(f"visited {state}")


def test_the_workflow_files_read_here_match_what_the_package_loads() -> None:
    # Given the workflow files read independently by this module
    # When the package loads the same files
    loaded = load_directory(WORKFLOWS)
    # Then both readings agree on states, finals and every (state, trigger) rule
    assert set(loaded) == set(SPECS)
    for name, spec in SPECS.items():
        wf = loaded[name]
        assert {s.name for s in wf.states} == spec.states
        assert {s.name for s in wf.states if s.final} == spec.finals
        assert wf.initial.name == spec.initial
        pairs = {(s, t.trigger): Rule(dest=t.dest, roles=t.roles, guards=t.guards,
                                      note_required=t.note_required, documents=t.documents)
                 for t in wf.transitions for s in t.sources}
        assert pairs == spec.rules
        assert set(GUARD_MEANING) >= {g for r in spec.rules.values() for g in r.guards}
