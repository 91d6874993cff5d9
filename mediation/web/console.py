"""The request plumbing every page shares: the session cookie, the language, who is signed
in (by password or through the trusted single sign-on proxy), the CSRF check of a form, the
Jinja templates (autoescaped), and the error page of a refused request."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from mediation.core import formats, titles, vocabulary
from mediation.core.errors import ConcurrentChange, MediationError
from mediation.core.paths import PROJECT_ROOT
from mediation.web.session import COOKIE, Session, SessionCodec
from mediation.web.words import LANG_COOKIE, pick_lang, word

if TYPE_CHECKING:
    from mediation.app import App
    from mediation.workflow.engine import Actor

TEMPLATES = PROJECT_ROOT / "templates" / "web"
CHANGE_FIRST = frozenset({"/me", "/me/password"})
"""The pages open to a user signed in with a one-time password, until they change it."""
STATUS = {2: 400, 3: 404, 4: 403, 5: 409}
"""The HTTP status of an error, by the command line's exit code."""


@dataclass(slots=True, kw_only=True)
class Req:
    """One request as a page sees it."""

    console: Console
    request: Request
    session: Session
    lang: str
    actor: Actor | None
    form: Mapping[str, str] = field(default_factory=dict)
    set_lang: bool = False

    @property
    def app(self) -> App:
        return self.console.app

    @property
    def me(self) -> Actor:
        assert self.actor is not None
        return self.actor

    @property
    def display_name(self) -> str:
        """The signed-in user's name as the office knows them (their user name if none)."""
        me = self.me.username
        return next((u.name for u in self.app.users.list_users() if u.username == me), me)

    def t(self, key: str, **values: Any) -> str:
        text = word(key, self.lang)
        return text.format(**values) if values else text

    def render(self, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        html = self.console.env.get_template(name).render(r=self, t=self.t, lang=self.lang,
                                                          **context)
        return HTMLResponse(html, status_code=status)

    def error(self, exc: MediationError) -> HTMLResponse:
        status = STATUS.get(exc.exit_code, 500)
        changed = isinstance(exc, ConcurrentChange)
        message = self.t("changed") if changed else exc.message(self.lang)
        return self.render("error.html.j2", status=status, message=message, changed=changed,
                           back=self.back())

    def back(self) -> str:
        """The page an action's form was on: its case, the approval queue, else the dashboard."""
        parts = self.request.url.path.split("/")
        if len(parts) > 3 and parts[1] == "cases":
            return f"/cases/{quote(parts[2])}"
        return "/approvals" if parts[1:2] == ["approvals"] else "/"


Handler = Callable[[Req], Response]


class Console:
    def __init__(self, app: App, secret: str) -> None:
        self.app = app
        self.codec = SessionCodec(secret)
        self.web = app.settings.web
        # compiled once: the templates are the program's own and do not change while it runs
        # (no look at each file's time on every page)
        self.env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                               undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                               auto_reload=False)
        self.env.filters.update(kdate=_kdate, kdatetime=_kdatetime, title=_title, named=_named,
                                count_of=_count_of)
        self.env.globals["zip"] = zip

    def page(self, handler: Handler, *, signed_in: bool = True) -> Callable[[Request], Any]:
        """A Starlette endpoint around ``handler``: the session read and written back, the
        sign-in and (for a POST) the CSRF token checked, errors shown as a page."""

        async def endpoint(request: Request) -> Response:
            form: Mapping[str, str] = {}
            if request.method == "POST":
                form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
            return await run_in_threadpool(self._run, handler, request, form, signed_in)

        return endpoint

    def _run(self, handler: Handler, request: Request, form: Mapping[str, str],
             signed_in: bool) -> Response:
        from mediation.privacy.access import REQUEST_ORIGIN

        client = request.client.host if request.client else "unknown"
        token = REQUEST_ORIGIN.set(f"web {client}")  # the access records' "where from"
        try:
            return self._serve(handler, request, form, signed_in)
        finally:
            REQUEST_ORIGIN.reset(token)

    def _serve(self, handler: Handler, request: Request, form: Mapping[str, str],
               signed_in: bool) -> Response:
        req = self._open(request, form)
        if signed_in and req.actor is None:
            expired = "&expired=1" if req.session.user else ""
            target = quote(request.url.path + (f"?{request.url.query}" if request.url.query else ""))
            response: Response = RedirectResponse(f"/signin?next={target}{expired}", status_code=303)
            req.session = Session(csrf=req.session.csrf)
        elif (req.actor is not None and req.session.change and signed_in
              and request.url.path not in CHANGE_FIRST):
            response = RedirectResponse("/me?change=1", status_code=303)
        elif request.method == "POST" and not req.session.csrf_ok(form.get("csrf")):
            response = req.render("error.html.j2", status=403, message=req.t("csrf"), changed=False,
                                  back=req.back())
        else:
            try:
                response = handler(req)
            except MediationError as exc:
                response = req.error(exc)
        return self._close(req, response)

    def _open(self, request: Request, form: Mapping[str, str]) -> Req:
        now = self.app.clock.now()
        session = self.codec.load(request.cookies.get(COOKIE))
        lang = pick_lang(request.query_params, request.cookies)
        req = Req(console=self, request=request, session=session, lang=lang, actor=None,
                  form=form, set_lang="lang" in request.query_params)
        proxied = self._proxied_user(request)
        if proxied is not None:
            req.actor = self.app.users.actor_for_login(proxied)
        elif session.user and not session.idle(now, timedelta(minutes=self.web.idle_minutes)):
            try:
                req.actor = self.app.users.actor(session.user)
            except MediationError:  # removed or deactivated since signing in
                req.actor = None
            req.session = session.touched(now)
        return req

    def _proxied_user(self, request: Request) -> str | None:
        """The user the office's single sign-on proxy names, believed only from its address."""
        header = self.web.trusted_header
        client = request.client.host if request.client else None
        if not header or client not in self.web.trusted_proxies:
            return None
        return request.headers.get(header) or None

    def _close(self, req: Req, response: Response) -> Response:
        secure = req.request.url.scheme == "https"
        response.set_cookie(COOKIE, self.codec.dump(req.session), httponly=True, samesite="lax",
                            secure=secure, path="/")
        if req.set_lang:
            response.set_cookie(LANG_COOKIE, req.lang, httponly=True, samesite="lax",
                                secure=secure, path="/", max_age=365 * 24 * 3600)
        return response


