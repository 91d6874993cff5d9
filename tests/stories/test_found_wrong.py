"""Workflow behaviour a new user found wrong (issue 11), each told through the CLI on SQLite
and PostgreSQL, with the audit chain verified after the story."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import WORKFLOWS, Cli, as_json, ok, refused

from mediation.core.errors import DefinitionError
from mediation.workflow.loader import parse


@pytest.fixture(autouse=True)
def html_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    """Letters as HTML: these stories are about the record, not PDF."""
    monkeypatch.setenv("MEDIATION_DOCUMENT_FORMAT", "html")


def show(cli: Cli, number: str, user: str = "kim") -> dict[str, Any]:
    data: dict[str, Any] = json.loads(ok(cli("case", "show", number, "--json", user=user)).out)
    return data


def verified(cli: Cli, number: str) -> None:
    assert as_json(cli("audit", "verify", number, "--json"))["ok"] is True


def neighbour_case(cli: Cli) -> str:
    return ok(cli("case", "open", "--workflow", "neighbor_dispute", "--title", "가상 층간소음",
                  "--mediator", "kim", "--supervisor", "park", user="kim")).out.strip()


def test_an_observer_does_not_block_counselling_in_a_neighbour_dispute(cli: Cli) -> None:
    # Given a neighbour dispute with two households and the management office as an observer
    number = neighbour_case(cli)
    up = ok(cli("party", "add", number, "--name", "가상 윗집", "--role", "respondent",
                user="kim")).out.strip()
    down = ok(cli("party", "add", number, "--name", "가상 아랫집", "--role", "applicant",
                  user="kim")).out.strip()
    ok(cli("party", "add", number, "--name", "가상 관리사무소", "--role", "참관인", user="kim"))
    ok(cli("case", "advance", number, "visit", user="kim"))
    ok(cli("case", "advance", number, "meet_separately", user="kim"))
    # When only one household consented, counselling is still refused
    ok(cli("party", "consent", number, down, user="kim"))
    assert "동의해야 합니다" in refused(cli("case", "advance", number, "counsel", user="kim"))
    # When both households consented (the observer never did)
    ok(cli("party", "consent", number, up, user="kim"))
    counsel = {t["trigger"]: t for t in show(cli, number)["triggers"]}["counsel"]
    assert counsel["ready"] is True
    ok(cli("case", "advance", number, "counsel", user="kim"))
    # Then the case is in counselling and its trail is intact
    assert show(cli, number)["case"]["state"] == "counselling"
    verified(cli, number)


def test_an_unknown_consent_role_is_refused_with_its_line(tmp_path: Path) -> None:
    # Given the neighbour workflow with a misspelt consent role
    text = (WORKFLOWS / "neighbor_dispute.yaml").read_text(encoding="utf-8")
    bad = text.replace("consent_roles: [applicant, respondent]",
                       "consent_roles:\n  - applicant\n  - neighbour")
    line = bad.splitlines().index("  - neighbour") + 1
    # When it loads, then the error names the key, the line and the roles known
    with pytest.raises(DefinitionError) as refused_:
        parse(bad, "neighbor_dispute.yaml")
    message = refused_.value.messages["en"]
    assert f"consent_roles[1] (line {line})" in message
    assert "unknown party role 'neighbour'" in message and "observer" in message
    # And the shipped file declares the households only
    assert parse(text).consent_roles == frozenset({"applicant", "respondent"})

