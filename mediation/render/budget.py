"""The limits of one rendering and the budget that enforces them while it runs.

A rendering sets a ``Budget`` in ``BUDGET`` (a context variable) for its duration; the
sandbox and its guarded filters, methods and operators ask it whether a step may go on. A
step that would go over a limit raises ``LimitExceeded``, which carries its reason in Korean
and English and becomes a template error naming the template.
"""

from __future__ import annotations

import time
from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True, kw_only=True)
class Limits:
    seconds: float = 5.0
    max_chars: int = 1_000_000
    max_repeat: int = 100_000
    max_pad: int = 500


DEFAULT_LIMITS = Limits()


class LimitExceeded(Exception):
    """Raised inside a rendering that went over one of its limits."""

    def __init__(self, en: str, ko: str) -> None:
        super().__init__(en)
        self.en = en
        self.ko = ko


@dataclass(slots=True)
class Budget:
    deadline: float
    limits: Limits
    used: dict[str, str] = field(default_factory=dict)

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise too_slow(self.limits.seconds)

    def size(self, n: int, what: str) -> None:
        """Refuse to build ``n`` items or characters at once (a repetition, a range…)."""
        if n > self.limits.max_repeat:
            raise LimitExceeded(
                f"{what} would make {n} items or characters (limit {self.limits.max_repeat})",
                f"{what}: 항목이나 글자가 {n}개가 됩니다 (한도 {self.limits.max_repeat})")

    def chars(self, n: int, what: str) -> None:
        """Refuse a text of ``n`` characters: no value needs to be longer than the output."""
        if n > self.limits.max_chars:
            raise LimitExceeded(
                f"{what} would be {n} characters long (limit {self.limits.max_chars})",
                f"{what}: 글자 수가 {n}자가 됩니다 (한도 {self.limits.max_chars}자)")

    def pad(self, n: object, what: str) -> None:
        """Refuse a width, precision or padding larger than ``max_pad``."""
        if isinstance(n, int) and n > self.limits.max_pad:
            raise LimitExceeded(f"{what} {n} is too large (limit {self.limits.max_pad})",
                                f"{what} {n}이(가) 너무 큽니다 (한도 {self.limits.max_pad})")


def too_slow(seconds: float) -> LimitExceeded:
    return LimitExceeded(f"rendering took longer than {seconds:g} s",
                         f"렌더링이 {seconds:g}초를 넘었습니다")


BUDGET: ContextVar[Budget | None] = ContextVar("mediation_template_budget", default=None)


def current_budget() -> Budget | None:
    return BUDGET.get()


def tick() -> None:
    budget = BUDGET.get()
    if budget is not None:
        budget.tick()
