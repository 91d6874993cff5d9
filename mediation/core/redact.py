"""Masking private persons' data for an information-disclosure request (「공공기관의 정보공개에
관한 법률」 제9조 제1항 제6호): a private person's name becomes its first character and ○
(홍길동 → 홍○○), their address is withheld, and every telephone number and e-mail address in a
text is masked. Names of agencies, departments and groups, and of officials acting in
office, stay, and so do the contacts given as public (the office's address, telephone, fax
and e-mail; the officials' e-mail addresses).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from mediation.core.masking import disclosure_name, mask_email, mask_name, mask_phone

PHONE = re.compile(r"(?<!\d)(?:\+82[-. ]?)?0?\d{1,2}[-. )]\d{3,4}[-. ]\d{4}(?!\d)")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
STREET = re.compile(r"[가-힣0-9]+(?:로|길)\s?\d+(?:-\d+)?(?:\s?[가-힣0-9]+(?:동|호|층))*")
PHONE_MASK = "☎ ○○○-○○○○-○○○○"
EMAIL_MASK = "○○○@○○○"
ADDRESS_MASK = "(주소 비공개)"


@dataclass(frozen=True, slots=True)
class Redactor:
    """Masks the given private names and addresses, and any phone number, e-mail address or
    street address, in a text. ``partial``: mask as the lists do (``core.masking``: 김○수,
    010-****-5678, h***@example.org) rather than for disclosure (홍○○, every contact
    withheld)."""

    names: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    _pattern: re.Pattern[str] | None = field(default=None, compare=False)
    _public: re.Pattern[str] | None = field(default=None, compare=False)
    partial: bool = False

    @classmethod
    def of(cls, names: Iterable[str], addresses: Iterable[str],
           public: Iterable[str] = (), *, partial: bool = False) -> Redactor:
        clean = _longest_first(names)
        pattern = re.compile("|".join(map(re.escape, clean))) if clean else None
        kept = _longest_first(public)
        keep = re.compile("(" + "|".join(map(re.escape, kept)) + ")") if kept else None
        return cls(clean, _longest_first(addresses), pattern, keep, partial)

    @property
    def name(self) -> Callable[[str], str]:
        """How a name is masked (``core.masking``)."""
        return mask_name if self.partial else disclosure_name

    def text(self, value: str) -> str:
        if self._public is None:
            return self._mask(value)
        parts = self._public.split(value)  # odd parts are the public contacts, kept
        return "".join(p if i % 2 else self._mask(p) for i, p in enumerate(parts))

    def _mask(self, value: str) -> str:
        for place in self.addresses:
            value = value.replace(place, ADDRESS_MASK)
        if self.partial:
            value = EMAIL.sub(lambda m: mask_email(m.group(0)), value)
            value = PHONE.sub(lambda m: mask_phone(m.group(0)), value)
        else:
            value = EMAIL.sub(EMAIL_MASK, value)
            value = PHONE.sub(PHONE_MASK, value)
        value = STREET.sub(ADDRESS_MASK, value)
        if self._pattern is not None:
            name = self.name
            value = self._pattern.sub(lambda m: name(m.group(0)), value)
        return value

    def any(self, value: object) -> object:
        """``value`` with every string in it masked (dicts, lists and tuples walked)."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            return {k: self.any(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self.any(v) for v in value]
        return value


def _longest_first(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted({v for v in values if v and v.strip()}, key=len, reverse=True))
