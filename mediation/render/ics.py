"""The calendar file sent with a meeting notice (RFC 5545; METHOD per RFC 5546), built with
the ``icalendar`` package, which escapes and folds every value.

The office's template (``letters/<lang>/<kind>.ics.j2``) gives only the wording, as plain
text in three blocks: ``summary`` (the event's title), ``location`` and ``description``.
Everything else is decided here: one UID per meeting across its notices, its SEQUENCE
(bumped by each change), METHOD PUBLISH, or CANCEL with STATUS CANCELLED for a cancellation;
times in UTC (``…Z``, read alike by Outlook, Google and Apple calendars, and needing no
VTIMEZONE: Asia/Seoul has no daylight saving time to follow); DTSTAMP the date of issue;
ORGANIZER the office's e-mail. PUBLISH, not REQUEST: attendance is answered to the officer,
not by calendar replies, so the file names no ATTENDEE (and no other party).

Whatever the template writes stays text inside its property: a line break or
``END:VEVENT`` in it is escaped, control characters are dropped, and the summary and location
are one line each.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from mediation.render.context import LetterCtx, MeetingCtx

if TYPE_CHECKING:
    from icalendar import vCalAddress

FIELDS = ("summary", "location", "description")

# control characters but TAB and LF (RFC 5545 §3.3.11), and lone surrogates (not UTF-8)
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")
PLAIN_ADDRESS = re.compile(r"[^\s\x00-\x1f\x7f\"<>]+@[^\s\x00-\x1f\x7f\"<>]+")


def office_host(homepage: str) -> str:
    """The host of the office's homepage: the right-hand side of its calendar UIDs."""
    return homepage.split("//")[-1].split("/")[0].strip() or "localhost"


def event_uid(ctx: LetterCtx, meeting: MeetingCtx) -> str:
    """The meeting's UID; a notice written by hand (no scheduled meeting) takes one from
    its document number, ``mediation-<case>-<year>-<serial>@<host>``."""
    if meeting.uid:
        return meeting.uid
    serial = "-".join(ctx.doc.number.split("-")[-2:])
    return f"mediation-{ctx.case.number}-{serial}@{office_host(ctx.office.homepage)}"


def field_text(value: str, *, one_line: bool) -> str:
    """A template's block as a property value: line ends as LF, control characters (and
    anything UTF-8 can not write) dropped, trailing spaces and blank lines at either end
    removed; ``one_line`` makes each run of white space one space."""
    text = CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    if one_line:
        return " ".join(text.split())
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


def calendar_file(ctx: LetterCtx, meeting: MeetingCtx, wording: Mapping[str, str],
                  lang: str) -> bytes:
    """The iCalendar file of ``meeting``'s notice with the template's ``wording``."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", f"-//{field_text(ctx.office.agency, one_line=True)}//mediation//"
                      f"{lang.upper()}")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "CANCEL" if meeting.cancelled else "PUBLISH")
    event = Event()
    event.add("uid", event_uid(ctx, meeting))
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", _utc(ctx.doc.issued_at))
    event.add("dtstart", _utc(meeting.starts_at))
    event.add("dtend", _utc(meeting.ends_at))
    for name in FIELDS:
        text = field_text(wording.get(name, ""), one_line=name != "description")
        if text:
            event.add(name, text)
    organizer = _organizer(ctx)
    if organizer is not None:
        event.add("organizer", organizer)
    event.add("class", "CONFIDENTIAL" if meeting.closed else "PUBLIC")
    event.add("status", "CANCELLED" if meeting.cancelled else "CONFIRMED")
    cal.add_component(event)
    data: bytes = cal.to_ical()
    return data


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _organizer(ctx: LetterCtx) -> vCalAddress | None:
    """``mailto:`` the office's e-mail, named after its division; none if the configured
    address is not a plain one (it is written as a URI, which is not escaped)."""
    from icalendar import vCalAddress

    email = ctx.office.email.strip()
    if not PLAIN_ADDRESS.fullmatch(email):
        return None
    address = vCalAddress(f"mailto:{email}")
    name = field_text(ctx.office.division, one_line=True).replace('"', "")
    if name:
        address.params["CN"] = name
    return address


@dataclass(frozen=True, slots=True, kw_only=True)
class FeedEvent:
    """One entry of a personal calendar feed: a meeting (``start`` and ``end``) or a
    deadline (an all-day entry on ``day``)."""

    uid: str
    summary: str
    description: str = ""
    location: str = ""
    start: datetime | None = None
    end: datetime | None = None
    day: date | None = None
    url: str = ""


def feed_file(name: str, events: Sequence[FeedEvent], stamp: datetime, lang: str) -> bytes:
    """A subscribed calendar (``METHOD:PUBLISH``, ``X-WR-CALNAME`` ``name``) of ``events``;
    every text is one property value, escaped and folded by ``icalendar``."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", f"-//mediation//personal feed//{lang.upper()}")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", field_text(name, one_line=True))
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", _utc(stamp))
        if item.day is not None:
            event.add("dtstart", item.day)
            event.add("dtend", item.day + timedelta(days=1))
            event.add("transp", "TRANSPARENT")
        else:
            assert item.start is not None and item.end is not None
            event.add("dtstart", _utc(item.start))
            event.add("dtend", _utc(item.end))
        event.add("summary", field_text(item.summary, one_line=True))
        for prop, text in (("location", item.location), ("description", item.description)):
            value = field_text(text, one_line=prop == "location")
            if value:
                event.add(prop, value)
        if item.url:
            event.add("url", item.url)
        cal.add_component(event)
    data: bytes = cal.to_ical()
    return data
