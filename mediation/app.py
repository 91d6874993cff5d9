"""The composition root: settings, clock, database and workflows, and each feature's use
cases wired to the collaborators they need.

Tests and the demo pass their own clock; nothing else constructs these parts. Every feature
object is built on first use (``cached_property``) with the kernel arguments (database,
clock, workflows, faults) and the other features it calls, so a read-only command imports
and builds only what it touches (``case show`` never imports the meeting, document,
reminder or agreement use cases). A command reaches its use case in one hop:
``app.meetings.schedule_meeting(...)``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, Any

from mediation.config import Settings
from mediation.core.clock import Clock, FrozenClock, SystemClock
from mediation.core.faults import Faults
from mediation.storage.db import Database
from mediation.workflow.definitions import WorkflowDef
from mediation.workflow.loader import load_directory

if TYPE_CHECKING:
    from datetime import datetime
    from pathlib import Path

    from sqlalchemy.engine import Connection

    from mediation.agreement.commands import AgreementCommands
    from mediation.attachments.commands import AttachmentCommands
    from mediation.cases.commands import CaseCommands
    from mediation.cases.corrections import CaseCorrections
    from mediation.cases.moves import Moves
    from mediation.cases.reading import CaseReading
    from mediation.cases.search import CaseSearch
    from mediation.deadlines.adjust import AdjustCommands
    from mediation.deadlines.calendar import CalendarCommands
    from mediation.deadlines.commands import DeadlineCommands, DeadlinePolicy
    from mediation.documents.register import DocumentCommands
    from mediation.documents.setup import DocumentSetup
    from mediation.export.casefile import CaseExport
    from mediation.export.subject import SubjectExport
    from mediation.mail.message import Address, Mailer
    from mediation.meetings.absence import AbsenceRules
    from mediation.meetings.commands import MeetingCommands
    from mediation.meetings.notices import MeetingNotices
    from mediation.meetings.openness import MeetingOpenness
    from mediation.parties.commands import PartyCommands
    from mediation.privacy.access import AccessLog
    from mediation.privacy.commands import PrivacyCommands
    from mediation.privacy.destroy import Destroying
    from mediation.privacy.prune import AccessPrune
    from mediation.privacy.subject import SubjectCommands
    from mediation.reminders.commands import ReminderCommands
    from mediation.reports.commands import ReportCommands
    from mediation.users.commands import UserCommands
    from mediation.users.feeds import FeedCommands
    from mediation.users.passwords import PasswordCommands
    from mediation.views.report import StatisticsReport
    from mediation.workflow.engine import Actor


class App:
    def __init__(self, *, settings: Settings, db: Database, clock: Clock,
                 workflows: dict[str, WorkflowDef], faults: Faults,
                 mailer: Mailer | None = None,
                 documents: DocumentSetup | Callable[[], DocumentSetup] | None = None) -> None:
        self.settings, self.db, self.clock, self.workflows = settings, db, clock, workflows
        self.faults = faults
        self._mailer = mailer
        self._documents = documents

    @property
    def _kernel(self) -> tuple[Any, ...]:
        """What every feature's use cases hold: database, clock, workflows, faults."""
        return (self.db, self.clock, self.workflows, self.faults)

    @cached_property
    def mailer(self) -> Mailer:
        return self._mailer if self._mailer is not None else build_mailer(self.settings)

    # reading (light: no writing use case imported) -------------------------------------

    @cached_property
    def users(self) -> UserCommands:
        """Who is acting; the office's users."""
        from mediation.users.commands import UserCommands

        return UserCommands(*self._kernel)

    @cached_property
    def passwords(self) -> PasswordCommands:
        """Passwords for the web console and signing in with them."""
        from datetime import timedelta

        from mediation.users.passwords import PasswordCommands, SignInPolicy

        w = self.settings.web
        policy = SignInPolicy(per_user=w.attempts_per_user, per_address=w.attempts_per_address,
                              window=timedelta(minutes=w.attempt_window_minutes))
        return PasswordCommands(*self._kernel, policy=policy)

    @cached_property
    def feeds(self) -> FeedCommands:
        """The users' personal calendar feeds (secret addresses) of the web console."""
        from mediation.users.feeds import FeedCommands

        return FeedCommands(*self._kernel)

    @cached_property
    def reading(self) -> CaseReading:
        """A case, its history, the audit trail's verification."""
        from mediation.cases.reading import CaseReading

        return CaseReading(*self._kernel, access=self.access)

    @cached_property
    def access(self) -> AccessLog:
        """The access records (접속기록) every use case over private persons' data writes;
        set ``access.origin`` to the client's address in a web console."""
        from mediation.privacy.access import AccessLog

        return AccessLog(self.db, self.clock)

    @cached_property
    def privacy(self) -> PrivacyCommands:
        """Reading and verifying the access records."""
        from mediation.privacy.commands import PrivacyCommands

        return PrivacyCommands(*self._kernel, retention_years=self.settings.retention_years)

    @cached_property
    def subjects(self) -> SubjectCommands:
        """A data subject's requests: what is held about them, stopping processing."""
        from mediation.privacy.subject import SubjectCommands

        return SubjectCommands(*self._kernel, access=self.access)

    @cached_property
    def subject_export(self) -> SubjectExport:
        """What is held about a data subject, as one ZIP (열람)."""
        from mediation.export.subject import SubjectExport

        return SubjectExport(*self._kernel, subjects=self.subjects)

    @cached_property
    def access_prune(self) -> AccessPrune:
        """Pruning the access records past ``MEDIATION_ACCESS_LOG_YEARS``."""
        from mediation.privacy.prune import AccessPrune

        return AccessPrune(*self._kernel, years=self.settings.access_log_years,
                           access=self.access)

    @cached_property
    def destruction(self) -> Destroying:
        """Destroying closed cases' personal data past retention, and its records."""
        from mediation.privacy.destroy import Destroying

        return Destroying(*self._kernel, access=self.access, years_for=self.privacy.years_for,
                          attachment_path=self.attachments.files.path_of,
                          outbox=self.settings.outbox)

    @cached_property
    def reports(self) -> ReportCommands:
        """The statistics report over the cases the actor may read."""
        from mediation.reports.commands import ReportCommands

        return ReportCommands(*self._kernel)

    def report_pdf(self, report: StatisticsReport, lang: str) -> bytes:
        """The statistics report in the office's report form (결재란, charts, tables)."""
        from mediation.render.report_pdf import report_pdf

        d = self.settings.documents
        folders = [d.templates_dir] if d.templates_override is None else [
            d.templates_override, d.templates_dir]
        return report_pdf(report, lang, d.office, folders)

    @cached_property
    def attachments(self) -> AttachmentCommands:
        """Files attached to cases, kept by SHA-256 under the documents folder."""
        from mediation.attachments.commands import AttachmentCommands
        from mediation.attachments.files import ContentStore

        root = self.settings.documents.out_dir or self.settings.home / "documents"
        store = ContentStore(root / "attachments",
                             int(self.settings.attachment_max_mb * (1 << 20)))
        return AttachmentCommands(*self._kernel, files=store, access=self.access)

    @cached_property
    def export(self) -> CaseExport:
        """A case file as one ZIP (index PDF, documents, minutes, attachments, events)."""
        from mediation.export.casefile import CaseExport
        from mediation.render.pdf import WeasyPrintRenderer

        office = self.settings.documents.office
        public = (office.address.ko, office.address.en, office.phone, office.fax, office.email)
        return CaseExport(*self._kernel, files=self.attachments.files, access=self.access,
                          pdf=WeasyPrintRenderer([]), public=public)

    @cached_property
    def search(self) -> CaseSearch:
        """Finding cases by the words of their record."""
        from mediation.cases.search import CaseSearch

        return CaseSearch(*self._kernel, access=self.access)

    # features ----------------------------------------------------------------------------

    @cached_property
    def deadlines(self) -> DeadlineCommands:
        from mediation.deadlines.commands import DeadlineCommands

        return DeadlineCommands(*self._kernel, policy=deadline_policy(self.settings))

    @cached_property
    def documents(self) -> DocumentCommands:
        from mediation.documents.register import DocumentCommands

        settings = self.settings
        return DocumentCommands(*self._kernel, mailer=self.mailer, access=self.access,
                                documents=self._documents or (lambda: document_setup(settings)))

    @cached_property
    def moves(self) -> Moves:
        """The one way a case moves, for a person's trigger and the system's."""
        from mediation.cases.moves import Moves

        return Moves(*self._kernel, deadlines=self.deadlines, documents=self.documents)

    @cached_property
    def corrections(self) -> CaseCorrections:
        """Undoing a transition and reopening a closed case, on the record."""
        from mediation.cases.corrections import CaseCorrections

        return CaseCorrections(*self._kernel, deadlines=self.deadlines,
                               documents=self.documents)

    @cached_property
    def cases(self) -> CaseCommands:
        from mediation.cases.commands import CaseCommands
        from mediation.config import read_districts

        path = self.settings.districts_file
        return CaseCommands(*self._kernel, deadlines=self.deadlines,
                            districts=lambda: read_districts(path))

    @cached_property
    def openness(self) -> MeetingOpenness:
        from mediation.meetings.openness import MeetingOpenness

        return MeetingOpenness(*self._kernel)

    @cached_property
    def parties(self) -> PartyCommands:
        from mediation.parties.commands import PartyCommands

        return PartyCommands(*self._kernel, openness=self.openness, access=self.access)

    @cached_property
    def calendar(self) -> CalendarCommands:
        from mediation.deadlines.calendar import CalendarCommands

        return CalendarCommands(*self._kernel, deadlines=self.deadlines)

    @cached_property
    def adjust(self) -> AdjustCommands:
        """Extending, completing and pausing deadlines."""
        from mediation.deadlines.adjust import AdjustCommands

        return AdjustCommands(*self._kernel, deadlines=self.deadlines,
                              notice=self._extension_notice)

    def _extension_notice(self, conn: Connection, number: str, actor: Actor, now: datetime,
                          reason: str, new_due: datetime, written: list[Path]) -> list[str]:
        """The extension notice (처리기간 연장 통지) to every party, inside the extension's
        write: its reason and the new date."""
        from mediation.core.clock import SEOUL
        from mediation.render.context import LetterInputs

        inputs = LetterInputs(reason=reason, new_date=new_due.astimezone(SEOUL).date())
        return self.documents.issue_within(conn, number, "extension", actor, now,
                                           inputs=lambda _lang: inputs, written=written)

    @cached_property
    def reminders(self) -> ReminderCommands:
        from mediation.reminders.commands import ReminderCommands

        return ReminderCommands(*self._kernel, deadlines=self.deadlines, moves=self.moves,
                                mailer=self.mailer)

    @cached_property
    def notices(self) -> MeetingNotices:
        from mediation.meetings.notices import MeetingNotices

        return MeetingNotices(*self._kernel, documents=self.documents)

    @cached_property
    def absence(self) -> AbsenceRules:
        from mediation.meetings.absence import AbsenceRules

        return AbsenceRules(*self._kernel, moves=self.moves, deadlines=self.deadlines,
                            documents=self.documents)

    @cached_property
    def meetings(self) -> MeetingCommands:
        from mediation.meetings.commands import MeetingCommands

        return MeetingCommands(*self._kernel, notices=self.notices, absence=self.absence,
                               deadlines=self.deadlines, access=self.access)

    @cached_property
    def agreement(self) -> AgreementCommands:
        from mediation.agreement.commands import AgreementCommands

        return AgreementCommands(*self._kernel, deadlines=self.deadlines, access=self.access)

    def close(self) -> None:
        if "mailer" in self.__dict__ or self._mailer is not None:
            self.mailer.close()
        self.db.dispose()


