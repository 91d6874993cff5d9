"""SQLModel tables. Mutable state lives only here; every change to a case appends a
``CaseEvent`` row whose hash chains to the case's previous event.

No ``from __future__ import annotations`` in this module: it breaks SQLModel tables.
"""

from datetime import UTC, date, datetime
from typing import Any

from pydantic import ConfigDict
from sqlalchemy import JSON, BigInteger, Column, Index, Integer, UniqueConstraint, text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import DateTime, Text, TypeDecorator
from sqlmodel import Field, SQLModel


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


class _Deferred(SQLModel):
    """Base of the tables: pydantic builds a table's validator only when a row object is
    validated. The package reads and writes through SQLAlchemy Core, so no command pays
    for the ten validators at start-up (a fifth of this module's import time)."""

    model_config = ConfigDict(defer_build=True)  # type: ignore[assignment]  # SQLModelConfig is a ConfigDict


class User(_Deferred, table=True):
    __tablename__ = "users"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64, unique=True, index=True)
    name: str = Field(max_length=200)
    email: str = Field(max_length=254)
    role: str = Field(max_length=16)
    active: bool = Field(default=True)
    created_at: datetime = Field(sa_type=UtcDateTime)
    login: str | None = Field(default=None, max_length=64, unique=True)  # the OS account


class Installation(_Deferred, table=True):
    """One row: whether this database is a simulation (demo, tests, training), where the
    clock may be set and anyone acted as, or an office's database. Written once, by
    ``mediation init``."""

    __tablename__ = "installation"

    id: int = Field(default=1, primary_key=True)
    simulation: bool
    created_at: datetime = Field(sa_type=UtcDateTime)


class CaseCounter(_Deferred, table=True):
    """The last case number handed out per year (``2026-0001``)."""

    __tablename__ = "case_counters"

    year: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    last: int = Field(default=0)


class DocumentCounter(_Deferred, table=True):
    """The last document number handed out per prefix and year (``<prefix>-2026-0012``)."""

    __tablename__ = "document_counters"

    prefix: str = Field(max_length=100, primary_key=True)
    year: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    last: int = Field(default=0)


_CASE_VERSION = Column("version", Integer, nullable=False)


class Case(_Deferred, table=True):
    __tablename__ = "cases"
    __table_args__ = (  # the lists read newest first (by id) within each column
        Index("ix_cases_state_id", "state", "id"),
        Index("ix_cases_mediator_id", "mediator", "id"),
        Index("ix_cases_supervisor_id", "supervisor", "id"),
        Index("ix_cases_closed_id", "closed", "id"),
        Index("ix_cases_opened_at", "opened_at"),
        # the report's months and closings, and its caseload at the period's end (0018)
        Index("ix_cases_closed_at", "closed_at", "closed"),
        Index("ix_cases_mediator_open", "mediator", "opened_at", "closed", "closed_at"),
        # the dashboard: a supervisor's open cases, per mediator, quiet ones (0018)
        Index("ix_cases_supervisor_open", "supervisor", "closed", "updated_at", "mediator"),
    )

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(max_length=16, unique=True, index=True)
    title: str = Field(max_length=300)
    summary: str = Field(default="", max_length=20000)
    workflow: str = Field(max_length=64, index=True)
    workflow_version: int
    state: str = Field(max_length=64)
    closed: bool = Field(default=False)
    conflict_types: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    sector: str | None = Field(default=None, max_length=32)
    district: str | None = Field(default=None, max_length=64)
    location: str | None = Field(default=None, max_length=300)
    department: str | None = Field(default=None, max_length=200)
    channel: str | None = Field(default=None, max_length=32)
    stage: str | None = Field(default=None, max_length=16)
    grade: str | None = Field(default=None, max_length=1)
    alert: str = Field(default="none", max_length=8)
    alert_indicators: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    people_involved: int | None = None
    project_cost: int | None = Field(default=None, sa_type=BigInteger)
    chair: str | None = Field(default=None, max_length=200)
    mediator: str = Field(foreign_key="users.username", max_length=64)
    supervisor: str = Field(foreign_key="users.username", max_length=64)
    opened_at: datetime = Field(sa_type=UtcDateTime)
    closed_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)
    audit_head: str = Field(max_length=64)
    # when its private persons' data was destroyed (법 제21조; ``privacy destroy``)
    destroyed_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    version: int = Field(default=1, sa_column=_CASE_VERSION)

    __mapper_args__: Any = {"version_id_col": _CASE_VERSION}


