"""Bounds on what one expression of a template may build, checked before it is built.

Jinja's sandbox stops escapes, not allocations: ``'{:>999999999}'.format('x')``,
``'%*s'|format(2000000000, 'x')`` or ``'x'.ljust(10**9)`` would each take gigabytes before
the time limit fires. Every way the sandbox offers to pad, repeat or format is checked
here against the rendering's ``Budget``: widths and precisions of ``%`` formats (``*``
widths are refused), of ``str.format``/``format_map`` fields (after nested fields are
filled in), of ``strftime``; the padding and joining methods of texts; the filters that
take a width, a count or a separator (``center``, ``indent``, ``wordwrap``, ``format``,
``replace``, ``join``, ``batch``, ``slice``, ``tojson``); and the length of any text
joined by ``~``, ``+`` or a captured block.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, time
from typing import Any

from jinja2.sandbox import SandboxedEscapeFormatter, SandboxedFormatter

from mediation.render.budget import BUDGET, Budget, LimitExceeded

# a printf conversion: %% or %[(key)][flags][width][.precision][length]type
PRINTF = re.compile(r"%%|%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d*))?[hlL]?")
DIGITS = re.compile(r"\d+")


def check_printf(budget: Budget, fmt: str) -> None:
    """Widths and precisions of a ``%`` format; a ``*`` (width from the arguments) is refused."""
    for m in PRINTF.finditer(fmt):
        for group in m.groups():
            if group == "*":
                raise LimitExceeded("a '*' width or precision in a % format is not allowed",
                                    "% 형식에 '*' 너비나 정밀도는 쓸 수 없습니다")
            if group:
                budget.pad(int(group), "format width")


def check_spec(budget: Budget, spec: str) -> None:
    """A ``str.format`` field's spec or a ``strftime`` format: any number in it is a width
    or a precision."""
    for m in DIGITS.finditer(spec):
        budget.pad(int(m.group()), "format width")


class BoundedFormatter(SandboxedFormatter):
    """``str.format`` and ``format_map`` in the sandbox, with bounded field specs."""

    def format_field(self, value: Any, format_spec: str) -> Any:
        budget = BUDGET.get()
        if budget is not None:
            check_spec(budget, str(format_spec))
        return super().format_field(value, format_spec)


class BoundedEscapeFormatter(BoundedFormatter, SandboxedEscapeFormatter):
    """The same for ``Markup.format``: fields escaped, specs bounded."""


# methods of texts, numbers and dates --------------------------------------------------

def _width(budget: Budget, target: Any, args: tuple[Any, ...]) -> tuple[Any, ...]:
    budget.pad(args[0] if args else 0, "width")
    return args


def _tabs(budget: Budget, target: Any, args: tuple[Any, ...]) -> tuple[Any, ...]:
    size = args[0] if args and isinstance(args[0], int) else 8
    budget.pad(size, "tab size")
    budget.chars(len(target) + target.count("\t" if isinstance(target, str) else b"\t") * size,
                 "expandtabs")
    return args


def _join(budget: Budget, target: Any, args: tuple[Any, ...]) -> tuple[Any, ...]:
    if not args:
        return args
    items = _listed(budget, args[0])
    budget.chars(_joined_length(items, len(target)), "join")
    return (items, *args[1:])


def _replace(budget: Budget, target: Any, args: tuple[Any, ...]) -> tuple[Any, ...]:
    if len(args) >= 2:
        budget.size(replaced_length(target, args[0], args[1]), "replace")
    return args


def _translate(budget: Budget, target: Any, args: tuple[Any, ...]) -> tuple[Any, ...]:
    table = args[0] if args else None
    longest = max((len(v) for v in table.values() if isinstance(v, (str, bytes))), default=1) \
        if isinstance(table, dict) else 1
    budget.chars(len(target) * max(1, longest), "translate")
    return args


def _strftime(budget: Budget, target: Any, args: tuple[Any, ...]) -> tuple[Any, ...]:
    if args:
        check_spec(budget, str(args[0]))
    return args


def _to_bytes(budget: Budget, target: Any, args: tuple[Any, ...]) -> tuple[Any, ...]:
    budget.size(args[0] if args and isinstance(args[0], int) else 1, "to_bytes")
    return args


Check = Callable[[Budget, Any, tuple[Any, ...]], tuple[Any, ...]]
TEXT_METHODS: dict[str, Check] = {
    "ljust": _width, "rjust": _width, "center": _width, "zfill": _width,
    "expandtabs": _tabs, "join": _join, "replace": _replace, "translate": _translate}


def check_method(budget: Budget, method: Any, args: tuple[Any, ...]) -> tuple[Any, ...]:
    """The arguments a built-in method may be called with (texts, bytes, ints, dates)."""
    target = getattr(method, "__self__", None)
    name = getattr(method, "__name__", "")
    check: Check | None = None
    if isinstance(target, (str, bytes)):
        check = TEXT_METHODS.get(name)
    elif isinstance(target, (date, time)) and name == "strftime":
        check = _strftime
    elif isinstance(target, int) and name == "to_bytes":
        check = _to_bytes
    return args if check is None else check(budget, target, args)


# lengths ------------------------------------------------------------------------------

def _listed(budget: Budget, items: Iterable[Any]) -> list[Any]:
    listed = []
    for item in items:
        listed.append(item)
        budget.size(len(listed), "join")
    return listed


def _joined_length(items: list[Any], separator: int) -> int:
    return sum(len(item) if isinstance(item, (str, bytes)) else len(str(item))
               for item in items) + separator * max(0, len(items) - 1)


def replaced_length(text: Any, old: Any, new: Any) -> int:
    text, old, new = (v if isinstance(v, (str, bytes)) else str(v) for v in (text, old, new))
    hits = text.count(old) if old else len(text) + 1
    return len(text) + hits * max(0, len(new) - len(old))


def check_concat(budget: Budget, parts: Iterable[Any]) -> list[Any]:
    """The pieces of a ``~`` chain or a captured block, refused if their text is too long."""
    listed = list(parts)
    budget.chars(sum(len(p) if isinstance(p, str) else len(str(p)) for p in listed), "joined text")
    return listed


def check_binop(budget: Budget, operator: str, left: Any, right: Any) -> None:
    if operator == "*":
        for seq, n in ((left, right), (right, left)):
            if isinstance(seq, (str, bytes, list, tuple)) and isinstance(n, int):
                budget.size(len(seq) * n, "repetition")
    elif operator == "+":
        if isinstance(left, (str, bytes, list, tuple)) and isinstance(right, (str, bytes, list,
                                                                               tuple)):
            budget.chars(len(left) + len(right), "+")
    elif operator == "**":
        if isinstance(right, int) and abs(right) > 64:
            raise LimitExceeded(f"exponent {right} is too large (limit 64)",
                                f"지수 {right}이(가) 너무 큽니다 (한도 64)")
    elif isinstance(left, str):
        check_printf(budget, left)


# filters ------------------------------------------------------------------------------

FilterCheck = Callable[..., Any]


def guarded_filter(original: Callable[..., Any], check: FilterCheck) -> Callable[..., Any]:
    """``original`` with ``check(budget, value, *args, **kwargs)`` run first; the check
    returns the value to filter (a materialised list, where it had to count the items)."""
    passes = getattr(original, "jinja_pass_arg", None)

    def guarded(*args: Any, **kwargs: Any) -> Any:
        budget = BUDGET.get()
        if budget is not None:
            skip = 1 if passes is not None else 0
            value = check(budget, *args[skip:], **kwargs)
            args = (*args[:skip], value, *args[skip + 1:])
        return original(*args, **kwargs)

    if passes is not None:
        guarded.jinja_pass_arg = passes  # type: ignore[attr-defined]
    return guarded


def _center(budget: Budget, value: Any, width: Any = 80, *args: Any) -> Any:
    budget.pad(width, "'center' width")
    return value


def _indent(budget: Budget, value: Any, width: Any = 4, *args: Any, **kwargs: Any) -> Any:
    size = len(width) if isinstance(width, str) else width
    budget.pad(size, "'indent' width")
    if isinstance(size, int):
        budget.chars(len(str(value)) + (str(value).count("\n") + 1) * size, "indent")
    return value


def _wordwrap(budget: Budget, value: Any, width: Any = 79, break_long_words: Any = True,
              wrapstring: Any = None, *args: Any, **kwargs: Any) -> Any:
    budget.pad(width, "'wordwrap' width")
    wrapstring = kwargs.get("wrapstring", wrapstring)
    text = str(value)
    lines = (len(text) // width if isinstance(width, int) and width > 0 else len(text)) + \
        text.count("\n") + 1
    budget.chars(len(text) + lines * len(str(wrapstring or "\n")), "wordwrap")
    return value


def _format(budget: Budget, value: Any, *args: Any, **kwargs: Any) -> Any:
    check_printf(budget, str(value))
    return value


def _replace_filter(budget: Budget, value: Any, old: Any = "", new: Any = "",
                    *args: Any) -> Any:
    budget.size(replaced_length(value, old, new), "replace")
    return value


def _join_filter(budget: Budget, value: Any, d: Any = "", attribute: Any = None) -> Any:
    items = _listed(budget, value)
    budget.chars(_joined_length(items, len(str(d))), "join")
    return items


def _count(what: str) -> FilterCheck:
    def check(budget: Budget, value: Any, n: Any = 1, *args: Any) -> Any:
        if isinstance(n, int):
            budget.size(n, what)
        return value

    return check


def _tojson(budget: Budget, value: Any, indent: Any = None) -> Any:
    budget.pad(indent, "'tojson' indent")
    return value


FILTER_CHECKS: dict[str, FilterCheck] = {
    "center": _center, "indent": _indent, "wordwrap": _wordwrap, "format": _format,
    "replace": _replace_filter, "join": _join_filter, "batch": _count("batch"),
    "slice": _count("slice"), "tojson": _tojson}
