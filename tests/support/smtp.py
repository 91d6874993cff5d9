"""A real SMTP server for the mail tests (aiosmtpd on 127.0.0.1, on a port reserved here
because ``port=0`` is broken in aiosmtpd 1.4.6), and the environment that points the CLI
at it."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller


@dataclass(frozen=True)
class Received:
    peer: tuple[str, int]
    mail_from: str
    rcpt_tos: tuple[str, ...]
    message: EmailMessage
    raw: bytes


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class SmtpSink:
    """An SMTP server on 127.0.0.1 that keeps every message; can be stopped and started."""

    def __init__(self, port: int | None = None, **options: Any) -> None:
        self.port = port or free_port()
        self.options = options
        self.received: list[Received] = []
        self.refuse: set[str] = set()
        self.controller: Controller | None = None
        # ``hold_next()``: the next recipient given waits (its sender stuck mid-send, nothing
        # accepted) until ``release()``; other connections are served meanwhile
        self.holding = False
        self.held = threading.Event()
        self.released = threading.Event()

    def hold_next(self) -> None:
        self.held.clear()
        self.released.clear()
        self.holding = True

    def release(self) -> None:
        self.released.set()

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          rcpt_options: list[str]) -> str:
        if self.holding:
            self.holding = False
            self.held.set()
            while not self.released.is_set():
                await asyncio.sleep(0.02)
            return "451 4.3.0 try again later"
        if address in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        raw = bytes(envelope.original_content or envelope.content)
        message = message_from_bytes(raw, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.received.append(Received(peer=session.peer, mail_from=envelope.mail_from,
                                      rcpt_tos=tuple(envelope.rcpt_tos), message=message,
                                      raw=raw))
        return "250 Message accepted"

    def start(self) -> SmtpSink:
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port, **self.options)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def message_ids(self) -> list[str]:
        return [str(r.message["Message-ID"]) for r in self.received]


def running_sink() -> Iterator[SmtpSink]:
    server = SmtpSink().start()
    yield server
    server.stop()


def smtp_env(sink: SmtpSink, now: datetime, **extra: str) -> dict[str, str]:
    return {"MEDIATION_SMTP_HOST": "127.0.0.1", "MEDIATION_SMTP_PORT": str(sink.port),
            "MEDIATION_SMTP_SECURITY": "none", "MEDIATION_MAIL_FROM": "갈등조정 <noreply@seoul.example.org>",
            "MEDIATION_NOW": now.isoformat(), **extra}
