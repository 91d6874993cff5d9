"""Document templates: the shipped templates under an office's override folder, rendering
typed contexts into HTML, plain text, calendar files and the e-mail that carries a document.

Templates are staff-editable, so they run in the bounded sandbox of ``sandbox`` with
``StrictUndefined`` (an unknown name is an error that names it) and HTML autoescaped; the
output size is checked as it is produced. A template's failure becomes ``TemplateProblem``
naming the file and line.

A letter's content template (``letters/<lang>/<kind>.j2``) is written once; it extends the
layout of the output format (``partials/_<form>.<fmt>.j2``) and calls the helpers of
``outline`` that write numbered items, tables and signature blocks in that format. A
meeting notice's calendar template (``letters/<lang>/<kind>.ics.j2``) gives only the wording
of the calendar file, one block per field; ``ics`` builds the file.
"""

from __future__ import annotations

import hashlib
import re
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from jinja2 import Template as JinjaTemplate
from jinja2 import TemplateNotFound, TemplateSyntaxError
from jinja2.utils import pass_context

from mediation.core.errors import MediationError
from mediation.core.formats import kdate, kdatetime, ktime, money
from mediation.render.budget import BUDGET, DEFAULT_LIMITS, Budget, LimitExceeded, Limits
from mediation.render.context import LetterCtx
from mediation.render.ics import FIELDS, calendar_file
from mediation.render.outline import writer_for
from mediation.render.sandbox import Loader, Sandbox, alarm, make_env
from mediation.workflow.dockinds import DocKind

__all__ = ["DEFAULT_LIMITS", "FORMATS", "LANGS", "Limits", "Rendered", "TemplateProblem",
           "Templates"]

FORMATS = ("pdf", "html", "txt")
LANGS = ("ko", "en")
T = TypeVar("T")


class TemplateProblem(MediationError):
    """A template failed to load or render; names the file and line."""

    exit_code = 2
    ko = "템플릿 오류: {where}: {reason_ko}"
    en = "Template error: {where}: {reason_en}"


class TemplateLimit(TemplateProblem):
    """A template went over a limit of its rendering (time, size, width…)."""


class ControlInOutput(TemplateProblem):
    """A rendering wrote a control character (a NUL, an escape…) that no letter may hold."""

    ko = "템플릿 오류: {where}: 출력에 제어 문자 {char}이(가) 있습니다 ({position}번째 글자)"
    en = "Template error: {where}: the output holds the control character {char} (character {position})"


# C0 controls but tab, line feed and carriage return; DEL; C1 controls
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _check_controls(name: str, text: str) -> None:
    found = CONTROL.search(text)
    if found is not None:
        raise ControlInOutput(where=name, char=f"U+{ord(found.group()):04X}",
                              position=found.start() + 1)


def _problem(exc: BaseException, fallback: str) -> TemplateProblem:
    where = _where(exc, fallback)
    if isinstance(exc, LimitExceeded):
        return TemplateLimit(where=where, reason_ko=exc.ko, reason_en=exc.en)
    ko, en = _reason(exc)
    return TemplateProblem(where=where, reason_ko=ko, reason_en=en)


class CalendarWordingMissing(TemplateProblem):
    """A calendar template without the blocks of its wording (one written the earlier way,
    as the whole file, has none)."""

    ko = ("템플릿 오류: {where}: {missing} 블록이 없습니다. 일정 파일(.ics) 템플릿에는 문구만 "
          "summary, location, description 블록으로 씁니다(파일은 프로그램이 만듭니다).")
    en = ("Template error: {where}: no block {missing}. A calendar (.ics) template gives only "
          "the wording, in the blocks summary, location, description (the program writes the "
          "file itself).")


@dataclass(frozen=True, slots=True, kw_only=True)
class Rendered:
    text: str
    template: str
    template_sha256: str
    used: tuple[str, ...]


# filters -----------------------------------------------------------------------------

def _lang(context: Any) -> str:
    lang = context.get("lang")
    return lang if lang in LANGS else "ko"


@pass_context
def _kdate(context: Any, value: date | datetime | None) -> str:
    return "-" if value is None else kdate(value, _lang(context))


