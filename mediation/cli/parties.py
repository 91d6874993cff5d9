"""``mediation party add | list | consent | open-consent | update | remove``."""

from __future__ import annotations

import argparse
from typing import Any

from mediation.views.jsonable import to_jsonable

from .context import Ctx, common_options
from .render import party_line
from .text import t

MAX_ID = 2**31 - 1  # the largest value of an integer id column on every backend
RAW = argparse.RawDescriptionHelpFormatter


ADD_HELP = """\
Add a party to a case; its id is printed on stdout. Roles: applicant, respondent, agency,
department, resident_group, stakeholder, group, expert, observer. A party's letters are
written in its language (--lang, default ko) and e-mailed when it has an address, else
listed for the post.

The new party has not agreed to open meetings, so the case's scheduled public council
meetings become closed (decree art. 22; public hearings stay public): stderr says which,
the audit trail records a meetings_closed event.

examples:
  mediation party add 2026-0001 --name "가상동 주민대책위원회" --role resident_group \\
      --email residents@example.org --address "서울특별시 가상구 가상로 1"
  mediation party add 2026-0001 --name "Jane Doe" --role expert --lang en
"""

CONSENT_HELP = """\
Record that a party consents to mediation (or, with --declined, declines). Workflows check
it before mediation starts (e.g. the all_parties_consented guard).

examples:
  mediation party consent 2026-0001 2
  mediation party consent 2026-0001 3 --declined
"""

OPEN_CONSENT_HELP = """\
Record that a party agrees that the case's council meetings be open to the public (or, with
--withdraw, withdraws that). Council meetings are closed unless every party agrees
(공공기관의 갈등 예방과 해결에 관한 규정 제22조): `meeting schedule --public` is refused until
every party has, and a withdrawal makes the case's scheduled public council meetings closed
(recorded as a meetings_closed event). Public hearings need no consent.

examples:
  mediation party open-consent 2026-0001 2
  mediation party open-consent 2026-0001 2 --withdraw
"""


UPDATE_HELP = """\
Correct a party's details (a mistyped e-mail address, a wrong role). The case's history
records each change (old → new); for the e-mail address, phone and postal address it records
only that they changed. Letters already issued keep what they said; new letters use the
corrected details.

examples:
  mediation party update 2026-0001 2 --email hong@example.org
  mediation party update 2026-0001 3 --role respondent --organization "가상구청 도시계획과"
"""

REMOVE_HELP = """\
Remove a party added by mistake (a duplicate, the wrong household). It is marked removed with
the reason, never deleted: it stays in the history and in the letters already issued to it,
and leaves the workflow's conditions (consent of every party, signatures), letters to every
party and the absence rule. `party list` still shows it, marked.

examples:
  mediation party remove 2026-0001 4 --reason "같은 당사자를 두 번 등록함"
"""


ROLE_HELP = ("role: applicant, respondent, agency, department, resident_group, stakeholder, "
             "group, expert, observer (or its Korean title)")

