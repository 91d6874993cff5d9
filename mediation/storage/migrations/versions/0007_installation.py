"""whether a database is a simulation; the OS login of a user; the users' audit trail;
room in an event's actor for "admin for kim"

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
    op.create_table(
        'user_events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.Column('at', mediation.storage.models.UtcDateTime(timezone=True), nullable=False),
        sa.Column('actor', sa.String(length=140), nullable=False),
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('username', sa.String(length=64), nullable=False),
        sa.Column('details', sa.String(), nullable=False),
        sa.Column('prev_hash', sa.String(length=64), nullable=False),
        sa.Column('hash', sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('seq'),
    )
    with op.batch_alter_table('case_events', schema=None) as batch_op:
        batch_op.alter_column('actor', existing_type=sa.String(length=64),
                              type_=sa.String(length=140), existing_nullable=False)
    _record_existing_users()


def _record_existing_users() -> None:
    """Users created before their trail existed get one 'recorded' event each, so that the
    users' table is the replay of its trail from here on."""
    from datetime import UTC, datetime

    from mediation.core.audit import GENESIS, canonical, user_event_hash

    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT username, name, email, role, active, login "
                                "FROM users ORDER BY id")).all()
    trail = sa.table('user_events', sa.column('seq', sa.Integer()),
                     sa.column('at', mediation.storage.models.UtcDateTime(timezone=True)),
                     sa.column('actor', sa.String()), sa.column('kind', sa.String()),
                     sa.column('username', sa.String()), sa.column('details', sa.String()),
                     sa.column('prev_hash', sa.String()), sa.column('hash', sa.String()))
    prev, now, values = GENESIS, datetime.now(UTC), []
    for seq, row in enumerate(rows, 1):
        details = canonical({"user": {"username": row.username, "name": row.name,
                                      "email": row.email, "role": row.role,
                                      "active": bool(row.active), "login": row.login}})
        digest = user_event_hash(seq=seq, at=now, actor="system", kind="recorded",
                                 username=row.username, details=details, prev_hash=prev)
        values.append({"seq": seq, "at": now, "actor": "system", "kind": "recorded",
                       "username": row.username, "details": details, "prev_hash": prev,
                       "hash": digest})
        prev = digest
    if values:
        conn.execute(trail.insert(), values)


def downgrade() -> None:
    with op.batch_alter_table('case_events', schema=None) as batch_op:
        batch_op.alter_column('actor', existing_type=sa.String(length=140),
                              type_=sa.String(length=64), existing_nullable=False)
    op.drop_table('user_events')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint('uq_users_login', type_='unique')
        batch_op.drop_column('login')
    op.drop_table('installation')
