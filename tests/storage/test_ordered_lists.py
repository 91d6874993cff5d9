"""The long lists across cases (``deadline list``, ``reminders list``) read their page from an
index in the list's own order and stop after it: the order stays the one promised, page
after page, and on SQLite the plan has no sort of every live row."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import event
from support.cases import at, open_case

from mediation.app import App
from mediation.core.clock import FrozenClock


def four_cases_one_paused(app: App, clock: FrozenClock) -> None:
    numbers = [open_case(app, clock, at(2026, 11, 2 + i, 10)) for i in range(4)]
    app.adjust.pause_case(app.users.actor("kim"), numbers[1], "당사자 요청으로 연기")


def test_the_live_deadlines_come_soonest_first_and_paused_last_page_after_page(
        app: App, clock: FrozenClock) -> None:
    # Given four cases with their deadlines, one case's stopped (no due time while paused)
    four_cases_one_paused(app, clock)
    admin = app.users.actor("admin")
    # When the admin reads the whole list, and then two rows at a time
    every = app.deadlines.deadline_page(admin, limit=100)
    pages = [d for offset in range(0, every.total, 2)
             for d in app.deadlines.deadline_page(admin, limit=2, offset=offset).items]
    # Then the list holds every live deadline, soonest due first, ties by id, paused last
    assert {d.status for d in every.items} == {"open", "paused"}
    order = [(d.due_at is None, d.due_at or at(2000, 1, 1), d.id) for d in every.items]
    assert order == sorted(order)
    # And the pages, one after another, are that list
    assert [d.id for d in pages] == [d.id for d in every.items]


def test_the_open_reminders_come_by_id_page_after_page(app: App, clock: FrozenClock) -> None:
    # Given four cases with their reminders, one case's held by its pause
    four_cases_one_paused(app, clock)
    admin = app.users.actor("admin")
    # When the admin reads the open reminders whole, and three at a time
    every = app.reminders.reminder_page(admin, limit=1000)
    pages = [r for offset in range(0, every.total, 3)
             for r in app.reminders.reminder_page(admin, limit=3, offset=offset).items]
    # Then they are the open ones, by id, and the pages are that list
    assert every.total > 3 and {r.status for r in every.items} <= {"pending", "sending", "failed"}
    assert [r.id for r in every.items] == sorted(r.id for r in every.items)
    assert [r.id for r in pages] == [r.id for r in every.items]


def plans(app: App, read: Callable[[], Any]) -> list[str]:
    """The SQLite plan of each paged SELECT ``read`` runs (with its parameters)."""
    seen: list[tuple[str, Any]] = []

    def grab(conn: Any, cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.lstrip().startswith("SELECT") and "LIMIT" in statement:
            seen.append((statement, parameters))

    event.listen(app.db.engine, "before_cursor_execute", grab)
    try:
        read()
    finally:
        event.remove(app.db.engine, "before_cursor_execute", grab)
    with app.db.engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        return [" / ".join(row[3] for row in raw.execute(f"EXPLAIN QUERY PLAN {sql}", params))
                for sql, params in seen]


def test_on_sqlite_the_pages_are_read_from_the_partial_indexes_without_a_sort(
        app: App, clock: FrozenClock, database_url: str) -> None:
    if not database_url.startswith("sqlite"):
        return  # PostgreSQL plans from its statistics (EXPLAIN ANALYZE in docs/benchmarks.md)
    # Given cases with deadlines and reminders
    four_cases_one_paused(app, clock)
    admin = app.users.actor("admin")
    # When the admin reads a page of each list
    deadlines = plans(app, lambda: app.deadlines.deadline_page(admin, limit=2))
    reminders = plans(app, lambda: app.reminders.reminder_page(admin, limit=2))
    # Then each page is a walk of its list's index, stopped after the page, with no sort
    assert len(deadlines) == 1 and "USING INDEX ix_deadlines_live_due" in deadlines[0]
    assert len(reminders) == 1 and "USING INDEX ix_reminders_open_id" in reminders[0]
    assert not any("TEMP B-TREE" in plan for plan in deadlines + reminders)
