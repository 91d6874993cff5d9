"""indexes for the year's report and the console's dashboard: cases by closing time (the
report's months and closings), by mediator with their opening and closing (the caseload at
the period's end, from the index alone), on SQLite the breakdowns' columns (grouped from
the index without a sort), open cases by supervisor (the dashboard's caseload, count and
quiet cases), drafts by status (the approval queue), meetings by status and time (the
week's meetings, the meetings held in a period), escalations sent by time (the report)

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03
"""
from alembic import op


revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None

INDEXES = (
    ('ix_cases_closed_at', 'cases', ['closed_at', 'closed']),
    ('ix_cases_mediator_open', 'cases', ['mediator', 'opened_at', 'closed', 'closed_at']),
    ('ix_cases_supervisor_open', 'cases', ['supervisor', 'closed', 'updated_at', 'mediator']),
    ('ix_documents_status', 'documents', ['status', 'generated_at']),
    ('ix_meetings_status_starts', 'meetings', ['status', 'starts_at', 'kind']),
    ('ix_reminders_sent', 'reminders', ['kind', 'status', 'sent_at', 'deadline_id']),
)


# SQLite only (PostgreSQL's ``json`` has no B-tree order): the report's breakdowns grouped
# in this index's order, read from it alone, without a sort (``storage.report.breakdowns``)
BREAKDOWN = ('ix_cases_breakdown', 'cases', ['workflow', 'conflict_types', 'district', 'grade',
                                             'channel', 'opened_at', 'closed', 'closed_at'])


def _sqlite() -> bool:
    return op.get_bind().dialect.name == 'sqlite'


def upgrade() -> None:
    for name, table, columns in (*INDEXES, *((BREAKDOWN,) if _sqlite() else ())):
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, table, _ in reversed((*INDEXES, *((BREAKDOWN,) if _sqlite() else ()))):
        op.drop_index(name, table_name=table)
