"""When a meeting may start: the notice period it needs (refused when shorter, unless a
reason is recorded; a meeting nobody is notified of has none), and whether its start falls
on a day off of the office calendar or outside office hours — refused before anything is
written or sent unless a reason is recorded (a hearing on a Saturday morning may be what
residents need). Pure: the calendar and the times are arguments.

A meeting is summoned at least 7 days ahead (환경분쟁 조정법 제49조 제2항) and a public
hearing announced at least 14 days ahead (행정절차법 제38조); a hearing postponed to a new
date needs 7 (제38조 단서), one moved earlier the full 14."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from mediation.core import validate, vocabulary
from mediation.core.calendar import WorkCalendar, local
from mediation.core.errors import BadInput, Refused
from mediation.core.formats import kdatetime
from mediation.views.meetings import TimeWarning

NOTICE = {"joint": timedelta(days=7), "separate": timedelta(days=7),
          "hearing": timedelta(days=14)}
# 행정절차법 제38조 단서: a hearing that could not be held as announced and gets a new, later
# date is announced 7 days ahead; moved earlier, it needs the full 14 (``NOTICE``)
POSTPONED = {"joint": timedelta(days=7), "separate": timedelta(days=7),
             "hearing": timedelta(days=7)}


def _hm(moment: time) -> str:
    return f"{moment:%H:%M}"


def _time_problem(calendar: WorkCalendar, starts_at: datetime) -> tuple[str, str, str] | None:
    """(code, Korean, English) saying that ``starts_at`` is on a day off or else outside
    office hours; ``None`` when it is within them."""
    start = local(starts_at)
    when_ko, when_en = kdatetime(start, "ko"), kdatetime(start, "en")
    off = calendar.day_off(start.date())
    if off is not None:
        return ("day_off", f"회의 시작 {when_ko}은(는) 사무소 휴무일({off.label('ko')})입니다.",
                f"The meeting starts {when_en}, a day off of the office ({off.label('en')}).")
    hours = calendar.hours
    if hours.start <= start.time() < hours.end:
        return None
    span = f"{_hm(hours.start)}–{_hm(hours.end)}"
    return ("outside_hours", f"회의 시작 {when_ko}은(는) 근무시간({span}) 밖입니다.",
            f"The meeting starts {when_en}, outside office hours ({span}).")


def time_warning(calendar: WorkCalendar, starts_at: datetime) -> TimeWarning | None:
    """A warning when ``starts_at`` is on a day off, or else outside office hours."""
    problem = _time_problem(calendar, starts_at)
    if problem is None:
        return None
    code, ko, en = problem
    return TimeWarning(code=code, ko=f"{ko} 일정이 맞는지 확인하세요.",
                       en=f"{en} Check that this is intended.")


def check_time(calendar: WorkCalendar, starts_at: datetime,
               force_reason: str | None) -> TimeWarning | None:
    """Refuse a start on a day off or outside office hours unless a reason is recorded
    (``--force --reason``); with one, the warning that goes with the meeting."""
    problem = _time_problem(calendar, starts_at)
    if problem is not None and force_reason is None:
        _, ko, en = problem
        raise Refused(reason_ko=f"{ko} 그 시간에 열려면 --force --reason 으로 사유를 남기세요.",
                      reason_en=f"{en} Use --force --reason to record why it is then.")
    return time_warning(calendar, starts_at)


def check_notice(kind: str, starts_at: datetime, now: datetime, force_reason: str | None, *,
                 postponed: bool = False, noticed: bool = True) -> str | None:
    """The recorded reason for a short notice, or ``None``; refuses a time in the past or a
    short notice without a reason. ``postponed``: a scheduled meeting moved later;
    ``noticed``: the parties are notified (a joint or separate meeting without a notice has
    no notice period; a public hearing keeps its own)."""
    if starts_at.tzinfo is None:
        raise BadInput(field="at", reason_ko="시각을 시차(예: +09:00)와 함께 주세요",
                                   reason_en="give a time with its offset")
    if starts_at <= now:
        raise BadInput(field="at", reason_ko=f"이미 지난 시각입니다: {starts_at.isoformat()}",
                                   reason_en=f"{starts_at.isoformat()} is in the past")
    reason = validate.optional_text(force_reason, "reason", max_len=2000)
    notice = (POSTPONED if postponed else NOTICE)[kind]
    # a hearing is announced to the public (행정절차법 제38조) whether or not the parties
    # get notices from us; another meeting nobody is summoned to has no notice period
    if (noticed or kind == "hearing") and starts_at - now < notice and reason is None:
        what = vocabulary.MEETING_KINDS[kind]
        raise Refused(reason_ko=f"회의({what.ko})는 {notice.days}일 전까지 통지해야 합니다. "
                                "그보다 늦게 열려면 --force --reason 으로 사유를 남기세요.",
                      reason_en=f"A {what.en} needs {notice.days} days' notice; "
                                "use --force --reason to record why it is shorter.")
    return reason
