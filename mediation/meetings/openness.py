"""Whether a meeting is open to the public. A council meeting is closed unless every party
agreed to open it (공공기관의 갈등 예방과 해결에 관한 규정 제22조); a public hearing (공청회) is
public by nature (행정절차법 제38조) and needs no consent. When a party withdraws its consent,
or a party joins who has not given it, the case's scheduled public council meetings become
closed, in the same write, with an event that says why.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.engine import Connection

from mediation.casework import CaseRow, CaseWork
from mediation.core.errors import Refused
from mediation.storage import cases as repo
from mediation.storage import meetings as store


def check_open_consent(conn: Connection, case: CaseRow) -> None:
    """Refuse a public council meeting unless every party of the case agreed (art. 22)."""
    parties = repo.parties_of(conn, case.id)
    missing = [p for p in parties if p.open_consent_at is None]
    if parties and not missing:
        return
    names = ", ".join(f"#{p.id} {p.name}" for p in missing)
    who_ko, who_en = ((f"동의하지 않은 당사자: {names}. `mediation party open-consent "
                       f"{case.number} 당사자ID`로 동의를 기록하세요.",
                       f"Parties who have not agreed: {names}. Record consent with "
                       f"`mediation party open-consent {case.number} PARTY_ID`.")
                      if missing else ("사건에 당사자가 없습니다.", "The case has no parties."))
    raise Refused(
        reason_ko="공개 회의는 모든 당사자가 공개에 동의해야 열 수 있습니다(「공공기관의 갈등 "
                  f"예방과 해결에 관한 규정」 제22조). {who_ko}",
        reason_en="A meeting is open to the public only if every party agreed (Regulation "
                  "on the Prevention and Resolution of Conflicts of Public Institutions, "
                  f"art. 22). {who_en}")


class MeetingOpenness(CaseWork):
    def close_public_meetings(self, conn: Connection, number: str, actor: str, now: datetime,
                              *, party_id: int, because: str) -> tuple[int, ...]:
        """Inside the caller's write: make the case's scheduled public council meetings
        closed (hearings stay public), recorded as one ``meetings_closed`` event; their ids."""
        case = self.load_case(conn, number)  # the version the caller's event left
        ids = store.public_council_meetings(conn, case.id)
        if not ids:
            return ()
        store.make_closed(conn, ids, {"updated_at": now})
        self.append(conn, case, actor, "meetings_closed", now,
                    details={"meetings": list(ids), "party_id": party_id, "because": because,
                             "basis": "공공기관의 갈등 예방과 해결에 관한 규정 제22조"})
        return ids
