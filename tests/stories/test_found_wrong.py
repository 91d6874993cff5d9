"""Workflow behaviour a new user found wrong (issue 11), each told through the CLI on SQLite
and PostgreSQL, with the audit chain verified after the story."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import START, WORKFLOWS, Cli, as_json, ok, refused
from support.stories import drive_neighbor, drive_public

from mediation.app import App
from mediation.core.clock import SEOUL, FrozenClock
from mediation.core.errors import DefinitionError
from mediation.workflow.loader import parse


@pytest.fixture(autouse=True)
def html_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    """Letters as HTML: these stories are about the record, not PDF."""
    monkeypatch.setenv("MEDIATION_DOCUMENT_FORMAT", "html")


def show(cli: Cli, number: str, user: str = "kim") -> dict[str, Any]:
    data: dict[str, Any] = json.loads(ok(cli("case", "show", number, "--json", user=user)).out)
    return data


def verified(cli: Cli, number: str) -> None:
    assert as_json(cli("audit", "verify", number, "--json"))["ok"] is True


def neighbour_case(cli: Cli) -> str:
    return ok(cli("case", "open", "--workflow", "neighbor_dispute", "--title", "가상 층간소음",
                  "--mediator", "kim", "--supervisor", "park", user="kim")).out.strip()


def test_an_observer_does_not_block_counselling_in_a_neighbour_dispute(cli: Cli) -> None:
    # Given a neighbour dispute with two households and the management office as an observer
    number = neighbour_case(cli)
    up = ok(cli("party", "add", number, "--name", "가상 윗집", "--role", "respondent",
                user="kim")).out.strip()
    down = ok(cli("party", "add", number, "--name", "가상 아랫집", "--role", "applicant",
                  user="kim")).out.strip()
    ok(cli("party", "add", number, "--name", "가상 관리사무소", "--role", "참관인", user="kim"))
    ok(cli("case", "advance", number, "visit", user="kim"))
    ok(cli("case", "advance", number, "meet_separately", user="kim"))
    # When only one household consented, counselling is still refused
    ok(cli("party", "consent", number, down, user="kim"))
    assert "동의해야 합니다" in refused(cli("case", "advance", number, "counsel", user="kim"))
    # When both households consented (the observer never did)
    ok(cli("party", "consent", number, up, user="kim"))
    counsel = {t["trigger"]: t for t in show(cli, number)["triggers"]}["counsel"]
    assert counsel["ready"] is True
    ok(cli("case", "advance", number, "counsel", user="kim"))
    # Then the case is in counselling and its trail is intact
    assert show(cli, number)["case"]["state"] == "counselling"
    verified(cli, number)
    # And the observer's consent reads as not needed, the households' as given
    listed = ok(cli("party", "list", number, user="kim")).out
    assert "가상 관리사무소" in listed and "동의 대상 아님" in listed and "미확인" not in listed
    observer = next(p for p in show(cli, number)["parties"] if p["name"] == "가상 관리사무소")
    assert observer["consent_asked"] is False and observer["consent"] is None


def test_an_unknown_consent_role_is_refused_with_its_line(tmp_path: Path) -> None:
    # Given the neighbour workflow with a misspelt consent role
    text = (WORKFLOWS / "neighbor_dispute.yaml").read_text(encoding="utf-8")
    bad = text.replace("consent_roles: [applicant, respondent]",
                       "consent_roles:\n  - applicant\n  - neighbour")
    line = bad.splitlines().index("  - neighbour") + 1
    # When it loads, then the error names the key, the line and the roles known
    with pytest.raises(DefinitionError) as refused_:
        parse(bad, "neighbor_dispute.yaml")
    message = refused_.value.messages["en"]
    assert f"consent_roles[1] (line {line})" in message
    assert "unknown party role 'neighbour'" in message and "observer" in message
    # And the shipped file declares the households only
    assert parse(text).consent_roles == ("applicant", "respondent")


def test_a_separate_visit_without_a_notice_needs_no_notice_period(cli: Cli, app: App) -> None:
    # Given a neighbour dispute in its separate visits, on Tuesday 24 Nov 2026 at 09:00
    number = drive_neighbor(app, "separate_visits")
    # When kim books a visit for Thursday 14:00 without notices
    meeting = ok(cli("meeting", "schedule", number, "--at", "2026-11-26T14:00", "--place",
                     "가상 아파트 101동", "--kind", "separate", "--no-notice", user="kim")).out
    # Then it is scheduled, no reason asked, and no notice written
    listed = as_json(cli("meeting", "list", number, "--json", user="kim"))
    assert [m["id"] for m in listed] == [int(meeting)] and listed[0]["forced_reason"] is None
    # And moving it to Friday without notices needs no reason either
    ok(cli("meeting", "reschedule", number, meeting.strip(), "--at", "2026-11-27T10:00",
           "--no-notice", user="kim"))
    # But a visit the parties are notified of still needs 7 days
    message = refused(cli("meeting", "schedule", number, "--at", "2026-11-26T15:00", "--place",
                          "가상 아파트 101동", "--kind", "separate", user="kim"))
    assert "7일 전까지 통지해야 합니다" in message
    verified(cli, number)


def test_a_meeting_on_new_years_day_is_refused_before_any_notice_is_written(
        cli: Cli, app: App) -> None:
    # Given a public conflict in mediation, whose parties get notices
    number = drive_public(app, "mediation")
    before = as_json(cli("letter", "list", number, "--json", user="kim"))
    # When kim schedules a council meeting on 1 January 2027 (신정)
    message = refused(cli("meeting", "schedule", number, "--at", "2027-01-01T14:00", "--place",
                          "구청", user="kim"))
    # Then it is refused, naming the day off and the way to go ahead, and nothing was written
    assert "사무소 휴무일(신정" in message and "--force --reason" in message
    assert as_json(cli("meeting", "list", number, "--json", user="kim")) == []
    assert as_json(cli("letter", "list", number, "--json", user="kim")) == before
    # When it is forced with a reason
    ok(cli("meeting", "schedule", number, "--at", "2027-01-01T14:00", "--place", "구청",
           "--force", "--reason", "주민 다수가 휴일 개최를 요청", user="kim"))
    # Then the reason and what was forced are recorded in the event
    [event] = [e for e in as_json(cli("case", "history", number, "--json", user="kim"))
               if e["kind"] == "meeting_scheduled"]
    assert event["note"] == "주민 다수가 휴일 개최를 요청"
    assert event["details"]["time_forced"] == "day_off"
    verified(cli, number)


def test_case_show_marks_ready_only_the_triggers_this_user_may_fire(cli: Cli, app: App) -> None:
    # Given a public conflict in diagnosis with a grade: the supervisor may hand it over
    number = drive_public(app, "diagnosis")
    ok(cli("case", "update", number, "--grade", "C", user="kim"))
    # When mediator kim reads it
    text = ok(cli("case", "show", number, user="kim")).out
    # Then "monitor" is not offered to her as ready, and it says who may fire it
    [line] = [ln for ln in text.splitlines() if "(monitor)" in ln]
    assert not line.lstrip().startswith("✓")
    after = text.split(line, 1)[1].splitlines()[1]
    assert "갈등조정담당관·관리자만 실행할 수 있습니다" in after
    kim = {t["trigger"]: t for t in show(cli, number)["triggers"]}
    assert (kim["monitor"]["may_fire"], kim["plan"]["may_fire"]) == (False, True)
    english = ok(cli("case", "show", number, "--lang", "en", user="kim")).out
    assert "only a supervisor or administrator may fire it" in english
    # And supervisor park sees it ready
    park = ok(cli("case", "show", number, user="park")).out
    assert "✓ 부서 자체관리(모니터링) (monitor)" in park
    assert {t["trigger"]: t for t in show(cli, number, "park")["triggers"]}["monitor"]["may_fire"]
    verified(cli, number)


def test_deadline_list_is_soonest_first_and_a_deadline_met_late_says_so(cli: Cli, app: App) -> None:
    # Given a council being convened: its 7-day chair deadline opened after the 150-day
    # dormancy one
    number = drive_public(app, "convening")
    listed = as_json(cli("deadline", "list", number, "--json", user="kim"))
    ids = [d["id"] for d in listed]
    # Then the case's deadlines are listed soonest first, not in the order they opened
    assert [d["due_at"] for d in listed] == sorted(d["due_at"] for d in listed)
    assert ids != sorted(ids)
    everyone = as_json(cli("deadline", "list", "--json", user="kim"))["items"]
    assert [d["due_at"] for d in everyone] == sorted(d["due_at"] for d in everyone)
    # And the receipt, met in time when the case left intake, is not late
    [receipt] = [d for d in as_json(cli("deadline", "list", number, "--all", "--json",
                                        user="kim")) if d["rule"] == "acknowledge"]
    assert receipt["status"] == "met" and receipt["late_days"] is None
    # When the chair deadline is recorded done two days after its due time
    chair = next(d for d in listed if d["rule"] == "chair_named")
    due = datetime.fromisoformat(chair["due_at"])
    ok(cli("deadline", "done", number, str(chair["id"]), user="kim",
           now=due + timedelta(days=2)))
    # Then it shows as met late, in text and in JSON (the old fields unchanged)
    [met] = [d for d in as_json(cli("deadline", "list", number, "--all", "--json",
                                    user="kim", now=due + timedelta(days=2)))
             if d["id"] == chair["id"]]
    assert (met["status"], met["late_days"], met["overdue"]) == ("met", 2, False)
    text = ok(cli("deadline", "list", number, "--all", user="kim",
                  now=due + timedelta(days=2))).out
    [line] = [ln for ln in text.splitlines() if ln.startswith(f"#{chair['id']} ")]
    assert "기한 후 완료(2일 지연)" in line
    english = ok(cli("deadline", "list", number, "--all", "--lang", "en",
                     user="kim", now=due + timedelta(days=2))).out
    assert "met late (2 days)" in english
    verified(cli, number)


def explained(cli: Cli, number: str, rule: str) -> tuple[dict[str, Any], str]:
    [deadline] = [d for d in as_json(cli("deadline", "list", number, "--json", user="kim"))
                  if d["rule"] == rule]
    [data] = as_json(cli("deadline", "explain", number, str(deadline["id"]), "--json",
                         user="kim"))
    text = ok(cli("deadline", "explain", number, str(deadline["id"]), user="kim")).out
    return data, text


def test_a_calendar_day_deadline_lists_only_the_days_off_its_end_was_moved_over(
        cli: Cli, app: App, clock: FrozenClock) -> None:
    # Given a council convened on Tuesday 24 Nov 2026: 30 calendar days end on Wed 23 Dec
    number = drive_public(app, "convening")
    data, text = explained(cli, number, "invitation_reply")
    # Then no day is listed as skipped, though the period spans four weekends
    [due] = [s for s in data["steps"] if s["kind"] == "due"]
    assert due["skipped"] == [] and due["due"].startswith("2026-12-23")
    assert "제외한 날" not in text
    # Given a council convened on Friday 27 Nov: 30 calendar days end on Saturday 26 Dec
    clock.set(datetime(2026, 11, 27, 10, 0, tzinfo=SEOUL))
    later = drive_public(app, "convening")
    data, text = explained(cli, later, "invitation_reply")
    # Then the end moves to Monday 28 Dec over that weekend only (not over Christmas before)
    [due] = [s for s in data["steps"] if s["kind"] == "due"]
    assert [s["day"] for s in due["skipped"]] == ["2026-12-26", "2026-12-27"]
    assert due["due"].startswith("2026-12-28")
    [line] = [ln for ln in text.splitlines() if "제외한 날" in ln]
    assert "2026. 12. 26." in line and "2026. 12. 25." not in line
    # And a working-day deadline still lists every weekend it skipped
    data, _ = explained(cli, later, "chair_named")
    [due] = [s for s in data["steps"] if s["kind"] == "due"]
    assert {s["source"] for s in due["skipped"]} == {"weekend"}
    verified(cli, number)
    verified(cli, later)


def item_lines(cli: Cli, number: str, now: datetime) -> list[str]:
    text = ok(cli("agreement", "show", number, user="kim", now=now)).out
    return [ln for ln in text.splitlines() if "가상 방음매트 설치" in ln]


def test_a_draft_item_shows_as_draft_and_a_signed_one_past_its_date_as_overdue(
        cli: Cli, app: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Given a neighbour settlement being drafted with one item due on Monday 30 Nov 2026
    monkeypatch.setenv("MEDIATION_DOCUMENT_FORMAT", "txt")
    number = drive_neighbor(app, "settlement")
    ok(cli("agreement", "item", "add", number, "--text", "가상 방음매트 설치", "--owner", "1",
           "--due", "2026-11-30", user="kim"))
    # Then, not yet signed, it is a draft everywhere, not "이행 중"
    [line] = item_lines(cli, number, START)
    assert "[초안]" in line and "이행 중" not in line
    [item] = as_json(cli("agreement", "show", number, "--json", user="kim"))["items"]
    assert (item["status"], item["standing"], item["overdue"]) == ("open", "draft", False)
    # When both households sign and the settlement is concluded
    for party in ("1", "2"):
        ok(cli("agreement", "sign", number, party, user="kim"))
    ok(cli("case", "advance", number, "settle", user="kim"))
    # Then it is being implemented
    [line] = item_lines(cli, number, START)
    assert "[이행 중]" in line
    # And once its date has passed it shows overdue, on every screen and in letters
    after = datetime(2026, 12, 2, 10, 0, tzinfo=SEOUL)
    [line] = item_lines(cli, number, after)
    assert "[기한 경과]" in line and "이행 중" not in line
    [item] = as_json(cli("agreement", "show", number, "--json", user="kim", now=after))["items"]
    assert (item["standing"], item["overdue"]) == ("overdue", True)
    [listed] = as_json(cli("commitment", "list", number, "--json", user="kim", now=after))
    assert listed["overdue"] is True and listed["item"]["standing"] == "overdue"
    [doc] = as_json(cli("letter", "render", number, "implementation_reminder", "--party", "1",
                        "--json", user="kim", now=after))
    letter = Path(doc["output_path"]).read_text(encoding="utf-8")
    assert "기한 경과" in letter and "이행 중" not in letter
    verified(cli, number)


def test_a_district_is_one_of_the_listed_ones_written_exactly(
        cli: Cli, tmp_path: Path) -> None:
    # When kim opens a case in "은평" (not how the district is written)
    args = ("case", "open", "--workflow", "public_conflict", "--title", "가상 시설 입지 갈등",
            "--mediator", "kim", "--supervisor", "park")
    message = refused(cli(*args, "--district", "은평", user="kim"), 2)
    # Then it is refused on one line, naming the district meant and where the list is
    assert "'은평'" in message and "은평구?" in message
    assert "mediation case districts" in message
    english = refused(cli(*args, "--district", "은평", "--lang", "en", user="kim"), 2)
    assert "did you mean 은평구?" in english
    assert as_json(cli("case", "list", "--json", user="kim"))["items"] == []
    # And the list shows Seoul's 25 districts; written exactly, one is accepted
    listed = as_json(cli("case", "districts", "--json", user="kim"))
    assert len(listed) == 25 and "은평구" in listed and "은평" not in listed
    number = ok(cli(*args, "--district", "은평구", user="kim")).out.strip()
    assert show(cli, number)["case"]["district"] == "은평구"
    # And an update is held to the same list
    refused(cli("case", "update", number, "--district", "판교", user="kim"), 2)
    # And another city's office replaces the list with its own file
    own = tmp_path / "districts.txt"
    own.write_text("# 가상시의 구\n가상동구\n가상서구\n", encoding="utf-8")
    ok(cli("case", "update", number, "--district", "가상동구", user="kim",
           MEDIATION_DISTRICTS_FILE=str(own)))
    assert ok(cli("case", "districts", user="kim",
                  MEDIATION_DISTRICTS_FILE=str(own))).out.split() == ["가상동구", "가상서구"]
    verified(cli, number)
