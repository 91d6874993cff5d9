"""The context of an absence notice: the e-mail that tells the mediator and the supervisor
that an applicant reached the workflow's limit of unexcused absences (``meeting_absence``
queues it under the key ``absence:<meeting id>:<party id>:<audience>``). Read when the
message is built, from the meetings as they are recorded then."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row
from sqlalchemy.engine import Connection

from mediation.core import vocabulary as voc
from mediation.core.formats import kdatetime
from mediation.meetings.absence import missed, unnoticed_changes
from mediation.storage import cases as repo
from mediation.storage import meetings as meeting_store
from mediation.workflow.definitions import WorkflowDef


def absence_context(conn: Connection, case: Row[Any], key: str, workflow: WorkflowDef | None,
                    lang: str) -> dict[str, Any] | None:
    """Ready-formatted values for ``emails/<lang>/absence.*.j2``; ``None`` if the party is
    gone or the key is not an absence key."""
    parts = key.split(":")
    if len(parts) != 4 or not parts[1].isdigit() or not parts[2].isdigit():
        return None
    party = repo.party(conn, case.id, int(parts[2]))
    if party is None:
        return None
    rows = meeting_store.meetings_of(conn, case.id)
    counted = set(missed(rows, party.id, unnoticed_changes(conn, case.id)))
    meetings = [m for m in rows if m.id in counted]
    rule = workflow.meetings.absences if workflow is not None else None
    return {
        "number": case.number, "case_title": case.title, "party": party.name,
        "party_id": party.id, "role": voc.title(voc.PARTY_ROLES, party.role, lang),
        "absences": len(meetings), "limit": rule.limit if rule else len(meetings),
        "action": rule.action if rule else "notify", "basis": rule.basis_in(lang) if rule else "-",
        "meetings": [{"id": m.id, "when": kdatetime(m.starts_at, lang), "place": m.place}
                     for m in meetings],
    }