class Party(_Deferred, table=True):
    __tablename__ = "parties"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    name: str = Field(max_length=200)
    role: str = Field(max_length=32)
    organization: str | None = Field(default=None, max_length=200)
    representative: bool = Field(default=False)
    email: str | None = Field(default=None, max_length=254)
    phone: str | None = Field(default=None, max_length=40)
    address: str | None = Field(default=None, max_length=500)
    lang: str = Field(default="ko", max_length=2)
    consent: str | None = Field(default=None, max_length=8)
    consent_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    # when the party agreed that meetings be open to the public (decree art. 22); None: closed
    open_consent_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    created_at: datetime = Field(sa_type=UtcDateTime)
    # a party added by mistake is marked removed, never deleted: it stays in the history and
    # in the documents already issued, and leaves the guards' counts and new letters
    removed_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    removed_reason: str | None = Field(default=None, max_length=2000)
    # a request to stop processing (처리정지 요구, 개인정보 보호법 제37조), recorded by
    # `privacy subject --stop` and lifted by `--resume`: while set, nothing is sent to the party
    stopped_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    stopped_reason: str | None = Field(default=None, max_length=2000)


class CaseEvent(_Deferred, table=True):
    """One append-only entry of a case's audit trail."""

    __tablename__ = "case_events"
    __table_args__ = (UniqueConstraint("case_id", "seq", name="uq_case_events_case_seq"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id")
    seq: int
    at: datetime = Field(sa_type=UtcDateTime)
    actor: str = Field(max_length=140)  # a username, or "admin for kim"
    kind: str = Field(max_length=32)
    from_state: str | None = Field(default=None, max_length=64)
    to_state: str | None = Field(default=None, max_length=64)
    trigger: str | None = Field(default=None, max_length=64)
    note: str | None = Field(default=None, max_length=20000)
    details: str = Field(default="{}")
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)
    # set when the destruction of personal data replaced its note and details: its ``hash``
    # is still what the original content hashed to; the case's ``personal_data_destroyed``
    # event commits the hash of the redacted content
    redacted_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class UserEvent(_Deferred, table=True):
    """One append-only entry of the users' audit trail: who was added, changed, mapped to a
    login, made inactive — with the user's whole record after the change."""

    __tablename__ = "user_events"

    id: int | None = Field(default=None, primary_key=True)
    seq: int = Field(unique=True)
    at: datetime = Field(sa_type=UtcDateTime)
    actor: str = Field(max_length=140)
    kind: str = Field(max_length=32)
    username: str = Field(max_length=64)
    details: str = Field(default="{}")
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)


# deadlines, reminders and the office calendar -------------------------------------------

class OfficeDay(_Deferred, table=True):
    """One change to the office calendar, never edited: ``add`` makes a day a holiday,
    ``remove`` declares one of the package's holidays a working day (or withdraws an added
    day). The latest change of a day wins."""

    __tablename__ = "office_days"

    id: int | None = Field(default=None, primary_key=True)
    day: date = Field(index=True)
    action: str = Field(max_length=8)
    name: str = Field(max_length=200)
    actor: str = Field(max_length=64)
    at: datetime = Field(sa_type=UtcDateTime)


