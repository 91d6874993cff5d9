"""The mail records and the two mailers that need no server: addresses are validated, no
header can carry a line break, a Message-ID depends only on its reminder, the outbox folder
holds one ``.eml`` per message, and the templates escape HTML and fail loudly.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from conftest import ROOT

from mediation.core.errors import BadInput
from mediation.mail.composer import Composer
from mediation.mail.fake import RecordingMailer
from mediation.mail.folder import OutboxMailer
from mediation.mail.message import (
    Address,
    Attachment,
    Email,
    MailError,
    message_id,
    to_message,
)

SENDER = Address(email="noreply@seoul.example.org", name="갈등조정담당관")


def email(**changes: object) -> Email:
    values: dict[str, object] = {
        "sender": SENDER, "to": (Address(email="kim@example.org", name="김조정"),),
        "subject": "[기한 임박] 접수 확인", "text": "본문\n", "html": "<p>본문</p>",
        "message_id": message_id("deadline:1:g0:before.0", "seoul.example.org"),
        "date": datetime(2026, 11, 24, tzinfo=UTC)}
    values.update(changes)
    return Email(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize("subject", ["접수\r\nBcc: victim@example.org", "a\nb", "a\rb",
                                     "a\u2028b", "a\x00b"])
def test_a_subject_with_a_line_break_is_refused(subject: str) -> None:
    with pytest.raises(BadInput, match="line breaks"):
        email(subject=subject)


def test_names_addresses_and_extra_headers_cannot_inject_headers() -> None:
    with pytest.raises(BadInput):
        Address(email="kim@example.org", name="김조정\r\nBcc: victim@example.org")
    with pytest.raises(BadInput):
        Address(email="kim@example.org\r\nBcc: victim@example.org")
    with pytest.raises(BadInput):
        email(headers=(("X-Mediation-Case", "2026-0001\r\nBcc: victim@example.org"),))
    with pytest.raises(BadInput):
        email(headers=(("Bcc", "victim@example.org"),))


@pytest.mark.parametrize("address", ["kim", "kim@", "@example.org", "kim@localhost",
                                     "kim example@example.org", "김@example.org"])
def test_an_invalid_address_is_refused(address: str) -> None:
    with pytest.raises(BadInput):
        Address(email=address)


def test_a_message_needs_a_recipient_and_a_well_formed_message_id() -> None:
    with pytest.raises(BadInput):
        email(to=())
    with pytest.raises(BadInput):
        email(message_id="no-brackets@example.org")


def test_the_message_id_depends_only_on_the_reminder() -> None:
    first = message_id("deadline:7:g0:supervisor", "seoul.example.org")
    assert first == message_id("deadline:7:g0:supervisor", "seoul.example.org")
    assert first != message_id("deadline:7:g1:supervisor", "seoul.example.org")
    assert first.startswith("<mediation.") and first.endswith("@seoul.example.org>")


def test_the_mime_message_is_seven_bit_with_encoded_korean_headers() -> None:
    raw = to_message(email()).as_bytes()
    assert max(raw) < 128
    parsed = message_from_bytes(raw, policy=policy.default)
    assert str(parsed["Subject"]) == "[기한 임박] 접수 확인"
    assert parsed.get_content_type() == "multipart/alternative"


def test_an_attachment_carries_its_content_type_parameters() -> None:
    # Given a calendar file attached with the method its own METHOD line names
    ics = "BEGIN:VCALENDAR\r\nMETHOD:CANCEL\r\nSUMMARY:회의\r\nEND:VCALENDAR\r\n".encode()
    attachment = Attachment(filename="notice.ics", content_type="text/calendar", data=ics,
                            params=(("method", "CANCEL"), ("charset", "utf-8")))
    # When the message is built and read back
    parsed = message_from_bytes(to_message(email(attachments=(attachment,))).as_bytes(),
                                policy=policy.default)
    [part] = parsed.iter_attachments()  # type: ignore[attr-defined]
    # Then the part is text/calendar with method=CANCEL (RFC 6047 §2.4), byte for byte
    assert (part.get_content_type(), part.get_param("method"), part.get_content_charset()) == (
        "text/calendar", "CANCEL", "utf-8")
    assert part.get_payload(decode=True) == ics


@pytest.mark.parametrize("param", [("name", "x.ics"), ("bad name", "x"), ("method", "A\r\nB")])
def test_an_attachment_parameter_cannot_inject_headers_or_rename_the_file(
        param: tuple[str, str]) -> None:
    with pytest.raises(BadInput):
        Attachment(filename="a.ics", content_type="text/calendar", data=b"", params=(param,))


@pytest.mark.parametrize("subject", [
    "[기한 경과·독촉] 2026-0001 합의사항 이행기한: 시설 운영 정보 공개 토론회 공동 개최 — "
    "2027. 4. 6. 18:00 경과",
    "[Overdue] 2026-0001 Commitment due: 주민감시위원회 구성·운영(주민 추천 5인 포함) — was due "
    "6 Apr 2027 18:00",
    "가" * 150, "공백  두 칸과 끝 공백 ",
])
def test_a_long_korean_subject_comes_back_exactly_with_every_space(subject: str) -> None:
    # Given a subject long enough to fold over several lines (the standard library's folder
    # could leave a space between two encoded words, where every reader drops it)
    raw = to_message(email(subject=subject)).as_bytes()
    head = raw.split(b"\r\n\r\n", 1)[0].decode("ascii")
    # Then no header line is longer than 78 characters and the subject reads back unchanged
    assert max(len(line) for line in head.split("\r\n")) <= 78
    assert str(message_from_bytes(raw, policy=policy.default)["Subject"]) == subject


def test_the_outbox_holds_one_file_per_message_even_when_it_is_sent_again(tmp_path: Path) -> None:
    # Given an outbox folder that does not exist yet
    outbox = OutboxMailer(tmp_path / "outbox")
    # When the same message is written twice (a resend after a crash) and another once
    outbox.send(email())
    outbox.send(email())
    outbox.send(email(message_id=message_id("other", "seoul.example.org")))
    # Then there are two complete .eml files and no temporary file
    files = sorted((tmp_path / "outbox").iterdir())
    assert [f.suffix for f in files] == [".eml", ".eml"]
    parsed = message_from_bytes(outbox.path_for(email()).read_bytes(), policy=policy.default)
    assert str(parsed["Message-ID"]) == email().message_id


def test_an_outbox_that_cannot_be_written_is_a_transient_mail_error(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    with pytest.raises(MailError) as caught:
        OutboxMailer(blocked / "outbox").send(email())
    assert caught.value.transient


def test_the_recording_mailer_fails_when_told_to_then_records() -> None:
    mailer = RecordingMailer()
    mailer.fail_next(1, transient=False)
    with pytest.raises(MailError) as caught:
        mailer.send(email())
    assert not caught.value.transient
    mailer.send(email())
    assert mailer.to("kim@example.org") == [email()]


def reminder_context(**changes: object) -> dict[str, object]:
    values: dict[str, object] = {
        "number": "2026-0001", "case_title": "<script>alert(1)</script> 시설", "state": "접수",
        "rule_title": "접수 확인", "basis": "민원 시행령 제19조", "period": "3근무시간",
        "due": "2026. 11. 24. 12:00", "overdue": False, "overdue_by": "0분", "left": "1시간",
        "extended": False, "original_due": "2026. 11. 24. 12:00", "mediator": "김조정 (kim)",
        "supervisor": "박담당 (park)", "audience": "mediator", "lang": "ko", "late": False,
        "recipient": "김조정", "planned": "2026. 11. 24. 11:00"}
    values.update(changes)
    return values


def test_the_templates_escape_html_but_not_the_text_part() -> None:
    composer = Composer(ROOT / "templates" / "emails")
    subject, text, html = composer.render("reminder", "ko", reminder_context())
    assert subject == "[기한 임박] 2026-0001 접수 확인 — 2026. 11. 24. 12:00까지"
    assert "<script>" in text
    assert "<script>" not in html and "&lt;script&gt;" in html
    en_subject, _, _ = composer.render("reminder", "en", reminder_context(lang="en"))
    assert en_subject == "[Due soon] 2026-0001 접수 확인 — due 2026. 11. 24. 12:00"


def test_a_template_problem_is_a_permanent_mail_error(tmp_path: Path) -> None:
    # Given a template that uses a value the context does not have
    (tmp_path / "ko").mkdir()
    (tmp_path / "ko" / "reminder.txt.j2").write_text("{% set subject %}x{% endset %}{{ missing }}")
    (tmp_path / "ko" / "reminder.html.j2").write_text("<p></p>")
    with pytest.raises(MailError) as caught:
        Composer(tmp_path).render("reminder", "ko", {})
    assert not caught.value.transient and "missing" in caught.value.message("en")
    # And the sandbox refuses to reach into Python internals
    (tmp_path / "ko" / "reminder.txt.j2").write_text(
        "{% set subject %}{{ ''.__class__.__mro__ }}{% endset %}x")
    with pytest.raises(MailError):
        Composer(tmp_path).render("reminder", "ko", {})


def test_the_app_mails_through_smtp_when_a_host_is_set_else_into_the_outbox(tmp_path: Path) -> None:
    from mediation.app import build_mailer, deadline_policy
    from mediation.config import Settings
    from mediation.mail.smtp import SmtpMailer

    base = {"MEDIATION_HOME": str(tmp_path)}
    outbox = build_mailer(Settings.from_env(base))
    assert isinstance(outbox, OutboxMailer) and outbox.folder == tmp_path / "outbox"
    smtp = build_mailer(Settings.from_env({**base, "MEDIATION_SMTP_HOST": "mail.example.org",
                                           "MEDIATION_SMTP_SECURITY": "ssl"}))
    assert isinstance(smtp, SmtpMailer)
    assert (smtp.config.host, smtp.config.port, smtp.config.security) == ("mail.example.org", 465, "ssl")
    policy_ = deadline_policy(Settings.from_env({
        **base, "MEDIATION_MAIL_FROM": "서울시 갈등조정담당관 <noreply@seoul.example.org>",
        "MEDIATION_OFFICE_HOURS": "08:30-17:30", "MEDIATION_OFFICE_BREAKS": "none"}))
    assert (policy_.sender.name, policy_.sender.email) == ("서울시 갈등조정담당관",
                                                          "noreply@seoul.example.org")
    assert policy_.hours.spans()[0][0].isoformat() == "08:30:00" and policy_.hours.breaks == ()


@pytest.mark.parametrize(("name", "value"), [
    ("MEDIATION_SMTP_SECURITY", "tls1.0"), ("MEDIATION_SMTP_PORT", "70000"),
    ("MEDIATION_OFFICE_HOURS", "18:00-09:00"), ("MEDIATION_OFFICE_BREAKS", "noon"),
    ("MEDIATION_SWEEP_SECONDS", "often"), ("MEDIATION_RETRY_LIMIT", "0")])
def test_a_bad_mail_or_office_setting_is_refused_naming_the_variable(
        tmp_path: Path, name: str, value: str) -> None:
    from mediation.config import Settings

    with pytest.raises(BadInput) as caught:
        Settings.from_env({"MEDIATION_HOME": str(tmp_path), name: value})
    assert name in caught.value.message("en")
