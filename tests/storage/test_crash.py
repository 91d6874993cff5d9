"""A process killed in the middle of a change leaves the case exactly as it was.

``MEDIATION_FAULT=POINT:kill`` makes the ``mediation`` process send itself SIGKILL (no clean-up,
no rollback by Python) at ``POINT``: ``after_state_update`` is after the case row's UPDATE and
before the event INSERT and the commit; ``before_write`` is after the read, before the write
transaction. The database must undo the half-done transaction on its own: afterwards the case
is unchanged, its audit chain is whole, and the same change then goes through normally. Runs
on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import signal

import pytest
from conftest import ADMIN, Cli

from mediation.app import App
from mediation.cases.commands import CaseFields
from mediation.parties.commands import PartyFields
from mediation.views.cases import CaseView, EventView

ADVANCE = ("case", "advance", "{number}", "diagnose")
UPDATE = ("case", "update", "{number}", "--grade", "B")


def redo(app: App, template: tuple[str, ...], number: str) -> None:
    """The same change, made normally through the service."""
    kim = app.users.actor("kim")
    if template == ADVANCE:
        app.moves.advance(kim, number, "diagnose")
    else:
        app.cases.update_case(kim, number, CaseFields(grade="B"))


def open_case(app: App) -> str:
    admin = app.users.actor("admin")
    return app.cases.open_case(admin, workflow="public_conflict", mediator="kim",
                                 supervisor="park", fields=CaseFields(title="가상 중단 사례")
                                 ).number


def look(app: App, number: str) -> tuple[CaseView, tuple[EventView, ...]]:
    return app.reading.show_case(ADMIN, number).case, app.reading.history(ADMIN, number)


def command(template: tuple[str, ...], number: str) -> list[str]:
    return [part.format(number=number) for part in template]


@pytest.mark.parametrize(("point", "template"), [
    ("after_state_update", ADVANCE),
    ("after_state_update", UPDATE),
    ("before_write", ADVANCE),
], ids=["advance-killed-after-the-state-update", "update-killed-after-the-state-update",
        "advance-killed-before-the-write"])
def test_a_process_killed_mid_change_leaves_the_case_unchanged_and_the_next_change_works(
        app: App, cli: Cli, point: str, template: tuple[str, ...]) -> None:
    # Given a case at intake, with one party (so it has more than its opening event)
    number = open_case(app)
    app.parties.add_party(app.users.actor("kim"), number,
                          PartyFields(name="가상주민회", role="resident_group"))
    case_before, events_before = look(app, number)
    # When a process making a change is killed at the fault point
    killed = cli.proc(*command(template, number), user="kim", MEDIATION_FAULT=f"{point}:kill")
    # Then it died of SIGKILL, having printed no result
    assert killed.code == -signal.SIGKILL, (killed.code, killed.err)
    assert killed.out == ""
    # And the case has its old state, version, fields and events, and its chain verifies
    case_after, events_after = look(app, number)
    assert case_after == case_before
    assert events_after == events_before
    assert [(a.ok, a.events) for a in app.reading.verify(ADMIN, number)] == [(True, len(events_before))]
    # And the same change then goes through normally
    redo(app, template, number)
    case_done, events_done = look(app, number)
    assert events_done[:-1] == events_before
    assert case_done.version == case_before.version + 1
    assert (case_done.state, case_done.grade) == (
        ("diagnosis", None) if template == ADVANCE else ("intake", "B"))
    assert [(a.ok, a.events) for a in app.reading.verify(ADMIN, number)] == [
        (True, len(events_before) + 1)]
