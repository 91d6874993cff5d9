"""Settings read from the environment (``MEDIATION_*``), with the embedded defaults:
a SQLite file and an outbox folder under the data home."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, time
from pathlib import Path

from mediation.core.errors import BadInput
from mediation.core.paths import PROJECT_ROOT
from mediation.render.office import DocumentSettings


def home_of(env: Mapping[str, str]) -> Path:
    """The data folder: ``MEDIATION_HOME``, else the XDG data folder's ``mediation``."""
    if env.get("MEDIATION_HOME"):
        return Path(env["MEDIATION_HOME"]).expanduser()
    xdg = env.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(xdg) / "mediation"


def parse_now(text: str) -> datetime:
    """An ISO 8601 time with an offset, as ``MEDIATION_NOW`` and ``--at`` take it."""
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise BadInput(field="MEDIATION_NOW",
                       reason_ko=f"'{text}'은(는) ISO 8601 시각이 아닙니다 (예: 2026-11-24T09:00:00+09:00)",
                       reason_en=f"'{text}' is not an ISO 8601 time (2026-11-24T09:00:00+09:00)") from exc
    if value.tzinfo is None:
        raise BadInput(field="MEDIATION_NOW", reason_ko=f"'{text}'에 UTC 시차(예: +09:00)를 붙이세요",
                                              reason_en=f"'{text}' needs a UTC offset such as +09:00")
    return value


def _span(text: str, name: str) -> tuple[time, time]:
    """``09:00-18:00`` → (09:00, 18:00)."""
    try:
        first, last = (time.fromisoformat(part.strip()) for part in text.split("-", 1))
    except ValueError as exc:
        raise BadInput(field=name, reason_ko=f"'{text}'은(는) 09:00-18:00 같은 시간대가 아닙니다",
                                   reason_en=f"'{text}' is not a span like 09:00-18:00") from exc
    if first >= last:
        raise BadInput(field=name, reason_ko=f"'{text}': 끝 시각이 시작 시각보다 늦어야 합니다",
                                   reason_en=f"'{text}' must end after it starts")
    return first, last


def _breaks(text: str) -> tuple[tuple[time, time], ...]:
    if text.strip().lower() in ("", "none"):
        return ()
    return tuple(_span(part, "MEDIATION_OFFICE_BREAKS") for part in text.split(","))


def _number(env: Mapping[str, str], name: str, default: float, low: float, high: float) -> float:
    raw = env.get(name)
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError as exc:
        raise BadInput(field=name, reason_ko=f"'{raw}'은(는) 숫자가 아닙니다",
                                   reason_en=f"'{raw}' is not a number") from exc
    if not low <= value <= high:
        raise BadInput(field=name, reason_ko=f"{raw}은(는) 허용 범위({low:g}–{high:g})를 벗어납니다",
                                   reason_en=f"{raw} is out of range ({low:g}–{high:g})")
    return value


SMTP_PORTS = {"starttls": 587, "ssl": 465, "none": 25}


@dataclass(frozen=True, slots=True, kw_only=True)
class MailSettings:
    """Where mail goes: an SMTP server when ``smtp_host`` is set, else ``.eml`` files in the
    outbox folder."""

    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_user: str | None = None
    smtp_password: str | None = field(default=None, repr=False)
    smtp_security: str = "starttls"
    smtp_cafile: str | None = None
    mail_from: str | None = None  # None: the office's e-mail (see app.sender)
    outbox: Path | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str], home: Path) -> MailSettings:
        security = (env.get("MEDIATION_SMTP_SECURITY") or "starttls").lower()
        if security not in SMTP_PORTS:
            raise BadInput(field="MEDIATION_SMTP_SECURITY",
                           reason_ko=f"'{security}'은(는) starttls, ssl, none 중 하나가 아닙니다",
                           reason_en=f"'{security}' is not starttls, ssl or none")
        port = int(_number(env, "MEDIATION_SMTP_PORT", SMTP_PORTS[security], 1, 65535))
        return cls(smtp_host=env.get("MEDIATION_SMTP_HOST") or None, smtp_port=port,
                   smtp_user=env.get("MEDIATION_SMTP_USER") or None,
                   smtp_password=env.get("MEDIATION_SMTP_PASSWORD") or None,
                   smtp_security=security, smtp_cafile=env.get("MEDIATION_SMTP_CAFILE") or None,
                   mail_from=env.get("MEDIATION_MAIL_FROM") or None,
                   outbox=Path(env.get("MEDIATION_OUTBOX") or home / "outbox"))


