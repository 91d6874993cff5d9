"""Persisted transitions per second through the real service, against the raw driver.

Each measured transition is one ``Moves.advance`` call: read the case and its parties,
let the engine decide, then in one write transaction UPDATE the case with the version
check and INSERT its hash-chained event. Cases cycle mediation → drafting → mediation
(``draft_agreement`` / ``revise``), round-robin over several cases.

The baseline, measured in the same run and on the same database, is the bare driver
(``sqlite3`` or ``psycopg``) doing the same write per transaction: BEGIN (IMMEDIATE on
SQLite), the same UPDATE with the version check, the same INSERT, COMMIT, with a SHA-256
link per event. Service and baseline alternate in rounds; each rate is the median of its
rounds, and the ratio is the median of the per-round ratios (each pair measured back to
back, so that a busy moment on the machine weighs on both sides alike).

    .venv/bin/python bench/transitions.py            # about a minute
    .venv/bin/python bench/transitions.py --quick    # about 15 s

Target: on SQLite, the service reaches at least one third of the raw rate. PostgreSQL
(127.0.0.1:5432, user postgres, database test, in a schema of its own dropped afterwards)
is reported the same way. Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import hashlib
import sqlite3
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchkit import (
    PG_URL,
    WORKFLOWS,
    Target,
    Verdicts,
    median,
    postgres_target,
    psycopg_conninfo,
    rate_for,
    sqlite_target,
)

from mediation.app import App, build_app
from mediation.cases.commands import CaseFields
from mediation.config import Settings
from mediation.core.clock import SystemClock
from mediation.parties.commands import PartyFields
from mediation.storage import migrate
from mediation.storage.db import BUSY_SECONDS

SQLITE_TARGET_RATIO = 1 / 3
CYCLE = {"mediation": ("draft_agreement", "drafting"), "drafting": ("revise", "mediation")}

UPDATE = ("UPDATE cases SET version = version + 1, audit_head = {p}, updated_at = {p}, "
          "state = {p}, closed = {p}, closed_at = {p} WHERE cases.id = {p} AND cases.version = {p}")
INSERT = ('INSERT INTO case_events (case_id, seq, at, actor, kind, from_state, to_state, '
          '"trigger", note, details, prev_hash, hash) '
          'VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p})')


# seeding through the service ------------------------------------------------------------

def build(target: Target, home: Path) -> App:
    """The app on ``target``, its files (documents the seeding writes, the outbox) in ``home``."""
    settings = Settings.from_env({  # documents as text: the seeding is not what is measured
        "MEDIATION_HOME": str(home), "MEDIATION_DATABASE_URL": target.url,
        "MEDIATION_WORKFLOWS_DIR": str(WORKFLOWS), "MEDIATION_DOCUMENT_FORMAT": "txt"})
    app = build_app(settings, clock=SystemClock())
    migrate.upgrade(app.db)
    app.users.ensure_admin("admin")
    admin = app.users.actor("admin")
    app.users.add_user(admin, "kim", "김조정", "kim@example.org", "mediator")
    app.users.add_user(admin, "park", "박담당", "park@example.org", "supervisor")
    return app


def case_in_mediation(app: App, title: str) -> str:
    """Open a public-conflict case and take it, through the service, to ``mediation``."""
    admin = app.users.actor("admin")
    number = app.cases.open_case(admin, workflow="public_conflict", mediator="kim", supervisor="park",
                           fields=CaseFields(title=title, grade="B", chair="가상 의장")).number
    for name, role in (("가상 주민대책위원회", "resident_group"), ("가상 사업부서", "department")):
        party = app.parties.add_party(admin, number, PartyFields(name=name, role=role))
        app.parties.consent(admin, number, party.id, declined=False)
    for trigger in ("diagnose", "plan", "convene", "open_mediation"):
        app.moves.advance(admin, number, trigger)
    return number


# the two loops ---------------------------------------------------------------------------

def service_step(app: App, numbers: list[str]) -> Callable[[int], None]:
    kim = app.users.actor("kim")
    states = dict.fromkeys(numbers, "mediation")

    def step(i: int) -> None:
        number = numbers[i % len(numbers)]
        trigger, _ = CYCLE[states[number]]
        states[number] = app.moves.advance(kim, number, trigger).dest

    return step


class RawCase:
    """What the baseline keeps in memory about one case: id, version, chain head, state."""

    def __init__(self, row: tuple[Any, ...]) -> None:
        self.id, self.version, self.head, self.state = row


def raw_transition(case: RawCase, at: Any, execute: Callable[[str, tuple[Any, ...]], int]) -> None:
    trigger, dest = CYCLE[case.state]
    seq = case.version + 1
    digest = hashlib.sha256(f"{case.head}|{seq}|{trigger}".encode()).hexdigest()
    if execute("update", (digest, at, dest, False, None, case.id, case.version)) != 1:
        raise RuntimeError(f"case {case.id}: version check failed")
    execute("insert", (case.id, seq, at, "kim", "transition", case.state, dest, trigger, None,
                       "{}", case.head, digest))
    case.version, case.head, case.state = seq, digest, dest


def _load_raw_cases(cur: Any, numbers: list[str], mark: str) -> list[RawCase]:
    cases = []
    for number in numbers:
        cur.execute(f"SELECT id, version, audit_head, state FROM cases WHERE number = {mark}",
                    (number,))
        cases.append(RawCase(cur.fetchone()))
    return cases


def sqlite_step(target: Target, numbers: list[str]) -> tuple[Callable[[int], None], Any]:
    conn = sqlite3.connect(str(target.sqlite_path), isolation_level=None)
    for pragma in ("journal_mode=WAL", "foreign_keys=ON", f"busy_timeout={int(BUSY_SECONDS * 1000)}",
                   "synchronous=NORMAL"):  # the pragmas mediation.db sets
        conn.execute(f"PRAGMA {pragma}")
    cases = _load_raw_cases(conn.cursor(), numbers, "?")
    sql = {"update": UPDATE.format(p="?"), "insert": INSERT.format(p="?")}

    def execute(which: str, params: tuple[Any, ...]) -> int:
        return conn.execute(sql[which], params).rowcount

    def step(i: int) -> None:
        at = datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
        conn.execute("BEGIN IMMEDIATE")
        raw_transition(cases[i % len(cases)], at, execute)
        conn.execute("COMMIT")

    return step, conn


def postgres_step(target: Target, numbers: list[str]) -> tuple[Callable[[int], None], Any]:
    import psycopg

    assert target.pg_schema is not None
    conn = psycopg.connect(**psycopg_conninfo(PG_URL, target.pg_schema))  # type: ignore[arg-type]
    cur = conn.cursor()
    cases = _load_raw_cases(cur, numbers, "%s")
    conn.commit()
    sql = {"update": UPDATE.format(p="%s"), "insert": INSERT.format(p="%s")}

    def execute(which: str, params: tuple[Any, ...]) -> int:
        cur.execute(sql[which], params)
        return cur.rowcount

    def step(i: int) -> None:
        raw_transition(cases[i % len(cases)], datetime.now(UTC), execute)
        conn.commit()

    return step, conn


# one backend -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Result:
    service: float  # transitions per second, median of the rounds
    raw: float
    ratio: float  # median over the rounds of service / raw, each pair measured back to back


def measure(target: Target, home: Path, *, cases: int, rounds: int, seconds: float) -> Result:
    app = build(target, home)
    try:
        mine = [case_in_mediation(app, f"가상 성능측정 사건 {i + 1}") for i in range(cases)]
        raw = [case_in_mediation(app, f"가상 기준측정 사건 {i + 1}") for i in range(cases)]
        make = sqlite_step if target.backend == "sqlite" else postgres_step
        raw_step, raw_conn = make(target, raw)
        svc_step = service_step(app, mine)
        rate_for(min(0.3, seconds), raw_step)  # warm both paths up
        rate_for(min(0.3, seconds), svc_step)
        raw_rates, svc_rates = [], []
        for _ in range(rounds):
            raw_rates.append(rate_for(seconds, raw_step))
            svc_rates.append(rate_for(seconds, svc_step))
        raw_conn.close()
        admin = app.users.actor("admin")
        broken = [r for n in mine for r in app.reading.verify(admin, n) if not r.ok]
        if broken:  # the service's events must still form valid hash chains
            raise SystemExit(f"audit chain broken after the run: {broken}")
        return Result(service=median(svc_rates), raw=median(raw_rates),
                      ratio=median([s / r for s, r in zip(svc_rates, raw_rates, strict=True)]))
    finally:
        app.close()


def report(backend: str, result: Result, verdicts: Verdicts) -> None:
    ratio = result.ratio
    print(f"{backend}:")
    Verdicts.info("raw driver (UPDATE+INSERT per transaction)", f"{result.raw:,.0f}/s",
                  f"{1e6 / result.raw:,.0f} µs each")
    Verdicts.info("Moves.advance (read, decide, write, hash)", f"{result.service:,.0f}/s",
                  f"{1e6 / result.service:,.0f} µs each")
    if backend == "sqlite":
        verdicts.check("service / raw", f"{ratio:.2f}", f">= {SQLITE_TARGET_RATIO:.2f}",
                       ratio >= SQLITE_TARGET_RATIO)
    else:
        Verdicts.info("service / raw", f"{ratio:.2f}", "(reported; no target)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="short rounds (about 15 s in all)")
    parser.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--cases", type=int, default=8, help="cases cycled round-robin")
    args = parser.parse_args(argv)
    rounds, seconds = (5, 0.4) if args.quick else (9, 1.5)
    verdicts = Verdicts()
    print(f"transitions per second ({rounds} rounds of {seconds:g} s each, service and raw "
          f"alternating; medians; {args.cases} cases)")
    backends = ("sqlite", "postgres") if args.backend == "both" else (args.backend,)
    for backend in backends:
        opener = sqlite_target if backend == "sqlite" else postgres_target
        with opener() as target, tempfile.TemporaryDirectory(prefix="mediation-bench-") as home:
            result = measure(target, Path(home), cases=args.cases, rounds=rounds,
                             seconds=seconds)
        report(backend, result, verdicts)
    return 1 if verdicts.failed else 0


if __name__ == "__main__":
    sys.exit(main())