def register(sub: Any, common: argparse.ArgumentParser) -> None:
    party = sub.add_parser("party", help="parties of a case")
    s = party.add_subparsers(dest="party_command", metavar="COMMAND", required=True)
    p = s.add_parser("add", parents=[common_options(with_lang=False)], formatter_class=RAW,
                     help="add a party (prints its id)", description=ADD_HELP)
    p.add_argument("number", help="case number, e.g. 2026-0001")
    p.add_argument("--name", required=True, help="the party's name: a person, a group or an office")
    p.add_argument("--role", required=True, help=ROLE_HELP)
    p.add_argument("--organization", help="organisation the party belongs to")
    p.add_argument("--representative", action="store_true",
                   help="a representative party (대표당사자, decree art. 17)")
    p.add_argument("--email", help="e-mail address (letters and notices go there)")
    p.add_argument("--phone", help="phone number")
    p.add_argument("--address", help="postal address for letters")
    p.add_argument("--lang", dest="party_lang", choices=("ko", "en"), default="ko",
                   help="language of this party's letters (default ko)")
    p.set_defaults(handler=cmd_add)
    p = s.add_parser("list", parents=[common], formatter_class=RAW,
                     help="list a case's parties",
                     description="A case's parties: id, name, role, contact, consent to "
                                 "mediation and to open meetings.\n\nexamples:\n"
                                 "  mediation party list 2026-0001\n"
                                 "  mediation party list 2026-0001 --json")
    p.add_argument("number", help="case number, e.g. 2026-0001")
    p.set_defaults(handler=cmd_list)
    p = s.add_parser("consent", parents=[common], formatter_class=RAW,
                     help="record consent to mediation", description=CONSENT_HELP)
    p.add_argument("number", help="case number, e.g. 2026-0001")
    p.add_argument("party_id", type=int, help="the party's id (party list)")
    p.add_argument("--declined", action="store_true", help="the party declines mediation")
    p.set_defaults(handler=cmd_consent)
    p = s.add_parser("open-consent", parents=[common], formatter_class=RAW,
                     help="record consent to open meetings", description=OPEN_CONSENT_HELP)
    p.add_argument("number", help="case number, e.g. 2026-0001")
    p.add_argument("party_id", type=int, help="the party's id (party list)")
    p.add_argument("--withdraw", action="store_true", help="withdraw the consent given")
    p.set_defaults(handler=cmd_open_consent)
    p = s.add_parser("update", parents=[common_options(with_lang=False)], formatter_class=RAW,
                     help="correct a party's details", description=UPDATE_HELP)
    p.add_argument("number", help="case number, e.g. 2026-0001")
    p.add_argument("party_id", type=int, help="the party's id (party list)")
    p.add_argument("--name", help="the party's name as it should read")
    p.add_argument("--role", help=ROLE_HELP)
    p.add_argument("--organization", help="organisation ('' clears it)")
    rep = p.add_mutually_exclusive_group()
    rep.add_argument("--representative", dest="representative", action="store_true",
                     default=None, help="a representative party (대표당사자, decree art. 17)")
    rep.add_argument("--not-representative", dest="representative", action="store_false",
                     help="no longer a representative party")
    p.add_argument("--email", help="e-mail address ('' clears it: letters go by post)")
    p.add_argument("--phone", help="phone number ('' clears it)")
    p.add_argument("--address", help="postal address for letters ('' clears it)")
    p.add_argument("--lang", dest="party_lang", choices=("ko", "en"),
                   help="language of this party's letters")
    p.set_defaults(handler=cmd_update)
    p = s.add_parser("remove", parents=[common], formatter_class=RAW,
                     help="remove a party added by mistake", description=REMOVE_HELP)
    p.add_argument("number", help="case number, e.g. 2026-0001")
    p.add_argument("party_id", type=int, help="the party's id (party list)")
    p.add_argument("--reason", required=True, help="why (kept in the audit trail)")
    p.set_defaults(handler=cmd_remove)


def closed_line(ctx: Ctx, ids: tuple[int, ...]) -> str:
    """What a party change did to the case's public council meetings."""
    shown = ", ".join(f"#{i}" for i in ids)
    return ctx.pick(f"공개로 예정된 회의 {shown}을(를) 비공개로 바꾸었습니다: 모든 당사자의 "
                    "공개 동의가 없습니다(「공공기관의 갈등 예방과 해결에 관한 규정」 제22조).",
                    f"Scheduled public meetings {shown} are now closed: not every party agrees "
                    "to open meetings (decree art. 22).")


def cmd_add(ctx: Ctx, args: argparse.Namespace) -> int:
    from mediation.core import validate
    from mediation.parties.commands import PartyFields

    fields = PartyFields(name=args.name, role=args.role, organization=args.organization,
                         representative=args.representative, email=args.email,
                         phone=args.phone, address=args.address, lang=args.party_lang)
    result = ctx.app.parties.add_party_result(ctx.actor(), validate.case_number(args.number),
                                              fields)
    if ctx.json:
        ctx.emit({**to_jsonable(result.party), "closed_meetings": list(result.closed_meetings)})
    else:
        print(result.party.id)
    if result.closed_meetings:
        ctx.warn(closed_line(ctx, result.closed_meetings))
    return 0


