"""destruction of personal data: redacted events, destroyed documents and attachments, the
destruction records (파기 기록)

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa

import mediation.storage.models


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

MARKED = ('cases', 'documents', 'attachments')


def upgrade() -> None:
    utc = mediation.storage.models.UtcDateTime(timezone=True)
    for table in MARKED:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column('destroyed_at', utc, nullable=True))
    with op.batch_alter_table('case_events') as batch:
        batch.add_column(sa.Column('redacted_at', utc, nullable=True))
    op.create_table(
        'destructions',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('case_id', sa.Integer(), sa.ForeignKey('cases.id'), nullable=False),
        sa.Column('case_number', sa.String(length=16), nullable=False),
        sa.Column('at', utc, nullable=False),
        sa.Column('actor', sa.String(length=140), nullable=False),
        sa.Column('reason', sa.String(length=2000), nullable=False),
        sa.Column('forced', sa.Boolean(), nullable=False),
        sa.Column('closed_at', utc, nullable=True),
        sa.Column('due_at', utc, nullable=True),
        sa.Column('parties', sa.JSON(), nullable=False),
        sa.Column('counts', sa.JSON(), nullable=False),
        sa.Column('event_seq', sa.Integer(), nullable=False),
        sa.Column('pending', sa.JSON(), nullable=False),
    )
    op.create_index('ix_destructions_case_id', 'destructions', ['case_id'])


def downgrade() -> None:
    op.drop_index('ix_destructions_case_id', table_name='destructions')
    op.drop_table('destructions')
    with op.batch_alter_table('case_events') as batch:
        batch.drop_column('redacted_at')
    for table in MARKED:
        with op.batch_alter_table(table) as batch:
            batch.drop_column('destroyed_at')
