"""The use cases a read-only command needs: who is acting, a case with its triggers,
parties, recent events and outcome, and its full history.

``App.reading`` builds them alone, so that ``case show``, ``case history`` and ``audit
verify`` do not import the meeting, document, reminder and agreement use cases (the command
line's start-up is measured by ``bench/cli_startup.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mediation.cases.verification import (
    anchor,
    heads,
    records_problem,
    replay_problem,
    verify_users,
)
from mediation.casework import CaseWork
from mediation.core.audit import GENESIS, EventRecord, anchor_digest, first_break, parse_anchor
from mediation.core.destruction import committed
from mediation.core.errors import BadInput, ReviewersOnly
from mediation.core.records import CaseRecords
from mediation.privacy.access import AccessLog
from mediation.privacy.records import private_ids
from mediation.storage import access as access_store
from mediation.storage import cases as repo
from mediation.storage import meetings as meeting_store
from mediation.storage.records import records_of_cases
from mediation.views.build import case_view, party_view, titled_events, trigger_views
from mediation.views.cases import AnchorCheck, AuditResult, CaseDetail, EventView
from mediation.workflow.engine import Actor

VERIFY_BATCH = 1000
Progress = Callable[[int, int], None]
WHOLE_VERIFY = ("데이터베이스 전체의 감사 기록 검증", "Verifying the whole database's audit trail")


class CaseReading(CaseWork):
    def __init__(self, *args: Any, access: AccessLog, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.access = access

    def show_case(self, actor: Actor, number: str, recent: int = 10) -> CaseDetail:
        now = self.now()
        with self.db.read() as conn:
            case = self.load_readable(conn, actor, number)
            snapshot = self.snapshot(conn, case)
            parties = repo.parties_of(conn, case.id)
            events = repo.events_of(conn, case.id, limit=recent)
            outcome, unresolved = self.outcome(conn, case, snapshot.agreement_signed)
            scheduled = meeting_store.scheduled_of(conn, case.id)
        self.access.read(actor, private_ids(parties), case, "case show")
        wf = self.workflow(case.workflow)
        return CaseDetail(
            case=case_view(case, wf, now),
            triggers=trigger_views(self.engine(case.workflow), snapshot, actor.role),
            parties=tuple(party_view(p, wf) for p in parties),
            events=titled_events(events, wf),
            outcome=outcome, unresolved_issues=unresolved, scheduled_meetings=scheduled)

    def history(self, actor: Actor, number: str) -> tuple[EventView, ...]:
        with self.db.read() as conn:
            case = self.load_readable(conn, actor, number)
            rows = repo.events_of(conn, case.id)
            subjects = private_ids(repo.every_party_of(conn, case.id))
        self.access.read(actor, subjects, case, "case history")
        return titled_events(rows, self.workflows.get(case.workflow))

    def verify(self, actor: Actor, number: str | None = None,
               progress: Progress | None = None) -> list[AuditResult]:
        """Each case's chain, and its row against the replay of its events; for the whole
        database (admins and supervisors only), the users' trail too. The database is read
        ``VERIFY_BATCH`` cases at a time (their events and records in six queries), in one
        transaction; ``progress(events done, events in all)`` is called after each batch."""
        if number is None:
            self.require_reviewer(actor, *WHOLE_VERIFY, hint=ReviewersOnly.AUDIT_HINT)
        results: list[AuditResult] = []
        with self.db.read() as conn:
            if number:
                case = self.load_readable(conn, actor, number)
                records = records_of_cases(conn, case.id, case.id)
                return [self._check(case, repo.events_of(conn, case.id), records.get(case.id))]
            total, done, after = repo.count_events(conn), 0, 0
            while batch := repo.cases_after(conn, after, VERIFY_BATCH):
                first, after = batch[0].id, batch[-1].id
                events = repo.events_of_cases(conn, first, after)
                records = records_of_cases(conn, first, after)
                for case in batch:
                    rows = events.get(case.id, [])
                    results.append(self._check(case, rows, records.get(case.id)))
                    done += len(rows)
                if progress is not None:
                    progress(done, total)
            results.append(verify_users(conn))
        return results

    def _check(self, case: Any, rows: Any, records: CaseRecords | None) -> AuditResult:
        result = _verify_one(case.number, case.audit_head, rows)
        if result.ok:
            wf = self.workflows.get(case.workflow)
            result = (replay_problem(case, rows, wf)
                      or records_problem(records or CaseRecords(), case, rows) or result)
        return result

    def anchor(self, actor: Actor) -> str:
        """The anchor line of the database now: keep it outside the database."""
        self.require_reviewer(actor, "감사 기준점(anchor) 작성", "Writing the audit anchor",
                              hint=ReviewersOnly.AUDIT_HINT)
        now = self.now()
        with self.db.read() as conn:
            return anchor(conn, now)

    def check_anchor(self, actor: Actor, text: str) -> AnchorCheck:
        """Whether the database's chains still pass through the heads ``text`` recorded."""
        self.require_reviewer(actor, *WHOLE_VERIFY, hint=ReviewersOnly.AUDIT_HINT)
        parsed = parse_anchor(text)
        if parsed is None:
            raise BadInput(field="anchor", reason_ko="기준점 줄(mediation-anchor:v1 시각 체인 SHA256)도, "
                                                     "그런 줄이 든 파일도 아닙니다",
                                           reason_en="not an anchor line (mediation-anchor:v1 TIME "
                                                     "CHAINS SHA256), nor a file holding one")
        at, chains, digest = parsed
        with self.db.read() as conn:
            found = heads(conn, at)
            pruned = access_store.pruned_until(conn)
        ok = len(found) == chains and anchor_digest(at, found) == digest
        return AnchorCheck(ok=ok, at=at, chains=chains, found=len(found),
                           access_pruned_at=pruned if pruned is not None and at <= pruned
                           else None)


def _verify_one(number: str, head: str, rows: Any) -> AuditResult:
    pairs = [(EventRecord(number=number, seq=r.seq, at=r.at, actor=r.actor, kind=r.kind,
                          from_state=r.from_state, to_state=r.to_state, trigger=r.trigger,
                          note=r.note, details=r.details, prev_hash=r.prev_hash), r.hash)
             for r in rows]
    sealed = committed(record for record, _ in pairs)
    broken = first_break(pairs, committed=sealed)
    if broken is None:
        flagged = {int(r.seq) for r in rows if getattr(r, "redacted_at", None) is not None}
        if flagged != set(sealed):
            seq = min(flagged ^ set(sealed))
            return AuditResult(number=number, events=len(pairs), ok=False, broken_seq=seq,
                               reason_ko="파기로 가린 표시가 파기 기록과 맞지 않습니다",
                               reason_en="its redaction mark does not match the destruction "
                                         "record")
    if broken is None and (pairs[-1][1] if pairs else GENESIS) != head:
        return AuditResult(number=number, events=len(pairs), ok=False,
                           broken_seq=len(pairs) + 1,
                           reason_ko="사건에 기록된 마지막 해시와 맞지 않습니다(마지막 이벤트 삭제 의심)",
                           reason_en="the case's recorded head hash does not match "
                                     "(last event deleted?)")
    if broken is not None:
        return AuditResult(number=number, events=len(pairs), ok=False, broken_seq=broken.seq,
                           reason_ko=broken.reason_ko, reason_en=broken.reason_en)
    return AuditResult(number=number, events=len(pairs), ok=True)

