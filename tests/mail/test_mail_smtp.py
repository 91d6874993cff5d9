"""Mail through a real SMTP server (aiosmtpd on 127.0.0.1, on a port reserved here because
``port=0`` is broken in aiosmtpd 1.4.6): messages are read back and checked — recipients,
decoded Korean subject and names, both bodies, Message-ID — over plain SMTP, STARTTLS with
login, and SSL; one connection carries many messages; a server that goes away and comes back
receives each reminder exactly once.

``SmtpSink`` (tests/support/smtp.py) is the server the other mail tests use too.
"""

from __future__ import annotations

import ssl
import subprocess
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.smtp import AuthResult, LoginPassword
from conftest import ADMIN, make_settings, seeded
from support.cases import at, open_case
from support.smtp import SmtpSink, free_port, running_sink

from mediation.app import App
from mediation.core.clock import FrozenClock
from mediation.mail.message import Address, Email, MailError, message_id
from mediation.mail.smtp import SmtpConfig, SmtpMailer


@pytest.fixture
def sink() -> Iterator[SmtpSink]:
    yield from running_sink()


@pytest.fixture(scope="session")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (made with the openssl command)."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key),
                    "-out", str(cert), "-days", "2", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
                   check=True, capture_output=True)
    return cert, key


def server_tls(certificate: tuple[Path, Path]) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(str(certificate[0]), str(certificate[1]))
    return context


def korean_email(n: int = 1, to: str = "kim@example.org") -> Email:
    return Email(sender=Address(email="noreply@seoul.example.org", name="서울시 갈등조정담당관"),
                 to=(Address(email=to, name="김조정"),),
                 subject=f"[기한 임박] 2026-0001 접수 확인 #{n}",
                 text=f"김조정님께,\n처리기한이 다가옵니다. ({n})\n",
                 html=f"<p>김조정님께, 처리기한이 다가옵니다. ({n})</p>",
                 message_id=message_id(f"reminder-{n}", "seoul.example.org"),
                 date=datetime(2026, 11, 24, 0, 0).astimezone(),
                 headers=(("X-Mediation-Case", "2026-0001"),))


def plain(port: int) -> SmtpMailer:
    return SmtpMailer(SmtpConfig(host="127.0.0.1", port=port, security="none", timeout=5))


def test_a_message_arrives_with_its_recipients_korean_subject_both_bodies_and_message_id(
        sink: SmtpSink) -> None:
    # Given a message with a Korean subject and Korean names
    email = korean_email()
    mailer = plain(sink.port)
    # When it is sent
    mailer.send(email)
    mailer.close()
    # Then the server received it for the right envelope recipients
    [got] = sink.received
    assert (got.mail_from, got.rcpt_tos) == ("noreply@seoul.example.org", ("kim@example.org",))
    # And the headers travelled RFC 2047-encoded (7-bit) and decode to the original text
    assert b"=?utf-8?" in got.raw and "기한".encode() not in got.raw.split(b"\r\n\r\n", 1)[0]
    msg = got.message
    assert str(msg["Subject"]) == email.subject
    assert msg["To"].addresses[0].display_name == "김조정"
    assert msg["From"].addresses[0].display_name == "서울시 갈등조정담당관"
    assert str(msg["Message-ID"]) == email.message_id
    assert str(msg["X-Mediation-Case"]) == "2026-0001"
    # And it is multipart: a text part and an HTML part, both UTF-8
    text, html = msg.get_body(("plain",)), msg.get_body(("html",))
    assert text is not None and html is not None
    assert text.get_content() == email.text.replace("\n", "\r\n") or \
        text.get_content().replace("\r\n", "\n") == email.text
    assert "처리기한이 다가옵니다" in html.get_content()


def test_one_connection_carries_many_messages(sink: SmtpSink) -> None:
    mailer = plain(sink.port)
    for n in range(20):
        mailer.send(korean_email(n))
    mailer.close()
    assert len(sink.received) == 20
    assert mailer.connections == 1
    assert len({r.peer for r in sink.received}) == 1


