"""The workflow engine and its guards, without a database: the shipped public-conflict
workflow (workflows/public_conflict.yaml) decides what a trigger does to a case snapshot —
where it goes, which deadlines the move closes and opens, which documents it produces — and
refuses a trigger from the wrong state, by the wrong role, without its note or with a guard
that does not hold."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from conftest import WORKFLOWS

from mediation.core.clock import SEOUL
from mediation.core.errors import (
    GuardFailed,
    NoteRequired,
    PermissionDenied,
    Refused,
    TriggerNotAvailable,
)
from mediation.workflow.definitions import WorkflowDef
from mediation.workflow.engine import Actor, Engine
from mediation.workflow.guards import REGISTRY as GUARDS
from mediation.workflow.loader import load_directory, load_file
from mediation.workflow.records import CaseSnapshot, PartySnapshot

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=SEOUL)
KIM = Actor(username="kim", role="mediator")
PARK = Actor(username="park", role="supervisor")
ADMIN = Actor(username="admin", role="admin")
SYSTEM = Actor(username="system", role="system")


@pytest.fixture(scope="module")
def workflow() -> WorkflowDef:
    return load_file(WORKFLOWS / "public_conflict.yaml")


@pytest.fixture(scope="module")
def engine(workflow: WorkflowDef) -> Engine:
    return Engine(workflow)


def party(n: int, consent: str | None = "given") -> PartySnapshot:
    return PartySnapshot(id=n, name=f"가상 주민대표 {n}", role="resident_group",
                         representative=False, consent=consent)


def case(state: str, **fields: Any) -> CaseSnapshot:
    """A public-conflict case snapshot in ``state`` for mediator kim and supervisor park."""
    return CaseSnapshot(number="2026-0001", workflow="public_conflict", state=state,
                        mediator="kim", supervisor="park", **fields)


# what a move does --------------------------------------------------------------------------

def test_firing_a_trigger_returns_where_the_case_goes_who_moved_it_and_why(engine: Engine) -> None:
    # Given a case at intake
    intake = case("intake")
    # When mediator kim starts the diagnosis with a note
    outcome = engine.fire(intake, "diagnose", KIM, NOW, note="주민 민원 5건 접수")
    # Then the outcome names the move, kim, the note and the moment, and the case stays open
    assert (outcome.trigger, outcome.source, outcome.dest) == ("diagnose", "intake", "diagnosis")
    assert (outcome.actor, outcome.note, outcome.at) == ("kim", "주민 민원 5건 접수", NOW)
    assert outcome.final is False
    # And the snapshot itself is left as it was
    assert intake.state == "intake"


def test_leaving_intake_meets_the_acknowledgement_deadline_and_produces_no_document(
        engine: Engine) -> None:
    # Given a case at intake, where the acknowledgement deadline runs
    # When it is diagnosed
    outcome = engine.fire(case("intake"), "diagnose", KIM, NOW)
    # Then the move closes the acknowledgement as met and opens nothing (diagnosis has no rule)
    assert outcome.deadlines.closes == (("acknowledge", "met"),)
    assert outcome.deadlines.opens == ()
    assert outcome.documents == ()


def test_convening_a_council_opens_its_two_deadlines_and_produces_the_invitations(
        engine: Engine) -> None:
    # Given a case with a response strategy and two parties
    strategy = case("strategy", grade="B", parties=(party(1, None), party(2, None)))
    # When supervisor park convenes a council
    outcome = engine.fire(strategy, "convene", PARK, NOW)
    # Then the case is convening, with the chair and invitation-reply deadlines opened
    assert (outcome.source, outcome.dest, outcome.actor, outcome.final) == (
        "strategy", "convening", "park", False)
    assert outcome.deadlines.opens == ("chair_named", "invitation_reply")
    assert outcome.deadlines.closes == ()
    # And the move produces the invitations the YAML declares (`documents: [invitation]`)
    assert outcome.documents == ("invitation",)


def test_signing_the_agreement_meets_the_mediation_period_opens_implementation_and_produces_it(
        engine: Engine) -> None:
    # Given a draft agreement with two items signed by both parties
    drafting = case("drafting", grade="B", chair="가상 의장", parties=(party(1), party(2)),
                    agreement_items=2, unsigned_parties=0)
    # When kim records the signing
    outcome = engine.fire(drafting, "sign", KIM, NOW)
    # Then the case goes to implementation monitoring: the mediation period is met, the
    # implementation report and the commitments start
    assert (outcome.source, outcome.dest, outcome.final) == ("drafting", "implementation", False)
    assert outcome.deadlines.closes == (("mediation_duration", "met"),)
    assert outcome.deadlines.opens == ("implementation_report", "commitment")
    # And the signed agreement is the document it produces
    assert outcome.documents == ("agreement",)


def test_withdrawing_ends_the_case_and_cancels_every_deadline_still_running(engine: Engine) -> None:
    # Given a case in mediation
    mediation = case("mediation", grade="B", chair="가상 의장", parties=(party(1), party(2)))
    # When kim records the applicant's withdrawal, with its note
    outcome = engine.fire(mediation, "withdraw", KIM, NOW, note="신청인 철회서 제출")
    # Then the case is closed as withdrawn, a final state
    assert (outcome.source, outcome.dest, outcome.note) == (
        "mediation", "closed_withdrawn", "신청인 철회서 제출")
    assert outcome.final is True
    # And the mediation period, the progress notices and the dormancy watch are cancelled
    assert outcome.deadlines.closes == (("progress_notice", "cancelled"),
                                        ("mediation_duration", "cancelled"),
                                        ("dormancy", "cancelled"))
    assert outcome.deadlines.opens == () and outcome.documents == ()


def test_the_system_closing_a_dormant_case_meets_the_dormancy_rule(engine: Engine) -> None:
    # Given a case left in its strategy for months
    strategy = case("strategy", grade="C")
    # When the system fires the dormancy rule's trigger
    outcome = engine.fire(strategy, "close_inactive", SYSTEM, NOW)
    # Then the case is closed as inactive, the dormancy rule met and the progress notices cancelled
    assert (outcome.dest, outcome.actor, outcome.final) == ("closed_inactive", "system", True)
    assert outcome.deadlines.closes == (("progress_notice", "cancelled"), ("dormancy", "met"))


def test_the_triggers_offered_are_those_people_may_fire_each_with_its_failing_guards(
        engine: Engine) -> None:
    # Given a diagnosed case with no grade yet
    diagnosis = case("diagnosis")
    # When the engine lists what may be fired from there
    offered = {s.transition.trigger: s.failing for s in engine.available(diagnosis)}
    # Then people are offered every trigger of the state but the system's, and the ones that
    # need a grade say so
    assert offered == {"monitor": ("grade_recorded",), "plan": ("grade_recorded",),
                       "withdraw": (), "refer": ()}


# refusals ----------------------------------------------------------------------------------

def test_a_trigger_from_the_wrong_state_is_refused_naming_the_triggers_that_are_available(
        engine: Engine) -> None:
    # Given a case at intake
    # When kim tries to sign an agreement there
    with pytest.raises(TriggerNotAvailable) as refused:
        engine.fire(case("intake"), "sign", KIM, NOW)
    # Then the refusal names the trigger, the state and what people may fire instead
    assert refused.value.fields["trigger"] == "sign"
    assert isinstance(refused.value, Refused) and refused.value.exit_code == 4
    assert refused.value.messages["en"] == (
        "'sign' is not available at 'Intake'. Available triggers: Start diagnosis (diagnose), "
        "Withdraw (withdraw), Refer elsewhere (refer)")
    assert refused.value.messages["ko"] == (
        "'sign'은(는) 현재 단계 '접수'에서 사용할 수 없습니다. 가능한 트리거: 갈등진단 착수(diagnose), "
        "철회(withdraw), 이송(refer)")


def test_a_trigger_the_workflow_does_not_know_is_refused_the_same_way(engine: Engine) -> None:
    # When kim fires a trigger no transition names
    with pytest.raises(TriggerNotAvailable) as refused:
        engine.fire(case("diagnosis"), "approve", KIM, NOW)
    # Then it is refused as not available from the state
    assert (refused.value.fields["trigger"], refused.value.fields["state"]) == ("approve", "diagnosis")


def test_a_closed_case_offers_no_trigger_at_all(engine: Engine) -> None:
    # Given a case closed as resolved
    closed = case("closed_resolved")
    # Then nothing is offered, and even withdrawing ("from: *") is refused
    assert engine.available(closed) == ()
    with pytest.raises(TriggerNotAvailable) as refused:
        engine.fire(closed, "withdraw", KIM, NOW, note="철회")
    assert refused.value.fields["available"] == "-"


def test_a_failing_guard_refuses_the_move_and_says_what_must_hold(engine: Engine) -> None:
    # Given a diagnosed case without a grade
    # When kim tries to plan the response
    with pytest.raises(GuardFailed) as refused:
        engine.fire(case("diagnosis"), "plan", KIM, NOW)
    # Then the refusal names the guard and, in both languages, what it requires
    assert refused.value.fields["guards"] == ("grade_recorded",)
    assert refused.value.messages["en"] == (
        "Plan the response (plan) cannot be done yet: a diagnosis grade (A–C) must be recorded "
        "(case update --grade)")
    assert refused.value.messages["ko"].startswith("대응전략 수립(plan)은 아직 할 수 없습니다: ")
    assert "갈등진단 등급(A–C)이 기록되어야 합니다" in refused.value.messages["ko"]


def test_every_failing_guard_is_named_and_the_holding_ones_are_not(engine: Engine) -> None:
    # Given a council where one party declined and no chair is named
    convening = case("convening", grade="B", parties=(party(1), party(2, "declined")))
    # When kim tries to open mediation
    with pytest.raises(GuardFailed) as refused:
        engine.fire(convening, "open_mediation", KIM, NOW)
    # Then both unmet requirements are named, in the order the YAML lists them
    assert refused.value.fields["guards"] == ("all_parties_consented", "chair_named")
    assert refused.value.messages["en"] == (
        "Open mediation (open_mediation) cannot be done yet: every party whose role needs "
        "consent must consent to mediation (party consent); "
        "a neutral chair must be named (case update --chair)")
    # And once every party consents and a chair is named, the same trigger goes through
    ready = case("convening", grade="B", chair="가상 의장", parties=(party(1), party(2)))
    assert engine.fire(ready, "open_mediation", KIM, NOW).dest == "mediation"


def test_a_role_the_transition_does_not_list_is_refused(engine: Engine) -> None:
    # Given a graded diagnosis, which only a supervisor or an admin may hand to the department
    graded = case("diagnosis", grade="C")
    # When mediator kim tries to
    with pytest.raises(PermissionDenied) as refused:
        engine.fire(graded, "monitor", KIM, NOW)
    # Then kim is refused, the message naming kim, the role and the roles allowed
    assert refused.value.messages["en"] == (
        "User 'kim' (mediator) may not fire Hand to the department (monitoring) (monitor) "
        "(allowed: supervisor, admin).")
    assert refused.value.messages["ko"] == (
        "사용자 'kim'(갈등조정관)은(는) 부서 자체관리(모니터링)(monitor)를 실행할 권한이 없습니다.")
    # ... while supervisor park may
    assert engine.fire(graded, "monitor", PARK, NOW).dest == "monitoring"


def test_people_may_not_fire_the_trigger_only_the_system_fires(engine: Engine) -> None:
    # When an admin fires the dormancy trigger by hand
    with pytest.raises(PermissionDenied) as refused:
        engine.fire(case("strategy", grade="C"), "close_inactive", ADMIN, NOW)
    # Then it is refused: only the system fires it
    assert "(allowed: system)" in refused.value.messages["en"]


def test_a_trigger_that_needs_a_note_is_refused_without_one(engine: Engine) -> None:
    # Given a case in mediation
    mediation = case("mediation", grade="B", chair="가상 의장", parties=(party(1), party(2)))
    # When kim declares an impasse with no note, or a blank one
    for note in (None, "", "   "):
        with pytest.raises(NoteRequired) as refused:
            engine.fire(mediation, "declare_impasse", KIM, NOW, note=note)
        # Then it is refused, asking for the note
        assert refused.value.messages["en"] == ("Declare an impasse (declare_impasse) needs a note: "
                                                "give one with --note.")
        assert refused.value.messages["ko"] == ("조정 중단 선언(declare_impasse)에는 사유가 "
                                                "필요합니다. --note로 입력하세요.")


def test_the_role_is_checked_before_the_guards(engine: Engine) -> None:
    # Given a diagnosis without a grade (the guard of monitor fails too)
    # When mediator kim fires monitor
    # Then the refusal is about the role, not the grade
    with pytest.raises(PermissionDenied):
        engine.fire(case("diagnosis"), "monitor", KIM, NOW)


# the guards on their own -------------------------------------------------------------------

def test_every_guard_the_shipped_workflows_name_is_a_known_guard() -> None:
    # Given the shipped workflows
    named = {g for wf in load_directory(WORKFLOWS).values() for t in wf.transitions for g in t.guards}
    # Then each guard they name is registered, with a requirement in both languages
    assert named and named <= set(GUARDS)
    for name in named:
        assert GUARDS[name].name == name
        assert GUARDS[name].requirement.ko and GUARDS[name].requirement.en


def test_a_grade_is_recorded_once_the_case_has_one() -> None:
    assert GUARDS["grade_recorded"].check(case("diagnosis", grade="A")) is True
    assert GUARDS["grade_recorded"].check(case("diagnosis")) is False


@pytest.mark.parametrize(("parties", "one", "two"), [
    ((), False, False),
    ((party(1),), True, False),
    ((party(1), party(2)), True, True),
    ((party(1), party(2), party(3, None)), True, True),
])
def test_the_party_count_guards_count_registered_parties(
        parties: tuple[PartySnapshot, ...], one: bool, two: bool) -> None:
    # Given a case with some parties
    snapshot = case("strategy", parties=parties)
    # Then "at least one party" and "two parties" hold as the count says
    assert GUARDS["at_least_one_party"].check(snapshot) is one
    assert GUARDS["two_parties"].check(snapshot) is two


@pytest.mark.parametrize(("consents", "holds"), [
    ((), False),  # nobody to consent
    (("given",), True),
    (("given", "given"), True),
    (("given", None), False),  # one has not answered
    (("given", "declined"), False),
])
def test_every_party_consented_only_when_there_are_parties_and_each_gave_consent(
        consents: tuple[str | None, ...], holds: bool) -> None:
    # Given parties with these answers
    snapshot = case("convening", parties=tuple(party(i + 1, c) for i, c in enumerate(consents)))
    # Then the consent guard holds only if each of them gave consent
    assert GUARDS["all_parties_consented"].check(snapshot) is holds


def test_a_chair_is_named_only_by_a_non_empty_name() -> None:
    assert GUARDS["chair_named"].check(case("convening", chair="가상 의장")) is True
    assert GUARDS["chair_named"].check(case("convening", chair="")) is False
    assert GUARDS["chair_named"].check(case("convening")) is False


def test_the_agreement_guards_look_at_items_signatures_and_commitments() -> None:
    # Given a draft with items but one party yet to sign
    unsigned = case("drafting", parties=(party(1), party(2)), agreement_items=2, unsigned_parties=1)
    # Then it has items but is not signed by all
    assert GUARDS["agreement_has_items"].check(unsigned) is True
    assert GUARDS["all_parties_signed"].check(unsigned) is False
    # Given no party at all: nobody is left to sign, yet the agreement is not signed by all
    assert GUARDS["all_parties_signed"].check(case("drafting", unsigned_parties=0)) is False
    # Given every party signed a draft with no items
    signed_empty = case("drafting", parties=(party(1),), agreement_items=0, unsigned_parties=0)
    assert GUARDS["agreement_has_items"].check(signed_empty) is False
    assert GUARDS["all_parties_signed"].check(signed_empty) is True
    # And the commitments are settled only when none is open
    assert GUARDS["commitments_settled"].check(case("implementation", open_commitments=0)) is True
    assert GUARDS["commitments_settled"].check(case("implementation", open_commitments=1)) is False
