"""The retention list (법 제21조): `privacy due` names the closed cases whose personal data is
past the retention period counted from closure, and destroys nothing. On SQLite and
PostgreSQL."""

from __future__ import annotations

from datetime import datetime

import pytest
from conftest import START, Cli, as_json, ok, refused


@pytest.fixture(autouse=True)
def html_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEDIATION_DOCUMENT_FORMAT", "html")


def test_a_case_closed_longer_ago_than_the_retention_period_is_due(cli: Cli) -> None:
    # Given a case with a private person, closed on 2026-11-24, and an open one
    number = ok(cli("case", "open", "--workflow", "neighbor_dispute", "--title", "층간소음",
                    "--mediator", "kim", "--supervisor", "park")).out.strip()
    ok(cli("party", "add", number, "--name", "홍길동", "--role", "applicant", user="kim"))
    ok(cli("case", "advance", number, "decline", "--note", "조정 부적합", user="kim"))
    ok(cli("case", "open", "--workflow", "neighbor_dispute", "--title", "누수",
           "--mediator", "kim", "--supervisor", "park"))
    tz = START.tzinfo
    # When the office keeps personal data 3 years
    # Then a day before the third anniversary nothing is due, on it the closed case is
    before = as_json(cli("privacy", "due", "--json", now=datetime(2029, 11, 23, 9, tzinfo=tz),
                         MEDIATION_RETENTION_YEARS="3"))
    after = as_json(cli("privacy", "due", "--json", now=datetime(2029, 11, 24, 10, tzinfo=tz),
                        MEDIATION_RETENTION_YEARS="3"))
    assert before == []
    assert [(d["number"], d["private_parties"]) for d in after] == [(number, 1)]
    assert after[0]["due_at"].startswith("2029-11-24")
    # and with the default of 10 years it is not due yet
    assert as_json(cli("privacy", "due", "--json",
                       now=datetime(2029, 11, 24, 10, tzinfo=tz))) == []
    # and nothing was destroyed
    assert as_json(cli("party", "list", number, "--json"))[0]["name"] == "홍길동"
    # and a mediator may not ask
    refused(cli("privacy", "due", user="kim"))
