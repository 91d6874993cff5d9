"""Stories of issues in dispute, the agreement, its signatures and the commitments it
creates, told through the CLI on both backends: a public-conflict case to
``closed_resolved``, a partial agreement, a breach that reopens mediation, a neighbour
dispute to settlement, and the bad input that leaves the database unchanged."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from conftest import ADMIN, Cli, as_json, ok, refused
from support.stories import drive_neighbor
from support.stories import drive_public as drive

from mediation.app import App
from mediation.cases.commands import CaseFields
from mediation.parties.commands import PartyFields


def parties(app: App, number: str) -> list[int]:
    return [p.id for p in app.parties.list_parties(ADMIN, number)]


def add_item(cli: Cli, number: str, owner: int, text: str = "소음 저감 방음벽 설치",
             due: str = "2027-03-31") -> int:
    return int(ok(cli("agreement", "item", "add", number, "--text", text, "--owner", str(owner),
                      "--due", due, "--check", "현장 확인", "--cost-share", "구청 전액",
                      user="kim")).out)


def sign_all(cli: Cli, app: App, number: str) -> None:
    for party_id in parties(app, number):
        ok(cli("agreement", "sign", number, str(party_id), user="kim"))


def state(cli: Cli, number: str) -> str:
    data: dict[str, Any] = as_json(cli("case", "show", number, "--json", user="kim"))
    return str(data["case"]["state"])


def trail(cli: Cli, number: str) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = as_json(cli("case", "history", number, "--json"))
    return data


def test_a_public_conflict_is_signed_implemented_and_closed_as_resolved(
        cli: Cli, app: App) -> None:
    # Given a case drafting its agreement with two parties and one issue in dispute
    number = drive(app, "drafting")
    first, second = parties(app, number)
    issue = int(ok(cli("issue", "add", number, "방음벽 설치 위치", user="kim")).out)
    ok(cli("issue", "settle", number, str(issue), "--agreed", user="kim"))
    # When each party owns one item and both sign, and the mediating body confirms
    one = add_item(cli, number, first)
    two = add_item(cli, number, second, text="공사 시간 09–18시 준수", due="2027-01-15")
    sign_all(cli, app, number)
    confirmed = as_json(cli("agreement", "confirm", number, "--json", user="kim"))
    # Then the agreement shows both items, both signatures, the confirmation, no partial outcome
    assert [i["id"] for i in confirmed["items"]] == [one, two]
    assert sorted(s["party_id"] for s in confirmed["signatures"]) == [first, second]
    assert (confirmed["unsigned"], confirmed["confirmed_by"], confirmed["partial"]) == ([], "kim",
                                                                                        False)
    # When the case is signed, the items become commitments in implementation
    ok(cli("case", "advance", number, "sign", user="kim", MEDIATION_DOCUMENT_FORMAT="html"))
    assert state(cli, number) == "implementation"
    listed = as_json(cli("commitment", "list", number, "--json", user="kim"))
    assert [(c["item"]["id"], c["item"]["status"]) for c in listed] == [(two, "open"),
                                                                        (one, "open")]
    # ... `complete` is refused while a commitment is open
    assert "완료 또는 면제" in refused(cli("case", "advance", number, "complete", user="kim"), 4)
    # When one commitment is done and the other waived
    ok(cli("commitment", "done", number, str(one), "--note", "준공 검사 완료", user="kim"))
    ok(cli("commitment", "waive", number, str(two), "--reason", "공사 취소", user="kim"))
    # Then the case closes as resolved with a full agreement, and the audit trail holds every step
    ok(cli("case", "advance", number, "complete", user="kim"))
    assert state(cli, number) == "closed_resolved"
    assert as_json(cli("case", "show", number, "--json", user="kim"))["outcome"] == "agreement"
    kinds = [e["kind"] for e in trail(cli, number)]
    for kind in ("issue_added", "issue_settled", "item_added", "agreement_signed",
                 "agreement_confirmed", "commitment_done", "commitment_waived"):
        assert kind in kinds
    assert as_json(cli("audit", "verify", number, "--json"))["ok"] is True


def test_an_agreement_with_unresolved_issues_is_a_partial_agreement(cli: Cli, app: App) -> None:
    # Given a case drafting its agreement with one agreed and one unresolved issue
    number = drive(app, "drafting")
    agreed = int(ok(cli("issue", "add", number, "공사 시간", user="kim")).out)
    open_ = int(ok(cli("issue", "add", number, "보상 금액", user="kim")).out)
    ok(cli("issue", "settle", number, str(agreed), "--agreed", user="kim"))
    ok(cli("issue", "settle", number, str(open_), "--unresolved", user="kim"))
    add_item(cli, number, parties(app, number)[0])
    # When the agreement is shown
    shown = as_json(cli("agreement", "show", number, "--json", user="kim"))
    text = ok(cli("agreement", "show", number, "--lang", "en", user="kim")).out
    # Then it is a partial agreement listing the unresolved issue
    assert shown["partial"] is True
    assert [(i["id"], i["status"]) for i in shown["issues"]] == [(agreed, "agreed"),
                                                                (open_, "unresolved")]
    assert "Unresolved issues:" in text and "보상 금액" in text and "Partial agreement" in text
    listed = as_json(cli("issue", "list", number, "--json", user="kim"))
    assert [i["status"] for i in listed] == ["agreed", "unresolved"]
    # When every party signs and the case is signed
    sign_all(cli, app, number)
    ok(cli("case", "advance", number, "sign", user="kim", MEDIATION_DOCUMENT_FORMAT="html"))
    # Then the agreement document lists the item with its owner and the unresolved issue only
    documents = as_json(cli("letter", "list", number, "--json", user="kim"))
    agreement = [d for d in documents if d["kind"] == "agreement"]
    assert len(agreement) == 1 and agreement[0]["format"] == "html"
    # (the text of the page: a table cell keeps each Korean word in a span of its own)
    html = re.sub(r"<[^>]+>", "", Path(agreement[0]["output_path"]).read_text(encoding="utf-8"))
    unresolved = html.split("합의하지 못한 쟁점", 1)[1]
    assert "소음 저감 방음벽 설치" in html and "가상 주민대표 1" in html
    assert "보상 금액" in unresolved and "공사 시간" not in unresolved
    # When the one commitment is done and the case closed
    item = shown["items"][0]["id"]
    ok(cli("commitment", "done", number, str(item), "--note", "설치 완료", user="kim"))
    ok(cli("case", "advance", number, "complete", user="kim"))
    # Then the closed case's outcome is still a partial agreement, shown on the case itself
    assert state(cli, number) == "closed_resolved"
    assert as_json(cli("agreement", "show", number, "--json", user="kim"))["partial"] is True
    shown_case = as_json(cli("case", "show", number, "--json", user="kim"))
    assert (shown_case["outcome"], shown_case["unresolved_issues"]) == ("partial_agreement", 1)
    lines = ok(cli("case", "show", number, user="kim")).out.splitlines()
    assert [" ".join(x.split()) for x in lines if "조정 결과" in x] == [
        "조정 결과 부분 합의 (미합의 쟁점 1)"]
    lines = ok(cli("case", "show", number, "--lang", "en", user="kim")).out.splitlines()
    assert [" ".join(x.split()) for x in lines if "Outcome" in x] == [
        "Outcome partial agreement (unresolved issues 1)"]


def test_changing_an_item_after_signing_voids_the_signatures_and_says_so(
        cli: Cli, app: App) -> None:
    # Given an agreement signed by both parties
    number = drive(app, "drafting")
    item = add_item(cli, number, parties(app, number)[0])
    sign_all(cli, app, number)
    # When kim changes the item's due date
    result = ok(cli("agreement", "item", "edit", number, str(item), "--due", "2027-06-30",
                    user="kim"))
    # Then the output says the signatures are void, and signing the case is refused again
    assert "서명 2건이 무효" in result.out
    shown = as_json(cli("agreement", "show", number, "--json", user="kim"))
    assert (shown["signatures"], len(shown["unsigned"])) == ([], 2)
    assert shown["items"][0]["version"] == 2 and shown["items"][0]["due"] == "2027-06-30"
    assert "모든 당사자가" in refused(cli("case", "advance", number, "sign", user="kim"), 4)
    # When both sign again and another item is added
    sign_all(cli, app, number)
    added = ok(cli("agreement", "item", "add", number, "--text", "정기 점검", "--owner",
                   str(parties(app, number)[1]), "--due", "2027-02-01", "--lang", "en",
                   user="kim")).out.splitlines()
    # Then its id comes first and the voided signatures are reported again
    assert int(added[0]) > item
    assert added[1] == "The agreement changed: 2 signature(s) voided; collect them again."


def test_a_breach_suggests_reopening_and_mediation_resumes(cli: Cli, app: App) -> None:
    # Given a signed case in implementation
    number = drive(app, "drafting")
    item = add_item(cli, number, parties(app, number)[0])
    sign_all(cli, app, number)
    ok(cli("case", "advance", number, "sign", user="kim", MEDIATION_DOCUMENT_FORMAT="html"))
    # When the commitment is breached
    result = ok(cli("commitment", "breach", number, str(item), "--note", "공사 시간 위반",
                    "--lang", "en", user="kim"))
    # Then the output suggests `reopen`, and the case cannot be completed
    assert f"mediation case advance {number} reopen" in result.out
    assert "breached" in result.out
    refused(cli("case", "advance", number, "complete", user="kim"), 4)
    # ... the agreement cannot change while it is signed
    refused(cli("agreement", "item", "remove", number, str(item), user="kim"), 4)
    # When mediation is reopened, the agreement can be revised again
    ok(cli("case", "advance", number, "reopen", "--note", "불이행", user="kim"))
    assert state(cli, number) == "mediation"
    ok(cli("agreement", "item", "edit", number, str(item), "--text", "공사 시간 08–17시",
           user="kim"))
    assert as_json(cli("commitment", "list", "--json", user="kim"))["items"] == []


def test_overdue_commitments_are_listed_across_cases(cli: Cli, app: App) -> None:
    # Given a signed case whose commitment is due 2026-12-01
    number = drive(app, "drafting")
    add_item(cli, number, parties(app, number)[0], due="2026-12-01")
    sign_all(cli, app, number)
    ok(cli("case", "advance", number, "sign", user="kim", MEDIATION_DOCUMENT_FORMAT="html"))
    # When the list is read before and after the due date
    before = as_json(cli("commitment", "list", "--overdue", "--json", user="kim"))
    from datetime import datetime

    from mediation.core.clock import SEOUL
    later = datetime(2026, 12, 2, 9, 0, tzinfo=SEOUL)
    after = as_json(cli("commitment", "list", "--overdue", "--json", user="kim", now=later))
    # Then only the later list has it, marked overdue
    assert before["items"] == [] and before["total"] == 0
    assert [(c["number"], c["overdue"]) for c in after["items"]] == [(number, True)]


def test_the_commitments_across_cases_come_a_page_at_a_time(cli: Cli, app: App) -> None:
    # Given a signed case with three commitments, the first two due 2026-12-01
    number = drive(app, "drafting")
    owner = parties(app, number)[0]
    items = [add_item(cli, number, owner, text=f"이행 {i}", due=due)
             for i, due in enumerate(("2026-12-01", "2026-12-01", "2027-03-31"))]
    sign_all(cli, app, number)
    ok(cli("case", "advance", number, "sign", user="kim", MEDIATION_DOCUMENT_FORMAT="html"))
    from datetime import datetime

    from mediation.core.clock import SEOUL
    later = datetime(2026, 12, 2, 9, 0, tzinfo=SEOUL)
    # When kim reads them two at a time, and the overdue ones one at a time
    first = ok(cli("commitment", "list", "--limit", "2", user="kim", now=later)).out
    english = ok(cli("commitment", "list", "--limit", "2", "--lang", "en", user="kim")).out
    second = as_json(cli("commitment", "list", "--limit", "2", "--offset", "2", "--json",
                         user="kim", now=later))
    overdue = as_json(cli("commitment", "list", "--overdue", "--limit", "1", "--json",
                          user="kim", now=later))
    whole = as_json(cli("commitment", "list", number, "--json", user="kim", now=later))
    # Then the first page has the two due soonest and says one more follows, and where
    assert len(first.splitlines()) == 3
    assert first.splitlines()[-1] == "(전체 3건 중 1–2, 1건 더 있음: --offset 2)"
    assert english.splitlines()[-1] == "(rows 1–2 of 3; 1 more: --offset 2)"
    # And the second page holds the last, as the case's own list shows it
    assert [c["item"]["id"] for c in second["items"]] == [items[2]]
    assert second["items"] == whole[2:]
    assert {k: second[k] for k in ("total", "offset", "limit", "more")} == {
        "total": 3, "offset": 2, "limit": 2, "more": 0}
    # And the overdue list counts the two past due, one shown
    assert (overdue["total"], overdue["more"]) == (2, 1)
    assert overdue["items"] == whole[:1] and overdue["items"][0]["overdue"] is True


def test_a_neighbour_dispute_is_settled_and_confirmed(cli: Cli, app: App) -> None:
    # Given a noise dispute drafting its settlement
    number = drive_neighbor(app, "settlement")
    owner = parties(app, number)[0]
    item = add_item(cli, number, owner, text="야간 22시 이후 세탁기 사용 자제", due="2026-12-31")
    sign_all(cli, app, number)
    # When the dispute is settled and the commitment done
    ok(cli("case", "advance", number, "settle", user="kim", MEDIATION_DOCUMENT_FORMAT="html"))
    ok(cli("commitment", "done", number, str(item), "--note", "3개월 관찰 결과 준수", user="kim"))
    # Then the case is confirmed and closed as settled
    ok(cli("case", "advance", number, "confirm", user="kim"))
    assert state(cli, number) == "closed_settled"


def test_bad_agreement_input_is_refused_with_one_line_and_nothing_changes(
        cli: Cli, app: App) -> None:
    # Given a case drafting its agreement and a second case with its own party
    number = drive(app, "drafting")
    own = parties(app, number)[0]
    park = app.users.actor("park")
    other = app.cases.open_case(park, workflow="public_conflict", mediator="kim",
                                  supervisor="park", fields=CaseFields(title="다른 사건")).number
    stranger = app.parties.add_party(park, other, PartyFields(name="다른 주민",
                                                              role="resident_group")).id
    item = add_item(cli, number, own)
    before = (trail(cli, number), as_json(cli("agreement", "show", number, "--json")))
    # When kim signs for the other case's party, gives unknown or foreign owners,
    # a past due date, or an unknown item
    refused(cli("agreement", "sign", number, str(stranger), user="kim"), 3)
    refused(cli("agreement", "item", "add", number, "--text", "x", "--owner", "999999",
                "--due", "2027-01-01", user="kim"), 3)
    refused(cli("agreement", "item", "add", number, "--text", "x", "--owner", str(stranger),
                "--due", "2027-01-01", user="kim"), 3)
    past = refused(cli("agreement", "item", "add", number, "--text", "x", "--owner", str(own),
                       "--due", "2026-11-23", "--lang", "en", user="kim"), 2)
    refused(cli("agreement", "item", "edit", number, "999", "--text", "y", user="kim"), 3)
    refused(cli("commitment", "done", number, str(item), "--note", "n", user="kim"), 4)
    refused(cli("agreement", "confirm", number, user="kim"), 4)
    # ... or a mediator who is not the case's acts on it
    refused(cli("issue", "add", number, "쟁점", user="lee"), 4)
    # Then each was refused with its reason, and nothing was recorded
    assert "in the past" in past and "2026-11-24" in past
    assert (trail(cli, number), as_json(cli("agreement", "show", number, "--json"))) == before
