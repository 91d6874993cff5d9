"""``mediation workflow list | show | validate | diagram`` (no database needed)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mediation.core.errors import NotFound

if TYPE_CHECKING:
    from mediation.workflow.definitions import TransitionDef, WorkflowDef

from .context import Ctx
from .text import t


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    wf = sub.add_parser("workflow", help="inspect and validate workflow definitions")
    s = wf.add_subparsers(dest="workflow_command", metavar="COMMAND", required=True)
    s.add_parser("list", parents=[common], help="the installed workflows").set_defaults(
        handler=cmd_list)
    p = s.add_parser("show", parents=[common], help="states and transitions of a workflow")
    p.add_argument("name")
    p.set_defaults(handler=cmd_show)
    p = s.add_parser("validate", parents=[common], help="check a workflow file",
                     description="Load FILE with every check (strict keys, known guards and "
                                 "roles, reachable states, every state can end). Exit 2 with "
                                 "the file and key path of the first problem.")
    p.add_argument("file", type=Path)
    p.set_defaults(handler=cmd_validate)
    p = s.add_parser("diagram", parents=[common], help="Mermaid state diagram of a workflow")
    p.add_argument("name")
    p.set_defaults(handler=cmd_diagram)


def _workflows(ctx: Ctx) -> dict[str, WorkflowDef]:
    from mediation.workflow.loader import load_directory

    return load_directory(ctx.settings.workflows_dir)


def _one(ctx: Ctx, name: str) -> WorkflowDef:
    found = _workflows(ctx)
    if name not in found:
        raise NotFound(kind="workflow", key=name)
    return found[name]


def cmd_list(ctx: Ctx, args: argparse.Namespace) -> int:
    found = _workflows(ctx)
    if ctx.json:
        ctx.emit([{"name": w.name, "version": w.version, "title": w.title, "file": w.source}
                  for w in found.values()])
        return 0
    for w in found.values():
        ctx.say(f"{w.name:<20} v{w.version}  {w.title.get(ctx.lang)}  ({w.source})")
    return 0


def cmd_show(ctx: Ctx, args: argparse.Namespace) -> int:
    w = _one(ctx, args.name)
    if ctx.json:
        ctx.emit(w)
        return 0
    ctx.say(f"{w.name} v{w.version} — {w.title.get(ctx.lang)}")
    for s in w.states:
        kind = (ctx.pick(" (시작)", " (initial)") if s.initial
                else ctx.pick(" (종결)", " (final)") if s.final else "")
        ctx.say(f"  {s.title.get(ctx.lang)} ({s.name}){kind}")
        for tr in w.transitions_from(s.name):
            ctx.say(f"      {transition_line(w, tr, ctx.lang)}")
    rule = w.meetings.absences
    if rule is not None:
        then = (ctx.pick(f"시스템이 '{rule.trigger}' 실행(철회 간주)",
                         f"the system fires '{rule.trigger}' (deemed withdrawal)")
                if rule.action == "withdraw" else
                ctx.pick("갈등조정관·갈등조정담당관에게 알림", "e-mail the mediator and supervisor"))
        ctx.say(ctx.pick(f"  회의 불출석: 신청인의 정당한 사유 없는 불출석 {rule.limit}회 → {then}",
                         f"  Meeting absences: {rule.limit} unexcused absences of the "
                         f"applicant → {then}"))
        ctx.say(f"      {ctx.pick('근거', 'basis')}: {rule.basis_in(ctx.lang)}")
    return 0


def transition_line(w: WorkflowDef, tr: TransitionDef, lang: str) -> str:
    """A transition by its titles; the trigger's name (what ``case advance`` takes) and
    the guards' names in parentheses."""
    from mediation.core.vocabulary import USER_ROLES, title
    from mediation.workflow.guards import REGISTRY

    en = lang == "en"
    extra = []
    if tr.guards:
        extra.append(("conditions: " if en else "조건: ") + ", ".join(
            REGISTRY[g].requirement.get(lang) if g in REGISTRY else g for g in tr.guards))
    if tr.note_required:
        extra.append(t("note_required", lang))
    extra.append(("roles: " if en else "실행: ") + ", ".join(
        "system" if r == "system" and en else "시스템" if r == "system"
        else title(USER_ROLES, r, lang) for r in tr.roles))
    return (f"{tr.title.get(lang)} ({tr.trigger}) → {w.state(tr.dest).title.get(lang)}  "
            f"[{'; '.join(extra)}]")


def cmd_validate(ctx: Ctx, args: argparse.Namespace) -> int:
    from mediation.workflow.loader import load_file

    w = load_file(args.file)
    if ctx.json:
        ctx.emit({"valid": True, "name": w.name, "version": w.version,
                  "states": len(w.states), "transitions": len(w.transitions)})
    else:
        ctx.say(f"{args.file}: {t('valid', ctx.lang)} ({w.name} v{w.version}, "
                + ctx.pick(f"상태 {len(w.states)}개, 전이 {len(w.transitions)}개)",
                           f"{len(w.states)} states, {len(w.transitions)} transitions)"))
    return 0


def cmd_diagram(ctx: Ctx, args: argparse.Namespace) -> int:
    from mediation.workflow.diagram import mermaid

    w = _one(ctx, args.name)
    text = mermaid(w, ctx.lang)
    if ctx.json:
        ctx.emit({"name": w.name, "mermaid": text})
    else:
        print(text)
    return 0
