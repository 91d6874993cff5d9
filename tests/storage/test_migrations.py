"""The schema comes from the Alembic migrations, and the migrations agree with the models.

``mediation init`` creates the schema on a fresh SQLite file and is a no-op the second time;
on a freshly migrated database (SQLite and PostgreSQL) Alembic's autogenerate comparison
finds no difference between the migrated schema and the tables of storage/models.py.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from conftest import START, WORKFLOWS
from sqlalchemy import create_engine, text

from mediation.cli.main import run
from mediation.storage import migrate
from mediation.storage.models import metadata

HEAD = ScriptDirectory(str(migrate.SCRIPTS)).get_current_head()

Init = Callable[[], dict[str, Any]]


@pytest.fixture
def init(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
         tmp_path: Path) -> Callable[[str], Init]:
    """``init(url)()`` runs ``mediation init --simulation --json`` in-process against ``url``
    (a simulation, since it sets MEDIATION_NOW and MEDIATION_USER)."""

    def against(url: str) -> Init:
        def once() -> dict[str, Any]:
            for key, value in {"MEDIATION_DATABASE_URL": url, "MEDIATION_HOME": str(tmp_path),
                               "MEDIATION_WORKFLOWS_DIR": str(WORKFLOWS),
                               "MEDIATION_USER": "admin", "MEDIATION_NOW": START.isoformat(),
                               "MEDIATION_LANG": "en"}.items():
                monkeypatch.setenv(key, value)
            capsys.readouterr()
            code = run(["init", "--simulation", "--json"])
            out, err = capsys.readouterr()
            assert code == 0, err
            result: dict[str, Any] = json.loads(out)
            return result
        return once
    return against


def schema_differences(url: str) -> list[Any]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True,
                                                           "include_name": migrate.modelled})
            return list(compare_metadata(context, metadata))
    finally:
        engine.dispose()


def sqlite_schema(url: str) -> list[tuple[Any, ...]]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(
                "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"))]
    finally:
        engine.dispose()


def scalar(url: str, sql: str) -> Any:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text(sql)).scalar_one()
    finally:
        engine.dispose()


def test_init_creates_the_schema_on_a_fresh_sqlite_file_and_the_second_run_changes_nothing(
        init: Callable[[str], Init], tmp_path: Path) -> None:
    # Given a path where no database exists yet
    path = tmp_path / "data" / "fresh.db"
    url = f"sqlite:///{path}"
    assert not path.exists()
    # When `mediation init` runs
    first = init(url)()
    # Then it created every table of the models at the newest revision, and the first admin
    assert (first["revision_before"], first["revision"], first["admin_created"]) == (
        None, HEAD, "admin")
    tables = {row[1] for row in sqlite_schema(url)
              if row[0] == "table" and not row[1].startswith(migrate.UNMODELLED)}
    assert tables == set(metadata.tables) | {"alembic_version"}
    schema = sqlite_schema(url)
    # When it runs a second time
    second = init(url)()
    # Then nothing changed: same revision, same schema, no second admin
    assert (second["revision_before"], second["revision"], second["admin_created"]) == (
        HEAD, HEAD, None)
    assert sqlite_schema(url) == schema
    assert scalar(url, "SELECT count(*) FROM users") == 1
    # And the schema it made is the one the models describe
    assert schema_differences(url) == []


def test_the_migrated_schema_and_the_models_agree(database_url: str) -> None:
    # Given a database migrated by the migrations (the test fixture runs them)
    # When Alembic compares it with the tables of storage/models.py
    differences = schema_differences(database_url)
    # Then autogenerate would find nothing to write
    assert differences == []
    assert scalar(database_url, "SELECT version_num FROM alembic_version") == HEAD


def test_init_on_a_migrated_database_is_a_no_op(init: Callable[[str], Init],
                                                database_url: str) -> None:
    # Given a migrated database with no users
    # When `mediation init` runs
    result = init(database_url)()
    # Then the revision stays the newest and the only change is the first admin
    assert (result["revision_before"], result["revision"], result["admin_created"]) == (
        HEAD, HEAD, "admin")
    assert schema_differences(database_url) == []
