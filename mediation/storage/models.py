"""The tables, as SQLAlchemy Core ``Table``s of one ``MetaData``. Mutable state lives only
here; every change to a case appends a ``case_events`` row whose hash chains to the case's
previous event.

The package reads and writes through SQLAlchemy Core only, so the tables are declared as Core
tables rather than as ORM or SQLModel classes: building 26 mapped classes cost every command
about a third of its start beyond ``import sqlmodel``. The Alembic migrations and
``tests/storage/test_migrations.py`` compare the migrated schema with ``metadata``.
"""

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.types import DateTime, TypeDecorator

GENESIS = "0" * 64  # the previous hash of a chain's first link (core.audit.GENESIS)


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware datetimes stored as UTC on every backend (SQLite keeps no offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UtcDateTime column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


UTC_TIME = UtcDateTime(timezone=True)

metadata = MetaData()


# A person who uses the program: mediator, supervisor or administrator.
users = Table(
    "users", metadata,
    Column('id', Integer(), primary_key=True),
    Column('username', String(64), nullable=False, unique=True, index=True),
    Column('name', String(200), nullable=False),
    Column('email', String(254), nullable=False),
    Column('role', String(16), nullable=False),
    Column('active', Boolean(), nullable=False, default=True),
    Column('created_at', UTC_TIME, nullable=False),
    # the OS account
    Column('login', String(64), nullable=True, unique=True),
)


# One row: whether this database is a simulation (demo, tests, training), where the clock may
# be set and anyone acted as, or an office's database. Written once, by ``mediation init``.
installation = Table(
    "installation", metadata,
    Column('id', Integer(), primary_key=True, default=1),
    Column('simulation', Boolean(), nullable=False),
    Column('created_at', UTC_TIME, nullable=False),
)


# The last case number handed out per year (``2026-0001``).
case_counters = Table(
    "case_counters", metadata,
    Column('year', Integer(), primary_key=True, autoincrement=False),
    Column('last', Integer(), nullable=False, default=0),
)


# The last document number handed out per prefix and year (``<prefix>-2026-0012``).
document_counters = Table(
    "document_counters", metadata,
    Column('prefix', String(100), primary_key=True),
    Column('year', Integer(), primary_key=True, autoincrement=False),
    Column('last', Integer(), nullable=False, default=0),
)


# A case: its fields, where its workflow stands, and the hash of its last event
# (``audit_head``). ``version`` is bumped by every change, so that a change made on a stale
# read is refused (a concurrent edit).
cases = Table(
    "cases", metadata,
    Column('id', Integer(), primary_key=True),
    Column('number', String(16), nullable=False, unique=True, index=True),
    Column('title', String(300), nullable=False),
    Column('summary', String(20000), nullable=False, default=''),
    Column('workflow', String(64), nullable=False, index=True),
    Column('workflow_version', Integer(), nullable=False),
    Column('state', String(64), nullable=False),
    Column('closed', Boolean(), nullable=False, default=False),
    Column('conflict_types', JSON(), nullable=False),
    Column('sector', String(32), nullable=True),
    Column('district', String(64), nullable=True),
    Column('location', String(300), nullable=True),
    Column('department', String(200), nullable=True),
    Column('channel', String(32), nullable=True),
    Column('stage', String(16), nullable=True),
    Column('grade', String(1), nullable=True),
    Column('alert', String(8), nullable=False, default='none'),
    Column('alert_indicators', JSON(), nullable=False),
    Column('people_involved', Integer(), nullable=True),
    Column('project_cost', BigInteger(), nullable=True),
    Column('chair', String(200), nullable=True),
    Column('mediator', String(64), ForeignKey('users.username'), nullable=False),
    Column('supervisor', String(64), ForeignKey('users.username'), nullable=False),
    Column('opened_at', UTC_TIME, nullable=False),
    Column('closed_at', UTC_TIME, nullable=True),
    Column('updated_at', UTC_TIME, nullable=False),
    Column('audit_head', String(64), nullable=False),
    # when its private persons' data was destroyed (법 제21조; ``privacy destroy``)
    Column('destroyed_at', UTC_TIME, nullable=True),
    Column('version', Integer(), nullable=False),
    # the lists read newest first (by id) within each column; the report's months and
    # closings, and its caseload at the period's end (0018)
    Index('ix_cases_closed_at', 'closed_at', 'closed'),
    Index('ix_cases_closed_id', 'closed', 'id'),
    Index('ix_cases_mediator_id', 'mediator', 'id'),
    Index('ix_cases_mediator_open', 'mediator', 'opened_at', 'closed', 'closed_at'),
    Index('ix_cases_opened_at', 'opened_at'),
    Index('ix_cases_state_id', 'state', 'id'),
    Index('ix_cases_supervisor_id', 'supervisor', 'id'),
    # the dashboard: a supervisor's open cases, per mediator, quiet ones (0018)
    Index('ix_cases_supervisor_open', 'supervisor', 'closed', 'updated_at', 'mediator'),
)


# A party to a case: an agency, an organisation, a group or a private person.
parties = Table(
    "parties", metadata,
    Column('id', Integer(), primary_key=True),
    Column('case_id', Integer(), ForeignKey('cases.id'), nullable=False, index=True),
    Column('name', String(200), nullable=False),
    Column('role', String(32), nullable=False),
    Column('organization', String(200), nullable=True),
    Column('representative', Boolean(), nullable=False, default=False),
    Column('email', String(254), nullable=True),
    Column('phone', String(40), nullable=True),
    Column('address', String(500), nullable=True),
    Column('lang', String(2), nullable=False, default='ko'),
    Column('consent', String(8), nullable=True),
    Column('consent_at', UTC_TIME, nullable=True),
    # when the party agreed that meetings be open to the public (decree art. 22); None: closed
    Column('open_consent_at', UTC_TIME, nullable=True),
    Column('created_at', UTC_TIME, nullable=False),
    # a party added by mistake is marked removed, never deleted: it stays in the history and
    # in the documents already issued, and leaves the guards' counts and new letters
    Column('removed_at', UTC_TIME, nullable=True),
    Column('removed_reason', String(2000), nullable=True),
    # a request to stop processing (처리정지 요구, 개인정보 보호법 제37조), recorded by
    # `privacy subject --stop` and lifted by `--resume`: while set, nothing is sent to the party
    Column('stopped_at', UTC_TIME, nullable=True),
    Column('stopped_reason', String(2000), nullable=True),
)


# One append-only entry of a case's audit trail.
case_events = Table(
    "case_events", metadata,
    Column('id', Integer(), primary_key=True),
    Column('case_id', Integer(), ForeignKey('cases.id'), nullable=False),
    Column('seq', Integer(), nullable=False),
    Column('at', UTC_TIME, nullable=False),
    # a username, or "admin for kim"
    Column('actor', String(140), nullable=False),
    Column('kind', String(32), nullable=False),
    Column('from_state', String(64), nullable=True),
    Column('to_state', String(64), nullable=True),
    Column('trigger', String(64), nullable=True),
    Column('note', String(20000), nullable=True),
    Column('details', String(), nullable=False, default='{}'),
    Column('prev_hash', String(64), nullable=False),
    Column('hash', String(64), nullable=False),
    # set when the destruction of personal data replaced its note and details: its ``hash``
    # is still what the original content hashed to; the case's ``personal_data_destroyed``
    # event commits the hash of the redacted content
    Column('redacted_at', UTC_TIME, nullable=True),
    UniqueConstraint('case_id', 'seq', name='uq_case_events_case_seq'),
)


# One append-only entry of the users' audit trail: who was added, changed, mapped to a login,
# made inactive — with the user's whole record after the change.
user_events = Table(
    "user_events", metadata,
    Column('id', Integer(), primary_key=True),
    Column('seq', Integer(), nullable=False, unique=True),
    Column('at', UTC_TIME, nullable=False),
    Column('actor', String(140), nullable=False),
    Column('kind', String(32), nullable=False),
    Column('username', String(64), nullable=False),
    Column('details', String(), nullable=False, default='{}'),
    Column('prev_hash', String(64), nullable=False),
    Column('hash', String(64), nullable=False),
)


# deadlines, reminders and the office calendar -------------------------------------------

# One change to the office calendar, never edited: ``add`` makes a day a holiday, ``remove``
# declares one of the package's holidays a working day (or withdraws an added day). The latest
# change of a day wins.
office_days = Table(
    "office_days", metadata,
    Column('id', Integer(), primary_key=True),
    Column('day', Date(), nullable=False, index=True),
    Column('action', String(8), nullable=False),
    Column('name', String(200), nullable=False),
    Column('actor', String(64), nullable=False),
    Column('at', UTC_TIME, nullable=False),
)


# A stop of the clock on a case (``resumed_at`` empty while it lasts).
case_pauses = Table(
    "case_pauses", metadata,
    Column('id', Integer(), primary_key=True),
    Column('case_id', Integer(), ForeignKey('cases.id'), nullable=False, index=True),
    Column('paused_at', UTC_TIME, nullable=False),
    Column('paused_by', String(64), nullable=False),
    Column('reason', String(2000), nullable=False),
    Column('resumed_at', UTC_TIME, nullable=True),
    Column('resumed_by', String(64), nullable=True),
)


LIVE_DEADLINES = "status IN ('open', 'paused')"
"""The live deadlines (``storage.deadlines.LIVE``): the partial index of the list."""


# A deadline of a case with its rule and inputs (start, schedule, adjustments), so its due
# time can be explained and recomputed.
deadlines = Table(
    "deadlines", metadata,
    Column('id', Integer(), primary_key=True),
    Column('case_id', Integer(), ForeignKey('cases.id'), nullable=False),
    Column('rule', String(64), nullable=False),
    Column('seq', Integer(), nullable=False, default=1),
    Column('kind', String(16), nullable=False),
    Column('title_ko', String(200), nullable=False),
    Column('title_en', String(200), nullable=False),
    Column('basis', String(500), nullable=False),
    Column('schedule', JSON(), nullable=False),
    Column('start_at', UTC_TIME, nullable=False),
    Column('due_at', UTC_TIME, nullable=True),
    Column('original_due_at', UTC_TIME, nullable=False),
    Column('status', String(16), nullable=False),
    Column('adjustments', JSON(), nullable=False),
    Column('extensions', Integer(), nullable=False, default=0),
    Column('generation', Integer(), nullable=False, default=0),
    Column('opened_at', UTC_TIME, nullable=False),
    Column('closed_at', UTC_TIME, nullable=True),
    Column('closed_by', String(64), nullable=True),
    # a ``commitment`` deadline's agreement item (its due date is the item's)
    Column('item_id', Integer(), ForeignKey('agreement_items.id'), nullable=True),
    UniqueConstraint('case_id', 'rule', 'seq', name='uq_deadlines_case_rule_seq'),
    Index('ix_deadlines_case_status', 'case_id', 'status'),
    Index('ix_deadlines_item', 'item_id'),
    # the statistics report counts a period's deadlines from this index alone
    Index('ix_deadlines_report', 'rule', 'due_at', 'kind', 'status', 'closed_at', 'case_id'),
    Index('ix_deadlines_status_due', 'status', 'due_at'),
    # ``deadline list``: the live ones in their order, a page read without a sort (0019)
    Index('ix_deadlines_live_due', 'due_at', 'id', sqlite_where=text(LIVE_DEADLINES),
          postgresql_where=text(LIVE_DEADLINES)),
)


OPEN_REMINDERS = "status IN ('pending', 'sending', 'failed')"
"""The open reminders (``storage.outbox.OPEN``): the partial index of the list."""


# One e-mail to send (the outbox): reminders before a due time, escalations after it, digests
# and review reminders. ``next_at`` is when it may be claimed next: its send time, the end of
# a sender's lease, or the next retry.
reminders = Table(
    "reminders", metadata,
    Column('id', Integer(), primary_key=True),
    Column('key', String(200), nullable=False, unique=True),
    Column('case_id', Integer(), ForeignKey('cases.id'), nullable=True),
    Column('deadline_id', Integer(), ForeignKey('deadlines.id'), nullable=True),
    Column('kind', String(16), nullable=False),
    Column('audience', String(80), nullable=False),
    Column('recipients', JSON(), nullable=False),
    Column('send_at', UTC_TIME, nullable=True),
    Column('next_at', UTC_TIME, nullable=True),
    Column('status', String(16), nullable=False),
    Column('attempts', Integer(), nullable=False, default=0),
    Column('last_error', String(1000), nullable=True),
    Column('claimed_by', String(64), nullable=True),
    Column('sent_at', UTC_TIME, nullable=True),
    Column('message_id', String(250), nullable=False),
    Column('late', Boolean(), nullable=False, default=False),
    Column('created_at', UTC_TIME, nullable=False),
    Index('ix_reminders_deadline', 'deadline_id'),
    # the statistics report (0018)
    Index('ix_reminders_sent', 'kind', 'status', 'sent_at', 'deadline_id'),
    Index('ix_reminders_status_next', 'status', 'next_at'),
    # ``reminders list``: the open ones by id, a page read without a sort (0019)
    Index('ix_reminders_open_id', 'id', sqlite_where=text(OPEN_REMINDERS),
          postgresql_where=text(OPEN_REMINDERS)),
)


# One entry of the document register: a letter, notice, agreement or report, its number
# (``<prefix>-<year>-<sequence>``), the context it was rendered from and the hash of the file
# written. A number is reserved before rendering (``status`` ``reserved``, held by
# ``reserved_by`` — host and process — until ``reserved_until``, its planned file in
# ``output_path``), becomes ``issued`` once the file is written, or ``void`` if rendering
# failed or its holder is gone. An issued document is a record: a corrected version is a new
# entry naming the one it ``replaces`` (which becomes ``replaced``, ``replaced_by`` the new
# number); a mistaken one is voided by a person with ``void_reason``, ``voided_by`` and
# ``voided_at``, its number never reused.
documents = Table(
    "documents", metadata,
    Column('id', Integer(), primary_key=True),
    Column('number', String(120), nullable=False, unique=True),
    Column('prefix', String(100), nullable=False),
    Column('year', Integer(), nullable=False),
    Column('seq', Integer(), nullable=False),
    Column('case_id', Integer(), ForeignKey('cases.id'), nullable=False),
    Column('kind', String(32), nullable=False),
    Column('status', String(10), nullable=False),
    Column('recipient', String(300), nullable=False),
    Column('recipient_kind', String(10), nullable=False),
    Column('party_id', Integer(), ForeignKey('parties.id'), nullable=True),
    Column('lang', String(2), nullable=False),
    Column('format', String(4), nullable=False),
    Column('template', String(300), nullable=False),
    Column('template_sha256', String(64), nullable=True),
    Column('context', String(), nullable=False),
    Column('output_path', String(2000), nullable=True),
    Column('output_sha256', String(64), nullable=True),
    Column('output_bytes', Integer(), nullable=True),
    Column('pages', Integer(), nullable=True),
    Column('companions', JSON(), nullable=False),
    Column('trigger', String(64), nullable=True),
    Column('generated_by', String(64), nullable=False),
    Column('generated_at', UTC_TIME, nullable=False),
    Column('sent_at', UTC_TIME, nullable=True),
    Column('sent_to', String(254), nullable=True),
    Column('reserved_by', String(200), nullable=True),
    Column('reserved_until', UTC_TIME, nullable=True),
    Column('replaces', String(120), nullable=True),
    Column('replaced_by', String(120), nullable=True),
    Column('void_reason', String(2000), nullable=True),
    Column('voided_by', String(140), nullable=True),
    Column('voided_at', UTC_TIME, nullable=True),
    # approval (결재): a kind the workflow lists under `approval:` is a ``draft`` until the
    # case's supervisor approves it (``issued``) or returns it (``returned``, 반려)
    Column('reviewed_by', String(140), nullable=True),
    Column('reviewed_at', UTC_TIME, nullable=True),
    Column('review_comment', String(2000), nullable=True),
    # its files deleted and its context emptied when personal data was destroyed; the entry
    # keeps its number, date and SHA-256
    Column('destroyed_at', UTC_TIME, nullable=True),
    UniqueConstraint('prefix', 'year', 'seq', name='uq_documents_prefix_year_seq'),
    Index('ix_documents_case', 'case_id'),
    # the approval queue (0018)
    Index('ix_documents_status', 'status', 'generated_at'),
)


# issues in dispute, the agreement, its signatures and commitments ------------------------

# One issue in dispute (쟁점): ``open`` until settled as ``agreed`` or ``unresolved``.
dispute_issues = Table(
    "dispute_issues", metadata,
    Column('id', Integer(), primary_key=True),
    Column('case_id', Integer(), ForeignKey('cases.id'), nullable=False, index=True),
    Column('text', String(2000), nullable=False),
    Column('status', String(16), nullable=False, default='open'),
    Column('created_at', UTC_TIME, nullable=False),
    Column('settled_at', UTC_TIME, nullable=True),
)


# One agreed term: who implements it, by when, how completion is checked, who pays. Once the
# agreement is signed it is a commitment whose ``status`` is tracked (``open``, ``done``,
# ``waived``, ``breached``); ``version`` counts its edits.
agreement_items = Table(
    "agreement_items", metadata,
    Column('id', Integer(), primary_key=True),
    Column('case_id', Integer(), ForeignKey('cases.id'), nullable=False, index=True),
    Column('text', String(2000), nullable=False),
    Column('owner_party_id', Integer(), ForeignKey('parties.id'), nullable=False),
    Column('due', Date(), nullable=False),
    Column('check_method', String(500), nullable=True),
    Column('cost_share', String(500), nullable=True),
    Column('version', Integer(), nullable=False, default=1),
    Column('status', String(16), nullable=False, default='open'),
    Column('status_note', String(2000), nullable=True),
    Column('status_at', UTC_TIME, nullable=True),
    Column('created_at', UTC_TIME, nullable=False),
    Column('updated_at', UTC_TIME, nullable=False),
)


# A party's signature of the agreement; ``voided_at`` is set when an item changes after it was
# given.
agreement_signatures = Table(
    "agreement_signatures", metadata,
    Column('id', Integer(), primary_key=True),
    Column('case_id', Integer(), ForeignKey('cases.id'), nullable=False, index=True),
    Column('party_id', Integer(), ForeignKey('parties.id'), nullable=False),
    Column('signed_at', UTC_TIME, nullable=False),
    Column('recorded_by', String(64), nullable=False),
    Column('voided_at', UTC_TIME, nullable=True),
)


# The mediating body's confirmation of the signed agreement (voided like signatures).
agreement_confirmations = Table(
    "agreement_confirmations", metadata,
    Column('id', Integer(), primary_key=True),
    Column('case_id', Integer(), ForeignKey('cases.id'), nullable=False, index=True),
    Column('confirmed_at', UTC_TIME, nullable=False),
    Column('confirmed_by', String(64), nullable=False),
    Column('voided_at', UTC_TIME, nullable=True),
)


# A meeting of a case: joint or separate session, or public hearing. Closed unless ``public``;
# ``forced_reason`` records why a short notice was accepted; attendance lists party ids once
# the meeting is recorded as ``held``.
meetings = Table(
    "meetings", metadata,
    Column('id', Integer(), primary_key=True),
    Column('case_id', Integer(), ForeignKey('cases.id'), nullable=False, index=True),
    Column('kind', String(16), nullable=False),
    Column('starts_at', UTC_TIME, nullable=False),
    Column('place', String(300), nullable=False),
    Column('agenda', String(2000), nullable=True),
    Column('public', Boolean(), nullable=False, default=False),
    Column('status', String(16), nullable=False, default='scheduled'),
    Column('forced_reason', String(2000), nullable=True),
    Column('attended', JSON(), nullable=False),
    Column('absent', JSON(), nullable=False),
    Column('excused', JSON(), nullable=False),
    Column('cancel_reason', String(2000), nullable=True),
    Column('minutes', Text(), nullable=True),
    Column('minutes_sha256', String(64), nullable=True),
    # calendar SEQUENCE: bumped by each reschedule
    Column('sequence', Integer(), nullable=False, default=0),
    Column('notices', JSON(), nullable=False),
    # a public hearing's speakers, how and by when to apply to speak, comments (행정절차법 38)
    Column('hearing', JSON(), nullable=True),
    Column('created_at', UTC_TIME, nullable=False),
    Column('updated_at', UTC_TIME, nullable=False),
    # the calendar and the report (0018)
    Index('ix_meetings_status_starts', 'status', 'starts_at', 'kind'),
)


# A user's password for the web console: its argon2id hash only (never the password), when it
# was set and by whom (``mediation user password``).
web_passwords = Table(
    "web_passwords", metadata,
    Column('username', String(64), ForeignKey('users.username'), primary_key=True),
    Column('hash', String(400), nullable=False),
    Column('set_at', UTC_TIME, nullable=False),
    Column('set_by', String(140), nullable=False),
    # a one-time password (the demo's, `user password --temporary`): to be changed at the
    # first sign-in before any page opens
    Column('temporary', Boolean(), nullable=False, default=False),
)


# A user's personal calendar feed (``/calendar/TOKEN.ics``): the SHA-256 of its secret token
# only (the token is shown once, when made), when and by whom it was made. Renewing replaces
# the row, so the old address stops working.
calendar_feeds = Table(
    "calendar_feeds", metadata,
    Column('username', String(64), ForeignKey('users.username'), primary_key=True),
    Column('token_sha256', String(64), nullable=False, unique=True),
    Column('made_at', UTC_TIME, nullable=False),
    Column('made_by', String(140), nullable=False),
)


# One attempt to sign in to the web console: for whom, from which address, when, and whether
# it succeeded. Failures counted per user and per address limit guessing.
sign_in_attempts = Table(
    "sign_in_attempts", metadata,
    Column('id', Integer(), primary_key=True),
    Column('username', String(64), nullable=False),
    Column('address', String(64), nullable=False),
    Column('at', UTC_TIME, nullable=False),
    Column('ok', Boolean(), nullable=False),
    Index('ix_sign_in_attempts_address_at', 'address', 'at'),
    Index('ix_sign_in_attempts_username_at', 'username', 'at'),
)


# what `case search` finds, and the files attached to a case --------------------------------

# One piece of a case's text that ``case search`` finds: its title, summary, a note of its
# audit trail, a party (name and organisation), an issue, an agreement item or a meeting's
# minutes (``source``; ``ref`` the event's seq or the row's id, 0 for the case's own fields).
# Written in the transaction that changes the text; indexed by the database's own text index
# (SQLite FTS5 ``trigram``, PostgreSQL ``pg_trgm``), made by the migration.
search_text = Table(
    "search_text", metadata,
    Column('id', Integer(), primary_key=True),
    Column('case_id', Integer(), ForeignKey('cases.id'), nullable=False, index=True),
    Column('source', String(16), nullable=False),
    Column('ref', Integer(), nullable=False, default=0),
    Column('body', Text(), nullable=False),
    UniqueConstraint('case_id', 'source', 'ref', name='uq_search_text_source'),
)


# A file received or produced outside the program (a complaint, a letter received, a photo, a
# signed scan), kept content-addressed under the documents folder by its SHA-256. Never
# edited; each addition is an event of the case.
attachments = Table(
    "attachments", metadata,
    Column('id', Integer(), primary_key=True),
    Column('case_id', Integer(), ForeignKey('cases.id'), nullable=False),
    Column('party_id', Integer(), ForeignKey('parties.id'), nullable=True),
    Column('title', String(300), nullable=False),
    Column('kind', String(32), nullable=False),
    Column('filename', String(255), nullable=False),
    Column('sha256', String(64), nullable=False),
    Column('size', BigInteger(), nullable=False),
    Column('media_type', String(100), nullable=False),
    Column('added_by', String(140), nullable=False),
    Column('added_at', UTC_TIME, nullable=False),
    # its file deleted and its title and name blotted out when personal data was destroyed
    Column('destroyed_at', UTC_TIME, nullable=True),
    Index('ix_attachments_case', 'case_id'),
)


# One access record (접속기록, 「개인정보의 안전성 확보조치 기준」 제8조): who (the account),
# when (to the second), where from (terminal or client address), whose data (the private
# persons' party ids) and what was done; each record's hash covers its content and the
# previous record's hash, as the case's audit trail.
access_records = Table(
    "access_records", metadata,
    Column('id', Integer(), primary_key=True),
    Column('seq', Integer(), nullable=False, unique=True),
    Column('at', UTC_TIME, nullable=False),
    Column('account', String(140), nullable=False),
    # the user acting (the account without "admin for")
    Column('username', String(64), nullable=False),
    Column('origin', String(300), nullable=False),
    Column('action', String(16), nullable=False),
    Column('parties', JSON(), nullable=False),
    Column('case_number', String(16), nullable=True),
    # the user is the case's mediator or supervisor
    Column('own_case', Boolean(), nullable=False, default=True),
    # the command or screen
    Column('what', String(100), nullable=False),
    Column('reason', String(2000), nullable=True),
    Column('prev_hash', String(64), nullable=False),
    Column('hash', String(64), nullable=False),
    Index('ix_access_records_account', 'account'),
    Index('ix_access_records_at', 'at'),
)


# One row: the access records' last sequence number and hash. Writers lock it, so that records
# are chained one after another on every backend.
access_head = Table(
    "access_head", metadata,
    Column('id', Integer(), primary_key=True, default=1),
    Column('seq', Integer(), nullable=False, default=0),
    Column('hash', String(64), nullable=False),
    # where the chain starts once records past their retention are pruned (`privacy prune`):
    # the last pruned record's sequence number and hash (0 and the genesis until then)
    Column('base_seq', Integer(), nullable=False, default=0),
    Column('base_hash', String(64), nullable=False, default=GENESIS),
    # that record's time
    Column('base_at', UTC_TIME, nullable=True),
)


# One destruction of a case's personal data (파기 기록, 법 제21조 제3항): when, by whom, on what basis,
# what (counts, party ids — never the data itself), the case event that commits the
# redactions, and the files that could not be deleted yet.
destructions = Table(
    "destructions", metadata,
    Column('id', Integer(), primary_key=True),
    Column('case_id', Integer(), ForeignKey('cases.id'), nullable=False, index=True),
    Column('case_number', String(16), nullable=False),
    Column('at', UTC_TIME, nullable=False),
    Column('actor', String(140), nullable=False),
    Column('reason', String(2000), nullable=False),
    # before the end of the retention period
    Column('forced', Boolean(), nullable=False, default=False),
    Column('closed_at', UTC_TIME, nullable=True),
    Column('due_at', UTC_TIME, nullable=True),
    Column('parties', JSON(), nullable=False),
    Column('counts', JSON(), nullable=False),
    Column('event_seq', Integer(), nullable=False),
    Column('pending', JSON(), nullable=False),
)
