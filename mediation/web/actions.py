"""The actions of the console's forms: fire a trigger, pause and resume the deadlines,
assign, approve or return a letter. Each goes through the same use case as the command line.
A case form carries the version of the case it was read at: if the case changed since, the
action is refused with ``ConcurrentChange`` (HTTP 409) and nothing is applied."""

from __future__ import annotations

from urllib.parse import quote

from starlette.responses import RedirectResponse, Response

from mediation.core import validate
from mediation.core.errors import ConcurrentChange
from mediation.web.console import Req


def _case_as_read(req: Req) -> str:
    """The case number of the request, refused if the case changed since its form was read."""
    number = str(req.request.path_params["number"])
    current = req.app.reading.show_case(req.me, number, recent=0).case.version
    if req.form.get("version") != str(current):
        raise ConcurrentChange(number=number)
    return number


def _back(number: str) -> Response:
    return RedirectResponse(f"/cases/{quote(number)}?done=1", status_code=303)


def _text(req: Req, name: str) -> str | None:
    return (req.form.get(name) or "").strip() or None


def advance(req: Req) -> Response:
    number = _case_as_read(req)
    req.app.moves.advance(req.me, number, req.form.get("trigger", ""), _text(req, "note"))
    return _back(number)


def pause(req: Req) -> Response:
    number = _case_as_read(req)
    reason = validate.text(req.form.get("reason", ""), "reason", max_len=2000)
    req.app.adjust.pause_case(req.me, number, reason)
    return _back(number)


def resume(req: Req) -> Response:
    number = _case_as_read(req)
    req.app.adjust.resume_case(req.me, number, _text(req, "reason"))
    return _back(number)


def assign(req: Req) -> Response:
    number = _case_as_read(req)
    req.app.cases.reassign(req.me, number, mediator=_text(req, "mediator"),
                           supervisor=_text(req, "supervisor"))
    return _back(number)


def approve(req: Req) -> Response:
    req.app.documents.approve_document(req.me, req.request.path_params["doc"], _text(req, "comment"))
    return RedirectResponse("/approvals?done=1", status_code=303)


def give_back(req: Req) -> Response:
    req.app.documents.return_document(req.me, req.request.path_params["doc"], _text(req, "comment") or "")
    return RedirectResponse("/approvals?done=1", status_code=303)


def extend(req: Req) -> Response:
    """Extend a deadline to a date, or by a duration, with the reason the notice gives."""
    from mediation.core.errors import BadInput
    from mediation.workflow.timeline import parse_period

    number = _case_as_read(req)
    until, by = _text(req, "until"), _text(req, "by")
    period = None
    if by is not None:
        period = parse_period(by)
        if period is None:
            raise BadInput(field="by", reason_ko=f"'{by[:20]}'은(는) 3h, 5d, 10cd, 2m 같은 기간이 아닙니다",
                                       reason_en=f"'{by[:20]}' is not a duration like 3h, 5d, 10cd "
                                                 "or 2m")
    deadline = _text(req, "deadline") or ""
    if not deadline.isdigit():
        raise BadInput(field="deadline", reason_ko="기한을 고르세요",
                                         reason_en="choose a deadline")
    req.app.adjust.extend_deadline(
        req.me, number, int(deadline),
        until=validate.day(until, "until") if until else None, by=period,
        reason=validate.text(req.form.get("reason", ""), "reason", max_len=2000),
        with_consent=req.form.get("consent") == "1")
    return _back(number)
