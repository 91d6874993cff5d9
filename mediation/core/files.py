"""Reading a file the program was pointed at (a workflow, the office file, minutes, a
template, a document to attach): only a regular file, only up to a limit. A device
(``/dev/zero``), a FIFO or a folder is refused before anything is read, so a wrong path can
neither hang the program nor fill its memory. The one place outside the use cases that
touches the file system for reading; it takes the path and the limit, nothing else."""

from __future__ import annotations

import os
import stat
from pathlib import Path


class FileRefused(Exception):
    """Why a file was not read, in English (``reason``) and Korean (``reason_ko``); callers
    turn it into their own error, naming the field."""

    def __init__(self, reason: str, reason_ko: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.reason_ko = reason_ko


def read_limited(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at ``path``, refused if it holds more than ``limit``."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise FileRefused(f"{path} cannot be read ({exc.strerror or exc})",
                          f"{path}을(를) 읽을 수 없습니다 ({exc.strerror or exc})") from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileRefused(f"{path} is not a regular file", f"{path}은(는) 일반 파일이 아닙니다")
        if info.st_size > limit:
            raise FileRefused(f"{path} is {info.st_size:,} bytes; the limit is {limit:,}",
                              f"{path}의 크기는 {info.st_size:,}바이트입니다. {limit:,}바이트까지 "
                              "받습니다")
        data = _read_at_most(fd, limit + 1)
    except OSError as exc:
        raise FileRefused(f"{path} cannot be read ({exc.strerror or exc})",
                          f"{path}을(를) 읽을 수 없습니다 ({exc.strerror or exc})") from exc
    finally:
        os.close(fd)
    if len(data) > limit:  # it grew after the check
        raise FileRefused(f"{path} is larger than the limit of {limit:,} bytes",
                          f"{path}이(가) 한도 {limit:,}바이트보다 큽니다")
    return data


def _read_at_most(fd: int, size: int) -> bytes:
    chunks, left = [], size
    while left > 0:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)
