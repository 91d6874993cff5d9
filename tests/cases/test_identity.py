"""Who may act, and when. An office's database runs on the system clock and each person acts
as the user mapped to their OS login; only a simulation database (``init --simulation``: the
demo, tests, training) honours ``MEDIATION_NOW`` and acting as anyone. In every database a
case's events never go back in time."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import WORKFLOWS, Cli, ok, refused


@pytest.fixture
def office(fresh_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    """The command line on a new office database, initialised by the OS login ``seo``; no
    MEDIATION_NOW, no MEDIATION_USER."""
    run = Cli({"MEDIATION_DATABASE_URL": fresh_url, "MEDIATION_HOME": str(tmp_path),
               "MEDIATION_WORKFLOWS_DIR": str(WORKFLOWS), "MEDIATION_LANG": "ko",
               "MEDIATION_USER": "", "MEDIATION_NOW": ""}, capsys)
    created = json.loads(ok(as_login(run, "seo", "init", "--json")).out)
    assert (created["admin_created"], created["simulation"]) == ("seo", False)
    return run


def as_login(run: Cli, login: str, *argv: str, **env: str) -> Any:
    """``mediation ARGV`` run by the OS account ``login``."""
    return run(*argv, user=None, LOGNAME=login, USER=login, **env)


def add_users(run: Cli) -> str:
    """kim (OS login kim-os) and park; a case of kim's; its number."""
    ok(as_login(run, "seo", "user", "add", "kim", "--name", "김조정", "--email",
                "kim@example.org", "--role", "mediator", "--login", "kim-os"))
    ok(as_login(run, "seo", "user", "add", "park", "--name", "박담당", "--email",
                "park@example.org", "--role", "supervisor"))
    opened = as_login(run, "seo", "case", "open", "--workflow", "public_conflict", "--title",
                      "가상 시설 입지 갈등", "--mediator", "kim", "--supervisor", "park", "--json")
    return str(json.loads(ok(opened).out)["number"])


def history(run: Cli, number: str) -> list[dict[str, Any]]:
    return list(json.loads(ok(as_login(run, "seo", "case", "history", number, "--json")).out))


def test_an_office_database_refuses_a_simulated_clock_and_changes_nothing(office: Cli) -> None:
    # Given an office database with a case
    number = add_users(office)
    before = history(office, number)
    # When anyone sets MEDIATION_NOW, to the past or to the future
    for moment in ("2020-01-01T09:00:00+09:00", "2027-08-01T09:00:00+09:00"):
        for argv in (("case", "update", number, "--summary", "과거로 쓴 기록"),
                     ("reminders", "run-due")):
            message = refused(as_login(office, "seo", *argv, MEDIATION_NOW=moment), 2)
            # Then it is refused with exit 2, naming the setting and what to do
            assert "MEDIATION_NOW" in message and "--simulation" in message
    # And the case is untouched: not closed as inactive, no event added
    assert history(office, number) == before
    shown = json.loads(ok(as_login(office, "seo", "case", "show", number, "--json")).out)
    assert shown["case"]["closed"] is False


def test_in_an_office_database_each_person_acts_as_the_user_of_their_os_login(office: Cli) -> None:
    # Given kim mapped to the OS account kim-os
    number = add_users(office)
    # When kim-os records a step, Then it is kim's, by kim's rights
    ok(as_login(office, "kim-os", "case", "advance", number, "diagnose"))
    assert history(office, number)[-1]["actor"] == "kim"
    # When kim-os names another user, Then it is refused: only admins act for others
    message = refused(as_login(office, "kim-os", "case", "show", number, "--as", "park"))
    assert "--as" in message
    refused(as_login(office, "kim-os", "case", "show", number, MEDIATION_USER="seo"))
    # When an unknown OS account runs a command, Then it is told how to be mapped
    unknown = refused(as_login(office, "stranger", "case", "list"), 3)
    assert "--login" in unknown


def test_an_admin_acting_for_someone_else_is_recorded_as_admin_for_them(office: Cli) -> None:
    # Given a case of kim's
    number = add_users(office)
    # When the admin seo fires a trigger as kim
    ok(as_login(office, "seo", "case", "advance", number, "diagnose", "--as", "kim"))
    # Then the record says who did it for whom, and the chain verifies
    assert history(office, number)[-1]["actor"] == "seo for kim"
    ok(as_login(office, "seo", "audit", "verify", number))


def test_unattended_commands_refuse_an_unknown_or_inactive_user(office: Cli) -> None:
    # Given kim, then deactivated
    add_users(office)
    ok(as_login(office, "kim-os", "reminders", "run-due"))
    ok(as_login(office, "seo", "user", "deactivate", "kim"))
    # When the sweep runs under kim's login or an unknown login, Then it is refused
    refused(as_login(office, "kim-os", "reminders", "run-due"))
    refused(as_login(office, "nobody", "reminders", "run-due"), 3)
    refused(as_login(office, "nobody", "scheduler", "run", "--sweeps", "1"), 3)


def test_the_last_active_admin_cannot_deactivate_themselves(office: Cli) -> None:
    # Given one admin
    # When they deactivate themselves, Then it is refused and they stay active
    message = refused(as_login(office, "seo", "user", "deactivate", "seo"))
    assert "관리자" in message
    listed = json.loads(ok(as_login(office, "seo", "user", "list", "--json")).out)
    assert [(u["username"], u["active"], u["login"]) for u in listed] == [("seo", True, "seo")]
    # When a second admin exists, Then the first may step down
    ok(as_login(office, "seo", "user", "add", "han", "--name", "한관리", "--email",
                "han@example.org", "--role", "admin"))
    ok(as_login(office, "seo", "user", "deactivate", "seo"))


def test_an_office_database_never_becomes_a_simulation(office: Cli) -> None:
    # When init is asked to make the office database a simulation
    message = refused(as_login(office, "seo", "init", "--simulation"))
    # Then it is refused, and MEDIATION_NOW is still refused afterwards
    assert "--simulation" in message
    refused(as_login(office, "seo", "case", "list", MEDIATION_NOW="2027-01-01T09:00:00+09:00"), 2)


def test_a_case_s_events_never_go_back_in_time_even_in_a_simulation(cli: Cli) -> None:
    # Given a case with a step on 2026-11-24
    opened = cli("case", "open", "--workflow", "public_conflict", "--title", "가상 갈등",
                 "--mediator", "kim", "--supervisor", "park", "--json",
                 now=datetime.fromisoformat("2026-11-24T10:00:00+09:00"))
    number = json.loads(ok(opened).out)["number"]
    before = json.loads(ok(cli("case", "history", number, "--json")).out)
    # When a change is dated before that step
    message = refused(cli("case", "update", number, "--summary", "과거", user="kim",
                          now=datetime.fromisoformat("2020-01-01T09:00:00+09:00")))
    # Then it is refused and nothing is written; the chain verifies
    assert "2020-01-01" in message
    assert json.loads(ok(cli("case", "history", number, "--json")).out) == before
    ok(cli("audit", "verify", number))
