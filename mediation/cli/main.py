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
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from mediation.core import validate
from mediation.core.errors import MediationError

if TYPE_CHECKING:
    from mediation.config import Settings

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

DESCRIPTION_KO = """\
mediation — 공공갈등 조정 사건관리.

사건마다 업무흐름(workflows/*.yaml)을 따라 접수부터 종결까지 진행하고, 모든 변경을 해시
체인으로 이어진 감사 기록에 남깁니다. `mediation init`으로 시작한 뒤 `mediation demo`로 가상
사례를 둘러보거나 `mediation case open --help`를 보세요.

환경 변수: MEDIATION_DATABASE_URL (기본: MEDIATION_HOME 아래 SQLite),
MEDIATION_USER, MEDIATION_LANG (ko|en), MEDIATION_NOW (오프셋을 포함한 ISO 8601 시각,
모의 실행용). 영어 도움말: MEDIATION_LANG=en 또는 --lang en."""

EPILOG_KO = ("종료 코드: 0 완료, 2 잘못된 입력, 3 없음, 4 거부, 5 동시에 변경됨, "
             "1 예기치 못한 오류")

# argparse's own messages of a usage error, in Korean
USAGE_ERRORS_KO = (("the following arguments are required:", "다음 인자가 필요합니다:"),
                   ("unrecognized arguments:", "알 수 없는 인자:"),
                   ("invalid choice:", "잘못된 선택:"),
                   ("expected one argument", "값이 하나 필요합니다"),
                   ("invalid int value:", "정수가 아닙니다:"),
                   ("not allowed with argument", "다음 인자와 함께 쓸 수 없습니다:"),
                   ("choose from", "선택지:"), ("argument ", "인자 "))


class _Parser(argparse.ArgumentParser):
    """Usage errors as one line on stderr; ``--help`` shows the full usage. ``korean`` (set
    by ``build_parser``) words the usage line and the errors in Korean."""

    korean = False

    def format_usage(self) -> str:
        return self._words(super().format_usage())

    def format_help(self) -> str:
        return self._words(super().format_help())

    def _words(self, text: str) -> str:
        return "사용법: " + text.removeprefix("usage: ") if self.korean else text

    def error(self, message: str) -> NoReturn:
        if not self.korean:
            self.exit(2, f"{self.prog}: error: {one_line(message)} (see --help)\n")
        for english, korean in USAGE_ERRORS_KO:
            message = message.replace(english, korean)
        self.exit(2, f"{self.prog}: 오류: {one_line(message)} (--help 참고)\n")


def _check_text(args: argparse.Namespace) -> None:
    """Refuse text arguments that are not valid UTF-8 before any of them is used."""
    for name, value in vars(args).items():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str):
                validate.utf8(item, name)


MODULES = ("admin", "users", "cases", "parties", "workflows", "letters", "demo", "deadlines",
           "calendar", "reminders", "scheduler", "agreement", "meetings", "attachments",
           "report", "web", "privacy")
"""The modules of ``mediation.cli`` that register commands, in the order of ``--help``."""
GROUPS = {"init": "admin", "audit": "admin", "user": "users",
          "case": "cases", "party": "parties", "workflow": "workflows", "letter": "letters",
          "template": "letters", "demo": "demo", "deadline": "deadlines",
          "calendar": "calendar", "reminders": "reminders", "scheduler": "scheduler",
          "issue": "agreement", "agreement": "agreement", "commitment": "agreement",
          "meeting": "meetings", "attach": "attachments", "report": "report", "web": "web",
          "privacy": "privacy"}
"""The module that registers each command (a command not named here: every module is
registered, so a missing entry costs time, never a command)."""


def parser_for(words: Sequence[str], lang: str) -> argparse.ArgumentParser:
    """The parser ``words`` need: for a known command (its name first, no ``--help`` before
    it), that command's module alone — the others' modules are neither imported nor
    registered (a third of a command's start beyond SQLModel's) —, else every command."""
    module = GROUPS.get(words[0]) if words else None
    return build_parser(lang) if module is None else build_parser(lang, module)


@cache
def build_parser(lang: str = "ko", only: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command (or of the commands of the module ``only``), its help in
    ``lang``; built once per process and language (parsing does not change it)."""
    from importlib import import_module

    common = common_options()
    ko = lang != "en"
    parser = _Parser(prog="mediation", description=DESCRIPTION_KO if ko else DESCRIPTION,
                     epilog=EPILOG_KO if ko else EPILOG, parents=[common],
                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in MODULES if only is None else (only,):
        import_module(f"mediation.cli.{name}").register(sub, common)
    if ko:
        from .help_ko import localize

        localize(parser)
    return parser


# commands whose ``--lang`` names the language of a party or of letters, not of the output
OWN_LANG = (("party", "add"), ("letter", "render"))


def argv_lang(argv: Sequence[str], environ: Mapping[str, str]) -> str:
    """The output language before parsing: ``--lang`` where it is the output's, else
    ``MEDIATION_LANG``, else Korean (what ``--help`` and usage errors are written in)."""
    words = [w for w in argv if not w.startswith("-")]
    own = tuple(words[:2]) in OWN_LANG
    lang = environ.get("MEDIATION_LANG", "ko")
    for i, word in enumerate(argv):
        if word == "--":
            break
        value = (word.removeprefix("--lang=") if word.startswith("--lang=")
                 else argv[i + 1] if word == "--lang" and i + 1 < len(argv) else None)
        if value is not None and not (own and _after_command(argv, i)):
            lang = value
    return lang if lang in ("ko", "en") else "ko"


def _after_command(argv: Sequence[str], index: int) -> bool:
    """Whether ``argv[index]`` comes after the subcommand's name (``add``, ``render``)."""
    return any(w in ("add", "render") for w in argv[:index])


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
    words = sys.argv[1:] if argv is None else list(argv)
    parser = parser_for(words, argv_lang(words, os.environ))
    args = parser.parse_args(words)
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
    # (SQLAlchemy, the tables, workflows, templates). The cyclic collector would walk them
    # several times while they are created and once more at exit, a third of the start-up
    # time of `case show`. It stays off while they are created (``Ctx.app`` then freezes
    # them and turns it back on for the command), and they are frozen before the exit.
    gc.disable()
    try:
        return run()
    finally:
        gc.freeze()
