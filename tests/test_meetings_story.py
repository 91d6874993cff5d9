"""Stories of a case's meetings, told through the CLI on both backends: the notice period
(7 days, 14 for a public hearing) and its recorded exception, attendance, cancellation, and
the bad input that leaves the database unchanged. (Notices, minutes and the absence rule:
test_meeting_notices.py and test_meeting_records.py.)"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from conftest import START, Cli, Result
from test_public_conflict_story import drive

from mediation.app import App
from mediation.cases import CaseFields
from mediation.parties import PartyFields


@pytest.fixture(autouse=True)
def html_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    """Meeting notices as HTML: the stories are about meetings, not PDF."""
    monkeypatch.setenv("MEDIATION_DOCUMENT_FORMAT", "html")


def ok(result: Result) -> Result:
    assert result.code == 0, result.err
    return result


def refused(result: Result, code: int) -> str:
    """A one-line error with exit ``code`` and nothing on stdout; the message."""
    assert result.code == code, result
    assert result.out == ""
    assert len(result.err.splitlines()) == 1, result.err
    return result.err


def meetings(cli: Cli, number: str) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(ok(cli("meeting", "list", number, "--json",
                                                   user="kim")).out)
    return data


def history(cli: Cli, number: str) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(ok(cli("case", "history", number, "--json")).out)
    return data


def at(days: float) -> str:
    return (START + timedelta(days=days)).isoformat()


def test_a_joint_meeting_needs_seven_days_notice_unless_forced_with_a_reason(
        cli: Cli, app: App) -> None:
    # Given a case in mediation
    number = drive(app, "mediation")
    before = history(cli, number)
    # When kim schedules a joint meeting six days ahead
    message = refused(cli("meeting", "schedule", number, "--at", at(6), "--place", "구청 회의실",
                          "--lang", "en", user="kim"), 4)
    # Then it is refused, naming the period and the way out, and nothing is recorded
    assert "7 days" in message and "--force --reason" in message
    assert (meetings(cli, number), history(cli, number)) == ([], before)
    # When kim forces it with a reason, and schedules a second one seven days ahead
    forced = int(ok(cli("meeting", "schedule", number, "--at", at(6), "--place", "구청 회의실",
                        "--force", "--reason", "당사자 전원 요청", user="kim")).out)
    ok(cli("meeting", "schedule", number, "--at", at(7), "--place", "주민센터",
           "--kind", "separate", "--agenda", "보상 방안", user="kim"))
    # Then both are listed, closed by default, the reason recorded in the trail
    listed = meetings(cli, number)
    first = listed[0]
    assert (first["id"], first["kind"], first["public"], first["status"]) == (
        forced, "joint", False, "scheduled")
    assert [m["kind"] for m in listed] == ["joint", "separate"]
    assert listed[0]["forced_reason"] == "당사자 전원 요청"
    assert [e["note"] for e in history(cli, number) if e["kind"] == "meeting_scheduled"] == [
        "당사자 전원 요청", None]


def test_a_public_hearing_needs_fourteen_days_notice(cli: Cli, app: App) -> None:
    # Given a case in mediation whose parties agreed to open meetings
    number = drive(app, "mediation")
    for party in app.service.list_parties(number):
        ok(cli("party", "open-consent", number, str(party.id), user="kim"))
    # When a public hearing is scheduled 13 and then 14 days ahead
    refused(cli("meeting", "schedule", number, "--at", at(13), "--place", "시민청",
                "--kind", "hearing", "--public", user="kim"), 4)
    ok(cli("meeting", "schedule", number, "--at", at(14), "--place", "시민청",
           "--kind", "hearing", "--public", user="kim"))
    # Then only the second is scheduled, as a public hearing
    assert [(m["kind"], m["public"]) for m in meetings(cli, number)] == [("hearing", True)]


def test_attendance_is_recorded_after_the_meeting_and_a_cancelled_one_cannot_be_recorded(
        cli: Cli, app: App) -> None:
    # Given two meetings a week ahead, one of them cancelled
    number = drive(app, "mediation")
    first, second = (p.id for p in app.service.list_parties(number))
    held = int(ok(cli("meeting", "schedule", number, "--at", at(7), "--place", "구청",
                      user="kim")).out)
    dropped = int(ok(cli("meeting", "schedule", number, "--at", at(8), "--place", "구청",
                         user="kim")).out)
    ok(cli("meeting", "cancel", number, str(dropped), "--reason", "태풍", user="kim"))
    # When kim records attendance before the meeting, then after it
    early = refused(cli("meeting", "record", number, str(held), "--attended", str(first),
                        user="kim"), 4)
    later = START + timedelta(days=7, hours=3)
    recorded = json.loads(ok(cli("meeting", "record", number, str(held), "--attended", str(first),
                                 "--excused", str(second), "--json", user="kim",
                                 now=later)).out)
    # Then the early attempt was refused and the later one recorded the meeting as held
    assert "아직" in early
    assert (recorded["status"], recorded["attended"], recorded["excused"]) == (
        "held", [first], [second])
    # ... and attendance for the cancelled meeting is refused
    before = history(cli, number)
    refused(cli("meeting", "record", number, str(dropped), "--attended", str(first),
                user="kim", now=later + timedelta(days=2)), 4)
    assert history(cli, number) == before


def test_bad_meeting_input_is_refused_with_one_line_and_nothing_changes(
        cli: Cli, app: App) -> None:
    # Given a case in mediation, a meeting a week ahead, and another case's party
    number = drive(app, "mediation")
    meeting = int(ok(cli("meeting", "schedule", number, "--at", at(7), "--place", "구청",
                         user="kim")).out)
    park = app.service.actor("park")
    other = app.service.open_case(park, workflow="public_conflict", mediator="kim",
                                  supervisor="park", fields=CaseFields(title="다른 사건")).number
    stranger = app.service.add_party(park, other, PartyFields(name="다른 주민",
                                                              role="resident_group")).id
    before = (history(cli, number), meetings(cli, number))
    later = START + timedelta(days=8)
    # When the input is wrong in each of these ways
    refused(cli("meeting", "schedule", number, "--at", at(-1), "--place", "구청",
                "--force", "--reason", "r", user="kim"), 2)
    refused(cli("meeting", "schedule", number, "--at", "내일", "--place", "구청", user="kim"), 2)
    refused(cli("meeting", "schedule", number, "--at", at(9), "--place", "구청", "--force",
                user="kim"), 2)
    refused(cli("meeting", "record", number, str(meeting), "--attended", str(stranger),
                user="kim", now=later), 3)
    refused(cli("meeting", "record", number, "999", "--attended", str(stranger),
                user="kim", now=later), 3)
    refused(cli("meeting", "cancel", number, str(meeting), "--reason", "r", user="lee"), 4)
    # Then nothing was recorded
    assert (history(cli, number), meetings(cli, number)) == before
