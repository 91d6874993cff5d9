"""Use cases over users: the first admin, adding and changing users, resolving who is
acting."""

from __future__ import annotations

from mediation.casework import CaseWork
from mediation.core import validate, vocabulary
from mediation.core.errors import BadInput, NotFound, PermissionDenied, Refused
from mediation.storage import cases as repo
from mediation.views.build import user_view
from mediation.views.cases import UserView
from mediation.workflow.engine import Actor


class UserCommands(CaseWork):
    def ensure_admin(self, login: str, email: str | None = None) -> str | None:
        """Create an admin named after ``login`` when there are no users yet.

        Without ``email`` the admin gets ``LOGIN@localhost``, which mail skips as
        undeliverable until it is set (``mediation init --email``).
        """
        username = validate.username(login.lower(), "OS login")
        address = validate.email(email) if email else f"{username}@localhost"
        with self.db.write() as conn:
            if repo.count_users(conn):
                return None
            repo.insert_user(conn, {"username": username, "name": username,
                                    "email": address, "role": "admin",
                                    "active": True, "created_at": self.now()})
        return username

    def actor(self, username: str) -> Actor:
        """The active user called ``username``, as the engine sees them."""
        with self.db.read() as conn:
            row = repo.user_by_name(conn, username)
        if row is None:
            raise NotFound(kind="user", key=username)
        if not row.active:
            raise Refused(reason_ko=f"사용자 '{username}'은(는) 비활성 상태입니다.",
                          reason_en=f"User '{username}' is not active.")
        return Actor(username=row.username, role=row.role)

    def add_user(self, actor: Actor, username: str, name: str, email: str,
                 role: str) -> UserView:
        if actor.role != "admin":
            raise PermissionDenied(user=actor.username, role=actor.role,
                                   action_ko="사용자를 추가할", action_en="add users")
        values = {"username": validate.username(username),
                  "name": validate.text(name, "name", max_len=200),
                  "email": validate.email(email),
                  "role": vocabulary.check(vocabulary.USER_ROLES, role, "role"),
                  "active": True, "created_at": self.now()}
        with self.db.write() as conn:
            if repo.user_by_name(conn, username) is not None:
                raise BadInput(field="username", reason=f"'{username}' already exists")
            repo.insert_user(conn, values)
            row = repo.user_by_name(conn, username)
        assert row is not None
        return user_view(row)

    def set_user_active(self, actor: Actor, username: str, active: bool) -> UserView:
        if actor.role != "admin":
            raise PermissionDenied(user=actor.username, role=actor.role,
                                   action_ko="사용자를 변경할", action_en="change users")
        with self.db.write() as conn:
            if repo.user_by_name(conn, username) is None:
                raise NotFound(kind="user", key=username)
            repo.set_user_fields(conn, username, {"active": active})
            row = repo.user_by_name(conn, username)
        assert row is not None
        return user_view(row)

    def update_user(self, actor: Actor, username: str, *, name: str | None = None,
                    email: str | None = None) -> UserView:
        """Change a user's name or e-mail address: admins for anyone, a user for themselves
        (the first admin starts as ``LOGIN@localhost``, which mail skips)."""
        if actor.role != "admin" and actor.username != username:
            raise PermissionDenied(user=actor.username, role=actor.role,
                                   action_ko="다른 사용자를 변경할", action_en="change other users")
        values: dict[str, str] = {}
        if name is not None:
            values["name"] = validate.text(name, "name", max_len=200)
        if email is not None:
            values["email"] = validate.email(email)
        if not values:
            raise BadInput(field="user", reason="nothing to change: give --name or --email")
        with self.db.write() as conn:
            if repo.user_by_name(conn, username) is None:
                raise NotFound(kind="user", key=username)
            repo.set_user_fields(conn, username, values)
            row = repo.user_by_name(conn, username)
        assert row is not None
        return user_view(row)

    def list_users(self) -> list[UserView]:
        with self.db.read() as conn:
            return [user_view(r) for r in repo.all_users(conn)]
