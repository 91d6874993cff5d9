"""Stories of the audit trail: `mediation audit verify` passes on an untouched database and,
after someone edits the database behind the product's back, exits 4 naming the first
broken event of the tampered case (in text and in JSON), on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import ADMIN, Cli, Result
from sqlalchemy import create_engine, text

from mediation.app import App
from mediation.cases.commands import CaseFields
from mediation.parties.commands import PartyFields

TAMPERED = "2026-0001"
UNTOUCHED = "2026-0002"


@pytest.fixture
def cases(app: App) -> dict[str, int]:
    """Two cases with their event counts. 2026-0001's events begin: 1 opened, 2 diagnose
    (with a note), 3 grade recorded, 4 plan, 5 and 6 parties added."""
    park = app.users.actor("park")
    tampered = app.cases.open_case(park, workflow="public_conflict", mediator="kim", supervisor="park",
                             fields=CaseFields(title="가상 버스차고지 이전 갈등")).number
    app.moves.advance(park, tampered, "diagnose", "주민 민원 5건 접수")
    app.cases.update_case(park, tampered, CaseFields(grade="B"))
    app.moves.advance(park, tampered, "plan")
    app.parties.add_party(park, tampered, PartyFields(name="가상 주민대표", role="resident_group"))
    app.parties.add_party(park, tampered, PartyFields(name="가상 교통과", role="department"))
    untouched = app.cases.open_case(park, workflow="neighbor_dispute", mediator="lee",
                              supervisor="choi", fields=CaseFields(title="가상 층간소음")).number
    assert (tampered, untouched) == (TAMPERED, UNTOUCHED)
    assert [e.kind for e in app.reading.history(ADMIN, tampered)][:6] == [
        "opened", "transition", "updated", "transition", "party_added", "party_added"]
    return {number: len(app.reading.history(ADMIN, number)) for number in (tampered, untouched)}


def tamper(url: str, sql: str, seq: int) -> None:
    """Run ``sql`` on the database directly, as someone with the file or a login would."""
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            case_id = conn.execute(text("SELECT id FROM cases WHERE number = :n"),
                                   {"n": TAMPERED}).scalar_one()
            changed = conn.execute(text(sql), {"case_id": case_id, "seq": seq}).rowcount
            assert changed == 1
    finally:
        engine.dispose()


def verify(cli: Cli, *argv: str, user: str = "park") -> tuple[Result, dict[str, Any]]:
    """``audit verify`` in text and in JSON, by default as park: a supervisor checks the
    whole database."""
    text_result = cli("audit", "verify", *argv, user=user)
    json_result = cli("audit", "verify", *argv, "--json", user=user)
    assert json_result.code == text_result.code
    data: dict[str, Any] = json.loads(json_result.out)
    return text_result, data


def test_the_audit_trail_of_an_untouched_database_verifies(cli: Cli, cases: dict[str, int]) -> None:
    # Given two cases written only through the product
    # When the audit trail is verified, for every case and for one
    result, data = verify(cli)
    one, one_data = verify(cli, TAMPERED)
    # Then it passes, counting each case's events
    assert result.code == 0, result.err
    assert result.err == ""
    assert data["ok"] is True
    assert {c["number"]: (c["ok"], c["events"]) for c in data["cases"]} == {
        **{n: (True, count) for n, count in cases.items()},
        "~users": (True, 5)}  # the users' trail: the five seeded users, each added once
    assert (one.code, one_data["ok"], [c["number"] for c in one_data["cases"]]) == (
        0, True, [TAMPERED])


LAST = -1  # stands for the case's last event
TAMPERS = {
    "an event's note is changed": (
        "UPDATE case_events SET note = '민원 없음' WHERE case_id = :case_id AND seq = :seq", 2),
    "an event's actor is changed": (
        "UPDATE case_events SET actor = 'lee' WHERE case_id = :case_id AND seq = :seq", 5),
    "a middle event is deleted": (
        "DELETE FROM case_events WHERE case_id = :case_id AND seq = :seq", 3),
    "the last event is deleted": (
        "DELETE FROM case_events WHERE case_id = :case_id AND seq = :seq", LAST),
    "an event's link to the previous one is changed": (
        "UPDATE case_events SET prev_hash = '" + "f" * 64 + "' "
        "WHERE case_id = :case_id AND seq = :seq", 4),
}


@pytest.mark.parametrize("how", list(TAMPERS))
def test_tampering_with_the_database_is_found_and_the_first_broken_event_named(
        cli: Cli, app: App, database_url: str, cases: dict[str, int], how: str) -> None:
    # Given a case whose events were edited directly in the database
    sql, seq = TAMPERS[how]
    seq = cases[TAMPERED] if seq == LAST else seq
    tamper(database_url, sql, seq)
    # When the audit trail is verified
    result, data = verify(cli)
    # Then the command exits 4 and names the first broken event of that case
    assert result.code == 4, result
    assert result.err == ""
    lines = {line.split(":", 1)[0]: line for line in result.out.splitlines()}
    assert f"#{seq}:" in lines[TAMPERED], lines[TAMPERED]
    assert "손상" in lines[TAMPERED]
    by_number = {c["number"]: c for c in data["cases"]}
    assert data["ok"] is False
    assert (by_number[TAMPERED]["ok"], by_number[TAMPERED]["broken_seq"]) == (False, seq)
    # ... while the other case still verifies
    assert (by_number[UNTOUCHED]["ok"], by_number[UNTOUCHED]["broken_seq"]) == (True, None)
    assert "정상" in lines[UNTOUCHED]
    # ... and verifying the tampered case alone, in English, says the same
    alone = cli("audit", "verify", TAMPERED, "--lang", "en", user="kim")
    assert alone.code == 4
    assert f"{TAMPERED}: audit trail BROKEN — #{seq}:" in alone.out
    assert cli("audit", "verify", UNTOUCHED, user="lee").code == 0  # its mediator
