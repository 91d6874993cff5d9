"""Alembic environment: runs on the connection handed over by ``mediation.migrate``."""

from alembic import context

from mediation.storage.migrate import modelled
from mediation.storage.models import metadata

config = context.config
target_metadata = metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("run migrations through `mediation init`")
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=connection.dialect.name == "sqlite",
                      compare_type=True, include_name=modelled)
    with context.begin_transaction():
        context.run_migrations()


run()
