"""issues in dispute, agreement items (commitments), signatures, confirmation, meetings

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
import mediation.storage.models


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('dispute_issues',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('created_at', mediation.storage.models.UtcDateTime(timezone=True), nullable=False),
    sa.Column('settled_at', mediation.storage.models.UtcDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('dispute_issues', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dispute_issues_case_id'), ['case_id'], unique=False)

    op.create_table('agreement_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
    sa.Column('owner_party_id', sa.Integer(), nullable=False),
    sa.Column('due', sa.Date(), nullable=False),
    sa.Column('check_method', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.Column('cost_share', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('status_note', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
    sa.Column('status_at', mediation.storage.models.UtcDateTime(timezone=True), nullable=True),
    sa.Column('created_at', mediation.storage.models.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', mediation.storage.models.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ),
    sa.ForeignKeyConstraint(['owner_party_id'], ['parties.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('agreement_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agreement_items_case_id'), ['case_id'], unique=False)

    op.create_table('agreement_signatures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('party_id', sa.Integer(), nullable=False),
    sa.Column('signed_at', mediation.storage.models.UtcDateTime(timezone=True), nullable=False),
    sa.Column('recorded_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('voided_at', mediation.storage.models.UtcDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ),
    sa.ForeignKeyConstraint(['party_id'], ['parties.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('agreement_signatures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agreement_signatures_case_id'), ['case_id'],
                              unique=False)

    op.create_table('agreement_confirmations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('confirmed_at', mediation.storage.models.UtcDateTime(timezone=True), nullable=False),
    sa.Column('confirmed_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('voided_at', mediation.storage.models.UtcDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('agreement_confirmations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agreement_confirmations_case_id'), ['case_id'],
                              unique=False)

    op.create_table('meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('starts_at', mediation.storage.models.UtcDateTime(timezone=True), nullable=False),
    sa.Column('place', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('agenda', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
    sa.Column('public', sa.Boolean(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('forced_reason', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
    sa.Column('attended', sa.JSON(), nullable=False),
    sa.Column('absent', sa.JSON(), nullable=False),
    sa.Column('excused', sa.JSON(), nullable=False),
    sa.Column('cancel_reason', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
    sa.Column('created_at', mediation.storage.models.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', mediation.storage.models.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meetings_case_id'), ['case_id'], unique=False)


def downgrade() -> None:
    for table in ('meetings', 'agreement_confirmations', 'agreement_signatures', 'agreement_items',
                  'dispute_issues'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f'ix_{table}_case_id'))
        op.drop_table(table)
