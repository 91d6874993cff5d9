"""Stories of who may watch a meeting, told through the CLI on both backends. A council
meeting is closed unless every party agreed (decree art. 22): consent is checked when a
public meeting is scheduled and again when it moves, and a party that withdraws its consent
or joins the case makes the scheduled public council meetings closed. A public hearing
(공청회) is public by nature (행정절차법 제38조) and needs no consent; its notice is titled as
a hearing notice and names the speakers, how and by when to apply to speak, and how to
comment online."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import START, Cli, as_json, ok, refused
from support.meetings import calendar, open_case

from mediation.app import App
from mediation.storage import cases as repo


@pytest.fixture(autouse=True)
def html_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEDIATION_DOCUMENT_FORMAT", "html")


def at(days: float) -> str:
    return (START + timedelta(days=days)).isoformat()


def state_of(cli: Cli, number: str) -> tuple[Any, ...]:
    return (as_json(cli("case", "history", number, "--json")),
            as_json(cli("meeting", "list", number, "--json")),
            as_json(cli("letter", "list", number, "--json")))


def letter_text(cli: Cli, doc: str) -> str:
    path = Path(as_json(cli("letter", "show", doc, "--json"))["output_path"])
    return path.read_text(encoding="utf-8")


def everyone_agrees(cli: Cli, number: str, parties: list[int]) -> None:
    for party in parties:
        ok(cli("party", "open-consent", number, str(party), user="kim"))


# public hearings ---------------------------------------------------------------------

HEARING = ("--kind", "hearing", "--place", "시민청 태평홀", "--agenda", "시설 배치안 설명",
           "--speaker", "가상대학교 김교수(주제 발표)", "--speaker", "주민대표 이가상",
           "--apply-by", "2026-12-04",
           "--apply-how", "전자우편 hearing@example.org (성명, 연락처, 요지)",
           "--comments", "https://example.org/hearing 에 12월 9일까지 의견 등록")


def test_a_public_hearing_is_public_without_consent_and_its_notice_is_a_hearing_notice(
        app: App, cli: Cli) -> None:
    # Given a case of three parties, none of whom agreed to open meetings
    number, _ = open_case(app)
    # When kim schedules a public hearing 15 days ahead with its speakers and how to apply
    result = as_json(cli("meeting", "schedule", number, "--at", at(15), *HEARING, "--json",
                         user="kim"))
    # Then it is scheduled as public: no consent is asked for
    assert (result["kind"], result["public"]) == ("hearing", True)
    # And each notice is a hearing notice with what article 38 lists
    hong_doc, jane_doc, _ = result["notice_report"]["documents"]
    korean = letter_text(cli, hong_doc)
    assert "제목   공청회 개최 안내(「가상 시설 입지 갈등」)" in korean
    assert "제목: 「가상 시설 입지 갈등」 공청회" in korean and "주요 내용" in korean
    assert "발표자: 가상대학교 김교수(주제 발표), 주민대표 이가상" in korean
    assert "방법: 전자우편 hearing@example.org (성명, 연락처, 요지)" in korean
    assert "기한: 2026. 12. 4.까지" in korean
    assert "온라인 의견 제출: https://example.org/hearing 에 12월 9일까지 의견 등록" in korean
    assert "「행정절차법」 제38조" in korean and "제22조" not in korean
    english = letter_text(cli, jane_doc)
    assert "Notice of public hearing: 가상 시설 입지 갈등" in english and "By: 4 Dec 2026" in english
    # And the register and the e-mail subject call it a hearing notice; the event is public
    shown = as_json(cli("letter", "show", hong_doc, "--context", "--json"))
    assert shown["context"]["doc"]["title"] == "공청회 개최 안내"
    ics = calendar(Path(shown["companions"][0]["path"]).read_bytes())
    assert ics["CLASS"] == "PUBLIC"
    # And meeting show lists the details
    text = ok(cli("meeting", "show", number, str(result["id"]), user="kim")).out
    assert "발표자: 가상대학교 김교수(주제 발표), 주민대표 이가상" in text
    assert "발표 신청 기한: 2026. 12. 4." in text


def test_hearing_details_are_checked_and_nothing_changes_when_they_are_wrong(
        app: App, cli: Cli) -> None:
    number, _ = open_case(app)
    before = state_of(cli, number)
    # a council meeting takes no speakers
    message = refused(cli("meeting", "schedule", number, "--at", at(10), "--place", "구청",
                          "--speaker", "김교수", "--lang", "en", user="kim"), 2)
    assert "public hearing only" in message
    # the last day to apply falls before the hearing, and not in the past
    for day in ("2026-12-09", "2026-12-20", "2026-11-23", "내일"):
        refused(cli("meeting", "schedule", number, "--at", at(15), "--kind", "hearing",
                    "--place", "시민청", "--apply-by", day, user="kim"), 2)
    assert state_of(cli, number) == before


def test_a_moved_hearing_keeps_its_details_unless_new_ones_are_given(
        app: App, cli: Cli) -> None:
    # Given a hearing announced with its details
    number, _ = open_case(app)
    hearing = ok(cli("meeting", "schedule", number, "--at", at(15), *HEARING,
                     user="kim")).out.strip()
    # When it is postponed by five days with a new last day to apply
    moved = as_json(cli("meeting", "reschedule", number, hearing, "--at", at(20),
                        "--apply-by", "2026-12-10", "--json", user="kim"))
    # Then the notice of change keeps the speakers and gives the new day
    change = letter_text(cli, moved["notice_report"]["documents"][0])
    assert "공청회 일정 변경 안내" in change and "발표자: 가상대학교 김교수" in change
    assert "기한: 2026. 12. 10.까지" in change
    # When it is moved earlier than the last day to apply, without a new one
    message = refused(cli("meeting", "reschedule", number, hearing, "--at", at(16),
                          "--lang", "en", user="kim"), 2)
    # Then that is refused: the notice would ask for applications after the hearing
    assert "2026-12-10" in message and "--apply-by" in message
    # And a cancellation is titled as the hearing's
    cancelled = as_json(cli("meeting", "cancel", number, hearing, "--reason", "태풍", "--json",
                            user="kim"))
    assert "공청회 취소 안내" in letter_text(cli, cancelled["notice_report"]["documents"][0])


# consent to open council meetings ------------------------------------------------------

def test_withdrawing_consent_closes_the_scheduled_public_council_meetings_but_not_hearings(
        app: App, cli: Cli) -> None:
    # Given every party agreed, a public council meeting, a closed one and a hearing
    number, parties = open_case(app)
    everyone_agrees(cli, number, parties)
    public = ok(cli("meeting", "schedule", number, "--at", at(10), "--place", "시민청",
                    "--public", "--no-notice", user="kim")).out.strip()
    ok(cli("meeting", "schedule", number, "--at", at(13), "--place", "구청", "--no-notice",
           user="kim"))
    ok(cli("meeting", "schedule", number, "--at", at(15), "--place", "시민청", "--kind",
           "hearing", "--no-notice", user="kim"))
    # When Jane withdraws her consent
    said = ok(cli("party", "open-consent", number, str(parties[1]), "--withdraw",
                  user="kim")).out
    # Then the public council meeting is closed, the hearing stays public, and it says so
    assert f"공개로 예정된 회의 #{public}을(를) 비공개로 바꾸었습니다" in said
    listed = as_json(cli("meeting", "list", number, "--json"))
    assert [(m["kind"], m["public"]) for m in listed] == [
        ("joint", False), ("joint", False), ("hearing", True)]
    event = as_json(cli("case", "history", number, "--json"))[-1]
    assert (event["kind"], event["details"]["meetings"], event["details"]["because"]) == (
        "meetings_closed", [int(public)], "consent_withdrawn")
    # And a second withdrawal has nothing left to close
    english = ok(cli("party", "open-consent", number, str(parties[0]), "--withdraw", "--lang",
                     "en", user="kim")).out
    assert "now closed" not in english


def test_a_new_party_closes_the_public_council_meetings(app: App, cli: Cli) -> None:
    # Given every party agreed and a public council meeting is scheduled
    number, parties = open_case(app)
    everyone_agrees(cli, number, parties)
    public = ok(cli("meeting", "schedule", number, "--at", at(10), "--place", "시민청",
                    "--public", "--no-notice", user="kim")).out.strip()
    # When a party joins (who has not agreed)
    added = ok(cli("party", "add", number, "--name", "새 주민", "--role", "stakeholder",
                   user="kim"))
    # Then stdout is its id alone, and stderr says the meeting is now closed
    assert added.out.strip().isdigit()
    assert f"공개로 예정된 회의 #{public}을(를) 비공개로" in added.err
    assert as_json(cli("meeting", "list", number, "--json"))[0]["public"] is False
    # And the JSON of the next addition lists what it closed (nothing now)
    data = as_json(cli("party", "add", number, "--name", "또 다른 주민", "--role", "stakeholder",
                       "--json", user="kim"))
    assert data["closed_meetings"] == [] and data["name"] == "또 다른 주민"


def test_rescheduling_a_public_council_meeting_checks_consent_again(
        app: App, cli: Cli) -> None:
    # Given a public council meeting, and a party whose consent is no longer on record
    # (written before consent changes closed such meetings)
    number, parties = open_case(app)
    everyone_agrees(cli, number, parties)
    public = ok(cli("meeting", "schedule", number, "--at", at(10), "--place", "시민청",
                    "--public", "--no-notice", user="kim")).out.strip()
    with app.db.write() as conn:
        case = repo.case_by_number(conn, number)
        assert case is not None
        repo.set_party_fields(conn, parties[2], {"open_consent_at": None})
    before = state_of(cli, number)
    # When kim moves it
    message = refused(cli("meeting", "reschedule", number, public, "--at", at(13),
                          user="kim"), 4)
    # Then it is refused, naming the party, and nothing changed
    assert "제22조" in message and f"#{parties[2]} 김우편" in message
    assert state_of(cli, number) == before
