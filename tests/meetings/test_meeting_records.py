"""Stories of what a held meeting leaves, told through the CLI on both backends: its minutes
(a UTF-8 file kept with its SHA-256, every bad file refused on one line with nothing changed),
the meeting shown with names, and the workflow's absence rule — two unexcused absences of the
applicant e-mail the mediator and the supervisor in a public conflict, and close a neighbour
dispute as withdrawn by the system; excused absences do not count."""

from __future__ import annotations

import email
import email.policy
import hashlib
from datetime import datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from conftest import ADMIN, START, WORKFLOWS, Cli, Result, as_json, ok, refused
from support.stories import drive_neighbor as drive_dispute

from mediation.app import App
from mediation.cases.commands import CaseFields
from mediation.meetings.minutes import MAX_BYTES
from mediation.parties.commands import PartyFields

MINUTES = "제1차 갈등조정협의회 회의록\n\n1. 참석: 홍길동, 김상인\n2. 논의: 임시 주차 대책\r\n끝.\n"


@pytest.fixture(autouse=True)
def html_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEDIATION_DOCUMENT_FORMAT", "html")


def later(days: float) -> datetime:
    return START + timedelta(days=days)


def public_case(app: App) -> tuple[str, int, int]:
    """A public conflict with an applicant and a respondent (ids), no e-mail addresses."""
    park = app.users.actor("park")
    number = app.cases.open_case(park, workflow="public_conflict", mediator="kim", supervisor="park",
                           fields=CaseFields(title="가상 소각장 입지 갈등")).number
    applicant = app.parties.add_party(park, number, PartyFields(name="홍길동", role="applicant")).id
    respondent = app.parties.add_party(park, number, PartyFields(name="가상구청", role="respondent")).id
    return number, applicant, respondent


def held(cli: Cli, number: str, day: int, *attendance: str, lang: str = "ko",
         summons: tuple[str, ...] = ()) -> Result:
    """Summon a meeting ``day`` (at least 7) days from START, seven days ahead with notices to
    every party, and record it a day later; ``summons`` adds options to the schedule command
    (a summons that does not count: --no-notice, --force --reason). The case's record never
    goes back in time: successive meetings are at least eight days apart."""
    meeting = ok(cli("meeting", "schedule", number, "--at", later(day).isoformat(), "--place",
                     "구청", *summons, user="kim", now=later(day - 7))).out.strip()
    return ok(cli("meeting", "record", number, meeting, *attendance, "--lang", lang,
                  user="kim", now=later(day + 1)))


def state_of(cli: Cli, number: str) -> tuple[Any, ...]:
    return (as_json(cli("case", "history", number, "--json")),
            as_json(cli("meeting", "list", number, "--json")),
            as_json(cli("reminders", "list", "--all", "--case", number, "--json")))


def absence_mail(cli: Cli, number: str) -> list[dict[str, Any]]:
    """The case's absence notices in the reminders outbox (its deadlines have their own)."""
    return [r for r in as_json(cli("reminders", "list", "--all", "--case", number, "--json"))
            if r["kind"] == "absence"]


def outbox(tmp_path: Path) -> list[EmailMessage]:
    return [email.message_from_bytes(p.read_bytes(), policy=email.policy.default)  # type: ignore[misc]
            for p in sorted((tmp_path / "outbox").glob("*.eml"))]


# minutes ---------------------------------------------------------------------------------

