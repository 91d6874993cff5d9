"""Passwords for the web console and signing in with them: argon2id hashes (the password is
never stored), failed attempts limited per user and per address within a window, each
attempt recorded, and the setting of a password recorded in the users' trail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from mediation.casework import CaseWork
from mediation.core import validate
from mediation.core.errors import (
    NotFound,
    PermissionDenied,
    SignInFailed,
    SignInLimited,
    WeakPassword,
)
from mediation.storage import cases as repo
from mediation.storage import signin as store
from mediation.users.commands import record
from mediation.workflow.engine import Actor

LEAST = 10
"""The shortest password accepted."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SignInPolicy:
    """How many failed sign-ins a user, and an address, may have within ``window``."""

    per_user: int = 5
    per_address: int = 20
    window: timedelta = timedelta(minutes=15)


class PasswordCommands(CaseWork):
    def __init__(self, *args: Any, policy: SignInPolicy | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.policy = policy or SignInPolicy()
        self.hasher = PasswordHasher()  # argon2id with the library's current parameters
        self._dummy = self.hasher.hash("not a password of anyone's")

    def set_password(self, actor: Actor, username: str, password: str, *,
                     temporary: bool = False) -> None:
        """Admins set anyone's password, a user their own; a ``temporary`` one is to be
        changed at the first sign-in (the console opens no page before)."""
        if actor.role != "admin" and actor.username != username:
            raise PermissionDenied(user=actor.username, role=actor.role,
                                   action_ko="다른 사용자의 비밀번호를 설정할",
                                   action_en="set other users' passwords")
        password = validate.utf8(password, "password")
        if len(password) < LEAST:
            raise WeakPassword(least=LEAST)
        hashed, now = self.hasher.hash(password), self.now()
        with self.db.write() as conn:
            if repo.user_by_name(conn, username) is None:
                raise NotFound(kind="user", key=username)
            store.set_password_hash(conn, username, hashed, now=now, by=actor.recorded,
                                    temporary=temporary)
            record(conn, actor.recorded, "temporary_password_set" if temporary else "password_set",
                   username, now)

    def must_change(self, username: str) -> bool:
        """Whether ``username`` signs in with a one-time password still to be changed."""
        with self.db.read() as conn:
            return store.is_temporary(conn, username)

    def sign_in(self, username: str, password: str, address: str) -> Actor:
        """The active user ``username`` if ``password`` is theirs; every attempt recorded.
        Refused without checking when the user or the address has failed too often."""
        now = self.now()
        name, address = username.strip().lower()[:64], address[:64]
        with self.db.write() as conn:
            since = now - self.policy.window
            if (store.failures_since(conn, since, username=name) >= self.policy.per_user
                    or store.failures_since(conn, since, address=address) >= self.policy.per_address):
                raise SignInLimited(minutes=self.policy.window.total_seconds() / 60)
            user = repo.user_by_name(conn, name)
            hashed = store.password_hash(conn, name) if user is not None and user.active else None
            ok = self._verify(hashed, password)
            store.record_attempt(conn, username=name, address=address, at=now, ok=ok)
        if not ok or user is None:
            raise SignInFailed()
        return Actor(username=user.username, role=user.role)

    def _verify(self, hashed: str | None, password: str) -> bool:
        """Whether ``password`` matches ``hashed``; with no hash, a dummy is checked so that
        an unknown user takes as long as a known one."""
        try:
            return self.hasher.verify(hashed or self._dummy, password) and hashed is not None
        except (VerificationError, InvalidHashError):
            return False
