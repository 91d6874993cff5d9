"""Unique identifiers (고유식별정보, 「개인정보 보호법」 제24조, 제24조의2) that the program never
stores: resident registration numbers (주민등록번호), alien registration numbers
(외국인등록번호), passport numbers and driver's licence numbers. ``find`` names the first one
a text holds, so that the input is refused before anything is saved.

A registration number is ``YYMMDD-GNNNNNN`` (the hyphen, a space or nothing between): a real
date (in the century its gender digit says) and a gender digit 1–8 (5–8: foreigners). The
check digit is not required: numbers issued since October 2020 do not follow it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from mediation.core.titles import Title

_REGISTRATION = re.compile(r"(?<![\d-])(\d{2})(\d{2})(\d{2})\s?[-‐–]?\s?([1-8])(\d{6})(?![\d-])")
_PASSPORT = re.compile(r"(?<![0-9A-Za-z])[MSRODG](?:\d{8}|\d{3}[A-Z]\d{4})(?![0-9A-Za-z])")
_LICENCE = re.compile(r"(?<![\d-])(?:1[1-9]|2[0-8]|서울|부산|경기|강원|충북|충남|전북|전남|경북|경남|제주|"
                      r"대구|인천|광주|대전|울산)\s?-?\s?\d{2}-\d{6}-\d{2}(?![\d-])")
CENTURY = {"1": 1900, "2": 1900, "5": 1900, "6": 1900, "3": 2000, "4": 2000, "7": 2000,
           "8": 2000}

RESIDENT = Title(ko="주민등록번호", en="resident registration number")
ALIEN = Title(ko="외국인등록번호", en="alien registration number")
PASSPORT = Title(ko="여권번호", en="passport number")
LICENCE = Title(ko="운전면허번호", en="driver's licence number")


@dataclass(frozen=True, slots=True, kw_only=True)
class Found:
    kind: Title
    start: int


def _plausible(m: re.Match[str]) -> bool:
    yy, mm, dd, gender = int(m[1]), int(m[2]), int(m[3]), m[4]
    try:
        date(CENTURY[gender] + yy, mm, dd)
    except ValueError:
        return False
    return True


def find(text: str) -> Found | None:
    """The first unique identifier in ``text``, if any."""
    for m in _REGISTRATION.finditer(text):
        if _plausible(m):
            return Found(kind=ALIEN if m[4] in "5678" else RESIDENT, start=m.start())
    for pattern, kind in ((_PASSPORT, PASSPORT), (_LICENCE, LICENCE)):
        found = pattern.search(text)
        if found:
            return Found(kind=kind, start=found.start())
    return None
