"""Cases for the deadline, reminder, mail and scheduler tests: a Seoul time, a case opened at
a given moment (optionally with parties that have e-mail), and a case's deadlines by rule."""

from __future__ import annotations

from datetime import datetime

from mediation.app import App
from mediation.cases.commands import CaseFields
from mediation.core.clock import SEOUL, FrozenClock
from mediation.parties.commands import PartyFields


def at(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=SEOUL)


def open_case(app: App, clock: FrozenClock, when: datetime, workflow: str = "public_conflict",
              parties: int = 0) -> str:
    clock.set(when)
    admin = app.users.actor("admin")
    number = app.cases.open_case(admin, workflow=workflow, mediator="kim", supervisor="park",
                           fields=CaseFields(title="가상 시설 입지 갈등")).number
    for i in range(parties):
        app.parties.add_party(admin, number, PartyFields(name=f"가상 당사자 {i + 1}", role="applicant",
                                                 email=f"party{i + 1}@example.org"))
    return number


def by_rule(app: App, number: str) -> dict[str, object]:
    admin = app.users.actor("admin")
    return {d.rule: d for d in app.deadlines.list_deadlines(admin, number, include_closed=True)}
