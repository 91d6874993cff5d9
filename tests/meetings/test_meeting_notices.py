"""Stories of meeting notices, told through the CLI on both backends: scheduling writes and
registers a notice per party (Korean, or English for an English-speaking party) with an
RFC 5545 calendar file and e-mails it through a real SMTP server (aiosmtpd on 127.0.0.1) or
the outbox folder; a party without e-mail is listed for the post; a change bumps the calendar
SEQUENCE, a cancellation sends METHOD:CANCEL with the same UID; a mail server that is down
leaves the meeting and its notices and warns on one line; a public meeting waits for every
party's consent; a broken template leaves nothing behind."""

from __future__ import annotations

import email
import email.policy
import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, START, Cli, as_json, ok, refused
from support.meetings import calendar, calendar_part, open_case
from support.smtp import SmtpSink, free_port, running_sink

from mediation.app import App

DOMAIN = "mediation.example.org"  # the example office's homepage host


@pytest.fixture(autouse=True)
def html_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEDIATION_DOCUMENT_FORMAT", "html")


@pytest.fixture
def sink() -> Iterator[SmtpSink]:
    yield from running_sink()


def smtp(port: int) -> dict[str, str]:
    return {"MEDIATION_SMTP_HOST": "127.0.0.1", "MEDIATION_SMTP_PORT": str(port),
            "MEDIATION_SMTP_SECURITY": "none",
            "MEDIATION_MAIL_FROM": "갈등조정담당관 <office@example.org>"}


def at(days: float) -> str:
    return (START + timedelta(days=days)).isoformat()


def at_(days: float) -> datetime:
    return START + timedelta(days=days)


def attachments(message: EmailMessage) -> dict[str, bytes]:
    return {str(a.get_content_type()): a.get_payload(decode=True)  # type: ignore[misc]
            for a in message.iter_attachments()}


def outbox(tmp_path: Path, *, besides: set[str] | None = None) -> list[EmailMessage]:
    """The messages in the outbox folder (those not among the file names ``besides``)."""
    return [email.message_from_bytes(p.read_bytes(), policy=email.policy.default)  # type: ignore[misc]
            for p in sorted((tmp_path / "outbox").glob("*.eml")) if p.name not in (besides or ())]


def mailed(tmp_path: Path) -> set[str]:
    return {p.name for p in (tmp_path / "outbox").glob("*.eml")}


def state_of(cli: Cli, number: str) -> tuple[Any, ...]:
    """Everything a refused command must leave unchanged."""
    return (as_json(cli("case", "history", number, "--json")),
            as_json(cli("meeting", "list", number, "--json")),
            as_json(cli("letter", "list", number, "--json")))


# scheduling ----------------------------------------------------------------------------

def test_scheduling_writes_a_notice_per_party_and_e_mails_it_through_a_real_smtp_server(
        app: App, cli: Cli, sink: SmtpSink) -> None:
    # Given a case with two parties with e-mail (one English) and one reached by post
    number, (hong, jane, post) = open_case(app)
    # When kim schedules a joint meeting ten days ahead, through a real SMTP server
    result = ok(cli("meeting", "schedule", number, "--at", at(10), "--place", "가상구청 소회의실",
                    "--agenda", "임시 주차 대책", user="kim", **smtp(sink.port)))
    meeting = int(result.out)
    # Then every party has a registered notice; the meeting keeps their numbers
    docs = as_json(cli("letter", "list", number, "--json"))
    assert [(d["kind"], d["party_id"], d["lang"], d["status"]) for d in docs] == [
        ("meeting_notice", hong, "ko", "issued"), ("meeting_notice", jane, "en", "issued"),
        ("meeting_notice", post, "ko", "issued")]
    [listed] = as_json(cli("meeting", "list", number, "--json"))
    assert listed["notices"] == [d["number"] for d in docs] and listed["sequence"] == 0
    # And the two with e-mail received theirs, in their language, with the calendar file
    assert sorted(r.rcpt_tos for r in sink.received) == [("hong@example.org",),
                                                         ("jane@example.org",)]
    by_to = {r.rcpt_tos[0]: r.message for r in sink.received}
    assert by_to["hong@example.org"]["Subject"] == (
        f"[서울특별시] 회의 개최 통지(출석 요청)(사건번호 {number})")
    assert str(by_to["jane@example.org"]["Subject"]).strip() == (
        f"[Seoul Metropolitan Government] Meeting notice (summons) (case {number})")
    for message in by_to.values():
        files = attachments(message)
        assert list(files) == ["text/html", "text/calendar"]
        ics = calendar(files["text/calendar"])
        # an RFC 5545 event of this meeting: its own UID, SEQUENCE 0, published
        assert ics["METHOD"] == "PUBLISH" and ics["STATUS"] == "CONFIRMED"
        assert ics["UID"] == f"mediation-{number}-meeting-{meeting}@{DOMAIN}"
        assert ics["SEQUENCE"] == "0"
        assert ics["DTSTART"] == "20261204T000000Z" and ics["DTEND"] == "20261204T020000Z"
        assert ics["CLASS"] == "CONFIDENTIAL"
        # and the MIME part says what the file does (RFC 6047 §2.4: method as in the file)
        assert (calendar_part(message).get_param("method"),
                calendar_part(message).get_content_charset()) == ("PUBLISH", "utf-8")
    # And the party without e-mail is listed for the post (on stderr: stdout is the id)
    assert f"우편 발송 필요  {docs[2]['number']}  김우편  서울특별시 가상구 우편로 2" in result.err
    assert result.err.count("전자우편") == 2
    # And the audit trail has the meeting, each document and each sending, and verifies
    kinds = [e["kind"] for e in as_json(cli("case", "history", number, "--json"))]
    assert kinds[-6:] == ["meeting_scheduled", "document", "document", "document",
                          "document_sent", "document_sent"]
    assert as_json(cli("audit", "verify", number, "--json"))["ok"] is True


