"""The pages that read: sign-in, the dashboard, the case list, a case, the approval queue and
a document's file. Everything is read through the use cases with the signed-in user's
``Actor``, so the read scope and the permissions are the command line's."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from urllib.parse import quote, urlencode

from starlette.responses import FileResponse, RedirectResponse, Response

from mediation.core.clock import SEOUL
from mediation.core.errors import MediationError, NotFound
from mediation.storage.cases import CaseFilter
from mediation.views.cases import UserView
from mediation.views.documents import DocumentView
from mediation.web.console import Req
from mediation.web.session import Session

PAGE_SIZE = 50
SHOWN = 20
"""How many rows a list of the dashboard shows (a count past it reads "20+")."""
QUIET_DAYS = 14
"""An open case with nothing recorded for longer is listed as without activity."""


def signin_form(req: Req) -> Response:
    if req.actor is not None:
        return RedirectResponse("/", status_code=303)
    return req.render("signin.html.j2", message=req.t("expired") if "expired" in
                      req.request.query_params else None, next=_next(req), username="")


def signin(req: Req) -> Response:
    client = req.request.client.host if req.request.client else "unknown"
    username = req.form.get("username", "")
    try:
        actor = req.app.passwords.sign_in(username, req.form.get("password", ""), client)
    except MediationError as exc:
        status = 429 if type(exc).__name__ == "SignInLimited" else 401
        return req.render("signin.html.j2", status=status, message=exc.message(req.lang),
                          next=_next(req), username=username)
    change = req.app.passwords.must_change(actor.username)
    req.session = req.session.signed_in(actor.username, req.app.clock.now(), change=change)
    return RedirectResponse("/me?change=1" if change else _next(req), status_code=303)


def signout(req: Req) -> Response:
    req.session = Session(csrf=req.session.csrf)
    return RedirectResponse("/signin", status_code=303)


def _next(req: Req) -> str:
    """Where to go after signing in: a path of this site only."""
    target = req.form.get("next") or req.request.query_params.get("next") or "/"
    return target if target.startswith("/") and not target.startswith("//") else "/"


def dashboard(req: Req) -> Response:
    app, me, now = req.app, req.me, req.app.clock.now()
    overdue = app.deadlines.list_deadlines(me, overdue=True, limit=SHOWN + 1)
    week = app.deadlines.list_deadlines(me, due_within=timedelta(days=7), upcoming=True,
                                        limit=SHOWN + 1)
    quiet = app.cases.list_cases(me, CaseFilter(closed=False, limit=SHOWN + 1, oldest_first=True,
                                                updated_before=now - timedelta(days=QUIET_DAYS))
                                 ).items
    load = app.cases.caseload(me)
    return req.render(
        "dashboard.html.j2", approvals=approvals_of(req), reviewer=may_approve(req),
        overdue=overdue, due_week=week, shown=SHOWN,
        meetings=app.meetings.meetings_between(me, now, now + timedelta(days=7)),
        quiet=quiet, quiet_days=QUIET_DAYS, caseload=load, names=names_of(req),
        most=max((n for _, n in load), default=1), months_title=_months_title(req.lang),
        year=_this_year(req))


def months_chart(req: Req) -> Response:
    """The dashboard's chart: this year's cases opened and closed per month in the cases the
    user may read, as the report counts and draws them (its first chart). An image of its
    own, so that counting a year of cases does not hold the dashboard's page back."""
    from mediation.render.report_pdf import month_figure

    year = _this_year(req)
    rows = req.app.reports.months(req.me, date(year, 1, 1), date(year, 12, 31))
    return Response(month_figure(rows, req.lang)[1], media_type="image/svg+xml")


def _months_title(lang: str) -> str:
    from mediation.render.report_pdf import MONTHS_TITLE

    return MONTHS_TITLE.get(lang)


def _this_year(req: Req) -> int:
    return req.app.clock.now().astimezone(SEOUL).year


def approvals_of(req: Req) -> list[DocumentView]:
    """The drafts waiting for approval in the cases the signed-in user may read."""
    return req.app.documents.approval_queue(req.me)


def may_approve(req: Req) -> bool:
    from mediation.documents.register import REVIEWERS

    return req.me.role in REVIEWERS


