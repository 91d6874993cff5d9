"""Sessions in a signed cookie: who signed in, when they were last seen (for the idle
timeout) and the CSRF token every form carries. Nothing is kept on the server; the cookie
is HttpOnly, SameSite=Lax and Secure when the console is reached over HTTPS."""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

from itsdangerous import BadSignature, URLSafeSerializer

COOKIE = "mediation_session"


@dataclass(frozen=True, slots=True, kw_only=True)
class Session:
    csrf: str
    user: str | None = None
    seen: datetime | None = None  # the last request of the signed-in user
    change: bool = False  # signed in with a one-time password: change it before anything else

    def signed_in(self, user: str, now: datetime, *, change: bool = False) -> Session:
        """The session after signing in: a new CSRF token, so one read before is useless."""
        return Session(csrf=new_token(), user=user, seen=now, change=change)

    def touched(self, now: datetime) -> Session:
        return replace(self, seen=now) if self.user else self

    def idle(self, now: datetime, limit: timedelta) -> bool:
        return self.user is not None and (self.seen is None or now - self.seen > limit)

    def csrf_ok(self, given: str | None) -> bool:
        return bool(given) and hmac.compare_digest(self.csrf, str(given))


def new_token() -> str:
    return secrets.token_urlsafe(32)


class SessionCodec:
    """Signs and reads the session cookie with the console's secret key."""

    def __init__(self, secret: str) -> None:
        self.serializer = URLSafeSerializer(secret, salt="mediation-web-session")

    def dump(self, session: Session) -> str:
        return self.serializer.dumps({"c": session.csrf, "u": session.user,
                                      "s": session.seen.isoformat() if session.seen else None,
                                      "m": session.change})

    def load(self, cookie: str | None) -> Session:
        """The session in ``cookie``, or a new anonymous one if it is missing or forged."""
        if cookie:
            try:
                data = self.serializer.loads(cookie)
                return Session(csrf=str(data["c"]), user=data["u"],
                               seen=datetime.fromisoformat(data["s"]) if data["s"] else None,
                               change=bool(data.get("m")))
            except (BadSignature, KeyError, TypeError, ValueError):
                pass
        return Session(csrf=new_token())


def secret_key(configured: str | None, home: Path) -> str:
    """``MEDIATION_WEB_SECRET``, else a key made once and kept in ``HOME/web-secret``
    (readable by its owner only)."""
    if configured:
        return configured
    path = home / "web-secret"
    if not path.exists():
        home.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(48), encoding="utf-8")
    return path.read_text(encoding="utf-8").strip()
