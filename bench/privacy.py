"""What an access record (접속기록) adds to ``mediation case show``: wall time of real
subprocesses, each the median of repeated interleaved runs (after two warm-up runs), on a
SQLite case with private persons among its parties:

- the floor ``python -c "import sqlmodel"``;
- ``case show`` as shipped (it writes one access record);
- ``case show`` with ``AccessLog.read`` replaced by a no-op (the same command without the
  record; both run through the same small driver so that only the record differs).

Target: the record adds at most 10 % to ``case show``. Also prints the cost of one record
measured in-process (a short write transaction: lock the head, insert, move the head).

    .venv/bin/python bench/privacy.py            # 15 runs each
    .venv/bin/python bench/privacy.py --quick    # 5 runs each

Exit status 1 when the target is missed. Touches only a temporary folder.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchkit import WORKFLOWS, Verdicts, median
from cli_startup import run_once

ADDED_LIMIT = 0.10
DRIVER = ("import gc, sys\n"
          "gc.disable()\n"
          "import mediation.privacy.access as access\n"
          "{patch}\n"
          "from mediation.cli.main import run\n"
          "code = run(sys.argv[1:])\n"
          "gc.freeze()\n"
          "sys.exit(code)\n")
NO_RECORD = "access.AccessLog.read = lambda *args, **kwargs: None"


def prepare(home: Path) -> str:
    """A SQLite database with a case of kim's whose parties are two private persons and an
    agency, moved a few steps (in a child process: the parent never imports ``mediation``)."""
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
        app.users.install(simulation=True)
        app.users.ensure_admin("admin")
        admin = app.users.actor("admin")
        app.users.add_user(admin, "kim", "김조정", "kim@example.org", "mediator")
        app.users.add_user(admin, "park", "박담당", "park@example.org", "supervisor")
        number = app.cases.open_case(admin, workflow="neighbor_dispute", mediator="kim",
                                     supervisor="park",
                                     fields=CaseFields(title="가상 층간소음 분쟁")).number
        for name, role, phone in (("가상 윗집", "respondent", "010-1111-2222"),
                                  ("가상 아랫집", "applicant", "010-3333-4444"),
                                  ("가상 관리사무소", "agency", None)):
            app.parties.add_party(admin, number, PartyFields(name=name, role=role, phone=phone))
    finally:
        app.close()
    return number


def record_cost(home: Path, number: str, count: int = 200) -> float:
    """Seconds per access record written by ``AccessLog.read`` in-process."""
    from mediation.app import build_app
    from mediation.config import Settings

    app = build_app(Settings.from_env({
        "MEDIATION_HOME": str(home), "MEDIATION_DATABASE_URL": f"sqlite:///{home / 'mediation.db'}",
        "MEDIATION_WORKFLOWS_DIR": str(WORKFLOWS)}))
    try:
        kim = app.users.actor("kim")
        with app.db.read() as conn:
            from mediation.storage import cases

            case = cases.case_by_number(conn, number)
        app.access.read(kim, [1, 2], case, "bench")  # warm-up
        start = time.perf_counter()
        for _ in range(count):
            app.access.read(kim, [1, 2], case, "bench")
        return (time.perf_counter() - start) / count
    finally:
        app.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="5 runs of each command")
    parser.add_argument("--runs", type=int, help="runs of each command (default 15)")
    parser.add_argument("--prepare", metavar="FOLDER", help=argparse.SUPPRESS)
    parser.add_argument("--record-cost", nargs=2, metavar=("FOLDER", "NUMBER"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.prepare:
        print(prepare(Path(args.prepare)))
        return 0
    if args.record_cost:
        print(record_cost(Path(args.record_cost[0]), args.record_cost[1]))
        return 0
    runs = args.runs or (5 if args.quick else 15)
    import os

    with tempfile.TemporaryDirectory(prefix="mediation-bench-") as folder:
        home = Path(folder)
        number = subprocess.run([sys.executable, __file__, "--prepare", folder], check=True,
                                capture_output=True, text=True,
                                timeout=300).stdout.strip().splitlines()[-1]
        env = {k: v for k, v in os.environ.items() if not k.startswith("MEDIATION_")}
        env.update({"MEDIATION_HOME": folder, "MEDIATION_USER": "kim", "MEDIATION_LANG": "ko",
                    "MEDIATION_DATABASE_URL": f"sqlite:///{home / 'mediation.db'}"})
        show = ["case", "show", number]
        commands = {"floor": [sys.executable, "-c", "import sqlmodel"],
                    "with": [sys.executable, "-c", DRIVER.format(patch=""), *show],
                    "without": [sys.executable, "-c", DRIVER.format(patch=NO_RECORD), *show]}
        results: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(2):
            for cmd in commands.values():
                run_once(cmd, env)
        for _ in range(runs):
            for name, cmd in commands.items():
                results[name].append(run_once(cmd, env).seconds)
        one = float(subprocess.run([sys.executable, __file__, "--record-cost", folder, number],
                                   check=True, capture_output=True, text=True, env=env,
                                   timeout=300).stdout.strip().splitlines()[-1])
    wall = {k: median(v) for k, v in results.items()}
    print(f"Access records and case show (median of {runs} runs each; case {number} on SQLite)")
    Verdicts.info('floor: python -c "import sqlmodel"', f"{wall['floor'] * 1000:,.0f} ms")
    Verdicts.info("case show without the record", f"{wall['without'] * 1000:,.0f} ms",
                  f"{wall['without'] / wall['floor']:.2f}× the floor")
    Verdicts.info("case show with the record", f"{wall['with'] * 1000:,.0f} ms",
                  f"{wall['with'] / wall['floor']:.2f}× the floor")
    Verdicts.info("one access record, in-process", f"{one * 1e6:,.0f} µs")
    added = median([w / o - 1 for w, o in zip(results["with"], results["without"], strict=True)])
    verdicts = Verdicts()
    verdicts.check("time the record adds to case show", f"{added * 100:+.1f} %",
                   f"<= {ADDED_LIMIT * 100:.0f} %", added <= ADDED_LIMIT)
    return 1 if verdicts.failed else 0


if __name__ == "__main__":
    sys.exit(main())
