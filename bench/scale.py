"""How the daily read commands grow with the number of cases: each as a whole process,
against the ``python -c "import sqlmodel"`` floor measured in the same run.

    .venv/bin/python bench/scale.py                          # 1k, 10k, 100k; both databases
    .venv/bin/python bench/scale.py --sizes 1000 --runs 3    # a quick look (about a minute)
    .venv/bin/python bench/scale.py --backend sqlite --sizes 1000,10000

For each database, a throw-away database is filled by ``bench/seed.py`` (in a child
process) to the first size, measured, topped up to the next size, measured again, and so
on. Each command runs ``--runs`` times after a warm-up run, interleaved with the floor; its
figure is the median of (command − the floor run just before it), in milliseconds. The
commands act as the admin (every case is theirs to read: the largest lists), except the
``--as med01`` line (one mediator's cases, through the mediator index).

``reminders run-due (100 due)`` renders and sends 100 reminders to the outbox folder in each
run (the same 100, made due again before each run): a sending command, shown without a
verdict. The search and the statistics report have their own benchmarks over 100,000
cases (``bench/search.py``, ``bench/report.py``).

Target (issue 15): every read command ≤ 200 ms beyond the floor at 100,000 cases, and none
growing with the number of cases where an index can answer. Exit status 1 when a command
is over the target at the largest size measured. ``audit verify`` over the whole database
is timed once per size, in events per second (target ≥ 50,000).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path

from benchkit import (
    HERE,
    PG_URL,
    WORKFLOWS,
    Target,
    compile_package,
    median,
    postgres_target,
    sqlite_target,
)
from cli_startup import mediation_command

TARGET_MS = 200.0
VERIFY_RATE = 50_000
COMMANDS: dict[str, list[str]] = {
    "case list": ["case", "list"],
    "case list --open": ["case", "list", "--open"],
    "case list --state intake": ["case", "list", "--state", "intake"],
    "case list --workflow": ["case", "list", "--workflow", "public_conflict"],
    "case list --mediator": ["case", "list", "--mediator", "med07"],
    "case list --supervisor": ["case", "list", "--supervisor", "park"],
    "case list --since": ["case", "list", "--since", "{since}"],
    "case list --as med01": ["case", "list", "--as", "med01"],
    "case show": ["case", "show", "{number}"],
    "case history": ["case", "history", "{number}"],
    "deadline list": ["deadline", "list"],
    "deadline list --overdue": ["deadline", "list", "--overdue"],
    "deadline list --due-within 7d": ["deadline", "list", "--due-within", "7d"],
    "commitment list --overdue": ["commitment", "list", "--overdue"],
    "reminders list --due": ["reminders", "list", "--due"],
    "reminders run-due (none due)": ["reminders", "run-due"],
    "letter list": ["letter", "list", "{number}"],
    "reminders run-due (100 due)": ["reminders", "run-due"],
}
DUE = "reminders run-due (100 due)"
"""The one command measured with work to do: before each of its runs (the warm-up too), the
same 100 pending reminders of open deadlines are made due a minute ago (``arm_due``); the
run renders and sends them to the outbox folder (no SMTP server is configured)."""


class Due:
    """Makes the same 100 reminders due again before each run of ``DUE`` (a bench's own
    write, outside the timed run: sent, they would not be due again)."""

    def __init__(self, url: str) -> None:
        from sqlalchemy import create_engine, text

        from mediation.storage.db import normalise_url

        self.engine = create_engine(normalise_url(url))
        self.text = text
        with self.engine.connect() as conn:
            self.ids = [int(i) for i in conn.execute(text(
                "select r.id from reminders r join deadlines d on d.id = r.deadline_id "
                "where r.status = 'pending' and d.status = 'open' "
                # the fixture's administrator has no address: escalations to admins fail
                "and r.audience in ('mediator', 'supervisor') order by r.id limit 100"
            )).scalars()]
        if len(self.ids) < 100:
            raise SystemExit(f"only {len(self.ids)} pending reminders to make due")

    def arm(self) -> None:
        from datetime import UTC, datetime, timedelta

        past = datetime.now(UTC) - timedelta(minutes=1)
        if self.engine.dialect.name == "sqlite":
            past = past.replace(tzinfo=None)
        with self.engine.begin() as conn:
            conn.execute(self.text(
                "update reminders set status = 'pending', next_at = :past, sent_at = null, "
                "claimed_by = null, attempts = 0, last_error = null "
                f"where id in ({', '.join(str(i) for i in self.ids)})"), {"past": past})

    def check(self) -> None:
        """The run sent all 100 (else it measured something else)."""
        with self.engine.connect() as conn:
            sent = conn.execute(self.text(
                "select count(*) from reminders where status = 'sent' and "
                f"id in ({', '.join(str(i) for i in self.ids)})")).scalar_one()
        if sent != len(self.ids):
            raise SystemExit(f"run-due sent {sent} of the {len(self.ids)} due reminders")

    def close(self) -> None:
        self.engine.dispose()


def run(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds of ``argv`` run to completion (it must succeed), and the CPU seconds the
    child used (user + system, ``os.wait4``): on a shared machine the CPU time moves far less
    with the load than the wall time. (On PostgreSQL the server's work is not in it.)"""
    start = time.perf_counter()
    child = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             stdin=subprocess.DEVNULL)
    assert child.stderr is not None
    err = child.stderr.read()  # read before waiting: a full pipe would block the child
    child.stderr.close()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    took = time.perf_counter() - start
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({child.returncode}): "
                         f"{err.decode(errors='replace')[-1000:]}")
    return took, usage.ru_utime + usage.ru_stime