def test_minutes_are_kept_with_their_hash_and_shown_with_the_names_of_who_came(
        app: App, cli: Cli, tmp_path: Path) -> None:
    # Given a meeting that took place, and its minutes in a UTF-8 file
    number, applicant, respondent = public_case(app)
    meeting = ok(cli("meeting", "schedule", number, "--at", later(7).isoformat(), "--place",
                     "구청", "--no-notice", user="kim")).out.strip()
    path = tmp_path / "회의록.txt"
    path.write_bytes(MINUTES.encode("utf-8"))
    # When kim records attendance with the minutes
    ok(cli("meeting", "record", number, meeting, "--attended", str(applicant), "--excused",
           str(respondent), "--minutes", str(path), user="kim", now=later(8)))
    # Then the minutes are stored exactly, with the file's own SHA-256, in the trail too
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    shown = as_json(cli("meeting", "show", number, meeting, "--json", user="kim"))
    assert (shown["minutes"], shown["meeting"]["minutes_sha256"]) == (MINUTES, digest)
    assert shown["attendance"] == [
        {"party_id": applicant, "name": "홍길동", "role": "applicant", "status": "attended"},
        {"party_id": respondent, "name": "가상구청", "role": "respondent", "status": "excused"}]
    event = as_json(cli("case", "history", number, "--json"))[-1]
    assert (event["kind"], event["details"]["minutes_sha256"]) == ("meeting_held", digest)
    # And the text view names who came and prints the minutes, in Korean or English
    text = ok(cli("meeting", "show", number, meeting, user="kim")).out
    assert f"출석\t#{applicant} 홍길동 (신청인)" in text and "사유 있는 불출석" in text
    assert f"회의록 (SHA-256 {digest}):" in text and "2. 논의: 임시 주차 대책" in text
    english = ok(cli("meeting", "show", number, meeting, "--lang", "en", user="kim")).out
    assert f"attended\t#{applicant} 홍길동 (applicant)" in english and "Minutes (SHA-256" in english


@pytest.mark.parametrize(("name", "content", "code", "fragment"), [
    ("missing.txt", None, 3, "missing.txt"),
    ("cp949.txt", "제1차 회의록".encode("cp949"), 2, "not UTF-8"),
    ("empty.txt", b"", 2, "is empty"),
    ("blank.txt", b"  \n\n", 2, "is empty"),
    ("binary.txt", b"minutes\x00\x01\x02", 2, "control characters"),
    ("huge.txt", b"x" * (MAX_BYTES + 1), 2, "the limit is 1,000,000"),
    ("folder", "dir", 2, "not a regular file"),
])
def test_a_bad_minutes_file_is_one_line_and_nothing_is_recorded(
        app: App, cli: Cli, tmp_path: Path, name: str, content: bytes | str | None, code: int,
        fragment: str) -> None:
    # Given a meeting that took place, and a minutes file that is wrong in one way
    number, applicant, _ = public_case(app)
    meeting = ok(cli("meeting", "schedule", number, "--at", later(7).isoformat(), "--place",
                     "구청", "--no-notice", user="kim")).out.strip()
    path = tmp_path / name
    if content == "dir":
        path.mkdir()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    before = state_of(cli, number)
    # When kim records the meeting with it
    message = refused(cli("meeting", "record", number, meeting, "--attended", str(applicant),
                          "--minutes", str(path), "--lang", "en", user="kim", now=later(8)), code)
    # Then the one-line error says what is wrong with which file, and nothing changed
    assert fragment in message and name in message
    assert state_of(cli, number) == before


def test_minutes_errors_are_in_korean_too(app: App, cli: Cli, tmp_path: Path) -> None:
    number, applicant, _ = public_case(app)
    meeting = ok(cli("meeting", "schedule", number, "--at", later(7).isoformat(), "--place",
                     "구청", "--no-notice", user="kim")).out.strip()
    message = refused(cli("meeting", "record", number, meeting, "--attended", str(applicant),
                          "--minutes", str(tmp_path / "없는파일.txt"), user="kim",
                          now=later(8)), 3)
    assert message.startswith("mediation: 파일 ") and "찾을 수 없습니다" in message


# the absence rule ------------------------------------------------------------------------

