"""The sandbox that staff-editable templates run in, and the limits of one rendering.

``ImmutableSandboxedEnvironment`` blocks attribute escapes and mutation; on top of it this
module bounds what the sandbox does not: render time (a timer signal in the main thread,
and a check on every call, attribute access, operator and loop step), string and list
repetition, padding widths of ``center``, ``indent`` and ``%`` formats, and the size of
``replace`` results. The output size is checked by the caller as chunks are produced. The
loader remembers the SHA-256 of every template source it reads, and the environment records
which templates a rendering used (``Budget.used``).

What stays unbounded is the memory of a deliberately exponential chain of ``~``
concatenations written out in a template's own text; templates are edited by office staff,
not by the public.
"""

from __future__ import annotations

import hashlib
import os
import re
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, TemplateNotFound
from jinja2 import Template as JinjaTemplate
from jinja2.sandbox import ImmutableSandboxedEnvironment

from mediation.core.files import FileRefused, read_limited

MAX_TEMPLATE_BYTES = 1_000_000  # a letter's template, the office's own included


@dataclass(frozen=True, slots=True, kw_only=True)
class Limits:
    seconds: float = 5.0
    max_chars: int = 1_000_000
    max_repeat: int = 100_000
    max_pad: int = 500


DEFAULT_LIMITS = Limits()


class LimitExceeded(Exception):
    """Raised inside a rendering that went over one of its limits."""


@dataclass(slots=True)
class Budget:
    deadline: float
    limits: Limits
    used: dict[str, str] = field(default_factory=dict)

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise LimitExceeded(f"rendering took longer than {self.limits.seconds:g} s")

    def size(self, n: int, what: str) -> None:
        if n > self.limits.max_repeat:
            raise LimitExceeded(f"{what} would make {n} items or characters "
                        f"(limit {self.limits.max_repeat})")


BUDGET: ContextVar[Budget | None] = ContextVar("mediation_template_budget", default=None)


def current_budget() -> Budget | None:
    return BUDGET.get()


def tick() -> None:
    budget = BUDGET.get()
    if budget is not None:
        budget.tick()


# the environment ---------------------------------------------------------------------

class Loader(FileSystemLoader):
    """Looks in the override folder first, then the shipped templates; remembers the
    SHA-256 of every source it reads."""

    def __init__(self, paths: list[Path]) -> None:
        super().__init__([str(p) for p in paths], encoding="utf-8")
        self.hashes: dict[str, tuple[str, str]] = {}

    def get_source(self, environment: Any, template: str) -> tuple[str, str,
                                                                   Callable[[], bool]]:
        self._check_file(template)  # never open a device, a FIFO or a huge file
        source, filename, uptodate = super().get_source(environment, template)
        self.hashes[template] = (filename,
                                 hashlib.sha256(source.encode("utf-8")).hexdigest())
        return source, filename, uptodate


    def _check_file(self, template: str) -> None:
        """Refuse the template the search would find if it is not a regular file of at most
        ``MAX_TEMPLATE_BYTES`` (an office's override folder is staff-edited input)."""
        from jinja2.loaders import split_template_path

        pieces = split_template_path(template)
        for folder in self.searchpath:
            path = Path(folder, *pieces)
            if os.path.lexists(path):
                try:
                    read_limited(path, MAX_TEMPLATE_BYTES)
                except FileRefused as exc:
                    raise TemplateNotFound(f"{template}: {exc.reason}") from exc
                return


