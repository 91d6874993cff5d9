"""Shared fixtures: real SQLite files and the real PostgreSQL server, a frozen clock, seeded
users, and a CLI runner (in-process, or as a real subprocess).

Every test that takes ``app`` or ``cli`` runs twice: on a SQLite file and on PostgreSQL
(``MEDIATION_TEST_PG_URL``, default the local server's ``test`` database, in a schema of
this run's own). PostgreSQL tests are never skipped: an unreachable server fails them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from mediation.app import App, build_app
from mediation.config import Settings
from mediation.core.clock import SEOUL, FrozenClock
from mediation.mail.fake import RecordingMailer
from mediation.mail.message import Mailer
from mediation.storage import installation, migrate
from mediation.storage.db import Database
from mediation.workflow.engine import Actor

pytest_plugins = ("support.web",)  # the web console's fixtures

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / "workflows"
PG_BASE = os.environ.get("MEDIATION_TEST_PG_URL",
                         "postgresql+psycopg://postgres@127.0.0.1:5432/test")
START = datetime(2026, 11, 24, 9, 0, tzinfo=SEOUL)
TABLES = ("destructions", "calendar_feeds", "access_records", "access_head", "sign_in_attempts",
          "web_passwords", "attachments", "search_text", "user_events",
          "meetings", "agreement_confirmations", "agreement_signatures",
          "agreement_items", "dispute_issues", "documents", "reminders", "deadlines",
          "case_pauses", "office_days", "case_events", "parties", "cases", "case_counters",
          "document_counters", "users")

USERS = (
    ("admin", "관리자", "admin@example.org", "admin"),
    ("kim", "김조정", "kim@example.org", "mediator"),
    ("lee", "이조정", "lee@example.org", "mediator"),
    ("park", "박담당", "park@example.org", "supervisor"),
    ("choi", "최담당", "choi@example.org", "supervisor"),
)


ADMIN = Actor(username="admin", role="admin")
"""The seeded admin as the use cases see them: who reads a case back in the app-level tests
(admins read every case)."""


def simulation(db: Database) -> None:
    """Mark a migrated test database as a simulation: the tests set the clock
    (``MEDIATION_NOW``) and act as any user (``MEDIATION_USER``)."""
    with db.write() as conn:
        installation.mark(conn, simulation=True, now=START)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    db = Database(f"sqlite:///{path}")
    migrate.upgrade(db)
    simulation(db)
    db.dispose()
    return path


@pytest.fixture(scope="session")
def pg_schema_url() -> Iterator[str]:
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_BASE)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = f"{PG_BASE}?options=-csearch_path%3D{schema}"
    db = Database(url)
    migrate.upgrade(db)
    simulation(db)
    db.dispose()
    yield url
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def _truncate(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A migrated, empty database: a fresh SQLite file, or the PostgreSQL test schema."""
    if request.param == "sqlite":
        path = tmp_path / "mediation.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    url: str = request.getfixturevalue("pg_schema_url")
    _truncate(url)
    return url


@pytest.fixture(params=["sqlite", "postgres"])
def fresh_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database nobody has initialised: a SQLite path with no file yet, or an empty
    PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'new' / 'mediation.db'}"
        return
    schema = f"t_init_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_BASE)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{PG_BASE}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(START)


def make_settings(home: Path, url: str) -> Settings:
    return Settings(home=home, database_url=url, workflows_dir=WORKFLOWS)


@pytest.fixture
def bare_app(database_url: str, tmp_path: Path, clock: FrozenClock) -> Iterator[App]:
    """An app on an empty database (no users)."""
    app = build_app(make_settings(tmp_path, database_url), clock=clock)
    yield app
    app.close()


@pytest.fixture
def app(bare_app: App) -> App:
    """An app whose database has the users of ``USERS``."""
    bare_app.users.ensure_admin("admin")
    admin = bare_app.users.actor("admin")
    for username, name, email, role in USERS[1:]:
        bare_app.users.add_user(admin, username, name, email, role)
    return bare_app


def seeded(settings: Settings, clock: FrozenClock, mail: Mailer) -> App:
    """An app with the users of ``USERS`` and a second admin, han, sending through ``mail``."""
    app = build_app(settings, clock=clock, mailer=mail)
    app.users.ensure_admin("admin")
    admin = app.users.actor("admin")
    for username, name, email, role in (*USERS[1:], ("han", "한관리", "han@example.org", "admin")):
        app.users.add_user(admin, username, name, email, role)
    return app


@pytest.fixture
def mail() -> RecordingMailer:
    return RecordingMailer()


@pytest.fixture
def mapp(database_url: str, tmp_path: Path, clock: FrozenClock,
         mail: RecordingMailer) -> Iterator[App]:
    """An app with seeded users (and a second admin, han) whose mail is recorded."""
    app = seeded(make_settings(tmp_path, database_url), clock, mail)
    yield app
    app.close()


def actor(app: App, username: str) -> Actor:
    return app.users.actor(username)


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str


# checks the command-line tests share ------------------------------------------------------

def ok(result: Result) -> Result:
    """``result`` of a command that succeeded (its stderr shown if it did not)."""
    assert result.code == 0, result.err
    return result


def refused(result: Result, code: int = 4) -> str:
    """A one-line error with exit ``code``, nothing on stdout and no traceback; the message."""
    assert result.code == code, result
    assert result.out == ""
    assert len(result.err.splitlines()) == 1, result.err
    assert "Traceback" not in result.err
    return result.err


def as_json(result: Result) -> Any:
    return json.loads(ok(result).out)


class Cli:
    """Runs ``mediation`` commands against the test database, in-process or as a subprocess."""

    def __init__(self, env: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
        self.env = env
        self.capsys = capsys

    def __call__(self, *argv: str, user: str | None = "admin", now: datetime | None = None,
                 **extra_env: str) -> Result:
        from mediation.cli.main import run

        env = {**self.env, **extra_env}
        if user:
            env["MEDIATION_USER"] = user
        if now is not None:
            env["MEDIATION_NOW"] = now.isoformat()
        saved = {k: os.environ.get(k) for k in env}
        os.environ.update(env)
        self.capsys.readouterr()
        try:
            code = run(list(argv))
        except SystemExit as exc:  # argparse usage errors
            code = int(exc.code or 0)
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
        captured = self.capsys.readouterr()
        return Result(code, captured.out, captured.err)

    def spawn(self, *argv: str, user: str = "admin", **extra_env: str) -> subprocess.Popen[str]:
        env = {**os.environ, **self.env, "MEDIATION_USER": user, **extra_env}
        return subprocess.Popen([sys.executable, str(ROOT / "run.py"), *argv], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def proc(self, *argv: str, user: str = "admin", timeout: float = 60,
             **extra_env: str) -> Result:
        p = self.spawn(*argv, user=user, **extra_env)
        out, err = p.communicate(timeout=timeout)
        return Result(p.returncode, out, err)


@pytest.fixture
def cli(app: App, database_url: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> Cli:
    """A CLI runner on the seeded database, clock frozen at ``START`` unless ``now=`` is given."""
    return Cli({"MEDIATION_DATABASE_URL": database_url, "MEDIATION_HOME": str(tmp_path),
                "MEDIATION_WORKFLOWS_DIR": str(WORKFLOWS), "MEDIATION_NOW": START.isoformat(),
                "MEDIATION_LANG": "ko"}, capsys)
