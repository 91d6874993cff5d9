"""Render jobs → files on disk: one document (and, for a meeting notice, its calendar file)
per job, written atomically as it is rendered and hashed with SHA-256.

``produce_all`` renders in this process or in a pool of worker processes; either way it
yields small ``Produced`` records in job order and never holds the documents themselves, so
memory does not grow with the number of letters. Workers build their own ``LetterFactory``
from a picklable ``FactorySpec``.
"""

from __future__ import annotations

import errno
import gc
import hashlib
import multiprocessing
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mediation.core.errors import FolderNotWritable, MediationError
from mediation.core.faults import NO_FAULTS, Faults
from mediation.render.context import LetterCtx
from mediation.render.pdf import FakePdfRenderer, PdfRenderer, WeasyPrintRenderer
from mediation.render.resources import ResourceRefused
from mediation.render.templates import DEFAULT_LIMITS, Limits, TemplateProblem, Templates
from mediation.workflow.dockinds import KINDS


@dataclass(frozen=True, slots=True, kw_only=True)
class RenderJob:
    kind: str
    lang: str
    fmt: str
    ctx: LetterCtx
    path: Path


@dataclass(frozen=True, slots=True, kw_only=True)
class OutputFile:
    path: str
    sha256: str
    bytes: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Produced:
    number: str
    main: OutputFile
    pages: int | None
    template: str
    template_sha256: str
    companions: tuple[OutputFile, ...] = ()


def sha256_file(path: Path) -> str | None:
    """The SHA-256 of a file, or ``None`` if it cannot be read."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 16), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def write_atomic(path: Path, data: bytes) -> OutputFile:
    """Write ``data`` to a temporary name beside ``path`` and rename it into place; the
    temporary file is removed if anything fails. A folder that cannot be written (not a
    folder, full, read-only, not ours) is ``FolderNotWritable`` (exit 2)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError as exc:
        raise folder_error(path.parent, exc) from exc
    finally:
        with suppress(OSError):
            tmp.unlink(missing_ok=True)
    return OutputFile(path=str(path), sha256=hashlib.sha256(data).hexdigest(), bytes=len(data))


def folder_error(folder: Path, exc: OSError) -> FolderNotWritable:
    return FolderNotWritable(folder=str(folder), reason=exc.strerror or type(exc).__name__)


def check_folder(folder: Path, faults: Faults = NO_FAULTS) -> None:
    """Fail before any number is handed out unless a file can be written in ``folder``
    (created if missing): a one-byte probe, written and removed (the ``write_file`` fault
    point stands for the operating system's refusal)."""
    try:
        faults.hit("write_file")
        if folder.exists() and not folder.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR))
    except OSError as exc:
        raise folder_error(folder, exc) from exc
    probe = write_atomic(folder / f".probe-{os.getpid()}", b"\n")
    Path(probe.path).unlink(missing_ok=True)


class LetterFactory:
    """Templates plus a PDF renderer: turns one job into its files."""

    def __init__(self, templates: Templates, pdf: PdfRenderer) -> None:
        self.templates = templates
        self.pdf = pdf

    def check(self, fmt: str) -> None:
        """Fail before any number is handed out if ``fmt`` cannot be written here."""
        if fmt == "pdf":
            self.pdf.check()

    def render_bytes(self, job: RenderJob) -> tuple[bytes, int | None, str, str]:
        kind = KINDS[job.kind]
        source_fmt = "txt" if job.fmt == "txt" else "html"
        rendered = self.templates.render(kind, job.lang, source_fmt, job.ctx)
        if job.fmt == "pdf":
            try:
                pdf = self.pdf.render(rendered.text)
            except ResourceRefused as exc:
                raise ResourceRefused(where=rendered.template, url=exc.fields["url"]) from exc
            return pdf.data, pdf.pages, rendered.template, rendered.template_sha256
        return rendered.text.encode("utf-8"), None, rendered.template, rendered.template_sha256

    def produce(self, job: RenderJob) -> Produced:
        """Render ``job`` and write its files; if one cannot be written, none is left."""
        data, pages, template, template_sha = self.render_bytes(job)
        calendar = self.templates.render_calendar(KINDS[job.kind], job.lang, job.ctx)
        companions: tuple[OutputFile, ...] = ()
        try:
            if calendar is not None:
                companions = (write_atomic(job.path.with_suffix(".ics"),
                                           calendar.text.encode("utf-8")),)
            main = write_atomic(job.path, data)
        except BaseException:
            for written in companions:
                Path(written.path).unlink(missing_ok=True)
            raise
        return Produced(number=job.ctx.doc.number, main=main, pages=pages, template=template,
                        template_sha256=template_sha, companions=companions)


@dataclass(frozen=True, slots=True, kw_only=True)
class FactorySpec:
    """What a worker process needs to build the same factory as its parent."""

    shipped: Path
    override: Path | None = None
    limits: Limits = DEFAULT_LIMITS
    fake_pdf: bool = False

    def build(self) -> LetterFactory:
        templates = Templates(self.shipped, self.override, self.limits)
        pdf: PdfRenderer = (FakePdfRenderer() if self.fake_pdf
                            else WeasyPrintRenderer(templates.folders))
        return LetterFactory(templates, pdf)


@dataclass(frozen=True, slots=True)
class _Failure:
    error: type[MediationError]
    fields: dict[str, Any]
    text: str


_WORKER: dict[str, LetterFactory] = {}


def _init_worker(spec: FactorySpec) -> None:
    _WORKER["factory"] = spec.build()
    gc.freeze()


@contextmanager
def _long_lived_heap() -> Iterator[None]:
    """Keep the objects alive before a bulk run out of the collector's scans while it runs:
    WeasyPrint allocates a lot, and each full collection would walk the whole heap of the
    application (a third of the rendering time of a letter, measured)."""
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _work(job: RenderJob) -> Produced | _Failure:
    try:
        return _WORKER["factory"].produce(job)
    except MediationError as exc:
        return _Failure(type(exc), dict(exc.fields), str(exc))
    except Exception as exc:  # a worker's unexpected error crosses the process boundary as text
        text = repr(exc)[:300]
        return _Failure(TemplateProblem, {"where": job.kind, "reason_ko": f"예상하지 못한 오류 ({text})",
                                          "reason_en": text}, repr(exc))


def _raise(failure: _Failure) -> None:
    try:
        error = failure.error(**failure.fields)
    except TypeError:
        text = failure.text[:300]
        error = TemplateProblem(where="worker", reason_ko=f"예상하지 못한 오류 ({text})",
                                reason_en=text)
    raise error


def produce_all(factory: LetterFactory, spec: FactorySpec, jobs: Iterable[RenderJob],
                workers: int = 1) -> Iterator[Produced]:
    """Produce every job, in order; with ``workers`` > 1, in that many processes."""
    if workers <= 1:
        with _long_lived_heap():
            for job in jobs:
                yield factory.produce(job)
        return
    context = multiprocessing.get_context("spawn")
    with (context.Pool(workers, initializer=_init_worker, initargs=(spec,)) as pool,
          _long_lived_heap()):
        for result in pool.imap(_work, jobs, chunksize=1):
            if isinstance(result, _Failure):
                _raise(result)
            else:
                yield result
