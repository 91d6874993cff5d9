"""document register

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel
import mediation.storage.models


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('prefix', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('recipient', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('recipient_kind', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('party_id', sa.Integer(), nullable=True),
    sa.Column('lang', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
    sa.Column('format', sqlmodel.sql.sqltypes.AutoString(length=4), nullable=False),
    sa.Column('template', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('template_sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('context', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('output_path', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
    sa.Column('output_sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('output_bytes', sa.Integer(), nullable=True),
    sa.Column('pages', sa.Integer(), nullable=True),
    sa.Column('companions', sa.JSON(), nullable=False),
    sa.Column('trigger', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('generated_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('generated_at', mediation.storage.models.UtcDateTime(timezone=True), nullable=False),
    sa.Column('sent_at', mediation.storage.models.UtcDateTime(timezone=True), nullable=True),
    sa.Column('sent_to', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], ),
    sa.ForeignKeyConstraint(['party_id'], ['parties.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('number'),
    sa.UniqueConstraint('prefix', 'year', 'seq', name='uq_documents_prefix_year_seq')
    )
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.create_index('ix_documents_case', ['case_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index('ix_documents_case')

    op.drop_table('documents')
