"""Approval (결재) of outgoing letters, through the CLI on SQLite and PostgreSQL: a letter the
workflow lists under `approval:` is a draft until the case's supervisor approves it; the
approved letter carries the approver and the date in its 결재란 and can be sent; a returned
draft is corrected with --replaces; a transition's letters wait in the queue."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import ADMIN, START, Cli, as_json, ok, refused
from support.stories import drive_neighbor, drive_public

from mediation.app import App
from mediation.core.clock import FrozenClock
from mediation.mail.fake import RecordingMailer


@pytest.fixture(autouse=True)
def text_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEDIATION_DOCUMENT_FORMAT", "txt")


def render(cli: Cli, number: str, kind: str, *extra: str) -> dict[str, Any]:
    [doc] = as_json(cli("letter", "render", number, kind, *extra, "--json", user="kim"))
    return doc  # type: ignore[no-any-return]


def with_email(app: App, cli: Cli, number: str) -> str:
    party = as_json(cli("party", "add", number, "--name", "홍길동", "--role", "applicant",
                        "--email", "hong@example.org", "--json", user="kim"))
    return str(party["id"])


def test_a_letter_is_a_draft_until_the_supervisor_approves_it(app: App, cli: Cli) -> None:
    number = drive_public(app, "strategy")
    party = with_email(app, cli, number)
    draft = render(cli, number, "progress", "--party", party)
    assert draft["status"] == "draft" and draft["output_path"].endswith("_draft.txt")
    text = Path(draft["output_path"]).read_text(encoding="utf-8")
    assert "결재 전 초안입니다" in text and "결재권자 갈등조정담당관 박담당 (결재 전)" in text
    # it is not sent, and the refusal says who approves it
    message = refused(cli("letter", "send", number, draft["number"], user="kim"))
    assert "letter approve" in message and "결재" in message
    # it is in the supervisor's queue; the mediator may not approve it
    queue = as_json(cli("letter", "drafts", "--json", user="park"))
    assert [d["number"] for d in queue] == [draft["number"]]
    refused(cli("letter", "approve", draft["number"], user="kim"))
    refused(cli("letter", "approve", draft["number"], user="lee"))
    # the supervisor reads it and approves it: same number, the approval printed
    ok(cli("letter", "print", draft["number"], "--out", "-", user="park"))
    approved = as_json(cli("letter", "approve", draft["number"], "--comment", "이상 없음",
                           "--json", user="park"))
    assert (approved["number"], approved["status"], approved["reviewed_by"]) == (
        draft["number"], "issued", "park")
    final = Path(approved["output_path"]).read_text(encoding="utf-8")
    assert "결재권자 갈등조정담당관 박담당 2026. 11. 24." in final
    assert "결재 전" not in final
    assert Path(draft["output_path"]).exists()  # the draft stays beside it
    assert as_json(cli("letter", "drafts", "--json", user="park")) == []
    # now it is sent; the history has the draft, the approval and the sending
    ok(cli("letter", "send", number, draft["number"], user="kim"))
    kinds = [e["kind"] for e in as_json(cli("case", "history", number, "--json"))]
    assert kinds[-3:] == ["document", "document_approved", "document_sent"]
    history = ok(cli("case", "history", number)).out
    assert f"문서 결재 {draft['number']}" in history and "이상 없음" in history
    assert as_json(cli("audit", "verify", number, "--json"))["ok"] is True
    # approving twice is refused
    refused(cli("letter", "approve", draft["number"], user="park"))


def test_a_returned_draft_is_corrected_and_approved(app: App, cli: Cli) -> None:
    number = drive_public(app, "strategy")
    party = with_email(app, cli, number)
    draft = render(cli, number, "receipt", "--party", party)
    refused(cli("letter", "return", draft["number"], user="park"), code=2)  # needs a comment
    ok(cli("letter", "return", draft["number"], "--comment", "사건명을 정확히", user="park"))
    listed = ok(cli("letter", "list", number)).out
    assert "반려" in listed and "반려 의견: 사건명을 정확히" in listed
    refused(cli("letter", "send", number, draft["number"], user="kim"))
    # a receipt is issued once: the mediator corrects the returned one
    assert "--replaces" in refused(cli("letter", "render", number, "receipt", "--party", party,
                                       user="kim"))
    fixed = render(cli, number, "receipt", "--replaces", draft["number"])
    assert (fixed["status"], fixed["replaces"]) == ("draft", draft["number"])
    ok(cli("letter", "approve", fixed["number"], user="park"))
    entries = {d["number"]: d for d in as_json(cli("letter", "list", number, "--json"))}
    assert entries[draft["number"]]["status"] == "replaced"
    assert entries[fixed["number"]]["status"] == "issued"
    assert as_json(cli("audit", "verify", number, "--json"))["ok"] is True


def test_a_transition_s_letters_wait_for_approval(app: App, cli: Cli) -> None:
    number = drive_public(app, "convening")  # `convene` wrote one invitation per party
    letters = as_json(cli("letter", "list", number, "--json"))
    invitations = [d for d in letters if d["kind"] == "invitation"]
    assert invitations and all(d["status"] == "draft" for d in invitations)
    queue = {d["number"] for d in as_json(cli("letter", "drafts", "--json", user="park"))}
    assert {d["number"] for d in invitations} <= queue
    # a mediator of another case does not see them
    assert as_json(cli("letter", "drafts", "--json", user="lee")) == []


def test_the_neighbour_workflow_needs_no_approval(app: App, cli: Cli) -> None:
    number = drive_neighbor(app, "site_visit")
    party = app.parties.list_parties(ADMIN, number)[0].id
    doc = render(cli, number, "progress", "--party", str(party))
    assert doc["status"] == "issued"


def test_a_draft_waiting_over_a_working_day_is_in_the_supervisor_s_morning_digest(
        mapp: App, clock: FrozenClock, mail: RecordingMailer) -> None:
    from mediation.documents.register import LetterRequest
    from mediation.parties.commands import PartyFields

    number = drive_public(mapp, "strategy")
    kim = mapp.users.actor("kim")
    party = mapp.parties.add_party(kim, number, PartyFields(name="홍길동", role="applicant"))
    [draft] = mapp.documents.render_documents(kim, LetterRequest(
        number=number, kind="progress", party_id=party.id, fmt="txt"))
    assert draft.status == "draft"
    # the next morning it has waited less than a working day: not in the digest
    clock.set(START.replace(day=25))
    mapp.reminders.run_due()
    assert not any(draft.number in m.text for m in mail.sent)
    # the morning after, it is
    clock.set(START.replace(day=26))
    mapp.reminders.run_due()
    [digest] = [m for m in mail.sent if m.subject.startswith("[일일 기한 현황]")
                and m.to[0].email == "park@example.org" and draft.number in m.text]
    assert "결재 대기 1건" in digest.subject
    assert f"- {draft.number} ({number}) 처리 진행상황 통지 — 수신 홍길동, 기안 김조정" in digest.text
