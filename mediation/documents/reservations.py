"""Who holds a reserved document number, and whether its holder is gone.

A number reserved for a letter rendered outside any transaction (``letter render``) is held
by its process (``<host>:<pid>``) until a lease ends. A reservation whose lease ended, or
whose process on this host no longer exists (killed between reserving and registering), is
abandoned: the next render or ``letter verify`` voids it with a ``document_voided`` event.
"""

from __future__ import annotations

import os
import socket
from datetime import datetime, timedelta
from typing import Any

LEASE = timedelta(hours=1)  # longer than any bulk render; a live holder is seen by its pid


def holder() -> str:
    """This process, as a reservation names its holder."""
    return f"{socket.gethostname()}:{os.getpid()}"


def holder_gone(name: str | None) -> bool:
    """Whether ``name`` is a process of this host that no longer exists. A process of
    another host (or one not ours to signal) counts as alive: its lease decides."""
    host, _, pid = (name or "").rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False
    return False


def abandoned(row: Any, now: datetime) -> bool:
    """Whether the reserved register entry ``row`` is no longer held by anyone."""
    if row.status != "reserved":
        return False
    until = row.reserved_until
    return until is None or until <= now or holder_gone(row.reserved_by)
