"""Tamper evidence against direct edits of the database: the case row must be the replay of
its events, the users' table the replay of the users' trail, and an anchor kept outside the
database shows a case deleted or a chain rewritten before its moment."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import START, Cli, ok
from sqlalchemy import select, text

from mediation.app import App
from mediation.core.audit import GENESIS, EventRecord, event_hash
from mediation.storage.cases import events


def a_case(cli: Cli) -> str:
    """A case of kim's, moved once, an hour after START."""
    opened = cli("case", "open", "--workflow", "public_conflict", "--title", "가상 갈등",
                 "--mediator", "kim", "--supervisor", "park", "--json")
    number = str(json.loads(ok(opened).out)["number"])
    ok(cli("case", "advance", number, "diagnose", user="kim", now=START + timedelta(hours=1)))
    return number


def sql(app: App, statement: str, **params: Any) -> None:
    with app.db.write() as conn:
        conn.execute(text(statement), params)


def verify(cli: Cli, *argv: str) -> tuple[int, dict[str, Any]]:
    result = cli("audit", "verify", *argv, "--json", now=START + timedelta(days=1))
    return result.code, json.loads(result.out)


def rehash_chain(app: App, number: str) -> None:
    """What someone with database access does to hide an edit: recompute the whole chain."""
    with app.db.write() as conn:
        case_id = conn.execute(text("SELECT id FROM cases WHERE number = :n"), {"n": number}).scalar()
        rows = conn.execute(select(events).where(events.c.case_id == case_id)
                            .order_by(events.c.seq)).mappings().all()
        prev = GENESIS
        for r in rows:
            record = EventRecord(number=number, seq=r["seq"], at=r["at"], actor=r["actor"],
                                 kind=r["kind"], from_state=r["from_state"],
                                 to_state=r["to_state"], trigger=r["trigger"], note=r["note"],
                                 details=r["details"], prev_hash=prev)
            prev = event_hash(record)
            conn.execute(text("UPDATE case_events SET prev_hash = :p, hash = :h WHERE id = :i"),
                         {"p": record.prev_hash, "h": prev, "i": r["id"]})
        conn.execute(text("UPDATE cases SET audit_head = :h WHERE id = :c"),
                     {"h": prev, "c": case_id})


EDITS: dict[str, Callable[[App, str], None]] = {
    "the state and closed flag": lambda app, n: sql(
        app, "UPDATE cases SET state = 'closed_resolved', closed = :t WHERE number = :n",
        t=True, n=n),
    "the mediator": lambda app, n: sql(app, "UPDATE cases SET mediator = 'lee' WHERE number = :n",
                                       n=n),
    "the version": lambda app, n: sql(app, "UPDATE cases SET version = 9 WHERE number = :n", n=n),
    "the last event deleted, head and version moved back": lambda app, n: (
        sql(app, "DELETE FROM case_events WHERE seq = 2 AND case_id = "
                 "(SELECT id FROM cases WHERE number = :n)", n=n),
        sql(app, "UPDATE cases SET version = 1, audit_head = (SELECT hash FROM case_events "
                 "WHERE seq = 1 AND case_id = cases.id) WHERE number = :n", n=n)),
    "every event deleted and the head zeroed": lambda app, n: (
        sql(app, "DELETE FROM case_events WHERE case_id = (SELECT id FROM cases WHERE number = :n)",
            n=n),
        sql(app, "UPDATE cases SET audit_head = :g, version = 0 WHERE number = :n", g=GENESIS,
            n=n)),
}


@pytest.mark.parametrize("edit", EDITS, ids=list(EDITS))
def test_a_case_row_that_is_not_the_replay_of_its_events_is_found(
        app: App, cli: Cli, edit: str) -> None:
    # Given a case whose chain verifies
    number = a_case(cli)
    assert verify(cli, number)[0] == 0
    # When its row or its events are edited directly in the database
    EDITS[edit](app, number)
    # Then audit verify says the case is broken and exits 4
    code, report = verify(cli, number)
    assert code == 4 and report["ok"] is False
    assert report["cases"][0]["number"] == number and report["cases"][0]["ok"] is False


def test_a_user_made_admin_behind_the_program_s_back_is_found(app: App, cli: Cli) -> None:
    # Given a verified database
    a_case(cli)
    assert verify(cli)[0] == 0
    # When kim is made an admin by direct SQL
    sql(app, "UPDATE users SET role = 'admin' WHERE username = 'kim'")
    # Then the users' trail no longer replays to the table
    code, report = verify(cli)
    users = [r for r in report["cases"] if r["number"] == "~users"]
    assert code == 4 and users[0]["ok"] is False and "kim" in users[0]["reason_en"]


