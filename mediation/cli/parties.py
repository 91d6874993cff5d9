"""``mediation party add | list | consent | open-consent``."""

from __future__ import annotations

import argparse
from typing import Any

from .context import Ctx, common_options
from .render import party_line
from .text import t

MAX_ID = 2**31 - 1  # the largest value of an integer id column on every backend


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    party = sub.add_parser("party", help="parties of a case")
    s = party.add_subparsers(dest="party_command", metavar="COMMAND", required=True)
    p = s.add_parser("add", parents=[common_options(with_lang=False)],
                     help="add a party (prints its id)",
                     description="Add a party to a case. Roles: applicant, respondent, agency, "
                                 "department, resident_group, stakeholder, group, expert, "
                                 "observer.")
    p.add_argument("number")
    p.add_argument("--name", required=True)
    p.add_argument("--role", required=True)
    p.add_argument("--organization")
    p.add_argument("--representative", action="store_true",
                   help="a representative party (대표당사자, decree art. 17)")
    p.add_argument("--email")
    p.add_argument("--phone")
    p.add_argument("--address", help="postal address for letters")
    p.add_argument("--lang", dest="party_lang", choices=("ko", "en"), default="ko",
                   help="language of this party's letters (default ko)")
    p.set_defaults(handler=cmd_add)
    p = s.add_parser("list", parents=[common], help="list a case's parties")
    p.add_argument("number")
    p.set_defaults(handler=cmd_list)
    p = s.add_parser("consent", parents=[common], help="record consent to mediation",
                     description="Record that a party consents to mediation (or, with "
                                 "--declined, declines).")
    p.add_argument("number")
    p.add_argument("party_id", type=int)
    p.add_argument("--declined", action="store_true")
    p.set_defaults(handler=cmd_consent)
    p = s.add_parser("open-consent", parents=[common], help="record consent to open meetings",
                     formatter_class=argparse.RawDescriptionHelpFormatter,
                     description="Record that a party agrees that the case's meetings be open "
                                 "to the public (or, with --withdraw, withdraws that).\n"
                                 "Meetings are closed unless every party agrees (공공기관의 "
                                 "갈등 예방과 해결에 관한 규정 제22조); `meeting schedule "
                                 "--public` is refused until every party has.",
                     epilog="example:\n  mediation party open-consent 2026-0001 2")
    p.add_argument("number")
    p.add_argument("party_id", type=int)
    p.add_argument("--withdraw", action="store_true", help="withdraw the consent given")
    p.set_defaults(handler=cmd_open_consent)


def cmd_add(ctx: Ctx, args: argparse.Namespace) -> int:
    from .. import validate
    from ..parties import PartyFields

    fields = PartyFields(name=args.name, role=args.role, organization=args.organization,
                         representative=args.representative, email=args.email,
                         phone=args.phone, address=args.address, lang=args.party_lang)
    view = ctx.app.service.add_party(ctx.actor(), validate.case_number(args.number), fields)
    if ctx.json:
        ctx.emit(view)
    else:
        print(view.id)
    return 0


def cmd_list(ctx: Ctx, args: argparse.Namespace) -> int:
    from .. import validate

    ctx.actor()
    views = ctx.app.service.list_parties(validate.case_number(args.number))
    if ctx.json:
        ctx.emit(views)
        return 0
    if not views:
        ctx.say(t("no_parties", ctx.lang))
    for v in views:
        ctx.say(party_line(v, ctx.lang))
    return 0


def cmd_consent(ctx: Ctx, args: argparse.Namespace) -> int:
    from .. import validate
    from ..errors import NotFound

    number = validate.case_number(args.number)
    if not 0 < args.party_id <= MAX_ID:  # beyond the id column: no such party
        raise NotFound(kind="party", key=f"{number}/{args.party_id}")
    view = ctx.app.service.consent(ctx.actor(), number, args.party_id, declined=args.declined)
    if ctx.json:
        ctx.emit(view)
    else:
        ctx.say(f"{t('consent_recorded', ctx.lang)}: {party_line(view, ctx.lang)}")
    return 0


def cmd_open_consent(ctx: Ctx, args: argparse.Namespace) -> int:
    from .. import validate
    from ..errors import NotFound

    number = validate.case_number(args.number)
    if not 0 < args.party_id <= MAX_ID:  # beyond the id column: no such party
        raise NotFound(kind="party", key=f"{number}/{args.party_id}")
    view = ctx.app.service.open_consent(ctx.actor(), number, args.party_id,
                                        withdraw=args.withdraw)
    if ctx.json:
        ctx.emit(view)
        return 0
    done = (ctx.pick("회의 공개 동의를 철회했습니다", "Consent to open meetings withdrawn")
            if args.withdraw else
            ctx.pick("회의 공개 동의를 기록했습니다", "Consent to open meetings recorded"))
    ctx.say(f"{done}: {party_line(view, ctx.lang)}")
    return 0
