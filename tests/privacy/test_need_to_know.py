"""Need to know: a list over many cases shows a private person's name masked to users not
on that case (an admin listing every case), whole to the case's mediator and supervisor;
organisations stay whole; on the case itself every reader sees the name whole. Through
the CLI on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from conftest import Cli, as_json, ok
from support.cases import at
from support.stories import signed_with_private_owner

from mediation.app import App
from mediation.core.clock import FrozenClock


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


def test_the_reminders_list_masks_a_private_owners_address_for_users_not_on_the_case(
        mapp: App, clock: FrozenClock) -> None:
    # Given a signed agreement whose item is owned by a private person with an e-mail address,
    # and the owner's reminder sent 14 days before the due date
    _, owner = signed_with_private_owner(mapp, clock)
    clock.set(at(2026, 12, 31, 18, 5))
    mapp.reminders.run_due(("send",))

    def owner_rows(who: str) -> set[tuple[str, ...]]:
        page = mapp.reminders.reminder_page(mapp.users.actor(who), "all", limit=1000)
        return {r.recipients for r in page.items
                if r.audience == f"party:{owner.id}" and r.status == "sent"}

    # When kim (on the case) and an admin (not on it) list the reminders across cases
    # Then kim sees the owner's address whole, the admin masked
    assert owner_rows("kim") == {("hong@example.org",)}
    assert owner_rows("admin") == {("h***@example.org",)}
