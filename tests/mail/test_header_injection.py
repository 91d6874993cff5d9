"""Display names are data: whatever their characters — encoded words included — they never add
a header, change an address or turn the recipients into a group (issue found by a hostile
test campaign: the standard library decodes an encoded word a name merely contains)."""

from __future__ import annotations

import re
from datetime import datetime
from email import message_from_bytes, policy
from email.header import decode_header, make_header
from pathlib import Path

import pytest

from mediation.core.clock import SEOUL
from mediation.mail.folder import OutboxMailer
from mediation.mail.message import Address, Email, to_message

HOSTILE_NAMES = (
    "=?utf-8?q?Mr_X=0D=0AReply-To=3A_attacker=40evil=2Eexample?=",
    "=?utf-8?q?Bcc=3A_x=40y=2Ez?=",
    "=?utf-8?b?TXIgWA0KQmNjOiB4QHkuego=?=",
    "=?UTF-8?Q?a?= =?UTF-8?Q?=0ACc=3A_z=40evil=2Eexample?=",
    'Kim "Boss" <boss@evil.example>, other@evil.example',
    "Lee: group;",
    "홍길동 =?utf-8?q?=0D=0AX-Evil=3A_1?=",
    "Mr. Park",
    "김○○",
)


def names_in(raw: bytes, header: str) -> list[str]:
    """The display names of an address header of ``raw``, decoded by RFC 2047's rules."""
    head = raw.split(b"\r\n\r\n", 1)[0].decode("ascii").replace("\r\n ", " ")
    [line] = [h for h in head.split("\r\n") if h.startswith(f"{header}: ")]
    names = []
    for part in re.findall(r"(?:^|, )(.*?) <[^<>]+>", line[len(header) + 2:]):
        if part.startswith('"'):
            names.append(part[1:-1].replace('\\"', '"').replace("\\\\", "\\"))
        else:
            names.append(str(make_header(decode_header(part))))
    return names


def message(name: str) -> Email:
    return Email(sender=Address(email="noreply@seoul.example.org", name=name),
                 to=(Address(email="kim@example.org", name=name),
                     Address(email="lee@example.org", name="이조정")),
                 subject="[회의 개최 통지] 가상 사건", text="본문", html=None,
                 message_id="<mediation.1@seoul.example.org>",
                 date=datetime(2026, 12, 3, 9, tzinfo=SEOUL))


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_a_display_name_never_adds_a_header_or_changes_an_address(name: str) -> None:
    # Given a message whose sender and first recipient carry the name
    raw = to_message(message(name)).as_bytes()
    # When a receiver parses the bytes
    parsed = message_from_bytes(raw, policy=policy.default)
    header_names = [k.lower() for k in parsed]
    # Then the headers are exactly those the program wrote, once each
    assert sorted(header_names) == sorted(["from", "to", "subject", "date", "message-id",
                                           "content-type", "content-transfer-encoding",
                                           "mime-version"])
    # And the addresses are unchanged, in no group
    to = [a.addr_spec for a in parsed["To"].addresses]
    assert to == ["kim@example.org", "lee@example.org"]
    assert [a.addr_spec for a in parsed["From"].addresses] == ["noreply@seoul.example.org"]
    assert all(g.display_name is None for g in parsed["To"].groups)
    # And each name reads back exactly as given when decoded as RFC 2047 says (white space
    # between two encoded words is not part of the text)
    assert names_in(raw, "To") == [name, "이조정"]
    assert names_in(raw, "From") == [name]
    # And no header line of the raw message starts with anything the name could inject
    lines = raw.split(b"\r\n\r\n", 1)[0].split(b"\r\n")
    starts = {line.split(b":", 1)[0].lower() for line in lines if not line.startswith((b" ", b"\t"))}
    assert starts == {n.encode() for n in header_names}


def test_an_eml_in_the_outbox_folder_keeps_the_hostile_name_as_a_name(tmp_path: Path) -> None:
    # Given the outbox-folder mailer
    mailer = OutboxMailer(tmp_path)
    # When it writes a message whose recipient's name carries a header in an encoded word
    mailer.send(message(HOSTILE_NAMES[0]))
    [written] = list(tmp_path.glob("*.eml"))
    parsed = message_from_bytes(written.read_bytes(), policy=policy.default)
    # Then the file has no Reply-To and the recipient is the one the program chose
    assert parsed["Reply-To"] is None
    assert [a.addr_spec for a in parsed["To"].addresses] == ["kim@example.org", "lee@example.org"]
