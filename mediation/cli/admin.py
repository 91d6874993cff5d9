"""``mediation init`` and ``mediation audit verify``."""

from __future__ import annotations

import argparse
from typing import Any

from .context import Ctx, os_login
from .text import t


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("init", parents=[common], help="create or upgrade the database",
                       description="Create the database schema or upgrade it to the newest "
                                   "revision; safe to run again. With no users yet, creates an "
                                   "admin user named after the OS login (or --as).")
    p.add_argument("--email", help="e-mail address of the first admin (escalations reach admins)")
    p.set_defaults(handler=cmd_init)

    audit = sub.add_parser("audit", help="verify the audit trail")
    audit_sub = audit.add_subparsers(dest="audit_command", metavar="COMMAND", required=True)
    v = audit_sub.add_parser("verify", parents=[common], help="recompute hash chains",
                             description="Recompute every case's SHA-256 event chain (or one "
                                         "case's) and name the first broken event. Exits 4 if "
                                         "any chain is broken.")
    v.add_argument("number", nargs="?", help="case number, e.g. 2026-0001 (default: all)")
    v.set_defaults(handler=cmd_verify)


def cmd_init(ctx: Ctx, args: argparse.Namespace) -> int:
    from mediation.core import validate
    from mediation.storage import migrate

    if args.email:
        validate.email(args.email)  # refuse before anything is created
    before, after = migrate.upgrade(ctx.app.db)
    login = getattr(args, "as_user", None) or ctx.settings.user or os_login()
    admin = ctx.app.users.ensure_admin(login, args.email)
    key = "init_current" if before == after else ("init_created" if before is None
                                                   else "init_upgraded")
    if ctx.json:
        ctx.emit({"database": ctx.app.db.display_url, "revision_before": before,
                  "revision": after, "admin_created": admin})
        return 0
    ctx.say(f"{t(key, ctx.lang)}: {ctx.app.db.display_url} (rev {after})")
    if admin:
        ctx.say(f"{t('admin_created', ctx.lang)}: {admin}")
    return 0


def cmd_verify(ctx: Ctx, args: argparse.Namespace) -> int:
    from mediation.core import validate

    ctx.actor()
    number = validate.case_number(args.number) if args.number else None
    results = ctx.app.reading.verify(number)
    broken = [r for r in results if not r.ok]
    if ctx.json:
        ctx.emit({"ok": not broken, "cases": results})
    else:
        for r in results:
            if r.ok:
                ctx.say(f"{r.number}: {t('audit_ok', ctx.lang)} ({r.events} {t('events_n', ctx.lang)})")
            else:
                reason = r.reason_en if ctx.lang == "en" else r.reason_ko
                ctx.say(f"{r.number}: {t('audit_broken', ctx.lang)} — #{r.broken_seq}: {reason}")
    return 4 if broken else 0
