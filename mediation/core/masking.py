"""Masking of private persons' names and contacts — the one implementation every masked
output uses: the lists over many cases and ``case search`` (need to know: ``김○수``,
``010-****-5678``, ``h***@example.org``) and, through ``core.redact``, the case file exported
for an information-disclosure request, which keeps less of a name (``disclosure_name``:
``홍○○``). Pure functions; organisations' names are never given to them
(``privacy.records.is_private`` decides by the party's role).

The rules, written for an office's 개인정보 보호책임자 in ``docs/privacy.md``:

- a Korean name keeps its first and last syllables, every syllable between is ``○``
  (``김○수``, ``남궁○수`` is ``남○○수``); a two-syllable name keeps the first (``김○``); one
  syllable becomes ``○``;
- a name in Latin letters keeps each word's first letter (``J*** S****``);
- a telephone number keeps its first group (the area or mobile prefix, and a ``+82``
  country code with it) and its last four digits; every other digit is ``*`` and the
  separators stay (``010-****-5678``, ``+82 10-****-5678``, ``010****5678``);
- an e-mail address keeps the first character of its local part and the domain
  (``h***@example.org``);
- an address keeps its first two words (the city and the district) (``서울특별시 마포구 ***``).
"""

from __future__ import annotations

import re

PERSON_ROLES = frozenset({"applicant", "respondent", "stakeholder", "expert", "observer"})
"""Party roles held by natural persons, whose data is personal data. Agencies, project
departments, resident groups and related groups (``agency``, ``department``,
``resident_group``, ``group``) are organisations: their names are not personal data."""

MASK = "○"
HIDDEN = "*"
_HANGUL = re.compile(r"^[\uac00-\ud7a3]+$")
_GROUPS = re.compile(r"\d+")


def is_private(role: str) -> bool:
    """Whether a party of ``role`` is a natural person (masked; their data recorded)."""
    return role in PERSON_ROLES


def mask_name(name: str) -> str:
    name = name.strip()
    if not name:
        return name
    if _HANGUL.match(name.replace(" ", "")):
        return _korean(name.replace(" ", ""))
    return " ".join(word[0] + HIDDEN * (len(word) - 1) for word in name.split())


def _korean(name: str) -> str:
    if len(name) == 1:
        return MASK
    if len(name) == 2:
        return name[0] + MASK
    return name[0] + MASK * (len(name) - 2) + name[-1]


def disclosure_name(name: str) -> str:
    """A name in a file disclosed to the public (정보공개법 제9조 제1항 제6호): only its first
    letter is kept (홍길동 → 홍○○; Jane Doe → J○○○○○○)."""
    letters = name.replace(" ", "")
    return letters[:1] + MASK * max(1, len(letters) - 1)


def mask_phone(phone: str) -> str:
    groups = list(_GROUPS.finditer(phone))
    if not groups:
        return HIDDEN * len(phone)
    digits = sum(len(g.group()) for g in groups)
    keep: set[int] = set()
    if len(groups) == 1:  # no separators: the prefix is the first three digits
        start = groups[0].start()
        keep.update(range(start, start + min(3, max(0, digits - 4))))
    else:
        kept_groups = 2 if phone.lstrip().startswith("+") and len(groups) > 3 else 1
        for g in groups[:kept_groups]:
            keep.update(range(g.start(), g.end()))
    tail = [i for i, ch in enumerate(phone) if ch.isdigit()][-4:]
    keep.update(tail)
    return "".join(ch if not ch.isdigit() or i in keep else HIDDEN
                   for i, ch in enumerate(phone))


def mask_email(email: str) -> str:
    local, at, domain = email.strip().rpartition("@")
    if not at:
        return HIDDEN * 3
    return f"{local[:1]}{HIDDEN * 3}@{domain}"


def mask_address(address: str) -> str:
    words = address.split()
    return " ".join([*words[:2], HIDDEN * 3]) if len(words) > 2 else HIDDEN * 3


def mask_contact(value: str) -> str:
    """An e-mail address or a telephone number, whichever ``value`` is."""
    return mask_email(value) if "@" in value else mask_phone(value)
