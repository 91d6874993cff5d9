"""Stories of the texts people type: a text that shows its characters in another order than
it stores them (bidirectional controls) or that shows nothing at all (only zero-width, format
or blank characters) is refused, naming the field and the character; every visible text —
Korean, Chinese characters, emoji with their joiners, punctuation — is kept exactly as typed."""

from __future__ import annotations

import pytest

from mediation.core import validate
from mediation.core.errors import BadInput, BidiControl, InvisibleText

BIDI_CONTROLS = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067",
                 "\u2068", "\u2069", "\u200e", "\u200f", "\u061c"]
INVISIBLE = ["\u200b", "\ufeff", "\u200b\ufeff\u200b", "\u200c", "\u200d", "\u2060",
             "\u00ad", "\u180e", "\u3164", "\u115f\u1160", "\uffa0", "\u2800", "\u0301",
             "\U000e0041\U000e0042", "\u034f", "\ufe0f", "\u200b \u200b"]
VISIBLE = ["가상 시설 입지 갈등", "漢字 섞인 제목", "👩\u200d👩\u200d👧 가족 분쟁",
           "👨\u200d💻", "🇰🇷", "❤\ufe0f", "1\ufe0f\u20e3", "e\u0301", "Ünïcödé – “따옴표” …",
           "(주)가상건설 & Co.", "\u200b가\u200b", "한\u00a0글"]


@pytest.mark.parametrize("multiline", [False, True])
@pytest.mark.parametrize("char", BIDI_CONTROLS, ids=[f"U+{ord(c):04X}" for c in BIDI_CONTROLS])
def test_a_bidirectional_control_is_refused_naming_the_field_and_the_character(
        char: str, multiline: bool) -> None:
    # Given a title that would show '2026-0001' reversed behind a right-to-left control
    typed = f"가상 사건 {char}2026-0001"
    # When it is validated
    with pytest.raises(BidiControl) as caught:
        validate.text(typed, "title", max_len=300, multiline=multiline)
    # Then the refusal names the field and the code point, on one line, in both languages
    code = f"U+{ord(char):04X}"
    for lang in ("ko", "en"):
        message = caught.value.message(lang)
        assert "title" in message and code in message and "\n" not in message
    assert caught.value.exit_code == 2 and isinstance(caught.value, BadInput)


@pytest.mark.parametrize("typed", INVISIBLE, ids=[ascii(t) for t in INVISIBLE])
def test_a_text_with_no_visible_character_is_refused(typed: str) -> None:
    # When a text made only of characters that draw nothing is validated, as required or not
    for required in (True, False):
        with pytest.raises(InvisibleText) as caught:
            validate.text(typed, "name", max_len=200, required=required)
        # Then the refusal names the field and the characters it found
        first = f"U+{ord(typed.strip()[0]):04X}"
        assert "name" in caught.value.message("en") and first in caught.value.message("en")
        assert first in caught.value.message("ko") and "보이는 글자" in caught.value.message("ko")
    with pytest.raises(InvisibleText):
        validate.optional_text(typed, "organization", max_len=200)


@pytest.mark.parametrize("typed", VISIBLE, ids=[ascii(t) for t in VISIBLE])
def test_visible_text_is_accepted_exactly_as_typed(typed: str) -> None:
    assert validate.text(typed, "title", max_len=300) == typed
    assert validate.text(typed, "summary", max_len=300, multiline=True) == typed
    assert validate.optional_text(typed, "organization", max_len=300) == typed


def test_an_empty_optional_text_is_still_none() -> None:
    assert validate.optional_text("  ", "organization", max_len=200) is None
    with pytest.raises(BadInput, match="must not be empty"):
        validate.text("  ", "title", max_len=300)