def test_two_unexcused_absences_of_the_applicant_e_mail_the_mediator_and_supervisor(
        app: App, cli: Cli, tmp_path: Path) -> None:
    # Given a public conflict whose applicant missed one meeting without excuse
    number, applicant, respondent = public_case(app)
    first = held(cli, number, 7, "--absent", str(applicant), "--attended", str(respondent))
    assert "불출석 규칙" not in first.out
    assert absence_mail(cli, number) == []
    # When the applicant misses a second one
    second = held(cli, number, 15, "--absent", str(applicant), "--attended", str(respondent))
    # Then the output says what the rule did, and an e-mail to each of them is queued
    assert "불출석 규칙: 신청인 홍길동" in second.out and "2회(기준 2회" in second.out
    assert "갈등조정관과 갈등조정담당관에게 알림 메일" in second.out
    assert sorted((r["kind"], r["audience"], r["status"]) for r in absence_mail(cli, number)) == [
        ("absence", "mediator", "pending"), ("absence", "supervisor", "pending")]
    event = [e for e in as_json(cli("case", "history", number, "--json"))
             if e["kind"] == "absence_limit"][-1]
    assert (event["actor"], event["details"]["absences"], event["details"]["action"]) == (
        "system", 2, "notify")
    # When the reminders are sent
    ok(cli("reminders", "run-due", now=later(16)))
    # Then kim and park each have the notice with the case, the party and the basis
    messages = {str(m["To"]): m for m in outbox(tmp_path) if "불출석" in str(m["Subject"])}
    assert set(messages) == {"김조정 <kim@example.org>", "박담당 <park@example.org>"}
    body = messages["박담당 <park@example.org>"].get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "홍길동" in body and "2회 출석하지 않았습니다" in body and "제49조 제3항" in body
    assert str(messages["김조정 <kim@example.org>"]["Subject"]).startswith(f"[불출석 2회] {number}")
    # And the case stays open: the decree has no deemed withdrawal
    assert as_json(cli("case", "show", number, "--json"))["case"]["closed"] is False


def test_the_rule_speaks_english_when_asked(app: App, cli: Cli) -> None:
    number, applicant, _ = public_case(app)
    held(cli, number, 7, "--absent", str(applicant))
    second = held(cli, number, 15, "--absent", str(applicant), lang="en")
    assert "Absence rule: applicant 홍길동" in second.out
    assert "an e-mail to the mediator and the supervisor is queued" in second.out
    # And the basis is the workflow's English text, not the Korean one
    assert "Basis: (design) the Regulation on the Prevention and Resolution" in second.out


def test_excused_absences_and_absences_of_other_parties_do_not_count(app: App, cli: Cli) -> None:
    # Given a public conflict
    number, applicant, respondent = public_case(app)
    # When the applicant is excused twice and absent once, and the respondent absent twice
    for day, applicant_flag in ((7, "--excused"), (15, "--excused"), (23, "--absent")):
        result = held(cli, number, day, applicant_flag, str(applicant), "--absent",
                      str(respondent))
        assert "불출석 규칙" not in result.out
    # Then nothing was queued
    assert absence_mail(cli, number) == []


def test_two_unexcused_absences_close_a_neighbour_dispute_as_withdrawn_by_the_system(
        app: App, cli: Cli, tmp_path: Path) -> None:
    # Given a neighbour dispute in counselling (its two households are both applicants), the
    # first household absent once, and a later meeting already summoned
    number = drive_dispute(app, "counselling")
    first, second = (p.id for p in app.parties.list_parties(ADMIN, number))
    held(cli, number, 7, "--absent", str(first), "--attended", str(second))
    upcoming = ok(cli("meeting", "schedule", number, "--at", later(30).isoformat(), "--place",
                      "구청", user="kim", now=later(8))).out.strip()
    # When the first household misses a second meeting without excuse
    result = held(cli, number, 15, "--absent", str(first), "--excused", str(second))
    # Then the system closed the case as withdrawn, and the output says so with the state's
    # title, that the staff are told, and which meeting is still scheduled
    assert "시스템이 'withdraw'을(를) 실행하여 사건을 '종결(철회)' 상태로 종결" in result.out
    assert "closed_withdrawn" not in result.out
    assert "갈등조정관과 갈등조정담당관에게 알림 메일" in result.out
    assert f"예정된 회의 #{upcoming}은(는) 남아 있습니다" in result.out
    case = as_json(cli("case", "show", number, "--json"))["case"]
    assert (case["state"], case["closed"]) == ("closed_withdrawn", True)
    trail = as_json(cli("case", "history", number, "--json"))
    assert [e["kind"] for e in trail[-3:]] == ["meeting_held", "absence_limit", "transition"]
    move = trail[-1]
    assert (move["actor"], move["trigger"], move["to_state"]) == ("system", "withdraw",
                                                                  "closed_withdrawn")
    assert "환경분쟁 조정법 제49조 제3항 준용" in move["note"] and "가상 세대 1" in move["note"]
    assert as_json(cli("audit", "verify", number, "--json"))["ok"] is True
    # And the meeting itself is recorded as held
    meetings = as_json(cli("meeting", "list", number, "--json"))
    assert [m["status"] for m in meetings] == ["held", "held", "scheduled"]
    # And the mediator and the supervisor are e-mailed that the case was closed
    assert sorted(r["audience"] for r in absence_mail(cli, number)) == ["mediator", "supervisor"]
    ok(cli("reminders", "run-due", now=later(16)))
    messages = [m for m in outbox(tmp_path) if "불출석" in str(m["Subject"])]
    assert sorted(str(m["To"]) for m in messages) == ["김조정 <kim@example.org>",
                                                      "박담당 <park@example.org>"]
    assert all("철회 간주 종결" in str(m["Subject"]) for m in messages)
    body = messages[0].get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "시스템이 이 사건을 조정신청 철회로 보아 종결했습니다(현재 단계: 종결(철회))" in body


