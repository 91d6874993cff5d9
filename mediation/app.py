"""The composition root: settings, clock, database and workflows wired into one ``App``.

Tests and the demo pass their own clock; nothing else constructs these parts.
"""

from __future__ import annotations

from dataclasses import dataclass

from .clock import Clock, FrozenClock, SystemClock
from .config import Settings
from .db import Database
from .definitions import WorkflowDef
from .faults import Faults
from .loader import load_directory
from .service import Service


@dataclass(frozen=True, slots=True, kw_only=True)
class App:
    settings: Settings
    db: Database
    clock: Clock
    workflows: dict[str, WorkflowDef]
    service: Service

    def close(self) -> None:
        self.db.dispose()


def build_app(settings: Settings, *, clock: Clock | None = None) -> App:
    if clock is None:
        clock = FrozenClock(settings.now) if settings.now else SystemClock()
    db = Database(settings.database_url)
    workflows = load_directory(settings.workflows_dir)
    service = Service(db, clock, workflows, Faults(settings.fault))
    return App(settings=settings, db=db, clock=clock, workflows=workflows, service=service)
