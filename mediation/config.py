"""Settings read from the environment (``MEDIATION_*``), with the embedded defaults:
a SQLite file and an outbox folder under the data home."""

from __future__ import annotations

import getpass
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .errors import BadInput

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _home(env: Mapping[str, str]) -> Path:
    if env.get("MEDIATION_HOME"):
        return Path(env["MEDIATION_HOME"]).expanduser()
    xdg = env.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(xdg) / "mediation"


def os_login() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "admin"


def parse_now(text: str) -> datetime:
    """An ISO 8601 time with an offset, as ``MEDIATION_NOW`` and ``--at`` take it."""
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise BadInput(field="MEDIATION_NOW",
                       reason=f"'{text}' is not an ISO 8601 time (2026-11-24T09:00:00+09:00)") from exc
    if value.tzinfo is None:
        raise BadInput(field="MEDIATION_NOW", reason=f"'{text}' needs a UTC offset such as +09:00")
    return value


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    home: Path
    database_url: str
    workflows_dir: Path
    lang: str = "ko"
    user: str | None = None
    now: datetime | None = None
    fault: str | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        home = _home(env)
        lang = env.get("MEDIATION_LANG", "ko")
        if lang not in ("ko", "en"):
            raise BadInput(field="MEDIATION_LANG", reason=f"'{lang}' is not ko or en")
        now = env.get("MEDIATION_NOW")
        return cls(
            home=home,
            database_url=env.get("MEDIATION_DATABASE_URL") or f"sqlite:///{home / 'mediation.db'}",
            workflows_dir=Path(env.get("MEDIATION_WORKFLOWS_DIR") or PROJECT_ROOT / "workflows"),
            lang=lang,
            user=env.get("MEDIATION_USER") or None,
            now=parse_now(now) if now else None,
            fault=env.get("MEDIATION_FAULT") or None,
        )
