"""access records (접속기록): who processed which private persons' data, when, from where
and how, hash-chained; the chain's head

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa

import mediation.storage.models


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'access_records',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.Column('at', mediation.storage.models.UtcDateTime(timezone=True), nullable=False),
        sa.Column('account', sa.String(length=140), nullable=False),
        sa.Column('username', sa.String(length=64), nullable=False),
        sa.Column('origin', sa.String(length=300), nullable=False),
        sa.Column('action', sa.String(length=16), nullable=False),
        sa.Column('parties', sa.JSON(), nullable=False),
        sa.Column('case_number', sa.String(length=16), nullable=True),
        sa.Column('own_case', sa.Boolean(), nullable=False),
        sa.Column('what', sa.String(length=100), nullable=False),
        sa.Column('reason', sa.String(length=2000), nullable=True),
        sa.Column('prev_hash', sa.String(length=64), nullable=False),
        sa.Column('hash', sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('seq'),
    )
    with op.batch_alter_table('access_records', schema=None) as batch_op:
        batch_op.create_index('ix_access_records_at', ['at'], unique=False)
        batch_op.create_index('ix_access_records_account', ['account'], unique=False)
    op.create_table(
        'access_head',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.Column('hash', sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.execute("INSERT INTO access_head (id, seq, hash) VALUES (1, 0, '" + "0" * 64 + "')")


def downgrade() -> None:
    op.drop_table('access_head')
    with op.batch_alter_table('access_records', schema=None) as batch_op:
        batch_op.drop_index('ix_access_records_account')
        batch_op.drop_index('ix_access_records_at')
    op.drop_table('access_records')
