"""``mediation init`` and ``mediation audit verify``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .context import Ctx, os_login
from .text import count_en, t


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("init", parents=[common], help="create or upgrade the database",
                       description="Create the database schema or upgrade it to the newest "
                                   "revision; safe to run again. With no users yet, creates the "
                                   "first admin: the OS login, mapped to it. An office's database "
                                   "runs on the system clock and each person acts as their OS "
                                   "login (an admin may act for another user with --as). With "
                                   "--simulation (a new database only: the demo, tests, "
                                   "training) MEDIATION_NOW sets the clock and --as or "
                                   "MEDIATION_USER acts as any user; the first admin is then "
                                   "named after --as/MEDIATION_USER or the OS login.")
    p.add_argument("--email", help="e-mail address of the first admin (escalations reach admins)")
    p.add_argument("--simulation", action="store_true",
                   help="make a new database a simulation (demo, tests, training); an office's "
                        "database never becomes one")
    p.set_defaults(handler=cmd_init, initialising=True)

    audit = sub.add_parser("audit", help="verify the audit trail")
    audit_sub = audit.add_subparsers(dest="audit_command", metavar="COMMAND", required=True)
    v = audit_sub.add_parser("verify", parents=[common], help="recompute hash chains",
                             description="Recompute every case's SHA-256 event chain (or one "
                                         "case's) and name the first broken event. Exits 4 if "
                                         "any chain is broken.")
    v.add_argument("number", nargs="?", help="case number, e.g. 2026-0001 (default: all)")
    v.add_argument("--anchor", metavar="FILE|LINE",
                   help="also check that the database still passes through the heads an anchor "
                        "recorded (a file written by 'audit anchor --out', or the line itself, "
                        "e.g. from the supervisors' daily e-mail)")
    v.add_argument("--file", type=Path, metavar="FILE.zip",
                   help="verify an exported case file offline instead (`case export`): every "
                        "file against the manifest, the events' chain; no database needed")
    v.set_defaults(handler=cmd_verify)
    a = audit_sub.add_parser("anchor", parents=[common], help="print the database's anchor line",
                             description="Print one line that pins every case's and the users' "
                                         "audit chain as they stand now. Keep it outside the "
                                         "database (a file on another machine, a printed "
                                         "register); 'audit verify --anchor' later shows a "
                                         "case deleted or a chain rewritten before that moment.")
    a.add_argument("--out", metavar="FILE", help="append the line to FILE as well")
    a.set_defaults(handler=cmd_anchor)


def cmd_init(ctx: Ctx, args: argparse.Namespace) -> int:
    from mediation.core import validate
    from mediation.storage import migrate

    if args.email:
        validate.email(args.email)  # refuse before anything is created
    if not args.simulation and not _simulation_already(ctx):
        _refuse_simulation_settings(ctx)
    before, after = migrate.upgrade(ctx.app.db)
    simulation = ctx.app.users.install(simulation=args.simulation)
    login = validate.utf8(os_login(), "OS login")
    admin = (ctx.app.users.ensure_admin(ctx.requested_user() or login, args.email)
             if simulation else ctx.app.users.ensure_admin(login, args.email, os_login=login))
    key = "init_current" if before == after else ("init_created" if before is None
                                                   else "init_upgraded")
    if ctx.json:
        ctx.emit({"database": ctx.app.db.display_url, "revision_before": before,
                  "revision": after, "admin_created": admin, "simulation": simulation})
        return 0
    ctx.say(f"{t(key, ctx.lang)}: {ctx.app.db.display_url} (rev {after})")
    ctx.say(t("init_simulation" if simulation else "init_office", ctx.lang))
    if admin:
        ctx.say(f"{t('admin_created', ctx.lang)}: {admin}")
    return 0


def _simulation_already(ctx: Ctx) -> bool:
    """Whether the database exists and is already a simulation."""
    from mediation.core.errors import StorageError

    try:
        return ctx.app.users.is_simulation()
    except StorageError:
        return False


def _refuse_simulation_settings(ctx: Ctx) -> None:
    """In an office's database the clock is the system's and the first admin the OS login."""
    from mediation.core.errors import SimulationOnly

    if ctx.settings.now is not None:
        raise SimulationOnly(setting="MEDIATION_NOW", instead="시스템 시계를 씁니다. MEDIATION_NOW를 "
                             "지우거나 새 데이터베이스에 --simulation을 주세요.",
                             instead_en="the system clock is used: unset MEDIATION_NOW, or give "
                                        "--simulation for a new database.")
    requested = ctx.requested_user()
    if requested is not None and requested != os_login().lower():
        raise SimulationOnly(setting="--as / MEDIATION_USER",
                             instead="첫 관리자는 OS 로그인 계정으로 만들어집니다.",
                             instead_en="the first admin is the OS login.")


def _progress_bar() -> Callable[[int, int], None] | None:
    """A bar on the terminal (stderr) while the whole database is verified; nothing when
    stderr is not a terminal (a pipe, a log, a test)."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        filled = 30 * done // max(total, 1)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done:,}/{total:,}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show


