"""Writers that give a letter's content its official structure in HTML or in plain text.

A letter template is written once and rendered into both formats: its content calls
these helpers (``{% call item(2) %}...{% endcall %}``, ``{{ row([...]) }}``) and the writer
of the output format decides the markup. Items are numbered automatically in the official
order 1. → 가. → 1) → 가) → (1) → (가) → ① → ㉮ (English letters use a. for 가.), or, in
internal reports, with the bullets □ → ○ → - → ·. ``finish`` ends the body with "끝.".

A writer keeps the numbering state of one rendering; make a new one for each document.
"""

from __future__ import annotations

import re
import unicodedata
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from markupsafe import Markup, escape

HANGUL = "가나다라마바사아자차카타파하거너더러머버서어저처커터퍼허"
LATIN = "abcdefghijklmnopqrstuvwxyz"
CIRCLED_DIGITS = "".join(chr(0x2460 + i) for i in range(20))
CIRCLED_HANGUL = "".join(chr(0x326E + i) for i in range(14))
CIRCLED_LATIN = "".join(chr(0x24D0 + i) for i in range(26))
BULLETS = ("□", "○", "-", "·")
END = {"ko": "끝.", "en": ""}  # an English letter ends with its last sentence
ATTACHMENTS = {"ko": "붙임", "en": "Attachments"}
SIGN_HERE = {"ko": "(서명 또는 인)", "en": "(signature or seal)"}
MAX_LEVEL = 8
SPACES = re.compile(r"[ \t\r\n\f\v]+")
HANGUL_RE = re.compile(r"[\uac00-\ud7a3]")


def _seq(chars: str, n: int) -> str:
    return chars[(n - 1) % len(chars)]


def label(level: int, n: int, lang: str = "ko", style: str = "letter") -> str:
    """The label of the ``n``-th item at ``level`` (1-based) in the official order."""
    if style == "report" and level <= len(BULLETS):
        return BULLETS[level - 1]
    letters = LATIN if lang == "en" else HANGUL
    circled = CIRCLED_LATIN if lang == "en" else CIRCLED_HANGUL
    return (f"{n}.", f"{_seq(letters, n)}.", f"{n})", f"{_seq(letters, n)})", f"({n})",
            f"({_seq(letters, n)})", _seq(CIRCLED_DIGITS, n), _seq(circled, n))[level - 1]


def _flat(text: object) -> str:
    """Whitespace as a template author types it collapses to single spaces (markup stays
    markup, so that it is not escaped twice)."""
    flat = SPACES.sub(" ", str(text)).strip()  # no-break spaces stay
    return Markup(flat) if isinstance(text, Markup) else flat


