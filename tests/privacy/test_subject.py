"""A data subject's requests (개인정보 보호법 제35–37조) through `privacy subject`: finding
every case and document holding a person's data, exporting it with a manifest that verifies
(열람), and a request to stop processing (처리정지) that marks the party, is an audit event and
refuses sending until lifted. On SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest
from conftest import ADMIN, Cli, as_json, ok, refused
from support.cases import at
from support.stories import signed_with_private_owner

from mediation.app import App
from mediation.core.clock import FrozenClock
from mediation.mail.fake import RecordingMailer
from mediation.privacy.subject import SubjectQuery


@pytest.fixture(autouse=True)
def html_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEDIATION_DOCUMENT_FORMAT", "html")


def _case(cli: Cli, title: str, mediator: str = "kim") -> str:
    return ok(cli("case", "open", "--workflow", "neighbor_dispute", "--title", title,
                  "--mediator", mediator, "--supervisor", "park")).out.strip()


def _two_cases_of_hong(cli: Cli) -> tuple[str, str, str]:
    """홍길동 (010-1234-5678) in two cases — removed from the second — and another 홍길동
    with another number in a third; a receipt letter to the first."""
    first, second, other = _case(cli, "층간소음"), _case(cli, "누수", "lee"), _case(cli, "흡연")
    ok(cli("party", "add", first, "--name", "홍길동", "--role", "applicant",
           "--phone", "010-1234-5678", "--email", "hong@example.org", user="kim"))
    ok(cli("party", "add", first, "--name", "마포구청", "--role", "agency", user="kim"))
    ok(cli("party", "add", second, "--name", "홍길동", "--role", "respondent", user="lee"))
    ok(cli("party", "remove", second, "3", "--reason", "잘못 추가", user="lee"))
    ok(cli("party", "add", other, "--name", "홍길동", "--role", "applicant",
           "--phone", "010-9999-0000", user="kim"))
    ok(cli("letter", "render", first, "receipt", "--party", "1", user="kim"))
    return first, second, other


def test_subject_finds_every_case_and_document_of_the_person(cli: Cli) -> None:
    first, second, other = _two_cases_of_hong(cli)
    # When a supervisor asks for 홍길동 with the number they gave
    found = as_json(cli("privacy", "subject", "--name", "홍길동", "--phone", "01012345678",
                        "--json"))
    # Then both of their cases are found, the removed party too, not the namesake's
    assert found["cases"] == [first, second]
    assert [(p["case"], p["party"]["id"]) for p in found["parties"]] == [(first, 1), (second, 3)]
    assert found["parties"][1]["party"]["removed_at"] is not None
    # and the letter addressed to them, and the events naming them
    [doc] = found["documents"]
    assert doc["case"] == first and doc["addressed"] is True and doc["kind"] == "receipt"
    kinds = {(e["case"], e["event"]["kind"]) for e in found["events"]}
    assert {(first, "party_added"), (second, "party_added"),
            (second, "party_removed")} <= kinds
    # Without the number, the namesake is found too
    every = as_json(cli("privacy", "subject", "--name", "홍길동", "--json"))
    assert every["cases"] == [first, second, other]
    # and the search is an access record
    log = as_json(cli("privacy", "log", "--json"))["items"]
    assert [r["what"] for r in log].count("privacy subject") == 5
    # a mediator may not ask
    refused(cli("privacy", "subject", "--name", "홍길동", user="kim"))


def test_the_export_holds_what_is_held_with_a_manifest_that_verifies(
        cli: Cli, tmp_path: Path) -> None:
    first, second, _ = _two_cases_of_hong(cli)
    out = tmp_path / "홍길동.zip"
    # Without a reason the export is refused, nothing written
    refused(cli("privacy", "subject", "--name", "홍길동", "--phone", "010-1234-5678",
                "--out", str(out)), code=2)
    assert not out.exists()
    # With one it is written
    ok(cli("privacy", "subject", "--name", "홍길동", "--phone", "010-1234-5678",
           "--out", str(out), "--reason", "열람 청구 제2026-7호", user="park"))
    with zipfile.ZipFile(out) as z:
        every = {n: z.read(n) for n in z.namelist()}
    manifest = json.loads(every["manifest.json"])
    assert manifest["reason"] == "열람 청구 제2026-7호" and manifest["cases"] == [first, second]
    for f in manifest["files"]:
        assert hashlib.sha256(every[f["path"]]).hexdigest() == f["sha256"]
    assert set(every) == {f["path"] for f in manifest["files"]} | {"manifest.json",
                                                                   "SHA256SUMS"}
    parties = json.loads(every["parties.json"])
    assert [(p["case"], p["name"], p["phone"]) for p in parties] == [
        (first, "홍길동", "010-1234-5678"), (second, "홍길동", None)]
    [letter] = [n for n in every if n.startswith("documents/") and n.endswith(".html")]
    assert "홍길동" in every[letter].decode()
    assert any(e["kind"] == "party_removed" for e in json.loads(every["events.json"]))
    # and the download is an access record per case with its reason
    downloads = [r for r in as_json(cli("privacy", "log", "--json"))["items"]
                 if r["action"] == "download"]
    assert [(r["case"], r["parties"], r["reason"], r["account"]) for r in downloads] == [
        (first, [1], "열람 청구 제2026-7호", "park"), (second, [3], "열람 청구 제2026-7호", "park")]


def test_a_request_to_stop_processing_marks_the_party_and_refuses_sending(cli: Cli) -> None:
    first, _, other = _two_cases_of_hong(cli)
    [letter] = as_json(cli("letter", "list", first, "--json", user="kim"))
    # Without a reason the request is refused
    refused(cli("privacy", "subject", "--name", "홍길동", "--phone", "010-1234-5678",
                "--stop"), code=2)
    # When the request is recorded
    ok(cli("privacy", "subject", "--name", "홍길동", "--phone", "010-1234-5678", "--stop",
           "--reason", "처리정지 요구서 접수"))
    # Then the party is marked where the case is read, not the namesake
    assert "처리정지 요구: 처리정지 요구서 접수" in ok(cli("case", "show", first)).out
    assert "처리정지 요구" in ok(cli("party", "list", first, user="kim")).out
    assert "처리정지" not in ok(cli("party", "list", other, user="kim")).out
    [party] = [p for p in as_json(cli("party", "list", first, "--json")) if p["id"] == 1]
    assert party["stopped_reason"] == "처리정지 요구서 접수"
    # and it is an event of the case, and the trail still verifies
    events = as_json(cli("case", "history", first, "--json"))
    stopped = [e for e in events if e["kind"] == "processing_stopped"]
    assert len(stopped) == 1 and stopped[0]["details"]["party_id"] == 1
    assert stopped[0]["note"] == "처리정지 요구서 접수"
    ok(cli("audit", "verify", first))
    # and sending the letter to them is refused with one line
    err = refused(cli("letter", "send", first, letter["number"], user="kim"))
    assert "처리정지" in err and "--resume" in err
    # Until the request is lifted
    ok(cli("privacy", "subject", "--name", "홍길동", "--phone", "010-1234-5678", "--resume",
           "--reason", "요구 철회"))
    assert "처리정지" not in ok(cli("party", "list", first, user="kim")).out
    ok(cli("letter", "send", first, letter["number"], user="kim"))
    kinds = [e["kind"] for e in as_json(cli("case", "history", first, "--json"))]
    assert kinds.count("processing_resumed") == 1
    ok(cli("audit", "verify", first))


def test_a_reminder_to_a_party_who_asked_to_stop_processing_is_not_sent(
        mapp: App, clock: FrozenClock, mail: RecordingMailer) -> None:
    # Given a signed agreement whose item is owned by a private person with an e-mail address
    _, owner = signed_with_private_owner(mapp, clock)
    # When the owner asks that processing stop, before their reminder is due
    mapp.subjects.stop(ADMIN, SubjectQuery(name="홍길동", email="hong@example.org"),
                       "처리정지 요구서 접수")
    clock.set(at(2026, 12, 31, 18, 5))
    mapp.reminders.run_due(("send",))
    # Then nothing reaches them, and their reminder failed saying why
    assert not [m for m in mail.sent if "hong@example.org" in [a.email for a in m.to]]
    page = mapp.reminders.reminder_page(ADMIN, "all", limit=1000)
    theirs = [r for r in page.items if r.audience == f"party:{owner.id}"]
    failed = [r for r in theirs if r.status == "failed"]
    assert failed and "processing stop" in str(failed[0].last_error)
    assert not [r for r in theirs if r.status == "sent"]


def test_the_requests_speak_english_with_lang_en(cli: Cli, tmp_path: Path) -> None:
    first, _, _ = _two_cases_of_hong(cli)
    [letter] = as_json(cli("letter", "list", first, "--json", user="kim"))
    shown = ok(cli("privacy", "subject", "--name", "홍길동", "--phone", "010-1234-5678",
                   MEDIATION_LANG="en")).out
    assert "2 cases, 2 parties, 1 document, 4 events" in shown
    assert "2026-0001  Notice of receipt  홍길동  (to them, issued)" in shown
    stopped = ok(cli("privacy", "subject", "--name", "홍길동", "--phone", "010-1234-5678",
                     "--stop", "--reason", "request received", MEDIATION_LANG="en")).out
    assert f"{first} party #1 홍길동: processing stopped" in stopped
    assert "[processing stopped at the person's request: request received]" in ok(
        cli("party", "list", first, user="kim", MEDIATION_LANG="en")).out
    err = refused(cli("letter", "send", first, letter["number"], user="kim",
                      MEDIATION_LANG="en"))
    assert "asked that processing stop" in err
    # a second request changes nothing and says so
    again = ok(cli("privacy", "subject", "--name", "홍길동", "--phone", "010-1234-5678",
                   "--stop", "--reason", "again", MEDIATION_LANG="en")).out
    assert "already stopped" in again
    # nobody by that name: not found (exit 3)
    refused(cli("privacy", "subject", "--name", "김없음", "--stop", "--reason", "x"), code=3)
