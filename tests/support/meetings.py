"""The meeting tests' case (three parties: Korean and English with e-mail, one by post) and
readers of the iCalendar files their notices carry."""

from __future__ import annotations

from email.message import EmailMessage

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


def calendar(data: bytes | str) -> dict[str, str]:
    """The properties of an iCalendar file (unfolded; the first of each name)."""
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    found: dict[str, str] = {}
    for line in text.replace("\r\n ", "").split("\r\n"):
        if line:
            name, _, value = line.partition(":")
            found.setdefault(name.split(";")[0], value)
    return found


def calendar_part(message: EmailMessage) -> EmailMessage:
    [part] = [a for a in message.iter_attachments() if a.get_content_type() == "text/calendar"]
    return part
