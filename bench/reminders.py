"""The reminder outbox under load, each number printed beside a baseline measured in the same
run:

1. find-and-claim: one claim of 100 due reminders among 100,000 and then 1,000,000 pending
   ones — the service's statement against the same SQL sent through the bare driver.
   Target: at most 50 ms per claim, on SQLite and PostgreSQL. Loading the million rows takes
   about 20 s per database, so it is part of the default run (``--quick`` skips it).
   Rows are loaded with the driver's bulk paths (``executemany`` on SQLite, ``COPY`` on
   PostgreSQL); 5% of them are due.
2. send throughput to a local SMTP server (aiosmtpd in a child process): ``SmtpMailer`` on
   one reused connection against the same MIME message built with the standard library by
   hand and sent with bare ``smtplib`` on one connection (and, for scale, ready bytes on the
   wire, and a new connection per message); then the whole sweep (claim, render from the
   templates, send, record) per message.
3. ``deadline list --overdue`` over 100,000 open cases (10% overdue): the service call and
   the CLI process against the same query through the bare driver.
4. soak: the scheduler daemon through 10,000 sweeps (a case opened and reminders sent on
   most sweeps, the clock moving 7 minutes a sweep); resident memory after warm-up (sweep
   1,000) against the end. Target: within 10%.

    .venv/bin/python bench/reminders.py                # about 6 minutes
    .venv/bin/python bench/reminders.py --quick        # smaller sizes, about 1.5 minutes

Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import os
import smtplib
import socket
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from benchkit import (
    ROOT,
    WORKFLOWS,
    Target,
    Verdicts,
    median,
    postgres_target,
    psycopg_conninfo,
    sqlite_target,
)

from mediation.app import App, build_app
from mediation.cases.commands import CaseFields
from mediation.config import Settings
from mediation.core.clock import SEOUL, FrozenClock
from mediation.mail.message import Address, Email, message_id, to_message
from mediation.mail.smtp import SmtpConfig, SmtpMailer
from mediation.storage import deadlines as store
from mediation.storage import migrate, outbox
from mediation.storage.db import Database

CLAIM_TARGET_MS = 50.0
RSS_GROWTH = 0.10
NOW = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)  # 11:00 in Seoul
CLAIM_SQL = ("UPDATE reminders SET status = 'sending', next_at = {p}, claimed_by = {p}, "
             "attempts = attempts + 1 WHERE id IN (SELECT id FROM reminders WHERE status = "
             "'pending' AND next_at <= {p} ORDER BY next_at LIMIT 100{lock}) RETURNING *")


# databases and data ------------------------------------------------------------------

def migrated(target: Target) -> Database:
    """A migrated simulation database (the CLI runs set the clock and act as kim)."""
    from mediation.storage import installation

    db = Database(target.url)
    migrate.upgrade(db)
    with db.write() as conn:
        if installation.simulation(conn) is None:
            installation.mark(conn, simulation=True, now=NOW)
    return db


def reminder_rows(n: int, start: int = 0) -> Iterator[tuple[Any, ...]]:
    """``n`` pending reminders, 5% due at ``NOW`` and the rest over the next year."""
    for i in range(start, start + n):
        due = i % 20 == 0
        at = NOW - timedelta(minutes=1 + i % 60) if due else NOW + timedelta(minutes=1 + i % 500_000)
        yield (f"bench:{i}", "digest", "user:park", "[]", at, at, "pending", 0,
               f"<mediation.b{i}@bench.example.org>", False, NOW)


COLUMNS = ("key", "kind", "audience", "recipients", "send_at", "next_at", "status", "attempts",
           "message_id", "late", "created_at")


def base_url(target: Target) -> str:
    return target.url.split("?options=", 1)[0]


# 1. find-and-claim -------------------------------------------------------------------

def claim_service(db: Database, i: int) -> int:
    with db.write() as conn:
        return len(outbox.claim(conn, now=NOW, lease_until=NOW + timedelta(minutes=5),
                               token=f"bench:{i}", limit=100))


def raw_claimer(target: Target) -> tuple[Callable[[int], int], Callable[[], None]]:
    if target.backend == "sqlite":
        assert target.sqlite_path is not None
        conn = sqlite3.connect(target.sqlite_path, isolation_level=None)
        sql = CLAIM_SQL.format(p="?", lock="")
        now, lease = (NOW.replace(tzinfo=None).isoformat(" "),
                      (NOW + timedelta(minutes=5)).replace(tzinfo=None).isoformat(" "))

        def claim(i: int) -> int:
            conn.execute("BEGIN IMMEDIATE")
            rows = conn.execute(sql, (lease, f"raw:{i}", now)).fetchall()
            conn.execute("COMMIT")
            return len(rows)

        return claim, conn.close
    import psycopg

    assert target.pg_schema is not None
    pg = psycopg.connect(**psycopg_conninfo(base_url(target), target.pg_schema))
    sql = CLAIM_SQL.format(p="%s", lock=" FOR UPDATE SKIP LOCKED").replace(
        "WHERE id IN (", "FROM (").replace(") RETURNING", ") AS picked WHERE reminders.id = picked.id "
                                                         "RETURNING")

    def claim_pg(i: int) -> int:
        with pg.transaction():
            return len(pg.execute(sql, (NOW + timedelta(minutes=5), f"raw:{i}", NOW)).fetchall())

    return claim_pg, pg.close


def bench_claim(verdicts: Verdicts, target: Target, sizes: list[int]) -> None:
    db = migrated(target)
    loaded = 0
    for size in sizes:
        took = load_reminders_range(target, loaded, size)
        loaded = size
        service_ms, raw_ms = [], []
        raw, close = raw_claimer(target)
        for i in range(min(15, size // 20 // 200)):  # alternating, 100 of the 5% due a claim
            began = time.perf_counter()
            assert claim_service(db, i) == 100
            service_ms.append((time.perf_counter() - began) * 1000)
            began = time.perf_counter()
            assert raw(i) == 100
            raw_ms.append((time.perf_counter() - began) * 1000)
        close()
        label = f"{target.backend}: claim 100 of {size:,} pending"
        Verdicts.info(f"{target.backend}: load {size:,} reminders", f"{took:.1f} s", "bulk insert")
        Verdicts.info(f"{label} (raw)", f"{median(raw_ms):.2f} ms")
        verdicts.check(label, f"{median(service_ms):.2f} ms", f"≤ {CLAIM_TARGET_MS:.0f} ms",
                       median(service_ms) <= CLAIM_TARGET_MS)
    db.dispose()


def load_reminders_range(target: Target, first: int, last: int) -> float:
    """Bulk-load reminders ``first``..``last`` through the driver (``executemany`` on SQLite,
    ``COPY`` on PostgreSQL); returns the seconds taken."""
    began = time.perf_counter()
    rows = reminder_rows(last - first, first)
    if target.backend == "sqlite":
        assert target.sqlite_path is not None
        conn = sqlite3.connect(target.sqlite_path)
        marks = ", ".join("?" * len(COLUMNS))
        conn.executemany(f"INSERT INTO reminders ({', '.join(COLUMNS)}) VALUES ({marks})",
                         (tuple(v.replace(tzinfo=None).isoformat(" ") if isinstance(v, datetime)
                                else v for v in r) for r in rows))
        conn.execute("ANALYZE")
        conn.commit()
        conn.close()
    else:
        import psycopg

        assert target.pg_schema is not None
        with psycopg.connect(**psycopg_conninfo(base_url(target), target.pg_schema)) as conn:
            with conn.cursor() as cur, cur.copy(
                    f"COPY reminders ({', '.join(COLUMNS)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            conn.execute("ANALYZE reminders")
    return time.perf_counter() - began


# a local SMTP server in a child process ------------------------------------------------

SINK = textwrap.dedent("""
    import sys, time
    from aiosmtpd.controller import Controller
    class Sink:
        count = 0
        async def handle_DATA(self, server, session, envelope):
            Sink.count += 1
            return "250 OK"
    c = Controller(Sink(), hostname="127.0.0.1", port=int(sys.argv[1]))
    c.start()
    print("ready", flush=True)
    sys.stdin.read()
    c.stop()
