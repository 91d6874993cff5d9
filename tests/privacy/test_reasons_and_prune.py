"""Reasons for downloads (고시 제8조 제2항: a download of personal data needs its reason
checked), access records for searches and attachments, masking in search results, and pruning
the access records past their retention period while the chain stays verifiable. Through the
CLI on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from conftest import START, Cli, Result, as_json, ok, refused
from sqlalchemy import create_engine, text

from mediation.app import App
from mediation.privacy.monthly import month_summary


@pytest.fixture(autouse=True)
def html_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEDIATION_DOCUMENT_FORMAT", "html")


def _case(cli: Cli, now: datetime = START) -> str:
    number = ok(cli("case", "open", "--workflow", "neighbor_dispute", "--title", "층간소음",
                    "--mediator", "kim", "--supervisor", "park", now=now)).out.strip()
    ok(cli("party", "add", number, "--name", "홍길동", "--role", "applicant",
           "--phone", "010-1234-5678", user="kim", now=now))
    ok(cli("party", "add", number, "--name", "마포구청", "--role", "agency", user="kim",
           now=now))
    return number


def _log(cli: Cli) -> list[dict[str, object]]:
    found: list[dict[str, object]] = as_json(cli("privacy", "log", "--json"))["items"]
    return found


def test_downloads_keep_their_reasons_and_the_monthly_check_shows_them(
        cli: Cli, tmp_path: Path, app: App) -> None:
    # Given a case with a private applicant and a photo of theirs
    number = _case(cli)
    photo = tmp_path / "현장.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 64)
    ok(cli("attach", "add", number, str(photo), "--kind", "photo", "--party", "1", user="kim"))
    [letter] = as_json(cli("letter", "render", number, "receipt", "--party", "1", "--json",
                           user="kim"))
    # When kim takes the case file, the photo and the letter out, each with its reason
    ok(cli("case", "export", number, "--out", str(tmp_path / "c.zip"), "--reason", "기록물 이관",
           user="kim"))
    ok(cli("attach", "get", "1", "--out", str(tmp_path / "p.png"), "--reason", "감정 의뢰",
           user="kim"))
    ok(cli("letter", "print", letter["number"], "--out", str(tmp_path / "l.html"),
           "--reason", "재발송", user="kim"))
    ok(cli("attach", "list", number, user="kim"))
    # Then each access record keeps it
    records = {r["what"]: r for r in _log(cli)}
    assert records["case export"]["reason"] == "기록물 이관"
    assert (records["attach get"]["action"], records["attach get"]["reason"],
            records["attach get"]["parties"]) == ("download", "감정 의뢰", [1])
    assert (records["letter print"]["action"], records["letter print"]["reason"]) == (
        "print", "재발송")
    assert (records["attach list"]["action"], records["attach list"]["parties"]) == ("read", [1])
    # and `privacy log` shows them
    shown = ok(cli("privacy", "log")).out
    assert "(사유: 기록물 이관)" in shown and "(사유: 감정 의뢰)" in shown
    # and the monthly check of November (the review e-mail's summary) lists the reasons
    with app.db.read() as conn:
        _, users = month_summary(conn, datetime(2026, 12, 1, 9, tzinfo=START.tzinfo))
    [kim] = [u.context() for u in users if u.username == "kim"]
    assert (kim["downloads"], kim["reasons"]) == (2, "기록물 이관; 감정 의뢰")


def test_search_masks_private_names_for_users_not_on_the_case_and_records_whole_ones(
        cli: Cli) -> None:
    number = _case(cli)
    # When the case's mediator searches for the applicant
    [own] = as_json(cli("case", "search", "홍길동", "--json", user="kim"))
    # Then the name is shown whole, and that is an access record
    assert "당사자: 홍길동" in [m["label_ko"] for m in own["matched"]]
    [record] = [r for r in _log(cli) if r["what"] == "case search"]
    assert (record["account"], record["parties"], record["case"]) == ("kim", [1], number)
    # When an admin, not on the case, searches
    [other] = as_json(cli("case", "search", "홍길동", "--json"))
    labels = [m["label_ko"] for m in other["matched"]]
    # Then the private name is masked as the other lists mask it; an agency stays whole
    assert "당사자: 홍○동" in labels and not any("홍길동" in x for x in labels)
    assert "당사자: 마포구청" in [m["label_ko"] for m in
                             as_json(cli("case", "search", "마포구청", "--json"))[0]["matched"]]
    assert "홍○동" in ok(cli("case", "search", "홍길동")).out
    # and nothing more is recorded for the masked result
    assert [r["what"] for r in _log(cli)].count("case search") == 1


def _tamper(url: str, seq: int) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE access_records SET what = 'x' WHERE seq = :s"), {"s": seq})
    engine.dispose()


def test_pruning_keeps_the_chain_verifiable_and_tampering_still_shows(
        cli: Cli, database_url: str) -> None:
    # Given records from 2026 (3 of them) and 2029 (2)
    later = datetime(2029, 1, 10, 9, tzinfo=START.tzinfo)
    number = _case(cli)
    ok(cli("case", "show", number, user="kim"))
    ok(cli("party", "list", number, user="kim"))
    ok(cli("case", "show", number, user="kim", now=later))
    ok(cli("party", "list", number, user="kim", now=later))
    assert len(_log(cli)) == 5
    # When an admin looks in 2029 (records kept 2 years: before 2027-01-10 are past)
    dry = as_json(cli("privacy", "prune", "--dry-run", "--json", now=later))
    assert (dry["records"], dry["through_seq"]) == (3, 3)
    assert len(_log(cli)) == 5
    # a supervisor may not prune
    refused(cli("privacy", "prune", user="park", now=later))
    done = as_json(cli("privacy", "prune", "--json", now=later))
    assert (done["records"], done["through_seq"], done["dry_run"]) == (3, 3, False)
    # Then the older records are gone, the pruning itself is recorded
    left = _log(cli)
    assert [r["seq"] for r in left] == [4, 5, 6]
    assert (left[-1]["action"], left[-1]["what"], left[-1]["parties"]) == (
        "delete", "privacy prune", [])
    assert "3건" in str(left[-1]["reason"]) and "#3" in str(left[-1]["reason"])
    # and the chain still verifies, from its new start
    assert "이상 없음 (3건)" in ok(cli("privacy", "verify")).out
    ok(cli("case", "show", number, user="kim", now=later))
    ok(cli("privacy", "verify"))
    # But a record changed after pruning is named
    _tamper(database_url, 4)
    err = ok_or_broken(cli("privacy", "verify"))
    assert "#4" in err
    # and pruning again finds nothing more to prune
    assert as_json(cli("privacy", "prune", "--dry-run", "--json", now=later))["records"] == 0


def ok_or_broken(result: Result) -> str:
    """The output of `privacy verify` that found the chain broken (exit 4)."""
    assert result.code == 4, result
    return result.out


def test_deleting_the_first_record_after_pruning_is_caught(cli: Cli, database_url: str) -> None:
    later = datetime(2029, 1, 10, 9, tzinfo=START.tzinfo)
    number = _case(cli)
    ok(cli("case", "show", number, user="kim", now=later))
    ok(cli("privacy", "prune", now=later))
    engine = create_engine(database_url)
    with engine.begin() as conn:
        first = conn.execute(text("SELECT min(seq) FROM access_records")).scalar_one()
        conn.execute(text("DELETE FROM access_records WHERE seq = :s"), {"s": first})
    engine.dispose()
    assert f"#{first}" in ok_or_broken(cli("privacy", "verify"))


def test_a_workflows_retention_years_overrides_the_setting(cli: Cli, tmp_path: Path) -> None:
    from conftest import WORKFLOWS

    # Given a closed neighbour-dispute case, and a copy of the workflows where that
    # workflow keeps personal data 3 years
    number = _case(cli)
    ok(cli("case", "advance", number, "decline", "--note", "조정 부적합", user="kim"))
    folder = tmp_path / "wf"
    folder.mkdir()
    for f in WORKFLOWS.glob("*.yaml"):
        body = f.read_text("utf-8")
        if f.name == "neighbor_dispute.yaml":
            body = body.replace("# retention_years: 10", "retention_years: 3")
        (folder / f.name).write_text(body, "utf-8")
    when = datetime(2029, 11, 24, 10, tzinfo=START.tzinfo)
    # Then with the default 10 years nothing is due, with the workflow's 3 the case is
    assert as_json(cli("privacy", "due", "--json", now=when)) == []
    due = as_json(cli("privacy", "due", "--json", now=when, MEDIATION_WORKFLOWS_DIR=str(folder)))
    assert [d["number"] for d in due] == [number] and due[0]["due_at"].startswith("2029-11-24")
    # and the workflow's period wins over the setting too
    assert as_json(cli("privacy", "due", "--json", now=when, MEDIATION_RETENTION_YEARS="20",
                       MEDIATION_WORKFLOWS_DIR=str(folder)))[0]["number"] == number
    # And destruction counts with the same period: refused under the default ten years,
    # done under the workflow's three
    early = cli("privacy", "destroy", number, "--reason", "보존기간 경과", now=when)
    assert early.code == 4 and "2036. 11. 24." in early.err
    destroyed = as_json(cli("privacy", "destroy", "--reason", "보존기간 경과", "--json", now=when,
                            MEDIATION_WORKFLOWS_DIR=str(folder)))
    assert [d["number"] for d in destroyed] == [number]
    assert destroyed[0]["due_at"].startswith("2029-11-24") and destroyed[0]["forced"] is False


def test_a_bad_retention_years_is_refused_with_its_key(tmp_path: Path) -> None:
    from conftest import WORKFLOWS

    from mediation.core.errors import DefinitionError
    from mediation.workflow.loader import parse

    body = (WORKFLOWS / "neighbor_dispute.yaml").read_text("utf-8").replace(
        "# retention_years: 10", "retention_years: 0")
    with pytest.raises(DefinitionError, match="retention_years"):
        parse(body, "x.yaml")


def test_an_anchor_after_the_pruned_records_still_matches_one_before_them_says_so(
        cli: Cli, tmp_path: Path) -> None:
    # Given a record of 2026-11-24, an anchor of the next day, a record of 2026-12-01 and an
    # anchor of early 2028
    tz = START.tzinfo
    number = _case(cli)
    old, new = tmp_path / "2026.txt", tmp_path / "2028.txt"
    ok(cli("audit", "anchor", "--out", str(old), now=datetime(2026, 11, 25, 9, tzinfo=tz)))
    ok(cli("case", "show", number, user="kim", now=datetime(2026, 12, 1, 9, tzinfo=tz)))
    ok(cli("audit", "anchor", "--out", str(new), now=datetime(2028, 1, 5, 9, tzinfo=tz)))
    when = datetime(2029, 1, 10, 9, tzinfo=tz)
    ok(cli("case", "show", number, user="kim", now=when))
    # When the 2026 records are pruned in 2029
    assert as_json(cli("privacy", "prune", "--json", now=when))["records"] == 2
    # Then the 2028 anchor, whose access head is the chain's new start, still matches
    result = cli("audit", "verify", "--anchor", str(new), "--json", now=when)
    assert result.code == 0, result.out
    assert json.loads(result.out)["anchor"]["ok"] is True
    # and the 2026 one, taken inside the pruned range, says it cannot be checked
    shown = cli("audit", "verify", "--anchor", str(old), now=when)
    assert shown.code == 4 and "확인할 수 없음" in shown.out and "privacy prune" in shown.out
