"""the personal calendar feed of the web console (a secret token per user, stored hashed)
and one-time passwords (changed at the first sign-in)

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa

import mediation.storage.models


revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'calendar_feeds',
        sa.Column('username', sa.String(length=64), sa.ForeignKey('users.username'),
                  primary_key=True),
        sa.Column('token_sha256', sa.String(length=64), nullable=False, unique=True),
        sa.Column('made_at', mediation.storage.models.UtcDateTime(timezone=True), nullable=False),
        sa.Column('made_by', sa.String(length=140), nullable=False),
    )
    with op.batch_alter_table('web_passwords') as batch:
        batch.add_column(sa.Column('temporary', sa.Boolean(), nullable=False,
                                   server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('web_passwords') as batch:
        batch.drop_column('temporary')
    op.drop_table('calendar_feeds')