""")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def smtp_sink() -> Iterator[int]:
    port = free_port()
    child = subprocess.Popen([sys.executable, "-c", SINK, str(port)], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        yield port
    finally:
        assert child.stdin is not None
        child.stdin.close()
        child.wait(timeout=10)


def email(i: int) -> Email:
    return Email(sender=Address(email="noreply@seoul.example.org", name="갈등조정담당관"),
                 to=(Address(email="kim@example.org", name="김조정"),),
                 subject=f"[기한 임박] 2026-{i:04d} 접수 확인 및 처리담당자 안내 — 2026. 11. 24. 12:00까지",
                 text="김조정님께,\n\n" + "처리기한이 다가옵니다.\n" * 20,
                 html="<p>" + "처리기한이 다가옵니다.<br>" * 20 + "</p>",
                 message_id=message_id(f"bench:{i}", "seoul.example.org"), date=NOW)


def per_second(count: int, step: Callable[[int], None]) -> float:
    began = time.perf_counter()
    for i in range(count):
        step(i)
    return count / (time.perf_counter() - began)


def by_hand(i: int) -> bytes:
    """The same message built directly with the standard library, as one would by hand."""
    from email.message import EmailMessage
    from email.policy import SMTP

    e = email(i)
    msg = EmailMessage(policy=SMTP)
    msg["From"] = e.sender.header()
    msg["To"] = [a.header() for a in e.to]
    msg["Subject"] = e.subject
    msg["Message-ID"] = e.message_id
    msg.set_content(e.text, cte="base64")
    msg.add_alternative(e.html, subtype="html", cte="base64")
    return msg.as_bytes()


def bench_send(verdicts: Verdicts, messages: int) -> None:
    with smtp_sink() as port:
        mailer = SmtpMailer(SmtpConfig(host="127.0.0.1", port=port, security="none"))
        prepared = [to_message(email(i)).as_bytes() for i in range(messages)]
        raw = smtplib.SMTP("127.0.0.1", port)
        wire = per_second(messages, lambda i: raw.sendmail(
            "noreply@seoul.example.org", ["kim@example.org"], prepared[i]))
        raw_rate = per_second(messages, lambda i: raw.sendmail(
            "noreply@seoul.example.org", ["kim@example.org"], by_hand(i)))
        raw.quit()
        ours = per_second(messages, lambda i: mailer.send(email(i)))
        mailer.close()
        assert mailer.connections == 1

        def fresh(i: int) -> None:
            once = SmtpMailer(SmtpConfig(host="127.0.0.1", port=port, security="none"))
            once.send(email(i))
            once.close()

        fresh_rate = per_second(max(50, messages // 5), fresh)
    Verdicts.info("smtp: bytes ready, one connection (wire only)", f"{wire:,.0f} msg/s")
    Verdicts.info("smtp: email pkg + smtplib, one conn. (raw)", f"{raw_rate:,.0f} msg/s")
    verdicts.check("smtp: SmtpMailer, one reused connection", f"{ours:,.0f} msg/s",
                   "≥ 0.8× raw", ours >= raw_rate * 0.8)
    Verdicts.info("smtp: SmtpMailer, a connection per message", f"{fresh_rate:,.0f} msg/s",
                  f"reuse is {ours / fresh_rate:.1f}× faster")


def seeded_app(target: Target, home: Path, clock: FrozenClock, mailer: Any) -> App:
    settings = Settings(home=home, database_url=target.url, workflows_dir=WORKFLOWS)
    app = build_app(settings, clock=clock, mailer=mailer)
    app.users.ensure_admin("admin")
    admin = app.users.actor("admin")
    for user, name, role in (("kim", "김조정", "mediator"), ("park", "박담당", "supervisor")):
        app.users.add_user(admin, user, name, f"{user}@example.org", role)
    return app


def raw_bookkeeping(target: Target) -> tuple[Callable[[int], None], Callable[[], None]]:
    """One committed UPDATE of a reminder row through the bare driver: what recording a
    sent message costs at the least."""
    sql = "UPDATE reminders SET last_error = NULL WHERE id = {p}"
    if target.backend == "sqlite":
        assert target.sqlite_path is not None
        conn = sqlite3.connect(target.sqlite_path, isolation_level=None)

        def write(i: int) -> None:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(sql.format(p="?"), (i,))
            conn.execute("COMMIT")

        return write, conn.close
    import psycopg

    assert target.pg_schema is not None
    pg = psycopg.connect(**psycopg_conninfo(base_url(target), target.pg_schema))

    def write_pg(i: int) -> None:
        with pg.transaction():
            pg.execute(sql.format(p="%s"), (i,))

    return write_pg, pg.close


def bench_sweep_throughput(verdicts: Verdicts, target: Target, cases: int) -> None:
    """The whole sweep — claim, render from the templates, send, record each message in a
    transaction of its own — against its floor measured in the same run: the same number
    of messages through ``SmtpMailer`` plus one bare-driver committed UPDATE each."""
    with smtp_sink() as port:
        migrated(target).dispose()
        clock = FrozenClock(datetime(2026, 11, 24, 9, tzinfo=SEOUL))
        mailer = SmtpMailer(SmtpConfig(host="127.0.0.1", port=port, security="none"))
        app = seeded_app(target, Path(os.environ.get("TMPDIR", "/tmp")), clock, mailer)
        admin = app.users.actor("admin")
        for i in range(cases):
            app.cases.open_case(admin, workflow="public_conflict", mediator="kim",
                                  supervisor="park", fields=CaseFields(title=f"가상 사건 {i}"))
        clock.set(datetime(2026, 11, 24, 11, tzinfo=SEOUL))
        began = time.perf_counter()
        report = app.reminders.run_due(("send",))
        rate = report.sent / (time.perf_counter() - began)
        app.close()
        write, close = raw_bookkeeping(target)
        floor_mailer = SmtpMailer(SmtpConfig(host="127.0.0.1", port=port, security="none"))

        def floor_step(i: int) -> None:
            floor_mailer.send(email(i))
            write(i + 1)

        floor = per_second(cases, floor_step)
        floor_mailer.close()
        close()
    Verdicts.info(f"{target.backend}: send + bare committed UPDATE (raw)", f"{floor:,.0f} msg/s")
    verdicts.check(f"{target.backend}: sweep (claim+render+send+record)", f"{rate:,.0f} msg/s",
                   "≥ 0.4× raw", report.sent == cases and rate >= 0.4 * floor)


# 3. deadline list --overdue over 100k open cases ----------------------------------------

def due(i: int) -> datetime:
    return NOW - timedelta(hours=1) if i % 10 == 0 else NOW + timedelta(days=3 + i % 30)


def seed_open_cases(target: Target, n: int) -> None:
    """``n`` open cases with one acknowledgement deadline each, 10% of them overdue."""
    from sqlalchemy import insert

    from mediation.storage.cases import cases, users

    db = Database(target.url)
    deadlines = store.deadlines
    opened = NOW - timedelta(days=2)
    schedule = {"period": [3, "working_hours"], "remind_before": [], "supervisor_after": None,
                "admins_after": None}
    with db.write() as conn:
        conn.execute(insert(users), [{"username": u, "name": u, "email": f"{u}@example.org",
                                      "role": r, "active": True, "created_at": opened}
                                     for u, r in (("kim", "mediator"), ("park", "supervisor"))])
        for first in range(0, n, 20_000):
            size = min(20_000, n - first)
            conn.execute(insert(cases), [{
                "number": f"2026-{first + i + 1:06d}", "title": f"가상 사건 {first + i}",
                "summary": "", "workflow": "public_conflict", "workflow_version": 1,
                "state": "intake", "closed": False, "conflict_types": [], "alert": "none",
                "alert_indicators": [], "mediator": "kim", "supervisor": "park",
                "opened_at": opened, "updated_at": opened, "audit_head": "0" * 64, "version": 1}
                for i in range(size)])
            conn.execute(insert(deadlines), [{
                "case_id": first + i + 1, "rule": "acknowledge", "seq": 1, "kind": "state",
                "title_ko": "접수 확인", "title_en": "Acknowledge", "basis": "민원 시행령 제19조",
                "schedule": schedule, "start_at": opened,
                "due_at": due(first + i),
                "original_due_at": NOW, "status": "open", "adjustments": [], "extensions": 0,
                "generation": 0, "opened_at": opened} for i in range(size)])
    db.dispose()


def raw_overdue(target: Target) -> Callable[[], int]:
    sql = ("SELECT deadlines.*, cases.number, cases.title, cases.mediator, cases.supervisor, "
           "cases.workflow, cases.state FROM deadlines JOIN cases ON cases.id = deadlines.case_id "
           "WHERE deadlines.status = 'open' AND deadlines.due_at < {p} "
           "ORDER BY deadlines.due_at, deadlines.id LIMIT 100000")
    if target.backend == "sqlite":
        assert target.sqlite_path is not None
        conn = sqlite3.connect(target.sqlite_path)
        now = NOW.replace(tzinfo=None).isoformat(" ")
        return lambda: len(conn.execute(sql.format(p="?"), (now,)).fetchall())
    import psycopg

    assert target.pg_schema is not None
    pg = psycopg.connect(**psycopg_conninfo(base_url(target), target.pg_schema), autocommit=True)
    return lambda: len(pg.execute(sql.format(p="%s"), (NOW,)).fetchall())


def bench_overdue_list(verdicts: Verdicts, target: Target, n: int) -> None:
    migrated(target).dispose()
    began = time.perf_counter()
    seed_open_cases(target, n)
    Verdicts.info(f"{target.backend}: seed {n:,} open cases", f"{time.perf_counter() - began:.1f} s")
    clock = FrozenClock(NOW)
    settings = Settings(home=Path("/tmp"), database_url=target.url, workflows_dir=WORKFLOWS)
    app = build_app(settings, clock=clock)
    raw = raw_overdue(target)
    kim = app.users.actor("kim")  # the mediator of every case: her list is scoped in SQL
    service_s, raw_s = [], []
    for _ in range(3):
        t = time.perf_counter()
        found = app.deadlines.list_deadlines(kim, overdue=True)
        service_s.append(time.perf_counter() - t)
        t = time.perf_counter()
        assert raw() == len(found) == n // 10
        raw_s.append(time.perf_counter() - t)
    app.close()
    env = {**os.environ, "MEDIATION_DATABASE_URL": target.url, "MEDIATION_USER": "kim",
           "MEDIATION_NOW": NOW.isoformat(), "MEDIATION_WORKFLOWS_DIR": str(WORKFLOWS)}
    t = time.perf_counter()
    out = subprocess.run([sys.executable, str(ROOT / "run.py"), "deadline", "list", "--overdue"],
                         env=env, capture_output=True, text=True, check=True).stdout
    cli_s = time.perf_counter() - t
    lines = out.splitlines()  # the first page (50 rows), then how many there are in all
    assert len(lines) == 51 and f"{n // 10:,}" in lines[-1], lines[-1]
    rows = n // 10
    Verdicts.info(f"{target.backend}: overdue query, {rows:,} rows (raw)",
                  f"{median(raw_s) * 1000:.0f} ms")
    verdicts.check(f"{target.backend}: list_deadlines(overdue) service",
                   f"{median(service_s) * 1000:.0f} ms", "≤ 1 s", median(service_s) <= 1.0)
    verdicts.check(f"{target.backend}: `deadline list --overdue` CLI (page 1)", f"{cli_s:.2f} s",
                   "≤ 4 s",
                   cli_s <= 4.0)


# 4. soak -------------------------------------------------------------------------------

def rss_kib() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


def bench_soak(verdicts: Verdicts, target: Target, sweeps: int) -> None:
    import logging

    from mediation.reminders.scheduler import Daemon

    # at a 1 ms interval most ticks find the previous sweep still running: APScheduler says
    # so each time (a warning worth having at 30 s, noise here)
    logging.getLogger("apscheduler").setLevel(logging.ERROR)

    with smtp_sink() as port:
        migrated(target).dispose()
        clock = FrozenClock(datetime(2026, 11, 23, 9, tzinfo=SEOUL))
        mailer = SmtpMailer(SmtpConfig(host="127.0.0.1", port=port, security="none"))
        app = seeded_app(target, Path("/tmp"), clock, mailer)
        admin = app.users.actor("admin")
        samples: dict[int, int] = {}
        sent = 0

        def sweep(jobs: Any) -> Any:
            nonlocal sent
            clock.advance(timedelta(minutes=7))
            count = daemon.sweeps
            if count % 3 == 0:
                app.cases.open_case(admin, workflow="public_conflict", mediator="kim",
                                      supervisor="park", fields=CaseFields(title="가상 사건"))
            report = app.reminders.run_due(jobs)
            sent += report.sent
            if count % 500 == 0:
                samples[count] = rss_kib()
            return report

        daemon = Daemon(sweep, sweep_seconds=0.001, max_sweeps=sweeps)
        began = time.perf_counter()
        daemon.start()
        took = time.perf_counter() - began
        app.close()
    warm = samples[min(k for k in samples if k >= sweeps // 10)]
    end = samples[max(samples)]
    growth = (end - warm) / warm
    Verdicts.info(f"soak: {sweeps:,} sweeps in {took:.0f} s", f"{sent:,} sent")
    Verdicts.info("soak: RSS after warm-up (baseline)", f"{warm / 1024:.1f} MiB")
    verdicts.check("soak: RSS at the end", f"{end / 1024:.1f} MiB", "≤ +10%", growth <= RSS_GROWTH)
    trail = ", ".join(f"{k}:{v / 1024:.1f}" for k, v in sorted(samples.items()))
    Verdicts.info("soak: RSS MiB by sweep", "", trail)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes")
    parser.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="both")
    args = parser.parse_args()
    sizes = [10_000] if args.quick else [100_000, 1_000_000]
    backends = ("sqlite", "postgres") if args.backend == "both" else (args.backend,)
    verdicts = Verdicts()
    targets = {"sqlite": sqlite_target, "postgres": postgres_target}
    print("find-and-claim (100 due reminders a claim)")
    for name in backends:
        with targets[name]() as target:
            bench_claim(verdicts, target, sizes)
    print("sending")
    bench_send(verdicts, 300 if args.quick else 1000)
    for name in backends:
        with targets[name]() as target:
            bench_sweep_throughput(verdicts, target, 100 if args.quick else 300)
    print("deadline list --overdue")
    for name in backends:
        with targets[name]() as target:
            bench_overdue_list(verdicts, target, 10_000 if args.quick else 100_000)
    print("scheduler soak")
    with sqlite_target() as target:
        bench_soak(verdicts, target, 2_000 if args.quick else 10_000)
    return 1 if verdicts.failed else 0


if __name__ == "__main__":
    sys.exit(main())