def case_list(req: Req) -> Response:
    q = req.request.query_params
    page = max(1, _int(q.get("page"), 1))
    closed = {"open": False, "closed": True}.get(q.get("closed", "open"))
    f = CaseFilter(state=q.get("state") or None, mediator=q.get("mediator") or None,
                   closed=closed, limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE)
    text = (q.get("q") or "").strip()
    if text:  # `case search`: every word in the case's texts, best matches first
        hits = req.app.search.search(req.me, text, replace(f, limit=page * PAGE_SIZE + 1))
        found = [h.case for h in hits][(page - 1) * PAGE_SIZE:]
    else:
        found = list(req.app.cases.list_cases(req.me, f).items)
    kept = {k: v for k, v in q.items() if k in ("state", "mediator", "closed", "q") and v}
    return req.render("cases.html.j2", cases=found[:PAGE_SIZE], page=page,
                      more=len(found) > PAGE_SIZE, query=kept,
                      link=lambda n: "/cases?" + urlencode({**kept, "page": n}),
                      states=_states(req), mediators=_people(req, ("mediator", "supervisor", "admin")),
                      names=names_of(req))


def case_page(req: Req) -> Response:
    number = req.request.path_params["number"]
    app, me = req.app, req.me
    detail = app.reading.show_case(me, number, recent=0)
    deadlines = app.deadlines.list_deadlines(me, number, include_closed=True)
    flow = app.workflows.get(detail.case.workflow)
    users = app.users.list_users()  # read once for the names and both lists of people
    return req.render(
        "case.html.j2", d=detail, c=detail.case, names=names_of(req, users),
        workflow_title=flow.title.get(req.lang) if flow else detail.case.workflow,
        extendable=[d for d in deadlines if d.status == "open" and d.kind != "commitment"],
        issues=app.agreement.list_issues(me, number),
        agreement=app.agreement.show_agreement(me, number),
        mine=[t for t in detail.triggers if me.role in t.roles],
        others=[t for t in detail.triggers if me.role not in t.roles],
        deadlines=deadlines,
        meetings=app.meetings.list_meetings(me, number),
        documents=app.documents.list_documents(me, number),
        history=list(reversed(app.reading.history(me, number))),
        mediators=_people(req, ("mediator", "supervisor", "admin"), users),
        supervisors=_people(req, ("supervisor", "admin"), users),
        may_assign=me.role != "mediator")


def approval_queue(req: Req) -> Response:
    return req.render("approvals.html.j2", letters=approvals_of(req), reviewer=may_approve(req))


def document_file(req: Req) -> Response:
    """A document's file, found by its register number only, after the permission check;
    ``?reason=`` is kept in its access record (print). A file with a private person's data
    is given only with a reason: without one, a small form asks for it."""
    from mediation.core import validate

    number, query = req.request.path_params["doc"], req.request.query_params
    reason = validate.optional_text(query.get("reason"), "reason", max_len=2000) or None
    if reason is None:
        doc, private = req.app.documents.names_private_persons(req.me, number)
        if private:
            asked = "reason" in query  # the form was sent with the reason left empty
            return req.render("download.html.j2", status=400 if asked else 200, doc=doc,
                              asked=asked, back=_came_from(req, doc.case))
    view, path = req.app.documents.print_document(req.me, number, reason)
    if not path.is_file():
        raise NotFound(kind="file", key=view.number)
    return FileResponse(path, filename=path.name)


def _came_from(req: Req, case: str) -> str:
    """The page a download form goes back to: the approval queue or the document's case."""
    back = req.request.query_params.get("back") or ""
    return "/approvals" if back == "/approvals" else f"/cases/{quote(case)}"


def _states(req: Req) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for wf in req.app.workflows.values():
        for state in wf.states:
            seen.setdefault(state.name, state.title.get(req.lang))
    return sorted(seen.items(), key=lambda kv: kv[1])


def names_of(req: Req, users: list[UserView] | None = None) -> dict[str, str]:
    """Every user's display name by user name (what a page shows for a user name); from
    ``users`` if already read."""
    everyone = req.app.users.list_users() if users is None else users
    return {u.username: u.name for u in everyone}


def _people(req: Req, roles: tuple[str, ...],
            users: list[UserView] | None = None) -> list[tuple[str, str]]:
    """The active users of ``roles`` (from ``users`` if already read)."""
    everyone = req.app.users.list_users() if users is None else users
    return [(u.username, u.name) for u in everyone if u.active and u.role in roles]


def _int(text: str | None, default: int) -> int:
    try:
        return int(text or default)
    except ValueError:
        return default
