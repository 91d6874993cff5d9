"""A public hearing's own details (행정절차법 제38조: the speakers, how and by when to apply to
speak, comments online): cleaned from a command's input, kept on the meeting row (its
``hearing`` column, also written into the ``meeting_scheduled`` and ``meeting_rescheduled``
events for the audit trail) and read back for its later notices and for ``meeting show``. A
change gives only what changes; the rest is kept.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any

from sqlalchemy.engine import Connection

from mediation.core import validate
from mediation.core.clock import SEOUL
from mediation.core.errors import BadInput
from mediation.storage import meetings as store
from mediation.views.meetings import HearingCtx

MAX_SPEAKERS = 30


def clean_hearing(given: HearingCtx | None, kind: str) -> HearingCtx | None:
    """The details given, checked; only a hearing takes them."""
    if given is None:
        return None
    if kind != "hearing":
        raise BadInput(field="speakers", reason_ko="--speaker, --apply-by, --apply-how, --comments는 "
                                                   "공청회에만 씁니다",
                                         reason_en="speakers, --apply-by, --apply-how and "
                                                   "--comments are for a public hearing only")
    speakers = tuple(validate.text(s, "speakers", max_len=200) for s in given.speakers
                     if s.strip())
    if len(speakers) > MAX_SPEAKERS:
        raise BadInput(field="speakers", reason_ko=f"발언자가 {len(speakers)}명입니다. {MAX_SPEAKERS}명까지 "
                                                   "적을 수 있습니다",
                                         reason_en=f"{len(speakers)} speakers; at most "
                                                   f"{MAX_SPEAKERS}")
    return HearingCtx(
        speakers=speakers, apply_by=given.apply_by,
        apply_how=validate.optional_text(given.apply_how, "apply-how", max_len=500) or "",
        comments=validate.optional_text(given.comments, "comments", max_len=500) or "")


def merged(kept: HearingCtx | None, given: HearingCtx | None) -> HearingCtx | None:
    """The details after a change: each one given replaces the one kept."""
    if given is None or kept is None:
        return given or kept
    return replace(kept, speakers=given.speakers or kept.speakers,
                   apply_by=given.apply_by or kept.apply_by,
                   apply_how=given.apply_how or kept.apply_how,
                   comments=given.comments or kept.comments)


def check_apply_by(hearing: HearingCtx | None, starts_at: datetime, now: datetime, *,
                   given: bool = True) -> None:
    """The last day to apply to speak falls before the hearing's day and, when it is
    ``given`` now (not kept from before a change), not before today."""
    if hearing is None or hearing.apply_by is None:
        return
    day = starts_at.astimezone(SEOUL).date()
    if hearing.apply_by >= day:
        raise BadInput(field="apply-by", reason_ko=f"신청 마감({hearing.apply_by.isoformat()})은 공청회 "
                                                   f"날({day.isoformat()})보다 앞서야 합니다. --apply-by를 "
                                                   "다시 주세요",
                                         reason_en=f"{hearing.apply_by.isoformat()} is not before "
                                                   f"the hearing ({day.isoformat()}); give a new "
                                                   "--apply-by")
    if given and hearing.apply_by < now.astimezone(SEOUL).date():
        raise BadInput(field="apply-by", reason_ko=f"신청 마감({hearing.apply_by.isoformat()})이 이미 "
                                                   "지났습니다",
                                         reason_en=f"{hearing.apply_by.isoformat()} is in the past")


def as_json(hearing: HearingCtx | None) -> dict[str, Any] | None:
    """The details as the ``hearing`` column and the events keep them."""
    if hearing is None:
        return None
    return {"speakers": list(hearing.speakers),
            "apply_by": hearing.apply_by.isoformat() if hearing.apply_by else None,
            "apply_how": hearing.apply_how, "comments": hearing.comments}


def details(hearing: HearingCtx | None) -> dict[str, Any]:
    """The event detail that records the details (nothing when there are none)."""
    kept = as_json(hearing)
    return {} if kept is None else {"hearing": kept}


def hearing_of(conn: Connection, case_id: int, meeting_id: int) -> HearingCtx | None:
    """The details kept on the meeting (``None``: none were given)."""
    row = store.meeting(conn, case_id, meeting_id)
    raw = row.hearing if row is not None else None
    if not isinstance(raw, dict):
        return None
    return HearingCtx(speakers=tuple(raw.get("speakers") or ()),
                      apply_by=date.fromisoformat(raw["apply_by"]) if raw.get("apply_by")
                      else None,
                      apply_how=raw.get("apply_how") or "", comments=raw.get("comments") or "")
