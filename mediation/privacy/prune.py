"""``privacy prune``: deleting the access records past their retention period
(``MEDIATION_ACCESS_LOG_YEARS``, 고시 제8조: at least one year, two for the larger systems),
for admins.

The chain stays verifiable: the last deleted record's sequence number and hash become the
chain's start (``access_head.base_seq`` and ``base_hash``), from which ``privacy verify``
checks the records that remain — a record changed, inserted or deleted after pruning is
still named. The pruning itself is an access record (action delete, ``privacy prune``, its
reason saying how many records up to which number), so it is on the chain too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mediation.casework import CaseWork
from mediation.core.errors import Refused
from mediation.privacy.access import AccessLog
from mediation.privacy.commands import years_after
from mediation.storage import access as store
from mediation.workflow.engine import Actor


@dataclass(frozen=True, slots=True, kw_only=True)
class PruneResult:
    before: datetime  # records written before this moment are past the period
    records: int  # how many were (or, with --dry-run, would be) deleted
    through_seq: int | None  # the last of them
    dry_run: bool


class AccessPrune(CaseWork):
    def __init__(self, *args: Any, years: int, access: AccessLog, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.years = years
        self.access = access

    def prune(self, actor: Actor, *, dry_run: bool = False) -> PruneResult:
        if actor.role != "admin":
            raise Refused(reason_ko=f"접속기록 정리는 관리자만 할 수 있습니다 (사용자 '{actor.username}').",
                          reason_en=f"Pruning the access records is for admins only "
                                    f"(not '{actor.username}').")
        now = self.now()
        before = years_after(now, -self.years)
        with self.db.write() as conn:
            store.lock_head(conn)  # no record is chained while the start moves
            found = store.last_before(conn, before)
            if found is None:
                return PruneResult(before=before, records=0, through_seq=None, dry_run=dry_run)
            seq = found.seq
            if dry_run:
                return PruneResult(before=before, records=found.count, through_seq=seq,
                                   dry_run=True)
            gone = store.prune_through(conn, found)
            self.access.note(conn, actor, "delete", "privacy prune", now,
                             f"보존 기간({self.years}년) 경과 접속기록 {gone}건 삭제 "
                             f"(#{seq}까지, {before.date().isoformat()} 이전)")
        return PruneResult(before=before, records=gone, through_seq=seq, dry_run=False)
