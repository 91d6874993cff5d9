"""``mediation user password``: who may set whose password, what is stored (a hash, never the
password), and that the users' trail records it."""

from __future__ import annotations

import io

import pytest
from conftest import Cli, ok, refused
from sqlalchemy import text

from mediation.app import App


def stored_hash(app: App, username: str) -> str | None:
    with app.db.read() as conn:
        found = conn.execute(text("SELECT hash FROM web_passwords WHERE username = :u"),
                             {"u": username}).scalar()
    return None if found is None else str(found)


def test_a_user_sets_their_own_password_and_only_a_hash_is_stored(
        cli: Cli, app: App, monkeypatch: pytest.MonkeyPatch) -> None:
    # Given
    monkeypatch.setattr("sys.stdin", io.StringIO("correct horse battery\n"))
    # When
    result = ok(cli("user", "password", "park", "--stdin", user="park"))
    # Then
    assert "park의 비밀번호를 설정했습니다" in result.out
    hashed = stored_hash(app, "park")
    assert hashed is not None and hashed.startswith("$argon2id$")
    assert "correct horse" not in hashed
    assert ok(cli("audit", "verify")).code == 0
    assert app.passwords.sign_in("park", "correct horse battery", "127.0.0.1").username == "park"


def test_a_mediator_may_not_set_another_users_password(
        cli: Cli, app: App, monkeypatch: pytest.MonkeyPatch) -> None:
    # Given
    monkeypatch.setattr("sys.stdin", io.StringIO("correct horse battery\n"))
    # When
    message = refused(cli("user", "password", "park", "--stdin", user="kim"))
    # Then
    assert "비밀번호를 설정할 권한이 없습니다" in message
    assert stored_hash(app, "park") is None


def test_a_short_password_is_refused(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert "10자 이상" in refused(cli("user", "password", "park", "--stdin"), code=2)


def test_two_different_entries_are_refused(cli: Cli, app: App,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    answers = iter(["correct horse battery", "correct horse batterx"])
    monkeypatch.setattr("getpass.getpass", lambda _prompt="": next(answers))
    assert "두 번 입력한 비밀번호가 다릅니다" in refused(cli("user", "password", "park"), code=2)
    assert stored_hash(app, "park") is None


def test_a_temporary_password_must_be_changed_at_the_first_sign_in(
        cli: Cli, app: App, monkeypatch: pytest.MonkeyPatch) -> None:
    # Given a one-time password set by the admin
    monkeypatch.setattr("sys.stdin", io.StringIO("one time password\n"))
    ok(cli("user", "password", "park", "--stdin", "--temporary"))
    # Then it signs in, and must be changed
    assert app.passwords.sign_in("park", "one time password", "127.0.0.1").username == "park"
    assert app.passwords.must_change("park")
    # ... until the user sets their own
    park = app.users.actor("park")
    app.passwords.set_password(park, "park", "my own long password")
    assert not app.passwords.must_change("park")
    with app.db.read() as conn:
        kinds = [r.kind for r in conn.execute(text(
            "SELECT kind FROM user_events WHERE username = 'park' ORDER BY seq"))]
    assert kinds[-2:] == ["temporary_password_set", "password_set"]
    assert ok(cli("audit", "verify")).code == 0