def test_users_changed_through_the_program_keep_their_trail_verified(cli: Cli) -> None:
    # When users are added, changed, mapped to a login, deactivated and activated
    ok(cli("user", "update", "kim", "--email", "kim2@example.org", "--login", "kim-os"))
    ok(cli("user", "deactivate", "lee"))
    ok(cli("user", "activate", "lee"))
    # Then the whole database verifies
    code, report = verify(cli)
    assert code == 0 and report["ok"] is True


def test_an_anchor_kept_outside_shows_a_deleted_case_or_a_rewritten_chain(
        app: App, cli: Cli, tmp_path: Path) -> None:
    # Given two cases and an anchor written to a file the next day
    first, second = a_case(cli), a_case(cli)
    anchors = tmp_path / "anchors.txt"
    ok(cli("audit", "anchor", "--out", str(anchors), now=START + timedelta(days=1)))
    code, report = verify(cli, "--anchor", str(anchors))
    assert code == 0 and report["anchor"]["ok"] is True
    # And a later step, after the anchor, changes nothing it pinned
    ok(cli("case", "update", first, "--grade", "B", user="park", now=START + timedelta(days=2)))
    assert verify(cli, "--anchor", str(anchors))[0] == 0
    # When the first case's content is edited and its chain recomputed to match
    sql(app, "UPDATE case_events SET note = '위조' WHERE seq = 2 AND case_id = "
             "(SELECT id FROM cases WHERE number = :n)", n=first)
    rehash_chain(app, first)
    # Then every chain verifies on its own, but the anchor does not
    code, report = verify(cli, "--anchor", str(anchors))
    assert all(r["ok"] for r in report["cases"])
    assert code == 4 and report["anchor"]["ok"] is False
    # When the second case is deleted with its events and everything that refers to it
    line = anchors.read_text(encoding="utf-8").strip()
    sql(app, "DELETE FROM case_events WHERE case_id = (SELECT id FROM cases WHERE number = :n)",
        n=second)
    for table in ("reminders", "deadlines", "search_text"):
        sql(app, f"DELETE FROM {table} WHERE case_id = (SELECT id FROM cases WHERE number = :n)",
            n=second)
    sql(app, "DELETE FROM cases WHERE number = :n", n=second)
    # Then the anchor line given as text shows it: one chain fewer
    code, report = verify(cli, "--anchor", line)
    assert code == 4 and report["anchor"]["found"] == report["anchor"]["chains"] - 1


def test_a_malformed_anchor_is_bad_input(cli: Cli, tmp_path: Path) -> None:
    empty = tmp_path / "none.txt"
    empty.write_text("nothing here\n", encoding="utf-8")
    for value in ("mediation-anchor:v1 yesterday 2 abc", str(empty), str(tmp_path / "missing")):
        result = cli("audit", "verify", "--anchor", value)
        assert result.code == 2 and len(result.err.splitlines()) == 1


def an_agreement(app: App, clock: Any) -> str:
    """A public case walked to implementation: two parties who consented (one to open
    meetings), two issues settled, two items (one edited after a signature, voiding it),
    every party's signature, the confirmation, one commitment done."""
    from support.stories import drive_public

    from mediation.agreement.commands import ItemFields

    number = drive_public(app, "drafting")
    kim = app.users.actor("kim")
    parties = [p.id for p in app.parties.list_parties(kim, number)]
    steps = [
        lambda: app.parties.open_consent(kim, number, parties[0]),
        lambda: app.agreement.add_issue(kim, number, "가상 쟁점: 진입로 폭"),
        lambda: app.agreement.add_issue(kim, number, "가상 쟁점: 공사 시간"),
        lambda: app.agreement.settle_issue(kim, number, 1, "agreed"),
        lambda: app.agreement.add_item(kim, number, ItemFields(
            text="진입로를 6m로 넓힌다", owner_party_id=parties[0],
            due=START.date() + timedelta(days=60), check_method="현장 확인")),
        lambda: app.agreement.sign_agreement(kim, number, parties[0]),
        lambda: app.agreement.add_item(kim, number, ItemFields(
            text="공사는 평일 9시-18시에만 한다", owner_party_id=parties[1],
            due=START.date() + timedelta(days=90))),
        *[lambda p=p: app.agreement.sign_agreement(kim, number, p) for p in parties],
        lambda: app.agreement.confirm_agreement(kim, number),
        lambda: app.moves.advance(kim, number, "sign"),
        lambda: app.agreement.settle_commitment(kim, number, 1, "done", "현장 확인 완료"),
    ]
    for step in steps:
        clock.advance(timedelta(minutes=5))
        step()
    return number