@pass_context
def _kdatetime(context: Any, value: datetime | None) -> str:
    return "-" if value is None else kdatetime(value, _lang(context))


def _ktime(value: datetime | None) -> str:
    return "-" if value is None else ktime(value)


@pass_context
def _money(context: Any, value: int | None) -> str:
    return "-" if value is None else money(int(value), _lang(context))


def _together(value: object) -> str:
    """Spaces that must not break a line (a date in a narrow table column)."""
    return str(value).replace(" ", "\u00a0")


@pass_context
def _retired(context: Any, value: object, *args: object) -> str:
    """``ics_text`` and ``ics_utc`` served a calendar template that wrote the whole file; a
    template that still uses them is told what a calendar template is now."""
    raise CalendarWordingMissing(where=context.name or "calendar template",
                                 missing=", ".join(FIELDS))


# failures ----------------------------------------------------------------------------

FILTERS: dict[str, Callable[..., Any]] = {
    "kdate": _kdate, "kdatetime": _kdatetime, "ktime": _ktime, "money": _money,
    "together": _together, "ics_text": _retired, "ics_utc": _retired}


def _where(exc: BaseException, fallback: str) -> str:
    if isinstance(exc, TemplateSyntaxError):
        return f"{exc.filename or exc.name or fallback} line {exc.lineno}"
    found = fallback
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        filename = frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = f"{filename} line {lineno}"
    return found


def _reason(exc: BaseException) -> tuple[str, str]:
    """Why a template failed, in Korean and English (a foreign text kept as it is)."""
    if isinstance(exc, TemplateNotFound):
        return f"템플릿 '{exc.name}'을(를) 찾을 수 없습니다", f"template '{exc.name}' not found"
    if isinstance(exc, TemplateSyntaxError):
        return f"문법 오류: {exc.message}", f"syntax error: {exc.message}"
    if isinstance(exc, RecursionError):
        return "재귀 호출이 너무 깊습니다", "recursion too deep"
    text = f"{type(exc).__name__}: {str(exc) or type(exc).__name__}"
    return f"예상하지 못한 오류 ({text})", text


# the templates -----------------------------------------------------------------------

CONSOLE = "web/"  # the console's pages, beside the documents' templates


