"""A text in Korean and English: the titles of states, rules and document kinds, and the
labels of the closed vocabularies."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class Title:
    ko: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.ko
