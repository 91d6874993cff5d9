"""Stories of the access records (접속기록, 고시 제8조): every command that reads, writes,
prints or removes a private person's data writes one record with the five items — account,
date and time to the second, where from, whose data, what was done — in a hash chain that
`privacy verify` checks. Organisations' data writes none. On SQLite and PostgreSQL."""

from __future__ import annotations

import json
import socket
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from conftest import START, Cli, as_json, ok, refused
from sqlalchemy import create_engine, text


@pytest.fixture(autouse=True)
def html_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEDIATION_DOCUMENT_FORMAT", "html")


def _case_with_parties(cli: Cli) -> str:
    number = ok(cli("case", "open", "--workflow", "neighbor_dispute", "--title", "층간소음",
                    "--mediator", "kim", "--supervisor", "park")).out.strip()
    ok(cli("party", "add", number, "--name", "홍길동", "--role", "applicant",
           "--phone", "010-1234-5678", "--email", "hong@example.org", user="kim"))
    ok(cli("party", "add", number, "--name", "마포구청", "--role", "agency", user="kim"))
    return number


def _log(cli: Cli, *argv: str) -> list[dict[str, object]]:
    page = as_json(cli("privacy", "log", "--json", *argv))
    assert page["total"] == len(page["items"]) and page["more"] == 0  # all on the first page
    found: list[dict[str, object]] = page["items"]
    return found


def test_each_action_on_a_private_persons_data_writes_one_record_with_the_five_items(
        cli: Cli) -> None:
    # Given a case of kim's with a private applicant (#1) and an agency (#2)
    number = _case_with_parties(cli)
    # When kim and admin read, change, print and remove the applicant's data
    ok(cli("case", "show", number, user="kim"))
    ok(cli("party", "list", number, user="kim"))
    ok(cli("case", "history", number))
    ok(cli("party", "update", number, "1", "--phone", "010-2222-3333", user="kim"))
    [letter] = as_json(cli("letter", "render", number, "receipt", "--party", "1", "--json",
                           user="kim"))
    ok(cli("letter", "print", letter["number"], "--out", "-", user="kim"))
    ok(cli("party", "remove", number, "1", "--reason", "잘못 추가", user="kim"))
    # Then each wrote one record, in order, naming only the private person
    records = _log(cli)
    assert [(r["account"], r["action"], r["what"]) for r in records] == [
        ("kim", "input", "party add"), ("kim", "read", "case show"),
        ("kim", "read", "party list"), ("admin", "read", "case history"),
        ("kim", "change", "party update"), ("kim", "print", "letter render"),
        ("kim", "print", "letter print"), ("kim", "delete", "party remove")]
    for r in records:
        assert r["parties"] == [1] and r["case"] == number
        assert str(r["origin"]).startswith(socket.gethostname())
        at = datetime.fromisoformat(str(r["at"]))
        assert at == START and at.microsecond == 0
    # and admin's read is marked as outside their own cases, kim's are not
    assert [r["own_case"] for r in records] == [True, True, True, False, True, True, True,
                                                True]
    ok_line = ok(cli("privacy", "verify")).out
    assert "8건" in ok_line


def test_an_organisations_data_writes_no_record(cli: Cli) -> None:
    # Given a case whose only party is an agency
    number = ok(cli("case", "open", "--workflow", "neighbor_dispute", "--title", "공원 조성",
                    "--mediator", "kim", "--supervisor", "park")).out.strip()
    ok(cli("party", "add", number, "--name", "마포구청", "--role", "agency", user="kim"))
    # When it is read and changed
    ok(cli("case", "show", number, user="kim"))
    ok(cli("party", "update", number, "1", "--phone", "02-330-1234", user="kim"))
    # Then nothing is recorded
    assert _log(cli) == []


