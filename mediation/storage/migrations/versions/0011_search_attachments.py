"""the text `case search` finds (search_text) with the database's own index over it — SQLite
FTS5 with the trigram tokenizer, PostgreSQL pg_trgm — built from the existing cases; the
files attached to cases (attachments)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""
import sqlite3

from alembic import op
import sqlalchemy as sa

import mediation.storage.models


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

FTS_TRIGGERS = (
    "CREATE TRIGGER search_text_ai AFTER INSERT ON search_text BEGIN "
    "INSERT INTO search_fts(rowid, body) VALUES (new.id, new.body || ' '); END",
    "CREATE TRIGGER search_text_ad AFTER DELETE ON search_text BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, body) VALUES ('delete', old.id, old.body || ' '); "
    "END",
    "CREATE TRIGGER search_text_au AFTER UPDATE ON search_text BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, body) VALUES ('delete', old.id, old.body || ' '); "
    "INSERT INTO search_fts(rowid, body) VALUES (new.id, new.body || ' '); END",
)
"""The index holds each text with a space after it, so that every occurrence of a
two-character word begins a trigram (``소음`` at the end of ``층간소음`` is in ``소음 ``), which
``storage.search`` finds through the index's list of trigrams (``search_fts_vocab``)."""
BIGRAMS = (
    "CREATE FUNCTION search_bigrams(body text) RETURNS text[] LANGUAGE sql IMMUTABLE "
    "PARALLEL SAFE AS $$ SELECT coalesce(array_agg(DISTINCT substr(lower(body), i, 2)), "
    "'{}') FROM generate_series(1, length(body) - 1) AS i $$")
"""PostgreSQL: a text's distinct two-character pieces, lower-cased; a GIN index over them
finds a two-character word (소음), which a trigram index cannot."""
BACKFILL = (
    "SELECT id, 'title', 0, title FROM cases",
    "SELECT id, 'summary', 0, summary FROM cases WHERE summary <> ''",
    "SELECT case_id, 'note', seq, note FROM case_events WHERE note IS NOT NULL AND note <> ''",
    "SELECT case_id, 'party', id, name || COALESCE(' ' || organization, '') FROM parties "
    "WHERE removed_at IS NULL",
    "SELECT case_id, 'issue', id, text FROM dispute_issues",
    "SELECT case_id, 'item', id, text FROM agreement_items",
    "SELECT case_id, 'minutes', id, minutes FROM meetings WHERE minutes IS NOT NULL",
)


def _trigram_schema() -> str:
    """The schema of the database's pg_trgm extension, created in ``public`` if the database
    has none yet: an extension is one per database, so an index names its operator class by
    schema rather than trusting the search path (a schema of its own may not hold it)."""
    conn = op.get_bind()
    find = sa.text("SELECT n.nspname FROM pg_extension e JOIN pg_namespace n "
                   "ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'")
    schema = conn.execute(find).scalar()
    if schema is None:
        conn.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public"))
        schema = conn.execute(find).scalar_one()
    return '"' + str(schema).replace('"', '""') + '"'


def upgrade() -> None:
    op.create_table(
        'search_text',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('source', sa.String(length=16), nullable=False),
        sa.Column('ref', sa.Integer(), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('case_id', 'source', 'ref', name='uq_search_text_source'),
    )
    op.create_index('ix_search_text_case_id', 'search_text', ['case_id'], unique=False)
    if op.get_context().dialect.name == 'sqlite':
        if sqlite3.sqlite_version_info < (3, 34, 0):
            raise RuntimeError(f"SQLite {sqlite3.sqlite_version} has no trigram tokenizer; "
                               "case search needs SQLite 3.34 or newer")
        op.execute("CREATE VIRTUAL TABLE search_fts USING fts5(body, content='search_text', "
                   "content_rowid='id', tokenize='trigram')")
        op.execute("CREATE VIRTUAL TABLE search_fts_vocab USING fts5vocab(search_fts, 'row')")
        for trigger in FTS_TRIGGERS:
            op.execute(trigger)
    else:
        op.execute(f"CREATE INDEX ix_search_text_trgm ON search_text "
                   f"USING gin (body {_trigram_schema()}.gin_trgm_ops)")
        op.execute(BIGRAMS)
        op.execute("CREATE INDEX ix_search_text_bigrams ON search_text "
                   "USING gin (search_bigrams(body))")
    for select in BACKFILL:
        op.execute(f"INSERT INTO search_text (case_id, source, ref, body) {select}")
    op.create_table(
        'attachments',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('party_id', sa.Integer(), nullable=True),
        sa.Column('title', sa.String(length=300), nullable=False),
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('filename', sa.String(length=255), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('size', sa.BigInteger(), nullable=False),
        sa.Column('media_type', sa.String(length=100), nullable=False),
        sa.Column('added_by', sa.String(length=140), nullable=False),
        sa.Column('added_at', mediation.storage.models.UtcDateTime(timezone=True),
                  nullable=False),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id']),
        sa.ForeignKeyConstraint(['party_id'], ['parties.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_attachments_case', 'attachments', ['case_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_attachments_case', table_name='attachments')
    op.drop_table('attachments')
    if op.get_context().dialect.name == 'sqlite':
        op.execute("DROP TABLE search_fts_vocab")
        op.execute("DROP TABLE search_fts")
    op.drop_index('ix_search_text_case_id', table_name='search_text')
    op.drop_table('search_text')
    if op.get_context().dialect.name != 'sqlite':
        op.execute("DROP FUNCTION search_bigrams(text)")