class CasePause(_Deferred, table=True):
    """A stop of the clock on a case (``resumed_at`` empty while it lasts)."""

    __tablename__ = "case_pauses"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    paused_at: datetime = Field(sa_type=UtcDateTime)
    paused_by: str = Field(max_length=64)
    reason: str = Field(max_length=2000)
    resumed_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    resumed_by: str | None = Field(default=None, max_length=64)


LIVE_DEADLINES = "status IN ('open', 'paused')"
"""The live deadlines (``storage.deadlines.LIVE``): the partial index of the list."""


class Deadline(_Deferred, table=True):
    """A deadline of a case with its rule and inputs (start, schedule, adjustments), so its
    due time can be explained and recomputed."""

    __tablename__ = "deadlines"
    __table_args__ = (
        UniqueConstraint("case_id", "rule", "seq", name="uq_deadlines_case_rule_seq"),
        Index("ix_deadlines_status_due", "status", "due_at"),
        Index("ix_deadlines_case_status", "case_id", "status"),
        # the statistics report counts a period's deadlines from this index alone
        Index("ix_deadlines_report", "rule", "due_at", "kind", "status", "closed_at", "case_id"),
        Index("ix_deadlines_item", "item_id"),
        # ``deadline list``: the live ones in their order, a page read without a sort (0019)
        Index("ix_deadlines_live_due", "due_at", "id", sqlite_where=text(LIVE_DEADLINES),
              postgresql_where=text(LIVE_DEADLINES)),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id")
    rule: str = Field(max_length=64)
    seq: int = Field(default=1)
    kind: str = Field(max_length=16)
    title_ko: str = Field(max_length=200)
    title_en: str = Field(max_length=200)
    basis: str = Field(max_length=500)
    schedule: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    start_at: datetime = Field(sa_type=UtcDateTime)
    due_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    original_due_at: datetime = Field(sa_type=UtcDateTime)
    status: str = Field(max_length=16)
    adjustments: list[Any] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    extensions: int = Field(default=0)
    generation: int = Field(default=0)
    opened_at: datetime = Field(sa_type=UtcDateTime)
    closed_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    closed_by: str | None = Field(default=None, max_length=64)
    # a ``commitment`` deadline's agreement item (its due date is the item's)
    item_id: int | None = Field(default=None, foreign_key="agreement_items.id")


OPEN_REMINDERS = "status IN ('pending', 'sending', 'failed')"
"""The open reminders (``storage.outbox.OPEN``): the partial index of the list."""


class Reminder(_Deferred, table=True):
    """One e-mail to send (the outbox): reminders before a due time, escalations after it,
    digests and review reminders. ``next_at`` is when it may be claimed next: its send time,
    the end of a sender's lease, or the next retry."""

    __tablename__ = "reminders"
    __table_args__ = (
        Index("ix_reminders_status_next", "status", "next_at"),
        Index("ix_reminders_deadline", "deadline_id"),
        Index("ix_reminders_sent", "kind", "status", "sent_at", "deadline_id"),  # report (0018)
        # ``reminders list``: the open ones by id, a page read without a sort (0019)
        Index("ix_reminders_open_id", "id", sqlite_where=text(OPEN_REMINDERS),
              postgresql_where=text(OPEN_REMINDERS)),
    )

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=200, unique=True)
    case_id: int | None = Field(default=None, foreign_key="cases.id")
    deadline_id: int | None = Field(default=None, foreign_key="deadlines.id")
    kind: str = Field(max_length=16)
    audience: str = Field(max_length=80)
    recipients: list[Any] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    send_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    next_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    status: str = Field(max_length=16)
    attempts: int = Field(default=0)
    last_error: str | None = Field(default=None, max_length=1000)
    claimed_by: str | None = Field(default=None, max_length=64)
    sent_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    message_id: str = Field(max_length=250)
    late: bool = Field(default=False)
    created_at: datetime = Field(sa_type=UtcDateTime)