def test_the_log_filters_by_user_party_and_day(cli: Cli) -> None:
    # Given reads by kim and by park, a day apart
    number = _case_with_parties(cli)
    ok(cli("case", "show", number, user="kim"))
    ok(cli("case", "show", number, user="park", now=datetime(2026, 11, 25, 10, tzinfo=START.tzinfo)))
    # When the log is asked per user, per party and per day
    # Then each filter picks its records
    assert [r["what"] for r in _log(cli, "--user", "park")] == ["case show"]
    assert len(_log(cli, "--party", "1")) == 3
    assert _log(cli, "--party", "2") == []
    assert [r["account"] for r in _log(cli, "--since", "2026-11-25")] == ["park"]
    assert len(_log(cli, "--until", "2026-11-24")) == 2


def test_the_log_comes_a_page_at_a_time_and_says_how_many_more(cli: Cli) -> None:
    # Given three reads of a private person's data (the party added, then read twice)
    number = _case_with_parties(cli)
    ok(cli("case", "show", number, user="kim"))
    ok(cli("case", "show", number, user="park"))
    everything = _log(cli, "--party", "1")
    # When the log of that party is read two records at a time
    first = ok(cli("privacy", "log", "--party", "1", "--limit", "2")).out
    second = as_json(cli("privacy", "log", "--party", "1", "--limit", "2", "--offset", "2",
                         "--json"))
    # Then the first page says which rows it shows and that one more follows, and where
    assert len(everything) == 3
    assert [line.split()[0] for line in first.splitlines()[:2]] == [
        f"#{r['seq']}" for r in everything[:2]]
    assert first.splitlines()[-1] == "(전체 3건 중 1–2, 1건 더 있음: --offset 2)"
    # And the second page holds the last record, with nothing after it
    assert second["items"] == everything[2:]
    assert (second["total"], second["offset"], second["limit"], second["more"]) == (3, 2, 2, 0)


def test_a_tampered_or_deleted_access_record_is_named_by_privacy_verify(
        cli: Cli, database_url: str) -> None:
    # Given three records
    number = _case_with_parties(cli)
    ok(cli("case", "show", number, user="kim"))
    ok(cli("party", "list", number, user="kim"))
    engine = create_engine(database_url)
    try:
        # When someone rewrites who read the data in record #2
        with engine.begin() as conn:
            conn.execute(text("UPDATE access_records SET account = 'park' WHERE seq = 2"))
        # Then privacy verify names #2 and exits 4
        result = cli("privacy", "verify")
        assert result.code == 4 and "#2" in result.out and "변경" in result.out
        # When it is put back and the last record is deleted instead
        with engine.begin() as conn:
            conn.execute(text("UPDATE access_records SET account = 'kim' WHERE seq = 2"))
            conn.execute(text("DELETE FROM access_records WHERE seq = 3"))
        # Then the deletion is caught at the chain's head
        result = cli("privacy", "verify", "--lang", "en")
        assert result.code == 4 and "#3" in result.out and "deleted" in result.out
    finally:
        engine.dispose()


def test_only_admins_and_supervisors_read_the_records(cli: Cli) -> None:
    # Given a record
    number = _case_with_parties(cli)
    # When a mediator asks for the log or its check
    # Then they are refused (exit 4), a supervisor is not
    refused(cli("privacy", "log", user="kim"))
    refused(cli("privacy", "verify", user="kim"))
    ok(cli("privacy", "log", user="park"))
    assert number


def test_the_retention_period_is_never_below_one_year(cli: Cli) -> None:
    # When the retention is set below a year
    # Then every command refuses to start (exit 2), naming the setting
    err = refused(cli("privacy", "log", MEDIATION_ACCESS_LOG_YEARS="0"), code=2)
    assert "MEDIATION_ACCESS_LOG_YEARS" in err


