"""``privacy subject --out``: what is held about a data subject, in one ZIP for their request
to see it (열람, 「개인정보 보호법」 제35조) — their party records (``parties.json``), the
documents addressed to or naming them (``documents/``), the audit events naming them
(``events.json``) and a manifest with the SHA-256 of every file (``manifest.json``, and
``SHA256SUMS`` for ``sha256sum -c``), which names the request's reason.

The download is an access record (action download, the reason with it) on each case, written
in the transaction that reads what the file holds; the ZIP is written beside its destination
and renamed into place only after that transaction commits.
"""

from __future__ import annotations

import os
from contextlib import suppress
from pathlib import Path
from typing import Any

from mediation.attachments.files import safe_name
from mediation.casework import CaseWork
from mediation.core import validate
from mediation.core.errors import BadInput, FolderNotWritable, NotFound
from mediation.export.casefile import as_json, event_json, read_file, write_zip
from mediation.privacy.subject import WHAT, SubjectCommands, SubjectQuery, clean_query
from mediation.views.casefile import ExportResult
from mediation.workflow.engine import Actor

FORMAT = "mediation-subject-data/1"


class SubjectExport(CaseWork):
    def __init__(self, *args: Any, subjects: SubjectCommands, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.subjects = subjects

    def export(self, actor: Actor, query: SubjectQuery, out: Path,
               reason: str) -> ExportResult:
        self.require_reviewer(actor, *WHAT)
        why = validate.text(reason, "reason", max_len=2000)
        q = clean_query(query)
        if out.exists():
            raise BadInput(field="out", reason_ko=f"{out} 파일이 이미 있습니다. 새 파일 이름을 주세요",
                           reason_en=f"{out} exists; give a new file name")
        if out.suffix.lower() != ".zip":
            raise BadInput(field="out", reason_ko="반출 파일은 ZIP입니다. 파일.zip 이름을 주세요",
                           reason_en="the export is a ZIP: name it FILE.zip")
        now = self.now()
        tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
        try:
            with self.db.write() as conn:
                found, rows = self.subjects.gather(conn, actor, q)
                if not found.parties:
                    raise NotFound(kind="party", key=q.name)
                files: dict[str, bytes] = {
                    "parties.json": as_json([{"case": p.case, "case_closed": p.case_closed,
                                              **_fields(p.party)} for p in found.parties]),
                    "events.json": as_json([{"case": e.case, **event_json(e.event)}
                                            for e in found.events])}
                listed = []
                for d in found.documents:
                    data = read_file(d.path)
                    name = f"documents/{safe_name(d.number)}.{d.format}" if data else None
                    if name is not None and data is not None:
                        files[name] = data
                    listed.append({"number": d.number, "case": d.case, "kind": d.kind,
                                   "recipient": d.recipient, "status": d.status,
                                   "generated_at": d.generated_at, "sha256": d.sha256,
                                   "file": name})
                files["documents.json"] = as_json(listed)
                self.subjects.record_per_case(conn, actor, "download", rows,
                                              "privacy subject --out", now, why)
                digest, size = write_zip(tmp, files, now, header={
                    "format": FORMAT, "name": q.name, "cases": list(found.cases),
                    "exported_at": now, "exported_by": actor.recorded, "reason": why})
            os.replace(tmp, out)
        except OSError as exc:
            raise FolderNotWritable(folder=str(out.parent),
                                    reason=exc.strerror or type(exc).__name__) from exc
        finally:
            with suppress(OSError):
                tmp.unlink(missing_ok=True)
        return ExportResult(number=",".join(found.cases), path=str(out), files=len(files) + 2,
                            bytes=size, redacted=False, sha256=digest)


def _fields(party: Any) -> dict[str, Any]:
    return {k: getattr(party, k) for k in party.__dataclass_fields__}
