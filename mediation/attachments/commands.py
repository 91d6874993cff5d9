"""Attaching files to a case, listing them, handing one out and checking the stored files
against their recorded SHA-256. Each addition is an event of the case (``attachment_added``)
in the same transaction as its register row; a file written for a transaction that does not
commit is removed (unless the same content was stored before)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from mediation.attachments.files import ContentStore, safe_name
from mediation.casework import CaseWork
from mediation.core import validate, vocabulary
from mediation.core.errors import BadInput, NotFound, Refused
from mediation.privacy.access import AccessLog
from mediation.privacy.records import private_ids
from mediation.storage import access as access_store
from mediation.storage import attachments as store
from mediation.storage import cases as repo
from mediation.views.attachments import AttachmentCheck, AttachmentView, attachment_view
from mediation.workflow.engine import Actor

DEFAULT_MAX_MB = 50.0


PROBLEMS_KO = {"missing": "없습니다", "changed": "바뀌었습니다 (SHA-256 불일치)"}


class AttachmentCommands(CaseWork):
    def __init__(self, *args: Any, files: ContentStore, access: AccessLog,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.access = access
        self.files = files

    def add(self, actor: Actor, number: str, path: Path, *, title: str | None = None,
            kind: str = "other", party_id: int | None = None) -> AttachmentView:
        name = safe_name(path.name)
        clean_kind = vocabulary.check(vocabulary.ATTACHMENT_KINDS, kind, "kind")
        clean_title = validate.text(title if title is not None else name, "title", max_len=300)
        with self.db.read() as conn:
            case = self.load_case(conn, number)
        self.authorize(actor, case, "파일을 첨부할", "attach files")
        if not path.is_file():
            raise BadInput(field="file", reason_ko=f"{path}: 파일이 없거나 일반 파일이 아닙니다",
                           reason_en=f"{path}: no such file, or not a regular file")
        try:
            with path.open("rb") as source:
                stored, wrote = self.files.put(source, name)
        except OSError as exc:
            raise BadInput(field="file", reason_ko=f"{path}을(를) 읽을 수 없습니다 ({exc.strerror})",
                                         reason_en=f"{path} cannot be read ({exc.strerror})") from exc
        now = self.now()
        try:
            with self.db.write() as conn:
                case = self.load_case(conn, number)
                if party_id is not None and repo.party(conn, case.id, party_id) is None:
                    raise NotFound(kind="party", key=f"{number}/{party_id}")
                values = {"title": clean_title, "kind": clean_kind, "filename": name,
                          "sha256": stored.sha256, "size": stored.size,
                          "media_type": stored.media_type, "party_id": party_id}
                attachment_id = store.insert_attachment(conn, {
                    **values, "case_id": case.id, "added_by": actor.recorded, "added_at": now})
                self.append(conn, case, actor.recorded, "attachment_added", now,
                            details={"attachment_id": attachment_id, **values})
                row = store.attachment(conn, attachment_id)
        except BaseException:
            if wrote:
                self.files.path_of(stored.sha256).unlink(missing_ok=True)
            raise
        assert row is not None
        return attachment_view(row, number)

    def list(self, actor: Actor, number: str) -> tuple[AttachmentView, ...]:
        """The case's attachments; a read of the private persons they concern is an access
        record."""
        with self.db.read() as conn:
            case = self.load_readable(conn, actor, number)
            views = tuple(attachment_view(r, number) for r in store.attachments_of(conn, case.id))
            concerned = private_ids(access_store.party_roles(
                conn, case.id, [v.party_id for v in views if v.party_id is not None]))
        self.access.read(actor, concerned, case, "attach list")
        return views

    def get(self, actor: Actor, attachment_id: int, out: Path,
            reason: str | None = None) -> AttachmentView:
        """Copy the attachment's file to ``out`` (never over an existing file), after
        checking it is the file recorded. The download is an access record, with
        ``reason``, of the private person it concerns (of every private party of the case if
        it names none: a complaint or a scan may hold anyone's data)."""
        view = self._readable(actor, attachment_id)
        if view.destroyed_at is not None:
            raise Refused(reason_ko=f"첨부 #{attachment_id}의 파일은 개인정보 파기로 삭제되었습니다 "
                                    "(`mediation privacy destructions`).",
                          reason_en=f"The file of attachment #{attachment_id} was deleted with "
                                    "the case's personal data (`mediation privacy destructions`).")
        check = self._check(view)
        if not check.ok:
            raise BadInput(field="attachment",
                           reason_ko=f"첨부 파일 {attachment_id}의 저장된 파일이 "
                                     f"{PROBLEMS_KO.get(check.problem or '', check.problem)}. "
                                     "`mediation attach verify`로 확인하세요",
                           reason_en=f"the stored file of attachment {attachment_id} is "
                                     f"{check.problem}")
        if out.exists():
            raise BadInput(field="out", reason_ko=f"{out} 파일이 이미 있습니다. 새 파일 이름을 주세요",
                           reason_en=f"{out} exists; give a new file name")
        try:
            with self.files.path_of(view.sha256).open("rb") as src, out.open("xb") as dst:
                shutil.copyfileobj(src, dst)
        except OSError as exc:
            raise BadInput(field="out", reason_ko=f"{out}에 쓸 수 없습니다 ({exc.strerror})",
                                        reason_en=f"{out} cannot be written ({exc.strerror})") from exc
        with self.db.read() as conn:
            case = self.load_case(conn, view.case)
            subjects = private_ids(access_store.party_roles(
                conn, case.id, None if view.party_id is None else [view.party_id]))
        self.access.read(actor, subjects, case, "attach get", action="download", reason=reason)
        return view

    def verify(self, actor: Actor, number: str | None = None) -> tuple[AttachmentCheck, ...]:
        """Each attachment's file (of the case, or of the whole database for reviewers)
        against its recorded SHA-256."""
        if number is None:
            self.require_reviewer(actor, "모든 첨부 파일 검증", "Verifying every attachment",
                                  hint=("담당 사건은 `mediation attach verify 사건번호`로 "
                                        "검증하세요.",
                                        "verify a case of yours with `mediation attach verify "
                                        "NUMBER`."))
            with self.db.read() as conn:
                views = [attachment_view(r, r.number) for r in store.all_attachments(conn)]
        else:
            views = list(self.list(actor, number))
        return tuple(self._check(v) for v in views)

    def stored_path(self, view: AttachmentView) -> Path:
        return self.files.path_of(view.sha256)

    def _readable(self, actor: Actor, attachment_id: int) -> AttachmentView:
        with self.db.read() as conn:
            row = store.attachment(conn, attachment_id)
        if row is None:
            raise NotFound(kind="attachment", key=attachment_id)
        self.authorize_read(actor, row)
        return attachment_view(row, row.number)

    def _check(self, view: AttachmentView) -> AttachmentCheck:
        path = self.files.path_of(view.sha256)
        problem = None
        if view.destroyed_at is not None:  # deleted with the case's personal data, on record
            return AttachmentCheck(id=view.id, case=view.case, filename=view.filename, ok=True,
                                   problem="destroyed")
        if not path.is_file():
            problem = "missing"
        elif self.files.digest(path) != view.sha256:
            problem = "changed"
        return AttachmentCheck(id=view.id, case=view.case, filename=view.filename,
                               ok=problem is None, problem=problem)
