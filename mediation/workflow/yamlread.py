"""Typed reads of a parsed YAML workflow file: each check fails with a ``DefinitionError``
naming the file and the key path. Shared by the loader and the rule sections it delegates to
(``deadline_rules``, ``meeting_rules``)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from mediation.core.errors import DefinitionError
from mediation.core.titles import Title

NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")  # the name columns hold 64 characters
MAX_TITLE = 200  # deadlines.title_ko / title_en
MAX_BASIS = 500  # deadlines.basis


def shown(value: object) -> str:
    """A short spelling of a YAML value for an error message. Never walks a structure:
    an alias bomb is a few bytes of YAML but billions of items once printed."""
    if value is None or isinstance(value, (str, int, float, bool)):
        text = repr(value)
        return text if len(text) <= 60 else f"{text[:57]}..."
    return f"a {type(value).__name__}"


class YamlContext:
    """The file being read, and typed reads of its values that fail with the key path."""

    def __init__(self, path: str) -> None:
        self.path = path

    def fail(self, where: str, reason: str) -> DefinitionError:
        return DefinitionError(path=self.path, where=where or "(top)", reason=reason)

    def mapping(self, value: object, where: str, allowed: set[str],
                required: set[str]) -> Mapping[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, f"expected a mapping, got {type(value).__name__}")
        for key in value:
            if key not in allowed:
                raise self.fail(where, f"unknown key {shown(key)} (allowed: {', '.join(sorted(allowed))})")
        for key in sorted(required - set(value)):
            raise self.fail(where, f"missing key '{key}'")
        return value

    def name(self, value: object, where: str) -> str:
        if not isinstance(value, str) or not NAME.match(value):
            raise self.fail(where, f"expected a lower_snake_case name, got {shown(value)}")
        return value

    def flag(self, value: object, where: str) -> bool:
        if not isinstance(value, bool):
            raise self.fail(where, f"expected true or false, got {shown(value)}")
        return value

    def text(self, value: object, where: str) -> str:
        if not isinstance(value, str):
            raise self.fail(where, f"expected a text, got {shown(value)}")
        return value

    def title(self, value: object, where: str) -> Title:
        data = self.mapping(value, where, {"ko", "en"}, {"ko", "en"})
        for lang in ("ko", "en"):
            if not isinstance(data[lang], str) or not data[lang].strip():
                raise self.fail(f"{where}.{lang}", "expected a non-empty text")
            self.fits(data[lang], f"{where}.{lang}", MAX_TITLE)
        return Title(ko=data["ko"], en=data["en"])

    def basis_en(self, data: Mapping[str, object], where: str) -> str | None:
        """The optional English rendering of a rule's ``basis`` (``basis_en``): what English
        screens and e-mails print while the recorded basis is the rule's Korean text."""
        if "basis_en" not in data:
            return None
        value = data["basis_en"]
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{where}.basis_en", "expected a non-empty text")
        return self.fits(value.strip(), f"{where}.basis_en", MAX_BASIS)

    def fits(self, value: str, where: str, limit: int) -> str:
        """``value`` if the database column it is stored in can hold it."""
        if len(value) > limit:
            raise self.fail(where, f"{len(value):,} characters; at most {limit:,} fit in the "
                                   "database")
        return value

    def names(self, value: object, where: str) -> tuple[str, ...]:
        items = value if isinstance(value, list) else [value]
        return tuple(self.name(v, f"{where}[{i}]") for i, v in enumerate(items))
