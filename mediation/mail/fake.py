"""The recording mailer: keeps sent messages in memory (tests, and any caller that must not
send), and can be told to fail like a server that is down."""

from __future__ import annotations

from collections.abc import Sequence

from mediation.mail.message import (
    Email,
    MailError,
)


class RecordingMailer:
    """Keeps every message it is given; ``fail_next`` makes the next sends fail."""

    def __init__(self) -> None:
        self.sent: list[Email] = []
        self._failures: list[MailError] = []
        self.closed = 0

    def fail_next(self, times: int = 1, *, transient: bool = True, detail: str = "refused") -> None:
        self._failures.extend(MailError(detail=detail, transient=transient) for _ in range(times))

    def send(self, email: Email) -> None:
        if self._failures:
            raise self._failures.pop(0)
        self.sent.append(email)

    def close(self) -> None:
        self.closed += 1

    def to(self, address: str) -> Sequence[Email]:
        return [e for e in self.sent if any(a.email == address for a in e.to)]
