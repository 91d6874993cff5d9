"""The use cases over the access records: reading them (``privacy log``) and verifying
their chain (``privacy verify``), for admins and supervisors, whose monthly check (고시
제8조 제2항) they serve."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mediation.casework import CaseWork
from mediation.core.audit import GENESIS
from mediation.privacy.records import chain_break, private_ids
from mediation.storage import access as store
from mediation.storage import scope
from mediation.views.page import DEFAULT_LIMIT, Page, page_of
from mediation.workflow.engine import Actor

LOG = ("접속기록 열람", "Reading the access records")


@dataclass(frozen=True, slots=True, kw_only=True)
class AccessView:
    seq: int
    at: datetime
    account: str
    origin: str
    action: str
    parties: tuple[int, ...]
    case: str | None
    own_case: bool
    what: str
    reason: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class AccessCheck:
    records: int
    ok: bool
    broken_seq: int | None = None
    reason_ko: str | None = None
    reason_en: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class LogQuery:
    user: str | None = None
    party: int | None = None
    since: datetime | None = None
    until: datetime | None = None


def access_view(row: Any) -> AccessView:
    return AccessView(seq=row.seq, at=row.at, account=row.account, origin=row.origin,
                      action=row.action, parties=tuple(int(p) for p in row.parties),
                      case=row.case_number, own_case=bool(row.own_case), what=row.what,
                      reason=row.reason)


@dataclass(frozen=True, slots=True, kw_only=True)
class DueView:
    """A closed case whose personal data is past its retention period."""

    number: str
    workflow: str
    closed_at: datetime
    due_at: datetime
    private_parties: int


def years_after(moment: datetime, years: int) -> datetime:
    """``moment`` ``years`` later (29 February becomes 28 February)."""
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:
        return moment.replace(year=moment.year + years, day=28)


class PrivacyCommands(CaseWork):
    def __init__(self, *args: Any, retention_years: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.retention_years = retention_years

    def years_for(self, workflow: str) -> int:
        """The retention period of a workflow's cases: its ``retention_years:``, or
        ``MEDIATION_RETENTION_YEARS``."""
        wf = self.workflows.get(workflow)
        found = wf.retention_years if wf is not None else None
        return self.retention_years if found is None else found

    def due(self, actor: Actor) -> list[DueView]:
        """The closed cases past the retention period (their workflow's ``retention_years``
        or ``MEDIATION_RETENTION_YEARS`` from closure), with how many private persons' data
        each holds."""
        self.require_reviewer(actor, "보존 기간 경과 사건 목록", "Listing the cases past retention")
        now = self.now()
        shortest = min([self.retention_years, *(self.years_for(w) for w in self.workflows)])
        with self.db.read() as conn:
            rows = [r for r in store.closed_before(conn, years_after(now, -shortest),
                                                   scope.readable(actor))
                    if years_after(r.closed_at, self.years_for(r.workflow)) <= now]
            counts = {r.id: len(private_ids(store.party_roles(conn, r.id))) for r in rows}
        return [DueView(number=r.number, workflow=r.workflow, closed_at=r.closed_at,
                        due_at=years_after(r.closed_at, self.years_for(r.workflow)),
                        private_parties=counts[r.id]) for r in rows]

    def log(self, actor: Actor, query: LogQuery) -> list[AccessView]:
        """The access records, oldest first, by user, party and time."""
        self.require_reviewer(actor, *LOG)
        with self.db.read() as conn:
            rows = store.find(conn, store.AccessFilter(username=query.user, since=query.since,
                                                       until=query.until))
        return [access_view(r) for r in rows
                if query.party is None or query.party in r.parties]

    def log_page(self, actor: Actor, query: LogQuery, *, limit: int = DEFAULT_LIMIT,
                 offset: int = 0) -> Page[AccessView]:
        """A page of the access records, oldest first, by user, party and time."""
        self.require_reviewer(actor, *LOG)
        with self.db.read() as conn:
            rows, total = store.page(conn, store.AccessFilter(
                username=query.user, since=query.since, until=query.until, limit=limit),
                query.party, offset)
        return page_of([access_view(r) for r in rows], total, offset, limit)

    def verify(self, actor: Actor) -> AccessCheck:
        """Recompute the records' chain; the first record that does not verify."""
        self.require_reviewer(actor, "접속기록 검증", "Verifying the access records")
        with self.db.read() as conn:
            rows = store.in_order(conn)
            head = store.chain_head(conn)
            base = store.chain_base(conn)
        return check_chain(rows, head, base)


def check_chain(rows: Sequence[Any], head: tuple[int, str],
                base: tuple[int, str] = (0, GENESIS)) -> AccessCheck:
    """``base``: where the chain starts after pruning (``privacy prune``)."""
    broken = chain_break(rows, start=base)
    if broken is not None:
        return AccessCheck(records=len(rows), ok=False, broken_seq=broken.seq,
                           reason_ko=broken.reason_ko, reason_en=broken.reason_en)
    last = (int(rows[-1].seq), str(rows[-1].hash)) if rows else base
    if last != head:
        return AccessCheck(records=len(rows), ok=False, broken_seq=base[0] + len(rows) + 1,
                           reason_ko="기록된 마지막 해시와 맞지 않습니다(마지막 접속기록 삭제 의심)",
                           reason_en="the chain's recorded head does not match "
                                     "(last access record deleted?)")
    return AccessCheck(records=len(rows), ok=True)
