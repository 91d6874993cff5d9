"""Stories of a neighbour dispute (workflows/neighbor_dispute.yaml), told through the CLI:
intake, a site visit, separate visits to each party, counselling, a settlement draft, and
the ways such a case ends without a settlement."""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import ADMIN, Cli, ok, refused
from support.stories import NEIGHBOR_ROUTES as ROUTES
from support.stories import drive_neighbor as drive

from mediation.app import App


def show(cli: Cli, number: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(ok(cli("case", "show", number, "--json", user="kim")).out)
    return data


def test_a_noise_complaint_goes_from_intake_to_a_settlement_draft_and_back_to_counselling(
        cli: Cli) -> None:
    # Given a noise complaint taken by phone, opened by mediator kim for herself
    number = ok(cli("case", "open", "--workflow", "neighbor_dispute", "--title", "가상 아파트 층간소음",
                    "--mediator", "kim", "--supervisor", "park", "--channel", "phone",
                    "--sector", "neighbourhood", user="kim")).out.strip()

    # When kim tries to visit the site before anyone is registered
    message = refused(cli("case", "advance", number, "visit", user="kim"))
    # Then one party is needed
    assert "당사자가 한 명 이상 등록되어야 합니다" in message
    upstairs = ok(cli("party", "add", number, "--name", "가상 윗집", "--role", "respondent",
                      user="kim")).out.strip()
    ok(cli("case", "advance", number, "visit", user="kim"))

    # When kim wants to meet the parties separately with only one registered
    message = refused(cli("case", "advance", number, "meet_separately", user="kim"))
    # Then two parties are needed
    assert "당사자가 두 명 이상 등록되어야 합니다" in message
    downstairs = ok(cli("party", "add", number, "--name", "가상 아랫집", "--role", "applicant",
                        user="kim")).out.strip()
    ok(cli("case", "advance", number, "meet_separately", user="kim"))

    # When counselling starts before both households agreed
    ok(cli("party", "consent", number, downstairs, user="kim"))
    message = refused(cli("case", "advance", number, "counsel", user="kim"))
    # Then every party must consent
    assert "모든 당사자가 조정에 동의해야 합니다" in message
    ok(cli("party", "consent", number, upstairs, user="kim"))
    ok(cli("case", "advance", number, "counsel", user="kim"))

    # When a settlement is drafted, then counselling resumes, then it is drafted again
    ok(cli("case", "advance", number, "draft_settlement", user="kim"))
    ok(cli("case", "advance", number, "resume_counselling", user="kim"))
    ok(cli("case", "advance", number, "draft_settlement", user="kim"))

    # Then the case is drafting its settlement, and the trail holds each move in order
    shown = show(cli, number)
    assert (shown["case"]["state"], shown["case"]["closed"]) == ("settlement", False)
    history = json.loads(ok(cli("case", "history", number, "--json", user="kim")).out)
    assert [e["trigger"] for e in history if e["kind"] == "transition"] == [
        "visit", "meet_separately", "counsel", "draft_settlement", "resume_counselling",
        "draft_settlement"]


def test_a_settlement_cannot_be_concluded_without_items_and_signatures(cli: Cli, app: App) -> None:
    # Given a settlement being drafted
    number = drive(app, "settlement")
    # When kim settles
    message = refused(cli("case", "advance", number, "settle", "--lang", "en", user="kim"))
    # Then both guards say what is missing, and the case stays in settlement
    assert "the agreement must have at least one item" in message
    assert "every party must have signed the agreement" in message
    settle = {t["trigger"]: t for t in show(cli, number)["triggers"]}["settle"]
    assert (settle["ready"], settle["blocked_by"]) == (
        False, ["agreement_has_items", "all_parties_signed"])
    assert show(cli, number)["case"]["state"] == "settlement"


def test_a_dispute_that_is_not_taken_on_is_declined_with_a_note(cli: Cli, app: App) -> None:
    # Given a new dispute at intake
    number = drive(app, "intake")
    # When it is declined without a note, then with one
    refused(cli("case", "advance", number, "decline", user="kim"))
    ok(cli("case", "advance", number, "decline", "--note", "관할 아님", user="kim"))
    # Then it is closed as not accepted
    shown = show(cli, number)
    assert (shown["case"]["state"], shown["case"]["closed"]) == ("closed_not_accepted", True)
    assert shown["triggers"] == []


@pytest.mark.parametrize("start", ["separate_visits", "counselling", "settlement"])
def test_a_dispute_closes_unresolved_with_a_note(cli: Cli, app: App, start: str) -> None:
    # Given a dispute past the site visit
    number = drive(app, start)
    # When kim closes it without a note, then with one
    message = refused(cli("case", "advance", number, "close_unresolved", user="kim"))
    assert "사유가 필요합니다" in message
    ok(cli("case", "advance", number, "close_unresolved", "--note", "합의 불성립", user="kim"))
    # Then it is closed as not settled, from where it was
    shown = show(cli, number)
    assert (shown["case"]["state"], shown["case"]["closed"]) == ("closed_unresolved", True)
    assert shown["events"][-1]["from_state"] == start


@pytest.mark.parametrize("start", ["intake", "site_visit"])
def test_closing_unresolved_is_not_offered_before_the_parties_were_met(
        cli: Cli, app: App, start: str) -> None:
    # Given a dispute before the separate visits
    number = drive(app, start)
    # When kim closes it unresolved
    message = refused(cli("case", "advance", number, "close_unresolved", "--note", "x", user="kim"))
    # Then the trigger is not available there, and the message lists what is
    assert "'close_unresolved'" in message and "withdraw" in message and "refer" in message
    assert show(cli, number)["case"]["state"] == start


@pytest.mark.parametrize(("trigger", "dest"), [("withdraw", "closed_withdrawn"),
                                               ("refer", "closed_referred")])
def test_a_dispute_is_withdrawn_or_referred_from_any_open_state_with_a_note(
        cli: Cli, app: App, trigger: str, dest: str) -> None:
    for start in ROUTES:
        # Given a dispute in an open state
        number = drive(app, start)
        # When the exit is fired without a note, then with one
        refused(cli("case", "advance", number, trigger, user="kim"))
        assert app.reading.show_case(ADMIN, number).case.state == start
        moved = json.loads(ok(cli("case", "advance", number, trigger, "--note", "주민센터 이관",
                                  "--json", user="kim")).out)
        # Then the case is closed from there
        assert (moved["source"], moved["dest"], moved["closed"]) == (start, dest, True)
        shown = app.reading.show_case(ADMIN, number)
        assert (shown.case.state, shown.case.closed, shown.triggers) == (dest, True, ())