def width(text: str) -> int:
    """Columns ``text`` takes in a terminal: wide (Hangul, CJK) characters count two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


class Writer(ABC):
    """The helpers a template calls; subclasses produce HTML or plain text."""

    def __init__(self, lang: str, style: str = "letter") -> None:
        self.lang = lang
        self.style = style
        self._counts = [0] * (MAX_LEVEL + 1)
        self._headers: tuple[str, ...] = ()
        self._last = ""

    # numbering -------------------------------------------------------------------------

    def _next(self, level: int) -> str:
        level = max(1, min(MAX_LEVEL, int(level)))
        self._counts[level] += 1
        for deeper in range(level + 1, MAX_LEVEL + 1):
            self._counts[deeper] = 0
        return label(level, self._counts[level], self.lang, self.style)

    def restart(self) -> str:
        self._counts = [0] * (MAX_LEVEL + 1)
        return ""

    # helpers templates call ----------------------------------------------------------

    def item(self, level: int = 1, caller: Callable[[], str] | None = None) -> str:
        level = max(1, min(MAX_LEVEL, int(level)))
        self._last = "p"
        return self._item(level, self._next(level), self._body(caller))

    def para(self, style: str = "", caller: Callable[[], str] | None = None) -> str:
        """An unnumbered paragraph; ``style`` (``date``, ``closing``) only changes HTML."""
        self._last = "p"
        cls = "para " + style if style.isidentifier() else "para"
        return self._para(self._body(caller), cls)

    def note(self, caller: Callable[[], str] | None = None) -> str:
        self._last = "p"
        return self._item(1, "※", self._body(caller), cls="note")

    def heading(self, text: str) -> str:
        self.restart()
        self._last = "h"
        return self._heading(_flat(text))

    def table(self, headers: Sequence[Any]) -> str:
        self._headers = tuple(_flat(h) for h in headers)
        self._last = "table"
        return self._table_start(self._headers)

    def row(self, cells: Sequence[Any]) -> str:
        return self._row([_flat("-" if c is None or c == "" else c) for c in cells])

    def end_table(self) -> str:
        headers, self._headers = self._headers, ()
        return self._table_end(headers)

    def sign(self, caption: str, name: str) -> str:
        self._last = "sign"
        return self._sign(_flat(caption), _flat(name))

    def attach(self, names: Iterable[Any]) -> str:
        names = [_flat(n) for n in names]
        if names:
            self._last = "p"
        return self._attach(names)

    def finish(self, body: str) -> str:
        """The body with the end mark: after its last sentence, or below a closing table."""
        return self._finish(body, END.get(self.lang, END["ko"]), self._last == "p")

    # format-specific -----------------------------------------------------------------

    @abstractmethod
    def _body(self, caller: Callable[[], str] | None) -> str:
        ...

    @abstractmethod
    def _item(self, level: int, mark: str, text: str, cls: str = "item") -> str:
        ...

    @abstractmethod
    def _para(self, text: str, cls: str) -> str:
        ...

    @abstractmethod
    def _heading(self, text: str) -> str:
        ...

    @abstractmethod
    def _table_start(self, headers: tuple[str, ...]) -> str:
        ...

    @abstractmethod
    def _row(self, cells: list[str]) -> str:
        ...

    @abstractmethod
    def _table_end(self, headers: tuple[str, ...]) -> str:
        ...

    @abstractmethod
    def _sign(self, caption: str, name: str) -> str:
        ...

    @abstractmethod
    def _attach(self, names: list[str]) -> str:
        ...

    @abstractmethod
    def _finish(self, body: str, end: str, inline: bool) -> str:
        ...


class HtmlWriter(Writer):
    """Escaped HTML; the layout's style sheet gives the indentation of each level."""

    def _body(self, caller: Callable[[], str] | None) -> str:
        return _flat(caller()) if caller else ""

    def _item(self, level: int, mark: str, text: str, cls: str = "item") -> str:
        # the label is plain text (an inline box per label would cost WeasyPrint a quarter
        # of a letter's time); the style sheet hangs the label by its level's width
        return Markup('<p class="{} l{}">{} {}</p>\n').format(cls, level, mark, Markup(text))

    def _para(self, text: str, cls: str) -> str:
        return Markup('<p class="{}">{}</p>\n').format(cls, Markup(text))

    def _heading(self, text: str) -> str:
        return Markup("<h2>{}</h2>\n").format(text)

    def _table_start(self, headers: tuple[str, ...]) -> str:
        cells = Markup("").join(Markup("<th>{}</th>").format(h) for h in headers)
        return Markup('<table class="grid"><thead><tr>{}</tr></thead><tbody>\n').format(cells)

    def _row(self, cells: list[str]) -> str:
        return Markup("<tr>{}</tr>\n").format(
            Markup("").join(Markup("<td>{}</td>").format(_words(c)) for c in cells))

    def _table_end(self, headers: tuple[str, ...]) -> str:
        return Markup("</tbody></table>\n")

    def _sign(self, caption: str, name: str) -> str:
        return Markup('<div class="sign"><div class="cap">{}</div><div class="name">{}</div>'
                      '<div class="seal">{}</div></div>\n').format(
            caption, name, SIGN_HERE.get(self.lang, SIGN_HERE["ko"]))

    def _attach(self, names: list[str]) -> str:
        if not names:
            return Markup("")
        word = ATTACHMENTS.get(self.lang, ATTACHMENTS["ko"])
        numbered = [f"{i}. {n}" for i, n in enumerate(names, 1)] if len(names) > 1 else names
        lines = Markup("").join(
            Markup('<p class="attach{}">{}</p>\n').format(
                "" if i else " first", f"{word}  {n}" if i == 0 else n)
            for i, n in enumerate(numbered))
        return Markup('<div class="attachments">\n{}</div>\n').format(lines)

    def _finish(self, body: str, end: str, inline: bool) -> str:
        mark = str(escape("\u00a0\u00a0" + end))
        trimmed = str(escape(body)).rstrip()
        if not end:
            return Markup(trimmed + "\n")
        closing = "</p>\n</div>" if trimmed.endswith("</p>\n</div>") else "</p>"
        if inline and trimmed.endswith(closing):
            return Markup(trimmed[: -len(closing)] + mark + closing + "\n")
        return Markup(trimmed + "\n" + Markup('<p class="end-line">{}</p>\n').format(end))


