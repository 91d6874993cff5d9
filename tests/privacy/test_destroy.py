"""Destruction of personal data past retention (법 제21조), through the command line on SQLite
and PostgreSQL: a dry run changes nothing; a real run leaves none of the private persons'
names, phones or e-mails in the database (the raw SQLite file, every text column on
PostgreSQL), the documents folder or the outbox; organisations stay; the statistics do not
change; both chains verify, and a redacted event changed afterwards is caught; the
destruction record lists the run; early and unauthorised destructions are refused."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import START, Cli, as_json, ok, refused
from sqlalchemy import create_engine, text

TZ = START.tzinfo
LATER = START + timedelta(hours=3)
PAST = datetime(2037, 1, 5, 10, tzinfo=TZ)  # more than 10 years after the closure
SECRETS = ("황보민철", "010-9876-5432", "01098765432", "minchul@example.net",
           "남궁수련", "010-2468-1357", "suryeon@example.com", "경기도 안양시 동안구 평촌대로 17")
ORGANISATION = "안양시청"


@pytest.fixture(autouse=True)
def html_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEDIATION_DOCUMENT_FORMAT", "html")


def a_closed_case(cli: Cli, tmp_path: Path) -> str:
    """A neighbour dispute with two private persons (phones, e-mails, an address) and an
    agency, a note and an issue naming them, the minutes of a meeting, receipt letters
    rendered and e-mailed to the outbox folder, a photo; then declined (closed)."""
    number = str(as_json(cli("case", "open", "--workflow", "neighbor_dispute", "--title",
                             "황보민철 층간소음", "--mediator", "kim", "--supervisor", "park",
                             "--summary", "황보민철 씨(010-9876-5432) 민원", "--json"))["number"])
    first = ok(cli("party", "add", number, "--name", "황보민철", "--role", "applicant",
                   "--phone", "010-9876-5432", "--email", "minchul@example.net",
                   "--address", "경기도 안양시 동안구 평촌대로 17")).out.strip()
    ok(cli("party", "add", number, "--name", "남궁수련", "--role", "respondent",
           "--phone", "010-2468-1357", "--email", "suryeon@example.com"))
    ok(cli("party", "add", number, "--name", ORGANISATION, "--role", "agency",
           "--organization", "환경정책과"))
    ok(cli("issue", "add", number, "남궁수련 씨 댁 야간 소음", user="kim"))
    ok(cli("letter", "render", number, "receipt", "--all-parties", user="kim"))
    letters = [d["number"] for d in as_json(cli("letter", "list", number, "--json"))]
    ok(cli("letter", "send", number, *letters, user="kim"))
    meeting = ok(cli("meeting", "schedule", number, "--at", "2026-11-24T10:00+09:00",
                     "--place", "안양시청 회의실", "--no-notice", "--force", "--reason", "긴급",
                     user="kim")).out.strip()
    minutes = tmp_path / "회의록.txt"
    minutes.write_text("황보민철: 야간 소음 측정 요청 (minchul@example.net)\n", encoding="utf-8")
    ok(cli("meeting", "record", number, meeting, "--attended", first, "--minutes",
           str(minutes), user="kim", now=LATER))
    photo = tmp_path / "현장.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + "황보민철".encode() + b"\x00" * 64)
    ok(cli("attach", "add", number, str(photo), "--kind", "photo", "--title", "황보민철 댁 현장",
           user="kim", now=LATER))
    ok(cli("case", "advance", number, "decline", "--note", "남궁수련 씨 조정 거부", user="kim",
           now=LATER))
    minutes.unlink()
    photo.unlink()
    return number


def home(cli: Cli) -> Path:
    return Path(cli.env["MEDIATION_HOME"])


def files_holding(folder: Path, needles: tuple[str, ...]) -> list[str]:
    """The files under ``folder`` whose bytes (or decoded e-mail) hold one of ``needles``."""
    from email import policy
    from email.parser import BytesParser

    found = []
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        texts = [data.decode("utf-8", "replace")]
        if path.suffix == ".eml":
            message = BytesParser(policy=policy.default).parsebytes(data)
            texts += [str(v) for v in message.values()]
            texts += [p.get_content() for p in message.walk()
                      if p.get_content_maintype() == "text"]
        if any(n in t for n in needles for t in texts):
            found.append(str(path))
    return found


def database_holds(url: str, needles: tuple[str, ...]) -> list[str]:
    """Where the database still holds one of ``needles``: on SQLite the raw bytes of the file
    and its WAL; on PostgreSQL every text and JSON column of every table."""
    if url.startswith("sqlite"):
        path = Path(url.removeprefix("sqlite:///"))
        raw = b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())
        return [n for n in needles if n.encode() in raw]
    engine = create_engine(url)
    found = []
    with engine.connect() as conn:
        columns = conn.execute(text(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND data_type IN "
            "('text', 'character varying', 'json', 'jsonb')")).all()
        for table, column in columns:
            for n in needles:
                hit = conn.execute(text(
                    f'SELECT count(*) FROM "{table}" WHERE CAST("{column}" AS text) LIKE :n'),
                    {"n": f"%{n}%"}).scalar_one()
                if hit:
                    found.append(f"{table}.{column}: {n}")
    engine.dispose()
    return found


def dump(url: str) -> str:
    """A digest of every row of every table."""
    engine = create_engine(url)
    rows = []
    with engine.connect() as conn:
        if url.startswith("sqlite"):
            tables = [r[0] for r in conn.execute(text(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                "'search_fts%' ORDER BY name"))]
        else:
            tables = [r[0] for r in conn.execute(text(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = "
                "current_schema() ORDER BY table_name"))]
        for table in tables:
            rows += [f"{table}:{tuple(r)!r}" for r in conn.execute(text(
                f'SELECT * FROM "{table}" ORDER BY 1'))]
    engine.dispose()
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()


def report(cli: Cli) -> Any:
    return as_json(cli("report", "--from", "2026-01-01", "--to", "2026-12-31", "--by",
                       "workflow", "district", "type", "grade", "channel", "--json", now=PAST))


def test_the_personal_data_of_a_case_past_retention_is_destroyed_everywhere(
        cli: Cli, tmp_path: Path, database_url: str) -> None:
    # Given a closed case with private persons, letters sent to the outbox, minutes and a
    # photo, more than ten years after its closure
    number = a_closed_case(cli, tmp_path)
    assert [d["number"] for d in as_json(cli("privacy", "due", "--json", now=PAST))] == [number]
    assert files_holding(home(cli) / "outbox", SECRETS[:1])
    assert database_holds(database_url, SECRETS[:1])
    letters = as_json(cli("letter", "list", number, "--json"))
    figures = report(cli)
    assert (figures["opened"], figures["closed"]) == (1, 1)
    before = dump(database_url)
    # When an admin asks what a destruction would take
    plan = as_json(cli("privacy", "destroy", "--dry-run", "--json", now=PAST))
    # Then it names the case, its two private persons (masked) and what goes, and changes
    # nothing
    assert [p["number"] for p in plan] == [number]
    assert plan[0]["dry_run"] and plan[0]["persons"] == 2
    assert sorted(plan[0]["names"]) == ["남○○련", "황○○철"]
    assert set(plan[0]["fields"]) == {"name", "email", "phone", "address"}
    assert set(plan[0]["documents"]) == {d["number"] for d in letters if "황보민철" in
                                         d["recipient"] or "남궁수련" in d["recipient"]} | set(
        plan[0]["documents"]) and plan[0]["documents"]
    assert plan[0]["mails"] and plan[0]["attachments"] == 1 and plan[0]["events"]
    assert dump(database_url) == before
    text_plan = ok(cli("privacy", "destroy", "--dry-run", now=PAST)).out
    assert "파기할 것" in text_plan and "황○○철" in text_plan and "황보민철" not in text_plan
    assert "would destroy" in ok(cli("privacy", "destroy", "--dry-run", "--lang", "en",
                                     now=PAST)).out
    # And the real run asks for its basis
    refused(cli("privacy", "destroy", now=PAST), code=2)
    # When an admin destroys with the basis
    done = as_json(cli("privacy", "destroy", "--reason", "보존기간 경과", "--json", now=PAST))
    assert [d["number"] for d in done] == [number] and not done[0]["pending"]
    # Then no name, phone, e-mail or address is left in the database, the documents folder or
    # the outbox
    assert database_holds(database_url, SECRETS) == []
    assert files_holding(home(cli), SECRETS) == []
    for f in done[0]["files"] + done[0]["mails"] + done[0]["attachment_files"]:
        assert not Path(f).exists()
    # And the organisation stays, the persons show as destroyed
    parties = as_json(cli("party", "list", number, "--json", now=PAST))
    assert sorted(p["name"] for p in parties) == sorted([ORGANISATION, "[파기]", "[파기]"])
    shown = ok(cli("case", "show", number, now=PAST)).out
    assert "[파기]" in shown and ORGANISATION in shown
    assert number in ok(cli("case", "list", "--closed", now=PAST)).out
    history = as_json(cli("case", "history", number, "--json", now=PAST))
    assert history[-1]["kind"] == "personal_data_destroyed"
    assert history[-1]["actor"] == "admin" and history[-1]["note"] == "보존기간 경과"
    assert any(e["redacted"] for e in history)
    # And the statistics do not change
    assert report(cli) == figures
    # And both chains verify
    ok(cli("audit", "verify", now=PAST))
    ok(cli("audit", "verify", number, now=PAST))
    ok(cli("privacy", "verify", now=PAST))
    # And a destroyed letter is not printed again
    err = refused(cli("letter", "print", done[0]["documents"][0], "--out",
                      str(tmp_path / "again.html"), now=PAST))
    assert "파기" in err
    # and verifying it says its files were destroyed, not that they went missing
    checked = ok(cli("letter", "verify", done[0]["documents"][0], now=PAST)).out
    assert "개인정보 파기" in checked and "없음" not in checked
    assert as_json(cli("letter", "verify", done[0]["documents"][0], "--json",
                       now=PAST))["destroyed_at"] is not None
    # nor an attachment handed out, though its register entry stays
    attached = as_json(cli("attach", "list", number, "--json", now=PAST))
    assert [(a["title"], a["filename"]) for a in attached] == [("[파기]", "[파기]")]
    assert "파기" in refused(cli("attach", "get", str(attached[0]["id"]), "--out",
                                 str(tmp_path / "photo.png"), now=PAST))
    ok(cli("attach", "verify", number, now=PAST))
    # And the destruction record lists the run, with no personal data
    records = as_json(cli("privacy", "destructions", "--json", now=PAST))
    assert records["total"] == 1
    record = records["items"][0]
    assert record["case"] == number and record["reason"] == "보존기간 경과"
    assert record["actor"] == "admin" and not record["forced"]
    assert record["counts"]["persons"] == 2 and len(record["parties"]) == 2
    assert record["event_seq"] == history[-1]["seq"]
    assert "보존기간 경과" in ok(cli("privacy", "destructions", now=PAST)).out
    # And the case is no longer due, and is not destroyed twice
    assert as_json(cli("privacy", "due", "--json", now=PAST)) == []
    assert "이미 파기" in refused(cli("privacy", "destroy", number, "--reason", "재실행",
                                  now=PAST))
    # nor reopened
    refused(cli("case", "reopen", number, "--reason", "착오", now=PAST))


def test_a_redacted_event_changed_afterwards_is_caught(
        cli: Cli, tmp_path: Path, database_url: str) -> None:
    # Given a destroyed case
    number = a_closed_case(cli, tmp_path)
    ok(cli("privacy", "destroy", number, "--reason", "보존기간 경과", now=PAST))
    history = as_json(cli("case", "history", number, "--json", now=PAST))
    redacted = next(e["seq"] for e in history if e["redacted"])
    engine = create_engine(database_url)
    # When someone edits a redacted event's details behind the program's back
    with engine.begin() as conn:
        conn.execute(text(
            "UPDATE case_events SET details = :d WHERE seq = :s AND case_id = "
            "(SELECT id FROM cases WHERE number = :n)"),
            {"d": json.dumps({"name": "누군가"}), "s": redacted, "n": number})
    engine.dispose()
    # Then audit verify names that event
    result = cli("audit", "verify", number, now=PAST)
    assert result.code == 4 and f"#{redacted}" in result.out + result.err, result
    assert "파기" in result.out + result.err
    # And so does the whole database's verification
    assert cli("audit", "verify", now=PAST).code == 4


def test_a_redacted_events_stored_hash_or_mark_changed_breaks_the_chain(
        cli: Cli, tmp_path: Path, database_url: str) -> None:
    number = a_closed_case(cli, tmp_path)
    ok(cli("privacy", "destroy", number, "--reason", "보존기간 경과", now=PAST))
    history = as_json(cli("case", "history", number, "--json", now=PAST))
    redacted = next(e["seq"] for e in history if e["redacted"])
    plain = next(e["seq"] for e in history if not e["redacted"])
    engine = create_engine(database_url)
    where = "seq = :s AND case_id = (SELECT id FROM cases WHERE number = :n)"
    # When the stored hash of a redacted event is changed, the next event's link breaks
    with engine.begin() as conn:
        conn.execute(text(f"UPDATE case_events SET hash = :h WHERE {where}"),
                     {"h": "0" * 64, "s": redacted, "n": number})
    result = cli("audit", "verify", number, now=PAST)
    assert result.code == 4 and f"#{redacted + 1}" in result.out, result
    with engine.begin() as conn:
        conn.execute(text(f"UPDATE case_events SET hash = :h WHERE {where}"),
                     {"h": history[redacted - 1]["hash"], "s": redacted, "n": number})
    ok(cli("audit", "verify", number, now=PAST))
    # When an event is marked redacted though no destruction committed it, that shows too
    with engine.begin() as conn:
        conn.execute(text(f"UPDATE case_events SET redacted_at = at WHERE {where}"),
                     {"s": plain, "n": number})
    result = cli("audit", "verify", number, now=PAST)
    assert result.code == 4 and f"#{plain}" in result.out, result
    engine.dispose()


def test_a_case_within_retention_is_refused_unless_an_admin_forces_it(
        cli: Cli, tmp_path: Path, database_url: str) -> None:
    number = a_closed_case(cli, tmp_path)
    soon = START + timedelta(days=30)
    # A case within its retention period is refused, naming when it ends
    err = refused(cli("privacy", "destroy", number, "--reason", "요청", now=soon))
    assert "2036. 11. 24." in err
    assert as_json(cli("privacy", "destructions", "--json", now=soon))["total"] == 0
    # A supervisor may not force it, nor may a mediator destroy at all
    refused(cli("privacy", "destroy", number, "--force", "--reason", "요청", user="park",
                now=soon))
    refused(cli("privacy", "destroy", number, "--reason", "보존기간 경과", user="kim", now=PAST))
    refused(cli("privacy", "destructions", user="kim", now=PAST))
    # nor a supervisor of other cases, who is not shown it among the cases due either
    refused(cli("privacy", "destroy", number, "--reason", "보존기간 경과", user="choi", now=PAST))
    assert as_json(cli("privacy", "destroy", "--reason", "보존기간 경과", "--json", user="choi",
                       now=PAST)) == []
    assert database_holds(database_url, SECRETS[:1])
    # An admin forces it with a reason, and the record says so
    done = as_json(cli("privacy", "destroy", number, "--force", "--reason",
                       "정보주체 삭제 요구(법 제36조)", "--json", now=soon))
    assert done[0]["forced"]
    record = as_json(cli("privacy", "destructions", "--json", now=soon))["items"][0]
    assert record["forced"] and record["reason"] == "정보주체 삭제 요구(법 제36조)"
    assert database_holds(database_url, SECRETS) == []
    ok(cli("audit", "verify", number, now=soon))


def test_a_supervisor_destroys_the_cases_past_retention_they_supervise(
        cli: Cli, tmp_path: Path, database_url: str) -> None:
    number = a_closed_case(cli, tmp_path)
    done = as_json(cli("privacy", "destroy", "--reason", "보존기간 경과", "--json",
                       user="park", now=PAST))
    assert [d["number"] for d in done] == [number]
    assert database_holds(database_url, SECRETS) == []
    ok(cli("audit", "verify", now=PAST))


def test_a_file_that_cannot_be_deleted_is_reported_pending_and_retried(
        cli: Cli, tmp_path: Path, database_url: str) -> None:
    # Given a destroyed-to-be case one of whose letter files cannot be deleted (a folder now
    # stands in its place)
    number = a_closed_case(cli, tmp_path)
    letter = as_json(cli("letter", "list", number, "--json"))[0]
    stuck = Path(letter["output_path"])
    stuck.unlink()
    stuck.mkdir()
    # When the personal data is destroyed
    result = cli("privacy", "destroy", number, "--reason", "보존기간 경과", "--json", now=PAST)
    # Then the rest is destroyed, and the file is reported pending (exit 4) on the record
    assert result.code == 4, result
    done = json.loads(result.out)
    assert [p.split(" (")[0] for p in done[0]["pending"]] == [str(stuck)]
    assert database_holds(database_url, SECRETS) == []
    record = as_json(cli("privacy", "destructions", "--json", now=PAST))["items"][0]
    assert [p.split(" (")[0] for p in record["pending"]] == [str(stuck)]
    assert str(stuck) in ok(cli("privacy", "destructions", now=PAST)).out
    # When the folder is gone and destroy runs again
    stuck.rmdir()
    stuck.write_text("황보민철", encoding="utf-8")
    again = as_json(cli("privacy", "destroy", "--reason", "보존기간 경과", "--json", now=PAST))
    # Then nothing is due, the pending file is deleted and the record waits no more
    assert again == [] and not stuck.exists()
    assert as_json(cli("privacy", "destructions", "--json", now=PAST))["items"][0][
        "pending"] == []
