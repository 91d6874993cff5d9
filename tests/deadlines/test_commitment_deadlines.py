"""Commitments as deadlines, on SQLite and PostgreSQL with a frozen clock: signing the
agreement opens one deadline per item, due when office hours end on the item's due date,
with reminders to the mediator copied to the owner party and escalation to the supervisor;
recording a commitment closes its deadline; a breach reaches the supervisor at once;
reopening mediation cancels what still runs. The 30-day report rule (권익위법 제50조) runs
beside them. Expected times are worked out in the comment above each check.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from conftest import ADMIN, ROOT, Cli
from support.cases import at
from support.stories import drive_public as drive

from mediation.agreement.commands import ItemFields
from mediation.app import App
from mediation.core.clock import FrozenClock
from mediation.core.errors import DefinitionError, Refused
from mediation.mail.fake import RecordingMailer
from mediation.parties.commands import PartyFields
from mediation.workflow.loader import load_file

SEND = ("send",)


def signed_case(app: App, clock: FrozenClock, dues: tuple[date, ...]) -> tuple[str, list[int]]:
    """A public-conflict case signed on Tue 2026-12-01 10:00 with one item per due date, each
    owned by a party with an e-mail address (added at the drafting stage); its number and
    item ids."""
    clock.set(at(2026, 11, 24, 9))
    number = drive(app, "drafting")
    kim = app.users.actor("kim")
    owner = app.parties.add_party(kim, number, PartyFields(name="가상 구청 도시계획과", role="department",
                                                   email="dept@example.org"))
    app.parties.consent(kim, number, owner.id, declined=False)
    items = [app.agreement.add_item(kim, number, ItemFields(text=f"가상 이행 항목 {i + 1}",
                                                  owner_party_id=owner.id, due=due,
                                                  check_method="현장 확인")).item.id
             for i, due in enumerate(dues)]
    clock.set(at(2026, 12, 1, 10))
    for party in app.parties.list_parties(ADMIN, number):
        app.agreement.sign_agreement(kim, number, party.id)
    app.moves.advance(kim, number, "sign")
    return number, [i for i in items if i is not None]


def commitment_deadlines(app: App, number: str) -> dict[int, object]:
    return {d.item_id: d for d in app.deadlines.list_deadlines(ADMIN, number, include_closed=True)
            if d.rule == "commitment" and d.item_id is not None}


def pending(app: App, number: str) -> list[tuple[str, str, datetime | None]]:
    return sorted((r.key.rsplit(":", 1)[1], r.audience, r.send_at)
                  for r in app.reminders.list_reminders(ADMIN, "open", number))


@pytest.fixture(autouse=True)
def html_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    """The agreement the `sign` move writes is rendered as HTML (fast); PDF is tested apart."""
    monkeypatch.setenv("MEDIATION_DOCUMENT_FORMAT", "html")


def test_signing_opens_one_deadline_per_commitment_with_reminders_to_mediator_and_owner(
        mapp: App, clock: FrozenClock) -> None:
    # Given an agreement with items due Thu 2027-01-14 and Sun 2027-02-28, signed Tue 12/1
    number, (first, second) = signed_case(mapp, clock, (date(2027, 1, 14), date(2027, 2, 28)))
    found = commitment_deadlines(mapp, number)
    # Then each item has an open deadline due when office hours end on its due date, and
    # Sunday 2/28 moves to Tuesday 3/2 (3/1 삼일절 is a holiday; 민법 제161조)
    assert {i: (d.status, d.due_at) for i, d in found.items()} == {  # type: ignore[attr-defined]
        first: ("open", at(2027, 1, 14, 18)), second: ("open", at(2027, 3, 2, 18))}
    assert all(d.title_ko.startswith("합의사항 이행기한: 가상 이행 항목")  # type: ignore[attr-defined]
               for d in found.values())
    # And the 30-day implementation report runs from the signing: 12/1 + 29 days = 12/30
    report = next(d for d in mapp.deadlines.list_deadlines(ADMIN, number)
                  if d.rule == "implementation_report")
    assert report.due_at == at(2026, 12, 30, 18)
    # And the first item's reminders: 14 calendar days before (12/31 18:00) and 3 days before
    # counted as 24 working hours (art. 19(1): Thu 1/14, Wed 1/13, Tue 1/12 → Tue 1/12 09:00),
    # each to the mediator and copied to the owner party; escalation at the due time to the
    # supervisor, and 10 working days later to the admins (Thu 1/28)
    deadline_id = found[first].id  # type: ignore[attr-defined]
    rows = {(r.key.split(":")[-1], r.audience): r.send_at
            for r in mapp.reminders.list_reminders(ADMIN, "open", number) if r.deadline_id == deadline_id}
    owner = mapp.agreement.show_agreement(ADMIN, number).items[0].owner_party_id
    assert rows == {
        ("before.0", "mediator"): at(2026, 12, 31, 18),
        ("party.0", f"party:{owner}"): at(2026, 12, 31, 18),
        ("before.1", "mediator"): at(2027, 1, 12, 9),
        ("party.1", f"party:{owner}"): at(2027, 1, 12, 9),
        ("supervisor", "supervisor"): at(2027, 1, 14, 18),
        ("admins", "admins"): at(2027, 1, 28, 18),
    }


def test_reminders_reach_the_owner_and_an_overdue_commitment_the_supervisor(
        mapp: App, clock: FrozenClock, mail: RecordingMailer) -> None:
    number, (item,) = signed_case(mapp, clock, (date(2027, 1, 14),))
    # When the clock reaches the first reminder (12/31 18:00) the mediator and the owner hear
    clock.set(at(2026, 12, 31, 18))
    mapp.reminders.run_due(SEND)
    by_address = {m.to[0].email: m for m in mail.sent}
    assert set(by_address) >= {"kim@example.org", "dept@example.org"}
    owner_mail = by_address["dept@example.org"]
    assert owner_mail.subject.startswith(f"[이행기한 안내] {number}")
    assert "가상 이행 항목 1" in owner_mail.text and "2027. 1. 14." in owner_mail.text
    assert "deadline explain" not in owner_mail.text  # no staff commands for a party
    assert "(kim)" not in owner_mail.text and "kim@example.org" in owner_mail.text
    assert "이행 항목: 가상 이행 항목 1" in by_address["kim@example.org"].text
    # When the due time passes with the commitment open, the supervisor is told
    mail.sent.clear()
    clock.set(at(2027, 1, 14, 18))
    mapp.reminders.run_due(SEND)
    escalations = [m for m in mail.sent if m.to[0].email == "park@example.org"
                   and "합의사항 이행기한" in m.subject]
    assert len(escalations) == 1 and escalations[0].subject.startswith("[기한 경과·독촉]")
    assert "이행 항목: 가상 이행 항목 1" in escalations[0].text
    # ... and the list of commitments agrees with the list of deadlines: overdue once the due
    # time has passed
    assert mapp.agreement.list_commitments(ADMIN, number, overdue=True) == ()
    clock.set(at(2027, 1, 14, 18, 1))
    assert [c.overdue for c in mapp.agreement.list_commitments(ADMIN, number, overdue=True)] == [True]
    assert [d.item_id for d in mapp.deadlines.list_deadlines(ADMIN, number, overdue=True)
            if d.rule == "commitment"] == [item]
    assert "민원 처리에 관한 법률" not in escalations[0].text  # a commitment is not a complaint
    assert item in commitment_deadlines(mapp, number)


def test_a_sweep_that_wakes_after_the_due_date_sends_no_early_reminder(
        mapp: App, clock: FrozenClock, mail: RecordingMailer) -> None:
    # Given a commitment due Thu 2027-01-14 whose four reminders (12/31 and 1/12, to the
    # mediator and the owner) were never swept, the scheduler being down
    number, _ = signed_case(mapp, clock, (date(2027, 1, 14),))
    # When the first sweep runs two days after the due date
    clock.set(at(2027, 1, 16, 10))
    report = mapp.reminders.run_due(SEND)
    # Then no mail says the due date is coming, and none is sent twice: the escalation to
    # the supervisor takes over, and the reminders are skipped as no longer due
    assert not any("다가" in m.text or "남은 시간" in m.text for m in mail.sent)
    subjects = [m.subject for m in mail.sent]
    assert len(subjects) == len(set((m.to[0].email, m.subject) for m in mail.sent))
    assert any(s.startswith("[기한 경과·독촉]") for s in subjects)
    assert not any(s.startswith("[이행기한 안내]") for s in subjects)
    assert report.cancelled >= 4
    skipped = [r for r in mapp.reminders.list_reminders(ADMIN, "all", number)
               if r.kind == "reminder" and r.deadline_id is not None and r.status == "cancelled"]
    assert len(skipped) >= 4


def test_a_late_reminder_without_an_escalation_says_the_date_has_passed() -> None:
    # A reminder built after its due time (no escalation takes over) says so: the wording
    # follows the clock, never "coming up"
    from mediation.mail.composer import Composer

    composer = Composer(Path(__file__).resolve().parents[2] / "templates" / "emails")
    context = {"number": "2027-0001", "case_title": "가상 사건", "state": "이행점검",
               "rule_title": "합의사항 이행기한", "basis": "-", "period": "-",
               "due": "2027. 1. 14. 18:00", "overdue": True, "overdue_by": "2일",
               "left": "-", "extended": False, "original_due": "-", "mediator": "김조정 (kim)",
               "supervisor": "박담당 (park)", "audience": "mediator", "commitment": None,
               "mediator_name": "김조정", "mediator_email": "kim@example.org",
               "office_unit": "갈등조정담당관", "office_phone": "02-000-0000", "lang": "ko",
               "late": True, "recipient": "김조정", "planned": "2026. 12. 31. 18:00"}
    subject, text, _ = composer.render("reminder", "ko", context)
    assert subject.startswith("[기한 경과]") and "처리기한이 지났습니다" in text
    assert "기한 경과 2일" in text and "다가옵니다" not in text


def test_recording_a_commitment_closes_its_deadline_and_a_breach_reaches_the_supervisor(
        mapp: App, clock: FrozenClock, mail: RecordingMailer) -> None:
    number, (done, breached) = signed_case(mapp, clock, (date(2027, 1, 14), date(2027, 2, 26)))
    kim = mapp.users.actor("kim")
    clock.set(at(2026, 12, 10, 11))
    # When one commitment is done and the other breached
    mapp.agreement.settle_commitment(kim, number, done, "done", "준공 확인")
    view = mapp.agreement.settle_commitment(kim, number, breached, "breached", "공사 중단")
    # Then the first deadline is met, the second cancelled, their reminders withdrawn
    found = commitment_deadlines(mapp, number)
    assert [found[done].status, found[breached].status] == ["met", "cancelled"]  # type: ignore[attr-defined]
    assert view.suggestion == "reopen"
    ids = {found[done].id, found[breached].id}  # type: ignore[attr-defined]
    left = [(r.kind, r.audience) for r in mapp.reminders.list_reminders(ADMIN, "open", number)
            if r.deadline_id in ids]
    assert left == [("breach", "supervisor")]
    # And the supervisor gets the breach notice on the next run, once
    mapp.reminders.run_due(SEND)
    mapp.reminders.run_due(SEND)
    breach = [m for m in mail.sent if m.subject.startswith("[합의 불이행]")]
    assert [m.to[0].email for m in breach] == ["park@example.org"]
    assert "공사 중단" in breach[0].text and "가상 이행 항목 2" in breach[0].text


def test_reopening_cancels_running_commitments_and_signing_again_opens_new_ones(
        mapp: App, clock: FrozenClock) -> None:
    number, (item,) = signed_case(mapp, clock, (date(2027, 1, 14),))
    kim = mapp.users.actor("kim")
    first = commitment_deadlines(mapp, number)[item]
    # When mediation is reopened
    clock.set(at(2026, 12, 3, 10))
    mapp.moves.advance(kim, number, "reopen", "재협상")
    # Then the commitment's deadline and the report are cancelled with their reminders
    after = {d.id: d.status for d in mapp.deadlines.list_deadlines(ADMIN, number, include_closed=True)}
    assert after[first.id] == "cancelled"  # type: ignore[attr-defined]
    assert not [r for r in mapp.reminders.list_reminders(ADMIN, "open", number)
                if r.deadline_id == first.id]  # type: ignore[attr-defined]
    # When the agreement is amended and signed again, a new deadline runs for the new date
    mapp.moves.advance(kim, number, "draft_agreement")
    mapp.agreement.edit_item(kim, number, item, ItemFields(due=date(2027, 2, 10)))
    for party in mapp.parties.list_parties(ADMIN, number):
        mapp.agreement.sign_agreement(kim, number, party.id)
    mapp.moves.advance(kim, number, "sign")
    live = [d for d in mapp.deadlines.list_deadlines(ADMIN, number) if d.rule == "commitment"]
    assert [(d.item_id, d.due_at, d.seq) for d in live] == [(item, at(2027, 2, 10, 18), 2)]


def test_an_item_with_old_deadlines_can_be_removed_after_reopening(
        mapp: App, clock: FrozenClock) -> None:
    number, (kept, dropped) = signed_case(mapp, clock, (date(2027, 1, 14), date(2027, 2, 10)))
    kim = mapp.users.actor("kim")
    old = commitment_deadlines(mapp, number)[dropped]
    # When mediation is reopened and the second item is taken out of the draft
    mapp.moves.advance(kim, number, "reopen", "재협상")
    mapp.moves.advance(kim, number, "draft_agreement")
    mapp.agreement.remove_item(kim, number, dropped)
    # Then the item is gone, its old deadline stays on record (cancelled, titled with its text)
    assert [i.id for i in mapp.agreement.show_agreement(ADMIN, number).items] == [kept]
    after = {d.id: d for d in mapp.deadlines.list_deadlines(ADMIN, number, include_closed=True)}
    assert after[old.id].status == "cancelled" and after[old.id].item_id is None  # type: ignore[attr-defined]
    assert after[old.id].title_ko.endswith("가상 이행 항목 2")  # type: ignore[attr-defined]


def test_a_pause_does_not_move_a_commitment_and_an_owner_without_mail_gets_no_copy(
        mapp: App, clock: FrozenClock) -> None:
    # Given a signed agreement whose second item belongs to a party without an e-mail address
    clock.set(at(2026, 11, 24, 9))
    number = drive(mapp, "drafting")
    kim = mapp.users.actor("kim")
    postal = mapp.parties.list_parties(ADMIN, number)[0].id
    item = mapp.agreement.add_item(kim, number, ItemFields(
        text="가상 우편 당사자 이행", owner_party_id=postal, due=date(2027, 1, 14))).item.id
    for party in mapp.parties.list_parties(ADMIN, number):
        mapp.agreement.sign_agreement(kim, number, party.id)
    mapp.moves.advance(kim, number, "sign")
    deadline = commitment_deadlines(mapp, number)[item]
    # Then its reminders go to the mediator only
    audiences = {r.audience for r in mapp.reminders.list_reminders(ADMIN, "open", number)
                 if r.deadline_id == deadline.id}  # type: ignore[attr-defined]
    assert audiences == {"mediator", "supervisor", "admins"}
    # When the case's clock is stopped for a week and restarted
    mapp.adjust.pause_case(kim, number, "당사자 요청")
    clock.set(at(2026, 12, 1, 9))
    mapp.adjust.resume_case(kim, number)
    # Then the commitment is still due on the agreed date, while the report deadline moved
    after = {d.id: d for d in mapp.deadlines.list_deadlines(ADMIN, number)}
    assert (after[deadline.id].status, after[deadline.id].due_at) == (  # type: ignore[attr-defined]
        "open", at(2027, 1, 14, 18))


def test_a_closed_case_still_lists_its_commitments(mapp: App, clock: FrozenClock) -> None:
    number, (item,) = signed_case(mapp, clock, (date(2027, 1, 14),))
    kim = mapp.users.actor("kim")
    mapp.agreement.settle_commitment(kim, number, item, "done", "완료")
    mapp.moves.advance(kim, number, "complete")
    listed = mapp.agreement.list_commitments(ADMIN, number)
    assert [(c.item.id, c.item.status, c.overdue) for c in listed] == [(item, "done", False)]
    assert mapp.agreement.list_commitments(ADMIN) == ()  # the list of every case: open cases only


def test_a_due_date_passed_before_signing_is_overdue_at_once(
        mapp: App, clock: FrozenClock, mail: RecordingMailer) -> None:
    # Given an item due Wed 12/2 whose agreement is only signed on Fri 12/4
    clock.set(at(2026, 11, 24, 9))
    number = drive(mapp, "drafting")
    kim = mapp.users.actor("kim")
    owner = mapp.parties.list_parties(ADMIN, number)[0].id
    item = mapp.agreement.add_item(kim, number, ItemFields(text="가상 안내문 게시", owner_party_id=owner,
                                                due=date(2026, 12, 2))).item.id
    clock.set(at(2026, 12, 4, 10))
    for party in mapp.parties.list_parties(ADMIN, number):
        mapp.agreement.sign_agreement(kim, number, party.id)
    mapp.moves.advance(kim, number, "sign")
    # Then its deadline was due at the end of 12/2 and the supervisor hears of it now
    deadline = commitment_deadlines(mapp, number)[item]
    assert (deadline.due_at, deadline.overdue) == (at(2026, 12, 2, 18), True)  # type: ignore[attr-defined]
    mapp.reminders.run_due(SEND)
    assert [m.to[0].email for m in mail.sent] == ["park@example.org"]


def test_a_commitment_deadline_is_neither_extended_nor_completed_directly(
        mapp: App, clock: FrozenClock) -> None:
    number, (item,) = signed_case(mapp, clock, (date(2027, 1, 14),))
    kim = mapp.users.actor("kim")
    deadline = commitment_deadlines(mapp, number)[item]
    before = mapp.deadlines.list_deadlines(ADMIN, number, include_closed=True)
    events = len(mapp.reading.history(ADMIN, number))
    # When someone tries to extend it or mark it met as a plain deadline, it is refused
    with pytest.raises(Refused, match="commitment"):
        mapp.adjust.extend_deadline(kim, number, deadline.id, until=date(2027, 2, 1),  # type: ignore[attr-defined]
                            reason="연장 요청")
    with pytest.raises(Refused) as refused:
        mapp.adjust.complete_deadline(kim, number, deadline.id)  # type: ignore[attr-defined]
    assert "commitment done" in refused.value.message("en")
    # And nothing changed
    assert mapp.deadlines.list_deadlines(ADMIN, number, include_closed=True) == before
    assert len(mapp.reading.history(ADMIN, number)) == events


def test_the_neighbour_workflow_tracks_settlement_commitments_in_follow_up() -> None:
    wf = load_file(ROOT / "workflows" / "neighbor_dispute.yaml")
    rule = wf.deadline("commitment")
    assert rule is not None and (rule.kind, rule.states, rule.remind_owner) == (
        "commitment", ("follow_up",), True)


@pytest.mark.parametrize(("edit", "message"), [
    ("    period: {amount: 3, unit: days}\n", "deadlines[0].period: a 'commitment' rule takes no period"),
    ("    remind_owner: maybe\n", "deadlines[0].remind_owner: expected true or false"),
])
def test_a_commitment_rule_is_checked_when_the_file_loads(tmp_path: Path, edit: str,
                                                          message: str) -> None:
    path = tmp_path / "wf.yaml"
    path.write_text(_workflow(edit), encoding="utf-8")
    with pytest.raises(DefinitionError, match=message.replace("(", r"\(").replace("[", r"\[")):
        load_file(path)


def test_commitments_are_tracked_only_where_signing_leads(tmp_path: Path) -> None:
    path = tmp_path / "wf.yaml"
    path.write_text(_workflow("", states="[drafting]"), encoding="utf-8")
    with pytest.raises(DefinitionError, match="'drafting' is not entered by a transition guarded"):
        load_file(path)
    path.write_text(_workflow("", kind="state"), encoding="utf-8")
    with pytest.raises(DefinitionError, match="a 'state' rule needs 'period'"):
        load_file(path)


def _workflow(extra: str, states: str = "[done]", kind: str = "commitment") -> str:
    return f"""\