def cmd_verify(ctx: Ctx, args: argparse.Namespace) -> int:
    from mediation.core import validate

    if args.file is not None:
        return _verify_file(ctx, args.file)
    actor = ctx.actor()
    number = validate.case_number(args.number) if args.number else None
    anchored = (ctx.app.reading.check_anchor(actor, _anchor_text(args.anchor)) if args.anchor
                else None)
    results = ctx.app.reading.verify(actor, number, progress=_progress_bar())
    broken = [r for r in results if not r.ok]
    if ctx.json:
        ctx.emit({"ok": not broken and (anchored is None or anchored.ok), "cases": results,
                  "anchor": anchored})
    else:
        for r in results:
            name = ctx.pick("사용자 이력", "users' trail") if r.number == "~users" else r.number
            if r.ok:
                ctx.say(f"{name}: {t('audit_ok', ctx.lang)} ({r.events} {t('events_n', ctx.lang)})")
            else:
                reason = r.reason_en if ctx.lang == "en" else r.reason_ko
                ctx.say(f"{name}: {t('audit_broken', ctx.lang)} — #{r.broken_seq}: {reason}")
        if anchored is not None:
            ctx.say(_anchor_line(ctx, anchored))
    return 4 if broken or (anchored is not None and not anchored.ok) else 0


def _verify_file(ctx: Ctx, path: Path) -> int:
    from mediation.export.verify import verify_file

    check = verify_file(path)
    if ctx.json:
        ctx.emit(check)
    elif check.ok:
        scope = "" if check.chain_checked else ctx.pick(
            " — 가림 처리본: 이벤트 내용은 가려져 해시를 다시 계산할 수 없어 순번과 마지막 해시만 확인",
            " — redacted: the events' content is masked, so only their order and head were checked")
        counts = ctx.pick(f"파일 {check.files}개, 기록 {check.events}건",
                          f"{count_en(check.files, 'file')}, {count_en(check.events, 'event')}")
        ctx.say(f"{path}: {t('audit_ok', ctx.lang)} ({check.number}, {counts}){scope}")
    else:
        reason = check.reason_en if ctx.lang == "en" else check.reason_ko
        ctx.say(f"{path}: {t('audit_broken', ctx.lang)} — {check.broken_item}: {reason}")
    return 0 if check.ok else 4


def _anchor_text(value: str) -> str:
    """The anchor line given, or the last anchor line of the file named."""
    from pathlib import Path

    from mediation.core.audit import ANCHOR_PREFIX
    from mediation.core.errors import BadInput

    if value.startswith(ANCHOR_PREFIX):
        return value
    from mediation.core.files import FileRefused, read_limited

    try:
        data = read_limited(Path(value), 10_000_000)
    except FileRefused as exc:
        raise BadInput(field="anchor", reason_ko=f"기준점 줄도, 기준점이 든 파일도 아닙니다: {exc.reason_ko}",
                                       reason_en="neither an anchor line nor a file of anchors: "
                                                 f"{exc.reason}") from exc
    lines = [line for line in data.decode("utf-8", errors="replace").splitlines()
             if line.startswith(ANCHOR_PREFIX)]
    if not lines:
        raise BadInput(field="anchor", reason_ko=f"'{value[:80]}'에 기준점 줄이 없습니다",
                                       reason_en=f"'{value[:80]}' holds no anchor line")
    return lines[-1]


def _anchor_line(ctx: Ctx, check: Any) -> str:
    from mediation.core.formats import kdatetime

    when = kdatetime(check.at, ctx.lang)
    if check.ok:
        return ctx.pick(f"기준점({when}, 기록 {check.chains}개): 일치",
                        f"anchor ({when}, {check.chains} chains): matches")
    if check.access_pruned_at is not None:
        pruned = kdatetime(check.access_pruned_at, ctx.lang)
        return ctx.pick(f"기준점({when}): 확인할 수 없음 — 기준점 이후 {pruned}까지의 접속기록이 보관 "
                        "기간 경과로 정리(privacy prune)되었습니다",
                        f"anchor ({when}): cannot be checked — the access records up to "
                        f"{pruned}, after it, were pruned past their retention (privacy prune)")
    return ctx.pick(f"기준점({when}): 불일치 — 기준점 이전의 기록이 삭제되었거나 다시 계산되었습니다 "
                    f"(기준점 {check.chains}개, 현재 {check.found}개)",
                    f"anchor ({when}): does NOT match — records before it were deleted or "
                    f"rewritten ({check.chains} chains then, {check.found} now)")


def cmd_anchor(ctx: Ctx, args: argparse.Namespace) -> int:
    line = ctx.app.reading.anchor(ctx.actor())
    if args.out:
        from pathlib import Path

        with Path(args.out).open("a", encoding="utf-8") as out:
            out.write(line + "\n")
    if ctx.json:
        ctx.emit({"anchor": line})
    else:
        ctx.say(line)
    return 0
