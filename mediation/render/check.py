"""``mediation template check``: compile every template file of the office's folders and
render every document kind, in both languages and both source formats, with the fictional
sample case (once with all its data, once with no meetings, agreement items or issues; a
meeting notice also as a notice of change and of cancellation). Each problem names the file
and line."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mediation.render.context import context_json
from mediation.render.samples import sample_context, sample_variants
from mediation.render.templates import LANGS, TemplateProblem, Templates
from mediation.workflow.dockinds import KINDS, DocKind


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckResult:
    template: str
    variant: str
    ok: bool
    problem: str | None = None


def _try(template: str, variant: str, action: Callable[..., Any], *args: Any) -> CheckResult:
    try:
        action(*args)
    except TemplateProblem as exc:
        return CheckResult(template=template, variant=variant, ok=False,
                           problem=exc.message("en"))
    return CheckResult(template=template, variant=variant, ok=True)


def _kind_results(templates: Templates, kind: DocKind, lang: str) -> list[CheckResult]:
    results = []
    for full in (True, False):
        ctx = sample_context(kind.name, lang, full=full)
        label = "sample" if full else "sample without meetings, items or issues"
        for fmt in ("html", "txt"):
            results.append(_try(kind.template(lang), f"{fmt}, {label}", templates.render,
                                kind, lang, fmt, ctx))
        if kind.calendar and full:
            results.append(_try(kind.calendar_template(lang), f"ics, {label}",
                                templates.render_calendar, kind, lang, ctx))
    for label, ctx in sample_variants(kind.name, lang):
        for fmt in ("html", "txt"):
            results.append(_try(kind.template(lang), f"{fmt}, {label}", templates.render,
                                kind, lang, fmt, ctx))
        results.append(_try(kind.calendar_template(lang), f"ics, {label}",
                            templates.render_calendar, kind, lang, ctx))
    return results


def check_templates(templates: Templates) -> list[CheckResult]:
    results = [_try(name, "compile", templates.compile, name) for name in templates.names()]
    for kind in KINDS.values():
        for lang in LANGS:
            results += _kind_results(templates, kind, lang)
    for lang in LANGS:
        context = json.loads(context_json(sample_context("invitation", lang)))
        results.append(_try(f"emails/letter.{lang}.txt.j2", "e-mail, sample",
                            templates.render_email, lang, context))
    return results
