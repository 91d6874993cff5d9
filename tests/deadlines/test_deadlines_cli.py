"""The deadline, calendar and reminder commands as people type them, on SQLite and
PostgreSQL, with ``MEDIATION_NOW`` moving time: lists and filters, explanations that name
the holidays skipped, stopping the clock, extensions, office holidays, and the outbox.
"""

from __future__ import annotations

import json
from datetime import datetime
from email import message_from_bytes, policy
from pathlib import Path

from conftest import Cli
from support.cases import at


def open_case(cli: Cli, when: datetime, workflow: str = "public_conflict") -> str:
    opened = cli("case", "open", "--workflow", workflow, "--title", "가상 도로 확장 갈등",
                 "--mediator", "kim", "--supervisor", "park", "--json", user="park", now=when)
    assert opened.code == 0, opened.err
    number: str = json.loads(opened.out)["number"]
    return number


def deadlines(cli: Cli, *args: str, when: datetime, user: str = "kim") -> list[dict[str, object]]:
    listed = cli("deadline", "list", *args, "--json", user=user, now=when)
    assert listed.code == 0, listed.err
    data = json.loads(listed.out)  # one case's deadlines, or a page of every case's
    found: list[dict[str, object]] = data if args and args[0][0].isdigit() else data["items"]
    return found


def test_a_mediator_lists_what_is_overdue_and_what_falls_due_soon(cli: Cli) -> None:
    # Given a case received Tue 11/24 09:00: acknowledgement due at 12:00 (3 working hours),
    # the first progress notice 30 working days later
    number = open_case(cli, at(2026, 11, 24, 9))
    assert [d["rule"] for d in deadlines(cli, number, when=at(2026, 11, 24, 9))] == [
        "acknowledge", "progress_notice"]
    # Then within 7 days only the acknowledgement falls due
    soon = deadlines(cli, "--due-within", "7d", when=at(2026, 11, 24, 9))
    assert [(d["rule"], d["due_at"]) for d in soon] == [("acknowledge", "2026-11-24T03:00:00+00:00")]
    assert deadlines(cli, "--overdue", when=at(2026, 11, 24, 11, 59)) == []
    # And at 13:00 it is overdue, shown so in Korean
    late = deadlines(cli, "--overdue", when=at(2026, 11, 24, 13))
    assert [(d["number"], d["overdue"]) for d in late] == [(number, True)]
    text = cli("deadline", "list", "--overdue", user="kim", now=at(2026, 11, 24, 13))
    assert "[기한 경과]" in text.out and "접수 확인 및 처리담당자 안내" in text.out
    # And a span it cannot read is refused
    assert cli("deadline", "list", "--due-within", "7x", user="kim").code == 2


def test_explain_names_every_weekend_and_holiday_it_skipped(cli: Cli) -> None:
    # Given a case received Fri 2/13 16:30, the eve of the 설날 weekend
    number = open_case(cli, at(2026, 2, 13, 16, 30))
    # When kim asks how the acknowledgement was counted
    ko = cli("deadline", "explain", number, "1", user="kim", now=at(2026, 2, 13, 17))
    en = cli("deadline", "explain", number, "1", "--lang", "en", user="kim",
             now=at(2026, 2, 13, 17))
    # Then the start, the rule, each day skipped by name, and the result are shown
    assert ko.code == 0, ko.err
    assert "시작: 2026. 2. 13. 16:30" in ko.out
    assert ("제외한 날: 2026. 2. 14. 토요일, 2026. 2. 15. 일요일, 2026. 2. 16. 설날 전날, "
            "2026. 2. 17. 설날, 2026. 2. 18. 설날 다음날") in ko.out
    assert "결과: 2026. 2. 19. 10:30" in ko.out and "제19조 제1항" in ko.out
    assert "skipped: 14 Feb 2026 Saturday, 15 Feb 2026 Sunday, 16 Feb 2026 설날 전날" in en.out
    # And an unknown deadline is 'not found'
    missing = cli("deadline", "explain", number, "99", user="kim")
    assert missing.code == 3 and "#99" in missing.err


def test_pausing_and_resuming_a_case_from_the_command_line(cli: Cli) -> None:
    number = open_case(cli, at(2026, 11, 24, 9))
    # When kim stops the clock at 10:00 (two of the three working hours left)
    paused = cli("case", "pause", number, "--reason", "보완 요청", "--json", user="kim",
                 now=at(2026, 11, 24, 10))
    assert paused.code == 0, paused.err
    ack = next(d for d in json.loads(paused.out)["deadlines"] if d["rule"] == "acknowledge")
    assert (ack["status"], ack["left_hours"]) == ("paused", 2.0)
    # And lee, who is not on the case, may not resume it
    assert cli("case", "resume", number, user="lee").code == 4
    # When kim resumes the next morning at 09:00, the two hours run to 11:00
    resumed = cli("case", "resume", number, "--json", user="kim", now=at(2026, 11, 25, 9))
    ack = next(d for d in json.loads(resumed.out)["deadlines"] if d["rule"] == "acknowledge")
    assert ack["due_at"] == "2026-11-25T02:00:00+00:00"


