"""A page of a query's rows and the number of rows the whole query matches, in one
transaction: the list commands show a page and say how many more there are."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, func
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import True_


def page(conn: Connection, query: Select[Any], limit: int, offset: int,
         counted: Select[Any] | None = None) -> tuple[Sequence[Row[Any]], int]:
    """The rows ``offset`` .. ``offset + limit`` of ``query`` (ordered), and how many rows
    it matches in all: ``counted`` (a query selecting the same rows, with fewer joins), else
    ``query``'s own FROM and WHERE counted alone."""
    rows = conn.execute(query.limit(limit).offset(offset)).all()
    if offset == 0 and len(rows) < limit:  # the whole list is on this page
        return rows, len(rows)
    base = query if counted is None else counted
    total = base.order_by(None).with_only_columns(func.count(), maintain_column_froms=True)
    return rows, int(conn.execute(total).scalar_one())


def sees_all(readable: ColumnElement[bool]) -> bool:
    """Whether ``readable`` (``scope.readable``) selects every case: a count need not join
    the cases then."""
    return isinstance(readable, True_)
