"""Frozen records the service returns to the CLI: what a person or a script reads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mediation.core.titles import Title


@dataclass(frozen=True, slots=True, kw_only=True)
class UserView:
    username: str
    name: str
    email: str
    role: str
    active: bool
    login: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PartyView:
    id: int
    name: str
    role: str
    organization: str | None
    representative: bool
    email: str | None
    phone: str | None
    address: str | None
    lang: str
    consent: str | None
    consent_at: datetime | None
    open_consent_at: datetime | None = None  # agreed that meetings be open (decree art. 22)
    removed_at: datetime | None = None  # removed as added by mistake (stays on record)
    removed_reason: str | None = None
    # whether the workflow asks this party's consent (`consent_roles`): an observer of a
    # neighbour dispute is never asked, so "not asked" would mislead
    consent_asked: bool = True
    # the party asked that processing stop (개인정보 보호법 제37조): nothing is sent to it
    stopped_at: datetime | None = None
    stopped_reason: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class EventView:
    seq: int
    at: datetime
    actor: str
    kind: str
    from_state: str | None
    to_state: str | None
    trigger: str | None
    note: str | None
    details: dict[str, Any]
    hash: str
    # the titles of the states and the trigger, from the case's workflow
    from_title: Title | None = None
    to_title: Title | None = None
    trigger_title: Title | None = None
    # its note and details were redacted when the case's personal data was destroyed
    redacted: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class TriggerView:
    trigger: str
    title_ko: str
    title_en: str
    dest: str
    roles: tuple[str, ...]
    note_required: bool
    ready: bool
    blocked_by: tuple[str, ...]
    blocked_ko: tuple[str, ...]
    blocked_en: tuple[str, ...]
    dest_title: Title | None = None
    # whether the user reading the case may fire it (their role is among ``roles``)
    may_fire: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class CaseView:
    number: str
    title: str
    summary: str
    workflow: str
    workflow_version: int
    state: str
    state_ko: str
    state_en: str
    closed: bool
    conflict_types: list[str]
    sector: str | None
    district: str | None
    location: str | None
    department: str | None
    channel: str | None
    stage: str | None
    grade: str | None
    alert: str
    alert_indicators: list[str]
    people_involved: int | None
    project_cost: int | None
    chair: str | None
    mediator: str
    supervisor: str
    opened_at: datetime
    closed_at: datetime | None
    updated_at: datetime
    version: int
    days_open: int
    # when its private persons' data was destroyed (`privacy destroy`)
    destroyed_at: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CaseDetail:
    case: CaseView
    triggers: tuple[TriggerView, ...]
    parties: tuple[PartyView, ...]
    events: tuple[EventView, ...]
    # once every party has signed the agreement: ``agreement``, or ``partial_agreement`` when
    # issues stay unresolved (counted apart in the office's statistics)
    outcome: str | None = None
    unresolved_issues: int = 0
    # meetings still scheduled; on a closed case they will not be held (`meeting cancel`)
    scheduled_meetings: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class TransitionView:
    number: str
    trigger: str
    source: str
    dest: str
    dest_ko: str
    dest_en: str
    closed: bool
    seq: int
    at: datetime
    # when the move closed the case: its meetings still scheduled (`meeting cancel` them)
    scheduled_meetings: tuple[int, ...] = ()
    source_title: Title | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditResult:
    number: str
    events: int
    ok: bool
    broken_seq: int | None = None
    reason_ko: str | None = None
    reason_en: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AnchorCheck:
    """An anchor checked against the database: ``chains`` it recorded, ``found`` now."""

    ok: bool
    at: datetime
    chains: int
    found: int
    # the anchor is older than the last access record pruned (`privacy prune`): the access
    # records' head it kept is gone, so the anchor cannot match
    access_pruned_at: datetime | None = None