class Document(_Deferred, table=True):
    """One entry of the document register: a letter, notice, agreement or report, its
    number (``<prefix>-<year>-<sequence>``), the context it was rendered from and the hash of
    the file written. A number is reserved before rendering (``status`` ``reserved``, held by
    ``reserved_by`` — host and process — until ``reserved_until``, its planned file in
    ``output_path``), becomes ``issued`` once the file is written, or ``void`` if rendering
    failed or its holder is gone. An issued document is a record: a corrected version is a
    new entry naming the one it ``replaces`` (which becomes ``replaced``, ``replaced_by`` the
    new number); a mistaken one is voided by a person with ``void_reason``, ``voided_by``
    and ``voided_at``, its number never reused."""

    __tablename__ = "documents"
    __table_args__ = (
        UniqueConstraint("prefix", "year", "seq", name="uq_documents_prefix_year_seq"),
        Index("ix_documents_case", "case_id"),
        Index("ix_documents_status", "status", "generated_at"),  # the approval queue (0018)
    )

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(max_length=120, unique=True)
    prefix: str = Field(max_length=100)
    year: int
    seq: int
    case_id: int = Field(foreign_key="cases.id")
    kind: str = Field(max_length=32)
    status: str = Field(max_length=10)
    recipient: str = Field(max_length=300)
    recipient_kind: str = Field(max_length=10)
    party_id: int | None = Field(default=None, foreign_key="parties.id")
    lang: str = Field(max_length=2)
    format: str = Field(max_length=4)
    template: str = Field(max_length=300)
    template_sha256: str | None = Field(default=None, max_length=64)
    context: str
    output_path: str | None = Field(default=None, max_length=2000)
    output_sha256: str | None = Field(default=None, max_length=64)
    output_bytes: int | None = None
    pages: int | None = None
    companions: list[Any] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    trigger: str | None = Field(default=None, max_length=64)
    generated_by: str = Field(max_length=64)
    generated_at: datetime = Field(sa_type=UtcDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    sent_to: str | None = Field(default=None, max_length=254)
    reserved_by: str | None = Field(default=None, max_length=200)
    reserved_until: datetime | None = Field(default=None, sa_type=UtcDateTime)
    replaces: str | None = Field(default=None, max_length=120)
    replaced_by: str | None = Field(default=None, max_length=120)
    void_reason: str | None = Field(default=None, max_length=2000)
    voided_by: str | None = Field(default=None, max_length=140)
    voided_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    # approval (결재): a kind the workflow lists under `approval:` is a ``draft`` until the
    # case's supervisor approves it (``issued``) or returns it (``returned``, 반려)
    reviewed_by: str | None = Field(default=None, max_length=140)
    reviewed_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    review_comment: str | None = Field(default=None, max_length=2000)
    # its files deleted and its context emptied when personal data was destroyed; the entry
    # keeps its number, date and SHA-256
    destroyed_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


# issues in dispute, the agreement, its signatures and commitments ------------------------

class DisputeIssue(_Deferred, table=True):
    """One issue in dispute (쟁점): ``open`` until settled as ``agreed`` or ``unresolved``."""

    __tablename__ = "dispute_issues"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    text: str = Field(max_length=2000)
    status: str = Field(default="open", max_length=16)
    created_at: datetime = Field(sa_type=UtcDateTime)
    settled_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class AgreementItem(_Deferred, table=True):
    """One agreed term: who implements it, by when, how completion is checked, who pays.
    Once the agreement is signed it is a commitment whose ``status`` is tracked (``open``,
    ``done``, ``waived``, ``breached``); ``version`` counts its edits."""

    __tablename__ = "agreement_items"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    text: str = Field(max_length=2000)
    owner_party_id: int = Field(foreign_key="parties.id")
    due: date
    check_method: str | None = Field(default=None, max_length=500)
    cost_share: str | None = Field(default=None, max_length=500)
    version: int = Field(default=1)
    status: str = Field(default="open", max_length=16)
    status_note: str | None = Field(default=None, max_length=2000)
    status_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    created_at: datetime = Field(sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)


class AgreementSignature(_Deferred, table=True):
    """A party's signature of the agreement; ``voided_at`` is set when an item changes
    after it was given."""

    __tablename__ = "agreement_signatures"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    party_id: int = Field(foreign_key="parties.id")
    signed_at: datetime = Field(sa_type=UtcDateTime)
    recorded_by: str = Field(max_length=64)
    voided_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class AgreementConfirmation(_Deferred, table=True):
    """The mediating body's confirmation of the signed agreement (voided like signatures)."""

    __tablename__ = "agreement_confirmations"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    confirmed_at: datetime = Field(sa_type=UtcDateTime)
    confirmed_by: str = Field(max_length=64)
    voided_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class Meeting(_Deferred, table=True):
    """A meeting of a case: joint or separate session, or public hearing. Closed unless
    ``public``; ``forced_reason`` records why a short notice was accepted; attendance lists
    party ids once the meeting is recorded as ``held``."""

    __tablename__ = "meetings"
    __table_args__ = (Index("ix_meetings_status_starts", "status", "starts_at", "kind"),)  # 0018

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    kind: str = Field(max_length=16)
    starts_at: datetime = Field(sa_type=UtcDateTime)
    place: str = Field(max_length=300)
    agenda: str | None = Field(default=None, max_length=2000)
    public: bool = Field(default=False)
    status: str = Field(default="scheduled", max_length=16)
    forced_reason: str | None = Field(default=None, max_length=2000)
    attended: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    absent: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    excused: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    cancel_reason: str | None = Field(default=None, max_length=2000)
    minutes: str | None = Field(default=None, sa_type=Text)
    minutes_sha256: str | None = Field(default=None, max_length=64)
    sequence: int = Field(default=0)  # calendar SEQUENCE: bumped by each reschedule
    notices: list[Any] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # a public hearing's speakers, how and by when to apply to speak, comments (행정절차법 38)
    hearing: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    created_at: datetime = Field(sa_type=UtcDateTime)
    updated_at: datetime = Field(sa_type=UtcDateTime)


class WebPassword(_Deferred, table=True):
    """A user's password for the web console: its argon2id hash only (never the password),
    when it was set and by whom (``mediation user password``)."""

    __tablename__ = "web_passwords"

    username: str = Field(max_length=64, primary_key=True, foreign_key="users.username")
    hash: str = Field(max_length=400)
    set_at: datetime = Field(sa_type=UtcDateTime)
    set_by: str = Field(max_length=140)
    # a one-time password (the demo's, `user password --temporary`): to be changed at the
    # first sign-in before any page opens
    temporary: bool = False


class CalendarFeed(_Deferred, table=True):
    """A user's personal calendar feed (``/calendar/TOKEN.ics``): the SHA-256 of its secret
    token only (the token is shown once, when made), when and by whom it was made. Renewing
    replaces the row, so the old address stops working."""

    __tablename__ = "calendar_feeds"

    username: str = Field(max_length=64, primary_key=True, foreign_key="users.username")
    token_sha256: str = Field(max_length=64, unique=True)
    made_at: datetime = Field(sa_type=UtcDateTime)
    made_by: str = Field(max_length=140)


class SignInAttempt(_Deferred, table=True):
    """One attempt to sign in to the web console: for whom, from which address, when, and
    whether it succeeded. Failures counted per user and per address limit guessing."""

    __tablename__ = "sign_in_attempts"
    __table_args__ = (Index("ix_sign_in_attempts_username_at", "username", "at"),
                      Index("ix_sign_in_attempts_address_at", "address", "at"))

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64)
    address: str = Field(max_length=64)
    at: datetime = Field(sa_type=UtcDateTime)
    ok: bool


