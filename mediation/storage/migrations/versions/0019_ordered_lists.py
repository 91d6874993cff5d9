"""indexes the long lists read a page from in order, stopping after it: live deadlines by due
time (``deadline list``), open reminders by id (``reminders list``). Both are partial, on the
live statuses only, so they stay as small as the open work whatever the history holds.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa


revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None

LIVE_DEADLINES = "status IN ('open', 'paused')"
OPEN_REMINDERS = "status IN ('pending', 'sending', 'failed')"

INDEXES = (
    ('ix_deadlines_live_due', 'deadlines', ['due_at', 'id'], LIVE_DEADLINES),
    ('ix_reminders_open_id', 'reminders', ['id'], OPEN_REMINDERS),
)


def upgrade() -> None:
    for name, table, columns, where in INDEXES:
        op.create_index(name, table, columns, unique=False, sqlite_where=sa.text(where),
                        postgresql_where=sa.text(where))


def downgrade() -> None:
    for name, table, _, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
