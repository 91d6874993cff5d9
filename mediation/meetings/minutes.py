"""The minutes of a meeting, read from a UTF-8 text file and kept with their SHA-256.

The text is stored exactly as the file holds it, so the stored hash is the file's own
(``sha256sum minutes.txt`` shows the same value). A missing, unreadable, empty, binary or
oversized file, or one that is not UTF-8, is refused with one line naming the file.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from mediation.core import validate
from mediation.core.errors import BadInput, NotFound
from mediation.core.files import FileRefused, read_limited

MAX_BYTES = 1_000_000
# control characters other than tab, line feed, form feed and carriage return: a binary file,
# or terminal escapes that ``meeting show`` would print (PostgreSQL cannot store NUL at all)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True, slots=True, kw_only=True)
class Minutes:
    text: str
    sha256: str

    @classmethod
    def of(cls, data: bytes, where: str = "minutes") -> Minutes:
        """Minutes from the bytes of a file; ``where`` names it in errors."""
        if len(data) > MAX_BYTES:
            raise BadInput(field="minutes", reason_ko=f"{where}의 크기는 {len(data):,}바이트입니다. "
                                                      f"{MAX_BYTES:,}바이트까지 받습니다",
                                            reason_en=f"{where} is {len(data):,} bytes; "
                                                      f"the limit is {MAX_BYTES:,}")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise BadInput(field="minutes", reason_ko=f"{where}은(는) UTF-8 텍스트가 아닙니다 "
                                                      f"({exc.start}번째 바이트)",
                                            reason_en=f"{where} is not UTF-8 text "
                                                      f"(byte {exc.start})") from exc
        if not text.strip():
            raise BadInput(field="minutes", reason_ko=f"{where}이(가) 비어 있습니다",
                                            reason_en=f"{where} is empty")
        bad = CONTROL.search(text)
        if bad:
            raise BadInput(field="minutes", reason_ko=f"{where}에 제어 문자(U+{ord(bad.group()):04X})가 "
                                                      "있습니다. 텍스트 파일이 맞는지 확인하세요",
                                            reason_en=f"{where} contains control characters "
                                                      f"(U+{ord(bad.group()):04X}); is it a text file?")
        validate.no_identifier(text, "minutes")
        return cls(text=text, sha256=hashlib.sha256(data).hexdigest())


def read_minutes(path: Path) -> Minutes:
    """The minutes in the file at ``path``."""
    try:
        if not path.exists():
            raise NotFound(kind="file", key=str(path))
        data = read_limited(path, MAX_BYTES)  # refused before it is read
    except FileRefused as exc:
        raise BadInput(field="minutes", reason_ko=exc.reason_ko,
                                        reason_en=exc.reason) from exc
    return Minutes.of(data, str(path))
