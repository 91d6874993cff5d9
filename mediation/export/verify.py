"""The offline check of an exported case file (``audit verify --file FILE.zip``), with no
database: every file the manifest lists is in the ZIP with its SHA-256 and nothing else is,
and the audit events chain from the first to the head the file records (each event's hash
recomputed; for a redacted file, whose content is masked, only the links between them). The
first broken item is named."""

from __future__ import annotations

import hashlib
import json
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

from mediation.core.audit import GENESIS, EventRecord, canonical, first_break
from mediation.core.destruction import committed
from mediation.core.errors import BadInput
from mediation.views.casefile import FileCheck

OWN = frozenset({"manifest.json", "SHA256SUMS"})


class _Broken(Exception):
    def __init__(self, item: str, ko: str, en: str) -> None:
        super().__init__(en)
        self.item, self.ko, self.en = item, ko, en


def verify_file(path: Path) -> FileCheck:
    try:
        with zipfile.ZipFile(path) as z:
            return _verify(z, str(path))
    except (OSError, zipfile.BadZipFile) as exc:
        raise BadInput(field="file", reason_ko=f"{path}은(는) 읽을 수 있는 ZIP 파일이 아닙니다 ({exc})",
                                     reason_en=f"{path} is not a readable ZIP ({exc})") from exc


def _verify(z: zipfile.ZipFile, shown: str) -> FileCheck:
    number, events, chain = None, 0, False
    try:
        listed = _manifest(z)
        _check_files(z, listed)
        record = _load(z, "audit/events.json")
        case = _load(z, "case.json")
        number = str(record.get("number"))
        events = len(record.get("events", []))
        chain = not case.get("redacted", False)
        _check_chain(record, number, recompute=chain)
    except _Broken as b:
        return FileCheck(path=shown, number=number, ok=False, files=len(z.namelist()),
                         events=events, chain_checked=chain, broken_item=b.item,
                         reason_ko=b.ko, reason_en=b.en)
    return FileCheck(path=shown, number=number, ok=True, files=len(z.namelist()),
                     events=events, chain_checked=chain)


def _load(z: zipfile.ZipFile, name: str) -> dict[str, Any]:
    try:
        value = json.loads(z.read(name))
    except KeyError as exc:
        raise _Broken(name, "파일이 없습니다", "the file is missing") from exc
    except (ValueError, zipfile.BadZipFile) as exc:
        raise _Broken(name, "읽을 수 없는 JSON입니다", "not readable JSON") from exc
    if not isinstance(value, dict):
        raise _Broken(name, "형식이 맞지 않습니다", "not in the expected form")
    return value


def _manifest(z: zipfile.ZipFile) -> dict[str, str]:
    files = _load(z, "manifest.json").get("files")
    if not isinstance(files, list):
        raise _Broken("manifest.json", "파일 목록이 없습니다", "it lists no files")
    return {str(f.get("path")): str(f.get("sha256")) for f in files if isinstance(f, dict)}


def _check_files(z: zipfile.ZipFile, listed: dict[str, str]) -> None:
    present = set(z.namelist()) - OWN
    for name in sorted(listed):
        if name not in present:
            raise _Broken(name, "목록에 있는 파일이 없습니다", "listed in the manifest but missing")
        try:
            digest = hashlib.sha256(z.read(name)).hexdigest()
        except zipfile.BadZipFile as exc:  # the ZIP's own CRC caught a changed byte
            raise _Broken(name, f"파일이 손상되었습니다 ({exc})", f"the file is damaged ({exc})") \
                from exc
        if digest != listed[name]:
            raise _Broken(name, "SHA-256이 목록과 다릅니다(변경됨)",
                          "its SHA-256 differs from the manifest (changed)")
    for name in sorted(present - set(listed)):
        raise _Broken(name, "목록에 없는 파일입니다(추가됨)", "not in the manifest (added)")


def _check_chain(record: dict[str, Any], number: str, *, recompute: bool) -> None:
    rows = record.get("events")
    if not isinstance(rows, list):
        raise _Broken("audit/events.json", "이벤트 목록이 없습니다", "it lists no events")
    try:
        pairs = [(_record(number, r, prev), str(r["hash"]))
                 for r, prev in zip(rows, [GENESIS] + [str(r["hash"]) for r in rows],
                                    strict=False)]
    except (KeyError, TypeError, ValueError) as exc:
        raise _Broken("audit/events.json", f"이벤트 형식이 맞지 않습니다 ({exc})",
                      f"an event is malformed ({exc})") from exc
    found = first_break(pairs, committed=committed(record for record, _ in pairs))
    broken = ((found.seq, found.reason_ko, found.reason_en) if found else None) if recompute \
        else _first_gap(pairs)
    if broken is not None:
        seq, ko, en = broken
        raise _Broken(f"audit/events.json #{seq}", ko, en)
    head = pairs[-1][1] if pairs else None
    if head != record.get("audit_head"):
        raise _Broken("audit/events.json", "마지막 해시가 기록된 head와 다릅니다(이벤트 삭제 의심)",
                      "the last hash is not the recorded head (event removed?)")


def _record(number: str, r: dict[str, Any], prev: str) -> EventRecord:
    """An event of the file as its hash covers it, linked to ``prev`` (the previous event's
    hash in the file): an event changed, removed or put out of order breaks the hash of the
    first event whose content or link changed."""
    return EventRecord(number=number, seq=int(r["seq"]), at=datetime.fromisoformat(r["at"]),
                       actor=str(r["actor"]), kind=str(r["kind"]), from_state=r["from_state"],
                       to_state=r["to_state"], trigger=r["trigger"], note=r["note"],
                       details=canonical(r["details"]), prev_hash=prev)


def _first_gap(pairs: list[tuple[EventRecord, str]]) -> tuple[int, str, str] | None:
    for i, (record, _) in enumerate(pairs, start=1):
        if record.seq != i:
            return i, f"{i}번 이벤트가 없습니다(삭제 의심)", f"event {i} is missing (deleted?)"
    return None