# what `case search` finds, and the files attached to a case --------------------------------

class SearchText(_Deferred, table=True):
    """One piece of a case's text that ``case search`` finds: its title, summary, a note of
    its audit trail, a party (name and organisation), an issue, an agreement item or a
    meeting's minutes (``source``; ``ref`` the event's seq or the row's id, 0 for the case's
    own fields). Written in the transaction that changes the text; indexed by the database's
    own text index (SQLite FTS5 ``trigram``, PostgreSQL ``pg_trgm``), made by the migration."""

    __tablename__ = "search_text"
    __table_args__ = (
        UniqueConstraint("case_id", "source", "ref", name="uq_search_text_source"),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    source: str = Field(max_length=16)
    ref: int = Field(default=0)
    body: str = Field(sa_type=Text)


class Attachment(_Deferred, table=True):
    """A file received or produced outside the program (a complaint, a letter received, a
    photo, a signed scan), kept content-addressed under the documents folder by its SHA-256.
    Never edited; each addition is an event of the case."""

    __tablename__ = "attachments"
    __table_args__ = (Index("ix_attachments_case", "case_id"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id")
    party_id: int | None = Field(default=None, foreign_key="parties.id")
    title: str = Field(max_length=300)
    kind: str = Field(max_length=32)
    filename: str = Field(max_length=255)
    sha256: str = Field(max_length=64)
    size: int = Field(sa_type=BigInteger)
    media_type: str = Field(max_length=100)
    added_by: str = Field(max_length=140)
    added_at: datetime = Field(sa_type=UtcDateTime)
    # its file deleted and its title and name blotted out when personal data was destroyed
    destroyed_at: datetime | None = Field(default=None, sa_type=UtcDateTime)

class AccessRecord(_Deferred, table=True):
    """One access record (접속기록, 「개인정보의 안전성 확보조치 기준」 제8조): who (the
    account), when (to the second), where from (terminal or client address), whose data
    (the private persons' party ids) and what was done; each record's hash covers its
    content and the previous record's hash, as the case's audit trail."""

    __tablename__ = "access_records"
    __table_args__ = (
        Index("ix_access_records_at", "at"),
        Index("ix_access_records_account", "account"),
    )

    id: int | None = Field(default=None, primary_key=True)
    seq: int = Field(unique=True)
    at: datetime = Field(sa_type=UtcDateTime)
    account: str = Field(max_length=140)
    username: str = Field(max_length=64)  # the user acting (the account without "admin for")
    origin: str = Field(max_length=300)
    action: str = Field(max_length=16)
    parties: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    case_number: str | None = Field(default=None, max_length=16)
    own_case: bool = Field(default=True)  # the user is the case's mediator or supervisor
    what: str = Field(max_length=100)  # the command or screen
    reason: str | None = Field(default=None, max_length=2000)
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)


class AccessHead(_Deferred, table=True):
    """One row: the access records' last sequence number and hash. Writers lock it, so
    that records are chained one after another on every backend."""

    __tablename__ = "access_head"

    id: int = Field(default=1, primary_key=True)
    seq: int = Field(default=0)
    hash: str = Field(max_length=64)
    # where the chain starts once records past their retention are pruned (`privacy prune`):
    # the last pruned record's sequence number and hash (0 and the genesis until then)
    base_seq: int = Field(default=0)
    base_hash: str = Field(default="0" * 64, max_length=64)
    base_at: datetime | None = Field(default=None, sa_type=UtcDateTime)  # that record's time




class Destruction(_Deferred, table=True):
    """One destruction of a case's personal data (파기 기록, 법 제21조 제3항): when, by whom, on
    what basis, what (counts, party ids — never the data itself), the case event that
    commits the redactions, and the files that could not be deleted yet."""

    __tablename__ = "destructions"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id", index=True)
    case_number: str = Field(max_length=16)
    at: datetime = Field(sa_type=UtcDateTime)
    actor: str = Field(max_length=140)
    reason: str = Field(max_length=2000)
    forced: bool = Field(default=False)  # before the end of the retention period
    closed_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    due_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    parties: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    counts: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    event_seq: int
    pending: list[Any] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
