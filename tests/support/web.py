"""The console's test client: signs in through the sign-in form and reads the CSRF token of
a page, as a browser would."""

from __future__ import annotations

import re
from dataclasses import dataclass

from starlette.testclient import TestClient

from mediation.app import App
from mediation.core.clock import FrozenClock

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
