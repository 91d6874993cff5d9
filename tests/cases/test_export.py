"""``case export`` and ``audit verify --file`` through the command line on SQLite and
PostgreSQL: the ZIP holds the index PDF, the documents, the minutes, the attachments, the
events and a manifest; it verifies offline; a changed byte, a changed event or an added file
is caught and named; ``--redact`` masks private persons and keeps agencies; the export is an
event of the case."""

from __future__ import annotations

import hashlib
import json
import subprocess
import zipfile
from datetime import timedelta
from pathlib import Path
from typing import Any

from conftest import START, Cli, as_json, ok, refused

LATER = START + timedelta(hours=3)


def a_case_with_its_file(cli: Cli, tmp_path: Path) -> str:
    """A case with a private applicant (phone, e-mail, address) and an agency, a receipt
    letter as text to each, the minutes of a meeting that names the applicant, and a photo."""
    number = str(as_json(cli("case", "open", "--workflow", "public_conflict", "--title",
                             "구립봉안당건립 갈등", "--mediator", "kim", "--supervisor", "park",
                             "--summary", "홍길동 씨 민원 (010-1234-5678)", "--json"))["number"])
    applicant = ok(cli("party", "add", number, "--name", "홍길동", "--role", "applicant",
                       "--phone", "010-1234-5678", "--email", "hong@example.org",
                       "--address", "서울특별시 은평구 통일로 684")).out.strip()
    ok(cli("party", "add", number, "--name", "은평구청", "--organization", "노인복지과",
           "--role", "agency"))
    ok(cli("letter", "render", number, "receipt", "--all-parties", "--format", "txt",
           user="kim"))
    meeting = ok(cli("meeting", "schedule", number, "--at", "2026-11-24T10:00+09:00",
                     "--place", "은평구청 회의실", "--no-notice", "--force", "--reason", "긴급",
                     user="kim")).out.strip()
    minutes = tmp_path / "회의록.txt"
    minutes.write_text("홍길동: 봉안당 위치 재검토 요청 (hong@example.org)\n", encoding="utf-8")
    ok(cli("meeting", "record", number, meeting, "--attended", applicant, "--minutes",
           str(minutes), user="kim", now=LATER))
    photo = tmp_path / "현장.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    ok(cli("attach", "add", number, str(photo), "--kind", "photo", user="kim", now=LATER))
    return number


def names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        return sorted(z.namelist())


