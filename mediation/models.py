"""SQLModel tables. Mutable state lives only here; every change to a case appends a
``CaseEvent`` row whose hash chains to the case's previous event.

No ``from __future__ import annotations`` in this module: it breaks SQLModel tables.
"""

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Index, Integer, UniqueConstraint
from sqlalchemy.engine import Dialect
from sqlalchemy.types import DateTime, TypeDecorator
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


class User(SQLModel, table=True):
    __tablename__ = "users"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64, unique=True, index=True)
    name: str = Field(max_length=200)
    email: str = Field(max_length=254)
    role: str = Field(max_length=16)
    active: bool = Field(default=True)
    created_at: datetime = Field(sa_type=UtcDateTime)


class CaseCounter(SQLModel, table=True):
    """The last case number handed out per year (``2026-0001``)."""

    __tablename__ = "case_counters"

    year: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    last: int = Field(default=0)


_CASE_VERSION = Column("version", Integer, nullable=False)


class Case(SQLModel, table=True):
    __tablename__ = "cases"
    __table_args__ = (
        Index("ix_cases_state", "state"),
        Index("ix_cases_mediator", "mediator"),
        Index("ix_cases_supervisor", "supervisor"),
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
    version: int = Field(default=1, sa_column=_CASE_VERSION)

    __mapper_args__: Any = {"version_id_col": _CASE_VERSION}


class Party(SQLModel, table=True):
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
    created_at: datetime = Field(sa_type=UtcDateTime)


class CaseEvent(SQLModel, table=True):
    """One append-only entry of a case's audit trail."""

    __tablename__ = "case_events"
    __table_args__ = (UniqueConstraint("case_id", "seq", name="uq_case_events_case_seq"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="cases.id")
    seq: int
    at: datetime = Field(sa_type=UtcDateTime)
    actor: str = Field(max_length=64)
    kind: str = Field(max_length=32)
    from_state: str | None = Field(default=None, max_length=64)
    to_state: str | None = Field(default=None, max_length=64)
    trigger: str | None = Field(default=None, max_length=64)
    note: str | None = Field(default=None, max_length=20000)
    details: str = Field(default="{}")
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)
