"""Korean official formats for dates, times and money (DOMAIN.md §5), and their English
counterparts. Pure functions; times are shown in Asia/Seoul."""

from __future__ import annotations

import re
from datetime import date, datetime

from mediation.core.clock import SEOUL

DIGITS = "영일이삼사오육칠팔구"
SMALL_UNITS = ("", "십", "백", "천")
LARGE_UNITS = ("", "만", "억", "조", "경")


def kdate(value: date | datetime, lang: str = "ko") -> str:
    """``2026. 11. 24.`` (Korean) or ``24 Nov 2026`` (English)."""
    if isinstance(value, datetime):
        value = value.astimezone(SEOUL).date()
    if lang == "en":
        return value.strftime("%d %b %Y").lstrip("0")
    return f"{value.year}. {value.month}. {value.day}."


def ktime(value: datetime) -> str:
    """``14:30`` in Seoul time."""
    return value.astimezone(SEOUL).strftime("%H:%M")


def kdatetime(value: datetime, lang: str = "ko") -> str:
    return f"{kdate(value, lang)} {ktime(value)}"


def hangul_number(n: int) -> str:
    """1,113,560 → ``일백일십일만삼천오백육십`` (official spelling keeps 일 before units)."""
    if n == 0:
        return DIGITS[0]
    parts = []
    for i, unit in enumerate(LARGE_UNITS):
        chunk = n // 10000**i % 10000
        if chunk:
            parts.append(_four_digits_official(chunk) + unit)
    return "".join(reversed(parts))


def _four_digits_official(n: int) -> str:
    out = []
    for i, unit in enumerate(SMALL_UNITS):
        digit = n // 10**i % 10
        if digit:
            out.append(DIGITS[digit] + unit)
    return "".join(reversed(out))


def money(won: int, lang: str = "ko") -> str:
    """``금113,560원(금일십일만삼천오백육십원)`` or ``KRW 113,560``."""
    if lang == "en":
        return f"KRW {won:,}"
    return f"금{won:,}원(금{hangul_number(won)}원)"


def _particle(word: str, after_consonant: str, after_vowel: str) -> str:
    bare = word.rstrip()
    while (shorter := re.sub(r"\s*\([^()]*\)\s*$", "", bare).rstrip()) not in ("", bare):
        bare = shorter  # 기준점(anchor) reads 기준점, 부서 이관(모니터링)(monitor) reads 부서 이관
    last = bare[-1:]
    if not "\uac00" <= last <= "\ud7a3":
        return f"{word}{after_consonant}({after_vowel})"
    return f"{word}{after_consonant if (ord(last) - 0xAC00) % 28 else after_vowel}"


def topic(word: str) -> str:
    """``word`` with its topic particle: 은 after a final consonant, 는 after a vowel (a word
    not ending in a Hangul syllable keeps the written-out 은(는))."""
    return _particle(word, "은", "는")


def object_(word: str) -> str:
    """``word`` with its object particle: 을 after a final consonant, 를 after a vowel."""
    return _particle(word, "을", "를")
