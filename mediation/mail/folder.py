"""The outbox-folder mailer: each message an ``.eml`` file, written whole or not at all; the
default when no SMTP server is configured."""

from __future__ import annotations

import os
import re
from contextlib import suppress
from pathlib import Path

from mediation.mail.message import (
    Email,
    MailError,
    to_message,
)


class OutboxMailer:
    """Writes each message as ``<message-id>.eml`` (atomically); a resend of the same
    message replaces its file, so the folder holds it once."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path_for(self, email: Email) -> Path:
        local_part = email.message_id.strip("<>").split("@", 1)[0]
        return self.folder / f"{re.sub(r'[^A-Za-z0-9._-]', '_', local_part)}.eml"

    def send(self, email: Email) -> None:
        data = to_message(email).as_bytes()
        target = self.path_for(email)
        temporary = target.with_suffix(".tmp")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with open(temporary, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, target)
        except OSError as exc:
            with suppress(OSError):
                temporary.unlink(missing_ok=True)
            raise MailError(detail=f"outbox {self.folder}: {exc.strerror or exc}",
                            transient=True) from exc

    def close(self) -> None:
        return None


# the in-memory fake ----------------------------------------------------------------------
