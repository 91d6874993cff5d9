"""data subjects' requests to stop processing (개인정보 보호법 제37조) on parties; the start
of the access records' chain after pruning

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa

import mediation.storage.models


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('parties', schema=None) as batch_op:
        batch_op.add_column(sa.Column('stopped_at',
                                      mediation.storage.models.UtcDateTime(timezone=True),
                                      nullable=True))
        batch_op.add_column(sa.Column('stopped_reason', sa.String(length=2000), nullable=True))
    with op.batch_alter_table('access_head', schema=None) as batch_op:
        batch_op.add_column(sa.Column('base_seq', sa.Integer(), nullable=False,
                                      server_default='0'))
        batch_op.add_column(sa.Column('base_hash', sa.String(length=64), nullable=False,
                                      server_default='0' * 64))
        batch_op.add_column(sa.Column('base_at',
                                      mediation.storage.models.UtcDateTime(timezone=True),
                                      nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('access_head', schema=None) as batch_op:
        batch_op.drop_column('base_at')
        batch_op.drop_column('base_hash')
        batch_op.drop_column('base_seq')
    with op.batch_alter_table('parties', schema=None) as batch_op:
        batch_op.drop_column('stopped_reason')
        batch_op.drop_column('stopped_at')
