"""``case export``: one ZIP a reader opens without the program — the index PDF (사건 기록
목록), every registered document, the minutes and the attachments, the case's record and its
audit events as JSON, and a manifest with the SHA-256 of every file (``manifest.json``, and
``SHA256SUMS`` for ``sha256sum -c``).

The export is an event of the case (``case_exported``: who, redacted or not, the file's name),
written in the transaction that reads what the file holds, so the file carries its own event;
the ZIP is written beside its destination and renamed into place only after that transaction
commits.

``--redact`` masks private persons' data (``core.redact``) in the index, the record, the
events, the minutes and the text documents; documents in PDF and the attachments cannot be
masked and are withheld (listed with their hashes). The events' hashes are kept, so the file
shows the chain's links, but their content is masked: its hashes cannot be recomputed.
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Connection

from mediation.attachments.files import ContentStore, safe_name
from mediation.casework import CaseWork
from mediation.core.clock import SEOUL
from mediation.core.errors import BadInput, FolderNotWritable
from mediation.core.masking import disclosure_name, is_private
from mediation.core.redact import Redactor
from mediation.privacy.access import AccessLog
from mediation.privacy.records import private_ids
from mediation.render.pdf import PdfRenderer
from mediation.storage import attachments as attachment_store
from mediation.storage import cases as repo
from mediation.storage import documents as document_store
from mediation.storage import meetings as meeting_store
from mediation.views.attachments import AttachmentView, attachment_view
from mediation.views.build import case_view, party_view, titled_events
from mediation.views.casefile import CaseFileIndex, ExportResult, IndexedDocument, IndexedMinutes
from mediation.views.cases import EventView, PartyView
from mediation.workflow.dockinds import KINDS
from mediation.workflow.engine import Actor

FORMAT = "mediation-case-file/1"
TEXT_FORMATS = frozenset({"txt", "html"})
STATUS_NOTES = {"replaced": "정정되어 대체됨", "void": "무효 처리됨"}
"""How the index marks a document that is no longer current (it stays in the file)."""


class CaseExport(CaseWork):
    def __init__(self, *args: Any, files: ContentStore, pdf: PdfRenderer, access: AccessLog,
                 public: tuple[str, ...] = (), **kwargs: Any) -> None:
        """``public``: contacts a redacted file keeps (the office's address, telephone, fax
        and e-mail)."""
        super().__init__(*args, **kwargs)
        self.access = access
        self.files = files
        self.pdf = pdf
        self.public = public

    def export(self, actor: Actor, number: str, out: Path, *, redact: bool = False,
               event_titles: Mapping[str, str] | None = None,
               reason: str | None = None) -> ExportResult:
        """``reason``: why the file is taken out, required for a file that is not redacted
        of a case holding private persons' data (the access record keeps it)."""
        zip_target(out, "사건 파일은", "the case file")
        self.pdf.check()
        with self.db.read() as conn:
            case = self.load_readable(conn, actor, number)
            private = private_ids(repo.every_party_of(conn, case.id))
        if private and not redact and not reason:
            raise BadInput(field="reason",
                           reason_ko="개인 당사자의 정보가 있는 사건입니다. 반출 사유(--reason)를 "
                                     "주거나 --redact로 가림 처리본을 만드세요",
                           reason_en="the case holds private persons' data: say why it is "
                                     "taken out (--reason), or --redact")
        now = self.now()
        with zip_in_place(out) as tmp, self.db.write() as conn:
            case = self.load_readable(conn, actor, number)
            self.append(conn, case, actor.recorded, "case_exported", now,
                        details={"file": out.name, "redacted": redact})
            files = self._gather(conn, number, now, actor, redact, event_titles or {})
            if not redact:  # a redacted file holds no private person's data whole
                self.access.record(conn, actor, "download",
                                   private_ids(repo.every_party_of(conn, case.id)), case,
                                   "case export", now, reason)
            digest, size = write_zip(tmp, files, now)
        return ExportResult(number=number, path=str(out), files=len(files) + 2, bytes=size,
                            redacted=redact, sha256=digest)

    def _gather(self, conn: Connection, number: str, now: datetime, actor: Actor,
                redact: bool, event_titles: Mapping[str, str]) -> dict[str, bytes]:
        """Every file of the ZIP but the manifest, by its path in the ZIP."""
        case = self.load_case(conn, number)
        wf = self.workflows.get(case.workflow)
        party_rows = repo.parties_of(conn, case.id)
        redactor = None
        if redact:
            officials = [u.email for u in repo.all_users(conn)]
            redactor = _redactor(party_rows, (*self.public, *officials))
        events = titled_events(repo.events_of(conn, case.id), wf)
        files: dict[str, bytes] = {}
        documents = self._documents(conn, case.id, number, redactor, files)
        minutes = _minutes(conn, case.id, redactor, files)
        atts = tuple(attachment_view(r, number)
                     for r in attachment_store.attachments_of(conn, case.id))
        att_paths = {} if redact else self._attachments(atts, files)
        parties = tuple(_party(party_view(p), redactor) for p in party_rows)
        shown_events = tuple(_event(e, redactor) for e in events)
        index = CaseFileIndex(
            case=case_view(case, wf, now) if wf else case_view(case, self.workflow(
                case.workflow), now),
            parties=parties, events=shown_events,
            event_titles=tuple(_event_title(e, event_titles) for e in shown_events),
            documents=documents, minutes=minutes,
            attachments=atts if not redact else tuple(_attachment(a, redactor) for a in atts),
            attachments_withheld=redact, exported_at=now, exported_by=actor.recorded,
            redacted=redact)
        if redactor is not None:
            index = replace(index, case=replace(index.case, summary=redactor.text(
                index.case.summary), location=index.case.location and redactor.text(
                index.case.location)))
        from mediation.render.casefile import index_html

        files["index.pdf"] = self.pdf.render(index_html(index, att_paths)).data
        files["case.json"] = as_json({"format": FORMAT, "number": number, "case": index.case,
                                    "parties": parties, "documents": documents,
                                    "minutes": minutes, "attachments": index.attachments,
                                    "redacted": redact})
        files["audit/events.json"] = as_json({
            "number": number, "audit_head": events[-1].hash if events else None,
            "events": [event_json(e) for e in shown_events]})
        return files

    def _documents(self, conn: Connection, case_id: int, number: str,
                   redactor: Redactor | None,
                   files: dict[str, bytes]) -> tuple[IndexedDocument, ...]:
        out = []
        for row in document_store.of_case(conn, case_id):
            if row.status == "reserved" or (row.status == "void" and not row.output_path):
                continue  # a number never written (a reservation, or one voided unwritten)
            name = f"documents/{safe_name(row.number)}.{row.format}"
            path: str | None = name
            note = ""
            data = read_file(row.output_path)
            if row.destroyed_at is not None:
                path, note = None, "개인정보 파기로 파일 삭제"
            elif data is None:
                path, note = None, "파일 없음"
            elif redactor is not None and row.format not in TEXT_FORMATS:
                path, note = None, "가림 처리할 수 없는 PDF라 싣지 않음"
            elif redactor is not None:
                files[name] = redactor.text(data.decode("utf-8")).encode("utf-8")
                note = "가림 처리본"
            else:
                files[name] = data
            recipient = row.recipient if redactor is None else redactor.text(row.recipient)
            kind = KINDS[row.kind].title.ko if row.kind in KINDS else row.kind
            note = "; ".join(x for x in (STATUS_NOTES.get(row.status, ""), note) if x)
            out.append(IndexedDocument(number=row.number, kind=kind, recipient=recipient,
                                       format=row.format, generated_at=row.generated_at,
                                       sha256=row.output_sha256, path=path, note=note))
        return tuple(out)

    def _attachments(self, atts: tuple[AttachmentView, ...],
                     files: dict[str, bytes]) -> dict[int, str]:
        paths = {}
        for a in atts:
            data = read_file(str(self.files.path_of(a.sha256)))
            if data is not None:
                paths[a.id] = f"attachments/{a.id}-{a.filename}"
                files[paths[a.id]] = data
        return paths


