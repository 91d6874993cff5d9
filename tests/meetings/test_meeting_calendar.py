"""Stories of the calendar file a meeting notice carries, told through the CLI on both
backends, each file parsed back with the ``icalendar`` package: its times are the meeting's
as ``meeting list`` shows them, its UID stays and its SEQUENCE counts the changes, a
cancellation cancels; the wording an office writes round-trips exactly and can not break the
file; a party reached by post is sent no calendar file, and its letter lists none."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import START, Cli, as_json, ok, refused
from support.meetings import event, open_case

from mediation.app import App

DOMAIN = "mediation.example.org"  # the example office's homepage host
KO_WORDING = "letters/ko/meeting_notice.ics.j2"


@pytest.fixture(autouse=True)
def text_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEDIATION_DOCUMENT_FORMAT", "txt")


def at(days: float) -> str:
    return (START + timedelta(days=days)).isoformat()


def office_wording(tmp_path: Path, source: str) -> dict[str, str]:
    """An office template folder whose Korean calendar wording is ``source``."""
    path = tmp_path / "office" / KO_WORDING
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source, encoding="utf-8")
    return {"MEDIATION_TEMPLATES_DIR": str(tmp_path / "office")}


def shown(cli: Cli, doc: str) -> dict[str, Any]:
    result: dict[str, Any] = as_json(cli("letter", "show", doc, "--json"))
    return result


def calendar_of(cli: Cli, doc: str) -> bytes | None:
    """The calendar file registered with a notice, or ``None`` when it has none."""
    companions = shown(cli, doc)["companions"]
    assert len(companions) <= 1
    return Path(companions[0]["path"]).read_bytes() if companions else None


def letter_text(cli: Cli, doc: str) -> str:
    return Path(shown(cli, doc)["output_path"]).read_text(encoding="utf-8")


def the_meeting(cli: Cli, number: str) -> dict[str, Any]:
    [meeting] = as_json(cli("meeting", "list", number, "--json"))
    return dict(meeting)


# times, UID, SEQUENCE, METHOD ----------------------------------------------------------

def test_every_calendar_file_has_the_times_meeting_list_shows_one_uid_and_a_counting_sequence(
        app: App, cli: Cli) -> None:
    # Given a case with two parties with e-mail and one reached by post
    number, _ = open_case(app)
    # When kim schedules a meeting, moves it twice and cancels it, reading meeting list each time
    meeting = ok(cli("meeting", "schedule", number, "--at", at(10), "--place", "가상구청 소회의실",
                     user="kim")).out.strip()
    rounds = [the_meeting(cli, number)]
    for days in (13, 14.25):  # a Monday 09:00, a Tuesday 15:00
        ok(cli("meeting", "reschedule", number, meeting, "--at", at(days), user="kim"))
        rounds.append(the_meeting(cli, number))
    ok(cli("meeting", "cancel", number, meeting, "--reason", "태풍 경보", user="kim"))
    rounds.append(the_meeting(cli, number))
    # Then each round's notices carry calendar files that parse back as one event each ...
    notices = rounds[-1]["notices"]
    assert len(notices) == 3 * len(rounds)
    for sequence, listed in enumerate(rounds):
        files = [f for f in (calendar_of(cli, d) for d in notices[3 * sequence:3 * sequence + 3])
                 if f is not None]
        assert len(files) >= 2  # the two parties with e-mail
        for data in files:
            found = event(data)
            # ... at the time meeting list showed for that round, in UTC, two hours long
            starts = datetime.fromisoformat(listed["starts_at"])
            assert found.decoded("DTSTART") == starts
            assert found.decoded("DTEND") - found.decoded("DTSTART") == timedelta(hours=2)
            assert found["DTSTART"].to_ical().endswith(b"Z")
            assert found.decoded("DTSTAMP").utcoffset() == timedelta(0)
            # ... with the meeting's one UID and the SEQUENCE meeting list shows
            assert str(found["UID"]) == f"mediation-{number}-meeting-{meeting}@{DOMAIN}"
            assert found.decoded("SEQUENCE") == listed["sequence"] == sequence
            # ... published, until the cancellation cancels it
            cancelled = listed["status"] == "cancelled"
            assert data.startswith(b"BEGIN:VCALENDAR\r\n")
            assert (b"\r\nMETHOD:CANCEL\r\n" in data) is cancelled
            assert (b"\r\nMETHOD:PUBLISH\r\n" in data) is not cancelled
            assert str(found["STATUS"]) == ("CANCELLED" if cancelled else "CONFIRMED")
            assert str(found["ORGANIZER"]).lower().startswith("mailto:")
    assert [r["status"] for r in rounds] == ["scheduled"] * 3 + ["cancelled"]


# the office's wording -------------------------------------------------------------------

AGENDA = (
    "가상동 복합시설 건립에 따른 교통, 소음; 일조 문제에 관한 주민 의견 청취와 사업자 측 설명"
    "(1차 협의 결과, 주민 설문; 전문가 검토 의견 반영)",
    "임시 주차면 80면 확보 방안: 공영주차장, 학교 운동장; 야간 개방 여부 검토 \\ 그 밖의 사항",
    "다음 회의 일정, 장소; 자료 공개 범위(비공개 원칙, 당사자 전원 동의 시 공개)",
)


def test_a_long_korean_description_with_commas_semicolons_and_newlines_round_trips_exactly(
        app: App, cli: Cli, tmp_path: Path) -> None:
    # Given an office wording whose description is the agenda, one item a line
    office = office_wording(tmp_path, (
        "{% block summary %}{{ meeting.title }}{% endblock %}\n"
        "{% block location %}{{ meeting.place }}{% endblock %}\n"
        '{% block description %}{{ meeting.agenda|join("\\n") }}{% endblock %}\n'))
    number, _ = open_case(app)
    place = "가상구청 3층, 소회의실; 동관"
    # When kim schedules a meeting with a long Korean agenda of commas and semicolons
    meeting = ok(cli("meeting", "schedule", number, "--at", at(10), "--place", place,
                     "--agenda", "\n".join(AGENDA), user="kim", **office)).out.strip()
    # Then the Korean notice's calendar file gives back exactly that text
    data = calendar_of(cli, the_meeting(cli, number)["notices"][0])
    assert data is not None
    found = event(data)  # lines of at most 75 octets, no fold inside an escape
    assert str(found["DESCRIPTION"]) == "\n".join(AGENDA)
    assert str(found["LOCATION"]) == place
    assert str(found["SUMMARY"]) == "갈등조정협의회 회의"
    assert str(found["UID"]) == f"mediation-{number}-meeting-{meeting}@{DOMAIN}"
    assert len(data.split(b"\r\n")) > 15  # the description was folded over many lines


def test_an_office_wording_with_a_newline_and_end_vevent_in_the_summary_still_yields_one_event(
        app: App, cli: Cli, tmp_path: Path) -> None:
    # Given an office wording that writes the file's own syntax into its fields
    office = office_wording(tmp_path, (
        "{% block summary %}{{ meeting.title }}\nEND:VEVENT\nBEGIN:VEVENT\r\n"
        'UID:evil@example.org\x0b{{ "\\udc80" }}{% endblock %}\n'
        "{% block location %}{{ meeting.place }}\r\nEND:VCALENDAR{% endblock %}\n"
        "{% block description %}\nEND:VEVENT\nEND:VCALENDAR\nBEGIN:VCALENDAR\n{% endblock %}\n"))
    number, _ = open_case(app)
    # When kim schedules a meeting
    meeting = ok(cli("meeting", "schedule", number, "--at", at(10), "--place", "구청",
                     user="kim", **office)).out.strip()
    # Then the file is one calendar with one event, the meeting's, and the text stays text
    data = calendar_of(cli, the_meeting(cli, number)["notices"][0])
    assert data is not None
    found = event(data)
    assert str(found["UID"]) == f"mediation-{number}-meeting-{meeting}@{DOMAIN}"
    assert str(found["SUMMARY"]) == (
        "갈등조정협의회 회의 END:VEVENT BEGIN:VEVENT UID:evil@example.org")
    assert str(found["LOCATION"]) == "구청 END:VCALENDAR"
    assert str(found["DESCRIPTION"]) == "END:VEVENT\nEND:VCALENDAR\nBEGIN:VCALENDAR"
    assert data.count(b"\r\nBEGIN:VEVENT\r\n") == 1 and data.count(b"\r\nEND:VCALENDAR\r\n") == 1


def test_a_whole_calendar_file_written_as_a_template_is_refused_naming_the_blocks(
        app: App, cli: Cli, tmp_path: Path) -> None:
    # Given an office folder that still writes the whole file as the template, the earlier way
    office = office_wording(tmp_path, (
        "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nSUMMARY:{{ meeting.title|ics_text }}\n"
        "DTSTART:{{ meeting.starts_at|ics_utc }}\nEND:VEVENT\nEND:VCALENDAR\n"))
    number, _ = open_case(app)
    # When kim schedules a meeting, in Korean and in English
    message = refused(cli("meeting", "schedule", number, "--at", at(10), "--place", "구청",
                          user="kim", **office), 2)
    english = refused(cli("meeting", "schedule", number, "--at", at(10), "--place", "구청",
                          "--lang", "en", user="kim", **office), 2)
    # Then it is refused on one line naming the file and the blocks it must write
    for text in (message, english):
        assert KO_WORDING in text and "summary" in text and "description" in text
        assert "Traceback" not in text
    assert "템플릿 오류" in message and "블록이 없습니다" in message
    assert "Template error" in english and "no block summary, location, description" in english
    # And nothing was scheduled or registered
    assert as_json(cli("meeting", "list", number, "--json")) == []
    assert as_json(cli("letter", "list", number, "--json")) == []


# post or e-mail ---------------------------------------------------------------------------

def test_a_party_reached_by_post_gets_no_calendar_file_and_its_letter_lists_none(
        app: App, cli: Cli) -> None:
    # Given a case with a Korean and an English party with e-mail and one reached by post
    number, (hong, jane, post) = open_case(app)
    # When kim schedules a meeting, moves it and cancels it
    meeting = ok(cli("meeting", "schedule", number, "--at", at(10), "--place", "구청",
                     user="kim")).out.strip()
    ok(cli("meeting", "reschedule", number, meeting, "--at", at(13), user="kim"))
    ok(cli("meeting", "cancel", number, meeting, "--reason", "태풍 경보", user="kim"))
    docs = {d["number"]: d["party_id"] for d in as_json(cli("letter", "list", number, "--json"))}
    notices = the_meeting(cli, number)["notices"]
    assert len(notices) == 9
    for doc in notices:
        text, data = letter_text(cli, doc), calendar_of(cli, doc)
        if docs[doc] == post:
            # Then the letter by post names no calendar file, neither as 붙임 nor in its body
            assert ".ics" not in text and "붙임" not in text and "일정 파일" not in text
            assert data is None
        else:
            # And each e-mailed letter lists the file it carries
            assert data is not None
            attached = ("Attachments  Calendar file (.ics), 1 copy." if docs[doc] == jane
                        else "붙임  회의 일정 파일(.ics) 1부.")
            assert attached in text
    assert {docs[d] for d in notices} == {hong, jane, post}
