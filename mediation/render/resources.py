"""What WeasyPrint may fetch while it writes a letter: the program's own files and nothing else.

A template is staff-edited input, and every URL in its HTML or CSS (``<img src>``,
``<link rel=attachment href>``, ``url()``, ``@import``, ``@font-face``) reaches WeasyPrint's
URL fetcher. ``ResourceFetcher`` allows exactly two kinds:

- files inside the template folders (the shipped ``templates/`` and the office's override
  folder) — a seal image, a style sheet — however the ``file`` URL is spelled (``file:``,
  ``FILE:``, ``file:/``, ``file:///``, ``file://localhost/``, percent-encoded), after
  symbolic links and ``..`` are resolved; the file must be a regular file of at most
  ``MAX_RESOURCE_BYTES``;
- ``data:`` URLs, whose content is written in the template itself and so brings nothing
  from the machine.

Everything else — other files, relative URLs (letters are rendered without a base URL),
``http``, ``https``, ``ftp`` and every other scheme — is refused. A refusal stops the
rendering: the letter is not written, and ``ResourceRefused`` names the URL (exit 2).
Fonts come from fontconfig, not from URLs.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from mediation.core.errors import MediationError
from mediation.core.files import FileRefused, read_limited

MAX_RESOURCE_BYTES = 10_000_000
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


class ResourceRefused(MediationError):
    """A letter's HTML or CSS asked for something other than the program's own files."""

    exit_code = 2
    ko = ("템플릿 오류: {where}: 문서에 넣을 수 없는 자원입니다: {url} "
          "(템플릿 폴더 안의 파일과 data: URL만 쓸 수 있습니다)")
    en = ("Template error: {where}: a letter may not fetch {url} "
          "(only files inside the template folders and data: URLs)")


def allowed_file(url: str, folders: list[Path]) -> Path | None:
    """The file a ``file`` URL names, if it lies inside one of ``folders``; else ``None``."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc.lower() not in ("", "localhost"):
        return None
    raw = unquote(parts.path)
    if not raw.startswith("/") or "\0" in raw:
        return None
    try:
        path = Path(raw).resolve(strict=True)
    except (OSError, RuntimeError, ValueError):
        return None
    if any(path.is_relative_to(folder) for folder in folders):
        return path
    return None


def shown(url: str) -> str:
    """A URL as an error message shows it: one line, at most 120 characters."""
    flat = "".join(ch if ch.isprintable() else "?" for ch in url)
    return flat if len(flat) <= 120 else flat[:117] + "..."


def resource_fetcher(folders: list[Path]) -> Any:
    """A WeasyPrint URL fetcher that allows only ``folders`` and ``data:`` URLs. A refusal
    raises a ``FatalURLFetchingError``, which stops WeasyPrint, and is also remembered in
    ``refused``: WeasyPrint swallows every error while it draws an SVG image, so the caller
    checks ``refused`` after rendering (``check_refused``)."""
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    allowed = [folder.resolve() for folder in folders]

    class Refusal(FatalURLFetchingError):  # type: ignore[misc]
        """Stops WeasyPrint's rendering (it catches every ``Exception`` of a fetch)."""

    class ResourceFetcher(URLFetcher):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__(allowed_protocols=("data",), timeout=5)
            self.refused: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            scheme = SCHEME.match(url)
            kind = scheme.group(1).lower() if scheme else ""
            if kind == "data":
                return super().fetch(url, headers)
            path = allowed_file(url, allowed) if kind == "file" else None
            if path is None:
                self.refused.append(url)
                raise Refusal(url)
            try:
                body = read_limited(path, MAX_RESOURCE_BYTES)
            except FileRefused as exc:
                self.refused.append(url)
                raise Refusal(url) from exc
            return URLFetcherResponse(path.as_uri(), body)

    return ResourceFetcher()


def check_refused(fetcher: Any, where: str = "PDF") -> None:
    """Raise ``ResourceRefused`` if ``fetcher`` refused anything."""
    if fetcher.refused:
        raise ResourceRefused(where=where, url=shown(fetcher.refused[0]))
