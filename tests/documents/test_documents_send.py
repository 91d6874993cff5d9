"""Stories of sending registered documents: by e-mail through the outbox folder or a real SMTP
server (aiosmtpd on 127.0.0.1), to each party that has an address; the others listed for the
post; a changed file never sent; each sending recorded on the document and in the audit."""

from __future__ import annotations

import email
import email.policy
import json
import socket
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from conftest import Cli
from support.workflows import issuing_anywhere

from mediation.app import App
from mediation.cases.commands import CaseFields
from mediation.parties.commands import PartyFields


@pytest.fixture(autouse=True)
def every_kind_anywhere(cli: Cli, tmp_path: Path) -> None:
    """These stories are about the register and its sending, not about the states in which
    a kind may be issued: their workflows issue every kind anywhere."""
    cli.env["MEDIATION_WORKFLOWS_DIR"] = str(issuing_anywhere(tmp_path / "workflows"))


def open_case(app: App) -> str:
    park = app.users.actor("park")
    number = app.cases.open_case(park, workflow="public_conflict", mediator="kim", supervisor="park",
                           fields=CaseFields(title="가상 시설 입지 갈등")).number
    app.parties.add_party(park, number, PartyFields(name="홍길동", role="resident_group",
                                            email="hong@example.org", address="가상로 1"))
    app.parties.add_party(park, number, PartyFields(name="김우편", role="stakeholder",
                                            address="서울특별시 가상구 우편로 2"))
    return number


def write(cli: Cli, number: str, *args: str) -> list[dict[str, Any]]:
    result = cli("letter", "render", number, *args, "--json", user="kim")
    assert result.code == 0, result.err
    docs: list[dict[str, Any]] = json.loads(result.out)
    return docs


def outbox(tmp_path: Path) -> list[EmailMessage]:
    return [email.message_from_bytes(p.read_bytes(), policy=email.policy.default)  # type: ignore[misc]
            for p in sorted((tmp_path / "outbox").glob("*.eml"))]


def test_documents_go_by_e_mail_to_parties_with_an_address_and_the_rest_by_post(
        app: App, cli: Cli, tmp_path: Path) -> None:
    # Given invitations to a party with an e-mail address and to one without
    number = open_case(app)
    docs = write(cli, number, "invitation", "--all-parties", "--format", "pdf")
    # When both are sent
    result = cli("letter", "send", number, *(d["number"] for d in docs), "--json", user="kim")
    # Then the first goes by e-mail with its PDF, and the second is listed for the post
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert report["sent"] == [{"document": docs[0]["number"], "to": "hong@example.org"}]
    assert report["postal"] == [{"document": docs[1]["number"], "recipient": "김우편",
                                 "address": "서울특별시 가상구 우편로 2"}]
    [message] = outbox(tmp_path)
    assert message["To"] == "홍길동 <hong@example.org>"
    assert message["Subject"] == "[서울특별시] 조정 참여 요청(사건번호 2026-0001)"
    attachments = list(message.iter_attachments())
    assert [(a.get_content_type(), a.get_filename()) for a in attachments] == [
        ("application/pdf", Path(docs[0]["output_path"]).name)]
    assert attachments[0].get_content() == Path(docs[0]["output_path"]).read_bytes()
    body = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert docs[0]["number"] in body and "김조정" in body
    # And the sending is on the document and in the audit trail
    listed = json.loads(cli("letter", "list", number, "--json").out)
    assert [d["sent_to"] for d in listed] == ["hong@example.org", None]
    history = json.loads(cli("case", "history", number, "--json").out)
    assert history[-1]["kind"] == "document_sent"
    assert history[-1]["details"] == {"document": docs[0]["number"], "to": "hong@example.org"}
    assert json.loads(cli("audit", "verify", number, "--json").out)["ok"] is True


def test_a_meeting_notice_is_sent_with_its_calendar_file(
        app: App, cli: Cli, tmp_path: Path) -> None:
    number = open_case(app)
    [doc] = write(cli, number, "meeting_notice", "--party", "1", "--format", "html",
                  "--meeting-at", "2026-12-08T14:30", "--meeting-place", "가상구청")
    assert cli("letter", "send", number, doc["number"], user="kim").code == 0
    [message] = outbox(tmp_path)
    types = [a.get_content_type() for a in message.iter_attachments()]
    assert types == ["text/html", "text/calendar"]


def test_a_changed_file_is_not_sent(app: App, cli: Cli, tmp_path: Path) -> None:
    # Given a registered letter whose file was edited afterwards
    number = open_case(app)
    [doc] = write(cli, number, "receipt", "--party", "1", "--format", "txt")
    Path(doc["output_path"]).write_text("다른 내용", encoding="utf-8")
    # When it is sent
    result = cli("letter", "send", number, doc["number"], user="kim")
    # Then nothing is sent and the refusal names the file
    assert result.code == 4
    assert doc["output_path"] in result.err
    assert outbox(tmp_path) == []