def _redactor(parties: Any, public: tuple[str, ...]) -> Redactor:
    private = [p for p in parties if is_private(p.role)]
    return Redactor.of((p.name for p in private), (p.address for p in private if p.address),
                       public)


def _party(p: PartyView, redactor: Redactor | None) -> PartyView:
    if redactor is None:
        return p
    private = is_private(p.role)
    return replace(p, name=disclosure_name(p.name) if private else p.name,
                   email=None, phone=None, address=None if private else p.address)


def _event(e: EventView, redactor: Redactor | None) -> EventView:
    if redactor is None:
        return e
    details = redactor.any(e.details)
    return replace(e, note=e.note and redactor.text(e.note),
                   details=details if isinstance(details, dict) else {})


def _attachment(a: AttachmentView, redactor: Redactor | None) -> AttachmentView:
    if redactor is None:
        return a
    return replace(a, title=redactor.text(a.title), filename=redactor.text(a.filename))


def _event_title(e: EventView, titles: Mapping[str, str]) -> str:
    if e.trigger_title is not None:
        to = f" → {e.to_title.ko}" if e.to_title else ""
        return f"{e.trigger_title.ko}{to}"
    return titles.get(e.kind, e.kind)


def event_json(e: EventView) -> dict[str, Any]:
    """An event as its hash covers it (``core.audit.event_hash``)."""
    return {"seq": e.seq, "at": e.at.isoformat(timespec="microseconds"), "actor": e.actor,
            "kind": e.kind, "from_state": e.from_state, "to_state": e.to_state,
            "trigger": e.trigger, "note": e.note, "details": e.details, "hash": e.hash}