def test_the_withdrawal_is_explained_in_english(app: App, cli: Cli) -> None:
    number = drive_dispute(app, "counselling")
    first, _ = (p.id for p in app.parties.list_parties(ADMIN, number))
    held(cli, number, 7, "--absent", str(first))
    result = held(cli, number, 15, "--absent", str(first), lang="en")
    assert "the system fired 'withdraw': the case is closed as 'Closed — withdrawn'" in result.out


def test_the_workflow_shows_its_absence_rule(cli: Cli) -> None:
    shown = ok(cli("workflow", "show", "neighbor_dispute")).out
    assert "회의 불출석: 신청인의 정당한 사유 없는 불출석 2회 → 시스템이 'withdraw' 실행" in shown
    english = ok(cli("workflow", "show", "public_conflict", "--lang", "en")).out
    assert "Meeting absences: 2 unexcused absences of the applicant → e-mail the mediator" in english
    data = as_json(cli("workflow", "show", "public_conflict", "--json"))
    assert data["meetings"]["absences"]["action"] == "notify"


def closure_letters(tmp_path: Path, template: str) -> dict[str, str]:
    """A neighbour-dispute workflow whose withdrawal writes closure letters, with an office
    template for that letter: the environment that uses them."""
    folder = tmp_path / "workflows"
    folder.mkdir()
    for path in WORKFLOWS.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        (folder / path.name).write_text(text.replace(
            "    roles: [mediator, supervisor, admin, system]",
            "    roles: [mediator, supervisor, admin, system]\n    documents: [closure]"),
            encoding="utf-8")
    templates = tmp_path / "templates" / "letters" / "ko"
    templates.mkdir(parents=True)
    (templates / "closure.j2").write_text(template, encoding="utf-8")
    return {"MEDIATION_WORKFLOWS_DIR": str(folder),
            "MEDIATION_TEMPLATES_DIR": str(tmp_path / "templates")}


def files(tmp_path: Path) -> set[Path]:
    return {p for p in (tmp_path / "documents").rglob("*") if p.is_file()}


