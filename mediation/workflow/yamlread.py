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

    def fail(self, where: str, reason_en: str, reason_ko: str) -> DefinitionError:
        """The error at key path ``where``, with its reason in English and Korean."""
        return DefinitionError(path=self.path, where=where or "(top)", reason_ko=reason_ko,
                               reason_en=reason_en)

    def mapping(self, value: object, where: str, allowed: set[str],
                required: set[str]) -> Mapping[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, f"expected a mapping, got {type(value).__name__}",
                                   f"키와 값의 항목이어야 합니다. 적힌 값의 형식: {type(value).__name__}")
        for key in value:
            if key not in allowed:
                raise self.fail(where, f"unknown key {shown(key)} (allowed: {', '.join(sorted(allowed))})",
                                       f"알 수 없는 키 {shown(key)}입니다 (쓸 수 있는 키: "
                                       f"{', '.join(sorted(allowed))})")
        for key in sorted(required - set(value)):
            raise self.fail(where, f"missing key '{key}'",
                                   f"키 '{key}'이(가) 없습니다")
        return value

    def name(self, value: object, where: str) -> str:
        if not isinstance(value, str) or not NAME.match(value):
            raise self.fail(where, f"expected a lower_snake_case name, got {shown(value)}",
                                   "영문 소문자와 밑줄로 쓴 이름(lower_snake_case)이어야 합니다. 적힌 값: "
                                   f"{shown(value)}")
        return value

    def flag(self, value: object, where: str) -> bool:
        if not isinstance(value, bool):
            raise self.fail(where, f"expected true or false, got {shown(value)}",
                                   f"true 또는 false여야 합니다. 적힌 값: {shown(value)}")
        return value

    def text(self, value: object, where: str) -> str:
        if not isinstance(value, str):
            raise self.fail(where, f"expected a text, got {shown(value)}",
                                   f"텍스트여야 합니다. 적힌 값: {shown(value)}")
        return value

    def title(self, value: object, where: str) -> Title:
        data = self.mapping(value, where, {"ko", "en"}, {"ko", "en"})
        for lang in ("ko", "en"):
            if not isinstance(data[lang], str) or not data[lang].strip():
                raise self.fail(f"{where}.{lang}", "expected a non-empty text",
                                                   "비어 있지 않은 텍스트여야 합니다")
            self.fits(data[lang], f"{where}.{lang}", MAX_TITLE)
        return Title(ko=data["ko"], en=data["en"])

    def basis_en(self, data: Mapping[str, object], where: str) -> str | None:
        """The optional English rendering of a rule's ``basis`` (``basis_en``): what English
        screens and e-mails print while the recorded basis is the rule's Korean text."""
        if "basis_en" not in data:
            return None
        value = data["basis_en"]
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{where}.basis_en", "expected a non-empty text",
                                                 "비어 있지 않은 텍스트여야 합니다")
        return self.fits(value.strip(), f"{where}.basis_en", MAX_BASIS)

    def fits(self, value: str, where: str, limit: int) -> str:
        """``value`` if the database column it is stored in can hold it."""
        if len(value) > limit:
            raise self.fail(where, f"{len(value):,} characters; at most {limit:,} fit in the "
                                   "database",
                                   f"{len(value):,}자입니다. 데이터베이스에는 {limit:,}자까지 들어갑니다")
        return value

    def names(self, value: object, where: str) -> tuple[str, ...]:
        items = value if isinstance(value, list) else [value]
        return tuple(self.name(v, f"{where}[{i}]") for i, v in enumerate(items))