def _minutes(conn: Connection, case_id: int, redactor: Redactor | None,
             files: dict[str, bytes]) -> tuple[IndexedMinutes, ...]:
    out = []
    for m in meeting_store.meetings_of(conn, case_id):
        if not m.minutes:
            continue
        path = f"minutes/meeting-{m.id}.txt"
        text = m.minutes if redactor is None else redactor.text(m.minutes)
        files[path] = text.encode("utf-8")
        out.append(IndexedMinutes(meeting_id=m.id, starts_at=m.starts_at, place=m.place,
                                  sha256=m.minutes_sha256 if redactor is None else None,
                                  path=path))
    return tuple(out)


def read_file(path: str | None) -> bytes | None:
    if not path:
        return None
    try:
        return Path(path).read_bytes()
    except OSError:
        return None


def as_json(value: Any) -> bytes:
    from mediation.views.jsonable import to_jsonable

    return json.dumps(to_jsonable(value), ensure_ascii=False, indent=2).encode("utf-8")


def zip_target(out: Path, what_ko: str, what_en: str) -> None:
    """Refuse an export's destination that exists or is not named FILE.zip (``what_ko``
    names the file with its topic particle: "사건 파일은")."""
    if out.exists():
        raise BadInput(field="out", reason_ko=f"{out} 파일이 이미 있습니다. 새 파일 이름을 주세요",
                       reason_en=f"{out} exists; give a new file name")
    if out.suffix.lower() != ".zip":
        raise BadInput(field="out", reason_ko=f"{what_ko} ZIP입니다. 파일.zip 이름을 주세요",
                       reason_en=f"{what_en} is a ZIP: name it FILE.zip")


@contextmanager
def zip_in_place(out: Path) -> Iterator[Path]:
    """A temporary path beside ``out`` to write the ZIP to; renamed to ``out`` when the block
    ends without an error (after the transaction inside it committed), removed otherwise. A
    folder that cannot be written is a one-line error."""
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        yield tmp
        os.replace(tmp, out)
    except OSError as exc:
        raise FolderNotWritable(folder=str(out.parent),
                                reason=exc.strerror or type(exc).__name__) from exc
    finally:
        with suppress(OSError):
            tmp.unlink(missing_ok=True)


def write_zip(path: Path, files: Mapping[str, bytes], now: datetime,
               header: Mapping[str, Any] | None = None) -> tuple[str, int]:
    """Write ``files`` and their manifest into the ZIP at ``path``, each dated ``now`` (Seoul
    time: a ZIP has no time zone); its SHA-256 and size. ``header``: the manifest's fields
    before its list of files (the case file's format by default)."""
    listed = [{"path": name, "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
              for name, data in sorted(files.items())]
    manifest = as_json({**(header or {"format": FORMAT}), "files": listed})
    sums = "".join(f"{f['sha256']}  {f['path']}\n" for f in listed).encode("utf-8")
    stamp = now.astimezone(SEOUL).timetuple()[:6]
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, data in [*sorted(files.items()), ("manifest.json", manifest),
                           ("SHA256SUMS", sums)]:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.external_attr = 0o644 << 16
            z.writestr(info, data,
                       compress_type=zipfile.ZIP_DEFLATED)
    with path.open("rb") as fh:
        digest = hashlib.file_digest(fh, "sha256").hexdigest()
    return digest, path.stat().st_size
