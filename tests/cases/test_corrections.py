"""Correcting a case's moves on the record, through the CLI on SQLite and PostgreSQL: a
supervisor undoes a transition fired by mistake when nothing irreversible followed it, and
reopens a case closed by mistake (by a person or by the absence rule). Each correction is a
new event with who, when and why; the deadlines follow; the chain still verifies."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from conftest import ADMIN, START, Cli, as_json, ok, refused
from support.stories import drive_neighbor

from mediation.app import App


def later(days: float) -> datetime:
    return START + timedelta(days=days)


def deadlines(cli: Cli, number: str) -> dict[str, str]:
    """Each rule's latest deadline and its status."""
    rows = as_json(cli("deadline", "list", number, "--all", "--json"))
    return {r["rule"]: r["status"] for r in sorted(rows, key=lambda r: r["id"])}


def case_of(cli: Cli, number: str) -> dict[str, Any]:
    case: dict[str, Any] = as_json(cli("case", "show", number, "--json"))["case"]
    return case


def test_a_supervisor_undoes_a_transition_fired_by_mistake(app: App, cli: Cli) -> None:
    number = drive_neighbor(app, "intake")
    ok(cli("party", "add", number, "--name", "가상 세대 1", "--role", "applicant", user="kim"))
    ok(cli("case", "advance", number, "visit", user="kim"))
    assert deadlines(cli, number)["site_visit"] == "open"
    assert deadlines(cli, number)["acknowledge"] == "met"
    # the mediator may not undo it: the supervisor does, with a reason
    refused(cli("case", "undo", number, "--reason", "잘못 누름", user="kim"))
    said = ok(cli("case", "undo", number, "--reason", "현장방문 전에 잘못 누름", user="park",
                  now=later(0.01))).out
    assert "상태 변경을 되돌렸습니다: 현장방문 → 접수 — 현장방문 전에 잘못 누름" in said
    # the state it left is back, the deadline it opened is cancelled and the one it met
    # runs again
    assert (case_of(cli, number)["state"], case_of(cli, number)["closed"]) == ("intake", False)
    assert deadlines(cli, number)["site_visit"] == "cancelled"
    assert deadlines(cli, number)["acknowledge"] == "open"
    # the trail keeps both, in words, and verifies
    history = ok(cli("case", "history", number)).out.splitlines()
    assert "상태 변경 현장방문 실시: 접수 → 현장방문" in history[-2]
    assert "park" in history[-1]
    assert "상태 변경 되돌림: 현장방문 → 접수 — 현장방문 전에 잘못 누름" in history[-1]
    assert as_json(cli("audit", "verify", number, "--json"))["ok"] is True
    # an undo is not undone: the last move is no longer a transition
    assert "되돌릴 상태 변경이 없습니다" in refused(
        cli("case", "undo", number, "--reason", "다시", user="park", now=later(0.02)))
    # and the case moves on normally
    ok(cli("case", "advance", number, "visit", user="kim", now=later(0.03)))
    assert case_of(cli, number)["state"] == "site_visit"


def test_a_transition_followed_by_a_letter_sent_is_not_undone(app: App, cli: Cli) -> None:
    number = drive_neighbor(app, "site_visit")
    party = app.parties.list_parties(ADMIN, number)[0].id
    ok(cli("party", "add", number, "--name", "가상 관리사무소", "--role", "observer", "--email",
           "office@example.org", user="kim"))
    observer = max(p.id for p in app.parties.list_parties(ADMIN, number))
    (letter,) = as_json(cli("letter", "render", number, "progress", "--party", str(observer),
                            "--format", "txt", "--json", user="kim"))
    ok(cli("letter", "send", number, letter["number"], user="kim"))
    before = as_json(cli("case", "history", number, "--json"))
    message = refused(cli("case", "undo", number, "--reason", "실수", user="park"))
    assert "발송한 문서" in message
    assert as_json(cli("case", "history", number, "--json")) == before
    assert party  # the walk added its parties


def test_undoing_a_closing_opens_the_case_again_and_voids_nothing_sent(
        app: App, cli: Cli) -> None:
    number = drive_neighbor(app, "counselling")
    ok(cli("case", "advance", number, "withdraw", "--note", "신청인 철회 의사", user="kim"))
    assert case_of(cli, number)["closed"] is True
    assert deadlines(cli, number)["counselling_period"] == "cancelled"
    ok(cli("case", "undo", number, "--reason", "다른 사건과 혼동", user="park", now=later(0.01)))
    case = case_of(cli, number)
    assert (case["state"], case["closed"]) == ("counselling", False)
    assert deadlines(cli, number)["counselling_period"] == "open"
    assert deadlines(cli, number)["progress_notice"] == "open"
    assert as_json(cli("audit", "verify", number, "--json"))["ok"] is True


