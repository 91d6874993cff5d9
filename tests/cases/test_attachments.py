"""``attach add | list | get | verify`` through the command line on SQLite and PostgreSQL:
files kept once by SHA-256 under the documents folder with their type told by their bytes,
names without folders, the size limit, the audit event, read permissions, and a stored file
that was changed or lost."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from conftest import Cli, as_json, ok, refused

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n%%EOF\n"


def open_case(cli: Cli) -> str:
    return str(as_json(cli("case", "open", "--workflow", "public_conflict", "--title",
                           "가상 시설 갈등", "--mediator", "kim", "--supervisor", "park",
                           "--json"))["number"])


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def test_an_attached_file_is_kept_by_its_hash_with_its_type_and_an_audit_event(
        cli: Cli, tmp_path: Path) -> None:
    # Given a case with a party, and a photo whose name says .pdf
    number = open_case(cli)
    party = ok(cli("party", "add", number, "--name", "홍길동", "--role", "applicant")).out.strip()
    photo = write(tmp_path, "민원서.pdf", PNG)
    # When the mediator attaches it as a complaint from the party
    added: dict[str, Any] = as_json(cli("attach", "add", number, str(photo), "--kind",
                                        "complaint", "--party", party, "--json", user="kim"))
    # Then its hash, size and the type of its bytes (not its name) are recorded
    assert added["sha256"] == hashlib.sha256(PNG).hexdigest()
    assert (added["size"], added["media_type"], added["filename"]) == (
        len(PNG), "image/png", "민원서.pdf")
    # And the file is stored under the documents folder by its hash, read-only
    stored = tmp_path / "documents" / "attachments" / added["sha256"][:2] / added["sha256"]
    assert stored.read_bytes() == PNG
    assert stored.stat().st_mode & 0o222 == 0
    # And the addition is an event of the case's trail, which still verifies
    history = as_json(cli("case", "history", number, "--json"))
    assert history[-1]["kind"] == "attachment_added"
    assert history[-1]["details"]["sha256"] == added["sha256"]
    ok(cli("audit", "verify", number))
    # And the list shows it in Korean, with its kind's title
    listed = ok(cli("attach", "list", number, user="kim")).out
    assert "민원서" in listed and "image/png" in listed and added["sha256"] in listed
    # And `attach get` hands the same bytes out
    out = tmp_path / "copy.bin"
    ok(cli("attach", "get", str(added["id"]), "--out", str(out), user="kim"))
    assert out.read_bytes() == PNG
    # But never over an existing file
    refused(cli("attach", "get", str(added["id"]), "--out", str(out), user="kim"), code=2)


def test_the_same_content_is_stored_once_and_types_come_from_the_bytes(
        cli: Cli, tmp_path: Path) -> None:
    number = open_case(cli)
    first = as_json(cli("attach", "add", number, str(write(tmp_path, "a.pdf", PDF)), "--json"))
    second = as_json(cli("attach", "add", number, str(write(tmp_path, "b.txt", PDF)), "--json"))
    text = as_json(cli("attach", "add", number,
                       str(write(tmp_path, "메모.exe", "주민 의견 정리\n".encode())), "--json"))
    exe = as_json(cli("attach", "add", number, str(write(tmp_path, "사진.jpg", b"MZ\x90\x00" * 8)),
                      "--json"))
    assert first["sha256"] == second["sha256"] and first["id"] != second["id"]
    assert [first["media_type"], text["media_type"], exe["media_type"]] == [
        "application/pdf", "text/plain", "application/x-msdownload"]
    folder = tmp_path / "documents" / "attachments"
    assert len([p for p in folder.rglob("*") if p.is_file()]) == 3


def test_names_are_kept_without_folders_or_control_characters(cli: Cli, tmp_path: Path) -> None:
    number = open_case(cli)
    odd = write(tmp_path, "..\x01회의록\x7f.txt", b"hello\n")
    added = as_json(cli("attach", "add", number, str(odd), "--json"))
    assert added["filename"] == "_회의록_.txt"
    nested = tmp_path / "sub"
    nested.mkdir()
    via = as_json(cli("attach", "add", number, str(nested / ".." / "..\x01회의록\x7f.txt"),
                      "--json"))
    assert via["filename"] == "_회의록_.txt"


def test_a_file_over_the_limit_is_refused_and_nothing_is_recorded(
        cli: Cli, tmp_path: Path) -> None:
    # Given a limit of 1 KB and a file of 2 KB
    number = open_case(cli)
    before = ok(cli("case", "history", number, "--json")).out
    big = write(tmp_path, "scan.pdf", PDF + b"0" * 2048)
    # When it is attached, it is refused on one line naming the limit and the setting
    err = refused(cli("attach", "add", number, str(big), MEDIATION_ATTACHMENT_MAX_MB="0.001"))
    assert "scan.pdf" in err and "MEDIATION_ATTACHMENT_MAX_MB" in err and "첨부 한도" in err
    # And nothing was recorded or stored
    assert ok(cli("case", "history", number, "--json")).out == before
    assert as_json(cli("attach", "list", number, "--json")) == []
    folder = tmp_path / "documents" / "attachments"
    assert not [p for p in folder.rglob("*") if p.is_file()]
    # And the default limit (50 MB) takes it
    ok(cli("attach", "add", number, str(big)))


def test_bad_input_is_refused_on_one_line(cli: Cli, tmp_path: Path) -> None:
    number = open_case(cli)
    refused(cli("attach", "add", number, str(tmp_path / "없음.pdf")), code=2)
    refused(cli("attach", "add", number, str(tmp_path)), code=2)
    refused(cli("attach", "add", number, str(write(tmp_path, "e.txt", b""))), code=2)
    refused(cli("attach", "add", number, str(write(tmp_path, "k.pdf", PDF)), "--kind", "영수증"),
            code=2)
    refused(cli("attach", "add", number, str(write(tmp_path, "p.pdf", PDF)), "--party", "99"),
            code=3)
    refused(cli("attach", "get", "999", "--out", str(tmp_path / "x")), code=3)
    assert as_json(cli("attach", "list", number, "--json")) == []


def test_only_those_who_read_the_case_see_or_get_its_attachments(
        cli: Cli, tmp_path: Path) -> None:
    number = open_case(cli)
    added = as_json(cli("attach", "add", number, str(write(tmp_path, "a.pdf", PDF)), "--json"))
    refused(cli("attach", "add", number, str(write(tmp_path, "b.pdf", PDF)), user="lee"))
    refused(cli("attach", "list", number, user="lee"))
    refused(cli("attach", "get", str(added["id"]), "--out", str(tmp_path / "x"), user="lee"))
    refused(cli("attach", "verify", user="kim"))  # the whole database: reviewers only
    assert not (tmp_path / "x").exists()


def test_verify_names_a_changed_and_a_missing_file(cli: Cli, tmp_path: Path) -> None:
    # Given two attachments whose stored files are then changed and removed
    number = open_case(cli)
    one = as_json(cli("attach", "add", number, str(write(tmp_path, "a.pdf", PDF)), "--json"))
    two = as_json(cli("attach", "add", number, str(write(tmp_path, "b.png", PNG)), "--json"))
    ok(cli("attach", "verify", number))
    folder = tmp_path / "documents" / "attachments"
    changed = folder / one["sha256"][:2] / one["sha256"]
    changed.chmod(0o640)
    changed.write_bytes(PDF + b"x")
    (folder / two["sha256"][:2] / two["sha256"]).unlink()
    # When they are verified, each problem is named and the exit status is 4
    result = cli("attach", "verify", number)
    assert result.code == 4
    assert f"#{one['id']} a.pdf: 파일 변경됨" in result.out
    assert f"#{two['id']} b.png: 파일 없음" in result.out
    result = cli("attach", "verify", "--json")
    assert result.code == 4
    assert [(c["id"], c["ok"], c["problem"]) for c in json.loads(result.out)] == [
        (one["id"], False, "changed"), (two["id"], False, "missing")]
    # And a changed file is not handed out
    refused(cli("attach", "get", str(one["id"]), "--out", str(tmp_path / "x")), code=2)
