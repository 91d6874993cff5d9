"""Schema creation and upgrades through Alembic, driven from code (``mediation init``)."""

from __future__ import annotations

from pathlib import Path

from mediation.storage.db import Database

SCRIPTS = Path(__file__).resolve().parent / "migrations"
UNMODELLED = ("search_fts",)
"""Tables the migrations make that no model describes: SQLite's FTS5 index of
``search_text`` and its shadow tables (``search_fts_data``, ...)."""


def modelled(name: str | None, type_: str, parent_names: object) -> bool:
    """Alembic's ``include_name`` hook: whether autogenerate compares the object ``name``
    (the FTS5 tables, PostgreSQL's trigram index and SQLite's breakdown index are the
    migrations' own)."""
    del parent_names
    if name is None:
        return True
    if type_ == "table":
        return not name.startswith(UNMODELLED)
    return name not in ("ix_search_text_trgm", "ix_search_text_bigrams", "ix_cases_breakdown")


def _config(conn: object) -> object:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(SCRIPTS))
    cfg.attributes["connection"] = conn
    return cfg


def upgrade(database: Database) -> tuple[str | None, str | None]:
    """Bring the schema to the newest revision; returns (revision before, revision after)."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    with database.engine.begin() as conn:
        before = MigrationContext.configure(conn).get_current_revision()
        command.upgrade(_config(conn), "head")  # type: ignore[arg-type]
        after = MigrationContext.configure(conn).get_current_revision()
    return before, after


def revision(database: Database, message: str) -> None:
    """Developer helper: autogenerate a new revision against ``database``."""
    from alembic import command

    with database.engine.begin() as conn:
        command.revision(_config(conn), message=message, autogenerate=True)  # type: ignore[arg-type]


def current(database: Database) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with database.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()
