"""The SMTP mailer: STARTTLS, SSL or plain, one connection reused across messages; ``smtplib``
and socket errors become ``MailError``, which says whether a retry may succeed."""

from __future__ import annotations

import contextlib
import ssl
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mediation.core.errors import BadInput
from mediation.mail.message import (
    Email,
    MailError,
    to_message,
)

if TYPE_CHECKING:  # imported where used: a command that sends no mail skips them
    import smtplib


SECURITY = ("starttls", "ssl", "none")


@dataclass(frozen=True, slots=True, kw_only=True)
class SmtpConfig:
    host: str
    port: int = 587
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    security: str = "starttls"
    timeout: float = 30.0
    cafile: str | None = None

    def __post_init__(self) -> None:
        if self.security not in SECURITY:
            raise BadInput(field="MEDIATION_SMTP_SECURITY",
                           reason_ko=f"'{self.security}'은(는) {', '.join(SECURITY)} 중 하나가 아닙니다",
                           reason_en=f"'{self.security}' is not one of {', '.join(SECURITY)}")


def _permanent(code: int) -> bool:
    return 500 <= code < 600


class SmtpMailer:
    """Sends through one SMTP connection, opened on first use and reused until ``close``."""

    def __init__(self, config: SmtpConfig) -> None:
        self.config = config
        self.connections = 0
        self._conn: smtplib.SMTP | None = None

    def _tls(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.config.cafile)

    def _connect(self) -> smtplib.SMTP:
        import smtplib

        c = self.config
        conn: smtplib.SMTP
        if c.security == "ssl":
            conn = smtplib.SMTP_SSL(c.host, c.port, timeout=c.timeout, context=self._tls())
        else:
            conn = smtplib.SMTP(c.host, c.port, timeout=c.timeout)
            if c.security == "starttls":
                conn.starttls(context=self._tls())
                conn.ehlo()
        if c.user:
            conn.login(c.user, c.password or "")
        self.connections += 1
        return conn

    def send(self, email: Email) -> None:
        import smtplib

        data = to_message(email).as_bytes()  # flattened once (send_message would do it again)
        recipients = [a.email for a in email.to]
        while True:
            reused = self._conn is not None
            try:
                conn = self._conn = self._conn or self._connect()
                conn.sendmail(email.sender.email, recipients, data)
                return
            except smtplib.SMTPServerDisconnected as exc:
                self._conn = None  # a reused connection the server dropped: reconnect once
                if not reused:
                    raise MailError(detail=f"server disconnected: {exc}", transient=True) from exc
            except smtplib.SMTPRecipientsRefused as exc:
                raise MailError(detail=f"recipients refused: {', '.join(exc.recipients)}",
                                transient=False) from exc
            except smtplib.SMTPResponseException as exc:
                self.close()
                raise MailError(detail=f"{exc.smtp_code} {exc.smtp_error!r}",
                                transient=not _permanent(exc.smtp_code)) from exc
            except (OSError, smtplib.SMTPException) as exc:
                self._drop()
                raise MailError(detail=f"{type(exc).__name__}: {exc}", transient=True) from exc

    def _drop(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(OSError):
                conn.close()

    def close(self) -> None:
        import smtplib

        conn, self._conn = self._conn, None
        if conn is None:
            return
        try:
            conn.quit()
        except (OSError, smtplib.SMTPException):
            conn.close()


# the outbox folder ---------------------------------------------------------------------
