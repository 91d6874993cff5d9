"""whether a database is a simulation; the OS login of a user

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa

import mediation.storage.models


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'installation',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('simulation', sa.Boolean(), nullable=False),
        sa.Column('created_at', mediation.storage.models.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('login', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint('uq_users_login', ['login'])


def downgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint('uq_users_login', type_='unique')
        batch_op.drop_column('login')
    op.drop_table('installation')
