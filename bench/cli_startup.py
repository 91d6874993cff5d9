"""Start-up cost of the command line: wall time and peak memory of real subprocesses.

Measures, each as the median of repeated runs (interleaved, after two warm-up runs):

- ``mediation case show NUMBER`` on a SQLite database prepared here (a case with parties
  and a dozen events), against the floor ``python -c "import sqlmodel"``: wall time at
  most 1.3 times the floor's (the median of the ratios of each run to the floor run just
  before it), peak memory (max RSS of the child, from ``os.wait4``) at most 1.5 times the
  floor's;
- ``mediation --help``: under 0.25 s, and it must not import SQLAlchemy or SQLModel.

    .venv/bin/python bench/cli_startup.py            # 15 runs each, about 40 s
    .venv/bin/python bench/cli_startup.py --quick    # 5 runs each

Exit status 1 when a target is missed. Touches only a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchkit import ROOT, WORKFLOWS, Verdicts, compile_package, median

SHOW_TIME_RATIO = 1.3
SHOW_MEMORY_RATIO = 1.5
HELP_SECONDS = 0.25
HEAVY = ("alembic", "weasyprint", "apscheduler", "jinja2", "transitions.extensions.diagrams",
         "aiosmtpd", "mediation.cases.moves")


@dataclass(frozen=True)
class Run:
    seconds: float
    max_rss_kib: int


def run_once(argv: list[str], env: dict[str, str]) -> Run:
    """Run ``argv`` to completion; its wall time and the child's own peak RSS."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}): "
                             f"{err.read().decode(errors='replace')[-2000:]}")
    return Run(seconds=seconds, max_rss_kib=usage.ru_maxrss)  # KiB on Linux


def mediation_command() -> list[str]:
    """The installed console script next to this interpreter, else ``run.py``."""
    script = Path(sys.executable).parent / "mediation"
    return [str(script)] if script.exists() else [sys.executable, str(ROOT / "run.py")]


def prepare(home: Path) -> str:
    """A SQLite database with users and one case that has parties and events (in a child
    process: see ``environment``)."""
    from mediation.app import build_app
    from mediation.cases.commands import CaseFields
    from mediation.config import Settings
    from mediation.parties.commands import PartyFields
    from mediation.storage import migrate

    app = build_app(Settings.from_env({
        "MEDIATION_HOME": str(home), "MEDIATION_DATABASE_URL": f"sqlite:///{home / 'mediation.db'}",
        "MEDIATION_WORKFLOWS_DIR": str(WORKFLOWS), "MEDIATION_DOCUMENT_FORMAT": "txt"}))
    try:
        migrate.upgrade(app.db)
        app.users.install(simulation=True)  # the runs act as kim (MEDIATION_USER)
        app.users.ensure_admin("admin")
        admin = app.users.actor("admin")
        app.users.add_user(admin, "kim", "김조정", "kim@example.org", "mediator")
        app.users.add_user(admin, "park", "박담당", "park@example.org", "supervisor")
        number = app.cases.open_case(admin, workflow="public_conflict", mediator="kim",
                               supervisor="park",
                               fields=CaseFields(title="가상 공공시설 입지 갈등", district="마포구",
                                                 types=("siting", "interest"), cost=12_000_000_000,
                                                 people=120)).number
        for name, role in (("가상 주민대책위원회", "resident_group"), ("가상 사업부서", "department"),
                           ("가상 환경단체", "group")):
            party = app.parties.add_party(admin, number, PartyFields(name=name, role=role))
            app.parties.consent(admin, number, party.id, declined=False)
        app.cases.update_case(admin, number, CaseFields(grade="B", chair="가상 의장"), note="진단 결과")
        for trigger in ("diagnose", "plan", "convene", "open_mediation"):
            app.moves.advance(admin, number, trigger)
    finally:
        app.close()
    return number


def environment(home: Path) -> tuple[dict[str, str], str]:
    """Prepare the database in a child process, and the environment the commands run in.

    This process never imports ``mediation``: a child's peak RSS counts the pages it shares
    with its parent between fork and exec, so a parent that had loaded SQLAlchemy would
    lift every child's reading to its own size.
    """
    done = subprocess.run([sys.executable, __file__, "--prepare", str(home)], check=True,
                          capture_output=True, text=True, timeout=300)
    number = done.stdout.strip().splitlines()[-1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("MEDIATION_")}
    env.update({"MEDIATION_HOME": str(home), "MEDIATION_DATABASE_URL":
                f"sqlite:///{home / 'mediation.db'}", "MEDIATION_USER": "kim",
                "MEDIATION_LANG": "ko"})
    return env, number