def test_the_english_notice_and_its_json_report(app: App, cli: Cli, tmp_path: Path) -> None:
    # Given the same case, and the outbox folder as the mailer
    number, (_, jane, _) = open_case(app)
    # When kim schedules a hearing with --json, output in English
    report = as_json(cli("meeting", "schedule", number, "--at", at(15), "--place", "City Hall",
                         "--kind", "hearing", "--json", "--lang", "en", user="kim"))
    # Then the JSON has the meeting's fields (``notices``: the numbers of its notices, as in
    # meeting list) and the report of this sending: two e-mailed, one by post
    report_ = report["notice_report"]
    assert (report["kind"], report["status"], report["notices"]) == (
        "hearing", "scheduled", list(report_["documents"]))
    assert len(report_["documents"]) == 3
    assert [s["to"] for s in report_["sent"]] == ["hong@example.org", "jane@example.org"]
    assert [p["recipient"] for p in report_["postal"]] == ["김우편"]
    assert report_["unsent"] == [] and report["warning"] is None
    # And Jane's letter is in English, titled as a public hearing notice
    jane_doc = next(d for d in as_json(cli("letter", "list", number, "--json"))
                    if d["party_id"] == jane)
    text = Path(jane_doc["output_path"]).read_text(encoding="utf-8")
    assert "Notice of public hearing: 가상 시설 입지 갈등" in text
    assert "Title: Public hearing on " in text and "Speakers: to be announced" in text
    assert "mediation council meeting" not in text
    assert len(outbox(tmp_path)) == 2


def test_no_notice_schedules_a_meeting_without_documents_or_mail(
        app: App, cli: Cli, tmp_path: Path) -> None:
    number, _ = open_case(app)
    result = ok(cli("meeting", "schedule", number, "--at", at(8), "--place", "주민센터",
                    "--kind", "separate", "--no-notice", user="kim"))
    assert int(result.out) > 0
    assert as_json(cli("letter", "list", number, "--json")) == []
    assert outbox(tmp_path) == []
    # and cancelling it later notifies nobody either (its parties were never told)
    cancelled = as_json(cli("meeting", "cancel", number, result.out.strip(), "--reason", "취소",
                            "--json", user="kim"))
    assert (cancelled["notice_report"], cancelled["notices"]) == (None, [])
    assert outbox(tmp_path) == []


# changes and cancellation --------------------------------------------------------------

