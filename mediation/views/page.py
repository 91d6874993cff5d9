"""One page of a list across cases: the rows shown, how many match in all, where the page
starts and how many come after it (what the list commands say under the rows, and what
their ``--json`` carries beside the items)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

DEFAULT_LIMIT = 50
"""Rows per page of the list commands unless ``--limit`` says otherwise."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Page(Generic[T]):
    items: tuple[T, ...]
    total: int  # rows matching, on every page
    offset: int  # rows skipped before this page
    limit: int
    more: int  # rows after this page


def page_of(items: Sequence[T], total: int, offset: int, limit: int) -> Page[T]:
    return Page(items=tuple(items), total=total, offset=offset, limit=limit,
                more=max(0, total - offset - len(items)))
