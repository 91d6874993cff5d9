"""Checks on values that come from people: text, e-mail addresses, numbers, choices.

Each returns the cleaned value or raises ``BadInput`` naming the field and the reason.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date

from mediation.core import identifiers, vocabulary
from mediation.core.errors import BadInput, BidiControl, InvisibleText, UniqueIdentifier

EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                   r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")
USERNAME = re.compile(r"^[a-z_][a-z0-9_.-]{0,63}$")
# C0 and C1 control characters (C1 \x9b starts a terminal escape like ESC [) and the
# Unicode line and paragraph separators; tab and line feed are handled by ``text``.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
# Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) and the
# marks (LRM, RLM, ALM): each can show the characters around it in another order than they
# are stored — a case number, an amount or a name read backwards.
BIDI = re.compile(r"[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Categories that draw nothing on their own: format characters (zero-width space and
# joiners, BOM, tags), controls, separators and spaces, combining marks, surrogates.
INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zs", "Zl", "Zp", "Mn", "Me"})
# Letters and symbols that are blank all the same: the Hangul fillers and the blank
# Braille pattern.
BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
CASE_NUMBER = re.compile(r"^\d{4}-\d{4,}$")
YEARS = range(1900, 3000)


def _utf8(value: str, field: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise BadInput(field=field, reason_ko="올바른 UTF-8 글이 아닙니다",
                       reason_en="text is not valid UTF-8") from exc
    return value


def utf8(value: str, field: str) -> str:
    """``value`` unchanged if it is valid UTF-8 text; Linux hands undecodable command-line
    and environment bytes to Python as lone surrogates, which this refuses."""
    return _utf8(value, field)


def text(value: str, field: str, *, max_len: int, multiline: bool = False,
         required: bool = True) -> str:
    value = _utf8(value, field).strip()
    if required and not value:
        raise BadInput(field=field, reason_ko="비어 있으면 안 됩니다", reason_en="must not be empty")
    if len(value) > max_len:
        raise BadInput(field=field, reason_ko=f"{len(value):,}자입니다. {max_len:,}자까지 쓸 수 있습니다",
                       reason_en=f"{len(value)} characters; at most {max_len} allowed")
    bad = CONTROL.search(value.replace("\n", "").replace("\t", "") if multiline else value)
    if bad or (not multiline and ("\n" in value or "\r" in value)):
        raise BadInput(field=field, reason_ko="제어 문자나 줄바꿈이 있습니다",
                       reason_en="contains control characters or line breaks")
    return no_identifier(_visible(value, field), field)


def no_identifier(value: str, field: str) -> str:
    """``value`` unchanged, unless it holds a unique identifier (``UniqueIdentifier``)."""
    found = identifiers.find(value)
    if found is not None:
        raise UniqueIdentifier(field=field, what_ko=found.kind.ko, what_en=found.kind.en)
    return value


def _code(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def _visible(value: str, field: str) -> str:
    """``value`` unchanged, unless it holds a bidirectional control or, not being empty,
    no character that is drawn (``BidiControl``, ``InvisibleText``)."""
    bidi = BIDI.search(value)
    if bidi is not None:
        raise BidiControl(field=field, char=_code(bidi.group()))
    if value and all(_invisible(ch) for ch in value):
        chars = ", ".join(_code(ch) for ch in dict.fromkeys(value))
        raise InvisibleText(field=field, chars=chars)
    return value


def _invisible(ch: str) -> bool:
    return ch in BLANK_LETTERS or unicodedata.category(ch) in INVISIBLE_CATEGORIES


def optional_text(value: str | None, field: str, *, max_len: int,
                  multiline: bool = False) -> str | None:
    if value is None:
        return None
    cleaned = text(value, field, max_len=max_len, multiline=multiline, required=False)
    return cleaned or None


def email(value: str, field: str = "email") -> str:
    value = _utf8(value, field).strip()
    if len(value) > 254 or not EMAIL.match(value):
        raise BadInput(field=field, reason_ko=f"'{value[:80]}'은(는) 전자우편 주소가 아닙니다",
                       reason_en=f"'{value[:80]}' is not an e-mail address")
    return value


def username(value: str, field: str = "username") -> str:
    value = _utf8(value, field)
    if not USERNAME.match(value):
        raise BadInput(field=field, reason_ko=f"'{value[:80]}': 영문 소문자, 숫자, "
                                              "'_', '.', '-'만 쓸 수 있습니다 (64자까지)",
                       reason_en=f"'{value[:80]}' must be lower-case letters, digits, "
                                 "'_', '.' or '-' (at most 64)")
    return value


def case_number(value: str) -> str:
    value = _utf8(value, "number").strip()
    if not CASE_NUMBER.match(value):
        raise BadInput(field="number", reason_ko=f"'{value[:40]}'은(는) 사건번호가 아닙니다 "
                                                     "(예: 2026-0001)",
                       reason_en=f"'{value[:40]}' is not a case number like 2026-0001")
    return value


def non_negative(value: int, field: str, *, maximum: int) -> int:
    if value < 0 or value > maximum:
        raise BadInput(field=field, reason_ko=f"{value}은(는) 범위 밖입니다 (0–{maximum})",
                       reason_en=f"{value} is out of range (0–{maximum})")
    return value


def choices(values: Iterable[str], vocab: vocabulary.Vocabulary, field: str) -> list[str]:
    out: list[str] = []
    for raw in values:
        for value in (v.strip() for v in raw.split(",")):
            checked = vocabulary.check(vocab, value, field) if value else ""
            if checked and checked not in out:
                out.append(checked)
    return out


def day(value: str, field: str) -> date:
    """A calendar date written ``2026-11-24`` (or ``2026. 11. 24.``), in the years
    ``YEARS`` (so that midnight in Seoul, a day later or earlier, is still a datetime)."""
    raw = _utf8(value, field).strip()
    korean = re.fullmatch(r"(\d{4})\.\s*(\d{1,2})\.\s*(\d{1,2})\.?", raw)
    try:
        found = (date(int(korean[1]), int(korean[2]), int(korean[3])) if korean
                 else date.fromisoformat(raw))
    except ValueError as exc:
        raise BadInput(field=field, reason_ko=f"'{raw[:40]}'은(는) 날짜가 아닙니다 "
                                                   "(예: 2026-11-24 또는 2026. 11. 24.)",
                       reason_en=f"'{raw[:40]}' is not a date like 2026-11-24") from exc
    if found.year not in YEARS:
        raise BadInput(field=field, reason_ko=f"'{raw[:40]}'은(는) 범위 밖입니다 "
                                              f"({YEARS.start}–{YEARS.stop - 1}년)",
                       reason_en=f"'{raw[:40]}' is out of range "
                                 f"({YEARS.start}–{YEARS.stop - 1})")
    return found
