"""Renders reminder, escalation, digest, review, dormancy, commitment and breach e-mails from
the Jinja templates in ``templates/emails/<lang>/`` (``<purpose>.txt.j2``, ``<purpose>.html.j2``).

The text template sets ``subject`` at its top (``{% set subject %}…{% endset %}``). The
templates are the office's to edit, so they run in Jinja's immutable sandbox with strict
undefined variables; HTML is autoescaped. Contexts hold only ready-formatted values.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from mediation.mail.message import MailError

PURPOSES = ("reminder", "escalation", "digest", "review", "dormancy", "commitment", "breach",
            "absence")
LANGS = ("ko", "en")
MAX_SUBJECT = 200
MAX_BODY = 200_000


class Composer:
    """Subject, text and HTML of one message, from the templates of a folder."""

    def __init__(self, folder: Path) -> None:
        from jinja2 import FileSystemLoader, StrictUndefined, select_autoescape
        from jinja2.sandbox import ImmutableSandboxedEnvironment

        self.folder = folder
        self.env = ImmutableSandboxedEnvironment(
            loader=FileSystemLoader(str(folder)), undefined=StrictUndefined,
            autoescape=select_autoescape(enabled_extensions=("html.j2",), default=False,
                                         default_for_string=False),
            trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)

    def render(self, purpose: str, lang: str, context: Mapping[str, Any]) -> tuple[str, str, str]:
        """(subject, text, html); a template problem is a permanent ``MailError``."""
        from jinja2 import TemplateError

        lang = lang if lang in LANGS else "ko"
        try:
            module = self.env.get_template(f"{lang}/{purpose}.txt.j2").make_module(dict(context))
            html = self.env.get_template(f"{lang}/{purpose}.html.j2").render(dict(context))
        except TemplateError as exc:
            raise MailError(detail=f"template {purpose}.{lang}: {exc}", transient=False) from exc
        subject = " ".join(str(getattr(module, "subject", "")).split())[:MAX_SUBJECT]
        text = str(module).strip() + "\n"
        if not subject or len(text) > MAX_BODY or len(html) > MAX_BODY:
            raise MailError(detail=f"template {purpose}.{lang}: empty subject or body too long",
                            transient=False)
        return subject, text, html