RECORD_EDITS: dict[str, str] = {
    "a party's e-mail": "UPDATE parties SET email = 'x@evil.example' WHERE case_id = :c "
                        "AND id = (SELECT MIN(id) FROM parties WHERE case_id = :c)",
    "a party's name": "UPDATE parties SET name = '다른 사람' WHERE case_id = :c",
    "a party's consent": "UPDATE parties SET consent = 'declined' WHERE case_id = :c",
    "a party added": "INSERT INTO parties (case_id, name, role, representative, lang, "
                     "created_at) SELECT case_id, '끼워 넣은 당사자', role, representative, lang, "
                     "created_at FROM parties WHERE case_id = :c AND id = "
                     "(SELECT MIN(id) FROM parties WHERE case_id = :c)",
    "an issue's outcome": "UPDATE dispute_issues SET status = 'agreed' WHERE case_id = :c",
    "an item's text": "UPDATE agreement_items SET text = '진입로를 3m로 넓힌다' WHERE case_id = :c",
    "an item's due date": "UPDATE agreement_items SET due = '2030-01-01' WHERE case_id = :c",
    "a commitment's status": "UPDATE agreement_items SET status = 'breached' WHERE case_id = :c",
    "an item added": "INSERT INTO agreement_items (case_id, text, owner_party_id, due, version, "
                     "status, created_at, updated_at) SELECT case_id, '추가 항목', owner_party_id, "
                     "due, 1, 'open', created_at, updated_at FROM agreement_items WHERE "
                     "case_id = :c AND id = (SELECT MIN(id) FROM agreement_items WHERE case_id = :c)",
    "a voided signature revived": "UPDATE agreement_signatures SET voided_at = NULL "
                                  "WHERE case_id = :c",
    "a signature deleted": "DELETE FROM agreement_signatures WHERE case_id = :c AND id = "
                           "(SELECT MAX(id) FROM agreement_signatures WHERE case_id = :c)",
    "the confirmation deleted": "DELETE FROM agreement_confirmations WHERE case_id = :c",
}


@pytest.mark.parametrize("edit", RECORD_EDITS, ids=list(RECORD_EDITS))
def test_parties_issues_and_the_agreement_are_the_replay_of_their_events(
        app: App, cli: Cli, clock: Any, edit: str) -> None:
    # Given a case with parties, issues, a signed and confirmed agreement and a commitment,
    # whose every record verifies
    number = an_agreement(app, clock)
    code, report = verify(cli, number)
    assert code == 0, report
    # When one record is changed by direct SQL (the events untouched)
    with app.db.write() as conn:
        case_id = conn.execute(text("SELECT id FROM cases WHERE number = :n"),
                               {"n": number}).scalar()
        assert conn.execute(text(RECORD_EDITS[edit]), {"c": case_id}).rowcount >= 1
    # Then audit verify finds the case broken, naming what differs
    code, report = verify(cli, number)
    assert code == 4 and report["cases"][0]["ok"] is False
    assert "not the replay" in report["cases"][0]["reason_en"]


def test_contacts_are_checked_without_being_copied_into_the_trail(app: App, cli: Cli) -> None:
    # Given a party added with an e-mail, a phone and an address
    number = a_case(cli)
    ok(cli("party", "add", number, "--name", "가상 주민", "--role", "applicant", "--email",
           "resident@example.org", "--phone", "010-1234-5678", "--address", "서울시 가상구 1",
           user="kim", now=START + timedelta(hours=2)))
    # Then its event records a digest of the contacts, not the contacts
    history = json.loads(ok(cli("case", "history", number, "--json", user="kim",
                                now=START + timedelta(hours=3))).out)
    added = json.dumps([e for e in history if e["kind"] == "party_added"], ensure_ascii=False)
    assert "010-1234-5678" not in added and "resident@example.org" not in added
    assert "contacts" in added
    # And a phone changed by direct SQL shows
    sql(app, "UPDATE parties SET phone = '010-0000-0000' WHERE name = '가상 주민'")
    code, report = verify(cli, number)
    assert code == 4 and "contacts" in report["cases"][0]["reason_en"]
