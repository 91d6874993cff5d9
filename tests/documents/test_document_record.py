"""An issued document is a record, on SQLite and on PostgreSQL: printing it again gives the
same file; a kind issued once per recipient is issued again only as a correction that names
the document it replaces; a document issued by mistake is voided with a reason, its number
never reused; the register, the case's history and ``audit verify`` show all three."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from conftest import Cli, as_json, ok, refused
from support.workflows import issuing_anywhere

from mediation.app import App
from mediation.cases.commands import CaseFields
from mediation.parties.commands import PartyFields


@pytest.fixture(autouse=True)
def every_kind_anywhere(cli: Cli, tmp_path: Path) -> None:
    cli.env["MEDIATION_WORKFLOWS_DIR"] = str(issuing_anywhere(tmp_path / "workflows"))


def open_case(app: App, title: str = "가상 시설 입지 갈등") -> str:
    park = app.users.actor("park")
    number = app.cases.open_case(park, workflow="public_conflict", mediator="kim",
                                 supervisor="park",
                                 fields=CaseFields(title=title, summary="가상의 사안")).number
    for name, email in (("홍길동", "hong@example.org"), ("가상구청", None)):
        app.parties.add_party(park, number, PartyFields(
            name=name, role="resident_group", lang="ko", email=email,
            address="서울특별시 가상구 가상로 1"))
    return number


def render(cli: Cli, number: str, kind: str, *extra: str) -> list[dict[str, Any]]:
    docs: list[dict[str, Any]] = as_json(cli("letter", "render", number, kind, *extra,
                                             "--format", "txt", "--json", user="kim"))
    return docs


def register(cli: Cli, number: str) -> dict[str, dict[str, Any]]:
    return {d["number"]: d for d in as_json(cli("letter", "list", number, "--json"))}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_an_issued_agreement_is_printed_again_as_the_same_document_not_rendered_anew(
        app: App, cli: Cli, tmp_path: Path) -> None:
    number = open_case(app)
    (agreement,) = render(cli, number, "agreement")
    # rendering it again is refused before a number is taken, and says what to do instead
    message = refused(cli("letter", "render", number, "agreement", "--format", "txt",
                          user="kim"))
    assert agreement["number"] in message and "letter print" in message
    assert "--replaces" in message
    # printing it gives the registered bytes
    out = tmp_path / "copy.txt"
    printed = as_json(cli("letter", "print", agreement["number"], "--out", str(out), "--json",
                          user="kim"))
    assert printed["file"] == str(out)
    assert sha256(out) == agreement["output_sha256"]
    assert out.read_bytes() == Path(agreement["output_path"]).read_bytes()
    # a second print to the same file is refused and leaves the file as it is
    out.write_bytes(b"signed scan")
    assert "이미 있습니다" in refused(cli("letter", "print", agreement["number"], "--out",
                                     str(out), user="kim"), code=2)
    assert out.read_bytes() == b"signed scan"
    # no number was used by the refusal or the print: the next document takes the next one
    (progress,) = render(cli, number, "progress", "--party", "1")
    assert progress["number"].endswith("-0002")
    assert list(register(cli, number)) == [agreement["number"], progress["number"]]


def test_printing_to_standard_output_gives_the_text_of_the_letter(app: App, cli: Cli) -> None:
    number = open_case(app)
    (receipt,) = render(cli, number, "receipt", "--party", "1")
    shown = ok(cli("letter", "print", receipt["number"], "--out", "-", user="kim")).out
    assert shown == Path(receipt["output_path"]).read_text(encoding="utf-8")


def test_a_corrected_version_names_the_one_it_replaces_which_is_then_not_sent(
        app: App, cli: Cli) -> None:
    number = open_case(app)
    (first,) = render(cli, number, "receipt", "--party", "1")
    (fixed,) = render(cli, number, "receipt", "--replaces", first["number"])
    # the correction goes to the same party and says which document it replaces
    assert (fixed["party_id"], fixed["replaces"], fixed["status"]) == (1, first["number"],
                                                                       "issued")
    text = Path(fixed["output_path"]).read_text(encoding="utf-8")
    assert f"{first['number']}(2026. 11. 24.) 문서를 정정한 것으로" in text
    entries = register(cli, number)
    assert entries[first["number"]]["status"] == "replaced"
    assert entries[first["number"]]["replaced_by"] == fixed["number"]
    listed = ok(cli("letter", "list", number)).out
    assert f"{fixed['number']}(으)로 정정" in listed and f"{first['number']} 정정본" in listed
    # the replaced one is neither sent nor printed: the refusal names the correction
    assert fixed["number"] in refused(cli("letter", "send", number, first["number"], user="kim"))
    assert fixed["number"] in refused(cli("letter", "print", first["number"], user="kim"))
    sent = as_json(cli("letter", "send", number, fixed["number"], "--json", user="kim"))
    assert [s["document"] for s in sent["sent"]] == [fixed["number"]]
    # the history says it, and the chain verifies
    history = ok(cli("case", "history", number)).out
    assert f"{fixed['number']} (접수 통지, {first['number']} 정정)" in history
    ok(cli("audit", "verify", number))


def test_a_correction_must_match_the_document_it_replaces(app: App, cli: Cli) -> None:
    number = open_case(app)
    other = open_case(app, "다른 가상 사건")
    (receipt,) = render(cli, number, "receipt", "--party", "1")
    (elsewhere,) = render(cli, other, "receipt", "--party", "3")
    before = register(cli, number)
    assert refused(cli("letter", "render", number, "progress", "--replaces",
                       receipt["number"], user="kim"), code=2) == (
        f"mediation: 잘못된 입력입니다 (replaces): {receipt['number']}은(는) 접수 통지 문서입니다. "
        f"정정본도 같은 종류로 작성하세요: `mediation letter render {number} receipt --replaces "
        f"{receipt['number']}`\n")
    assert other in refused(cli("letter", "render", number, "receipt", "--replaces",
                                elsewhere["number"], user="kim"), code=2)
    assert refused(cli("letter", "render", number, "receipt", "--party", "2", "--replaces",
                       receipt["number"], user="kim", MEDIATION_LANG="en"), code=2).endswith(
        "went to party #1: its correction goes to the same party (leave out "
        "--party/--all-parties)\n")
    assert "당사자 #1에게 간 문서입니다" in refused(cli(
        "letter", "render", number, "receipt", "--party", "2", "--replaces", receipt["number"],
        user="kim"), code=2)
    refused(cli("letter", "render", number, "receipt", "--replaces", "갈등조정담당관-2026-9999",
                user="kim"), code=3)
    assert register(cli, number) == before


def test_a_document_issued_by_mistake_is_voided_with_its_reason_and_its_number_kept(
        app: App, cli: Cli) -> None:
    number = open_case(app)
    (wrong,) = render(cli, number, "progress", "--party", "1")
    # another mediator may not void it; the case's mediator may, with a reason
    refused(cli("letter", "void", wrong["number"], "--reason", "오기", user="lee"))
    said = ok(cli("letter", "void", wrong["number"], "--reason", "다른 사건의 내용을 적음",
                  user="kim")).out
    assert "무효 처리" in said and "다른 사건의 내용을 적음" in said
    entry = register(cli, number)[wrong["number"]]
    assert (entry["status"], entry["void_reason"], entry["voided_by"]) == (
        "void", "다른 사건의 내용을 적음", "kim")
    assert Path(entry["output_path"]).exists()  # the file stays: it is part of the record
    assert "사유: 다른 사건의 내용을 적음" in ok(cli("letter", "list", number)).out
    assert "다른 사건의 내용을 적음" in ok(cli("letter", "show", wrong["number"])).out
    # the history names the document and the reason, and the chain verifies
    history = ok(cli("case", "history", number)).out
    assert f"문서 무효 처리 {wrong['number']} (처리 진행상황 통지) — 다른 사건의 내용을 적음" \
        in history
    ok(cli("audit", "verify", number))
    # a void document is not sent, printed, corrected or voided again
    refused(cli("letter", "send", number, wrong["number"], user="kim"))
    refused(cli("letter", "print", wrong["number"], user="kim"))
    refused(cli("letter", "render", number, "progress", "--replaces", wrong["number"],
                user="kim"))
    refused(cli("letter", "void", wrong["number"], "--reason", "다시", user="kim"))
    # its number is never reused
    (again,) = render(cli, number, "progress", "--party", "1")
    assert again["number"].endswith("-0002")


def test_voiding_a_letter_already_sent_keeps_the_sending_and_warns(app: App, cli: Cli) -> None:
    number = open_case(app)
    (letter,) = render(cli, number, "progress", "--party", "1")
    ok(cli("letter", "send", number, letter["number"], user="kim"))
    result = ok(cli("letter", "void", letter["number"], "--reason", "날짜 오기", user="kim"))
    assert "hong@example.org" in result.err and "알리세요" in result.err
    entry = register(cli, number)[letter["number"]]
    assert (entry["status"], entry["sent_to"]) == ("void", "hong@example.org")


def test_voiding_needs_a_reason_and_an_existing_document(app: App, cli: Cli) -> None:
    number = open_case(app)
    (letter,) = render(cli, number, "progress", "--party", "1")
    refused(cli("letter", "void", letter["number"], user="kim"), code=2)
    refused(cli("letter", "void", letter["number"], "--reason", "   ", user="kim"), code=2)
    refused(cli("letter", "void", "갈등조정담당관-2026-9999", "--reason", "오기", user="kim"),
            code=3)
    assert register(cli, number)[letter["number"]]["status"] == "issued"


def test_the_english_correction_notice_reads_as_english(app: App, cli: Cli) -> None:
    number = open_case(app)
    (first,) = render(cli, number, "receipt", "--party", "1", "--lang", "en")
    (fixed,) = render(cli, number, "receipt", "--replaces", first["number"], "--lang", "en")
    text = Path(fixed["output_path"]).read_text(encoding="utf-8")
    assert f"This document corrects and replaces document {first['number']} of 24 Nov 2026." \
        in text
