"""document numbers from a counter row (one atomic upsert, as case numbers); who holds a
reserved document number, and until when

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa

import mediation.storage.models


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'document_counters',
        sa.Column('prefix', sa.String(length=100), nullable=False),
        sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('last', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('prefix', 'year'),
    )
    op.execute("INSERT INTO document_counters (prefix, year, last) "
               "SELECT prefix, year, MAX(seq) FROM documents GROUP BY prefix, year")
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reserved_by', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column(
            'reserved_until', mediation.storage.models.UtcDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_column('reserved_until')
        batch_op.drop_column('reserved_by')
    op.drop_table('document_counters')
