"""``mediation attach add | list | get | verify``: files attached to a case."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from .context import Ctx
from .text import t

RAW = argparse.RawDescriptionHelpFormatter

ADD_HELP = """\
Attach a file to a case: a complaint, an official letter received, a photo, a signed scan,
minutes in another format. The file is copied under the documents folder, kept once by its
SHA-256 (the same as `sha256sum FILE`), with its size and its type told by its first bytes
(not by its name); its name is kept without any folder. The file is never opened, rendered
or run by the program. Files larger than MEDIATION_ATTACHMENT_MAX_MB (default 50 MB) are
refused. The addition is an event of the case's audit trail.

Kinds: complaint, letter, photo, scan, minutes, other (default).

examples:
  mediation attach add 2026-0001 민원서.pdf --kind complaint --party 2
  mediation attach add 2026-0001 현장사진.jpg --kind photo --title "현장 사진 (11. 24.)"
"""

VERIFY_HELP = """\
Check that each attachment's stored file is there and has the SHA-256 recorded when it was
added: of one case, or (admins and supervisors) of every case. Exit status 4 if one is
missing or changed.

examples:
  mediation attach verify 2026-0001
  mediation attach verify --json
"""


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    attach = sub.add_parser("attach", help="files attached to a case (complaints, photos, scans)")
    s = attach.add_subparsers(dest="attach_command", metavar="COMMAND", required=True)
    p = s.add_parser("add", parents=[common], formatter_class=RAW,
                     help="attach a file to a case (prints its id)", description=ADD_HELP)
    p.add_argument("number", help="case number, e.g. 2026-0001")
    p.add_argument("file", type=Path, help="the file to attach")
    p.add_argument("--title", help="what the file is (default: its name)")
    p.add_argument("--kind", default="other",
                   help="complaint, letter, photo, scan, minutes or other (default)")
    p.add_argument("--party", type=int, metavar="ID", help="the party it comes from or concerns")
    p.set_defaults(handler=cmd_add)

    p = s.add_parser("list", parents=[common], help="a case's attachments",
                     description="List a case's attachments: number, title, kind, party, "
                                 "file name, size, type, when and by whom, and SHA-256.",
                     epilog="example: mediation attach list 2026-0001")
    p.add_argument("number", help="case number, e.g. 2026-0001")
    p.set_defaults(handler=cmd_list)

    p = s.add_parser("get", parents=[common], help="copy an attachment's file out",
                     description="Copy the file of attachment ID to --out, after checking its "
                                 "SHA-256. An existing file is never overwritten.")
    p.add_argument("id", type=int, help="the attachment's id (attach list)")
    p.add_argument("--out", type=Path, required=True, metavar="FILE", help="where to write it")
    p.add_argument("--reason", help="why it is downloaded (kept in the access record, shown in "
                                    "the monthly check)")
    p.set_defaults(handler=cmd_get)

    p = s.add_parser("verify", parents=[common], formatter_class=RAW,
                     help="check the stored files against their SHA-256", description=VERIFY_HELP)
    p.add_argument("number", nargs="?", help="case number (default: every case)")
    p.set_defaults(handler=cmd_verify)


def _number(value: str) -> str:
    from mediation.core import validate

    return validate.case_number(value)


def _line(v: Any, lang: str) -> str:
    from mediation.core import vocabulary as voc
    from mediation.core.formats import kdatetime

    party = f" ({t('of_party', lang)} #{v.party_id})" if v.party_id else ""
    return (f"#{v.id} {v.title} [{voc.title(voc.ATTACHMENT_KINDS, v.kind, lang)}]{party} — "
            f"{v.filename}, {v.size:,} B, {v.media_type}, {kdatetime(v.added_at, lang)}, "
            f"{v.added_by}\n    SHA-256 {v.sha256}")


def cmd_add(ctx: Ctx, args: argparse.Namespace) -> int:
    view = ctx.app.attachments.add(ctx.actor(), _number(args.number), args.file,
                                   title=args.title, kind=args.kind, party_id=args.party)
    if ctx.json:
        ctx.emit(view)
    else:
        print(view.id)
    return 0


def cmd_list(ctx: Ctx, args: argparse.Namespace) -> int:
    views = ctx.app.attachments.list(ctx.actor(), _number(args.number))
    if ctx.json:
        ctx.emit(views)
    elif not views:
        ctx.say(t("no_attachments", ctx.lang))
    for v in views:
        ctx.say(_line(v, ctx.lang))
    return 0


def cmd_get(ctx: Ctx, args: argparse.Namespace) -> int:
    from mediation.core import validate

    reason = validate.optional_text(args.reason, "reason", max_len=2000) or None
    view = ctx.app.attachments.get(ctx.actor(), args.id, args.out, reason)
    if ctx.json:
        ctx.emit(view)
    else:
        ctx.say(f"{args.out} ({view.size:,} B, SHA-256 {view.sha256})")
    return 0


def cmd_verify(ctx: Ctx, args: argparse.Namespace) -> int:
    number = _number(args.number) if args.number else None
    checks = ctx.app.attachments.verify(ctx.actor(), number)
    if ctx.json:
        ctx.emit(checks)
        return 0 if all(c.ok for c in checks) else 4
    for c in checks:
        mark = t(f"attachment_{c.problem}", ctx.lang) if c.problem else ctx.pick("정상", "OK")
        ctx.say(f"{c.case} #{c.id} {c.filename}: {mark}")
    if not checks:
        ctx.say(t("no_attachments", ctx.lang))
    return 0 if all(c.ok for c in checks) else 4
