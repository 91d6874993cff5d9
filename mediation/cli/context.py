"""What every command gets: the parsed options, the language, output helpers, and the
application built on first use (so that ``--help`` never opens a database)."""

from __future__ import annotations

import argparse
import dataclasses
import gc
import getpass
import json
import sys
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, Any

from mediation.core import validate
from mediation.views.jsonable import to_jsonable

if TYPE_CHECKING:
    from mediation.app import App
    from mediation.config import Settings
    from mediation.workflow.engine import Actor




MAX_INT = 2**31 - 1  # the largest integer column value on every backend (int4)


def whole_number(low: int, high: int = MAX_INT) -> Callable[[str], int]:
    """An argparse type: a whole number from ``low`` to ``high``, else a usage error (exit 2)
    instead of a number the database or the calendar cannot hold."""

    def number(text: str) -> int:
        try:
            value = int(text)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(f"'{text[:40]}' is not a whole number") from exc
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{text[:40]} is out of range ({low}–{high})")
        return value

    return number


def common_options(*, with_lang: bool = True) -> argparse.ArgumentParser:
    """Options every command takes; ``party add`` uses ``--lang`` for the party instead."""
    common = argparse.ArgumentParser(add_help=False)
    g = common.add_argument_group("common options")
    g.add_argument("--as", dest="as_user", metavar="USER", default=argparse.SUPPRESS,
                   help="act as this user (else MEDIATION_USER, else the OS login)")
    if with_lang:
        g.add_argument("--lang", choices=("ko", "en"), default=argparse.SUPPRESS,
                       help="output language (default ko, or MEDIATION_LANG)")
    g.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                   help="print only JSON on stdout")
    g.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                   help="show tracebacks of unexpected errors")
    return common


def os_login() -> str:
    """The operating-system account running the command."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "admin"


class Ctx:
    def __init__(self, args: argparse.Namespace, settings: Settings) -> None:
        self.args = args
        self.settings = settings
        self.lang: str = getattr(args, "lang", None) or settings.lang
        self.json: bool = bool(getattr(args, "json", False))

    @cached_property
    def app(self) -> App:
        from mediation.app import build_app

        app = build_app(self.settings)
        if not gc.isenabled():  # start-up is over (see ``cli.main.main``)
            gc.freeze()
            gc.enable()
        if self.settings.now is not None and not getattr(self.args, "initialising", False):
            self._simulation_only(app, "MEDIATION_NOW", "시스템 시계를 씁니다. MEDIATION_NOW를 지우세요.",
                                  "the system clock is used: unset MEDIATION_NOW.")
        return app

    @cached_property
    def simulation(self) -> bool:
        """Whether the database is a simulation (the clock may be set, anyone acted as)."""
        return self.app.users.is_simulation()

    def _simulation_only(self, app: App, setting: str, instead_ko: str, instead_en: str) -> None:
        from mediation.core.errors import SimulationOnly

        if not app.users.is_simulation():
            app.close()
            raise SimulationOnly(setting=setting, instead=instead_ko, instead_en=instead_en)

    def close(self) -> None:
        if "app" in self.__dict__:
            self.app.close()

    def requested_user(self) -> str | None:
        """The user named by ``--as`` or ``MEDIATION_USER``, if any."""
        name = getattr(self.args, "as_user", None) or self.settings.user
        return None if name is None else validate.utf8(name, "user")

    def actor(self) -> Actor:
        """Who is acting. In a simulation: the user named by ``--as``/``MEDIATION_USER``, else
        the one named like the OS login. In an office database: the user mapped to the OS
        login; an admin may act for another user with ``--as`` (recorded "admin for kim")."""
        requested = self.requested_user()
        if self.simulation:
            return self.app.users.actor(requested or validate.utf8(os_login(), "user"))
        me = self.app.users.actor_for_login(os_login())
        if requested is None or requested == me.username:
            return me
        if me.role != "admin":
            from mediation.core.errors import PermissionDenied

            raise PermissionDenied(user=me.username, role=me.role,
                                   action_ko=f"다른 사용자('{requested}')로 실행할(--as, 관리자만 가능)",
                                   action_en=f"act as another user ('{requested}'); in an office "
                                             "database only admins act for others with --as")
        return dataclasses.replace(self.app.users.actor(requested), by=me.username)

    def say(self, text: str = "") -> None:
        if not self.json:
            print(text)

    def emit(self, data: Any) -> None:
        print(json.dumps(to_jsonable(data), ensure_ascii=False, indent=2))

    def warn(self, text: str) -> None:
        print(text, file=sys.stderr)

    def pick(self, ko: str, en: str) -> str:
        return en if self.lang == "en" else ko
