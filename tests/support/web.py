"""The console's test client, which signs in through the sign-in form and reads the CSRF
token of a page as a browser would, and its fixtures (a plugin of ``tests/conftest.py``): the
ASGI app over the seeded test database (SQLite and PostgreSQL) with a password for every
seeded user, and a case of kim's."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from starlette.testclient import TestClient

from mediation.app import App
from mediation.cases.commands import CaseFields
from mediation.core.clock import FrozenClock
from mediation.web.server import create_app

PASSWORD = "correct horse battery"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, html[:400]
    return found.group(1)


@dataclass
class Console:
    app: App
    clock: FrozenClock
    client: TestClient

    def sign_in(self, username: str, password: str = PASSWORD) -> object:
        form = self.client.get("/signin")
        return self.client.post("/signin", data={"username": username, "password": password,
                                                 "csrf": csrf_of(form.text)},
                                follow_redirects=False)

    def csrf(self, path: str = "/") -> str:
        return csrf_of(self.client.get(path).text)


def new_console(c: Console) -> Console:
    """A second browser: the same app, its own cookies."""
    return Console(app=c.app, clock=c.clock,
                   client=TestClient(c.client.app, base_url="http://127.0.0.1"))


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