def test_the_letters_and_the_agreement_of_a_private_person_are_recorded_when_read(
        cli: Cli) -> None:
    # Given a letter to the private applicant (#1) and one to the agency (#2)
    number = _case_with_parties(cli)
    [mine] = as_json(cli("letter", "render", number, "receipt", "--party", "1", "--json",
                         user="kim"))
    [theirs] = as_json(cli("letter", "render", number, "receipt", "--party", "2", "--json",
                           user="kim"))
    # When the register, each letter and the agreement are read
    ok(cli("letter", "list", number, user="kim"))
    ok(cli("letter", "show", mine["number"], user="kim"))
    ok(cli("letter", "show", theirs["number"], user="kim"))
    ok(cli("agreement", "show", number, user="kim"))
    # Then the reads naming the applicant are recorded, the agency's letter is not
    assert [(r["what"], r["parties"]) for r in _log(cli)][2:] == [
        ("letter list", [1]), ("letter show", [1]), ("agreement show", [1])]


def test_reads_at_the_same_moment_in_separate_processes_chain_one_after_another(
        cli: Cli) -> None:
    # Given a case with a private person
    number = _case_with_parties(cli)
    # When six people read it at the same moment, each in their own process, held a while
    # just before the record's write so that they line up on it
    procs = [cli.spawn("case", "show", number, user=user,
                       MEDIATION_FAULT="before_write:sleep=0.5")
             for user in ("kim", "park", "admin") * 2]
    codes = [p.wait(timeout=180) for p in procs]
    for p in procs:
        p.communicate()
    # Then every read succeeded and wrote its record, chained without a fork
    assert codes == [0] * 6
    records = _log(cli)
    assert [r["seq"] for r in records] == list(range(1, 8))
    assert sorted(r["account"] for r in records if r["what"] == "case show") == [
        "admin", "admin", "kim", "kim", "park", "park"]
    assert "7건" in ok(cli("privacy", "verify")).out


def test_an_anchor_kept_outside_shows_the_last_access_records_deleted(
        cli: Cli, database_url: str, tmp_path: Path) -> None:
    # Given three access records and, the next day, an anchor kept in a file
    number = _case_with_parties(cli)
    ok(cli("case", "show", number, user="kim"))
    ok(cli("party", "list", number, user="kim"))
    anchors = tmp_path / "anchors.txt"
    ok(cli("audit", "anchor", "--out", str(anchors), now=START + timedelta(days=1)))
    # When the last two records are deleted and the head moved back to the first, so that
    # the shortened chain verifies on its own
    engine = create_engine(database_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM access_records WHERE seq > 1"))
            conn.execute(text("UPDATE access_head SET seq = 1, hash = "
                              "(SELECT hash FROM access_records WHERE seq = 1)"))
    finally:
        engine.dispose()
    assert "1건" in ok(cli("privacy", "verify")).out
    # Then the anchor does not match any more
    result = cli("audit", "verify", "--anchor", str(anchors), "--json")
    assert result.code == 4 and json.loads(result.out)["anchor"]["ok"] is False


def test_a_case_file_exported_whole_is_a_download_a_redacted_one_is_not(
        cli: Cli, tmp_path: Path) -> None:
    # Given a case with a private applicant (#1) and an agency
    number = _case_with_parties(cli)
    # When kim exports the case file whole — refused without a reason, then with one — and
    # redacted
    refused(cli("case", "export", number, "--out", str(tmp_path / "whole.zip"), user="kim"),
            code=2)
    assert not (tmp_path / "whole.zip").exists()
    ok(cli("case", "export", number, "--out", str(tmp_path / "whole.zip"),
           "--reason", "소송 자료 제출", user="kim"))
    ok(cli("case", "export", number, "--out", str(tmp_path / "masked.zip"), "--redact",
           user="kim"))
    # Then only the whole file is recorded, as a download of the applicant's data
    downloads = [r for r in _log(cli) if r["action"] == "download"]
    assert [(r["what"], r["parties"], r["account"], r["reason"]) for r in downloads] == [
        ("case export", [1], "kim", "소송 자료 제출")]
