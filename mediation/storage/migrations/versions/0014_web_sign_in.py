"""the web console's sign-in: password hashes (argon2id) and sign-in attempts

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa

import mediation.storage.models


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'web_passwords',
        sa.Column('username', sa.String(length=64), sa.ForeignKey('users.username'),
                  primary_key=True),
        sa.Column('hash', sa.String(length=400), nullable=False),
        sa.Column('set_at', mediation.storage.models.UtcDateTime(timezone=True), nullable=False),
        sa.Column('set_by', sa.String(length=140), nullable=False),
    )
    op.create_table(
        'sign_in_attempts',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('username', sa.String(length=64), nullable=False),
        sa.Column('address', sa.String(length=64), nullable=False),
        sa.Column('at', mediation.storage.models.UtcDateTime(timezone=True), nullable=False),
        sa.Column('ok', sa.Boolean(), nullable=False),
    )
    op.create_index('ix_sign_in_attempts_username_at', 'sign_in_attempts', ['username', 'at'])
    op.create_index('ix_sign_in_attempts_address_at', 'sign_in_attempts', ['address', 'at'])


def downgrade() -> None:
    op.drop_index('ix_sign_in_attempts_address_at', table_name='sign_in_attempts')
    op.drop_index('ix_sign_in_attempts_username_at', table_name='sign_in_attempts')
    op.drop_table('sign_in_attempts')
    op.drop_table('web_passwords')