def test_a_supervisor_reopens_a_case_closed_by_mistake(app: App, cli: Cli) -> None:
    number = drive_neighbor(app, "counselling")
    ok(cli("case", "advance", number, "close_unresolved", "--note", "합의 불가", user="kim"))
    # refused to a mediator, and for an open case
    refused(cli("case", "reopen", number, "--reason", "실수", user="kim"))
    other = drive_neighbor(app, "intake")
    assert "case undo" in refused(cli("case", "reopen", other, "--reason", "실수", user="park"))
    # the supervisor reopens it: back to the state it was closed from, deadlines from now
    when = later(3)
    said = ok(cli("case", "reopen", number, "--reason", "당사자가 재조정을 요청", user="park",
                  now=when)).out
    assert "사건을 다시 열었습니다: 종결(미합의) → 조정상담 — 당사자가 재조정을 요청" in said
    case = case_of(cli, number)
    assert (case["state"], case["closed"]) == ("counselling", False)
    rows = as_json(cli("deadline", "list", number, "--json"))
    running = {r["rule"]: r for r in rows}
    assert set(running) >= {"counselling_period", "progress_notice"}
    assert datetime.fromisoformat(running["counselling_period"]["start_at"]) == when
    history = ok(cli("case", "history", number)).out.splitlines()
    assert "종결 사건 재개: 종결(미합의) → 조정상담 — 당사자가 재조정을 요청" in history[-1]
    assert as_json(cli("audit", "verify", number, "--json"))["ok"] is True
    # the outcome follows the corrected record
    assert as_json(cli("case", "show", number, "--json"))["outcome"] is None


def test_a_deemed_withdrawal_of_the_absence_rule_is_reopened_by_the_supervisor(
        app: App, cli: Cli) -> None:
    number = drive_neighbor(app, "counselling")
    first, second = (p.id for p in app.parties.list_parties(ADMIN, number))
    for day in (7, 15):
        meeting = ok(cli("meeting", "schedule", number, "--at", later(day).isoformat(),
                         "--place", "구청", user="kim", now=later(day - 7))).out.strip()
        ok(cli("meeting", "record", number, meeting, "--absent", str(first), "--attended",
               str(second), user="kim", now=later(day + 1)))
    assert case_of(cli, number)["state"] == "closed_withdrawn"
    ok(cli("case", "reopen", number, "--reason", "불출석 사유서가 늦게 도착함", user="park",
           now=later(17)))
    assert case_of(cli, number)["state"] == "counselling"
    trail = as_json(cli("case", "history", number, "--json"))
    assert (trail[-1]["kind"], trail[-1]["actor"], trail[-1]["note"]) == (
        "reopened", "park", "불출석 사유서가 늦게 도착함")
    assert trail[-1]["details"]["closed_by"] == "system"
    assert as_json(cli("audit", "verify", number, "--json"))["ok"] is True


# parties ---------------------------------------------------------------------------------

def test_a_mistyped_e_mail_address_is_corrected_on_the_record(app: App, cli: Cli) -> None:
    number = drive_neighbor(app, "site_visit")
    (party,) = app.parties.list_parties(ADMIN, number)
    ok(cli("party", "update", number, str(party.id), "--email", "hong@example.org",
           "--role", "respondent", user="kim"))
    listed = ok(cli("party", "list", number)).out
    assert "hong@example.org" in listed and "피신청인" in listed
    (row,) = as_json(cli("party", "list", number, "--json"))
    assert (row["email"], row["role"]) == ("hong@example.org", "respondent")
    history = ok(cli("case", "history", number)).out.splitlines()
    assert (f"당사자 정보 수정 #{party.id} — 역할: 신청인 → 피신청인; 전자우편 변경"
            in history[-1])
    assert "hong@example.org" not in ok(cli("case", "history", number)).out
    event = as_json(cli("case", "history", number, "--json"))[-1]
    assert event["details"]["changes"] == {"role": ["applicant", "respondent"]}
    assert event["details"]["contacts_changed"] == ["email"]
    assert as_json(cli("audit", "verify", number, "--json"))["ok"] is True
    # the same value again, a bad address and an unknown party change nothing
    before = as_json(cli("case", "history", number, "--json"))
    refused(cli("party", "update", number, str(party.id), "--email", "hong@example.org",
                user="kim"), code=2)
    refused(cli("party", "update", number, str(party.id), "--email", "not-an-address",
                user="kim"), code=2)
    refused(cli("party", "update", number, "999", "--name", "누구", user="kim"), code=3)
    refused(cli("party", "update", number, str(party.id), "--name", "누구", user="lee"))
    assert as_json(cli("case", "history", number, "--json")) == before


