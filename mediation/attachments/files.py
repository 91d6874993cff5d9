"""The attachments' file store: each file kept once under ``<documents>/attachments/`` by its
SHA-256 (``ab/abcdef…``, no extension, read-only), copied in chunks with its hash and size
counted on the way and refused beyond the size limit; the type told by the file's first
bytes, never by its name; names reduced to a safe base name.

Nothing here opens, renders or executes a stored file: they are bytes with a hash.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from mediation.core.errors import BadInput, FolderNotWritable, TooLarge

CHUNK = 1 << 20
MAGIC: tuple[tuple[int, bytes, str], ...] = (
    (0, b"%PDF-", "application/pdf"),
    (0, b"\x89PNG\r\n\x1a\n", "image/png"),
    (0, b"\xff\xd8\xff", "image/jpeg"),
    (0, b"GIF87a", "image/gif"),
    (0, b"GIF89a", "image/gif"),
    (0, b"II*\x00", "image/tiff"),
    (0, b"MM\x00*", "image/tiff"),
    (8, b"WEBP", "image/webp"),
    (4, b"ftypheic", "image/heic"),
    (4, b"ftypmif1", "image/heif"),
    (4, b"ftyp", "video/mp4"),
    (0, b"PK\x03\x04", "application/zip"),
    (0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-ole-storage"),  # HWP 5, DOC, XLS
    (0, b"HWP Document File", "application/x-hwp"),
    (0, b"{\\rtf", "application/rtf"),
    (0, b"ID3", "audio/mpeg"),
    (0, b"RIFF", "audio/wav"),
    (0, b"\x1f\x8b", "application/gzip"),
    (0, b"7z\xbc\xaf\x27\x1c", "application/x-7z-compressed"),
    (0, b"MZ", "application/x-msdownload"),
    (0, b"\x7fELF", "application/x-executable"),
)
"""(offset, bytes, type): the first that matches names the type; WEBP before RIFF, the HEIC
brands before any ``ftyp``."""
UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]+")


@dataclass(frozen=True, slots=True, kw_only=True)
class Stored:
    sha256: str
    size: int
    media_type: str


def detect(head: bytes) -> str:
    """The type of a file that starts with ``head`` (its first few kilobytes)."""
    for offset, magic, media_type in MAGIC:
        if head[offset:offset + len(magic)] == magic:
            return media_type
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:  # a character cut at the end of the head is still text
        if exc.start < len(head) - 3:
            return "application/octet-stream"
        text = head[:exc.start].decode("utf-8")
    if any(unicodedata.category(c) == "Cc" and c not in "\t\n\r\f" for c in text):
        return "application/octet-stream"
    return "text/plain"


def safe_name(name: str) -> str:
    """``name`` as a plain file name: no folder, no control or reserved characters, no
    leading dots, at most 200 characters (the extension kept)."""
    base = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1])
    clean = UNSAFE.sub("_", base).strip().lstrip(".").strip()
    if len(clean) > 200:
        stem, dot, ext = clean.rpartition(".")
        clean = (stem[:190] + dot + ext[:9]) if dot and len(ext) < 10 else clean[:200]
    return clean or "attachment"


class ContentStore:
    """The folder of attachments, by SHA-256."""

    def __init__(self, root: Path, max_bytes: int) -> None:
        self.root = root
        self.max_bytes = max_bytes

    def path_of(self, sha256: str) -> Path:
        if not re.fullmatch(r"[0-9a-f]{64}", sha256):
            raise BadInput(field="sha256", reason_ko="16진수로 쓴 SHA-256 값이 아닙니다",
                                           reason_en="not a SHA-256 in hexadecimal")
        return self.root / sha256[:2] / sha256

    def put(self, source: BinaryIO, name: str) -> tuple[Stored, bool]:
        """Copy ``source`` into the store; the file's hash, size and type, and whether this
        call wrote it (``False``: the same content was there already)."""
        self.root.mkdir(parents=True, exist_ok=True)
        tmp = self.root / f".incoming.{os.getpid()}.tmp"
        try:
            stored = self._copy(source, tmp, name)
            final = self.path_of(stored.sha256)
            if final.exists() and self.digest(final) == stored.sha256:
                return stored, False
            final.parent.mkdir(exist_ok=True)
            with suppress(FileNotFoundError):
                final.chmod(0o600)  # a damaged copy is replaced
            os.replace(tmp, final)
            final.chmod(0o440)
            return stored, True
        except OSError as exc:
            raise FolderNotWritable(folder=str(self.root),
                                    reason=exc.strerror or type(exc).__name__) from exc
        finally:
            with suppress(OSError):
                tmp.unlink(missing_ok=True)

    def _copy(self, source: BinaryIO, tmp: Path, name: str) -> Stored:
        digest, size, head = hashlib.sha256(), 0, b""
        with tmp.open("wb") as out:
            while chunk := source.read(CHUNK):
                size += len(chunk)
                if size > self.max_bytes:
                    raise TooLarge(name=name, limit_mb=self.max_bytes / (1 << 20))
                if len(head) < 4096:
                    head += chunk[:4096 - len(head)]
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        if size == 0:
            raise BadInput(field="file", reason_ko=f"{name}: 빈 파일입니다",
                           reason_en=f"{name} is empty")
        return Stored(sha256=digest.hexdigest(), size=size, media_type=detect(head))

    def digest(self, path: Path) -> str:
        """The SHA-256 of the file at ``path`` as it is now."""
        h = hashlib.sha256()
        with path.open("rb") as fh:
            while chunk := fh.read(CHUNK):
                h.update(chunk)
        return h.hexdigest()