def cmd_list(ctx: Ctx, args: argparse.Namespace) -> int:
    from mediation.core import validate

    views = ctx.app.parties.list_parties(ctx.actor(), validate.case_number(args.number),
                                         removed=True)
    if ctx.json:
        ctx.emit(views)
        return 0
    if not views:
        ctx.say(t("no_parties", ctx.lang))
    for v in views:
        ctx.say(party_line(v, ctx.lang))
    return 0


def _party_id(number: str, party_id: int) -> int:
    from mediation.core.errors import NotFound

    if not 0 < party_id <= MAX_ID:  # beyond the id column: no such party
        raise NotFound(kind="party", key=f"{number}/{party_id}")
    return party_id


def cmd_update(ctx: Ctx, args: argparse.Namespace) -> int:
    from mediation.core import validate
    from mediation.parties.commands import PartyChanges

    number = validate.case_number(args.number)
    changes = PartyChanges(name=args.name, role=args.role, organization=args.organization,
                           representative=args.representative, email=args.email,
                           phone=args.phone, address=args.address, lang=args.party_lang)
    view = ctx.app.parties.update_party(ctx.actor(), number, _party_id(number, args.party_id),
                                        changes)
    if ctx.json:
        ctx.emit(view)
    else:
        ctx.say(f"{ctx.pick('당사자 정보를 고쳤습니다', 'Party corrected')}: "
                f"{party_line(view, ctx.lang)}")
    return 0


def cmd_remove(ctx: Ctx, args: argparse.Namespace) -> int:
    from mediation.core import validate

    number = validate.case_number(args.number)
    reason = validate.text(args.reason, "reason", max_len=2000)
    view = ctx.app.parties.remove_party(ctx.actor(), number, _party_id(number, args.party_id),
                                        reason)
    if ctx.json:
        ctx.emit(view)
    else:
        ctx.say(f"{ctx.pick('당사자를 제외했습니다', 'Party removed')}: {party_line(view, ctx.lang)}")
    return 0


def cmd_consent(ctx: Ctx, args: argparse.Namespace) -> int:
    from mediation.core import validate
    from mediation.core.errors import NotFound

    number = validate.case_number(args.number)
    if not 0 < args.party_id <= MAX_ID:  # beyond the id column: no such party
        raise NotFound(kind="party", key=f"{number}/{args.party_id}")
    view = ctx.app.parties.consent(ctx.actor(), number, args.party_id, declined=args.declined)
    if ctx.json:
        ctx.emit(view)
    else:
        ctx.say(f"{t('consent_recorded', ctx.lang)}: {party_line(view, ctx.lang)}")
    return 0


def cmd_open_consent(ctx: Ctx, args: argparse.Namespace) -> int:
    from mediation.core import validate
    from mediation.core.errors import NotFound

    number = validate.case_number(args.number)
    if not 0 < args.party_id <= MAX_ID:  # beyond the id column: no such party
        raise NotFound(kind="party", key=f"{number}/{args.party_id}")
    result = ctx.app.parties.open_consent(ctx.actor(), number, args.party_id,
                                          withdraw=args.withdraw)
    if ctx.json:
        ctx.emit({**to_jsonable(result.party), "closed_meetings": list(result.closed_meetings)})
        return 0
    done = (ctx.pick("회의 공개 동의를 철회했습니다", "Consent to open meetings withdrawn")
            if args.withdraw else
            ctx.pick("회의 공개 동의를 기록했습니다", "Consent to open meetings recorded"))
    ctx.say(f"{done}: {party_line(result.party, ctx.lang)}")
    if result.closed_meetings:
        ctx.say(closed_line(ctx, result.closed_meetings))
    return 0
