"""``mediation scheduler run``: the reminder daemon (APScheduler, Asia/Seoul)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Collection
from typing import Any

from .context import Ctx


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    sch = sub.add_parser("scheduler", help="the reminder daemon")
    s = sch.add_subparsers(dest="scheduler_command", metavar="COMMAND", required=True)
    p = s.add_parser("run", parents=[common], help="send reminders as they fall due",
                     description="Run until stopped (SIGTERM, Ctrl-C): a sweep every "
                                 "MEDIATION_SWEEP_SECONDS (default 30) sends due reminders and "
                                 "escalations; 09:00 on working days, a digest to each "
                                 "supervisor; the first working day of each month, the review "
                                 "reminder; hourly, the dormancy check. At start, everything "
                                 "that fell due while no scheduler ran is done once (late "
                                 "reminders are marked late). Several schedulers may run at "
                                 "once: each reminder is claimed before it is sent.")
    p.add_argument("--sweep-seconds", type=float, help="override MEDIATION_SWEEP_SECONDS")
    p.add_argument("--sweeps", type=int, help="stop after this many wake-ups (tests)")
    p.add_argument("--quiet", action="store_true", help="print only errors")
    p.set_defaults(handler=cmd_run)


def cmd_run(ctx: Ctx, args: argparse.Namespace) -> int:
    from mediation.core import validate
    from mediation.core.errors import MediationError
    from mediation.reminders.scheduler import Daemon

    from .reminders import report_text

    ctx.actor()  # unattended, but run by a known, active user (the system acts for them)
    seconds = (ctx.settings.reminders.sweep_seconds if args.sweep_seconds is None
               else args.sweep_seconds)
    if not 0.001 <= seconds <= 86400:
        from mediation.core.errors import BadInput

        raise BadInput(field="sweep-seconds", reason_ko=f"{seconds}은(는) 허용 범위(0.001–86400)를 "
                                                        "벗어납니다",
                                              reason_en=f"{seconds} is out of range (0.001–86400)")
    sweeps = validate.non_negative(args.sweeps, "sweeps", maximum=10**9) if args.sweeps else None

    def report(jobs: Collection[str], result: Any) -> None:
        if not args.quiet and not ctx.json and any(_counts(result)):
            ctx.say(f"[{','.join(sorted(jobs))}] {report_text(result, ctx.lang)}")
            sys.stdout.flush()

    def error(exc: MediationError) -> None:
        ctx.warn(f"mediation scheduler: {exc.message(ctx.lang)}")

    daemon = Daemon(ctx.app.reminders.run_due, sweep_seconds=seconds, max_sweeps=sweeps, report=report,
                    error=error)
    done = daemon.start()
    if ctx.json:
        ctx.emit({"sweeps": done})
    return 0


def _counts(result: Any) -> list[int]:
    from dataclasses import fields

    return [getattr(result, f.name) for f in fields(result)]