def read(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read(name)


def rewrite(source: Path, target: Path, change: dict[str, bytes]) -> None:
    """A copy of the ZIP ``source`` with the members of ``change`` replaced or added."""
    with zipfile.ZipFile(source) as z, zipfile.ZipFile(target, "w") as out:
        for name in z.namelist():
            out.writestr(name, change.pop(name, z.read(name)))
        for name, data in change.items():
            out.writestr(name, data)


def verify(cli: Cli, path: Path) -> tuple[int, str]:
    result = cli("audit", "verify", "--file", str(path), user=None)
    return result.code, result.out


def test_an_exported_case_file_holds_everything_and_verifies_offline(
        cli: Cli, tmp_path: Path) -> None:
    # Given a case with letters, minutes and an attachment
    number = a_case_with_its_file(cli, tmp_path)
    first = as_json(cli("letter", "list", number, "--json"))[0]["number"]
    ok(cli("letter", "void", first, "--reason", "수신인 착오", user="kim", now=LATER))
    out = tmp_path / "사건기록.zip"
    # When its mediator exports it (one of its letters voided: it stays in the file)
    result = as_json(cli("case", "export", number, "--out", str(out), "--json",
                         "--reason", "기록물 이관", user="kim", now=LATER))
    # Then the ZIP holds the index, the two letters, the minutes, the photo, the record, the
    # events and the manifest
    found = names(out)
    assert [n for n in found if n.startswith("documents/")] and len(
        [n for n in found if n.startswith("documents/")]) == 2
    assert {"index.pdf", "case.json", "audit/events.json", "manifest.json", "SHA256SUMS",
            "minutes/meeting-1.txt", "attachments/1-현장.png"} <= set(found)
    assert result["files"] == len(found)
    assert hashlib.sha256(out.read_bytes()).hexdigest() == result["sha256"]
    # And the manifest lists every other file with its SHA-256, as `sha256sum -c` reads it
    manifest = json.loads(read(out, "manifest.json"))
    assert {f["path"] for f in manifest["files"]} == set(found) - {"manifest.json", "SHA256SUMS"}
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(out) as z:
        z.extractall(unpacked)
    subprocess.run(["sha256sum", "--quiet", "-c", "SHA256SUMS"], cwd=unpacked, check=True)
    # And the index is a PDF in Korean that lists the documents with their hashes
    index = subprocess.run(["pdftotext", str(unpacked / "index.pdf"), "-"], check=True,
                           capture_output=True, text=True).stdout
    assert "사건 기록 목록" in index and "구립봉안당건립 갈등" in index and "홍길동" in index
    letters = as_json(cli("letter", "list", number, "--json"))
    assert all(d["output_sha256"][:16] in index.replace("\n", "") for d in letters)
    assert "무효 처리됨" in index
    # And the export is the last event of the case, in the file too, and the chain verifies
    history = as_json(cli("case", "history", number, "--json"))
    assert history[-1]["kind"] == "case_exported"
    assert history[-1]["details"] == {"file": "사건기록.zip", "redacted": False}
    assert history[-1]["actor"] == "kim"
    events = json.loads(read(out, "audit/events.json"))
    assert [e["hash"] for e in events["events"]] == [e["hash"] for e in history]
    ok(cli("audit", "verify", number))
    # And the file verifies offline, with no database
    code, shown = verify(cli, out)
    assert code == 0 and "감사 기록 정상" in shown, shown
    # But an existing file is never overwritten
    refused(cli("case", "export", number, "--out", str(out), "--reason", "기록물 이관",
                user="kim", now=LATER), code=2)


def test_a_changed_byte_a_changed_event_and_an_added_file_are_caught_and_named(
        cli: Cli, tmp_path: Path) -> None:
    number = a_case_with_its_file(cli, tmp_path)
    out = tmp_path / "case.zip"
    ok(cli("case", "export", number, "--out", str(out), "--reason", "검증 시험", now=LATER))
    # A byte of the minutes changed (the manifest left as it was)
    minutes = read(out, "minutes/meeting-1.txt")
    changed = tmp_path / "changed.zip"
    rewrite(out, changed, {"minutes/meeting-1.txt": minutes.replace("요청".encode(),
                                                                    "거부".encode())})
    code, shown = verify(cli, changed)
    assert code == 4 and "minutes/meeting-1.txt" in shown and "SHA-256" in shown, shown
    # A byte of the ZIP itself flipped inside a stored file's data
    raw = bytearray(out.read_bytes())
    with zipfile.ZipFile(out) as z:
        member = z.getinfo("index.pdf")
    at = member.header_offset + 30 + len(member.filename.encode()) + len(member.extra) + 100
    raw[at] ^= 0xFF
    flipped = tmp_path / "flipped.zip"
    flipped.write_bytes(bytes(raw))
    code, shown = verify(cli, flipped)
    assert code == 4 and "index.pdf" in shown, shown
    # An event's note changed, with the manifest recomputed to match
    events = json.loads(read(out, "audit/events.json"))
    events["events"][2]["actor"] = "lee"
    data = json.dumps(events, ensure_ascii=False).encode()
    manifest = json.loads(read(out, "manifest.json"))
    for f in manifest["files"]:
        if f["path"] == "audit/events.json":
            f["sha256"] = hashlib.sha256(data).hexdigest()
    forged = tmp_path / "forged.zip"
    rewrite(out, forged, {"audit/events.json": data,
                          "manifest.json": json.dumps(manifest).encode()})
    code, shown = verify(cli, forged)
    assert code == 4 and "audit/events.json #3" in shown, shown
    # A file added that the manifest does not list
    added = tmp_path / "added.zip"
    rewrite(out, added, {"documents/extra.txt": b"x"})
    code, shown = verify(cli, added)
    assert code == 4 and "documents/extra.txt" in shown, shown
    # And the JSON names the first broken item
    result = cli("audit", "verify", "--file", str(added), "--json", user=None)
    assert json.loads(result.out)["broken_item"] == "documents/extra.txt"
    # And a file that is not a ZIP is bad input
    refused(cli("audit", "verify", "--file", str(tmp_path / "회의록.txt"), user=None), code=2)


def test_a_redacted_export_masks_private_persons_and_keeps_agencies(
        cli: Cli, tmp_path: Path) -> None:
    number = a_case_with_its_file(cli, tmp_path)
    out = tmp_path / "공개용.zip"
    ok(cli("case", "export", number, "--out", str(out), "--redact", user="kim", now=LATER))
    found = names(out)
    # Then no attachment is carried (a photo cannot be masked); text letters are, masked
    assert not [n for n in found if n.startswith("attachments/")]
    every: dict[str, Any] = {n: read(out, n) for n in found}
    with zipfile.ZipFile(out) as z:
        z.extract("index.pdf", tmp_path)
    index = subprocess.run(["pdftotext", str(tmp_path / "index.pdf"), "-"], check=True,
                           capture_output=True, text=True).stdout
    texts = [index] + [data.decode("utf-8") for n, data in every.items() if n != "index.pdf"]
    for text in texts:
        assert "홍길동" not in text and "010-1234-5678" not in text
        assert "hong@example.org" not in text and "통일로 684" not in text
    assert "홍○○" in index and "은평구청" in index
    # But the office's contacts and the officer's e-mail, in office, stay in the letters
    letters = [data.decode() for n, data in every.items() if n.startswith("documents/")]
    assert len(letters) == 2
    assert all("02-000-0000" in t and "kim@example.org" in t and "홍○○" in "".join(letters)
               for t in letters)
    case = json.loads(every["case.json"])
    assert [p["name"] for p in case["parties"]] == ["홍○○", "은평구청"]
    assert "홍○○" in every["minutes/meeting-1.txt"].decode()
    # And the export is recorded as redacted; the file verifies (order and head only)
    assert as_json(cli("case", "history", number, "--json"))[-1]["details"]["redacted"] is True
    code, shown = verify(cli, out)
    assert code == 0 and "가림 처리본" in shown, shown


def test_only_a_reader_of_the_case_exports_it(cli: Cli, tmp_path: Path) -> None:
    number = str(as_json(cli("case", "open", "--workflow", "public_conflict", "--title",
                             "가상 갈등", "--mediator", "kim", "--supervisor", "park",
                             "--json"))["number"])
    before = ok(cli("case", "history", number, "--json")).out
    refused(cli("case", "export", number, "--out", str(tmp_path / "x.zip"), user="lee"))
    refused(cli("case", "export", number, "--out", str(tmp_path / "x.txt")), code=2)
    assert not list(tmp_path.glob("*.zip")) and not list(tmp_path.glob(".*.tmp"))
    assert ok(cli("case", "history", number, "--json")).out == before
