"""Stories of bad input: whatever a person (or a script) types wrong, the CLI answers with
the documented exit code and exactly one line on stderr, prints nothing on stdout, never a
traceback, and leaves the database exactly as it was (every row of every table compared).

Exit codes: 2 bad input or usage, 3 not found, 4 refused (workflow, permission, note).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import pytest
from conftest import ADMIN, TABLES, Cli, Result
from sqlalchemy import text

from mediation.app import App
from mediation.cases.commands import CaseFields
from mediation.parties.commands import PartyFields

NUMBER = "2026-0001"


@pytest.fixture
def case(app: App) -> str:
    """Kim's public-conflict case in diagnosis, supervised by park, with one party."""
    park = app.users.actor("park")
    number = app.cases.open_case(park, workflow="public_conflict", mediator="kim", supervisor="park",
                           fields=CaseFields(title="가상 공원 조성 갈등")).number
    app.moves.advance(park, number, "diagnose")
    app.parties.add_party(park, number, PartyFields(name="가상 주민대표", role="resident_group"))
    assert number == NUMBER
    return number


def rows(app: App) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in key order."""
    with app.db.engine.connect() as conn:
        return {t: [tuple(r) for r in conn.execute(text(f"SELECT * FROM {t} ORDER BY 1"))]
                for t in TABLES}


@contextmanager
def unchanged(app: App, what: object) -> Iterator[None]:
    before = rows(app)
    yield
    assert rows(app) == before, f"the database changed after {what!r}"


def assert_rejected(result: Result, code: int, what: object) -> str:
    """The documented code, one line on stderr, no traceback, nothing on stdout."""
    assert result.code == code, (what, result)
    assert result.out == "", (what, result.out)
    assert result.err.startswith("mediation"), (what, result.err)
    assert result.err.endswith("\n") and len(result.err.splitlines()) == 1, (what, result.err)
    assert "Traceback" not in result.err, what
    return result.err


# (argv, acting user, extra environment)
Attempt = tuple[tuple[str, ...], str, dict[str, Any]]


def reject_all(cli: Cli, app: App, code: int, attempts: list[Attempt]) -> None:
    """Run each (argv, user, extra environment) and check it is rejected with ``code``."""
    for argv, user, env in attempts:
        with unchanged(app, argv):
            result = cli(*argv, user=user, **env)
        assert_rejected(result, code, (argv, env))


# not found (3) ------------------------------------------------------------------------

def test_an_unknown_case_is_reported_with_exit_3(cli: Cli, app: App, case: str) -> None:
    # Given a database whose only case is 2026-0001
    unknown = "2026-0999"
    # When commands name a case that does not exist, Then each is exit 3 and changes nothing
    reject_all(cli, app, 3, [
        (("case", "show", unknown), "kim", {}),
        (("case", "show", unknown, "--json"), "kim", {}),
        (("case", "history", unknown), "kim", {}),
        (("case", "advance", unknown, "plan"), "kim", {}),
        (("case", "update", unknown, "--grade", "A"), "kim", {}),
        (("case", "assign", unknown, "--mediator", "lee"), "park", {}),
        (("party", "add", unknown, "--name", "가상", "--role", "applicant"), "kim", {}),
        (("party", "list", unknown), "kim", {}),
        (("audit", "verify", unknown), "kim", {}),
        (("party", "consent", case, "999"), "kim", {}),
        (("party", "consent", case, "-5"), "kim", {}),
        (("party", "consent", case, str(10**20)), "kim", {}),        # beyond any id column
        (("workflow", "show", "no_such_workflow"), "kim", {}),
    ])


def test_messages_switch_to_english_with_lang_en(cli: Cli, case: str) -> None:
    # Given an unknown case number
    # When it is shown in the default language, with --lang en, and with MEDIATION_LANG=en
    korean = cli("case", "show", "2026-0999", user="kim")
    english = cli("case", "show", "2026-0999", "--lang", "en", user="kim")
    from_env = cli("case", "show", "2026-0999", user="kim", MEDIATION_LANG="en")
    # Then the message is in Korean by default and in English when asked
    assert "사건 '2026-0999'을(를) 찾을 수 없습니다" in assert_rejected(korean, 3, "ko")
    expected = "mediation: No case '2026-0999'. See `mediation case list` for case numbers.\n"
    assert assert_rejected(english, 3, "--lang en") == expected
    assert assert_rejected(from_env, 3, "MEDIATION_LANG") == expected


def test_an_unknown_acting_user_is_exit_3_and_an_inactive_one_exit_4(
        cli: Cli, app: App, case: str) -> None:
    # Given lee, a mediator whose account was deactivated
    app.users.set_user_active(app.users.actor("admin"), "lee", False)
    # When someone unknown acts, Then exit 3 naming the user
    unknown: list[Attempt] = [(("case", "list"), "ghost", {}),
                              (("case", "show", case, "--as", "ghost"), "kim", {}),
                              (("case", "advance", case, "plan"), "ghost", {})]
    for argv, user, env in unknown:
        with unchanged(app, argv):
            result = cli(*argv, user=user, **env)
        assert "'ghost'" in assert_rejected(result, 3, argv)
    # When lee acts, Then exit 4 saying the account is inactive
    inactive: list[tuple[str, ...]] = [("case", "list"), ("case", "show", case), ("user", "list")]
    for argv in inactive:
        with unchanged(app, argv):
            result = cli(*argv, user="lee")
        assert "비활성" in assert_rejected(result, 4, argv)


# malformed input (2) ------------------------------------------------------------------

def test_malformed_case_numbers_are_refused_with_exit_2(cli: Cli, app: App, case: str) -> None:
    reject_all(cli, app, 2, [
        (("case", "show", number), "kim", {})
        for number in ("26-1", "2026-01", "abcd-0001", "2026-0001; DROP TABLE cases", " ", "")
    ] + [(("case", "advance", "2026_0001", "plan"), "kim", {}),
         (("audit", "verify", "0001"), "kim", {})])


def test_values_outside_a_vocabulary_are_refused_with_exit_2(cli: Cli, app: App, case: str) -> None:
    # Given a case open for changes
    # When a field gets a value its vocabulary does not have, Then exit 2 listing the choices
    # (in Korean, each with the value a script may type)
    attempts = [
        (("case", "update", case, "--grade", "D"), "A(심각), B(주의), C(관심)"),
        (("case", "update", case, "--alert", "red"), "없음(none), 예비경보(pre), 경보(alert)"),
        (("case", "update", case, "--type", "greed"), "이익(interest)"),
        (("case", "update", case, "--type", "value,greed"), "이익(interest)"),
        (("case", "update", case, "--sector", "space"), "교통(transport)"),
        (("case", "update", case, "--channel", "pigeon"), "민원(complaint)"),
        (("case", "update", case, "--stage", "dream"), "시공(construction)"),
        (("party", "add", case, "--name", "가상 주민", "--role", "judge"), "신청인(applicant)"),
        (("user", "add", "hong", "--name", "홍길동", "--email", "hong@example.org",
          "--role", "boss"), "갈등조정관(mediator)"),
        (("case", "open", "--workflow", "public_conflict", "--title", "가상", "--mediator", "kim",
          "--supervisor", "park", "--sector", "space"), "교통(transport)"),
        (("case", "show", case, "--lang", "fr"), "ko"),
    ]
    for argv, choice in attempts:
        with unchanged(app, argv):
            result = cli(*argv, user="admin")
        assert choice in assert_rejected(result, 2, argv), argv


def test_malformed_dates_and_clock_values_are_refused_with_exit_2(
        cli: Cli, app: App, case: str) -> None:
    reject_all(cli, app, 2, [
        (("case", "list", "--since", "2026-13-45"), "kim", {}),
        (("case", "list", "--since", "yesterday"), "kim", {}),
        (("case", "list", "--until", "2026. 2. 30."), "kim", {}),
        (("case", "list", "--since", "0001-01-01"), "kim", {}),        # before the first datetime
        (("case", "list", "--until", "9999-12-31"), "kim", {}),        # after the last one
        (("case", "list",), "kim", {"MEDIATION_NOW": "tomorrow morning"}),
        (("case", "show", case), "kim", {"MEDIATION_NOW": "2026-11-24T09:00:00"}),
        (("case", "advance", case, "withdraw", "--note", "x"), "kim",
         {"MEDIATION_NOW": "2026-02-30T09:00:00+09:00"}),
    ])


def test_numbers_out_of_range_are_refused_with_exit_2(cli: Cli, app: App, case: str) -> None:
    reject_all(cli, app, 2, [
        (("case", "update", case, "--people", "-1"), "kim", {}),
        (("case", "update", case, "--people", "many"), "kim", {}),
        (("case", "update", case, "--cost", str(10**16)), "kim", {}),
        (("case", "list", "--limit", "-1"), "kim", {}),
        (("case", "show", case, "--events", "-1"), "kim", {}),
        (("case", "show", case, "--events", str(10**20)), "kim", {}),  # beyond a 64-bit LIMIT
        (("party", "consent", case, "first"), "kim", {}),
    ])


def test_oversized_text_is_refused_with_exit_2_before_anything_is_written(
        cli: Cli, app: App, case: str) -> None:
    huge = "가" * 100_000
    reject_all(cli, app, 2, [
        (("case", "open", "--workflow", "public_conflict", "--title", huge, "--mediator", "kim",
          "--supervisor", "park"), "park", {}),
        (("case", "update", case, "--title", huge), "kim", {}),
        (("case", "update", case, "--summary", huge), "kim", {}),
        (("case", "advance", case, "withdraw", "--note", huge), "kim", {}),
        (("party", "add", case, "--name", huge, "--role", "applicant"), "kim", {}),
        (("user", "add", "hong", "--name", huge, "--email", "hong@example.org",
          "--role", "mediator"), "admin", {}),
    ])


def test_control_characters_and_line_breaks_in_single_line_fields_are_refused(
        cli: Cli, app: App, case: str) -> None:
    attempts: list[Attempt] = [(("case", "update", case, "--title", value), "kim", {})
                for value in ("첫 줄\n둘째 줄", "캐리지\r리턴", "벨\x07소리", "널\x00문자",
                              "\x1b[31m빨간 제목\x1b[0m", "지움\x7f",
                              "C1 \x9b31m 이스케이프", "다음 줄\x85문자", "줄\u2028구분",
                              "문단\u2029구분")]
    attempts += [
        (("case", "update", case, "--district", "마포구\n서대문구"), "kim", {}),
        (("case", "update", case, "--chair", "가상\x0b의장"), "kim", {}),
        (("party", "add", case, "--name", "가상\n주민", "--role", "applicant"), "kim", {}),
        (("case", "update", case, "--summary", "개요\x00"), "kim", {}),
        (("case", "advance", case, "withdraw", "--note", "사유\x1b[2J"), "kim", {}),
    ]
    reject_all(cli, app, 2, attempts)


def test_text_that_is_not_valid_utf8_is_refused_with_exit_2(cli: Cli, app: App, case: str) -> None:
    # Given arguments holding a byte that is not UTF-8 (Linux hands it over as a lone surrogate)
    bad = "가상\udcff"
    # When any command receives it, in any argument or as the acting user
    # Then it is exit 2, and the message does not choke on the byte
    reject_all(cli, app, 2, [
        (("case", "update", case, "--title", bad), "kim", {}),
        (("case", "open", "--workflow", "public_conflict", "--title", bad, "--mediator", "kim",
          "--supervisor", "park"), "park", {}),
        (("case", "open", "--workflow", "public_conflict", "--title", "가상", "--mediator", bad,
          "--supervisor", "park"), "park", {}),
        (("case", "open", "--workflow", bad, "--title", "가상", "--mediator", "kim",
          "--supervisor", "park"), "park", {}),
        (("case", "show", bad), "kim", {}),
        (("case", "advance", case, bad), "kim", {}),
        (("case", "advance", case, "withdraw", "--note", bad), "kim", {}),
        (("case", "update", case, "--grade", bad), "kim", {}),
        (("case", "list", "--state", bad), "kim", {}),
        (("case", "list", "--mediator", bad), "kim", {}),
        (("party", "add", case, "--name", bad, "--role", "applicant"), "kim", {}),
        (("user", "add", bad, "--name", "홍길동", "--email", "hong@example.org",
          "--role", "mediator"), "admin", {}),
        (("case", "list", "--as", bad), "kim", {}),
        (("case", "list",), bad, {}),
        (("case", "list",), "kim", {"MEDIATION_NOW": bad}),
    ])


# refused (4) --------------------------------------------------------------------------

def test_an_unknown_trigger_is_refused_with_exit_4_listing_the_available_ones(
        cli: Cli, app: App, case: str) -> None:
    for trigger in ("sign", "fly", "PLAN", "a\nb"):
        # When kim fires a trigger the diagnosis state does not have
        with unchanged(app, trigger):
            result = cli("case", "advance", case, trigger, "--lang", "en", user="kim")
        message = assert_rejected(result, 4, trigger)
        # Then the message lists the triggers that are available
        assert "at 'Diagnosis'" in message
        listed = message.split("Available triggers: ", 1)[1].strip().split(", ")
        assert sorted(t.rsplit(" (", 1)[1].rstrip(")") for t in listed) == [
            "monitor", "plan", "refer", "withdraw"]


def test_a_missing_note_is_refused_with_exit_4(cli: Cli, app: App, case: str) -> None:
    for note in ((), ("--note", ""), ("--note", "  \t ")):
        with unchanged(app, note):
            result = cli("case", "advance", case, "withdraw", *note, "--lang", "en", user="kim")
        assert "Withdraw (withdraw) needs a note" in assert_rejected(result, 4, note)


def test_a_user_without_permission_is_refused_with_exit_4(cli: Cli, app: App, case: str) -> None:
    # Given kim's case supervised by park (and a grade, so that monitor's guard holds)
    app.cases.update_case(app.users.actor("kim"), case, CaseFields(grade="C"))
    # When people without the right try, Then exit 4 and nothing changes
    reject_all(cli, app, 4, [
        (("case", "advance", case, "plan"), "lee", {}),                 # not lee's case
        (("case", "advance", case, "plan"), "choi", {}),                # not choi's case
        (("case", "update", case, "--title", "새 제목"), "lee", {}),
        (("party", "add", case, "--name", "가상", "--role", "applicant"), "lee", {}),
        (("case", "advance", case, "monitor"), "kim", {}),              # supervisors only
        (("case", "assign", case, "--mediator", "lee"), "kim", {}),     # mediators cannot
        (("user", "add", "hong", "--name", "홍길동", "--email", "hong@example.org",
          "--role", "mediator"), "park", {}),                           # admins only
        (("user", "deactivate", "lee"), "kim", {}),
        (("case", "open", "--workflow", "public_conflict", "--title", "가상", "--mediator", "lee",
          "--supervisor", "park"), "kim", {}),                          # for another mediator
    ])


# the time given to the CLI ------------------------------------------------------------

def test_a_valid_clock_value_in_another_offset_is_accepted(cli: Cli, app: App, case: str) -> None:
    # Given a time written in UTC
    now = datetime.fromisoformat("2026-11-25T01:00:00+00:00")
    # When a change is made at that time
    result = cli("case", "update", case, "--grade", "B", user="kim", now=now)
    # Then it is accepted and recorded at that instant (the control for the cases above)
    assert result.code == 0, result.err
    last = app.reading.history(ADMIN, case)[-1]
    assert last.at == now