class TextWriter(Writer):
    """Plain text: two spaces of indentation per level, one line per item."""

    def _body(self, caller: Callable[[], str] | None) -> str:
        return _flat(caller()) if caller else ""

    def _item(self, level: int, mark: str, text: str, cls: str = "item") -> str:
        return f"{'  ' * (level - 1)}{mark} {text}\n"

    def _para(self, text: str, cls: str) -> str:
        return f"{text}\n"

    def _heading(self, text: str) -> str:
        return f"\n{text}\n"

    def _table_start(self, headers: tuple[str, ...]) -> str:
        return ""

    def _row(self, cells: list[str]) -> str:
        skip = 2 if len(cells) > 1 and cells[0].isdigit() else 1
        head = f"{cells[0]}. {cells[1]}" if skip == 2 else (cells[0] if cells else "-")
        lines = [f"  {head}"]
        lines += [f"     {h}: {c}" for h, c in zip(self._headers[skip:], cells[skip:], strict=False)]
        return "\n".join(lines) + "\n"

    def _table_end(self, headers: tuple[str, ...]) -> str:
        return ""

    def _sign(self, caption: str, name: str) -> str:
        return f"{caption}  {name}  {SIGN_HERE.get(self.lang, SIGN_HERE['ko'])} ____________\n"

    def _attach(self, names: list[str]) -> str:
        if not names:
            return ""
        word = ATTACHMENTS.get(self.lang, ATTACHMENTS["ko"])
        if len(names) == 1:
            return f"{word}  {names[0]}\n"
        pad = " " * (width(word) + 2)
        return "".join(f"{word + '  ' if i == 1 else pad}{i}. {n}\n"
                       for i, n in enumerate(names, 1))

    def _finish(self, body: str, end: str, inline: bool) -> str:
        trimmed = body.rstrip()
        if not end:
            return f"{trimmed}\n"
        return f"{trimmed}  {end}\n" if inline else f"{trimmed}\n{end}\n"


def _words(cell: str) -> Markup:
    """A table cell whose Korean lines break between words only: WeasyPrint would break
    Hangul anywhere (it does not know ``word-break: keep-all``), so each word of a text with
    Hangul is kept whole; a cell that is markup already is left as it is."""
    if isinstance(cell, Markup) or not HANGUL_RE.search(cell):
        return escape(cell)
    return Markup(" ").join(Markup('<span class="w">{}</span>').format(w) for w in cell.split(" "))


def writer_for(fmt: str, lang: str, style: str) -> Writer:
    return HtmlWriter(lang, style) if fmt == "html" else TextWriter(lang, style)


def escape_text(value: object) -> str:
    return str(escape(value))