def _kdate(value: Any, lang: str = "ko") -> str:
    return "—" if value is None else formats.kdate(value, lang)


def _kdatetime(value: Any, lang: str = "ko") -> str:
    return "—" if value is None else formats.kdatetime(value, lang)


def _titles(pairs: Mapping[str, tuple[str, str]]) -> dict[str, titles.Title]:
    return {k: titles.Title(ko=ko, en=en) for k, (ko, en) in pairs.items()}


VOCABULARIES: dict[str, Mapping[str, Any]] = {
    "event": _titles(titles.EVENT_KINDS), "document_status": _titles(titles.DOCUMENT_STATUSES),
    "deadline_status": _titles(titles.DEADLINE_STATUSES),
    "party_role": vocabulary.PARTY_ROLES,
    "meeting_kind": vocabulary.MEETING_KINDS, "meeting_status": vocabulary.MEETING_STATUSES,
    "user_role": vocabulary.USER_ROLES, "item_standing": vocabulary.ITEM_STANDINGS,
    "issue_status": _titles({"open": ("미정", "open"), "agreed": ("합의", "agreed"),
                             "unresolved": ("미합의", "unresolved")})}


def _named(value: str | None, vocab: str, lang: str = "ko") -> str:
    """An internal name in ``lang``: a word of ``vocab``, or a document kind's title."""
    if value is None:
        return "—"
    if vocab == "document":
        from mediation.workflow.dockinds import KINDS

        found = KINDS.get(value)
        return found.title.get(lang) if found else value
    found = VOCABULARIES[vocab].get(value)
    return found.get(lang) if found else value


def _count_of(items: Any, shown: int) -> str:
    """How many ``items`` a dashboard list has: ``20+`` when there are more than it shows."""
    return f"{shown}+" if len(items) > shown else str(len(items))


def _title(value: Any, lang: str = "ko") -> str:
    """A ``Title`` (or anything with ``ko``/``en``) in ``lang``."""
    if value is None:
        return ""
    return str(getattr(value, "en" if lang == "en" else "ko", value))
