"""commitment deadlines, consent to open meetings, meeting minutes, notices and sequence

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
import mediation.storage.models


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('deadlines', schema=None) as batch_op:
        batch_op.add_column(sa.Column('item_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_deadlines_item_id', 'agreement_items', ['item_id'], ['id'])
    with op.batch_alter_table('parties', schema=None) as batch_op:
        batch_op.add_column(sa.Column('open_consent_at', mediation.storage.models.UtcDateTime(timezone=True),
                                      nullable=True))
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('minutes', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('minutes_sha256', sqlmodel.sql.sqltypes.AutoString(length=64),
                                      nullable=True))
        batch_op.add_column(sa.Column('sequence', sa.Integer(), nullable=False,
                                      server_default='0'))
        batch_op.add_column(sa.Column('notices', sa.JSON(), nullable=False,
                                      server_default='[]'))


def downgrade() -> None:
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        for column in ('notices', 'sequence', 'minutes_sha256', 'minutes'):
            batch_op.drop_column(column)
    with op.batch_alter_table('parties', schema=None) as batch_op:
        batch_op.drop_column('open_consent_at')
    with op.batch_alter_table('deadlines', schema=None) as batch_op:
        batch_op.drop_constraint('fk_deadlines_item_id', type_='foreignkey')
        batch_op.drop_column('item_id')
