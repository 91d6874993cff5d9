"""``mediation user add | list | update | deactivate | activate``."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from mediation.core.errors import BadInput
from mediation.core.vocabulary import USER_ROLES, title

from .context import Ctx
from .render import pad
from .text import t


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    user = sub.add_parser("user", help="manage users (mediators, supervisors, admins)")
    s = user.add_subparsers(dest="user_command", metavar="COMMAND", required=True)
    add = s.add_parser("add", parents=[common], help="add a user (admins only)",
                       description="Add a user. Roles: mediator (갈등조정관), supervisor "
                                   "(갈등조정담당관, receives reminders), admin.")
    add.add_argument("username", help="the new username: lower-case letters, digits, _ . -")
    add.add_argument("--name", required=True, help="full name, e.g. 김조정")
    add.add_argument("--email", required=True)
    add.add_argument("--role", required=True,
                     help="mediator (갈등조정관), supervisor (갈등조정담당관) or admin (관리자)")
    add.add_argument("--login", help="the person's OS account, where it differs from USERNAME "
                                     "(in an office database the program acts as the user "
                                     "mapped to the OS login running it)")
    add.set_defaults(handler=cmd_add)
    ls = s.add_parser("list", parents=[common], help="list users")
    ls.set_defaults(handler=cmd_list)
    up = s.add_parser("update", parents=[common], help="change a user's name or e-mail",
                      description="Change a user's name or e-mail address (where reminders and "
                                  "escalations go), or map them to an OS account "
                                  "(--login, admins only). Admins change anyone; a user changes "
                                  "themselves. Example: mediation user update admin "
                                  "--email admin@seoul.go.kr")
    up.add_argument("username", help="username, as `user list` shows it")
    up.add_argument("--name", help="full name")
    up.add_argument("--email", help="e-mail address for reminders")
    up.add_argument("--login", help="map the user to this OS account (admins only)")
    up.set_defaults(handler=cmd_update)
    pw = s.add_parser("password", parents=[common], help="set a user's password for the web console",
                      description="Set the password a user signs in to the web console with "
                                  "(`mediation web`): asked twice, not shown. Admins set anyone's, "
                                  "a user their own. Only its argon2id hash is stored. Example: "
                                  "mediation user password park")
    pw.add_argument("username", help="username, as `user list` shows it")
    pw.add_argument("--stdin", action="store_true",
                    help="read the password from the first line of standard input (for scripts)")
    pw.add_argument("--temporary", action="store_true",
                    help="a one-time password: the user must change it when first signing in")
    pw.set_defaults(handler=cmd_password)
    for name, active in (("deactivate", False), ("activate", True)):
        p = s.add_parser(name, parents=[common], help=f"{name} a user (admins only)")
        p.add_argument("username", help="username, as `user list` shows it")
        p.set_defaults(handler=cmd_set_active, active=active)


def cmd_add(ctx: Ctx, args: argparse.Namespace) -> int:
    view = ctx.app.users.add_user(ctx.actor(), args.username, args.name, args.email, args.role,
                                  login=args.login)
    if ctx.json:
        ctx.emit(view)
    else:
        ctx.say(f"{t('user_added', ctx.lang)}: {view.username} "
                f"({title(USER_ROLES, view.role, ctx.lang)})")
    return 0


def cmd_list(ctx: Ctx, args: argparse.Namespace) -> int:
    ctx.actor()
    views = ctx.app.users.list_users()
    if ctx.json:
        ctx.emit(views)
        return 0
    for v in views:
        mark = "" if v.active else ctx.pick("  (비활성)", "  (inactive)")
        login = f"  {ctx.pick('로그인', 'login')}={v.login}" if v.login else ""
        ctx.say(f"{v.username:<16} {pad(title(USER_ROLES, v.role, ctx.lang), 14)} {v.name}  "
                f"<{v.email}>{login}{mark}")
    return 0


def cmd_password(ctx: Ctx, args: argparse.Namespace) -> int:
    actor = ctx.actor()
    if args.stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass(ctx.pick("새 비밀번호: ", "New password: "))
        again = getpass.getpass(ctx.pick("한 번 더: ", "Again: "))
        if password != again:
            raise BadInput(field="password", reason_ko="두 번 입력한 비밀번호가 다릅니다",
                                             reason_en="the two passwords differ")
    ctx.app.passwords.set_password(actor, args.username, password, temporary=args.temporary)
    if ctx.json:
        ctx.emit({"username": args.username, "temporary": bool(args.temporary)})
    elif args.temporary:
        ctx.say(ctx.pick(f"{args.username}의 일회용 비밀번호를 설정했습니다. 처음 `mediation web`에 "
                         "로그인할 때 새 비밀번호로 바꿔야 합니다.",
                         f"Temporary password set for {args.username}; they must change it "
                         "when they first sign in at `mediation web`."))
    else:
        ctx.say(ctx.pick(f"{args.username}의 비밀번호를 설정했습니다. `mediation web`에서 로그인하세요.",
                         f"Password set for {args.username}; sign in at `mediation web`."))
    return 0


def cmd_update(ctx: Ctx, args: argparse.Namespace) -> int:
    view = ctx.app.users.update_user(ctx.actor(), args.username, name=args.name,
                                     email=args.email, login=args.login)
    if ctx.json:
        ctx.emit(view)
    else:
        ctx.say(ctx.pick(f"사용자를 변경했습니다: {view.username} {view.name} <{view.email}>",
                         f"User updated: {view.username} {view.name} <{view.email}>"))
    return 0


def cmd_set_active(ctx: Ctx, args: argparse.Namespace) -> int:
    view = ctx.app.users.set_user_active(ctx.actor(), args.username, args.active)
    if ctx.json:
        ctx.emit(view)
    else:
        ctx.say(f"{view.username}: " + (ctx.pick("활성", "active") if view.active
                                         else ctx.pick("비활성", "inactive")))
    return 0
