"""The page options of the lists across cases (``--limit``, ``--offset``) and the line under
a page that says how many more rows there are and how to see them."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from .context import Ctx, whole_number

DEFAULT_LIMIT = 50  # views.page.DEFAULT_LIMIT, without importing the views at start-up
MAX_LIMIT = 10_000


def add_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--limit", type=whole_number(1, MAX_LIMIT), default=DEFAULT_LIMIT,
                   help="rows per page (default 50)")
    p.add_argument("--offset", type=whole_number(0), default=0,
                   help="rows to skip: the next page starts at --offset 50")


def show(ctx: Ctx, page: Any, line: Callable[[Any, str], str], empty: str) -> None:
    """Print ``page`` (a ``views.page.Page``): as JSON (items, total, offset, limit, more),
    or one line per row, ``empty`` when there are none, and the line about the rest."""
    if ctx.json:
        ctx.emit(page)
        return
    if not page.items:
        ctx.say(empty)
    for item in page.items:
        ctx.say(line(item, ctx.lang))
    footer = footer_line(page, ctx.lang)
    if footer:
        ctx.say(footer)


def footer_line(page: Any, lang: str) -> str | None:
    """``None`` when the page shows every row; else which rows these are and how to see
    the next ones."""
    if page.total <= len(page.items) and page.offset == 0:
        return None
    first, last = page.offset + 1, page.offset + len(page.items)
    shown = f"{first:,}–{last:,}" if page.items else "-"
    nxt = page.offset + page.limit
    if lang == "en":
        rest = f"; {page.more:,} more: --offset {nxt}" if page.more else ""
        return f"(rows {shown} of {page.total:,}{rest})"
    rest = f", {page.more:,}건 더 있음: --offset {nxt}" if page.more else ""
    return f"(전체 {page.total:,}건 중 {shown}{rest})"
