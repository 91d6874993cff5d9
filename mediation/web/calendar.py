"""The month calendar of meetings, the user's own page (내 정보: their calendar feed and
their password) and the personal calendar feed itself (``/calendar/TOKEN.ics``): the
meetings and running deadlines of the cases the feed's owner may read, for a phone's
calendar, opened by its secret token alone (no sign-in; any other token is "not found")."""

from __future__ import annotations

import calendar as months
from collections import defaultdict
from dataclasses import replace
from datetime import date, datetime, time, timedelta

from starlette.responses import RedirectResponse, Response

from mediation.core.clock import SEOUL
from mediation.core.errors import BadInput, MediationError, NotFound
from mediation.core.formats import kdatetime, ktime
from mediation.core.vocabulary import MEETING_KINDS
from mediation.web.console import Req

FEED_PAST = timedelta(days=90)
FEED_AHEAD = timedelta(days=400)
"""The meetings a feed holds: from three months back to a year and more ahead."""
MEETING_LENGTH = timedelta(hours=2)  # as the meeting notices' calendar files give it


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=SEOUL)


def _month(req: Req) -> date:
    raw = (req.request.query_params.get("month") or "").strip()
    if not raw:
        return req.app.clock.now().astimezone(SEOUL).date().replace(day=1)
    try:
        year, month = (int(p) for p in raw.split("-"))
        return date(year, month, 1)
    except ValueError as exc:
        raise BadInput(field="month", reason_ko=f"'{raw[:10]}'은(는) 2026-11 같은 달이 아닙니다",
                                      reason_en=f"'{raw[:10]}' is not a month like 2026-11") from exc


def month_page(req: Req) -> Response:
    first = _month(req)
    weeks = months.Calendar(firstweekday=6).monthdatescalendar(first.year, first.month)
    found = req.app.meetings.meetings_between(
        req.me, _midnight(weeks[0][0]), _midnight(weeks[-1][-1] + timedelta(days=1)), held=True)
    by_day = defaultdict(list)
    for m in found:
        by_day[m.meeting.starts_at.astimezone(SEOUL).date()].append(m)
    before = (first - timedelta(days=1)).replace(day=1)
    after = (first + timedelta(days=32)).replace(day=1)
    today = req.app.clock.now().astimezone(SEOUL).date()
    return req.render("calendar.html.j2", first=first, weeks=weeks, by_day=by_day, today=today,
                      before=f"{before.year}-{before.month:02d}",
                      after=f"{after.year}-{after.month:02d}", count=len(found), ktime=ktime)


# the user's own page -----------------------------------------------------------------------

def me_page(req: Req, token: str | None = None, status: int = 200) -> Response:
    mine = next((u for u in req.app.users.list_users() if u.username == req.me.username), None)
    url = str(req.request.base_url).rstrip("/") + f"/calendar/{token}.ics" if token else None
    return req.render("me.html.j2", status=status, user=mine, feed_url=url,
                      feed_made_at=req.app.feeds.feed_made_at(req.me))


def renew_feed(req: Req) -> Response:
    """A new feed address, shown on this answer only (it is kept hashed)."""
    return me_page(req, req.app.feeds.renew_feed(req.me))


def change_password(req: Req) -> Response:
    """The user's own password: the current one checked as a sign-in is (and limited alike)."""
    client = req.request.client.host if req.request.client else "unknown"
    new = req.form.get("new", "")
    if new != req.form.get("again", ""):
        raise BadInput(field=req.t("new_password_again"), reason_ko="두 새 비밀번호가 다릅니다",
                                                          reason_en="the two new passwords differ")
    req.app.passwords.sign_in(req.me.username, req.form.get("current", ""), client)
    req.app.passwords.set_password(req.me, req.me.username, new)
    req.session = replace(req.session, change=False)
    return RedirectResponse("/me?done=1", status_code=303)


# the feed -----------------------------------------------------------------------------------

def feed(req: Req) -> Response:
    from mediation.render.ics import FeedEvent, feed_file, office_host

    token = str(req.request.path_params["token"])
    try:
        owner = req.app.users.actor(req.app.feeds.feed_owner(token))
    except MediationError as exc:  # an unknown token, or a user since deactivated
        raise NotFound(kind="calendar feed", key="…") from exc
    app, now, ko = req.app, req.app.clock.now(), req.lang != "en"
    host = office_host(app.settings.documents.office.homepage)
    site = str(req.request.base_url).rstrip("/")
    events = []
    for m in app.meetings.meetings_between(owner, now - FEED_PAST, now + FEED_AHEAD, held=True):
        found = MEETING_KINDS.get(m.meeting.kind)
        kind = found.get(req.lang) if found else m.meeting.kind
        events.append(FeedEvent(
            uid=f"mediation-{m.number}-meeting-{m.meeting.id}@{host}",
            summary=f"{'회의' if ko else 'Meeting'}: {kind} — {m.number} {m.case_title}",
            location=m.meeting.place, start=m.meeting.starts_at,
            end=m.meeting.starts_at + MEETING_LENGTH,
            description=m.meeting.agenda or "", url=f"{site}/cases/{m.number}"))
    for d in app.deadlines.list_deadlines(owner):
        if d.due_at is None:
            continue
        title = d.title_ko if ko else d.title_en
        due = kdatetime(d.due_at, req.lang)
        events.append(FeedEvent(
            uid=f"mediation-{d.number}-deadline-{d.id}@{host}",
            summary=f"{'기한' if ko else 'Due'}: {title} — {d.number} {d.case_title}",
            day=d.due_at.astimezone(SEOUL).date(),
            description=(f"마감 {due}" if ko else f"Due {due}"), url=f"{site}/cases/{d.number}"))
    who = {u.username: u.name for u in app.users.list_users()}.get(owner.username, owner.username)
    name = f"{req.t('app')} — {who}"
    return Response(feed_file(name, events, now, req.lang),
                    media_type="text/calendar; charset=utf-8")