def build_mailer(settings: Settings) -> Mailer:
    """SMTP when ``MEDIATION_SMTP_HOST`` is set, else ``.eml`` files in the outbox folder."""
    from mediation.mail.folder import OutboxMailer
    from mediation.mail.smtp import SmtpConfig, SmtpMailer

    m = settings.mail
    if m.smtp_host:
        return SmtpMailer(SmtpConfig(host=m.smtp_host, port=m.smtp_port, user=m.smtp_user,
                                     password=m.smtp_password, security=m.smtp_security,
                                     cafile=m.smtp_cafile))
    return OutboxMailer(settings.outbox)


def sender(settings: Settings) -> Address:
    """Who the office's mail is from: ``MEDIATION_MAIL_FROM`` if set, else the office's own
    e-mail under its division's name (the office file or ``MEDIATION_OFFICE_*``)."""
    from email.utils import parseaddr

    from mediation.mail.message import Address

    office = settings.documents.office
    if settings.mail.mail_from:
        name, email = parseaddr(settings.mail.mail_from)
        return Address(email=email or settings.mail.mail_from, name=name or office.division.ko)
    return Address(email=office.email, name=office.division.ko)


def deadline_policy(settings: Settings) -> DeadlinePolicy:
    from datetime import timedelta

    from mediation.core.calendar import OfficeHours
    from mediation.deadlines.commands import DeadlinePolicy

    r = settings.reminders
    return DeadlinePolicy(
        hours=OfficeHours(start=r.office_hours[0], end=r.office_hours[1], breaks=r.office_breaks),
        lease=timedelta(seconds=r.lease_seconds), retry_limit=r.retry_limit,
        retry_base=timedelta(seconds=r.retry_base_seconds),
        late_after=timedelta(seconds=r.late_after_seconds), batch=r.batch,
        sender=sender(settings), lang=settings.lang,
        office_unit=settings.documents.office.division, office_phone=settings.documents.office.phone)


def document_setup(settings: Settings) -> DocumentSetup:
    """Templates (the office's override folder over the shipped ones), WeasyPrint for PDF."""
    from mediation.documents.setup import DocumentSetup
    from mediation.render.production import FactorySpec

    d = settings.documents
    spec = FactorySpec(shipped=d.templates_dir, override=d.templates_override)
    return DocumentSetup(office=d.office, factory=spec.build(), spec=spec,
                         out_dir=d.out_dir or settings.home / "documents",
                         default_format=d.format, default_lang=settings.lang,
                         sender=sender(settings))


def build_app(settings: Settings, *, clock: Clock | None = None,
              mailer: Mailer | None = None, documents: DocumentSetup | None = None) -> App:
    if clock is None:
        clock = FrozenClock(settings.now) if settings.now else SystemClock()
    faults = Faults(settings.fault)
    return App(settings=settings, db=Database(settings.database_url, faults,
                                                    busy_seconds=settings.db_busy_seconds), clock=clock,
               workflows=load_directory(settings.workflows_dir), faults=faults, mailer=mailer,
               documents=documents)
