"""What ``case search`` returns: each case found, how relevant, and where its text matched
(``당사자: 은평구청 노인복지과``, ``회의록 #3``)."""

from __future__ import annotations

from dataclasses import dataclass

from mediation.views.cases import CaseView

EXCERPT = 60
"""At most this many characters of a party's text in a match's label."""

_PLACES = {
    "title": ("제목", "title"),
    "summary": ("개요", "summary"),
    "note": ("기록 메모 #{ref}", "note of event #{ref}"),
    "party": ("당사자: {body}", "party: {body}"),
    "issue": ("쟁점 #{ref}", "issue #{ref}"),
    "item": ("합의 항목 #{ref}", "agreement item #{ref}"),
    "minutes": ("회의록 #{ref}", "minutes #{ref}"),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class MatchPlace:
    """One piece of the case's text that holds a word of the query."""

    source: str
    ref: int
    label_ko: str
    label_en: str


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchHit:
    case: CaseView
    score: int
    matched: tuple[MatchPlace, ...]


def match_place(source: str, ref: int, body: str) -> MatchPlace:
    """The place ``source`` ``ref`` in Korean and English (a party named by its text)."""
    ko, en = _PLACES.get(source, (source, source))
    short = body if len(body) <= EXCERPT else body[:EXCERPT] + "…"
    return MatchPlace(source=source, ref=ref, label_ko=ko.format(ref=ref, body=short),
                      label_en=en.format(ref=ref, body=short))