def test_rescheduling_bumps_the_sequence_and_a_short_notice_needs_force_and_reason(
        app: App, cli: Cli, tmp_path: Path) -> None:
    # Given a meeting ten days ahead whose notices went out
    number, _ = open_case(app)
    meeting = ok(cli("meeting", "schedule", number, "--at", at(10), "--place", "구청",
                     user="kim")).out.strip()
    before = state_of(cli, number)
    mails = mailed(tmp_path)
    # When kim moves it to three days from now without --force
    message = refused(cli("meeting", "reschedule", number, meeting, "--at", at(3), "--lang",
                          "en", user="kim"), 4)
    # Then it is refused, naming the period and the way out, and nothing changed
    assert "7 days" in message and "--force --reason" in message
    assert state_of(cli, number) == before and mailed(tmp_path) == mails
    # When kim moves it to thirteen days ahead (a Monday), to another place
    moved = as_json(cli("meeting", "reschedule", number, meeting, "--at", at(13), "--place",
                        "시민청", "--json", user="kim"))
    # Then the sequence is 1 and every party got a notice of change with the same UID
    assert (moved["sequence"], moved["place"], datetime.fromisoformat(moved["starts_at"])) == (
        1, "시민청", START + timedelta(days=13))
    assert len(moved["notice_report"]["documents"]) == 3
    assert len(moved["notice_report"]["sent"]) == 2
    assert moved["notices"][3:] == moved["notice_report"]["documents"]  # after the first three
    changes = outbox(tmp_path, besides=mails)
    assert sorted(str(m["Subject"]).split("]")[1].split("(")[0].strip() for m in changes) == [
        "Notice of a change to a meeting", "회의 일정 변경 통지"]
    for mail in changes:
        ics = calendar(attachments(mail)["text/calendar"])
        assert (ics["METHOD"], ics["SEQUENCE"], ics["UID"]) == (
            "PUBLISH", "1", f"mediation-{number}-meeting-{meeting}@{DOMAIN}")
        assert ics["LOCATION"] == "시민청" and ics["DTSTART"] == "20261207T000000Z"
    hong_doc = moved["notice_report"]["documents"][0]
    letter = Path(as_json(cli("letter", "show", hong_doc, "--json"))["output_path"])
    assert "변경 전" in letter.read_text(encoding="utf-8")
    # the letter names its attachment without a file name it does not have
    assert "붙임  회의 일정 파일(.ics) 1부." in letter.read_text(encoding="utf-8")
    assert f"{number}.ics" not in letter.read_text(encoding="utf-8")
    # And the trail records the old and the new time
    event = [e for e in as_json(cli("case", "history", number, "--json"))
             if e["kind"] == "meeting_rescheduled"][-1]
    assert (event["details"]["from"], event["details"]["to"], event["details"]["sequence"]) == (
        "2026-12-04T09:00:00+09:00", "2026-12-07T09:00:00+09:00", 1)
    # When it is moved again at short notice with a reason
    forced = as_json(cli("meeting", "reschedule", number, meeting, "--at", at(2), "--force",
                         "--reason", "당사자 요청", "--json", user="kim"))
    # Then it is accepted, the reason kept, the sequence 2
    assert (forced["sequence"], forced["forced_reason"]) == (2, "당사자 요청")


def test_a_postponed_public_hearing_needs_seven_days_and_one_moved_earlier_fourteen(
        app: App, cli: Cli) -> None:
    # Given a public hearing announced 15 days ahead (행정절차법 제38조: 14 days)
    number, _ = open_case(app)
    hearing = ok(cli("meeting", "schedule", number, "--at", at(15), "--place", "시민청",
                     "--kind", "hearing", "--no-notice", user="kim")).out.strip()
    before = state_of(cli, number)
    # When it is moved earlier, to 12 days ahead: the full 14 days apply (no 단서)
    message = refused(cli("meeting", "reschedule", number, hearing, "--at", at(12), "--lang",
                          "en", user="kim"), 4)
    assert "A public hearing needs 14 days' notice" in message
    assert state_of(cli, number) == before
    # When, ten days later, it is postponed to 10 days from then, a Monday (제38조 단서: 7
    # days) ...
    ok(cli("meeting", "reschedule", number, hearing, "--at", at(20), user="kim", now=at_(10)))
    # ... and then to 6 days from then, it is refused
    short = refused(cli("meeting", "reschedule", number, hearing, "--at", at(16), user="kim",
                        now=at_(10)), 4)
    assert "회의(공청회)는 14일 전까지" in short  # earlier than day 20: the full period again
    # Then only the postponement happened
    [meeting] = as_json(cli("meeting", "list", number, "--json"))
    assert (meeting["sequence"], datetime.fromisoformat(meeting["starts_at"])) == (
        1, START + timedelta(days=20))
    # And a postponement at less than 7 days is refused too
    late = refused(cli("meeting", "reschedule", number, hearing, "--at", at(21), user="kim",
                       now=at_(14.5)), 4)
    assert "회의(공청회)는 7일 전까지" in late