name: tiny
version: 1
title: {{ko: 작은 흐름, en: Tiny}}
states:
  drafting: {{title: {{ko: 작성, en: Drafting}}, initial: true}}
  done: {{title: {{ko: 이행, en: Implementation}}}}
  closed: {{title: {{ko: 종결, en: Closed}}, final: true, outcome: impasse}}
transitions:
  - {{trigger: sign, from: drafting, to: done, title: {{ko: 서명, en: Sign}},
     guards: [agreement_has_items, all_parties_signed]}}
  - {{trigger: complete, from: done, to: closed, title: {{ko: 완료, en: Complete}}}}
deadlines:
  - name: commitment
    title: {{ko: 이행기한, en: Commitment due}}
    basis: (design)
    kind: {kind}
    states: {states}
{extra}"""



def test_the_command_line_lists_commitment_deadlines_and_refuses_to_extend_one(
        cli: Cli, app: App) -> None:
    # Given a signed agreement with one item due 2027-01-14 (signed on 2026-11-24)
    number = drive(app, "drafting")
    kim = app.users.actor("kim")
    owner = app.parties.list_parties(ADMIN, number)[0].id
    app.agreement.add_item(kim, number, ItemFields(text="가상 방음벽 설치", owner_party_id=owner,
                                         due=date(2027, 1, 14)))
    for party in app.parties.list_parties(ADMIN, number):
        app.agreement.sign_agreement(kim, number, party.id)
    app.moves.advance(kim, number, "sign")
    # When the mediator lists the case's deadlines
    listed = json.loads(cli("deadline", "list", number, "--json", user="kim").out)
    commitment = next(d for d in listed if d["rule"] == "commitment")
    # Then the commitment is there with its item and due date
    assert commitment["title_ko"] == "합의사항 이행기한: 가상 방음벽 설치"
    assert commitment["due_at"].startswith("2027-01-14T")
    # When they try to extend it, the answer is one line naming the commitment commands
    before = cli("deadline", "list", number, "--all", "--json", user="kim").out
    result = cli("deadline", "extend", number, str(commitment["id"]), "--by", "5d", "--reason",
                 "연장", "--lang", "en", user="kim")
    assert result.code == 4 and result.out == "" and len(result.err.splitlines()) == 1
    assert "commitment done/waive/breach" in result.err
    assert cli("deadline", "list", number, "--all", "--json", user="kim").out == before
