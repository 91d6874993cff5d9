"""Frozen records that describe a workflow: its states, transitions and titles.

They are built by ``loader`` from YAML and carry no code: guards are named and resolved
against ``guards.REGISTRY`` when the file loads.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from mediation.core.titles import Title

ROLES = ("mediator", "supervisor", "admin")
SYSTEM = "system"  # the role of the product itself: fires only the triggers that name it
PERIOD_UNITS = ("working_hours", "days", "calendar_days", "months")
DEADLINE_KINDS = ("state", "repeat", "dormancy", "commitment")
ABSENCE_ACTIONS = ("notify", "withdraw")  # what the meetings.absences rule of a workflow does


@dataclass(frozen=True, slots=True, kw_only=True)
class StateDef:
    name: str
    title: Title
    initial: bool = False
    final: bool = False
    description: str = ""
    outcome: str | None = None  # a final state's outcome (core.vocabulary.FINAL_OUTCOMES)


@dataclass(frozen=True, slots=True, kw_only=True)
class TransitionDef:
    trigger: str
    sources: tuple[str, ...]
    dest: str
    title: Title
    roles: tuple[str, ...] = ROLES
    guards: tuple[str, ...] = ()
    note_required: bool = False
    documents: tuple[str, ...] = ()  # document kinds (dockinds.KINDS) the move produces


@dataclass(frozen=True, slots=True, kw_only=True)
class PeriodDef:
    """A length of time in one of ``PERIOD_UNITS`` (counted by ``deadlines.due_after``)."""

    amount: int
    unit: str

    def __str__(self) -> str:
        return f"{self.amount} {self.unit}"


@dataclass(frozen=True, slots=True, kw_only=True)
class DeadlineRuleDef:
    """A deadline the workflow imposes, with the article it comes from.

    ``state`` rules run while the case is in one of ``states``; ``repeat`` rules run while the
    case is open, one occurrence after another; the ``dormancy`` rule notices a case with no
    recorded step for ``period`` and, ``close_after`` later, fires ``trigger`` as the system.
    A ``commitment`` rule has no period of its own: while the case is in one of ``states`` it
    runs one deadline per open agreement item, due on the item's due date, with its reminders
    copied to the owner party's contact when ``remind_owner`` is set.
    """

    name: str
    title: Title
    basis: str
    kind: str
    basis_en: str | None = None  # the basis in English, for English screens and e-mails
    period: PeriodDef | None = None  # None only for a ``commitment`` rule
    states: tuple[str, ...] = ()
    remind_before: tuple[PeriodDef, ...] = ()
    supervisor_after: PeriodDef | None = None
    admins_after: PeriodDef | None = None
    close_after: PeriodDef | None = None
    trigger: str | None = None
    remind_owner: bool = False
    # the parties wait on this deadline: extending it sends them the extension notice
    extension_notice: bool = False

    def basis_in(self, lang: str) -> str:
        return self.basis_en if lang == "en" and self.basis_en else self.basis

    @property
    def length(self) -> PeriodDef:
        """The rule's own period (every kind but ``commitment``)."""
        if self.period is None:
            raise ValueError(f"deadline rule '{self.name}' ({self.kind}) has no period of its own")
        return self.period


@dataclass(frozen=True, slots=True, kw_only=True)
class AbsenceRuleDef:
    """What ``limit`` unexcused absences of an applicant lead to: ``notify`` (an e-mail to
    the mediator and the supervisor) or ``withdraw`` (the system fires ``trigger``)."""

    limit: int
    action: str
    basis: str
    trigger: str | None = None
    basis_en: str | None = None

    def basis_in(self, lang: str) -> str:
        return self.basis_en if lang == "en" and self.basis_en else self.basis