def test_cancelling_sends_a_cancel_calendar_file_with_the_same_uid(
        app: App, cli: Cli, tmp_path: Path) -> None:
    # Given a meeting whose notices went out
    number, _ = open_case(app)
    meeting = ok(cli("meeting", "schedule", number, "--at", at(9), "--place", "구청",
                     user="kim")).out.strip()
    mails = mailed(tmp_path)
    # When kim cancels it
    result = ok(cli("meeting", "cancel", number, meeting, "--reason", "태풍 경보", user="kim"))
    # Then each party with e-mail gets a notice of cancellation that cancels the event
    assert "[취소]" in result.out and "우편 발송 필요" in result.out
    for message in outbox(tmp_path, besides=mails):
        ics = calendar(attachments(message)["text/calendar"])
        assert (ics["METHOD"], ics["STATUS"], ics["SEQUENCE"]) == ("CANCEL", "CANCELLED", "1")
        assert ics["UID"] == f"mediation-{number}-meeting-{meeting}@{DOMAIN}"
        assert calendar_part(message).get_param("method") == "CANCEL"
        # the letter names no calendar file of another name (it is attached as *.ics)
        assert calendar_part(message).get_filename().endswith(".ics")  # type: ignore[union-attr]
    subjects = sorted(str(m["Subject"]) for m in outbox(tmp_path, besides=mails))
    assert "회의 취소 통지" in subjects[1] and "Notice of a cancelled meeting" in subjects[0]
    [listed] = as_json(cli("meeting", "list", number, "--json"))
    assert (listed["status"], listed["sequence"], len(listed["notices"])) == ("cancelled", 1, 6)


# when something fails -------------------------------------------------------------------

def test_a_mail_server_that_is_down_leaves_the_meeting_and_its_notices_and_warns_on_one_line(
        app: App, cli: Cli) -> None:
    # Given a case, and an SMTP port where nothing listens
    number, _ = open_case(app)
    down = smtp(free_port())
    # When kim schedules a meeting
    result = cli("meeting", "schedule", number, "--at", at(10), "--place", "구청", user="kim",
                 **down)
    # Then the meeting is scheduled (exit 0, its id on stdout) and its notices registered
    assert result.code == 0, result.err
    meeting = int(result.out)
    docs = as_json(cli("letter", "list", number, "--json"))
    assert [(d["status"], d["sent_to"]) for d in docs] == [("issued", None)] * 3
    assert [m["id"] for m in as_json(cli("meeting", "list", number, "--json"))] == [meeting]
    # And one warning line names the command that sends the two e-mails again, no traceback
    [warning] = [line for line in result.err.splitlines() if "mediation letter send" in line]
    assert warning.startswith("mediation: 경고: 통지 2건을 전자우편으로 보내지 못했습니다")
    assert warning.endswith(f"mediation letter send {number} {docs[0]['number']} "
                            f"{docs[1]['number']}")
    assert "Traceback" not in result.err
    assert "우편 발송 필요" in result.err  # the postal notice is listed all the same
    # When the server is back and the command is run as told
    with_server = running_sink()
    sink = next(with_server)
    try:
        ok(cli("letter", "send", number, docs[0]["number"], docs[1]["number"], user="kim",
               **smtp(sink.port)))
        # Then both arrive
        assert sorted(r.rcpt_tos[0] for r in sink.received) == ["hong@example.org",
                                                                "jane@example.org"]
    finally:
        next(with_server, None)


def test_the_mail_warning_in_english_and_in_json(app: App, cli: Cli) -> None:
    number, _ = open_case(app)
    result = cli("meeting", "schedule", number, "--at", at(10), "--place", "구청", "--json",
                 "--lang", "en", user="kim", **smtp(free_port()))
    assert result.code == 0, result.err
    report = json.loads(result.out)["notice_report"]
    assert len(report["unsent"]) == 2 and report["error_en"].startswith("Mail delivery failed")
    assert result.err.startswith("mediation: warning: 2 notice(s) could not be e-mailed")
    assert len(result.err.splitlines()) == 1


