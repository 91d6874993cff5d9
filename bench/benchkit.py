"""Shared parts of the benchmarks: a throw-away database (a SQLite file or a PostgreSQL
schema of the run's own, dropped afterwards), cases seeded through the real service,
time-bounded measurement loops, and the lines that print a number with its target and
verdict.

Nothing here talks to anything but local files and the PostgreSQL server named by the
URL (by default 127.0.0.1). Import this module before ``mediation`` (see the note on the
import path below).
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

# ``bench/transitions.py`` would shadow the ``transitions`` library that the engine imports:
# move this folder from the front of the import path to its end (benchkit stays importable).
if sys.path and Path(sys.path[0] or ".").resolve() == HERE:
    sys.path.append(sys.path.pop(0))
WORKFLOWS = ROOT / "workflows"
PG_URL = os.environ.get("MEDIATION_BENCH_PG_URL",
                        "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def compile_package() -> None:
    """Write the package's bytecode (``__pycache__``) before timing whole processes.

    An installed package has it: pip compiles a wheel's modules when it installs them, and
    `make demo`/`make test` compile the checkout. Without it — a checkout run in an
    environment that sets ``PYTHONDONTWRITEBYTECODE``, as some containers do — every process
    compiles the package from source again (about 100 ms here), which is not the start-up
    an office sees."""
    import compileall

    compileall.compile_dir(str(ROOT / "mediation"), quiet=2)


# databases -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Target:
    """A database to measure: its SQLAlchemy URL and what the raw baseline needs."""

    backend: str          # "sqlite" or "postgres"
    url: str              # for the service (SQLAlchemy URL)
    sqlite_path: Path | None = None
    pg_schema: str | None = None


@contextmanager
def sqlite_target() -> Iterator[Target]:
    folder = Path(tempfile.mkdtemp(prefix="mediation-bench-"))
    try:
        path = folder / "bench.db"
        yield Target(backend="sqlite", url=f"sqlite:///{path}", sqlite_path=path)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def postgres_target(base_url: str = PG_URL) -> Iterator[Target]:
    """A fresh schema on the PostgreSQL server, dropped (with everything in it) at the end."""
    from sqlalchemy import create_engine, text

    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base_url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        sep = "&" if "?" in base_url else "?"
        yield Target(backend="postgres", url=f"{base_url}{sep}options=-csearch_path%3D{schema}",
                     pg_schema=schema)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def psycopg_conninfo(base_url: str, schema: str) -> dict[str, object]:
    """Keyword arguments for ``psycopg.connect`` that reach the same server and schema."""
    from sqlalchemy.engine import make_url

    u = make_url(base_url)
    info: dict[str, object] = {"host": u.host or "127.0.0.1", "port": u.port or 5432,
                               "user": u.username or "postgres", "dbname": u.database or "test",
                               "options": f"-csearch_path={schema}"}
    if u.password:
        info["password"] = u.password
    return info


# measuring -------------------------------------------------------------------------------

def rate_for(seconds: float, step: Callable[[int], None]) -> float:
    """Call ``step(i)`` for ``i = 0, 1, ...`` during ``seconds``; return calls per second."""
    count = 0
    start = time.perf_counter()
    deadline = start + seconds
    now = start
    while now < deadline:
        step(count)
        count += 1
        now = time.perf_counter()
    return count / (now - start)


def median(values: list[float]) -> float:
    return statistics.median(values)


# reporting -------------------------------------------------------------------------------

@dataclass
class Verdicts:
    """Collects PASS/FAIL lines; ``failed`` decides the exit status."""

    failed: int = 0

    def check(self, label: str, shown: str, target: str, ok: bool) -> None:
        print(f"  {label:<44} {shown:>14}   target {target:<14} {'PASS' if ok else 'FAIL'}")
        if not ok:
            self.failed += 1

    @staticmethod
    def info(label: str, shown: str, note: str = "") -> None:
        print(f"  {label:<44} {shown:>14}   {note}".rstrip())