@dataclass(frozen=True, slots=True, kw_only=True)
class MeetingRulesDef:
    """The ``meetings:`` section of a workflow file."""

    absences: AbsenceRuleDef | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class WorkflowDef:
    name: str
    version: int
    title: Title
    states: tuple[StateDef, ...]
    transitions: tuple[TransitionDef, ...]
    description: str = ""
    source: str = ""
    deadlines: tuple[DeadlineRuleDef, ...] = ()
    meetings: MeetingRulesDef = field(default_factory=MeetingRulesDef)
    # the workflow's own sentences in its letters (WORDING: what each key says, its default)
    wording: Mapping[str, Title] = field(default_factory=dict)
    # the states in which each kind of document may be issued (`documents:`); None: any
    documents: Mapping[str, tuple[str, ...]] | None = None
    # the kinds of document that are drafts until the case's supervisor approves them
    # (`approval:`, 결재); the others are issued when written
    approval: tuple[str, ...] = ()
    # the party roles whose consent mediation needs (`consent_roles:`); None: every party's
    consent_roles: tuple[str, ...] | None = None
    # how many years a closed case's personal data is kept (`retention_years:`, the office's
    # records schedule); None: MEDIATION_RETENTION_YEARS
    retention_years: int | None = None
    _by_state: dict[str, StateDef] = field(default_factory=dict, compare=False, repr=False)
    # each state's transitions, in file order (looked up on every move)
    _from: dict[str, tuple[TransitionDef, ...]] = field(
        default_factory=dict, init=False, compare=False, repr=False)
    _by_move: dict[tuple[str, str], TransitionDef] = field(
        default_factory=dict, init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_state.update({s.name: s for s in self.states})
        for s in self.states:
            self._from[s.name] = found = tuple(t for t in self.transitions if s.name in t.sources)
            for t in found:
                self._by_move.setdefault((s.name, t.trigger), t)

    @property
    def initial(self) -> StateDef:
        return next(s for s in self.states if s.initial)

    def state(self, name: str) -> StateDef:
        return self._by_state[name]

    def has_state(self, name: str) -> bool:
        return name in self._by_state

    def needs_approval(self, kind: str) -> bool:
        return kind in self.approval

    def may_issue(self, kind: str, state: str) -> bool:
        """Whether a document of ``kind`` may be issued while a case is in ``state``."""
        return self.documents is None or state in self.documents.get(kind, ())

    def is_final(self, name: str) -> bool:
        return self._by_state[name].final

    def transitions_from(self, state: str) -> tuple[TransitionDef, ...]:
        found = self._from.get(state)
        return found if found is not None else tuple(
            t for t in self.transitions if state in t.sources)

    def transition(self, state: str, trigger: str) -> TransitionDef | None:
        return self._by_move.get((state, trigger))

    def deadline(self, name: str) -> DeadlineRuleDef | None:
        return next((d for d in self.deadlines if d.name == name), None)

    def basis_text(self, rule: str, recorded: str, lang: str) -> str:
        """A recorded deadline's basis for a reader in ``lang``: the rule's English text while
        the record holds the rule's own Korean one; the record as it is otherwise (a rule
        reworded since the deadline was set, or no English text)."""
        found = self.deadline(rule)
        if lang != "en" or found is None or found.basis != recorded:
            return recorded
        return found.basis_in(lang)

    @property
    def triggers(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(t.trigger for t in self.transitions))


def commitment_states(wf: WorkflowDef) -> frozenset[str]:
    """States reached by a transition that needs every signature: commitments live there."""
    return frozenset(t.dest for t in wf.transitions if "all_parties_signed" in t.guards)


# Sentences of the letters that depend on the workflow: its legal frame and its process. A
# workflow file may word each under `wording:`; these defaults cite no law.
WORDING: dict[str, Title] = {
    "receipt_next": Title(
        ko="처리 상황은 접수일부터 30일마다 알려 드리겠습니다.",
        en="We will tell you how it is progressing every 30 days from the date of receipt."),
    "meeting_openness": Title(
        ko="비공개(모든 당사자가 동의한 경우에만 공개)",
        en="no — closed unless every party agrees"),
}