def test_starttls_with_login(certificate: tuple[Path, Path]) -> None:
    # Given a server that requires STARTTLS and a login
    def authenticate(server: Any, session: Any, envelope: Any, mechanism: str,
                     data: Any) -> AuthResult:
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == (b"mediation",
                                                                                 b"s3cret")
        return AuthResult(success=ok)

    server = SmtpSink(tls_context=server_tls(certificate), require_starttls=True,
                      authenticator=authenticate, auth_require_tls=True).start()
    try:
        config = SmtpConfig(host="127.0.0.1", port=server.port, user="mediation", password="s3cret",
                            security="starttls", cafile=str(certificate[0]), timeout=5)
        mailer = SmtpMailer(config)
        # When a message is sent
        mailer.send(korean_email())
        mailer.close()
        # Then it arrived, encrypted and authenticated
        assert len(server.received) == 1
        assert str(server.received[0].message["Subject"]) == korean_email().subject
    finally:
        server.stop()


def test_ssl_from_the_first_byte(certificate: tuple[Path, Path]) -> None:
    server = SmtpSink(ssl_context=server_tls(certificate)).start()
    try:
        mailer = SmtpMailer(SmtpConfig(host="127.0.0.1", port=server.port, security="ssl",
                                       cafile=str(certificate[0]), timeout=5))
        mailer.send(korean_email())
        mailer.close()
        assert [str(r.message["Subject"]) for r in server.received] == [korean_email().subject]
    finally:
        server.stop()


def test_a_refused_recipient_is_a_permanent_error_and_a_closed_port_a_transient_one(
        sink: SmtpSink) -> None:
    sink.refuse.add("gone@example.org")
    mailer = plain(sink.port)
    with pytest.raises(MailError) as refused:
        mailer.send(korean_email(to="gone@example.org"))
    assert not refused.value.transient
    # the connection stays usable for the next message
    mailer.send(korean_email(2))
    mailer.close()
    assert len(sink.received) == 1 and mailer.connections == 1
    nowhere = plain(free_port())
    with pytest.raises(MailError) as down:
        nowhere.send(korean_email())
    nowhere.close()
    assert down.value.transient


@pytest.fixture
def smtp_app(database_url: str, tmp_path: Path, clock: FrozenClock,
             sink: SmtpSink) -> Iterator[App]:
    mailer = plain(sink.port)
    app = seeded(make_settings(tmp_path, database_url), clock, mailer)
    yield app
    app.close()


def test_a_server_stopped_then_started_receives_each_reminder_exactly_once(
        smtp_app: App, clock: FrozenClock, sink: SmtpSink) -> None:
    # Given three cases received at 09:00, each with a reminder due at 11:00
    numbers = [open_case(smtp_app, clock, at(2026, 11, 24, 9)) for _ in range(3)]
    # When the mail server is down at 11:00
    sink.stop()
    clock.set(at(2026, 11, 24, 11))
    report = smtp_app.reminders.run_due(("send",))
    # Then every reminder waits for a retry, none is lost
    assert (report.sent, report.retrying) == (0, 3)
    # When the server is back and the retry time has come
    sink.start()
    clock.set(at(2026, 11, 24, 11, 1))
    assert smtp_app.reminders.run_due(("send",)).sent == 3
    clock.set(at(2026, 11, 24, 11, 30))
    assert smtp_app.reminders.run_due(("send",)).sent == 0
    # Then each reminder arrived exactly once, to kim, about its own case
    ids = sink.message_ids()
    assert len(ids) == len(set(ids)) == 3
    assert sorted(str(r.message["X-Mediation-Case"]) for r in sink.received) == sorted(numbers)
    assert {r.rcpt_tos for r in sink.received} == {("kim@example.org",)}
    rows = [r for n in numbers for r in smtp_app.reminders.list_reminders(ADMIN, "all", n)
            if r.status == "sent"]
    assert sorted(r.message_id for r in rows) == sorted(ids)
    assert {r.attempts for r in rows} == {2}
