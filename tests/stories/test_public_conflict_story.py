"""Stories of a public-conflict case (workflows/public_conflict.yaml), told through the CLI:
the main path from intake to the drafting of an agreement, every exit, the guards, the
roles that may fire a trigger, closed cases, case numbering and JSON output.

Where a story needs a case already part-way along, the case is moved there through the
service (``drive``), which is the same use-case layer the CLI calls, only faster.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pytest
from conftest import ADMIN, Cli, ok, refused
from support.stories import drive_public as drive

from mediation.app import App
from mediation.cases.commands import CaseFields
from mediation.core.clock import SEOUL
from mediation.parties.commands import PartyFields


def show(cli: Cli, number: str, user: str = "kim") -> dict[str, Any]:
    result = ok(cli("case", "show", number, "--json", user=user))
    data: dict[str, Any] = json.loads(result.out)
    return data


def triggers(cli: Cli, number: str, user: str = "kim") -> dict[str, dict[str, Any]]:
    return {t["trigger"]: t for t in show(cli, number, user)["triggers"]}


def state(app: App, number: str) -> str:
    """The case's state, read through the service (the CLI's own view is checked above)."""
    return app.reading.show_case(ADMIN, number).case.state


def history(cli: Cli, number: str) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(ok(cli("case", "history", number, "--json")).out)
    return data


EXITS = {"withdraw": "closed_withdrawn", "refer": "closed_referred"}


def leave(cli: Cli, app: App, number: str, trigger: str) -> None:
    """Withdraw or refer the case: refused without a note, then closed from where it was."""
    start = state(app, number)
    message = refused(cli("case", "advance", number, trigger, user="kim"))
    assert f"({trigger})" in message and "--note" in message, start
    assert state(app, number) == start
    moved = json.loads(ok(cli("case", "advance", number, trigger, "--note", "당사자 요청",
                              "--json", user="kim")).out)
    assert (moved["source"], moved["dest"], moved["closed"]) == (start, EXITS[trigger], True)
    shown = app.reading.show_case(ADMIN, number)
    assert (shown.case.state, shown.case.closed, shown.triggers) == (EXITS[trigger], True, ())
    assert shown.case.closed_at == app.clock.now()
    assert shown.events[-1].note == "당사자 요청"


# the main path ------------------------------------------------------------------------

def test_a_case_goes_from_intake_through_impact_analysis_and_mediation_to_drafting(
        cli: Cli, app: App) -> None:
    # Given a case opened by supervisor park for mediator kim
    number = ok(cli("case", "open", "--workflow", "public_conflict", "--title", "가상 소각장 입지 갈등",
                    "--mediator", "kim", "--supervisor", "park", "--district", "마포구",
                    "--type", "siting,interest", "--sector", "environment", user="park")).out.strip()
    assert number == "2026-0001"

    # When the case is diagnosed, graded and given a strategy
    ok(cli("case", "advance", number, "diagnose", user="kim"))
    ok(cli("case", "update", number, "--grade", "A", "--alert", "pre", user="kim"))
    ok(cli("case", "advance", number, "plan", user="kim"))
    # ... then goes through a conflict impact analysis and the committee's review
    ok(cli("case", "advance", number, "assess", user="park"))
    ok(cli("case", "advance", number, "submit_review", user="kim"))
    ok(cli("case", "advance", number, "conclude_review", user="kim"))
    assert state(app, number) == "strategy"
    # ... a council is convened with two consenting parties and a chair
    first = ok(cli("party", "add", number, "--name", "가상 주민대책위원회", "--role", "resident_group",
                   user="kim")).out.strip()
    second = ok(cli("party", "add", number, "--name", "가상 자원순환과", "--role", "department",
                    user="kim")).out.strip()
    ok(cli("case", "advance", number, "convene", user="park"))
    ok(cli("party", "consent", number, first, user="kim"))
    ok(cli("party", "consent", number, second, user="kim"))
    ok(cli("case", "update", number, "--chair", "가상 의장", user="kim"))
    ok(cli("case", "advance", number, "open_mediation", user="kim"))
    # ... and an agreement is drafted, sent back for revision and drafted again
    ok(cli("case", "advance", number, "draft_agreement", user="kim"))
    ok(cli("case", "advance", number, "revise", user="kim"))
    assert state(app, number) == "mediation"
    moved = ok(cli("case", "advance", number, "draft_agreement", "--json", user="kim"))

    # Then the case is drafting its agreement, still open
    assert json.loads(moved.out)["dest"] == "drafting"
    shown = show(cli, number)
    assert shown["case"]["state"] == "drafting"
    assert shown["case"]["closed"] is False
    # ... and the audit trail holds every move, in order, each from where the last one ended
    moves = [(e["trigger"], e["from_state"], e["to_state"]) for e in history(cli, number)
             if e["kind"] == "transition"]
    assert moves == [
        ("diagnose", "intake", "diagnosis"), ("plan", "diagnosis", "strategy"),
        ("assess", "strategy", "impact_analysis"),
        ("submit_review", "impact_analysis", "committee_review"),
        ("conclude_review", "committee_review", "strategy"), ("convene", "strategy", "convening"),
        ("open_mediation", "convening", "mediation"), ("draft_agreement", "mediation", "drafting"),
        ("revise", "drafting", "mediation"), ("draft_agreement", "mediation", "drafting")]
    trail = history(cli, number)
    assert [e["seq"] for e in trail] == list(range(1, len(trail) + 1))


def test_signing_is_refused_until_the_agreement_has_items_and_every_party_signed(
        cli: Cli, app: App) -> None:
    # Given a case drafting its agreement (no agreement items, no signatures yet)
    number = drive(app, "drafting")
    before = history(cli, number)
    # When kim tries to sign, in Korean and in English
    korean = refused(cli("case", "advance", number, "sign", user="kim"))
    english = refused(cli("case", "advance", number, "sign", "--lang", "en", user="kim"))
    # Then both guards are reported in words
    assert "합의서에 합의 항목이 하나 이상 있어야 합니다" in korean
    assert "모든 당사자가 합의서에 서명해야 합니다" in korean
    assert "the agreement must have at least one item" in english
    assert "every party must have signed the agreement" in english
    # ... `case show` says the same, and nothing was recorded
    sign = triggers(cli, number)["sign"]
    assert sign["ready"] is False
    assert sign["blocked_by"] == ["agreement_has_items", "all_parties_signed"]
    assert history(cli, number) == before
    assert state(app, number) == "drafting"
    # When the agreement cannot be signed here, the case is referred elsewhere from drafting
    leave(cli, app, number, "refer")


# guards -------------------------------------------------------------------------------

def test_case_show_lists_the_triggers_of_the_current_state_with_what_blocks_them(
        cli: Cli, app: App) -> None:
    # Given a new case at intake
    number = drive(app, "intake")
    # When it is shown
    at_intake = triggers(cli, number)
    # Then it offers diagnose, withdraw and refer; only the exits need a note
    assert set(at_intake) == {"diagnose", "withdraw", "refer"}
    assert at_intake["diagnose"] == {**at_intake["diagnose"], "ready": True, "blocked_by": [],
                                     "note_required": False, "dest": "diagnosis"}
    assert at_intake["withdraw"]["note_required"] is True
    assert at_intake["refer"]["note_required"] is True
    # ... and after diagnosis starts, the grade-guarded triggers show what blocks them
    ok(cli("case", "advance", number, "diagnose", user="kim"))
    in_diagnosis = triggers(cli, number)
    assert set(in_diagnosis) == {"plan", "monitor", "withdraw", "refer"}
    for name in ("plan", "monitor"):
        assert in_diagnosis[name]["ready"] is False
        assert in_diagnosis[name]["blocked_by"] == ["grade_recorded"]
    assert in_diagnosis["monitor"]["roles"] == ["supervisor", "admin"]


def test_a_strategy_needs_a_diagnosis_grade(cli: Cli, app: App) -> None:
    # Given a case in diagnosis with no grade
    number = drive(app, "diagnosis")
    # When kim plans the response
    message = refused(cli("case", "advance", number, "plan", user="kim"))
    # Then the guard explains what is missing and the case stays put
    assert "갈등진단 등급(A–C)이 기록되어야 합니다" in message
    assert state(app, number) == "diagnosis"
    # ... until a grade is recorded
    ok(cli("case", "update", number, "--grade", "b", user="kim"))
    assert triggers(cli, number)["plan"]["ready"] is True
    ok(cli("case", "advance", number, "plan", user="kim"))
    assert state(app, number) == "strategy"


def test_convening_a_council_needs_two_parties(cli: Cli, app: App) -> None:
    # Given a case with a strategy and one party
    number = drive(app, "strategy")
    ok(cli("party", "add", number, "--name", "가상 상인회", "--role", "group", user="kim"))
    # When the supervisor convenes a council
    message = refused(cli("case", "advance", number, "convene", "--lang", "en", user="park"))
    # Then two parties are required
    assert "at least two parties must be registered" in message
    assert triggers(cli, number)["convene"]["blocked_by"] == ["two_parties"]
    # ... and a second party unblocks it
    ok(cli("party", "add", number, "--name", "가상 교통정책과", "--role", "department", user="kim"))
    ok(cli("case", "advance", number, "convene", user="park"))
    assert state(app, number) == "convening"
    # When the applicant then withdraws, the case closes from convening
    leave(cli, app, number, "withdraw")


def test_mediation_opens_only_when_every_party_consented_and_a_chair_is_named(
        cli: Cli, app: App) -> None:
    # Given a council being convened with two parties who have not answered
    number = drive(app, "convening")
    first, second = (p["id"] for p in show(cli, number)["parties"])
    assert triggers(cli, number)["open_mediation"]["blocked_by"] == [
        "all_parties_consented", "chair_named"]
    # When one party consents and the other declines
    ok(cli("party", "consent", number, str(first), user="kim"))
    ok(cli("party", "consent", number, str(second), "--declined", user="kim"))
    # Then mediation cannot open, for both reasons
    message = refused(cli("case", "advance", number, "open_mediation", user="kim"))
    assert "모든 당사자가 조정에 동의해야 합니다" in message
    assert "협의회 의장이 지정되어야 합니다" in message
    # When a chair is named, consent is still missing
    ok(cli("case", "update", number, "--chair", "가상 의장", user="kim"))
    assert triggers(cli, number)["open_mediation"]["blocked_by"] == ["all_parties_consented"]
    message = refused(cli("case", "advance", number, "open_mediation", user="kim"))
    assert "협의회 의장" not in message
    # When the second party changes its mind, mediation opens
    ok(cli("party", "consent", number, str(second), user="kim"))
    assert triggers(cli, number)["open_mediation"]["ready"] is True
    ok(cli("case", "advance", number, "open_mediation", user="kim"))
    assert state(app, number) == "mediation"
    # When the applicant then withdraws, the case closes from mediation
    leave(cli, app, number, "withdraw")


# roles --------------------------------------------------------------------------------

def _guards_met(app: App, start: str) -> str:
    """A case at ``start`` with a grade (monitor) and two parties (convene)."""
    number = drive(app, start)
    park = app.users.actor("park")
    if start == "diagnosis":
        app.cases.update_case(park, number, CaseFields(grade="C"))
    if start == "strategy":
        for name in ("가상 주민 1", "가상 주민 2"):
            app.parties.add_party(park, number, PartyFields(name=name, role="stakeholder"))
    return number


@pytest.mark.parametrize(("start", "trigger", "note"), [
    ("diagnosis", "monitor", None),
    ("strategy", "assess", None),
    ("strategy", "convene", None),
    ("monitoring", "end_monitoring", "부서 자체관리로 충분"),
])
def test_some_triggers_are_for_supervisors_and_admins_only(
        cli: Cli, app: App, start: str, trigger: str, note: str | None) -> None:
    # Given a case whose guards for the trigger all hold (a grade, two parties)
    number = _guards_met(app, start)
    note_args = ("--note", note) if note else ()
    # When the case's own mediator fires the trigger
    message = refused(cli("case", "advance", number, trigger, *note_args, "--lang", "en",
                          user="kim"))
    # Then the role is refused, naming the roles that may
    assert f"({trigger})" in message and "supervisor, admin" in message
    assert state(app, number) == start
    # ... while the supervisor and an admin may
    ok(cli("case", "advance", number, trigger, *note_args, user="park"))
    other = _guards_met(app, start)
    ok(cli("case", "advance", other, trigger, *note_args, user="admin"))


def test_a_mediator_cannot_move_a_colleagues_case(cli: Cli, app: App) -> None:
    # Given kim's case at intake
    number = drive(app, "intake")
    # When mediator lee or supervisor choi (who do not hold the case) try to move it
    for user in ("lee", "choi"):
        message = refused(cli("case", "advance", number, "diagnose", user=user))
        # Then they are refused by name
        assert f"'{user}'" in message
    assert state(app, number) == "intake"


# exits --------------------------------------------------------------------------------

def test_a_low_grade_conflict_is_left_to_the_department_and_monitoring_ends_with_a_note(
        cli: Cli, app: App) -> None:
    # Given a case diagnosed as grade C
    number = drive(app, "diagnosis")
    ok(cli("case", "update", number, "--grade", "C", user="kim"))
    # When the supervisor hands it to the department, and kim diagnoses it again
    ok(cli("case", "advance", number, "monitor", user="park"))
    assert state(app, number) == "monitoring"
    ok(cli("case", "advance", number, "rediagnose", user="kim"))
    assert state(app, number) == "diagnosis"
    ok(cli("case", "advance", number, "monitor", user="park"))
    # Then monitoring ends only with a note
    message = refused(cli("case", "advance", number, "end_monitoring", user="park"))
    assert "사유가 필요합니다" in message
    refused(cli("case", "advance", number, "end_monitoring", "--note", "   ", user="park"))
    ended = ok(cli("case", "advance", number, "end_monitoring", "--note", "부서가 자체 관리함",
                   "--json", user="park"))
    assert json.loads(ended.out)["closed"] is True
    shown = show(cli, number)
    assert shown["case"]["state"] == "closed_monitored"
    assert shown["case"]["closed"] is True
    assert shown["case"]["closed_at"] is not None
    assert history(cli, number)[-1]["note"] == "부서가 자체 관리함"


def test_a_council_that_is_not_accepted_is_declined_with_a_note(cli: Cli, app: App) -> None:
    # Given a council being convened
    number = drive(app, "convening")
    # When kim declines it without a note, then with one
    message = refused(cli("case", "advance", number, "decline", "--lang", "en", user="kim"))
    assert "Close as not accepted (decline) needs a note" in message
    assert state(app, number) == "convening"
    ok(cli("case", "advance", number, "decline", "--note", "주민대표가 참여를 거부함", user="kim"))
    # Then the case is closed as not accepted
    shown = show(cli, number)
    assert (shown["case"]["state"], shown["case"]["closed"]) == ("closed_not_accepted", True)


def test_an_impasse_is_declared_with_a_note(cli: Cli, app: App) -> None:
    # Given a case in mediation
    number = drive(app, "mediation")
    # When kim declares an impasse without a note, then with one
    refused(cli("case", "advance", number, "declare_impasse", user="kim"))
    assert state(app, number) == "mediation"
    ok(cli("case", "advance", number, "declare_impasse", "--note", "쟁점 9개 중 합의 0개",
           user="kim"))
    # Then the case is closed at an impasse, with the note in its trail
    shown = show(cli, number)
    assert (shown["case"]["state"], shown["case"]["closed"]) == ("closed_impasse", True)
    assert history(cli, number)[-1]["note"] == "쟁점 9개 중 합의 0개"


def test_a_case_can_be_withdrawn_or_referred_with_a_note_before_the_council_is_convened(
        cli: Cli, app: App) -> None:
    # (the stories that reach convening, mediation and drafting end by leaving from there)
    for i, start in enumerate(("intake", "diagnosis", "monitoring", "strategy", "impact_analysis",
                               "committee_review")):
        # Given a case in an open state
        number = drive(app, start, title=f"가상 사건 ({start})")
        # When it is withdrawn or referred, Then a note is needed and the case closes from there
        leave(cli, app, number, ("withdraw", "refer")[i % 2])


def test_a_closed_case_offers_no_triggers_and_refuses_every_change(cli: Cli, app: App) -> None:
    # Given a withdrawn case that had a party
    number = drive(app, "strategy")
    app.parties.add_party(app.users.actor("kim"), number,
                          PartyFields(name="가상 주민", role="stakeholder"))
    ok(cli("case", "advance", number, "withdraw", "--note", "신청 철회", user="kim"))
    party = show(cli, number)["parties"][0]["id"]
    before = history(cli, number)
    # When it is shown
    shown = show(cli, number)
    # Then no trigger is offered, and the text view says it is closed
    assert shown["triggers"] == []
    assert "종결된 사건" in ok(cli("case", "show", number, user="kim")).out
    # ... and every change is refused
    closed = f"사건 {number}은(는) 종결되었습니다"
    attempts = [
        (("case", "advance", number, "refer", "--note", "다시"), "'종결(철회)'"),
        (("case", "advance", number, "plan"), "'종결(철회)'"),
        (("case", "update", number, "--title", "새 제목"), closed),
        (("case", "assign", number, "--mediator", "lee"), closed),
        (("party", "add", number, "--name", "가상 주민", "--role", "stakeholder"), closed),
        (("party", "consent", number, str(party)), closed),
    ]
    for argv, reason in attempts:
        message = refused(cli(*argv, user="admin"))
        assert reason in message, (argv, message)
    assert history(cli, number) == before


# numbering ----------------------------------------------------------------------------

def _open_at(cli: Cli, now: datetime) -> str:
    result = ok(cli("case", "open", "--workflow", "public_conflict", "--title", "가상 사건",
                    "--mediator", "kim", "--supervisor", "park", user="park", now=now))
    return result.out.strip()


def test_case_numbers_count_per_year_in_seoul_time(cli: Cli) -> None:
    # Given two cases opened in November 2026
    assert _open_at(cli, datetime(2026, 11, 24, 9, 0, tzinfo=SEOUL)) == "2026-0001"
    assert _open_at(cli, datetime(2026, 11, 24, 9, 5, tzinfo=SEOUL)) == "2026-0002"
    # When a case is opened at 15:30 UTC on New Year's Eve, already 2027 in Seoul
    new_year = datetime.fromisoformat("2026-12-31T15:30:00+00:00")
    # Then it is the first case of 2027
    assert _open_at(cli, new_year) == "2027-0001"
    assert _open_at(cli, datetime(2027, 3, 2, 10, 0, tzinfo=SEOUL)) == "2027-0002"
    # ... and a case dated late on 31 December in Seoul still counts in 2026
    assert _open_at(cli, datetime.fromisoformat("2026-12-31T23:59:00+09:00")) == "2026-0003"
    listed = json.loads(ok(cli("case", "list", "--json")).out)
    assert sorted(c["number"] for c in listed["items"]) == [
        "2026-0001", "2026-0002", "2026-0003", "2027-0001", "2027-0002"]


# output -------------------------------------------------------------------------------

def test_every_read_command_prints_only_json_with_json(cli: Cli, app: App) -> None:
    # Given a case with a party and a few events
    number = drive(app, "strategy")
    party = str(app.parties.add_party(app.users.actor("kim"), number,
                                      PartyFields(name="가상 주민", role="stakeholder")).id)
    reads = [
        ("case", "list"), ("case", "list", "--open", "--since", "2026-11-01"),
        ("case", "show", number), ("case", "history", number), ("party", "list", number),
        ("user", "list"), ("workflow", "list"), ("workflow", "show", "public_conflict"),
        ("workflow", "diagram", "neighbor_dispute"), ("audit", "verify"), ("audit", "verify", number),
    ]
    writes = [
        ("party", "consent", number, party), ("case", "update", number, "--chair", "가상 의장"),
        ("case", "advance", number, "withdraw", "--note", "신청 철회"),
        ("case", "open", "--workflow", "neighbor_dispute", "--title", "가상 층간소음",
         "--mediator", "kim", "--supervisor", "park"),
    ]
    for argv in reads + writes:
        # When the command runs with --json
        result = cli(*argv, "--json", user="park")
        # Then stdout is one JSON document and stderr is empty
        assert result.code == 0, (argv, result.err)
        assert result.err == "", argv
        json.loads(result.out)
