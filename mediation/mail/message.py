"""E-mail: the ``Email`` record, its conversion to a MIME message, and the ``Mailer``
protocol. Its implementations sit beside it: ``smtp.SmtpMailer`` (STARTTLS, SSL or plain; one
connection reused across messages), ``folder.OutboxMailer`` (``.eml`` files in a folder) and
``fake.RecordingMailer`` (in memory, for tests and the demo's checks).

Messages are multipart text + HTML; Korean subjects and names are RFC 2047-encoded; every
address is validated and no header may carry a line break, so a subject or a name cannot
inject headers. ``smtplib`` and socket errors become ``MailError``, which says whether a
retry may succeed.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from functools import cache
from typing import TYPE_CHECKING, Protocol, cast

from mediation.core import validate
from mediation.core.errors import BadInput, MediationError

if TYPE_CHECKING:  # imported where used: a command that sends no mail skips them
    from email.headerregistry import Address as HeaderAddress
    from email.policy import EmailPolicy

MESSAGE_ID = re.compile(r"^<[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+>$")
HEADER_NAME = re.compile(r"^X-[A-Za-z0-9-]{1,60}$")
LINE_BREAKS = re.compile(r"[\r\n\x00\x0b\x0c\x85\u2028\u2029]")


class MailError(MediationError):
    """A message could not be handed to the mail server."""

    exit_code = 1
    ko = "메일 발송 실패: {detail}"
    en = "Mail delivery failed: {detail}"

    @property
    def transient(self) -> bool:
        return bool(self.fields.get("transient", True))


def _one_line(value: str, field_name: str) -> str:
    if LINE_BREAKS.search(value):
        raise BadInput(field=field_name, reason_ko="메일 머리글에는 줄바꿈을 쓸 수 없습니다",
                                         reason_en="line breaks are not allowed in mail headers")
    return value


@dataclass(frozen=True, slots=True, kw_only=True)
class Address:
    email: str
    name: str = ""

    def __post_init__(self) -> None:
        validate.email(_one_line(self.email, "email"))
        _one_line(self.name, "name")

    def header(self) -> HeaderAddress:
        from email.headerregistry import Address as HeaderAddress

        return HeaderAddress(display_name=self.name, addr_spec=self.email)


PARAM_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9-]{0,39}$")


@dataclass(frozen=True, slots=True, kw_only=True)
class Attachment:
    """A file sent with a message (a letter's PDF, its calendar file). ``params`` are
    Content-Type parameters, e.g. ``(("method", "PUBLISH"), ("charset", "utf-8"))`` for an
    iCalendar object (RFC 6047 §2.4)."""

    filename: str
    content_type: str
    data: bytes = field(repr=False)
    params: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        _one_line(self.filename, "filename")
        if self.content_type.count("/") != 1:
            raise BadInput(field="content_type", reason_ko=f"'{self.content_type[:60]}'은(는) "
                                                           "형식/세부형식(type/subtype)이 아닙니다",
                                                 reason_en=f"'{self.content_type[:60]}' is not type/subtype")
        for name, value in self.params:
            if not PARAM_NAME.match(name) or name.lower() in ("name", "boundary"):
                raise BadInput(field="content_type", reason_ko=f"'{name[:40]}'은(는) 매개변수 이름이 "
                                                               "아닙니다",
                                                     reason_en=f"'{name[:40]}' is not a parameter name")
            _one_line(value, name)


@dataclass(frozen=True, slots=True, kw_only=True)
class Email:
    sender: Address
    to: tuple[Address, ...]
    subject: str
    text: str
    html: str | None
    message_id: str
    date: datetime
    headers: tuple[tuple[str, str], ...] = ()
    attachments: tuple[Attachment, ...] = ()

    def __post_init__(self) -> None:
        if not self.to:
            raise BadInput(field="to", reason_ko="메일에는 받는 사람이 한 명 이상 있어야 합니다",
                                       reason_en="a message needs at least one recipient")
        _one_line(self.subject, "subject")
        if not MESSAGE_ID.match(self.message_id):
            raise BadInput(field="message_id", reason_ko=f"'{self.message_id[:80]}'은(는) <id@domain> "
                                                         "형식이 아닙니다",
                                               reason_en=f"'{self.message_id[:80]}' is not <id@domain>")
        for name, value in self.headers:
            if not HEADER_NAME.match(name):
                raise BadInput(field="header", reason_ko=f"'{name[:60]}'은(는) X- 머리글 이름이 아닙니다",
                                               reason_en=f"'{name[:60]}' is not an X- header name")
            _one_line(value, name)


def message_id(key: str, domain: str) -> str:
    """A Message-ID that depends only on ``key``: a resend reuses it, so readers see one."""
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    return f"<mediation.{digest}@{domain}>"


WORD_BYTES = 39  # UTF-8 bytes per encoded word: "=?utf-8?b?" + 52 base64 + "?=" = 64 chars


def encoded_words(text: str) -> list[str]:
    """``text`` as RFC 2047 encoded words, each whole characters and at most 64 characters,
    with every space inside a word (a reader drops the white space *between* words)."""
    words, chunk = [], b""
    for char in text:
        data = char.encode("utf-8")
        if len(chunk) + len(data) > WORD_BYTES:
            words.append(chunk)
            chunk = b""
        chunk += data
    words.append(chunk)
    return [f"=?utf-8?b?{base64.b64encode(w).decode('ascii')}?=" for w in words if w]


ADDRESS_HEADERS = frozenset({"from", "to", "cc", "reply-to", "sender"})
PLAIN_NAME = re.compile(r"^[A-Za-z0-9 !#$%&'*+/^_`{|}~.-]+$")


def address_text(name: str, addr_spec: str, fold_with: str = " ") -> str:
    """One address of an address header, written here rather than by the standard library:
    it decodes an encoded word that a display name merely contains (``=?utf-8?q?…?=``) and
    then writes the decoded line breaks or colons out raw, so a name could add a header or
    turn the recipients into a group. A name that is not plain ASCII text is always written
    as our own encoded words, so whatever its characters a reader sees it as a name."""
    if not name:
        return addr_spec
    if PLAIN_NAME.match(name) and "=?" not in name:
        shown = f'"{name}"' if any(c in name for c in ".") else name
    else:
        shown = fold_with.join(encoded_words(name))
    return f"{shown} <{addr_spec}>"


@cache
def _policy() -> EmailPolicy[EmailMessage]:
    """SMTP's policy, except that a non-ASCII Subject is folded here: the standard library's
    folder can leave a space between two encoded words, where readers drop it, so a long
    Korean subject lost a space (CPython issue 92081)."""
    from email.policy import EmailPolicy

    class MailPolicy(EmailPolicy):  # generic only to type checkers (see the cast below)
        def _own(self, name: str, value: object) -> str | None:
            fold_with = f"{self.linesep} "
            if name.lower() == "subject" and not str(value).isascii():
                return f"{name}: {fold_with.join(encoded_words(str(value)))}{self.linesep}"
            if name.lower() in ADDRESS_HEADERS and hasattr(value, "addresses"):
                shown = f",{fold_with}".join(address_text(a.display_name, a.addr_spec, fold_with)
                                             for a in value.addresses)
                return f"{name}: {shown}{self.linesep}"
            return None

        def fold(self, name: str, value: str) -> str:
            own = self._own(name, value)
            return own if own is not None else str(super().fold(name, value))

        def fold_binary(self, name: str, value: str) -> bytes:
            own = self._own(name, value)
            return own.encode("ascii") if own is not None else super().fold_binary(name, value)

    return cast("EmailPolicy[EmailMessage]", MailPolicy(linesep="\r\n", max_line_length=78))


def to_message(email: Email) -> EmailMessage:
    """The MIME message: text and HTML alternatives, UTF-8, base64 bodies, encoded headers."""
    msg = EmailMessage(policy=_policy())
    msg["From"] = email.sender.header()
    msg["To"] = [a.header() for a in email.to]
    msg["Subject"] = email.subject
    msg["Date"] = format_datetime(email.date)
    msg["Message-ID"] = email.message_id
    for name, value in email.headers:
        msg[name] = value
    msg.set_content(email.text, charset="utf-8", cte="base64")
    if email.html is not None:
        msg.add_alternative(email.html, subtype="html", charset="utf-8", cte="base64")
    for item in email.attachments:
        maintype, subtype = item.content_type.split("/")
        msg.add_attachment(item.data, maintype=maintype, subtype=subtype, filename=item.filename,
                           params=dict(item.params))
    return msg


class Mailer(Protocol):
    def send(self, email: Email) -> None:
        """Hand ``email`` over, or raise ``MailError``."""
        ...

    def close(self) -> None:
        """Release any connection; the mailer may be used again afterwards."""
        ...


# SMTP ----------------------------------------------------------------------------------
