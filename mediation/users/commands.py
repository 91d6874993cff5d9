"""Use cases over users: the installation (a simulation database or an office's), the first
admin, adding and changing users, resolving who is acting (by name in a simulation, by OS
login in an office)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.engine import Connection

from mediation.casework import CaseWork
from mediation.core import validate, vocabulary
from mediation.core.audit import GENESIS, canonical, user_event_hash
from mediation.core.errors import BadInput, NotFound, PermissionDenied, Refused
from mediation.storage import cases as repo
from mediation.storage import installation
from mediation.storage import users as trail
from mediation.views.build import user_view
from mediation.views.cases import UserView
from mediation.workflow.engine import Actor


class UserCommands(CaseWork):
    def is_simulation(self) -> bool:
        """Whether this database is a simulation (``mediation init --simulation``)."""
        with self.db.read() as conn:
            return bool(installation.simulation(conn))

    def install(self, *, simulation: bool) -> bool:
        """Mark a new database as a simulation or an office's (once); the mark it has.

        A database that already holds users without a mark was created before marking
        existed and is an office's; an office's database never becomes a simulation."""
        with self.db.write() as conn:
            found = installation.simulation(conn)
            if found is None:
                found = simulation and not repo.count_users(conn)
                if simulation and not found:
                    raise _office_refusal()
                installation.mark(conn, simulation=found, now=self.now())
            elif simulation and not found:
                raise _office_refusal()
        return found

    def ensure_admin(self, login: str, email: str | None = None,
                     os_login: str | None = None) -> str | None:
        """Create an admin named after ``login`` when there are no users yet, mapped to the
        OS account ``os_login`` when given.

        Without ``email`` the admin gets ``LOGIN@localhost``, which mail skips as
        undeliverable until it is set (``mediation init --email``).
        """
        username = validate.username(login.lower(), "OS login")
        address = validate.email(email) if email else f"{username}@localhost"
        with self.db.write() as conn:
            if repo.count_users(conn):
                return None
            now = self.now()
            repo.insert_user(conn, {"username": username, "name": username,
                                    "email": address, "role": "admin", "login": os_login,
                                    "active": True, "created_at": now})
            record(conn, "system", "added", username, now)
        return username

    def actor_for_login(self, login: str) -> Actor:
        """The active user mapped to the OS account ``login`` (``user add --login``), or
        named like it."""
        with self.db.read() as conn:
            row = repo.user_by_login(conn, login)
        if row is None:
            raise NotFound(kind="login", key=login)
        return self.actor(row.username)

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
                 role: str, login: str | None = None) -> UserView:
        if actor.role != "admin":
            raise PermissionDenied(user=actor.username, role=actor.role,
                                   action_ko="사용자를 추가할", action_en="add users")
        mapped, now = _login(login), self.now()
        values = {"username": validate.username(username),
                  "name": validate.text(name, "name", max_len=200),
                  "email": validate.email(email),
                  "role": vocabulary.check(vocabulary.USER_ROLES, role, "role"),
                  "login": mapped, "active": True, "created_at": now}
        with self.db.write() as conn:
            if repo.user_by_name(conn, username) is not None:
                raise BadInput(field="username", reason_ko=f"'{username}'은(는) 이미 있는 사용자 이름입니다",
                                                 reason_en=f"'{username}' already exists")
            _login_free(conn, mapped, username)
            repo.insert_user(conn, values)
            record(conn, actor.recorded, "added", username, now)
            row = repo.user_by_name(conn, username)
        assert row is not None
        return user_view(row)

    def set_user_active(self, actor: Actor, username: str, active: bool) -> UserView:
        if actor.role != "admin":
            raise PermissionDenied(user=actor.username, role=actor.role,
                                   action_ko="사용자를 변경할", action_en="change users")
        with self.db.write() as conn:
            row = repo.user_by_name(conn, username)
            if row is None:
                raise NotFound(kind="user", key=username)
            if (not active and row.active and row.role == "admin"
                    and repo.count_active_admins(conn) <= 1):
                raise Refused(reason_ko=f"'{username}'은(는) 마지막 활성 관리자이므로 비활성화할 수 "
                                        "없습니다. 먼저 다른 관리자를 추가하십시오.",
                              reason_en=f"'{username}' is the last active admin and cannot be "
                                        "deactivated: add another admin first.")
            repo.set_user_fields(conn, username, {"active": active})
            record(conn, actor.recorded, "activated" if active else "deactivated", username,
                   self.now())
            row = repo.user_by_name(conn, username)
        assert row is not None
        return user_view(row)

    def update_user(self, actor: Actor, username: str, *, name: str | None = None,
                    email: str | None = None, login: str | None = None) -> UserView:
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
        if login is not None:
            if actor.role != "admin":
                raise PermissionDenied(user=actor.username, role=actor.role,
                                       action_ko="로그인 계정을 연결할", action_en="map OS logins")
            values["login"] = validate.text(login, "login", max_len=64)
        if not values:
            raise BadInput(field="user",
                           reason_ko="바꿀 내용이 없습니다. --name, --email 또는 --login을 주세요",
                           reason_en="nothing to change: give --name, --email or --login")
        with self.db.write() as conn:
            if repo.user_by_name(conn, username) is None:
                raise NotFound(kind="user", key=username)
            _login_free(conn, values.get("login"), username)
            repo.set_user_fields(conn, username, values)
            record(conn, actor.recorded, "updated", username, self.now())
            row = repo.user_by_name(conn, username)
        assert row is not None
        return user_view(row)

    def list_users(self) -> list[UserView]:
        with self.db.read() as conn:
            return [user_view(r) for r in repo.all_users(conn)]


def _office_refusal() -> Refused:
    return Refused(reason_ko="이 데이터베이스는 업무용입니다. 모의(simulation) 데이터베이스로 바꿀 수 "
                             "없습니다. 새 데이터베이스에서 'mediation init --simulation'을 "
                             "실행하십시오.",
                   reason_en="This is an office database; it cannot become a simulation. Run "
                             "'mediation init --simulation' on a new database.")


def _login(login: str | None) -> str | None:
    return None if login is None else validate.text(login, "login", max_len=64)


def _login_free(conn: Connection, login: str | None, username: str) -> None:
    """Refuse an OS login already mapped to another user."""
    if login is None:
        return
    found = repo.user_by_login(conn, login)
    if found is not None and found.username != username:
        raise BadInput(field="login", reason_ko=f"OS 계정 '{login}'은(는) 이미 "
                                                f"{found.name}({found.username})에게 "
                                                "연결되어 있습니다",
                                      reason_en=f"'{login}' is already the login of {found.name} "
                                                f"({found.username})")


def user_record(row: Any) -> dict[str, Any]:
    """The whole of a user's row as their trail records it."""
    return {"username": row.username, "name": row.name, "email": row.email, "role": row.role,
            "active": bool(row.active), "login": row.login}


def record(conn: Connection, actor: str, kind: str, username: str, now: datetime) -> None:
    """Append to the users' trail the user's record after a change, chained to the last."""
    row = repo.user_by_name(conn, username)
    assert row is not None
    last = trail.last_event(conn)
    seq, prev = (int(last.seq) + 1, str(last.hash)) if last is not None else (1, GENESIS)
    details = canonical({"user": user_record(row)})
    trail.insert_event(conn, {"seq": seq, "at": now, "actor": actor, "kind": kind,
                              "username": username, "details": details, "prev_hash": prev,
                              "hash": user_event_hash(seq=seq, at=now, actor=actor, kind=kind,
                                                      username=username, details=details,
                                                      prev_hash=prev)})
