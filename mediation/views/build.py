"""Rows and snapshots → the frozen views the CLI prints."""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime
from typing import Any

from sqlalchemy import Row

from mediation.core.titles import Title
from mediation.views.cases import CaseView, EventView, PartyView, TriggerView, UserView
from mediation.workflow.definitions import WorkflowDef
from mediation.workflow.engine import Engine
from mediation.workflow.guards import REGISTRY as GUARDS
from mediation.workflow.records import CaseSnapshot


def user_view(row: Row[Any]) -> UserView:
    return UserView(username=row.username, name=row.name, email=row.email, role=row.role,
                    active=row.active, login=row.login)


def party_view(row: Row[Any], wf: WorkflowDef | None = None) -> PartyView:
    """``row`` as a view; ``wf`` (the case's workflow) tells whether its consent is asked."""
    asked = wf is None or wf.consent_roles is None or row.role in wf.consent_roles
    return PartyView(id=row.id, name=row.name, role=row.role, organization=row.organization,
                     representative=row.representative, email=row.email, phone=row.phone,
                     address=row.address, lang=row.lang, consent=row.consent,
                     consent_at=row.consent_at, open_consent_at=row.open_consent_at,
                     removed_at=row.removed_at, removed_reason=row.removed_reason,
                     consent_asked=asked,
                     stopped_at=row.stopped_at, stopped_reason=row.stopped_reason)


def event_view(row: Row[Any]) -> EventView:
    details = json.loads(row.details)
    return EventView(seq=row.seq, at=row.at, actor=row.actor, kind=row.kind,
                     from_state=row.from_state, to_state=row.to_state, trigger=row.trigger,
                     note=row.note, details=details if isinstance(details, dict) else {},
                     hash=row.hash, redacted=getattr(row, "redacted_at", None) is not None)


def titled_events(events: Any, wf: WorkflowDef | None) -> tuple[EventView, ...]:
    """Event rows as views that carry the titles ``wf`` gives their states and trigger
    (none when the case's workflow is no longer installed)."""
    if wf is None:
        return tuple(map(event_view, events))
    views = []
    for e in map(event_view, events):
        move = wf.transition(e.from_state, e.trigger) if e.from_state and e.trigger else None
        views.append(dataclasses.replace(
            e, from_title=_state_title(wf, e.from_state), to_title=_state_title(wf, e.to_state),
            trigger_title=move.title if move else None))
    return tuple(views)


def _state_title(wf: WorkflowDef, name: str | None) -> Title | None:
    return wf.state(name).title if name and wf.has_state(name) else None


def case_view(row: Row[Any], wf: WorkflowDef, now: datetime) -> CaseView:
    state = wf.state(row.state) if wf.has_state(row.state) else None
    end = row.closed_at or now
    return CaseView(
        number=row.number, title=row.title, summary=row.summary, workflow=row.workflow,
        workflow_version=row.workflow_version, state=row.state,
        state_ko=state.title.ko if state else row.state,
        state_en=state.title.en if state else row.state,
        closed=row.closed, conflict_types=list(row.conflict_types), sector=row.sector,
        district=row.district, location=row.location, department=row.department,
        channel=row.channel, stage=row.stage, grade=row.grade, alert=row.alert,
        alert_indicators=list(row.alert_indicators), people_involved=row.people_involved,
        project_cost=row.project_cost, chair=row.chair, mediator=row.mediator,
        supervisor=row.supervisor, opened_at=row.opened_at, closed_at=row.closed_at,
        updated_at=row.updated_at, version=row.version,
        days_open=max(0, (end - row.opened_at).days),
        destroyed_at=getattr(row, "destroyed_at", None))


def trigger_views(engine: Engine, snapshot: CaseSnapshot,
                  role: str | None = None) -> tuple[TriggerView, ...]:
    """The triggers of the case's state; ``may_fire`` says whether ``role`` (the reader's;
    ``None``: anyone's) is among those the workflow lets fire each."""
    return tuple(
        TriggerView(trigger=s.transition.trigger, title_ko=s.transition.title.ko,
                    title_en=s.transition.title.en, dest=s.transition.dest,
                    roles=s.transition.roles, note_required=s.transition.note_required,
                    ready=s.ready, blocked_by=s.failing,
                    blocked_ko=tuple(GUARDS[g].requirement.ko for g in s.failing),
                    blocked_en=tuple(GUARDS[g].requirement.en for g in s.failing),
                    dest_title=_state_title(engine.definition, s.transition.dest),
                    may_fire=role is None or role in s.transition.roles)
        for s in engine.available(snapshot))