def test_a_party_added_by_mistake_is_removed_from_the_conditions_but_not_the_record(
        app: App, cli: Cli) -> None:
    number = drive_neighbor(app, "separate_visits")
    for party in app.parties.list_parties(ADMIN, number):
        ok(cli("party", "consent", number, str(party.id), user="kim"))
    duplicate = ok(cli("party", "add", number, "--name", "가상 세대 1", "--role", "applicant",
                       user="kim")).out.strip()
    # the duplicate has not consented: counselling cannot start
    refused(cli("case", "advance", number, "counsel", user="kim"))
    ok(cli("party", "remove", number, duplicate, "--reason", "같은 세대를 두 번 등록함",
           user="kim"))
    # it stays listed, marked, and in the history; it leaves the guard and new letters
    listed = ok(cli("party", "list", number)).out
    assert f"#{duplicate} 가상 세대 1" in listed and "[제외됨: 같은 세대를 두 번 등록함]" in listed
    trail = as_json(cli("case", "history", number, "--json"))
    assert (trail[-1]["kind"], trail[-1]["note"]) == ("party_removed", "같은 세대를 두 번 등록함")
    assert as_json(cli("audit", "verify", number, "--json"))["ok"] is True
    refused(cli("party", "remove", number, duplicate, "--reason", "다시", user="kim"))
    ok(cli("case", "advance", number, "counsel", user="kim"))
    shown = as_json(cli("case", "show", number, "--json"))
    assert str(duplicate) not in {str(p["id"]) for p in shown["parties"]}


# issues ----------------------------------------------------------------------------------

def test_an_issue_is_corrected_or_removed_on_the_record_and_signatures_fall(
        app: App, cli: Cli) -> None:
    number = drive_neighbor(app, "settlement")
    first, second = (p.id for p in app.parties.list_parties(ADMIN, number))
    noise = ok(cli("issue", "add", number, "소음", user="kim")).out.strip()
    twice = ok(cli("issue", "add", number, "소음", user="kim")).out.strip()
    ok(cli("agreement", "item", "add", number, "--text", "22시 이후 세탁기 사용 자제", "--owner",
           str(first), "--due", "2027-01-31", user="kim"))
    ok(cli("agreement", "sign", number, str(first), user="kim"))
    # correcting the wording voids the signature given, and the history says old → new
    said = ok(cli("issue", "update", number, noise, "--text", "야간 세탁기 소음", user="kim"))
    assert "서명 1건이 무효" in said.out + said.err
    shown = as_json(cli("agreement", "show", number, "--json"))
    assert [s for s in shown["signatures"] if s.get("voided_at") is None] == []
    history = ok(cli("case", "history", number)).out
    assert f"쟁점 수정 #{noise} 「소음」 → 「야간 세탁기 소음」" in history
    # the duplicate goes, with its reason; the list no longer has it
    ok(cli("issue", "remove", number, twice, "--reason", "같은 쟁점을 두 번 기록함", user="kim"))
    assert [i["text"] for i in as_json(cli("issue", "list", number, "--json"))] == [
        "야간 세탁기 소음"]
    trail = as_json(cli("case", "history", number, "--json"))
    assert (trail[-1]["kind"], trail[-1]["note"], trail[-1]["details"]["text"]) == (
        "issue_removed", "같은 쟁점을 두 번 기록함", "소음")
    assert as_json(cli("audit", "verify", number, "--json"))["ok"] is True
    # unchanged text, unknown issue, another mediator: refused, nothing written
    before = as_json(cli("case", "history", number, "--json"))
    refused(cli("issue", "update", number, noise, "--text", "야간 세탁기 소음", user="kim"),
            code=2)
    refused(cli("issue", "remove", number, twice, "--reason", "다시", user="kim"), code=3)
    refused(cli("issue", "update", number, noise, "--text", "다른 문구", user="lee"))
    assert as_json(cli("case", "history", number, "--json")) == before
    assert second


# meeting records -------------------------------------------------------------------------