def seed_to(target: Target, home: Path, cases: int) -> float:
    """Add ``cases`` cases to ``target`` (in a child process); the seconds it took."""
    start = time.perf_counter()
    subprocess.run([sys.executable, str(HERE / "seed.py"), "--cases", str(cases),
                    "--db", target.url, "--home", str(home), "--seed", str(cases)],
                   check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def sample_case(target: Target) -> tuple[str, str]:
    """A case from the middle of the database (its number) and the opening date of the
    newest tenth of the cases (for ``--since``)."""
    code = ("import sys\nfrom sqlalchemy import create_engine, text\n"
            "from mediation.storage.db import normalise_url\n"
            "e = create_engine(normalise_url(sys.argv[1]))\n"
            "with e.connect() as c:\n"
            "    n = c.execute(text('select count(*) from cases')).scalar_one()\n"
            "    row = c.execute(text('select number from cases order by id limit 1 offset :o'),"
            " {'o': n // 2}).scalar_one()\n"
            "    since = c.execute(text('select opened_at from cases order by id limit 1 "
            "offset :o'), {'o': n * 9 // 10}).scalar_one()\n"
            "print(row, str(since)[:10])\n")
    out = subprocess.run([sys.executable, "-c", code, target.url], check=True,
                         capture_output=True, text=True).stdout.split()
    return out[0], out[1]


def measure(env: dict[str, str], runs: int, number: str,
            since: str) -> tuple[dict[str, float], dict[str, float]]:
    """Milliseconds beyond the floor, per command (median over ``runs``): wall, and CPU."""
    cli = mediation_command()
    floor = [sys.executable, "-c", "import sqlmodel"]
    argvs = {name: [*cli, *(a.format(number=number, since=since) for a in args)]
             for name, args in COMMANDS.items()}
    due = Due(env["MEDIATION_DATABASE_URL"])
    try:
        return _measure(env, runs, argvs, floor, due)
    finally:
        due.close()


def _measure(env: dict[str, str], runs: int, argvs: dict[str, list[str]], floor: list[str],
             due: Due) -> tuple[dict[str, float], dict[str, float]]:
    for name, argv in argvs.items():  # warm-up; the first run-due books the month's reviews
        if name == DUE:
            due.arm()
        run(argv, env)
    extra: dict[str, list[float]] = {name: [] for name in argvs}
    extra_cpu: dict[str, list[float]] = {name: [] for name in argvs}
    floors: list[float] = []
    floors_cpu: list[float] = []
    for _ in range(runs):
        for name, argv in argvs.items():
            if name == DUE:
                due.arm()
            base, base_cpu = run(floor, env)
            floors.append(base)
            floors_cpu.append(base_cpu)
            took, cpu = run(argv, env)
            if name == DUE:
                due.check()
            extra[name].append(took - base)
            extra_cpu[name].append(cpu - base_cpu)
    return ({"floor": median(floors) * 1000,
             **{name: median(v) * 1000 for name, v in extra.items()}},
            {"floor": median(floors_cpu) * 1000,
             **{name: median(v) * 1000 for name, v in extra_cpu.items()}})


def verify_rate(env: dict[str, str], target: Target) -> tuple[float, int]:
    """Events per second of ``audit verify`` over the whole database, and the events."""
    code = ("import sys\nfrom sqlalchemy import create_engine, text\n"
            "from mediation.storage.db import normalise_url\n"
            "e = create_engine(normalise_url(sys.argv[1]))\n"
            "with e.connect() as c:\n"
            "    print(c.execute(text('select count(*) from case_events')).scalar_one())\n")
    events = int(subprocess.run([sys.executable, "-c", code, target.url], check=True,
                                capture_output=True, text=True).stdout)
    took, _ = run([*mediation_command(), "audit", "verify"], env)
    return events / took, events


@contextmanager
def kept_sqlite(path: Path) -> Iterator[Target]:
    """A SQLite file that outlives the run (``--keep``), made anew."""
    for old in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        old.unlink(missing_ok=True)
    yield Target(backend="sqlite", url=f"sqlite:///{path}", sqlite_path=path)


@contextmanager
def kept_postgres(schema: str) -> Iterator[Target]:
    """A PostgreSQL schema that outlives the run (``--keep``), made anew; drop it with
    ``DROP SCHEMA name CASCADE`` when done."""
    from sqlalchemy import create_engine, text

    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    sep = "&" if "?" in PG_URL else "?"
    yield Target(backend="postgres", url=f"{PG_URL}{sep}options=-csearch_path%3D{schema}",
                 pg_schema=schema)


def targets(backend: str, keep: str | None) -> Iterator[AbstractContextManager[Target]]:
    if backend in ("sqlite", "both"):
        yield kept_sqlite(Path(f"/tmp/{keep}.db")) if keep else sqlite_target()
    if backend in ("postgres", "both"):
        yield kept_postgres(keep) if keep else postgres_target()


def bench_backend(target: Target, sizes: list[int], runs: int, verify: bool,
                  existing: bool = False) -> tuple[dict[int, dict[str, float]],
                                                   dict[int, dict[str, float]]]:
    """The wall and CPU tables of ``target`` grown to each of ``sizes`` (``existing``: one
    size, already seeded: measured as it is)."""
    table: dict[int, dict[str, float]] = {}
    cpu: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="mediation-scale-") as folder:
        home = Path(folder)
        env = {k: v for k, v in os.environ.items() if not k.startswith("MEDIATION_")}
        env.update({"MEDIATION_HOME": str(home), "MEDIATION_DATABASE_URL": target.url,
                    "MEDIATION_WORKFLOWS_DIR": str(WORKFLOWS), "MEDIATION_LANG": "ko"})
        have = 0
        for size in sizes:
            if not existing:
                took = seed_to(target, home, size - have)
                have = size
                print(f"  {target.backend}: {size:,} cases seeded (+{took:.0f} s); "
                      f"load {Path('/proc/loadavg').read_text().split()[0]}", flush=True)
            number, since = sample_case(target)
            table[size], cpu[size] = measure(env, runs, number, since)
            print(f"  {target.backend}: {size:,} measured; "
                  f"load {Path('/proc/loadavg').read_text().split()[0]}", flush=True)
            if verify:
                rate, events = verify_rate(env, target)
                table[size]["audit verify (events/s)"] = rate
                print(f"  {target.backend}: audit verify {events:,} events at {rate:,.0f}/s")
    return table, cpu