def imported_by(argv_code: str, env: dict[str, str]) -> set[str]:
    """The top modules a CLI invocation imports (run in a child that lists ``sys.modules``)."""
    code = ("import sys, io, contextlib\n"
            "from mediation.cli.main import run\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    try:\n"
            f"        run({argv_code})\n"
            "    except SystemExit:\n"
            "        pass\n"
            "print('\\n'.join(sorted(sys.modules)))\n")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True, timeout=120).stdout
    return set(out.split())


def measure(runs: int, env: dict[str, str], number: str) -> dict[str, list[Run]]:
    cli = mediation_command()
    commands = {"floor": [sys.executable, "-c", "import sqlmodel"],
                "show": [*cli, "case", "show", number],
                "help": [*cli, "--help"]}
    results: dict[str, list[Run]] = {name: [] for name in commands}
    for _ in range(2):  # warm-up: bytecode caches, page cache
        for argv in commands.values():
            run_once(argv, env)
    for _ in range(runs):  # interleaved, so that a busy moment hits every command alike
        for name, argv in commands.items():
            results[name].append(run_once(argv, env))
    return results


def report(results: dict[str, list[Run]], show_mods: set[str], help_mods: set[str]) -> int:
    verdicts = Verdicts()
    wall = {k: median([r.seconds for r in v]) for k, v in results.items()}
    rss = {k: median([float(r.max_rss_kib) for r in v]) for k, v in results.items()}
    Verdicts.info('floor: python -c "import sqlmodel"', f"{wall['floor'] * 1000:,.0f} ms",
                  f"{rss['floor'] / 1024:,.1f} MiB peak")
    Verdicts.info("mediation case show NUMBER", f"{wall['show'] * 1000:,.0f} ms",
                  f"{rss['show'] / 1024:,.1f} MiB peak")
    ratio = median([s.seconds / f.seconds  # each show run against the floor run just before it
                    for s, f in zip(results["show"], results["floor"], strict=True)])
    verdicts.check("case show time / floor", f"{ratio:.2f}×", f"<= {SHOW_TIME_RATIO}×",
                   ratio <= SHOW_TIME_RATIO)
    verdicts.check("case show peak memory / floor", f"{rss['show'] / rss['floor']:.2f}×",
                   f"<= {SHOW_MEMORY_RATIO}×", rss["show"] <= SHOW_MEMORY_RATIO * rss["floor"])
    verdicts.check("mediation --help", f"{wall['help'] * 1000:,.0f} ms",
                   f"< {HELP_SECONDS * 1000:.0f} ms", wall["help"] < HELP_SECONDS)
    orm = sorted(m for m in help_mods if m.split(".")[0] in ("sqlalchemy", "sqlmodel"))
    verdicts.check("--help imports SQLAlchemy/SQLModel", "yes" if orm else "no", "no", not orm)
    heavy = sorted(m for m in HEAVY if m in show_mods)
    Verdicts.info("heavy modules imported by case show", ", ".join(heavy) or "none",
                  f"(watched: {', '.join(HEAVY)})")
    return 1 if verdicts.failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="5 runs of each command")
    parser.add_argument("--runs", type=int, help="runs of each command (default 15)")
    parser.add_argument("--prepare", metavar="FOLDER", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    compile_package()
    if args.prepare:
        print(prepare(Path(args.prepare)))
        return 0
    runs = args.runs or (5 if args.quick else 15)
    with tempfile.TemporaryDirectory(prefix="mediation-bench-") as folder:
        env, number = environment(Path(folder))
        print(f"CLI start-up (median of {runs} runs each; case {number} on SQLite)")
        results = measure(runs, env, number)
        show_mods = imported_by(f"['case', 'show', {number!r}]", env)
        help_mods = imported_by("['--help']", env)
    return report(results, show_mods, help_mods)


if __name__ == "__main__":
    sys.exit(main())
