"""The composition root: settings, clock, database and workflows wired into one ``App``.

Tests and the demo pass their own clock; nothing else constructs these parts. The full
``service`` (every use case, with the mailer and the document setup) is built on first use;
``reading`` serves the read-only commands without importing the rest, which keeps the
start-up of ``case show`` short.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING

from .clock import Clock, FrozenClock, SystemClock
from .config import Settings
from .db import Database
from .definitions import WorkflowDef
from .faults import Faults
from .loader import load_directory

if TYPE_CHECKING:
    from .deadline_commands import DeadlinePolicy
    from .mail import Mailer
    from .reading import CaseReading
    from .register import DocumentSetup
    from .service import Service


class App:
    def __init__(self, *, settings: Settings, db: Database, clock: Clock,
                 workflows: dict[str, WorkflowDef], faults: Faults,
                 mailer: Mailer | None = None,
                 documents: DocumentSetup | Callable[[], DocumentSetup] | None = None) -> None:
        self.settings, self.db, self.clock, self.workflows = settings, db, clock, workflows
        self.faults = faults
        self._mailer = mailer
        self._documents = documents

    @cached_property
    def mailer(self) -> Mailer:
        return self._mailer if self._mailer is not None else build_mailer(self.settings)

    @cached_property
    def service(self) -> Service:
        """Every use case."""
        from .service import Service

        settings = self.settings
        return Service(self.db, self.clock, self.workflows, self.faults, mailer=self.mailer,
                       policy=deadline_policy(settings),
                       documents=self._documents or (lambda: document_setup(settings)))

    @cached_property
    def reading(self) -> CaseReading:
        """Who is acting and what a case holds, for the read-only commands."""
        if "service" in self.__dict__:
            return self.service
        from .reading import CaseReading

        return CaseReading(self.db, self.clock, self.workflows, self.faults)

    def close(self) -> None:
        if "mailer" in self.__dict__ or self._mailer is not None:
            self.mailer.close()
        self.db.dispose()


def build_mailer(settings: Settings) -> Mailer:
    """SMTP when ``MEDIATION_SMTP_HOST`` is set, else ``.eml`` files in the outbox folder."""
    from .mail import OutboxMailer, SmtpConfig, SmtpMailer

    m = settings.mail
    if m.smtp_host:
        return SmtpMailer(SmtpConfig(host=m.smtp_host, port=m.smtp_port, user=m.smtp_user,
                                     password=m.smtp_password, security=m.smtp_security,
                                     cafile=m.smtp_cafile))
    return OutboxMailer(settings.outbox)


def deadline_policy(settings: Settings) -> DeadlinePolicy:
    from datetime import timedelta
    from email.utils import parseaddr

    from .calendar import OfficeHours
    from .deadline_commands import DeadlinePolicy
    from .mail import Address

    r = settings.reminders
    name, email = parseaddr(settings.mail.mail_from)
    return DeadlinePolicy(
        hours=OfficeHours(start=r.office_hours[0], end=r.office_hours[1], breaks=r.office_breaks),
        lease=timedelta(seconds=r.lease_seconds), retry_limit=r.retry_limit,
        retry_base=timedelta(seconds=r.retry_base_seconds),
        late_after=timedelta(seconds=r.late_after_seconds), batch=r.batch,
        sender=Address(email=email or settings.mail.mail_from, name=name or "mediation"),
        lang=settings.lang)


def document_setup(settings: Settings) -> DocumentSetup:
    """Templates (the office's override folder over the shipped ones), WeasyPrint for PDF."""
    from .production import FactorySpec
    from .register import DocumentSetup

    d = settings.documents
    spec = FactorySpec(shipped=d.templates_dir, override=d.templates_override)
    from email.utils import parseaddr

    from .mail import Address

    name, email = parseaddr(settings.mail.mail_from)
    return DocumentSetup(office=d.office, factory=spec.build(), spec=spec,
                         out_dir=d.out_dir or settings.home / "documents",
                         default_format=d.format, default_lang=settings.lang,
                         sender=Address(email=email or settings.mail.mail_from,
                                        name=name or d.office.division.ko))


def build_app(settings: Settings, *, clock: Clock | None = None,
              mailer: Mailer | None = None, documents: DocumentSetup | None = None) -> App:
    if clock is None:
        clock = FrozenClock(settings.now) if settings.now else SystemClock()
    faults = Faults(settings.fault)
    return App(settings=settings, db=Database(settings.database_url, faults), clock=clock,
               workflows=load_directory(settings.workflows_dir), faults=faults, mailer=mailer,
               documents=documents)
