"""Two people change the same case at the same moment, from two real processes.

``MEDIATION_FAULT=before_write:sleep=1.5`` holds each process between its read and its write,
so both read the same version of the case before either writes. The version check must let
exactly one write through and turn the other into exit code 5 with a one-line message; the
history gains exactly one event and the audit chain still verifies. Runs on SQLite and on
PostgreSQL.
"""

from __future__ import annotations

import json
import subprocess

from conftest import ADMIN, Cli, Result

from mediation.app import App
from mediation.cases.commands import CaseFields

PAUSE_BETWEEN_READ_AND_WRITE = "before_write:sleep=1.5"


def open_case(app: App) -> str:
    admin = app.users.actor("admin")
    return app.cases.open_case(admin, workflow="public_conflict", mediator="kim",
                                 supervisor="park", fields=CaseFields(title="가상 동시 변경 사례")
                                 ).number


def together(*procs: subprocess.Popen[str]) -> list[Result]:
    results = []
    for p in procs:
        out, err = p.communicate(timeout=60)
        results.append(Result(p.returncode, out, err))
    return results


def winner_and_loser(results: list[Result]) -> tuple[Result, Result]:
    codes = sorted(r.code for r in results)
    assert codes == [0, 5], [(r.code, r.err) for r in results]
    winner, loser = sorted(results, key=lambda r: r.code)
    return winner, loser


def assert_told_to_reread(loser: Result, number: str) -> None:
    lines = loser.err.strip().splitlines()
    assert len(lines) == 1, loser.err
    assert number in lines[0] and "changed since you read it" in lines[0]
    assert loser.out == ""


def test_two_processes_firing_the_same_trigger_at_once_one_wins_and_the_other_is_told(
        app: App, cli: Cli) -> None:
    # Given a case at intake with its opening event
    number = open_case(app)
    before = app.reading.history(ADMIN, number)
    # When kim and park each start the diagnosis from their own process at the same moment
    winner, loser = winner_and_loser(together(*(
        cli.spawn("case", "advance", number, "diagnose", "--json", user=user,
                  MEDIATION_FAULT=PAUSE_BETWEEN_READ_AND_WRITE, MEDIATION_LANG="en")
        for user in ("kim", "park"))))
    # Then one moved the case and the other was told it changed since it was read (not that
    # 'diagnose' is unavailable: it read the case before the winner wrote)
    moved = json.loads(winner.out)
    assert (moved["source"], moved["dest"], moved["seq"]) == ("intake", "diagnosis", len(before) + 1)
    assert_told_to_reread(loser, number)
    # And the history has exactly one new event, and the chain verifies
    after = app.reading.history(ADMIN, number)
    assert after[:-1] == before
    assert [(e.kind, e.from_state, e.to_state) for e in after[len(before):]] == [
        ("transition", "intake", "diagnosis")]
    assert app.reading.show_case(ADMIN, number).case.state == "diagnosis"
    assert [(a.ok, a.events) for a in app.reading.verify(ADMIN, number)] == [(True, len(before) + 1)]


def test_two_processes_updating_the_same_case_at_once_exactly_one_change_is_kept(
        app: App, cli: Cli) -> None:
    # Given an open case without a grade
    number = open_case(app)
    before = app.reading.history(ADMIN, number)
    # When kim records grade A and park grade C, from two processes at the same moment
    results = together(*(
        cli.spawn("case", "update", number, "--grade", grade, user=user,
                  MEDIATION_FAULT=PAUSE_BETWEEN_READ_AND_WRITE, MEDIATION_LANG="en")
        for user, grade in (("kim", "A"), ("park", "C"))))
    # Then exactly one update wins, and the other is told to read the case again
    winner, loser = winner_and_loser(results)
    assert_told_to_reread(loser, number)
    won_grade = "A" if results[0] is winner else "C"
    # And the case has the winner's grade and exactly one new 'updated' event
    after = app.reading.history(ADMIN, number)
    assert after[:-1] == before
    assert [(e.kind, e.details["changes"]) for e in after[len(before):]] == [
        ("updated", {"grade": [None, won_grade]})]
    assert app.reading.show_case(ADMIN, number).case.grade == won_grade
    assert [(a.ok, a.events) for a in app.reading.verify(ADMIN, number)] == [(True, len(before) + 1)]
