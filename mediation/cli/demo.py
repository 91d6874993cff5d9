"""``mediation demo``: a fictional case walked through the workflow."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from mediation.core import vocabulary as voc

from .context import Ctx


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("demo", parents=[common], help="walk a fictional case through the workflow",
                       description="Create a fresh SQLite database in DIR (default ./mediation-demo), "
                                   "fictional users and a fictional Seoul public-conflict case, and "
                                   "walk it through the workflow with time moving forward. Start time: "
                                   "MEDIATION_NOW, else now.")
    p.add_argument("--dir", type=Path, default=Path("mediation-demo"),
                   help="folder of the demo database (recreated if it holds an earlier demo)")
    p.set_defaults(handler=cmd_demo)


def cmd_demo(ctx: Ctx, args: argparse.Namespace) -> int:
    from mediation.core.clock import SystemClock
    from mediation.demo.walk import run_demo

    start = ctx.settings.now or SystemClock().now()
    result = run_demo(args.dir.resolve(), start=start, lang=ctx.lang, say=ctx.say)
    if ctx.json:
        ctx.emit(result)
        return 0
    db = str(result.database)
    prog = sys.argv[0] if Path(sys.argv[0]).name == "mediation" else "mediation"
    ctx.say("")
    ctx.say(ctx.pick(
        f"사건 {result.number}: 현재 상태 {result.state_title.ko}, 기록 {result.events}건, "
        f"감사 기록 {'정상' if result.audit_ok else '손상'}.",
        f"Case {result.number}: now {result.state_title.en}, {result.events} events, "
        f"audit trail {'intact' if result.audit_ok else 'BROKEN'}."))
    if result.follow_up is not None:
        f = result.follow_up
        outcome = (("-", "-") if result.outcome is None else
                   (voc.title(voc.OUTCOMES, result.outcome, "ko"),
                    voc.title(voc.OUTCOMES, result.outcome, "en")))
        ctx.say(ctx.pick(
            f"조정 결과: {outcome[0]} (쟁점 합의 {f.issues_agreed}건, 미합의 {f.issues_unresolved}건), "
            f"이행 항목 {f.commitments}건 점검, 이행점검 중 알림·독촉 메일 {f.reminders_sent}건.",
            f"Outcome: {outcome[1]} ({f.issues_agreed} issues agreed, {f.issues_unresolved} "
            f"unresolved), {f.commitments} commitments checked, {f.reminders_sent} reminder "
            "and escalation e-mails during implementation."))
    ctx.say(ctx.pick(f"작성된 문서 {len(result.documents)}건:",
                     f"{len(result.documents)} documents written:"))
    for line in result.documents:
        ctx.say(f"  {line}")
    ctx.say(ctx.pick(f"보낸 메일함(outbox) {len(result.outbox)}건:",
                     f"{len(result.outbox)} e-mails in the outbox:"))
    for path in result.outbox:
        ctx.say(f"  {path}")
    ctx.say(ctx.pick("더 살펴보기:", "Look further:"))
    for command in ("case show", "agreement show", "commitment list", "case history",
                    "letter list"):
        ctx.say(f"  MEDIATION_DATABASE_URL=sqlite:///{db} {prog} {command} {result.number} "
                "--as demo-admin")
    ctx.say(ctx.pick("웹 콘솔 (결재·사건·통계·회의 일정):", "The web console (approvals, cases, statistics, "
                     "calendar):"))
    ctx.say(f"  MEDIATION_DATABASE_URL=sqlite:///{db} MEDIATION_HOME={result.folder} {prog} web")
    ctx.say(ctx.pick("  http://127.0.0.1:8000/ 에서 아래 일회용 비밀번호로 로그인하고, 처음 로그인할 때 "
                     "새 비밀번호로 바꾸세요:",
                     "  Sign in at http://127.0.0.1:8000/ with a one-time password below; the "
                     "console asks for a new password at the first sign-in:"))
    for username, name, password in result.sign_ins:
        ctx.say(f"    {username}  {password}  ({name})")
    return 0 if result.audit_ok else 1
