"""The ASGI application of the console (Starlette) and ``serve``, which runs it with
uvicorn. Every response carries the security headers: a content security policy without
inline script that forbids framing, ``nosniff`` and a strict referrer policy."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mediation.web import actions, calendar, pages, reports
from mediation.web.console import TEMPLATES, Console
from mediation.web.session import secret_key

if TYPE_CHECKING:
    from mediation.app import App

HEADERS = (
    (b"content-security-policy",
     b"default-src 'none'; style-src 'self'; img-src 'self'; font-src 'self'; form-action 'self'; "
     b"frame-ancestors 'none'; base-uri 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),
)


class SecurityHeaders:
    """ASGI middleware adding ``HEADERS`` to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *HEADERS]
            await send(message)

        await self.app(scope, receive, with_headers if scope["type"] == "http" else send)


async def stylesheet(_request: Request) -> Response:
    return FileResponse(TEMPLATES / "static" / "console.css", media_type="text/css")


def create_app(app: App, *, secret: str | None = None) -> Any:
    """The console over ``app``; ``secret`` signs the cookies (else the settings' or the key
    kept under the data folder)."""
    console = Console(app, secret or secret_key(app.settings.web.secret, app.settings.home))
    page = console.page
    routes = [
        Route("/signin", page(pages.signin_form, signed_in=False), methods=["GET"]),
        Route("/signin", page(pages.signin, signed_in=False), methods=["POST"]),
        Route("/signout", page(pages.signout, signed_in=False), methods=["POST"]),
        Route("/", page(pages.dashboard), methods=["GET"]),
        Route("/charts/months.svg", page(pages.months_chart), methods=["GET"]),
        Route("/cases", page(pages.case_list), methods=["GET"]),
        Route("/cases/{number}", page(pages.case_page), methods=["GET"]),
        Route("/cases/{number}/advance", page(actions.advance), methods=["POST"]),
        Route("/cases/{number}/pause", page(actions.pause), methods=["POST"]),
        Route("/cases/{number}/resume", page(actions.resume), methods=["POST"]),
        Route("/cases/{number}/assign", page(actions.assign), methods=["POST"]),
        Route("/cases/{number}/extend", page(actions.extend), methods=["POST"]),
        Route("/report", page(reports.report_page), methods=["GET"]),
        Route("/report/download", page(reports.report_file), methods=["GET"]),
        Route("/calendar", page(calendar.month_page), methods=["GET"]),
        Route("/calendar/{token}.ics", page(calendar.feed, signed_in=False), methods=["GET"]),
        Route("/me", page(calendar.me_page), methods=["GET"]),
        Route("/me/feed", page(calendar.renew_feed), methods=["POST"]),
        Route("/me/password", page(calendar.change_password), methods=["POST"]),
        Route("/approvals", page(pages.approval_queue), methods=["GET"]),
        Route("/approvals/{doc}/approve", page(actions.approve), methods=["POST"]),
        Route("/approvals/{doc}/return", page(actions.give_back), methods=["POST"]),
        Route("/documents/{doc}", page(pages.document_file), methods=["GET"]),
        Route("/static/console.css", stylesheet, methods=["GET"]),
    ]
    return SecurityHeaders(Starlette(routes=routes))


def serve(app: App, *, host: str, port: int) -> None:
    import uvicorn

    uvicorn.run(create_app(app), host=host, port=port, proxy_headers=True,
                forwarded_allow_ips=",".join(app.settings.web.trusted_proxies) or "127.0.0.1",
                log_level="warning")