def test_extending_a_deadline_from_the_command_line(cli: Cli) -> None:
    number = open_case(cli, at(2026, 11, 24, 9))
    # The acknowledgement (3 working hours, due 12:00) may first be extended by at most
    # 3 working hours: to 16:00 (12–13 is lunch)
    too_far = cli("deadline", "extend", number, "1", "--by", "4h", "--reason", "x", user="kim",
                  now=at(2026, 11, 24, 10))
    assert too_far.code == 4 and "원래 처리기간" in too_far.err
    first = cli("deadline", "extend", number, "1", "--by", "3h", "--reason", "담당자 출장",
                "--json", user="kim", now=at(2026, 11, 24, 10))
    assert first.code == 0, first.err
    assert json.loads(first.out)["due_at"] == "2026-11-24T07:00:00+00:00"
    second = cli("deadline", "extend", number, "1", "--until", "2026-11-26", "--reason", "추가",
                 "--lang", "en", user="kim", now=at(2026, 11, 24, 11))
    assert second.code == 4 and "consent" in second.err
    agreed = cli("deadline", "extend", number, "1", "--until", "2026-11-26", "--reason", "추가",
                 "--with-consent", "--json", user="kim", now=at(2026, 11, 24, 11))
    shown = json.loads(agreed.out)
    assert (shown["due_at"], shown["original_due_at"], shown["extensions"]) == (
        "2026-11-26T09:00:00+00:00", "2026-11-24T03:00:00+00:00", 2)
    bad = cli("deadline", "extend", number, "1", "--by", "soon", "--reason", "x", user="kim")
    assert bad.code == 2


def test_an_office_holiday_from_the_command_line_moves_deadlines_and_is_listed(cli: Cli) -> None:
    # Given a case received Tue 11/24 16:00: acknowledgement due Wed 11/25 10:00
    number = open_case(cli, at(2026, 11, 24, 16))
    assert deadlines(cli, number, when=at(2026, 11, 24, 16))[0]["due_at"] == "2026-11-25T01:00:00+00:00"
    # When the supervisor makes Wed 11/25 a holiday, it is due Thu 11/26 10:00
    added = cli("calendar", "add-holiday", "2026-11-25", "--name", "임시공휴일", user="park",
                now=at(2026, 11, 24, 17))
    assert added.code == 0, added.err
    assert f"{number} #1 acknowledge: 2026. 11. 25. 10:00 → 2026. 11. 26. 10:00" in added.out
    # And the year's list shows it beside the public holidays, with who added it
    listed = cli("calendar", "list", "--year", "2026", "--json", user="kim")
    days = {d["day"]: d for d in json.loads(listed.out)}
    assert (days["2026-11-25"]["name"], days["2026-11-25"]["changed_by"]) == ("임시공휴일", "park")
    assert days["2026-09-25"]["name"] == "추석"
    # And a mediator may not change the calendar
    assert cli("calendar", "remove-holiday", "2026-11-25", user="kim",
               now=at(2026, 11, 24, 17)).code == 4
    assert cli("calendar", "remove-holiday", "2026-11-25", user="park",
               now=at(2026, 11, 24, 17)).code == 0
    assert deadlines(cli, number, when=at(2026, 11, 24, 17))[0]["due_at"] == "2026-11-25T01:00:00+00:00"


def test_run_due_writes_the_outbox_and_the_lists_show_what_was_sent(
        cli: Cli, tmp_path: Path) -> None:
    number = open_case(cli, at(2026, 11, 24, 9))
    # When run-due runs at 11:00 with no SMTP server configured
    ran = cli("reminders", "run-due", "--json", now=at(2026, 11, 24, 11))
    assert ran.code == 0, ran.err
    assert json.loads(ran.out)["sent"] >= 1
    # Then the reminder is an .eml file in the outbox
    subjects = [str(message_from_bytes(f.read_bytes(), policy=policy.default)["Subject"])
                for f in (tmp_path / "outbox").glob("*.eml")]
    assert f"[기한 임박] {number} 접수 확인 및 처리담당자 안내 — 2026. 11. 24. 12:00까지" in subjects
    # And the lists tell sent, due and failed apart
    everything = json.loads(cli("reminders", "list", "--all", "--json", user="kim").out)["items"]
    assert any(r["status"] == "sent" and r["number"] == number for r in everything)
    assert json.loads(cli("reminders", "list", "--failed", "--json").out)["items"] == []
    due = json.loads(cli("reminders", "list", "--due", "--json",
                         now=at(2026, 11, 24, 12)).out)["items"]
    assert [(r["kind"], r["audience"]) for r in due] == [("escalation", "supervisor")]
    text = cli("reminders", "list", "--case", number, user="kim")
    assert "독촉" in text.out and "갈등조정담당관" in text.out  # escalation, supervisor


def test_marking_a_deadline_done(cli: Cli) -> None:
    number = open_case(cli, at(2026, 11, 24, 9))
    done = cli("deadline", "done", number, "1", "--note", "접수 안내 발송", "--json", user="kim",
               now=at(2026, 11, 24, 10))
    assert done.code == 0, done.err
    assert json.loads(done.out)["status"] == "met"
    again = cli("deadline", "done", number, "1", user="kim")
    assert again.code == 4
    history = json.loads(cli("case", "history", number, "--json", user="kim").out)
    assert history[-1]["kind"] == "deadline_met" and history[-1]["note"] == "접수 안내 발송"