@dataclass(frozen=True, slots=True, kw_only=True)
class ReminderSettings:
    """Office hours for counting working time, and how the reminder outbox is worked."""

    office_hours: tuple[time, time] = (time(9, 0), time(18, 0))
    office_breaks: tuple[tuple[time, time], ...] = ((time(12, 0), time(13, 0)),)
    sweep_seconds: float = 30.0
    lease_seconds: float = 300.0
    retry_limit: int = 6
    retry_base_seconds: float = 60.0
    late_after_seconds: float = 300.0
    batch: int = 200

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> ReminderSettings:
        return cls(
            office_hours=_span(env.get("MEDIATION_OFFICE_HOURS") or "09:00-18:00",
                               "MEDIATION_OFFICE_HOURS"),
            office_breaks=_breaks(env.get("MEDIATION_OFFICE_BREAKS", "12:00-13:00")),
            sweep_seconds=_number(env, "MEDIATION_SWEEP_SECONDS", 30, 0.001, 86400),
            lease_seconds=_number(env, "MEDIATION_LEASE_SECONDS", 300, 1, 86400),
            retry_limit=int(_number(env, "MEDIATION_RETRY_LIMIT", 6, 1, 100)),
            retry_base_seconds=_number(env, "MEDIATION_RETRY_BASE_SECONDS", 60, 0, 86400),
            late_after_seconds=_number(env, "MEDIATION_LATE_AFTER_SECONDS", 300, 0, 86400),
            batch=int(_number(env, "MEDIATION_REMINDER_BATCH", 200, 1, 10000)),
        )


DISTRICTS_FILE = Path(__file__).resolve().parent / "data" / "districts.txt"  # Seoul's 25 자치구
MAX_DISTRICTS_BYTES = 100_000