def test_a_wrong_absence_is_corrected_and_the_deemed_withdrawal_it_caused_is_reopened(
        app: App, cli: Cli) -> None:
    number = drive_neighbor(app, "counselling")
    first, second = (p.id for p in app.parties.list_parties(ADMIN, number))
    meetings = []
    for day in (7, 15):
        meeting = ok(cli("meeting", "schedule", number, "--at", later(day).isoformat(),
                         "--place", "구청", user="kim", now=later(day - 7))).out.strip()
        ok(cli("meeting", "record", number, meeting, "--absent", str(first), "--attended",
               str(second), user="kim", now=later(day + 1)))
        meetings.append(meeting)
    assert case_of(cli, number)["state"] == "closed_withdrawn"
    # recording it again without --correct is refused and says how
    assert "--correct" in refused(cli("meeting", "record", number, meetings[1], "--attended",
                                      str(first), str(second), user="kim", now=later(17)))
    # the first household did attend the second meeting: the record is corrected
    result = ok(cli("meeting", "record", number, meetings[1], "--attended", str(first),
                    str(second), "--correct", "--reason", "출석부를 잘못 읽음", user="kim",
                    now=later(17)))
    assert "case reopen" in result.out and "성립하지 않습니다" in result.out
    shown = as_json(cli("meeting", "show", number, meetings[1], "--json"))
    assert {(a["party_id"], a["status"]) for a in shown["attendance"]} == {
        (first, "attended"), (second, "attended")}
    history = ok(cli("case", "history", number)).out
    assert (f"회의 기록 정정 #{meetings[1]} — 출석: #{second} → #{first}, #{second}; 불출석: "
            f"#{first} → - — 출석부를 잘못 읽음") in history
    # the case stays closed until the supervisor reopens it
    assert case_of(cli, number)["closed"] is True
    ok(cli("case", "reopen", number, "--reason", "회의 기록 정정으로 철회 간주 불성립",
           user="park", now=later(18)))
    assert case_of(cli, number)["state"] == "counselling"
    assert as_json(cli("audit", "verify", number, "--json"))["ok"] is True


def test_a_correction_that_reaches_the_limit_applies_the_rule(app: App, cli: Cli) -> None:
    number = drive_neighbor(app, "counselling")
    first, second = (p.id for p in app.parties.list_parties(ADMIN, number))
    ids = []
    for day, absent in ((7, True), (15, False)):
        meeting = ok(cli("meeting", "schedule", number, "--at", later(day).isoformat(),
                         "--place", "구청", user="kim", now=later(day - 7))).out.strip()
        who = ("--absent", str(first), "--attended", str(second)) if absent else (
            "--attended", str(first), str(second))
        ok(cli("meeting", "record", number, meeting, *who, user="kim", now=later(day + 1)))
        ids.append(meeting)
    assert case_of(cli, number)["closed"] is False
    refused(cli("meeting", "record", number, ids[1], "--attended", str(first), str(second),
                "--correct", "--reason", "같은 기록", user="kim", now=later(17)), code=2)
    refused(cli("meeting", "record", number, ids[1], "--attended", str(first),
                "--correct", user="kim", now=later(17)), code=2)
    ok(cli("meeting", "record", number, ids[1], "--absent", str(first), "--attended",
           str(second), "--correct", "--reason", "불출석을 출석으로 잘못 기록", user="kim",
           now=later(17)))
    assert case_of(cli, number)["state"] == "closed_withdrawn"
    assert as_json(cli("audit", "verify", number, "--json"))["ok"] is True


# concurrent corrections ------------------------------------------------------------------

HOLD = "before_write:sleep=1.5"  # each process reads, then waits before it writes


def one_wins(cli: Cli, *argvs: tuple[str, ...]) -> None:
    procs = [cli.spawn(*argv, user=user, MEDIATION_FAULT=HOLD, MEDIATION_LANG="en")
             for user, *argv in argvs]
    results = [(*p.communicate(timeout=60), p.returncode) for p in procs]
    codes = sorted(code for _, _, code in results)
    assert codes == [0, 5], results
    (_, err, _), = [r for r in results if r[2] == 5]
    assert len(err.strip().splitlines()) == 1 and "changed since you read it" in err


def test_two_supervisors_undoing_at_once_one_wins_and_the_other_exits_5(
        app: App, cli: Cli) -> None:
    number = drive_neighbor(app, "site_visit")
    one_wins(cli, ("park", "case", "undo", number, "--reason", "첫째"),
             ("admin", "case", "undo", number, "--reason", "둘째"))
    trail = as_json(cli("case", "history", number, "--json"))
    assert [e["kind"] for e in trail].count("undone") == 1
    assert as_json(cli("audit", "verify", number, "--json"))["ok"] is True


def test_two_corrections_of_a_party_at_once_one_wins_and_the_other_exits_5(
        app: App, cli: Cli) -> None:
    number = drive_neighbor(app, "site_visit")
    (party,) = app.parties.list_parties(ADMIN, number)
    one_wins(cli, ("kim", "party", "update", number, str(party.id), "--phone", "010-1111-2222"),
             ("park", "party", "remove", number, str(party.id), "--reason", "중복"))
    assert as_json(cli("audit", "verify", number, "--json"))["ok"] is True
