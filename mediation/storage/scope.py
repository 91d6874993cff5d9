"""Which cases a user may read: mediators their own, supervisors those they supervise, admins
and the system (the reminder sweep) all.

The rule is written once, as the column of ``cases`` that names the user for each role, and
used two ways: as a WHERE clause that lists over many cases add to their query (so that a
mediator's list reads only their rows, through the index on that column), and as a check on
one case row already read (``may_read``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, false, true

from mediation.storage.models import cases
from mediation.workflow.definitions import SYSTEM
from mediation.workflow.engine import Actor

SEES_ALL = frozenset({"admin", SYSTEM})
"""Roles that read every case."""

ASSIGNED = {"mediator": "mediator", "supervisor": "supervisor"}
"""For each other role, the column of ``cases`` that must name the user."""


def readable(actor: Actor) -> ColumnElement[bool]:
    """The WHERE clause over ``cases`` of the cases ``actor`` may read."""
    if actor.role in SEES_ALL:
        return true()
    column = ASSIGNED.get(actor.role)
    return false() if column is None else cases.c[column] == actor.username


def restriction(actor: Actor) -> ColumnElement[bool] | None:
    """``readable(actor)``, or ``None`` when ``actor`` reads every case: a query over another
    table then needs no join with ``cases``."""
    return None if actor.role in SEES_ALL else readable(actor)


def may_read(actor: Actor, case: Any) -> bool:
    """Whether ``actor`` may read ``case`` (a row with ``mediator`` and ``supervisor``)."""
    return actor.role in SEES_ALL or assigned(actor, case)


def assigned(actor: Actor, case: Any) -> bool:
    """Whether ``case`` is ``actor``'s: theirs to mediate, or to supervise."""
    column = ASSIGNED.get(actor.role)
    return column is not None and getattr(case, column) == actor.username
