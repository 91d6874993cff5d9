"""Need to know: a list over many cases shows a private person's name masked to users not
on that case (an admin listing every case), whole to the case's mediator and supervisor;
organisations stay whole; on the case itself every reader sees the name whole. Through
the CLI on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from conftest import Cli, as_json, ok


@pytest.fixture(autouse=True)
def html_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEDIATION_DOCUMENT_FORMAT", "html")


def _drafts(cli: Cli, user: str) -> dict[int, str]:
    return {d["party_id"]: d["recipient"]
            for d in as_json(cli("letter", "drafts", "--json", user=user))}


def test_the_drafts_queue_masks_private_recipients_for_users_not_on_the_case(
        cli: Cli) -> None:
    # Given a public-conflict case of kim's, supervised by park, whose receipt notices
    # wait for approval: one to a private applicant, one to an agency
    number = ok(cli("case", "open", "--workflow", "public_conflict", "--title", "공원 조성",
                    "--mediator", "kim", "--supervisor", "park")).out.strip()
    ok(cli("party", "add", number, "--name", "홍길동", "--role", "applicant", user="kim"))
    ok(cli("party", "add", number, "--name", "마포구청", "--role", "agency", user="kim"))
    ok(cli("letter", "render", number, "receipt", "--party", "1", user="kim"))
    ok(cli("letter", "render", number, "receipt", "--party", "2", user="kim"))
    # When the supervisor on the case and an admin, who is not, list the drafts
    on_case, admin = _drafts(cli, "park"), _drafts(cli, "admin")
    # Then the supervisor sees the name whole, the admin masked; the agency stays whole
    assert on_case[1] == "홍길동" and admin[1] == "홍○동"
    assert on_case[2] == admin[2] != "마○청"
    # And on the case itself the admin reads the name whole
    parties = as_json(cli("party", "list", number, "--json"))
    assert parties[0]["name"] == "홍길동"
