"""the statistics report's index: deadlines by rule and due time, covering what the
compliance figures read, so that a year's deadlines are counted from the index in rule
order (no sort), not from their rows

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03
"""
from alembic import op


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_deadlines_report', 'deadlines',
                    ['rule', 'due_at', 'kind', 'status', 'closed_at', 'case_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_deadlines_report', table_name='deadlines')
