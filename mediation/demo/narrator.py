"""The demo's voice: a line per step, stamped with the demo clock's time, in the chosen
language; and the clock moved forward between steps."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from mediation.core.clock import FrozenClock
from mediation.core.formats import kdatetime


class Narrator:
    def __init__(self, clock: FrozenClock, lang: str, say: Callable[[str], None]) -> None:
        self.clock, self.lang, self.say = clock, lang, say

    def step(self, ko: str, en: str, at: datetime | None = None) -> None:
        when = kdatetime(at or self.clock.now(), self.lang)
        self.say(f"[{when}] {en if self.lang == 'en' else ko}")

    def later(self, **delta: float) -> None:
        self.clock.advance(timedelta(**delta))