def test_a_template_that_fails_leaves_no_meeting_no_document_and_no_file(
        app: App, cli: Cli, tmp_path: Path) -> None:
    # Given an office template folder whose meeting notice does not render
    override = tmp_path / "templates" / "letters" / "ko"
    override.mkdir(parents=True)
    (override / "meeting_notice.j2").write_text("{{ meeting.nothing_here }}", encoding="utf-8")
    number, _ = open_case(app)
    before = state_of(cli, number)
    # When kim schedules a meeting (the first notice written is Korean)
    message = refused(cli("meeting", "schedule", number, "--at", at(10), "--place", "구청",
                          user="kim", MEDIATION_TEMPLATES_DIR=str(tmp_path / "templates")), 2)
    # Then the error names the template, and nothing is left: no meeting, no document, no file
    assert "meeting_notice.j2" in message
    assert state_of(cli, number) == before
    assert not [p for p in (tmp_path / "documents").rglob("*") if p.is_file()]
    assert outbox(tmp_path) == []


# open meetings ------------------------------------------------------------------------

def test_a_public_meeting_is_refused_until_every_party_agreed(app: App, cli: Cli) -> None:
    # Given a case of three parties, one of whom agreed to open meetings
    number, (hong, jane, post) = open_case(app)
    agreed = as_json(cli("party", "open-consent", number, str(hong), "--json", user="kim"))
    assert datetime.fromisoformat(agreed["open_consent_at"]) == START
    before = state_of(cli, number)
    public = ("meeting", "schedule", number, "--at", at(10), "--place", "시민청", "--public")
    # When kim schedules a public meeting
    message = refused(cli(*public, user="kim"), 4)
    english = refused(cli(*public, "--lang", "en", user="kim"), 4)
    # Then it is refused in Korean and English, naming the parties who have not agreed
    assert "제22조" in message and f"#{jane} Jane Doe, #{post} 김우편" in message
    assert f"#{hong} 홍길동" not in message
    assert "art. 22" in english and f"#{jane} Jane Doe, #{post} 김우편" in english
    assert state_of(cli, number) == before
    # When the two others agree, the public meeting is scheduled
    for party in (jane, post):
        said = ok(cli("party", "open-consent", number, str(party), user="kim")).out
        assert "회의 공개 동의를 기록했습니다" in said and "회의 공개 동의" in said
    meeting = as_json(cli(*public, "--json", user="kim"))
    assert meeting["public"] is True
    # And once one withdraws, the next public meeting is refused again
    withdrawn = ok(cli("party", "open-consent", number, str(jane), "--withdraw", "--lang", "en",
                       user="kim")).out
    assert withdrawn.startswith("Consent to open meetings withdrawn")
    assert f"#{jane} Jane Doe." in refused(cli(*public, user="kim"), 4)
    trail = [e for e in as_json(cli("case", "history", number, "--json"))
             if e["kind"] == "open_consent"]
    assert [e["details"]["open_consent"] for e in trail] == ["given", "given", "given", "withdrawn"]


def test_open_consent_bad_input_is_one_line_and_changes_nothing(app: App, cli: Cli) -> None:
    number, _ = open_case(app)
    before = state_of(cli, number)
    refused(cli("party", "open-consent", number, "999", user="kim"), 3)
    refused(cli("party", "open-consent", number, "0", user="kim"), 3)
    refused(cli("party", "open-consent", number, "1", user="lee"), 4)
    assert state_of(cli, number) == before


def test_letter_render_of_a_meeting_notice_without_a_meeting_id_keeps_working(
        app: App, cli: Cli) -> None:
    number, (hong, _, _) = open_case(app)
    [doc] = as_json(cli("letter", "render", number, "meeting_notice", "--party", str(hong),
                        "--meeting-at", "2026-12-08T14:30", "--meeting-place", "가상구청",
                        "--json", user="kim"))
    ics = calendar(Path(doc["companions"][0]["path"]).read_bytes())
    assert ics["METHOD"] == "PUBLISH" and ics["SEQUENCE"] == "0"
    assert ics["UID"] == f"mediation-{number}-{doc['number'].split('-', 1)[1]}@{DOMAIN}"


def test_the_template_check_renders_notices_of_change_and_of_cancellation() -> None:
    from mediation.render.check import check_templates
    from mediation.render.templates import Templates

    results = check_templates(Templates(ROOT / "templates"))
    assert [r for r in results if not r.ok] == []
    variants = {(r.template, r.variant) for r in results}
    for lang in ("ko", "en"):
        for label in ("notice of change", "notice of cancellation"):
            assert (f"letters/{lang}/meeting_notice.ics.j2", f"ics, {label}") in variants
            assert (f"letters/{lang}/meeting_notice.j2", f"txt, {label}") in variants
