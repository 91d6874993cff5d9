"""Test-only fault injection: ``MEDIATION_FAULT=POINT:ACTION`` makes the service kill its
own process (``kill``), pause (``sleep=SECONDS``) or fail as the operating system would
(``oserror=ERRNO``, e.g. 28 for a full disk) when it reaches ``POINT``.

Used by the crash and concurrency tests; an unset variable costs one comparison.
"""

from __future__ import annotations

import os
import signal
import time


class Faults:
    def __init__(self, spec: str | None) -> None:
        self.point, _, self.action = (spec or "").partition(":")

    def hit(self, point: str) -> None:
        if not self.point or point != self.point:
            return
        if self.action == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        elif self.action.startswith("sleep="):
            time.sleep(float(self.action.split("=", 1)[1]))
        elif self.action.startswith("oserror="):
            code = int(self.action.split("=", 1)[1])
            raise OSError(code, os.strerror(code))


NO_FAULTS = Faults(None)
