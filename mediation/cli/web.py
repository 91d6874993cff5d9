"""``mediation web``: serve the web console (``mediation.web``) with uvicorn."""

from __future__ import annotations

import argparse
from typing import Any

from .context import Ctx, whole_number


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("web", parents=[common], help="serve the web console",
                       description="Serve the web console (the supervisor's desk: dashboard, "
                                   "cases, approval of letters) on http://HOST:PORT/. Users sign "
                                   "in with the password set by `mediation user password`, or "
                                   "through the office's single sign-on proxy "
                                   "(MEDIATION_WEB_TRUSTED_HEADER, MEDIATION_WEB_TRUSTED_PROXIES). "
                                   "Put it behind an HTTPS proxy for use beyond this computer. "
                                   "Example: mediation web --port 8000")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1: this computer only)")
    p.add_argument("--port", type=whole_number(1, 65535), default=8000,
                   help="port to listen on (default 8000)")
    p.set_defaults(handler=cmd_web)


def cmd_web(ctx: Ctx, args: argparse.Namespace) -> int:
    from mediation.web.server import serve

    ctx.say(ctx.pick(f"웹 콘솔: http://{args.host}:{args.port}/  (끝내려면 Ctrl+C)",
                     f"Web console: http://{args.host}:{args.port}/  (Ctrl+C to stop)"))
    serve(ctx.app, host=args.host, port=args.port)
    return 0
