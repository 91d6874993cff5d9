"""indexes for 100,000 cases: the lists of one mediator, supervisor, state or openness
newest first (their column, then id), cases opened since a date, and the deadline of an
agreement item (the commitment list joined every item to every open deadline)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03
"""
from alembic import op


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

_REPLACED = {  # old index → (new index, its columns)
    'ix_cases_state': ('ix_cases_state_id', ['state', 'id']),
    'ix_cases_mediator': ('ix_cases_mediator_id', ['mediator', 'id']),
    'ix_cases_supervisor': ('ix_cases_supervisor_id', ['supervisor', 'id']),
}


def upgrade() -> None:
    for old, (new, columns) in _REPLACED.items():
        op.create_index(new, 'cases', columns)
        op.drop_index(old, table_name='cases')
    op.create_index('ix_cases_closed_id', 'cases', ['closed', 'id'])
    op.create_index('ix_cases_opened_at', 'cases', ['opened_at'])
    op.create_index('ix_deadlines_item', 'deadlines', ['item_id'])


def downgrade() -> None:
    op.drop_index('ix_deadlines_item', table_name='deadlines')
    op.drop_index('ix_cases_opened_at', table_name='cases')
    op.drop_index('ix_cases_closed_id', table_name='cases')
    for old, (new, columns) in _REPLACED.items():
        op.create_index(old, 'cases', columns[:1])
        op.drop_index(new, table_name='cases')
