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

from pathlib import Path
from typing import Any

from mediation.attachments.files import safe_name
from mediation.casework import CaseWork
from mediation.core import validate
from mediation.core.errors import NotFound
from mediation.export.casefile import (
    as_json,
    event_json,
    read_file,
    write_zip,
    zip_in_place,
    zip_target,
)
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
        zip_target(out, "반출 파일은", "the export")
        now = self.now()
        with zip_in_place(out) as tmp, self.db.write() as conn:
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
        return ExportResult(number=",".join(found.cases), path=str(out), files=len(files) + 2,
                            bytes=size, redacted=False, sha256=digest)


def _fields(party: Any) -> dict[str, Any]:
    return {k: getattr(party, k) for k in party.__dataclass_fields__}
