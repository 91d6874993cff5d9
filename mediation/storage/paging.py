"""A page of a query's rows and the number of rows the whole query matches, in one
transaction: the list commands show a page and say how many more there are."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Boolean, ColumnElement, Row, Select, func, literal
from sqlalchemy.engine import Connection
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import True_
from sqlalchemy.sql.functions import FunctionElement


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


def among(column: ColumnElement[Any], values: Sequence[str]) -> ColumnElement[bool]:
    """``column IN (values)`` with the values written into the SQL, the same characters as a
    partial index's WHERE: SQLite matches an index's condition to a query's only so (a bound
    parameter inside ``IN`` is not compared with the index's values)."""
    return column.in_([literal(v, literal_execute=True) for v in values])


class usually(FunctionElement[bool]):
    """``clause``, marked for SQLite's planner as true of most rows (``likely(X)``, which
    returns X): a status an index of its own would find is then read through the partial
    index of the list's order instead (``ix_deadlines_live_due``, ``ix_reminders_open_id``),
    and the page stops after its rows rather than sorting every live one. PostgreSQL plans
    from its statistics and gets ``clause`` unchanged."""

    type = Boolean()
    name = "usually"
    inherit_cache = True
    _is_implicitly_boolean = True  # no ``= 1`` after it on SQLite: the term stays the index's


@compiles(usually)
def _usually(element: usually, compiler: Any, **kw: Any) -> str:
    return str(compiler.process(element.clauses, **kw))


@compiles(usually, "sqlite")
def _usually_sqlite(element: usually, compiler: Any, **kw: Any) -> str:
    return f"likely({compiler.process(element.clauses, **kw)})"
