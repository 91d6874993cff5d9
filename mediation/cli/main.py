"""Entry point: builds the argument parser, runs one command, maps errors to exit codes.

Exit codes: 0 done; 2 bad input or usage; 3 not found; 4 refused by the workflow or by
permissions; 5 concurrent change; 1 anything unexpected (details in a log file; the
traceback only with ``--debug``).
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import traceback
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from mediation.core import validate
from mediation.core.errors import MediationError

if TYPE_CHECKING:
    from mediation.config import Settings

from . import admin, cases, deadlines, demo, letters, parties, reminders, scheduler, users, workflows
from . import agreement as agreement_cli
from . import calendar as calendar_cli
from . import meetings as meetings_cli
from .context import Ctx, common_options
from .text import one_line

DESCRIPTION = """\
mediation — 공공갈등 조정 사건관리 (case management for public-conflict mediators).

Each case follows a workflow (workflows/*.yaml) from intake to closure; every change is
recorded in a hash-chained audit trail. Start with `mediation init`, then `mediation demo`
to see a fictional case walked through, or `mediation case open --help`.

Environment: MEDIATION_DATABASE_URL (default: SQLite under MEDIATION_HOME),
MEDIATION_USER, MEDIATION_LANG (ko|en), MEDIATION_NOW (ISO 8601 with offset, for
simulations)."""

EPILOG = ("exit codes: 0 done, 2 bad input, 3 not found, 4 refused, 5 changed concurrently, "
          "1 unexpected")


class _Parser(argparse.ArgumentParser):
    """Usage errors as one line on stderr; ``--help`` shows the full usage."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {one_line(message)} (see --help)\n")


def _check_text(args: argparse.Namespace) -> None:
    """Refuse text arguments that are not valid UTF-8 before any of them is used."""
    for name, value in vars(args).items():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str):
                validate.utf8(item, name)


@cache
def build_parser() -> argparse.ArgumentParser:
    """The parser of every command; built once per process (parsing does not change it)."""
    common = common_options()
    parser = _Parser(prog="mediation", description=DESCRIPTION, epilog=EPILOG, parents=[common],
                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in (admin, users, cases, parties, workflows, letters, demo, deadlines,
                   calendar_cli, reminders, scheduler, agreement_cli, meetings_cli):
        module.register(sub, common)
    return parser


def _log_unexpected(settings: Settings | None) -> Path | None:
    """Write the traceback under the data folder (``MEDIATION_HOME``, also when the settings
    themselves failed to load); the file's path, or ``None``."""
    try:
        if settings is not None:
            base = settings.home
        else:
            from mediation.config import home_of

            base = home_of(os.environ)
        folder = base / "logs"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"error-{datetime.now(UTC):%Y%m%dT%H%M%S%f}.log"
        path.write_text(traceback.format_exc(), encoding="utf-8")
        return path
    except Exception:  # the log is a courtesy: failing to write it must not hide the error
        return None


def _early_lang(args: argparse.Namespace) -> str:
    """The language of errors raised before the settings load (``--lang``, else
    ``MEDIATION_LANG``, else Korean)."""
    lang = getattr(args, "lang", None) or os.environ.get("MEDIATION_LANG", "ko")
    return lang if lang in ("ko", "en") else "ko"


def run(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    lang, debug, settings, ctx = _early_lang(args), bool(getattr(args, "debug", False)), None, None
    try:
        _check_text(args)
        from mediation.config import Settings

        settings = Settings.from_env()
        ctx = Ctx(args, settings)
        lang = ctx.lang
        return int(args.handler(ctx, args))
    except MediationError as exc:
        print(f"mediation: {one_line(exc.message(lang))}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except KeyboardInterrupt:
        print("mediation: interrupted", file=sys.stderr)
        return 130
    except Exception:
        if debug:
            traceback.print_exc()
        where = _log_unexpected(settings)
        msg = ("예기치 못한 오류가 발생했습니다" if lang == "ko" else "unexpected error")
        first = str(sys.exc_info()[1]).strip().splitlines()[:1] or [""]
        print(f"mediation: {msg}: {first[0][:200]} "
              f"({'details: ' + str(where) if where else 'run again with --debug'})",
              file=sys.stderr)
        return 1
    finally:
        if ctx is not None:
            ctx.close()


def main() -> int:
    # Start-up creates a few hundred thousand objects that live as long as the process
    # (SQLAlchemy, pydantic, workflows, templates). The cyclic collector would walk them
    # several times while they are created and once more at exit, a third of the start-up
    # time of `case show`. It stays off while they are created (``Ctx.app`` then freezes
    # them and turns it back on for the command), and they are frozen before the exit.
    gc.disable()
    try:
        return run()
    finally:
        gc.freeze()