def test_a_document_of_another_case_cannot_be_sent_under_this_one(app: App, cli: Cli) -> None:
    first, second = open_case(app), open_case(app)
    [doc] = write(cli, first, "receipt", "--party", "1", "--format", "txt")
    result = cli("letter", "send", second, doc["number"], user="kim")
    assert result.code == 3


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp_server() -> Iterator[tuple[int, list[Any]]]:
    """A real SMTP server on 127.0.0.1 that keeps what it receives."""
    from aiosmtpd.controller import Controller

    received: list[Any] = []

    class Keep:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            received.append(envelope)
            return "250 OK"

    port = _free_port()
    controller = Controller(Keep(), hostname="127.0.0.1", port=port)
    controller.start()
    yield port, received
    controller.stop()


def test_documents_are_sent_through_a_real_smtp_server(
        app: App, cli: Cli, smtp_server: tuple[int, list[Any]]) -> None:
    port, received = smtp_server
    number = open_case(app)
    [doc] = write(cli, number, "receipt", "--party", "1", "--format", "pdf")
    result = cli("letter", "send", number, doc["number"], user="kim",
                 MEDIATION_SMTP_HOST="127.0.0.1", MEDIATION_SMTP_PORT=str(port),
                 MEDIATION_SMTP_SECURITY="none", MEDIATION_MAIL_FROM="갈등조정 <office@example.org>")
    assert result.code == 0, result.err
    [envelope] = received
    assert envelope.rcpt_tos == ["hong@example.org"]
    assert envelope.mail_from == "office@example.org"
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    [pdf] = list(message.iter_attachments())  # type: ignore[attr-defined]
    assert pdf.get_content() == Path(doc["output_path"]).read_bytes()


def test_without_a_sender_setting_mail_comes_from_the_office_s_own_address(
        app: App, cli: Cli, smtp_server: tuple[int, list[Any]]) -> None:
    # Given an office whose e-mail is set, and no MEDIATION_MAIL_FROM
    port, received = smtp_server
    number = open_case(app)
    [doc] = write(cli, number, "receipt", "--party", "1", "--format", "txt")
    # When a letter is sent
    result = cli("letter", "send", number, doc["number"], user="kim",
                 MEDIATION_SMTP_HOST="127.0.0.1", MEDIATION_SMTP_PORT=str(port),
                 MEDIATION_SMTP_SECURITY="none", MEDIATION_OFFICE_EMAIL="conflict@seoul.example.kr")
    assert result.code == 0, result.err
    # Then the envelope and the From header carry the office's address, not a local default
    [envelope] = received
    assert envelope.mail_from == "conflict@seoul.example.kr"
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert "conflict@seoul.example.kr" in str(message["From"])
    assert "localhost" not in str(message["From"])


def test_a_document_of_the_whole_council_goes_to_each_party(
        app: App, cli: Cli, tmp_path: Path) -> None:
    # Given the agreement, one document for every party of the council
    number = open_case(app)
    [doc] = write(cli, number, "agreement", "--format", "pdf")
    assert doc["recipient"] == "협의회 당사자 전원"
    # When it is sent
    result = cli("letter", "send", number, doc["number"], "--json", user="kim")
    # Then it is e-mailed to the party with an address and listed for the post to the other,
    # by name and address, never as a council without an address
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert report["sent"] == [{"document": doc["number"], "to": "hong@example.org"}]
    assert report["postal"] == [{"document": doc["number"], "recipient": "김우편",
                                 "address": "서울특별시 가상구 우편로 2"}]
    [message] = outbox(tmp_path)
    assert message["To"] == "홍길동 <hong@example.org>"
    history = json.loads(cli("case", "history", number, "--json").out)
    assert history[-1]["details"] == {"document": doc["number"], "to": "hong@example.org"}


def test_the_register_names_every_address_a_council_document_went_to(
        app: App, cli: Cli, tmp_path: Path) -> None:
    # Given the agreement of a council whose two parties both have an e-mail address
    number = open_case(app)
    parties = json.loads(cli("party", "list", number, "--json", user="kim").out)
    post = next(p for p in parties if p["name"] == "김우편")
    assert cli("party", "update", number, str(post["id"]), "--email", "kim.post@example.org",
               user="kim").code == 0
    [doc] = write(cli, number, "agreement", "--format", "pdf")
    # When it is sent
    assert cli("letter", "send", number, doc["number"], user="kim").code == 0
    # Then the register names both addresses, in the order they were sent, as the events do
    shown = json.loads(cli("letter", "show", doc["number"], "--json", user="kim").out)
    events = [e["details"]["to"] for e in json.loads(cli("case", "history", number, "--json").out)
              if e["kind"] == "document_sent"]
    assert sorted(events) == ["hong@example.org", "kim.post@example.org"]
    assert shown["sent_to"] == ", ".join(events)
    assert len(outbox(tmp_path)) == 2


def test_a_long_list_of_addresses_ends_with_how_many_more() -> None:
    from mediation.documents.sending import SENT_TO_MAX, sent_to

    listed: str | None = None
    addresses = [f"party{i:03}@example.org" for i in range(30)]
    for address in addresses:
        listed = sent_to(listed, address)
    assert listed is not None and len(listed) <= SENT_TO_MAX
    shown, _, more = listed.partition(" (+")
    assert len(shown.split(", ")) + int(more.rstrip(")")) == 30
    # sending again to an address already listed changes nothing
    assert sent_to("a@example.org, b@example.org", "a@example.org") == "a@example.org, b@example.org"
