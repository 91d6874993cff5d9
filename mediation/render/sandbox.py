"""The sandbox that staff-editable templates run in.

``ImmutableSandboxedEnvironment`` blocks attribute escapes and mutation; on top of it this
module bounds what the sandbox does not: render time (a timer signal in the main thread,
and a check on every call, attribute access, operator and loop step) and, through
``bounds``, everything an expression could build before the time limit fires — repetitions,
ranges, widths and precisions of every format, padding, joining, replacing, and the length
of texts joined by ``~``, ``+`` or captured in a block. The output size is checked by the
caller as chunks are produced. The loader remembers the SHA-256 of every template source it
reads, and the environment records which templates a rendering used (``Budget.used``).
"""

from __future__ import annotations

import hashlib
import os
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import update_wrapper
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, TemplateNotFound
from jinja2 import Template as JinjaTemplate
from jinja2.compiler import CodeGenerator, Frame
from jinja2.nodes import Concat
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from mediation.core.files import FileRefused, read_limited
from mediation.render.bounds import (
    FILTER_CHECKS,
    BoundedEscapeFormatter,
    BoundedFormatter,
    check_binop,
    check_concat,
    check_method,
    guarded_filter,
)
from mediation.render.budget import BUDGET, tick, too_slow

MAX_TEMPLATE_BYTES = 1_000_000  # a letter's template, the office's own included


def _bounded_range(*args: int) -> Iterator[int]:
    values = range(*args)
    budget = BUDGET.get()
    if budget is not None:
        budget.size(len(values), "range")
    for i, value in enumerate(values):
        if i % 256 == 0:
            tick()
        yield value


class BoundedCodeGenerator(CodeGenerator):
    """Compiles ``a ~ b ~ c`` to ``environment.bounded_join(str_join, (a, b, c))``, so that
    the joined text is measured before it is built."""

    def visit_Concat(self, node: Concat, frame: Frame) -> None:
        self.write("environment.bounded_join(")
        if frame.eval_ctx.volatile:
            self.write("(markup_join if context.eval_ctx.volatile else str_join)")
        else:
            self.write("markup_join" if frame.eval_ctx.autoescape else "str_join")
        self.write(", (")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


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
    intercepted_binops = frozenset({"*", "**", "%", "+"})
    code_generator_class = BoundedCodeGenerator

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
            check_binop(budget, operator, left, right)
        return super().call_binop(context, operator, left, right)

    def getattr(self, obj: Any, attribute: str) -> Any:
        tick()
        return super().getattr(obj, attribute)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        budget = BUDGET.get()
        if budget is not None:
            budget.tick()
            args = check_method(budget, __obj, args)
        return super().call(__context, __obj, *args, **kwargs)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """``str.format``/``format_map`` through ``BoundedFormatter`` (Jinja's own wrapper,
        with its formatter swapped)."""
        if super().wrap_str_format(value) is None:
            return None
        text: str = value.__self__
        formatter = (BoundedEscapeFormatter(self, escape=text.escape)
                     if isinstance(text, Markup) else BoundedFormatter(self))
        is_map = value.__name__ == "format_map"

        def bounded(*args: Any, **kwargs: Any) -> str:
            if not is_map:
                return type(text)(formatter.vformat(text, args, kwargs))
            if kwargs or len(args) != 1:
                raise TypeError("format_map() takes exactly one mapping")
            return type(text)(formatter.vformat(text, (), args[0]))

        return update_wrapper(bounded, value)

    def concat(self, parts: Iterable[str]) -> str:
        """Captured blocks, macro bodies and ``super()``: the text they join is bounded."""
        budget = BUDGET.get()
        return "".join(parts if budget is None else check_concat(budget, parts))

    def bounded_join(self, join: Callable[[Iterable[Any]], str], parts: Iterable[Any]) -> str:
        """A ``~`` chain (see ``BoundedCodeGenerator``)."""
        budget = BUDGET.get()
        return join(parts if budget is None else check_concat(budget, parts))


def make_env(loader: Loader, *, html: bool, filters: dict[str, Callable[..., Any]]) -> Sandbox:
    """The environment for HTML (everything autoescaped) or for text (only ``*.html.j2``)."""
    env = Sandbox(loader=loader, undefined=StrictUndefined, trim_blocks=True,
                   lstrip_blocks=True, keep_trailing_newline=True,
                   autoescape=True if html else _escape_html_names)
    for name, check in FILTER_CHECKS.items():
        env.filters[name] = guarded_filter(env.filters[name], check)
    env.filters.update(filters)
    env.globals["range"] = _bounded_range
    for name in ("namespace", "lipsum"):
        env.globals.pop(name, None)
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
        raise too_slow(seconds)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
