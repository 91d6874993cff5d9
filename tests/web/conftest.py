"""The console's fixtures: the ASGI app over the seeded test database (SQLite and
PostgreSQL) with a password for every seeded user, and a case of kim's."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient
from support.web import PASSWORD, Console

from mediation.app import App
from mediation.cases.commands import CaseFields
from mediation.core.clock import FrozenClock
from mediation.web.server import create_app


@pytest.fixture
def console(app: App, clock: FrozenClock) -> Iterator[Console]:
    admin = app.users.actor("admin")
    for name in ("admin", "kim", "lee", "park", "choi"):
        app.passwords.set_password(admin, name, PASSWORD)
    with TestClient(create_app(app, secret="test secret"), base_url="http://127.0.0.1") as client:
        yield Console(app=app, clock=clock, client=client)


@pytest.fixture
def kims_case(app: App) -> str:
    park = app.users.actor("park")
    return app.cases.open_case(park, workflow="public_conflict", mediator="kim", supervisor="park",
                               fields=CaseFields(title="가상 시설 입지 갈등")).number
