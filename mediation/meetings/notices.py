"""The notices of a case's meetings: a ``meeting_notice`` document per party (in the party's
language, with its calendar file) written and registered inside the meeting's own write, and
e-mailed after the commit through the document sending of ``docsend``.

Every notice of one meeting carries the same calendar UID
(``mediation-<case>-meeting-<id>@<office host>``) and the meeting's SEQUENCE, so that a
notice of change updates the event in a calendar and a notice of cancellation removes it.
E-mail that fails leaves the meeting and its registered notices in place: the report lists
the notices not sent, for ``mediation letter send``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Row
from sqlalchemy.engine import Connection

from mediation.casework import CaseWork
from mediation.core.errors import MediationError
from mediation.core.titles import Title
from mediation.documents.register import DocumentCommands, files_kept_on_commit
from mediation.storage import cases as repo
from mediation.storage import documents as docstore
from mediation.storage import meetings as store
from mediation.views.documents import Postal, Sent
from mediation.views.meetings import NoticeReport
from mediation.workflow.engine import Actor

if TYPE_CHECKING:
    from mediation.render.context import LetterInputs, MeetingCtx
    from mediation.views.meetings import HearingCtx

T = TypeVar("T")
NOTICE_KIND = "meeting_notice"
LENGTH = timedelta(hours=2)  # the length a notice gives a meeting (no end time is recorded)
TITLES = {"joint": Title(ko="갈등조정협의회 회의", en="Mediation council meeting"),
          "separate": Title(ko="갈등조정 개별 면담", en="Separate mediation meeting"),
          "hearing": Title(ko="공청회", en="Public hearing")}


def meeting_uid(case_number: str, meeting_id: int, homepage: str) -> str:
    """The calendar UID of a meeting: the same on every notice of it (RFC 5545 §3.8.4.7)."""
    from mediation.render.ics import office_host

    return f"mediation-{case_number}-meeting-{meeting_id}@{office_host(homepage)}"


def hearing_title(case_title: str, lang: str) -> str:
    return f'Public hearing on "{case_title}"' if lang == "en" else f"「{case_title}」 공청회"


def meeting_ctx(row: Row[Any], lang: str, uid: str, *,
                previous: tuple[datetime, str] | None = None,
                hearing: HearingCtx | None = None, case_title: str = "") -> MeetingCtx:
    """A meeting row as its notice shows it; ``previous`` (time, place) makes it a notice of
    change, a cancelled row a notice of cancellation; a hearing, titled after the case,
    carries its ``hearing`` details (an empty set when none were given: the templates word
    the defaults)."""
    from mediation.render.context import MeetingCtx
    from mediation.views.meetings import HearingCtx

    agenda = tuple(line.strip() for line in (row.agenda or "").splitlines() if line.strip())
    is_hearing = row.kind == "hearing"
    title = (hearing_title(case_title, lang) if is_hearing and case_title
             else TITLES.get(row.kind, TITLES["joint"]).get(lang))
    return MeetingCtx(
        title=title, purpose="",
        starts_at=row.starts_at, ends_at=row.starts_at + LENGTH, place=row.place,
        agenda=agenda, closed=not (row.public or is_hearing), uid=uid, sequence=row.sequence,
        cancelled=row.status == "cancelled",
        previous_starts_at=previous[0] if previous else None,
        previous_place=previous[1] if previous else None, kind=row.kind,
        hearing=(hearing or HearingCtx()) if is_hearing else None)


class MeetingNotices(CaseWork):
    def __init__(self, *args: Any, documents: DocumentCommands, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.documents = documents

    def meeting_write(self, number: str, work: Callable[[Connection, list[Path]], T]) -> T:
        """Run ``work`` in one write transaction, with the list that collects the files of
        the notices it writes (removed if the write does not commit). Document numbers come
        from a counter row (``storage.documents.take_seqs``): concurrent meetings wait for
        each other's numbers instead of colliding."""
        written: list[Path] = []
        with files_kept_on_commit(written), self.db.write() as conn:
            return work(conn, written)

    def check_notices_ready(self) -> None:
        """Before anything is written: notices can be written in the default format, in
        the documents folder."""
        self.documents.check_writable()

    def write_notices(self, conn: Connection, number: str, meeting_id: int, actor: Actor,
                      now: datetime, written: list[Path], *,
                      previous: tuple[datetime, str] | None = None,
                      reason: str | None = None) -> list[str]:
        """Inside the meeting's write: one notice per party, registered; their numbers are
        added to the meeting's ``notices``."""
        from mediation.meetings.hearing import hearing_of
        from mediation.render.context import LetterInputs

        case = self.load_case(conn, number)
        row = store.meeting(conn, case.id, meeting_id)
        assert row is not None
        uid = meeting_uid(case.number, meeting_id, self.documents.documents.office.homepage)
        hearing = hearing_of(conn, case.id, meeting_id) if row.kind == "hearing" else None

        def inputs(lang: str) -> LetterInputs:
            return LetterInputs(meeting=meeting_ctx(row, lang, uid, previous=previous,
                                                    hearing=hearing, case_title=case.title),
                                reason=reason)

        numbers = self.documents.issue_within(conn, number, NOTICE_KIND, actor, now, inputs=inputs,
                                    written=written)
        store.set_meeting(conn, meeting_id, {"notices": [*row.notices, *numbers]})
        return numbers

    def send_notices(self, actor: Actor, number: str, numbers: Sequence[str]) -> NoticeReport:
        """After the commit: e-mail each notice to its party (``send_documents``), list the
        others for the post. After a failure, the notices still to e-mail are listed as not
        sent instead of being tried one by one against a mail server that is down."""
        by_mail = self._by_mail(number, numbers)
        sent: list[Sent] = []
        postal: list[Postal] = []
        unsent: list[str] = []
        failure: MediationError | None = None
        for doc in numbers:
            if failure is not None and by_mail.get(doc, True):
                unsent.append(doc)
                continue
            try:
                report = self.documents.send_documents(actor, number, [doc])
            except MediationError as exc:  # SMTP down, a file gone meanwhile, a lost write
                failure = exc
                unsent.append(doc)
                continue
            sent += report.sent
            postal += report.postal
        return NoticeReport(
            documents=tuple(numbers), sent=tuple(sent), postal=tuple(postal),
            unsent=tuple(unsent), error_ko=failure.message("ko") if failure else None,
            error_en=failure.message("en") if failure else None)

    def _by_mail(self, number: str, numbers: Sequence[str]) -> dict[str, bool]:
        """Whether each document goes by e-mail (its party has an address)."""
        with self.db.read() as conn:
            case = self.load_case(conn, number)
            mail = {p.id: bool(p.email) for p in repo.parties_of(conn, case.id)}
            rows = [docstore.by_number(conn, n) for n in numbers]
        return {r.number: mail.get(r.party_id, False) for r in rows if r is not None}
