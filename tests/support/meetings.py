"""The meeting tests' case (three parties: Korean and English with e-mail, one by post) and
readers of the iCalendar files their notices carry: ``event`` parses a file back with the
``icalendar`` package and checks its shape (one event, CRLF lines of at most 75 octets, no
fold inside an escape); ``calendar`` gives its properties as written."""

from __future__ import annotations

import re
from email.message import EmailMessage

from icalendar import Calendar, Event

from mediation.app import App
from mediation.cases.commands import CaseFields
from mediation.parties.commands import PartyFields


def open_case(app: App) -> tuple[str, list[int]]:
    """A case with a Korean party with e-mail, an English one with e-mail, one by post."""
    park = app.users.actor("park")
    number = app.cases.open_case(park, workflow="public_conflict", mediator="kim", supervisor="park",
                           fields=CaseFields(title="가상 시설 입지 갈등")).number
    ids = [app.parties.add_party(park, number, fields).id for fields in (
        PartyFields(name="홍길동", role="resident_group", email="hong@example.org"),
        PartyFields(name="Jane Doe", role="expert", email="jane@example.org", lang="en"),
        PartyFields(name="김우편", role="stakeholder", address="서울특별시 가상구 우편로 2"))]
    return number, ids


# a physical line that ends inside an escape: an odd run of backslashes at its end
SPLIT_ESCAPE = re.compile(rb"(?<!\\)(?:\\\\)*\\$")


def event(data: bytes | str) -> Event:
    """The one event of an iCalendar file, parsed back with ``icalendar``, after checking
    the file's shape: CRLF line ends only, lines of at most 75 octets (RFC 5545 §3.1), no
    line folded between a backslash and what it escapes (Google Calendar drops such events),
    one VCALENDAR holding exactly one VEVENT, nothing the parser had to forgive."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    assert raw.endswith(b"\r\n")
    lines = raw[:-2].split(b"\r\n")
    assert not [line for line in lines if b"\r" in line or b"\n" in line]
    assert not [line for line in lines if len(line) > 75]
    assert not [line for line in lines if SPLIT_ESCAPE.search(line)]
    [cal] = Calendar.from_ical(raw, multiple=True)
    assert [c.name for c in cal.walk()] == ["VCALENDAR", "VEVENT"]
    [found] = cal.walk("VEVENT")
    assert not cal.errors and not found.errors
    return found


def calendar(data: bytes | str) -> dict[str, str]:
    """The properties of an iCalendar file as written (unfolded; the first of each name),
    once ``event`` has parsed it back."""
    event(data)
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    found: dict[str, str] = {}
    for line in text.replace("\r\n ", "").split("\r\n"):
        if line:
            name, _, value = line.partition(":")
            found.setdefault(name.split(";")[0], value)
    return found


def calendar_part(message: EmailMessage) -> EmailMessage:
    [part] = [a for a in message.iter_attachments() if a.get_content_type() == "text/calendar"]
    return part
