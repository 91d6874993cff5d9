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