@pytest.mark.parametrize("template", [
    "{{ no_such_thing }}",
    # the first household's letter is written, the second's fails: the first file must go too
    '{% if recipient.name == "가상 세대 2" %}{{ no_such_thing }}{% endif %}'
    "조정 종결 통지 {{ recipient.name }} 끝.",
], ids=["first letter fails", "second letter fails"])
def test_if_the_withdrawal_fails_the_meeting_is_not_recorded_and_no_letter_file_is_left(
        app: App, cli: Cli, tmp_path: Path, template: str) -> None:
    # Given a neighbour dispute whose withdrawal writes closure letters with a template that
    # fails, and its first household absent once from a meeting it was summoned to
    env = closure_letters(tmp_path, template)
    number = drive_dispute(app, "counselling")
    first, _ = (p.id for p in app.parties.list_parties(ADMIN, number))
    held(cli, number, 7, "--absent", str(first))
    meeting = ok(cli("meeting", "schedule", number, "--at", later(15).isoformat(), "--place",
                     "구청", user="kim", now=later(8))).out.strip()
    before, written = state_of(cli, number), files(tmp_path)
    # When the second unexcused absence is recorded
    message = refused(cli("meeting", "record", number, meeting, "--absent", str(first),
                          user="kim", now=later(16), **env), 2)
    # Then the whole record is refused: the meeting is still scheduled, the case open
    assert "closure.j2" in message
    assert state_of(cli, number) == before
    assert as_json(cli("case", "show", number, "--json"))["case"]["state"] == "counselling"
    # And no closure letter is left on disk (only the meeting notices written before)
    assert files(tmp_path) == written


# what counts ------------------------------------------------------------------------------

def test_only_a_proper_summons_counts_towards_the_limit(
        app: App, cli: Cli, tmp_path: Path) -> None:
    # Given a public conflict whose applicant misses meetings never properly summoned: one
    # without notices, one forced at short notice, one moved without a notice of change
    number, applicant, respondent = public_case(app)
    held(cli, number, 7, "--absent", str(applicant), summons=("--no-notice",))
    held(cli, number, 15, "--absent", str(applicant), summons=("--force", "--reason", "급한 일정"))
    moved = ok(cli("meeting", "schedule", number, "--at", later(23).isoformat(), "--place",
                   "구청", user="kim", now=later(16))).out.strip()
    ok(cli("meeting", "reschedule", number, moved, "--at", later(24).isoformat(), "--no-notice",
           user="kim", now=later(16)))
    third = ok(cli("meeting", "record", number, moved, "--absent", str(applicant), user="kim",
                   now=later(25)))
    # Then none of the three counts
    assert "불출석 규칙" not in third.out and absence_mail(cli, number) == []
    # When the applicant then misses two meetings summoned properly
    # (Monday 28 Dec 2026 and Tuesday 5 Jan 2027: meetings are held on working days)
    assert "불출석 규칙" not in held(cli, number, 34, "--absent", str(applicant)).out
    second = held(cli, number, 42, "--absent", str(applicant), "--attended", str(respondent))
    # Then the rule acts at the second, counting those two only
    assert "2회(기준 2회" in second.out
    ok(cli("reminders", "run-due", now=later(43)))
    [message, _] = [m for m in outbox(tmp_path) if "불출석" in str(m["Subject"])]
    body = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert body.count("- 회의 #") == 2 and f"- 회의 #{moved} " not in body


def test_the_rule_does_not_apply_once_the_settlement_is_signed(app: App, cli: Cli) -> None:
    # Given a neighbour dispute whose settlement every household signed (now in follow-up)
    from mediation.agreement.commands import ItemFields

    number = drive_dispute(app, "settlement")
    kim = app.users.actor("kim")
    first, second = (p.id for p in app.parties.list_parties(ADMIN, number))
    app.agreement.add_item(kim, number, ItemFields(text="야간 소음 자제", owner_party_id=first,
                                         due=(START + timedelta(days=60)).date(),
                                         check_method="상담 확인"))
    for party in (first, second):
        app.agreement.sign_agreement(kim, number, party)
    app.moves.advance(kim, number, "settle")
    assert app.reading.show_case(ADMIN, number).case.state == "follow_up"
    # When the first household misses two follow-up meetings without excuse
    held(cli, number, 7, "--absent", str(first))
    result = held(cli, number, 15, "--absent", str(first))
    # Then nothing happens: no deemed withdrawal after the agreement is signed
    assert "불출석 규칙" not in result.out
    case = as_json(cli("case", "show", number, "--json"))["case"]
    assert (case["state"], case["closed"]) == ("follow_up", False)
    kinds = [e["kind"] for e in as_json(cli("case", "history", number, "--json"))]
    assert "absence_limit" not in kinds and absence_mail(cli, number) == []
