"""Stories of a case's meetings, told through the CLI on both backends: the notice period
(7 days, 14 for a public hearing) and its recorded exception, attendance, cancellation, and
the bad input that leaves the database unchanged. (Notices, minutes and the absence rule:
tests/meetings/test_meeting_notices.py and test_meeting_records.py.)"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from conftest import ADMIN, START, Cli, ok, refused
from support.stories import drive_public as drive

from mediation.app import App
from mediation.cases.commands import CaseFields
from mediation.parties.commands import PartyFields


@pytest.fixture(autouse=True)
def html_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    """Meeting notices as HTML: the stories are about meetings, not PDF."""
    monkeypatch.setenv("MEDIATION_DOCUMENT_FORMAT", "html")


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
    for party in app.parties.list_parties(ADMIN, number):
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
    first, second = (p.id for p in app.parties.list_parties(ADMIN, number))
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
    park = app.users.actor("park")
    other = app.cases.open_case(park, workflow="public_conflict", mediator="kim",
                                  supervisor="park", fields=CaseFields(title="다른 사건")).number
    stranger = app.parties.add_party(park, other, PartyFields(name="다른 주민",
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


# a closed case's meetings ------------------------------------------------------------

def test_a_closed_case_shows_its_scheduled_meetings_and_lets_them_be_cancelled(
        cli: Cli, app: App) -> None:
    # Given a case in mediation with a meeting summoned for next week
    number = drive(app, "mediation")
    meeting = int(ok(cli("meeting", "schedule", number, "--at", at(8), "--place", "구청",
                         user="kim")).out)
    # When the case is withdrawn
    moved = ok(cli("case", "advance", number, "withdraw", "--note", "신청인 서면 철회",
                   user="kim"))
    # Then the move, case show and meeting list say the meeting is still scheduled
    assert f"회의 #{meeting}이(가) 아직 예정 상태입니다" in moved.out
    shown = ok(cli("case", "show", number, user="kim")).out
    assert "`mediation meeting cancel`로 취소하고" in shown
    assert json.loads(ok(cli("case", "show", number, "--json")).out)[
        "scheduled_meetings"] == [meeting]
    listed = ok(cli("meeting", "list", number, user="kim")).out
    assert "[예정]" in listed and "사건 종결됨" in listed
    assert meetings(cli, number)[0]["case_closed"] is True
    english = ok(cli("meeting", "list", number, "--lang", "en", user="kim")).out
    assert "[scheduled]" in english and "case closed" in english
    # And it cannot be moved or recorded, but it can be cancelled, with notices
    before = history(cli, number)
    refused(cli("meeting", "reschedule", number, str(meeting), "--at", at(9), user="kim"), 4)
    refused(cli("meeting", "record", number, str(meeting), "--attended", "1", user="kim",
                now=START + timedelta(days=9)), 4)
    assert history(cli, number) == before
    cancelled = json.loads(ok(cli("meeting", "cancel", number, str(meeting), "--reason",
                                  "사건 종결(철회)", "--json", user="kim")).out)
    assert cancelled["status"] == "cancelled"
    assert len(cancelled["notice_report"]["documents"]) == 2
    # And then nothing is left to cancel
    assert "사건 종결됨" not in ok(cli("meeting", "list", number, user="kim")).out
    assert json.loads(ok(cli("case", "show", number, "--json")).out)["scheduled_meetings"] == []


# words and warnings ------------------------------------------------------------------

def test_meeting_statuses_are_words_of_the_chosen_language(cli: Cli, app: App) -> None:
    number = drive(app, "mediation")
    meeting = ok(cli("meeting", "schedule", number, "--at", at(8), "--place", "구청",
                     "--no-notice", user="kim")).out.strip()
    assert "[예정]" in ok(cli("meeting", "list", number, user="kim")).out
    ok(cli("meeting", "cancel", number, meeting, "--reason", "태풍", user="kim"))
    listed = ok(cli("meeting", "list", number, user="kim")).out
    assert "[취소]" in listed and "cancelled" not in listed and "합동회의" in listed
    korean = refused(cli("meeting", "cancel", number, meeting, "--reason", "r", user="kim"), 4)
    assert "이미 '취소' 상태입니다" in korean and "cancelled" not in korean
    english = refused(cli("meeting", "cancel", number, meeting, "--reason", "r", "--lang", "en",
                          user="kim"), 4)
    assert "is already cancelled" in english


@pytest.mark.parametrize(("when", "words"), [
    ("2026-12-05T10:00", "사무소 휴무일(토요일)"),
    ("2026-12-25T14:00", "사무소 휴무일(기독탄신일)"),
    ("2026-12-08T19:00", "근무시간(09:00–18:00) 밖"),
    ("2026-12-08T08:30", "근무시간(09:00–18:00) 밖"),
])
def test_a_meeting_on_a_day_off_or_outside_office_hours_is_scheduled_only_with_a_reason(
        cli: Cli, app: App, when: str, words: str) -> None:
    number = drive(app, "mediation")
    # without a reason it is refused, saying why and how to go ahead
    message = refused(cli("meeting", "schedule", number, "--at", when, "--place", "구청",
                          "--no-notice", user="kim"))
    assert words in message and "--force --reason" in message
    assert meetings(cli, number) == []
    # with one it is scheduled, and a warning says so
    result = ok(cli("meeting", "schedule", number, "--at", when, "--place", "구청",
                    "--no-notice", "--force", "--reason", "주민 요청", user="kim"))
    # the id alone on stdout, the warning on one line of stderr
    assert result.out.strip().isdigit()
    [warning] = [line for line in result.err.splitlines() if "경고" in line]
    assert warning.startswith("mediation: 경고: 회의 시작 ") and words in warning


def test_the_time_warning_in_english_json_and_on_reschedule(cli: Cli, app: App) -> None:
    number = drive(app, "mediation")
    data = json.loads(ok(cli("meeting", "schedule", number, "--at", "2026-12-06T10:00",
                             "--place", "구청", "--no-notice", "--force", "--reason", "주민 요청",
                             "--json", "--lang", "en", user="kim")).out)
    assert data["warning"]["code"] == "day_off" and "Sunday" in data["warning"]["en"]
    english = refused(cli("meeting", "reschedule", number, str(data["id"]), "--at",
                          "2026-12-07T18:30", "--lang", "en", user="kim"))
    assert "outside office hours (09:00–18:00)" in english and "--force --reason" in english
    moved = ok(cli("meeting", "reschedule", number, str(data["id"]), "--at",
                   "2026-12-07T18:30", "--force", "--reason", "퇴근 후 요청", "--lang", "en",
                   user="kim"))
    assert "mediation: warning: The meeting starts" in moved.err
    assert "outside office hours (09:00–18:00)" in moved.err
    quiet = ok(cli("meeting", "reschedule", number, str(data["id"]), "--at",
                   "2026-12-07T14:00", "--json", user="kim"))
    assert json.loads(quiet.out)["warning"] is None and quiet.err == ""


@pytest.mark.parametrize("command", [
    ("meeting", "schedule"), ("meeting", "reschedule"), ("meeting", "cancel"),
    ("meeting", "record"), ("meeting", "list"), ("meeting", "show"),
    ("party", "add"), ("party", "list"), ("party", "consent"), ("party", "open-consent"),
])
def test_every_meeting_and_party_command_teaches_with_a_description_and_an_example(
        cli: Cli, command: tuple[str, str]) -> None:
    for lang, example in (("ko", "예시"), ("en", "example")):
        shown = ok(cli(*command, "--help", MEDIATION_LANG=lang)).out
        _, _, rest = shown.partition("\n\n")
        description = rest.split("\n\n")[0]
        assert len(description.split()) >= 8, shown
        assert example in shown and f"mediation {' '.join(command)} 2026-0001" in shown


def test_the_reschedule_help_says_what_no_notice_does_there(cli: Cli) -> None:
    shown = " ".join(ok(cli("meeting", "reschedule", "--help", "--lang", "en")).out.split())
    assert "send no notice of change" in shown
    assert "an internal or separate session" not in shown
