"""``mediation issue …``, ``mediation agreement …`` and ``mediation commitment …``: issues
in dispute, the agreement with its signatures, and the commitments it creates."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from . import paging
from .context import Ctx

if TYPE_CHECKING:
    from mediation.views.agreement import AgreementView, CommitmentView, IssueView, ItemChange, ItemView

MAX_ID = 2**31 - 1  # the largest value of an integer id column on every backend


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    _register_issue(sub, common)
    _register_agreement(sub, common)
    _register_commitment(sub, common)


def _register_issue(sub: Any, common: argparse.ArgumentParser) -> None:
    issue = sub.add_parser("issue", help="issues in dispute (쟁점)")
    s = issue.add_subparsers(dest="issue_command", metavar="COMMAND", required=True)
    p = s.add_parser("add", parents=[common], help="record an issue in dispute (prints its id)")
    p.add_argument("number", help="case number, e.g. 2026-0001")
    p.add_argument("text")
    p.set_defaults(handler=cmd_issue_add)
    p = s.add_parser("list", parents=[common], help="list a case's issues")
    p.add_argument("number", help="case number, e.g. 2026-0001")
    p.set_defaults(handler=cmd_issue_list)
    p = s.add_parser("settle", parents=[common], help="settle an issue as agreed or unresolved")
    p.add_argument("number", help="case number, e.g. 2026-0001")
    p.add_argument("issue_id", type=int, help="issue number (issue list)")
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--agreed", dest="outcome", action="store_const", const="agreed")
    g.add_argument("--unresolved", dest="outcome", action="store_const", const="unresolved")
    p.set_defaults(handler=cmd_issue_settle)
    p = s.add_parser("update", parents=[common], help="correct an issue's wording",
                     description="Correct the wording of an issue in dispute. The history keeps "
                                 "the old and the new text; the agreement lists its issues, so "
                                 "signatures given so far become void.")
    p.add_argument("number", help="case number, e.g. 2026-0001")
    p.add_argument("issue_id", type=int, help="issue number (issue list)")
    p.add_argument("--text", required=True, help="the corrected wording")
    p.set_defaults(handler=cmd_issue_update)
    p = s.add_parser("remove", parents=[common], help="remove an issue recorded by mistake",
                     description="Remove an issue recorded by mistake (twice, on the wrong "
                                 "case). The history keeps its text and the reason; signatures "
                                 "given so far become void.")
    p.add_argument("number", help="case number, e.g. 2026-0001")
    p.add_argument("issue_id", type=int, help="issue number (issue list)")
    p.add_argument("--reason", required=True, help="why (kept in the audit trail)")
    p.set_defaults(handler=cmd_issue_remove)


def _item_options(p: argparse.ArgumentParser, *, required: bool) -> None:
    p.add_argument("--text", required=required)
    p.add_argument("--owner", type=int, required=required, metavar="PARTY_ID",
                   help="the party that implements the item")
    p.add_argument("--due", required=required, metavar="DATE", help="due date, e.g. 2027-03-31")
    p.add_argument("--check", dest="check_method", metavar="METHOD",
                   help="how completion is checked")
    p.add_argument("--cost-share", metavar="TEXT", help="who bears the cost")


def _register_agreement(sub: Any, common: argparse.ArgumentParser) -> None:
    agreement = sub.add_parser("agreement", help="the agreement (협의결과문/합의서)")
    s = agreement.add_subparsers(dest="agreement_command", metavar="COMMAND", required=True)
    item = s.add_parser("item", help="items of the agreement")
    si = item.add_subparsers(dest="item_command", metavar="COMMAND", required=True)
    p = si.add_parser("add", parents=[common], help="add an item (prints its id)")
    p.add_argument("number", help="case number, e.g. 2026-0001")
    _item_options(p, required=True)
    p.set_defaults(handler=cmd_item_add)
    p = si.add_parser("edit", parents=[common],
                      help="change an item (voids the signatures given so far)")
    p.add_argument("number", help="case number, e.g. 2026-0001")
    p.add_argument("item_id", type=int)
    _item_options(p, required=False)
    p.set_defaults(handler=cmd_item_edit)
    p = si.add_parser("remove", parents=[common],
                      help="remove an item (voids the signatures given so far)")
    p.add_argument("number", help="case number, e.g. 2026-0001")
    p.add_argument("item_id", type=int)
    p.set_defaults(handler=cmd_item_remove)
    p = s.add_parser("show", parents=[common], help="items, issues, signatures")
    p.add_argument("number", help="case number, e.g. 2026-0001")
    p.set_defaults(handler=cmd_show)
    p = s.add_parser("sign", parents=[common], help="record a party's signature")
    p.add_argument("number", help="case number, e.g. 2026-0001")
    p.add_argument("party_id", type=int)
    p.set_defaults(handler=cmd_sign)
    p = s.add_parser("confirm", parents=[common],
                     help="record the mediating body's confirmation")
    p.add_argument("number", help="case number, e.g. 2026-0001")
    p.set_defaults(handler=cmd_confirm)


def _register_commitment(sub: Any, common: argparse.ArgumentParser) -> None:
    commitment = sub.add_parser("commitment", help="commitments of signed agreements (이행 항목)")
    s = commitment.add_subparsers(dest="commitment_command", metavar="COMMAND", required=True)
    p = s.add_parser("list", parents=[common], help="commitments of one case or of all",
                     description="The items of signed agreements with owner, due date and "
                                 "status: of every open case, or of one case (closed ones "
                                 "too). Overdue: past the due time of the item's deadline "
                                 "(the end of office hours on its date).")
    p.add_argument("number", nargs="?", help="case number (default: every open case)")
    p.add_argument("--overdue", action="store_true", help="only those past their due time")
    paging.add_options(p)
    p.set_defaults(handler=cmd_commitment_list)
    for name, option, outcome, text, what, example in (
            ("done", "--note", "done", "record a commitment as done",
             "what was checked, and how", "준공 검사 완료(현장 확인)"),
            ("waive", "--reason", "waived", "waive a commitment",
             "why the parties let it go", "공사 계획 취소로 불필요"),
            ("breach", "--note", "breached", "record a breach (consider `reopen`)",
             "what was not done", "기한 경과 후에도 미이행")):
        p = s.add_parser(name, parents=[common], help=text,
                         description=f"{text[0].upper()}{text[1:]}: closes the item's deadline "
                                     "and stays on the case's record. `complete` needs every "
                                     "commitment done or waived; a breach is e-mailed to the "
                                     "supervisor. Example: mediation commitment "
                                     f"{name} 2026-0001 3 {option} '{example}'")
        p.add_argument("number", help="case number")
        p.add_argument("item_id", type=int, help="the item's id (commitment list)")
        p.add_argument(option, dest="note", required=True, help=what)
        p.set_defaults(handler=cmd_commitment_settle, outcome=outcome)


# issues --------------------------------------------------------------------------------

def _number(args: argparse.Namespace) -> str:
    from mediation.core import validate

    return validate.case_number(args.number)


def _id(ctx: Ctx, kind: str, number: str, value: int) -> int:
    from mediation.core.errors import NotFound

    if not 0 < value <= MAX_ID:  # beyond the id column: no such row
        raise NotFound(kind=kind, key=f"{number}/{value}")
    return value


def issue_line(v: IssueView, ctx: Ctx) -> str:
    status = {"open": ctx.pick("미정", "open"), "agreed": ctx.pick("합의", "agreed"),
              "unresolved": ctx.pick("미합의", "unresolved")}[v.status]
    return f"{v.id}\t[{status}]\t{v.text}"


def cmd_issue_add(ctx: Ctx, args: argparse.Namespace) -> int:
    view = ctx.app.agreement.add_issue(ctx.actor(), _number(args), args.text)
    if ctx.json:
        ctx.emit(view)
    else:
        print(view.id)
    return 0


def cmd_issue_list(ctx: Ctx, args: argparse.Namespace) -> int:
    views = ctx.app.agreement.list_issues(ctx.actor(), _number(args))
    if ctx.json:
        ctx.emit(views)
        return 0
    if not views:
        ctx.say(ctx.pick("기록된 쟁점이 없습니다.", "No issues recorded."))
    for v in views:
        ctx.say(issue_line(v, ctx))
    return 0


def cmd_issue_settle(ctx: Ctx, args: argparse.Namespace) -> int:
    number = _number(args)
    issue_id = _id(ctx, "issue", number, args.issue_id)
    view = ctx.app.agreement.settle_issue(ctx.actor(), number, issue_id, args.outcome)
    if ctx.json:
        ctx.emit(view)
    else:
        ctx.say(issue_line(view, ctx))
    return 0


def cmd_issue_update(ctx: Ctx, args: argparse.Namespace) -> int:
    number = _number(args)
    change = ctx.app.agreement.update_issue(ctx.actor(), number,
                                            _id(ctx, "issue", number, args.issue_id), args.text)
    if ctx.json:
        ctx.emit(change)
        return 0
    assert change.issue is not None
    ctx.say(issue_line(change.issue, ctx))
    _say_voided(ctx, change.voided_signatures)
    return 0


def cmd_issue_remove(ctx: Ctx, args: argparse.Namespace) -> int:
    from mediation.core import validate

    number = _number(args)
    reason = validate.text(args.reason, "reason", max_len=2000)
    change = ctx.app.agreement.remove_issue(ctx.actor(), number,
                                            _id(ctx, "issue", number, args.issue_id), reason)
    if ctx.json:
        ctx.emit(change)
        return 0
    ctx.say(ctx.pick(f"쟁점 #{args.issue_id}을(를) 삭제했습니다 — {reason}",
                     f"Issue #{args.issue_id} removed — {reason}"))
    _say_voided(ctx, change.voided_signatures)
    return 0


# agreement -----------------------------------------------------------------------------

def _fields(args: argparse.Namespace) -> Any:
    from mediation.agreement.commands import ItemFields
    from mediation.core import validate

    return ItemFields(text=args.text, owner_party_id=args.owner,
                      due=None if args.due is None else validate.day(args.due, "due"),
                      check_method=args.check_method, cost_share=args.cost_share)


def item_line(v: ItemView, ctx: Ctx) -> str:
    from mediation.core.formats import kdate

    extra = "".join(f"; {label}: {value}" for label, value in (
        (ctx.pick("확인 방법", "check"), v.check_method),
        (ctx.pick("비용 분담", "cost share"), v.cost_share)) if value)
    from mediation.core.vocabulary import ITEM_STANDINGS, title

    status = title(ITEM_STANDINGS, v.standing, ctx.lang)
    return (f"{v.id}\t[{status}]\t{v.text} — {v.owner_name} ({v.owner_party_id}), "
            f"{ctx.pick('기한', 'due')} {kdate(v.due, ctx.lang)}{extra}")


def _say_change(ctx: Ctx, change: ItemChange, done_ko: str, done_en: str) -> None:
    if ctx.json:
        ctx.emit(change)
        return
    if change.item is not None:
        ctx.say(item_line(change.item, ctx))
    else:
        ctx.say(ctx.pick(done_ko, done_en))
    _say_voided(ctx, change.voided_signatures)


def _say_voided(ctx: Ctx, voided: int) -> None:
    if voided:
        ctx.say(ctx.pick(f"합의서가 바뀌어 서명 {voided}건이 무효가 되었습니다. 다시 서명을 받으세요.",
                         f"The agreement changed: {voided} signature(s) voided; collect them "
                         "again."))


def cmd_item_add(ctx: Ctx, args: argparse.Namespace) -> int:
    change = ctx.app.agreement.add_item(ctx.actor(), _number(args), _fields(args))
    if ctx.json or change.item is None:
        _say_change(ctx, change, "", "")
        return 0
    print(change.item.id)
    _say_voided(ctx, change.voided_signatures)
    return 0


def cmd_item_edit(ctx: Ctx, args: argparse.Namespace) -> int:
    number = _number(args)
    item_id = _id(ctx, "item", number, args.item_id)
    change = ctx.app.agreement.edit_item(ctx.actor(), number, item_id, _fields(args))
    _say_change(ctx, change, "", "")
    return 0


def cmd_item_remove(ctx: Ctx, args: argparse.Namespace) -> int:
    number = _number(args)
    item_id = _id(ctx, "item", number, args.item_id)
    change = ctx.app.agreement.remove_item(ctx.actor(), number, item_id)
    _say_change(ctx, change, f"합의 항목 {item_id}을(를) 삭제했습니다.",
                f"Agreement item {item_id} removed.")
    return 0


def _say_agreement(ctx: Ctx, v: AgreementView) -> None:
    from mediation.core.formats import kdatetime

    if ctx.json:
        ctx.emit(v)
        return
    state = v.state_title.get(ctx.lang) if v.state_title else v.state
    ctx.say(ctx.pick(f"사건 {v.number} 협의결과문 ({state})",
                     f"Agreement of case {v.number} ({state})"))
    ctx.say(ctx.pick("합의 항목:", "Items:"))
    for item in v.items:
        ctx.say("  " + item_line(item, ctx))
    for status, ko, en in (("agreed", "합의된 쟁점:", "Agreed issues:"),
                           ("unresolved", "미합의 쟁점:", "Unresolved issues:")):
        chosen = [i for i in v.issues if i.status == status]
        if chosen:
            ctx.say(ctx.pick(ko, en))
            for i in chosen:
                ctx.say(f"  {i.id}\t{i.text}")
    for s in v.signatures:
        ctx.say(ctx.pick("서명", "Signed") + f": {s.party_name} ({s.party_id}) "
                f"{kdatetime(s.signed_at, ctx.lang)}")
    for u in v.unsigned:
        ctx.say(ctx.pick("미서명", "Not signed") + f": {u.name} ({u.id})")
    if v.confirmed_at is not None:
        ctx.say(ctx.pick("확인", "Confirmed") + f": {v.confirmed_by} "
                f"{kdatetime(v.confirmed_at, ctx.lang)}")
    if v.partial:
        ctx.say(ctx.pick("부분 합의 (미합의 쟁점 있음)", "Partial agreement (unresolved issues)"))


def cmd_show(ctx: Ctx, args: argparse.Namespace) -> int:
    _say_agreement(ctx, ctx.app.agreement.show_agreement(ctx.actor(), _number(args)))
    return 0


def cmd_sign(ctx: Ctx, args: argparse.Namespace) -> int:
    number = _number(args)
    party_id = _id(ctx, "party", number, args.party_id)
    _say_agreement(ctx, ctx.app.agreement.sign_agreement(ctx.actor(), number, party_id))
    return 0


def cmd_confirm(ctx: Ctx, args: argparse.Namespace) -> int:
    _say_agreement(ctx, ctx.app.agreement.confirm_agreement(ctx.actor(), _number(args)))
    return 0


# commitments ---------------------------------------------------------------------------

def commitment_line(v: CommitmentView, ctx: Ctx) -> str:
    late = ctx.pick(" (기한 경과)", " (overdue)") if v.overdue and v.item.standing != "overdue" \
        else ""
    return f"{v.number}\t{item_line(v.item, ctx)}{late}"


def cmd_commitment_list(ctx: Ctx, args: argparse.Namespace) -> int:
    actor = ctx.actor()
    if args.number is None:  # every open case: a page at a time
        paging.show(ctx, ctx.app.agreement.commitment_page(
            actor, overdue=args.overdue, limit=args.limit, offset=args.offset),
            lambda v, lang: commitment_line(v, ctx), ctx.pick("이행 항목이 없습니다.", "No commitments."))
        return 0
    views = ctx.app.agreement.list_commitments(actor, _number(args), overdue=args.overdue)
    if ctx.json:
        ctx.emit(views)
        return 0
    if not views:
        ctx.say(ctx.pick("이행 항목이 없습니다.", "No commitments."))
    for v in views:
        ctx.say(commitment_line(v, ctx))
    return 0


def cmd_commitment_settle(ctx: Ctx, args: argparse.Namespace) -> int:
    number = _number(args)
    item_id = _id(ctx, "item", number, args.item_id)
    view = ctx.app.agreement.settle_commitment(ctx.actor(), number, item_id, args.outcome,
                                             args.note)
    if ctx.json:
        ctx.emit(view)
        return 0
    ctx.say(commitment_line(view, ctx))
    if view.suggestion:
        ctx.say(ctx.pick(f"불이행이 기록되었습니다. 조정을 재개하려면: mediation case advance "
                         f"{number} {view.suggestion} --note …",
                         f"Breach recorded. To reopen mediation: mediation case advance {number} "
                         f"{view.suggestion} --note …"))
    return 0
