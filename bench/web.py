"""The web console's speed: server time of the dashboard and of a case page with 10,000 open
cases in the database (10% with an overdue deadline), against the use cases the page reads
alone (the baseline: what rendering and the session add); then 50 concurrent users clicking
through pages of a console served by ``mediation web`` (its own process, the command's own
uvicorn settings) on 127.0.0.1 for a bounded time. The users are threads of this process, so
their own work does not share the server's interpreter; each pauses ``--think`` seconds
between clicks on average (a person reading the page; ``--think 0``: every user clicks again
the moment a page arrives, a stress test rather than 50 people).

    .venv/bin/python bench/web.py [--cases 10000] [--users 50] [--seconds 20] [--think 1]
                                  [--backend sqlite|postgres]

Targets (issue 13): dashboard and case page ≤ 150 ms server time; under load, p95 ≤ 300 ms
and no errors. Talks to nothing but a temporary SQLite file or a schema of its own on the
PostgreSQL server at 127.0.0.1.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import benchkit
from benchkit import Verdicts, postgres_target, sqlite_target
from reminders import NOW, migrated, seed_open_cases

from mediation.app import build_app
from mediation.config import Settings
from mediation.core.clock import FrozenClock
from mediation.workflow.engine import Actor

PASSWORD = "bench password 1"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def timed(step: Callable[[], object], runs: int) -> float:
    """The median wall time of ``step`` in ms."""
    spent = []
    for _ in range(runs):
        t = time.perf_counter()
        step()
        spent.append((time.perf_counter() - t) * 1000)
    return statistics.median(spent)


def sign_in(client: object, base: str = "") -> None:
    page = client.get(f"{base}/signin")  # type: ignore[attr-defined]
    token = CSRF.search(page.text).group(1)  # type: ignore[union-attr]
    client.post(f"{base}/signin", data={"username": "park", "password": PASSWORD,  # type: ignore[attr-defined]
                                        "csrf": token})


def pages(verdicts: Verdicts, app: object, number: str, runs: int) -> None:
    from starlette.testclient import TestClient

    from mediation.web.server import create_app

    park = Actor(username="park", role="supervisor")
    a: Any = app
    with TestClient(create_app(a, secret="bench")) as client:
        sign_in(client)
        client.get("/")
        dash = timed(lambda: client.get("/"), runs)
        case = timed(lambda: client.get(f"/cases/{number}"), runs)
    base_dash = timed(lambda: (a.documents.approval_queue(park),
                               a.deadlines.list_deadlines(park, overdue=True, limit=21),
                               a.deadlines.list_deadlines(park, due_within=timedelta(days=7),
                                                          upcoming=True, limit=21),
                               a.meetings.meetings_between(park, NOW, NOW + timedelta(days=7)),
                               a.cases.list_cases(park, _quiet()), a.cases.caseload(park)), runs)
    base_case = timed(lambda: (a.reading.show_case(park, number, recent=0),
                               a.deadlines.list_deadlines(park, number, include_closed=True),
                               a.meetings.list_meetings(park, number),
                               a.documents.list_documents(park, number),
                               a.reading.history(park, number)), runs)
    Verdicts.info("dashboard: the use cases alone (baseline)", f"{base_dash:.1f} ms")
    verdicts.check("dashboard: GET / (server time, median)", f"{dash:.1f} ms", "≤ 150 ms",
                   dash <= 150)
    Verdicts.info("case page: the use cases alone (baseline)", f"{base_case:.1f} ms")
    verdicts.check("case page: GET /cases/N (median)", f"{case:.1f} ms", "≤ 150 ms", case <= 150)


def _quiet() -> object:
    from mediation.storage.cases import CaseFilter

    return CaseFilter(closed=False, limit=21, oldest_first=True,
                      updated_before=NOW - timedelta(days=14))


def serve(url: str, home: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    """``mediation web`` as its own process (the command's own uvicorn settings), on
    127.0.0.1:``port``, once it answers."""
    env = {**os.environ, "MEDIATION_DATABASE_URL": url, "MEDIATION_HOME": home,
           "MEDIATION_NOW": NOW.isoformat(), "MEDIATION_WORKFLOWS_DIR": str(benchkit.WORKFLOWS),
           "MEDIATION_WEB_SECRET": "bench", "MEDIATION_WEB_ATTEMPTS_PER_ADDRESS": "1000"}
    argv = [sys.executable, str(benchkit.ROOT / "run.py"), "web", "--port", str(port)]
    if workers > 1:
        argv += ["--workers", str(workers)]
    server = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("the console did not start")


def load(verdicts: Verdicts, url: str, home: str, numbers: list[str], users: int,
         seconds: float, think: float, workers: int) -> None:
    """``users`` clients (threads of this process; the server is a process of its own) sign
    in, wait for each other, then click through the pages for ``seconds``, each pausing
    ``think`` seconds on average between clicks (uniformly 0.5–1.5× that; 0: none)."""
    import random

    import httpx2 as httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = serve(url, home, port, workers)
    base = f"http://127.0.0.1:{port}"
    spent: list[float] = []
    errors: list[str] = []
    ready = threading.Barrier(users + 1)
    stop = [0.0]

    def user(k: int) -> None:
        rnd = random.Random(k)
        with httpx.Client(timeout=60) as client:
            sign_in(client, base)  # argon2 takes its time: the clock starts when all are in
            ready.wait()
            paths = ["/", "/cases", f"/cases/{numbers[k % len(numbers)]}", "/approvals",
                     "/cases?page=2&q=가상"]
            i = 0
            if think:
                time.sleep(rnd.uniform(0, think))  # the users do not click in step
            while time.monotonic() < stop[0]:
                t = time.perf_counter()
                answer = client.get(base + paths[i % len(paths)])
                spent.append((time.perf_counter() - t) * 1000)
                if answer.status_code != 200:
                    errors.append(f"{answer.status_code} {paths[i % len(paths)]}")
                i += 1
                if think:
                    time.sleep(rnd.uniform(0.5 * think, 1.5 * think))

    try:
        crowd = [threading.Thread(target=user, args=(k,)) for k in range(users)]
        for t in crowd:
            t.start()
        stop[0] = time.monotonic() + 3600  # set for real once everyone has signed in
        ready.wait()
        stop[0] = time.monotonic() + seconds
        for t in crowd:
            t.join()
    finally:
        server.terminate()
        server.wait(timeout=30)
    p95 = statistics.quantiles(spent, n=20)[-1] if len(spent) > 1 else float("inf")
    how = f"{users} users, think {think:g} s, {workers} worker(s), {seconds:g} s"
    Verdicts.info(f"load: {how}", f"{len(spent):,} requests",
                  f"median {statistics.median(spent):.0f} ms, "
                  f"{len(spent) / seconds:.0f} req/s, load average {os.getloadavg()[0]:.1f}")
    verdicts.check("load: p95 response time", f"{p95:.0f} ms", "≤ 300 ms", p95 <= 300)
    verdicts.check("load: errors", f"{len(errors)}", "0", not errors)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--think", type=float, default=1.0,
                        help="seconds a user pauses between clicks, on average (0: none)")
    parser.add_argument("--workers", type=int, default=1, help="server processes")
    args = parser.parse_args()
    verdicts = Verdicts()
    target_of = sqlite_target if args.backend == "sqlite" else postgres_target
    with target_of() as target, tempfile.TemporaryDirectory() as home:
        migrated(target).dispose()
        seed_open_cases(target, args.cases)
        app = build_app(Settings(home=Path(home), database_url=target.url,
                                 workflows_dir=benchkit.WORKFLOWS), clock=FrozenClock(NOW))
        app.passwords.set_password(Actor(username="park", role="supervisor"), "park", PASSWORD)
        numbers = [f"2026-{i:06d}" for i in range(1, args.cases + 1, max(1, args.cases // 100))]
        print(f"web console, {args.backend}, {args.cases:,} open cases")
        pages(verdicts, app, numbers[0], args.runs)
        app.close()
        load(verdicts, target.url, home, numbers, args.users, args.seconds, args.think,
             args.workers)
    return 1 if verdicts.failed else 0


if __name__ == "__main__":
    sys.exit(main())