def read_districts(path: Path) -> tuple[str, ...]:
    """The districts a case may name: the file's lines, without blank ones and ``#``
    comments (``MEDIATION_DISTRICTS_FILE``, else Seoul's 25 자치구 shipped with the package)."""
    try:
        with path.open("rb") as handle:
            text = handle.read(MAX_DISTRICTS_BYTES + 1).decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(field="MEDIATION_DISTRICTS_FILE",
                       reason_ko=f"{path}을(를) UTF-8 텍스트로 읽을 수 없습니다 ({exc.__class__.__name__})",
                       reason_en=f"cannot read {path} as UTF-8 text ({exc.__class__.__name__})") from exc
    names = tuple(dict.fromkeys(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")))
    if not names or len(text) > MAX_DISTRICTS_BYTES or any(len(n) > 64 for n in names):
        raise BadInput(field="MEDIATION_DISTRICTS_FILE",
                       reason_ko=f"{path}에는 자치구를 한 줄에 하나씩(각 64자 이내) 1개 이상 적어야 합니다",
                       reason_en=f"{path} must list 1 or more districts, one a line, each at most "
                                 "64 characters")
    return names


@dataclass(frozen=True, slots=True, kw_only=True)
class WebSettings:
    """The web console: the key that signs its cookies, the idle time after which a session
    ends, the limits on failed sign-ins, and the office's single sign-on proxy (a header
    naming the user, believed only from the listed addresses)."""

    secret: str | None = field(default=None, repr=False)  # None: a key kept under the home
    idle_minutes: float = 30.0
    attempts_per_user: int = 5
    attempts_per_address: int = 20
    attempt_window_minutes: float = 15.0
    trusted_header: str | None = None
    trusted_proxies: tuple[str, ...] = ()

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> WebSettings:
        proxies = tuple(p.strip() for p in env.get("MEDIATION_WEB_TRUSTED_PROXIES", "").split(",")
                        if p.strip())
        header = env.get("MEDIATION_WEB_TRUSTED_HEADER") or None
        if header and not proxies:
            raise BadInput(field="MEDIATION_WEB_TRUSTED_HEADER",
                           reason_ko="MEDIATION_WEB_TRUSTED_PROXIES에 프록시의 주소를 설정하세요",
                           reason_en="set MEDIATION_WEB_TRUSTED_PROXIES to the proxy's addresses")
        return cls(secret=env.get("MEDIATION_WEB_SECRET") or None,
                   idle_minutes=_number(env, "MEDIATION_WEB_IDLE_MINUTES", 30, 1, 24 * 60),
                   attempts_per_user=int(_number(env, "MEDIATION_WEB_ATTEMPTS_PER_USER", 5, 1, 1000)),
                   attempts_per_address=int(_number(env, "MEDIATION_WEB_ATTEMPTS_PER_ADDRESS", 20,
                                                    1, 10000)),
                   attempt_window_minutes=_number(env, "MEDIATION_WEB_ATTEMPT_WINDOW_MINUTES", 15,
                                                  1, 24 * 60),
                   trusted_header=header, trusted_proxies=proxies)


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    home: Path
    database_url: str
    workflows_dir: Path
    lang: str = "ko"
    user: str | None = None
    now: datetime | None = None
    fault: str | None = None
    db_busy_seconds: float = 30.0
    attachment_max_mb: float = 50.0
    access_log_years: int = 2  # access records are kept at least this long (고시 제8조; ≥ 1)
    retention_years: int = 10  # a closed case's personal data is kept this long (법 제21조)
    mail: MailSettings = field(default_factory=MailSettings)
    reminders: ReminderSettings = field(default_factory=ReminderSettings)
    documents: DocumentSettings = field(default_factory=DocumentSettings)
    web: WebSettings = field(default_factory=WebSettings)
    districts_file: Path = DISTRICTS_FILE  # the districts a case may name, one a line

    @property
    def outbox(self) -> Path:
        return self.mail.outbox or self.home / "outbox"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        home = home_of(env)
        lang = env.get("MEDIATION_LANG", "ko")
        if lang not in ("ko", "en"):
            raise BadInput(field="MEDIATION_LANG", reason_ko=f"'{lang}'은(는) ko 또는 en이 아닙니다",
                                                   reason_en=f"'{lang}' is not ko or en")
        now = env.get("MEDIATION_NOW")
        return cls(
            home=home,
            database_url=env.get("MEDIATION_DATABASE_URL") or f"sqlite:///{home / 'mediation.db'}",
            workflows_dir=Path(env.get("MEDIATION_WORKFLOWS_DIR") or PROJECT_ROOT / "workflows"),
            lang=lang,
            user=env.get("MEDIATION_USER") or None,
            now=parse_now(now) if now else None,
            fault=env.get("MEDIATION_FAULT") or None,
            db_busy_seconds=_number(env, "MEDIATION_DB_BUSY_SECONDS", 30, 0, 3600),
            attachment_max_mb=_number(env, "MEDIATION_ATTACHMENT_MAX_MB", 50, 0.001, 100_000),
            access_log_years=int(_number(env, "MEDIATION_ACCESS_LOG_YEARS", 2, 1, 100)),
            retention_years=int(_number(env, "MEDIATION_RETENTION_YEARS", 10, 1, 100)),
            mail=MailSettings.from_env(env, home),
            reminders=ReminderSettings.from_env(env),
            documents=DocumentSettings.from_env(env, home),
            web=WebSettings.from_env(env),
            districts_file=Path(env.get("MEDIATION_DISTRICTS_FILE") or DISTRICTS_FILE),
        )
