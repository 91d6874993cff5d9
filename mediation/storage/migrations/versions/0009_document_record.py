"""an issued document is a record: a corrected version names the one it replaces, and a
voided one keeps who voided it, when and why; a draft awaiting approval (결재) keeps who
approved or returned it; a party added by mistake is marked removed

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa

import mediation.storage.models


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('parties', schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            'removed_at', mediation.storage.models.UtcDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('removed_reason', sa.String(length=2000), nullable=True))
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('replaces', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('replaced_by', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('void_reason', sa.String(length=2000), nullable=True))
        batch_op.add_column(sa.Column('voided_by', sa.String(length=140), nullable=True))
        batch_op.add_column(sa.Column(
            'voided_at', mediation.storage.models.UtcDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('reviewed_by', sa.String(length=140), nullable=True))
        batch_op.add_column(sa.Column(
            'reviewed_at', mediation.storage.models.UtcDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('review_comment', sa.String(length=2000), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('documents', schema=None) as batch_op:
        for column in ('review_comment', 'reviewed_at', 'reviewed_by', 'voided_at', 'voided_by', 'void_reason', 'replaced_by', 'replaces'):
            batch_op.drop_column(column)
    with op.batch_alter_table('parties', schema=None) as batch_op:
        batch_op.drop_column('removed_reason')
        batch_op.drop_column('removed_at')
