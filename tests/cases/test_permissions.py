"""Stories of who may do what: `mediation init` on a new database (safe to repeat, creates
the first admin), adding and deactivating users (admins only), and the rule that mediators
act on their own cases and supervisors on the cases they supervise."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import WORKFLOWS, Cli, ok, refused

from mediation.app import App
from mediation.cases.commands import CaseFields


@pytest.fixture
def fresh_cli(fresh_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli({"MEDIATION_DATABASE_URL": fresh_url, "MEDIATION_HOME": str(tmp_path),
                "MEDIATION_WORKFLOWS_DIR": str(WORKFLOWS),
                "MEDIATION_NOW": "2026-11-24T09:00:00+09:00", "MEDIATION_LANG": "ko",
                "MEDIATION_USER": ""}, capsys)


def users(cli: Cli, as_user: str) -> dict[str, dict[str, Any]]:
    listed = json.loads(ok(cli("user", "list", "--json", user=as_user)).out)
    return {u["username"]: u for u in listed}


# init ---------------------------------------------------------------------------------

def test_init_creates_a_simulation_with_an_admin_named_after_mediation_user_and_is_safe_to_repeat(
        fresh_cli: Cli) -> None:
    # Given a database nobody has initialised, and MEDIATION_USER=hong
    # When init runs for a simulation
    first = ok(fresh_cli("init", "--simulation", "--json", user="hong"))
    # Then the schema exists and hong is its first admin
    created = json.loads(first.out)
    assert created["revision_before"] is None
    assert created["revision"] is not None
    assert created["admin_created"] == "hong"
    assert created["simulation"] is True
    assert users(fresh_cli, "hong")["hong"]["role"] == "admin"
    # Given a case opened by hong
    ok(fresh_cli("case", "open", "--workflow", "neighbor_dispute", "--title", "가상 누수 분쟁",
                 "--mediator", "hong", "--supervisor", "hong", user="hong"))
    # When init runs again, as someone else
    again = ok(fresh_cli("init", "--json", user="kang"))
    # Then it changes nothing: same revision, no new admin, the case is still there
    repeated = json.loads(again.out)
    assert (repeated["revision_before"], repeated["revision"]) == (created["revision"],) * 2
    assert repeated["admin_created"] is None
    assert list(users(fresh_cli, "hong")) == ["hong"]
    listed = json.loads(ok(fresh_cli("case", "list", "--json", user="hong")).out)
    assert [c["number"] for c in listed["items"]] == ["2026-0001"]
    assert ok(fresh_cli("audit", "verify", user="hong")).code == 0


@pytest.mark.parametrize(("argv", "env", "expected"), [
    (("--as", "Yoon"), {}, "yoon"),
    ((), {"LOGNAME": "seo", "USER": "seo"}, "seo"),
])
def test_the_first_admin_of_a_simulation_is_named_after_as_or_the_os_login(
        fresh_cli: Cli, argv: tuple[str, ...], env: dict[str, Any], expected: str) -> None:
    # Given a new database and no MEDIATION_USER
    # When init runs with --as, or with only the OS login to go by
    result = ok(fresh_cli("init", "--simulation", *argv, "--json", user=None, **env))
    # Then the first admin takes that name (in lower case)
    assert json.loads(result.out)["admin_created"] == expected
    assert users(fresh_cli, expected)[expected]["role"] == "admin"


def test_init_on_a_database_with_users_creates_no_admin(cli: Cli) -> None:
    # Given the seeded database
    before = users(cli, "admin")
    # When a newcomer runs init
    result = ok(cli("init", "--json", user="newcomer"))
    # Then nobody is added
    assert json.loads(result.out)["admin_created"] is None
    assert users(cli, "admin") == before


# users --------------------------------------------------------------------------------

def test_only_an_admin_adds_users_and_a_username_is_taken_once(cli: Cli) -> None:
    new = ("user", "add", "hong", "--name", "홍조정", "--email", "hong@example.org",
           "--role", "mediator")
    # When a mediator or a supervisor adds a user, Then they are refused
    for user in ("kim", "park"):
        message = refused(cli(*new, "--lang", "en", user=user))
        assert f"User '{user}'" in message and "may not add users" in message
    assert "hong" not in users(cli, "admin")
    # When the admin adds hong, Then hong exists with that role
    added = json.loads(ok(cli(*new, "--json", user="admin")).out)
    assert (added["username"], added["role"], added["active"]) == ("hong", "mediator", True)
    # When the admin adds hong again, even with other details, Then it is bad input
    message = refused(cli("user", "add", "hong", "--name", "홍길동", "--email", "gd@example.org",
                          "--role", "admin", user="admin"), code=2)
    assert "'hong'은(는) 이미 있는 사용자 이름입니다" in message
    assert users(cli, "admin")["hong"]["name"] == "홍조정"


def test_an_admin_changes_any_user_and_a_user_only_themselves(cli: Cli) -> None:
    # When the admin gives the mediator kim a new address, Then reminders will go there
    changed = json.loads(ok(cli("user", "update", "kim", "--email", "kim@seoul.example.org",
                                "--json", user="admin")).out)
    assert (changed["username"], changed["email"]) == ("kim", "kim@seoul.example.org")
    # When kim changes her own name, it is done; when she changes lee's, she is refused
    ok(cli("user", "update", "kim", "--name", "김조정관", user="kim"))
    assert "may not change other users" in refused(cli("user", "update", "lee", "--email",
                                                       "x@example.org", "--lang", "en",
                                                       user="kim"))
    # And a bad address, an unknown user or nothing to change is bad input; nothing changed
    assert refused(cli("user", "update", "kim", "--email", "nope", user="admin"), code=2) == (
        "mediation: 잘못된 입력입니다 (email): 'nope'은(는) 전자우편 주소가 아닙니다\n")
    assert "e-mail" in refused(cli("user", "update", "kim", "--email", "nope", "--lang", "en",
                                   user="admin"), code=2)
    assert refused(cli("user", "update", "kim", user="admin"), code=2) == (
        "mediation: 잘못된 입력입니다 (user): 바꿀 내용이 없습니다. --name, --email 또는 --login을 "
        "주세요\n")
    refused(cli("user", "update", "ghost", "--name", "유령", user="admin"), code=3)
    listed = users(cli, "admin")
    assert (listed["kim"]["name"], listed["kim"]["email"]) == ("김조정관", "kim@seoul.example.org")
    assert listed["lee"]["email"] == "lee@example.org"


@pytest.mark.parametrize(("argv", "reason"), [
    (("Hong", "--email", "hong@example.org"), "영문 소문자, 숫자"),
    (("hong", "--email", "not-an-address"), "전자우편 주소가 아닙니다"),
])
def test_a_malformed_username_or_email_is_refused(cli: Cli, argv: tuple[str, ...],
                                                  reason: str) -> None:
    username, *rest = argv
    result = cli("user", "add", username, "--name", "홍조정", "--role", "mediator", *rest,
                 user="admin")
    assert reason in refused(result, code=2)
    assert "hong" not in users(cli, "admin")


def test_a_deactivated_user_can_do_nothing_until_reactivated(cli: Cli, app: App) -> None:
    # Given lee's own case
    number = app.cases.open_case(app.users.actor("choi"), workflow="neighbor_dispute",
                                   mediator="lee", supervisor="choi",
                                   fields=CaseFields(title="가상 흡연 분쟁")).number
    # When a supervisor tries to deactivate lee, Then only an admin may
    refused(cli("user", "deactivate", "lee", user="park"))
    ok(cli("user", "deactivate", "lee", user="admin"))
    assert users(cli, "admin")["lee"]["active"] is False
    # Then lee can neither read nor act
    refused(cli("case", "show", number, user="lee"))
    refused(cli("case", "advance", number, "decline", "--note", "x", user="lee"))
    # ... and cannot be given new cases
    message = refused(cli("case", "open", "--workflow", "neighbor_dispute", "--title", "가상",
                          "--mediator", "lee", "--supervisor", "choi", user="choi"), code=2)
    assert "이조정(lee)은 활성 상태의" in message and "(지금: 비활성)" in message
    # When lee is reactivated, lee works again
    ok(cli("user", "activate", "lee", user="admin"))
    ok(cli("case", "show", number, user="lee"))


# cases --------------------------------------------------------------------------------

def test_mediators_act_on_their_own_cases_and_supervisors_on_those_they_supervise(
        cli: Cli, app: App) -> None:
    # Given kim's case supervised by park
    number = json.loads(ok(cli("case", "open", "--workflow", "neighbor_dispute", "--title",
                               "가상 주차 분쟁", "--mediator", "kim", "--supervisor", "park",
                               "--json", user="kim")).out)["number"]
    party = ok(cli("party", "add", number, "--name", "가상 세대", "--role", "applicant",
                   user="kim")).out.strip()
    # When lee (another mediator) or choi (another supervisor) change it, Then they are refused
    for user in ("lee", "choi"):
        for argv in (("case", "advance", number, "visit"),
                     ("case", "update", number, "--location", "가상 아파트 101동"),
                     ("party", "add", number, "--name", "가상", "--role", "respondent"),
                     ("party", "consent", number, party)):
            assert f"'{user}'" in refused(cli(*argv, user=user))
    # When kim, park and the admin act, Then they may
    ok(cli("case", "update", number, "--location", "가상 아파트 101동", user="kim"))
    ok(cli("party", "consent", number, party, user="park"))
    ok(cli("case", "advance", number, "visit", user="admin"))
    events = json.loads(ok(cli("case", "history", number, "--json", user="kim")).out)
    assert [e["actor"] for e in events] == ["kim", "kim", "kim", "park", "admin"]


def test_a_mediator_cannot_open_a_case_for_a_colleague_or_reassign_cases(cli: Cli) -> None:
    # When kim opens a case for lee, Then kim is refused
    refused(cli("case", "open", "--workflow", "neighbor_dispute", "--title", "가상",
                "--mediator", "lee", "--supervisor", "park", user="kim"))
    # Given kim's own case
    number = ok(cli("case", "open", "--workflow", "neighbor_dispute", "--title", "가상",
                    "--mediator", "kim", "--supervisor", "park", user="kim")).out.strip()
    # When kim hands it to lee, Then kim is refused; park, its supervisor, may
    refused(cli("case", "assign", number, "--mediator", "lee", user="kim"))
    ok(cli("case", "assign", number, "--mediator", "lee", user="park"))
    shown = json.loads(ok(cli("case", "show", number, "--json", user="lee")).out)
    assert shown["case"]["mediator"] == "lee"


def test_init_can_give_the_first_admin_a_real_address_and_refuses_a_bad_one(fresh_cli: Cli) -> None:
    # Given a database nobody has initialised, When init gets a malformed address
    bad = fresh_cli("init", "--simulation", "--email", "not-an-address", user="jang")
    # Then it is refused and no admin exists
    assert bad.code == 2 and len(bad.err.strip().splitlines()) == 1
    # When init gets a proper address, Then the admin has it (escalations can reach them)
    ok(fresh_cli("init", "--simulation", "--email", "jang@example.org", user="jang"))
    users = json.loads(ok(fresh_cli("user", "list", "--json", user="jang")).out)
    assert [(u["username"], u["email"], u["role"]) for u in users] == [
        ("jang", "jang@example.org", "admin")]