def print_table(backend: str, table: dict[int, dict[str, float]], what: str = "wall") -> int:
    """The growth table; the number of commands over the target at the largest size."""
    sizes = sorted(table)
    print(f"\n{backend}: {what} ms beyond the floor (floor = python -c 'import sqlmodel')")
    print(f"  {'command':<34}" + "".join(f"{s:>10,}" for s in sizes) + "   change  verdict")
    failed = 0
    for name in table[sizes[0]]:
        values = [table[s][name] for s in sizes]
        # from the smallest size to the largest: a ratio for the rate, else milliseconds (a
        # figure beyond the floor may be near zero or below it, where a ratio means nothing)
        growth = (f"{values[-1] / values[0]:>5.1f}×" if name.startswith("audit verify")
                  and values[0] > 0 else f"{values[-1] - values[0]:>+6,.0f}")
        if name == "floor":
            verdict = ""
        elif name.startswith("audit verify"):
            verdict = "PASS" if values[-1] >= VERIFY_RATE else "FAIL"
        elif name == DUE:  # a sending command, not a read: shown, no target
            verdict = f"({values[-1] / 100:.1f} ms a message)"
        else:
            verdict = "PASS" if values[-1] <= TARGET_MS else "FAIL"
        failed += verdict == "FAIL"
        print(f"  {name:<34}" + "".join(f"{v:>10,.0f}" for v in values)
              + f"   {growth}  {verdict}")
    return failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000",
                        help="case counts, ascending, comma-separated")
    parser.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-verify", action="store_true", help="skip timing audit verify")
    parser.add_argument("--keep", metavar="NAME",
                        help="keep the databases for a look afterwards: the SQLite file "
                             "/tmp/NAME.db and the PostgreSQL schema NAME (made anew)")
    parser.add_argument("--existing", metavar="URL",
                        help="measure this database as it is (already seeded to the one "
                             "size given by --sizes), without seeding")
    args = parser.parse_args()
    compile_package()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    print(f"load average at start: {Path('/proc/loadavg').read_text().strip()}")
    failed = 0
    if args.existing:
        context: AbstractContextManager[Target] = nullcontext(Target(
            backend="sqlite" if args.existing.startswith("sqlite") else "postgres",
            url=args.existing))
        contexts: Iterator[AbstractContextManager[Target]] = iter([context])
        sizes = sizes[-1:]
    else:
        contexts = targets(args.backend, args.keep)
    for context in contexts:
        with context as target:
            table, cpu = bench_backend(target, sizes, args.runs, not args.no_verify,
                                       existing=bool(args.existing))
        failed += print_table(target.backend, table)
        print_table(target.backend, cpu, "CPU")
    print(f"load average at end: {Path('/proc/loadavg').read_text().strip()}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