class Templates:
    """The template folders of one office (override first, then the shipped templates)."""

    def __init__(self, shipped: Path, override: Path | None = None,
                 limits: Limits | None = None) -> None:
        self.folders = [p for p in (override, shipped) if p is not None]
        self.limits = limits or Limits()
        self._loader = Loader(self.folders)
        self._html = make_env(self._loader, html=True, filters=FILTERS)
        self._text = make_env(self._loader, html=False, filters=FILTERS)

    def render(self, kind: DocKind, lang: str, fmt: str, ctx: LetterCtx) -> Rendered:
        """The HTML (``fmt`` = ``html``) or text (``txt``) of one document."""
        env = self._html if fmt == "html" else self._text
        writer = writer_for(fmt, lang, "report" if kind.form == "report" else "letter")
        helpers = {name: getattr(writer, name) for name in (
            "item", "para", "note", "heading", "table", "row", "end_table", "sign", "attach",
            "finish", "restart")}
        variables = {**ctx.variables(), **helpers, "lang": lang, "kind": kind.name,
                     "layout": f"partials/_{kind.form}.{fmt}.j2"}
        text, used = self._run(env, kind.template(lang), variables)
        return _result(kind.template(lang), _tidy(text) if fmt == "txt" else text, used)

    def render_calendar(self, kind: DocKind, lang: str, ctx: LetterCtx) -> Rendered | None:
        """The calendar file of a meeting notice sent by e-mail; ``None`` without a meeting,
        or when the letter goes by post (it carries no file, and lists none)."""
        if not kind.calendar or ctx.meeting is None or ctx.recipient.delivery != "email":
            return None
        name = kind.calendar_template(lang)
        variables = {**ctx.variables(), "lang": lang}
        wording, used = self._within(self._text, name, lambda template, budget: self._fields(
            template, variables, budget))
        data = calendar_file(ctx, ctx.meeting, wording, lang)
        return _result(name, data.decode("utf-8"), used)

    def render_email(self, lang: str, context: dict[str, Any]) -> tuple[str, str]:
        """(subject, body) of the e-mail that carries a document, from its registered
        context; the template's first line is the subject."""
        name = f"emails/letter.{lang}.txt.j2"
        text, _ = self._run(self._text, name, {**context, "lang": lang})
        subject, _, body = _tidy(text).partition("\n")
        if not subject.strip():
            raise TemplateProblem(where=name, reason_ko="첫 줄(제목)이 비어 있습니다",
                                  reason_en="the first line (the subject) is empty")
        return " ".join(subject.split())[:200], body.lstrip("\n")

    def _run(self, env: Sandbox, name: str,
             variables: dict[str, Any]) -> tuple[str, dict[str, str]]:
        return self._within(env, name, lambda template, budget: self._collect(
            template.generate(variables), budget))

    def _within(self, env: Sandbox, name: str,
                work: Callable[[JinjaTemplate, Budget], T]) -> tuple[T, dict[str, str]]:
        """``work`` on the template ``name``, inside the limits of one rendering."""
        budget = Budget(deadline=time.monotonic() + self.limits.seconds, limits=self.limits)
        token = BUDGET.set(budget)
        try:
            with alarm(self.limits.seconds):
                result = work(env.get_template(name), budget)
                if isinstance(result, str):
                    _check_controls(name, result)
        except TemplateProblem:
            raise
        except Exception as exc:
            raise _problem(exc, name) from exc
        finally:
            BUDGET.reset(token)
        return result, dict(budget.used)

    def _fields(self, template: JinjaTemplate, variables: dict[str, Any],
                budget: Budget) -> dict[str, str]:
        """The text of each block of a calendar template, one per field. The template's top
        level runs first (its output is not used), so the blocks see what it sets."""
        context = template.new_context(variables)
        for _ in template.root_render_func(context):
            budget.tick()
        missing = [f for f in FIELDS if f not in context.blocks]
        if missing:
            raise CalendarWordingMissing(where=template.name or "calendar template",
                                         missing=", ".join(missing))
        return {f: self._collect(context.blocks[f][0](context), budget) for f in FIELDS}

    def _collect(self, chunks: Iterable[str], budget: Budget) -> str:
        parts: list[str] = []
        size = 0
        for chunk in chunks:
            size += len(chunk)
            if size > self.limits.max_chars:
                raise LimitExceeded(f"output is larger than {self.limits.max_chars} characters",
                                    f"출력이 {self.limits.max_chars}자를 넘습니다")
            parts.append(chunk)
            budget.tick()
        return "".join(parts)

    # checking ------------------------------------------------------------------------

    def names(self) -> list[str]:
        """Every template file name of both folders (override names once), but the web
        console's own pages (``web/``): they are the program's, rendered by its own engine
        with autoescape, not staff-editable documents."""
        found: set[str] = set()
        for folder in self.folders:
            found.update(p.relative_to(folder).as_posix() for p in folder.rglob("*.j2"))
        return sorted(n for n in found if not n.startswith(CONSOLE))

    def compile(self, name: str) -> None:
        """Load and compile one template (syntax errors become ``TemplateProblem``)."""
        try:
            self._text.get_template(name)
        except Exception as exc:
            ko, en = _reason(exc)
            raise TemplateProblem(where=_where(exc, name), reason_ko=ko, reason_en=en) from exc

    def source_of(self, name: str) -> Path | None:
        for folder in self.folders:
            if (folder / name).is_file():
                return folder / name
        return None


def _result(name: str, text: str, used: dict[str, str]) -> Rendered:
    """``template_sha256`` covers the source of every template the rendering read."""
    digest = hashlib.sha256("".join(f"{n}\0{h}\n" for n, h in sorted(used.items()))
                            .encode("utf-8")).hexdigest()
    return Rendered(text=text, template=name, template_sha256=digest, used=tuple(sorted(used)))


def _tidy(text: str) -> str:
    """Plain text without trailing spaces or runs of blank lines, ending in one newline."""
    lines = [line.rstrip() for line in text.splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip("\n") + "\n"