class Sandbox(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**", "%"})

    def get_template(self, name: Any, parent: str | None = None,
                     globals: Any = None) -> JinjaTemplate:
        template = super().get_template(name, parent, globals)
        budget = BUDGET.get()
        if budget is not None and isinstance(name, str):
            loader = self.loader
            assert isinstance(loader, Loader)
            if name in loader.hashes:
                budget.used[name] = loader.hashes[name][1]
        return template

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        budget = BUDGET.get()
        if budget is not None:
            budget.tick()
            _check_binop(budget, operator, left, right)
        return super().call_binop(context, operator, left, right)

    def getattr(self, obj: Any, attribute: str) -> Any:
        tick()
        return super().getattr(obj, attribute)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        tick()
        return super().call(__context, __obj, *args, **kwargs)


WIDTH = re.compile(r"%[-#0 +]*(\d+)?(?:\.(\d+))?")


def _check_binop(budget: Budget, operator: str, left: Any, right: Any) -> None:
    if operator == "*":
        for seq, n in ((left, right), (right, left)):
            if isinstance(seq, (str, list, tuple)) and isinstance(n, int):
                budget.size(len(seq) * n, "repetition")
    elif operator == "**":
        if isinstance(right, int) and abs(right) > 64:
            raise LimitExceeded(f"exponent {right} is too large (limit 64)")
    elif isinstance(left, str):
        _check_format(budget, left)


def _check_format(budget: Budget, fmt: str) -> None:
    for m in WIDTH.finditer(fmt):
        for group in m.groups():
            if group and int(group) > budget.limits.max_pad:
                raise LimitExceeded(f"format width {group} is too large (limit {budget.limits.max_pad})")


def _bounded_range(*args: int) -> Iterator[int]:
    values = range(*args)
    budget = BUDGET.get()
    if budget is not None:
        budget.size(len(values), "range")
    for i, value in enumerate(values):
        if i % 256 == 0:
            tick()
        yield value


def _padded(name: str, original: Callable[..., Any]) -> Callable[..., Any]:
    def guarded(value: Any, width: Any = 80, *args: Any, **kwargs: Any) -> Any:
        budget = BUDGET.get()
        if budget is not None and isinstance(width, int) and width > budget.limits.max_pad:
            raise LimitExceeded(f"'{name}' width {width} is too large (limit {budget.limits.max_pad})")
        return original(value, width, *args, **kwargs)

    return guarded


def _guarded_format(original: Callable[..., Any]) -> Callable[..., Any]:
    def guarded(value: Any, *args: Any, **kwargs: Any) -> Any:
        budget = BUDGET.get()
        if budget is not None:
            _check_format(budget, str(value))
        return original(value, *args, **kwargs)

    return guarded


def _guarded_replace(original: Callable[..., Any]) -> Callable[..., Any]:
    def guarded(eval_ctx: Any, s: Any, old: Any, new: Any, count: Any = None) -> Any:
        budget = BUDGET.get()
        if budget is not None:
            text, old_s, new_s = str(s), str(old), str(new)
            hits = text.count(old_s) if old_s else len(text) + 1
            budget.size(len(text) + hits * max(0, len(new_s) - len(old_s)), "replace")
        return original(eval_ctx, s, old, new, count)

    guarded.jinja_pass_arg = original.jinja_pass_arg  # type: ignore[attr-defined]
    return guarded


def make_env(loader: Loader, *, html: bool, filters: dict[str, Callable[..., Any]]) -> Sandbox:
    """The environment for HTML (everything autoescaped) or for text (only ``*.html.j2``)."""
    env = Sandbox(loader=loader, undefined=StrictUndefined, trim_blocks=True,
                   lstrip_blocks=True, keep_trailing_newline=True,
                   autoescape=True if html else _escape_html_names)
    for name in ("center", "indent"):
        env.filters[name] = _padded(name, env.filters[name])
    env.filters["format"] = _guarded_format(env.filters["format"])
    env.filters["replace"] = _guarded_replace(env.filters["replace"])
    env.filters.update(filters)
    env.globals["range"] = _bounded_range
    env.globals.pop("namespace", None)
    return env


def _escape_html_names(name: str | None) -> bool:
    """In the text environment only ``*.html.j2`` (and ``*.html``) templates are escaped."""
    return bool(name) and str(name).endswith((".html.j2", ".html", ".htm"))


@contextmanager
def alarm(seconds: float) -> Iterator[None]:
    """A timer signal that interrupts a runaway rendering; only in the main thread, and
    only when no other timer is running."""
    usable = (threading.current_thread() is threading.main_thread()
              and hasattr(signal, "setitimer") and signal.getitimer(signal.ITIMER_REAL)[0] == 0)
    if not usable:
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise LimitExceeded(f"rendering took longer than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
