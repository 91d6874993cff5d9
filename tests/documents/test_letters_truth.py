"""Every fact a result or closing letter prints is the record's, read by the code `case
show` and `meeting list` use: the outcome (a partial agreement is not an agreement, a
withdrawal the system made is a deemed withdrawal), the unresolved issues, the meetings
held; a closed case is promised no follow-up; an English letter carries no Korean reason
the system wrote. Each fact is checked against the CLI's own ``--json``."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from conftest import START, Cli, as_json, ok
from support.stories import drive_neighbor, drive_public

from mediation.agreement.commands import ItemFields
from mediation.app import App
from mediation.core import vocabulary as voc
from mediation.core.clock import FrozenClock

HANGUL = re.compile(r"[\uac00-\ud7a3]")


@pytest.fixture(autouse=True)
def text_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEDIATION_DOCUMENT_FORMAT", "txt")


def later(days: float) -> datetime:
    return START + timedelta(days=days)


def letter(cli: Cli, number: str, kind: str, *extra: str, now: datetime) -> str:
    [doc] = as_json(cli("letter", "render", number, kind, *extra, "--json", user="kim", now=now))
    return Path(doc["output_path"]).read_text(encoding="utf-8")


def held_meeting(cli: Cli, number: str, day: int) -> None:
    meeting = ok(cli("meeting", "schedule", number, "--at", later(day).isoformat(), "--place",
                     "가상구청 소회의실", user="kim", now=later(day - 7))).out.strip()
    ok(cli("meeting", "record", number, meeting, "--attended", "1", "2", user="kim",
           now=later(day + 1)))


def partial_agreement(app: App, cli: Cli, clock: FrozenClock) -> str:
    """A public case with two meetings held, one issue agreed and one unresolved, an item
    signed by both parties: in implementation."""
    number = drive_public(app, "mediation")
    held_meeting(cli, number, 8)
    held_meeting(cli, number, 17)
    clock.set(later(20))
    kim = app.users.actor("kim")
    app.agreement.add_issue(kim, number, "진입로 폭")
    app.agreement.add_issue(kim, number, "시설 층수")
    app.agreement.settle_issue(kim, number, 1, "agreed")
    app.agreement.settle_issue(kim, number, 2, "unresolved")
    app.moves.advance(kim, number, "draft_agreement")
    parties = [p.id for p in app.parties.list_parties(kim, number)]
    app.agreement.add_item(kim, number, ItemFields(text="진입로를 6m로 넓힌다",
                                                   owner_party_id=parties[0],
                                                   due=later(90).date()))
    for p in parties:
        app.agreement.sign_agreement(kim, number, p)
    app.moves.advance(kim, number, "sign")
    return number


def test_result_letters_print_the_outcome_issues_and_meetings_of_the_record(
        app: App, cli: Cli, clock: FrozenClock) -> None:
    # Given a case in implementation whose agreement left one issue unresolved, with two
    # meetings held
    number = partial_agreement(app, cli, clock)
    shown = as_json(cli("case", "show", number, "--json", now=later(21)))
    meetings = as_json(cli("meeting", "list", number, "--json", now=later(21)))
    assert (shown["outcome"], shown["unresolved_issues"]) == ("partial_agreement", 1)
    title = voc.title(voc.OUTCOMES, shown["outcome"], "ko")
    assert title in ok(cli("case", "show", number, now=later(21))).out
    held = [m for m in meetings if m["status"] == "held"]
    # When the result report and the result notice are written
    report = letter(cli, number, "result_report", now=later(21))
    notice = letter(cli, number, "result_notice", "--party", "1", now=later(21))
    # Then both print the record's outcome and its unresolved issues, never "합의 성립"
    for text in (report, notice):
        assert f"결과: {title}(미합의 쟁점 {shown['unresolved_issues']}건)" in text
        assert "합의 성립" not in text
    # And the report counts and lists the meetings held, as `meeting list` has them
    assert f"개최한 회의: {len(held)}회" in report and "기록된 회의 없음" not in report
    for n, m in enumerate(held, 1):
        day = datetime.fromisoformat(m["starts_at"]).astimezone(START.tzinfo)
        assert f"{day.year}. {day.month}. {day.day}. 제{n}차 합동회의 개최" in report
    # And while the commitments are monitored, the notice promises to report on them
    assert "정기적으로 점검하여 알려 드리겠습니다" in notice


def test_a_closed_case_is_promised_no_follow_up(app: App, cli: Cli, clock: FrozenClock) -> None:
    # Given the same case, closed after its commitments were settled
    number = partial_agreement(app, cli, clock)
    kim = app.users.actor("kim")
    clock.set(later(22))
    app.agreement.settle_commitment(kim, number, 1, "done", "현장 확인")
    app.moves.advance(kim, number, "complete")
    shown = as_json(cli("case", "show", number, "--json", now=later(23)))
    assert shown["case"]["closed"] is True and shown["outcome"] == "partial_agreement"
    # When the result notice is written
    notice = letter(cli, number, "result_notice", "--party", "1", now=later(23))
    # Then it states the outcome and promises nothing more
    assert "결과: 부분 합의(미합의 쟁점 1건)" in notice
    assert "정기적으로 점검" not in notice and "다시 알려 드리겠습니다" not in notice


def deemed_withdrawal(app: App, cli: Cli) -> str:
    """A neighbour dispute the system closed: its first household missed two meetings."""
    number = drive_neighbor(app, "counselling")
    kim = app.users.actor("kim")
    first, second = (p.id for p in app.parties.list_parties(kim, number))
    for day in (7, 15):
        meeting = ok(cli("meeting", "schedule", number, "--at", later(day).isoformat(),
                         "--place", "구청", user="kim", now=later(day - 7))).out.strip()
        ok(cli("meeting", "record", number, meeting, "--absent", str(first), "--attended",
               str(second), user="kim", now=later(day + 1)))
    return number


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_deemed_withdrawal_is_told_as_one_in_the_letter_s_language(
        app: App, cli: Cli, lang: str) -> None:
    # Given a neighbour dispute closed by the system under the absence rule
    number = deemed_withdrawal(app, cli)
    shown = as_json(cli("case", "show", number, "--json", now=later(17)))
    assert (shown["case"]["state"], shown["outcome"]) == ("closed_withdrawn", "deemed_withdrawn")
    # When the closure letter is written in each language
    text = letter(cli, number, "closure", "--party", "2", "--lang", lang, now=later(17))
    body = text[text.index("1. "):text.index("Yours sincerely" if lang == "en" else "끝.")]
    if lang == "ko":
        # Then the Korean letter says the request is deemed withdrawn, with the system's reason
        assert "철회 간주" in text and "철회한 것으로 보고" in text
        assert "환경분쟁 조정법 제49조 제3항" in text
    else:
        # Then the English letter says so in English, without the Korean reason
        assert "deemed withdrawn" in text and "did not attend" in text
        assert "불출석" not in text
        shown = as_json(cli("case", "show", number, "--json", now=later(17)))["case"]
        assert not HANGUL.search(body.replace(shown["title"], "")), body



def test_each_party_is_addressed_by_its_role(app: App, cli: Cli) -> None:
    # Given a public case with an applicant, a respondent and a district office
    number = drive_public(app, "mediation")
    added = {}
    for name, role, org in (("홍길동", "applicant", None), ("가상건설", "respondent", None),
                            ("은평구청", "agency", "노인복지과")):
        extra = ("--organization", org) if org else ()
        out = as_json(cli("party", "add", number, "--name", name, "--role", role, *extra,
                          "--json", user="kim", now=later(1)))
        added[role] = str(out["id"])
    # When each is sent a receipt
    texts = {role: letter(cli, number, "receipt", "--party", pid, now=later(2))
             for role, pid in added.items()}
    # Then only the applicant raised the matter; the office is addressed by its head
    assert "귀하께서 제기하신" in texts["applicant"]
    assert "귀하와 관련하여 접수된" in texts["respondent"]
    assert "귀하께서 제기하신" not in texts["respondent"]
    agency = texts["agency"]
    assert "수신  은평구청장(노인복지과장)" in agency and "귀 기관과 관련된" in agency
    recipient_line = next(line for line in agency.splitlines() if line.startswith("수신"))
    assert "귀하" not in recipient_line


def test_wording_and_citations_come_from_the_case_s_workflow(app: App, cli: Cli) -> None:
    # Given a neighbour dispute and a public conflict, each with a party
    neighbour = drive_neighbor(app, "site_visit")
    public = drive_public(app, "convening")
    # When each party is sent a receipt
    texts = {n: letter(cli, n, "receipt", "--party", str(as_json(cli(
        "party", "list", n, "--json", user="kim"))[0]["id"]), now=later(1))
        for n in (neighbour, public)}
    # Then the neighbour dispute is not said to be diagnosed, the public conflict is
    assert "현장방문" in texts[neighbour] and "갈등진단" not in texts[neighbour]
    assert "갈등진단을 거쳐" in texts[public]
    # And a neighbour meeting notice cites no article of the public-conflict decree
    first = as_json(cli("party", "list", neighbour, "--json", user="kim"))[0]["id"]
    notice = letter(cli, neighbour, "meeting_notice", "--party", str(first), "--meeting-at",
                    later(10).isoformat(), "--meeting-place", "구청", now=later(3))
    assert "제22조" not in notice and "공개 여부: 비공개(모든 당사자가 동의한 경우에만 공개)" in notice


@pytest.mark.parametrize(("state", "kind", "extra"), [
    ("closed", "progress", ("--party", "1")),
    ("closed", "agreement", ()),
    ("open", "closure", ("--party", "1", "--reason", "사유")),
    ("open", "result_notice", ("--party", "1")),
])
def test_a_document_outside_the_states_its_workflow_allows_is_refused_before_a_number(
        app: App, cli: Cli, state: str, kind: str, extra: tuple[str, ...]) -> None:
    # Given a public case in mediation, or one withdrawn from it
    number = drive_public(app, "mediation")
    if state == "closed":
        ok(cli("case", "advance", number, "withdraw", "--note", "신청인 철회", user="kim",
               now=later(1)))
    before = as_json(cli("letter", "list", number, "--json", now=later(2)))
    # When a kind the workflow does not issue in that state is asked for
    result = cli("letter", "render", number, kind, *extra, user="kim", now=later(2))
    # Then it is refused on one line, saying where it may be issued, and no number is spent
    lines = [line for line in result.err.splitlines() if "예시 기관" not in line]
    assert result.code == 4 and len(lines) == 1 and not result.out, result.err
    assert "작성할 수 있는 단계" in lines[0] and "Traceback" not in result.err
    assert as_json(cli("letter", "list", number, "--json", now=later(3))) == before
    # And the next letter that may be issued takes the next number, as if nothing happened
    [doc] = as_json(cli("letter", "render", number, "receipt" if state == "open" else
                        "closure", "--party", "1", "--reason", "사유", "--json", user="kim",
                        now=later(3)))
    numbers = [d["number"] for d in before]
    assert doc["number"] not in numbers
    serials = sorted(int(n.rsplit("-", 1)[1]) for n in [*numbers, doc["number"]])
    assert serials == list(range(serials[0], serials[0] + len(serials)))


def test_a_workflow_refuses_a_transition_whose_documents_its_states_do_not_allow(
        tmp_path: Path) -> None:
    from mediation.core.errors import DefinitionError
    from mediation.workflow.loader import load_file

    text = (Path(__file__).resolve().parents[2] / "workflows" / "public_conflict.yaml"
            ).read_text(encoding="utf-8")
    path = tmp_path / "wf.yaml"
    path.write_text(text.replace("  agreement: [drafting, implementation, closed_resolved]",
                                 "  agreement: [drafting]"), encoding="utf-8")
    with pytest.raises(DefinitionError) as found:
        load_file(path)
    assert "'agreement' is not issued in 'implementation'" in found.value.message("en")


def test_extending_a_deadline_the_parties_wait_on_sends_them_the_notice(
        app: App, cli: Cli) -> None:
    # Given a public case in mediation, whose overall duration the parties wait on
    number = drive_public(app, "mediation")
    [duration] = [d for d in as_json(cli("deadline", "list", number, "--json", user="kim"))
                  if d["rule"] == "mediation_duration"]
    parties = as_json(cli("party", "list", number, "--json", user="kim"))
    # When the mediator extends it
    result = as_json(cli("deadline", "extend", number, str(duration["id"]), "--by", "30d",
                         "--reason", "당사자 추가 협의 요청", "--with-consent", "--json",
                         user="kim", now=later(2)))
    # Then each party has an extension notice, written in the same operation, that states
    # the reason and the new date the deadline list shows
    letters = [d for d in as_json(cli("letter", "list", number, "--json", user="kim"))
               if d["kind"] == "extension"]
    assert sorted(d["number"] for d in letters) == sorted(result["notices"])
    assert len(letters) == len(parties)
    [extended] = [d for d in as_json(cli("deadline", "list", number, "--json", user="kim"))
                  if d["id"] == duration["id"]]
    due = datetime.fromisoformat(extended["due_at"]).astimezone(START.tzinfo)
    text = Path(letters[0]["output_path"]).read_text(encoding="utf-8")
    assert "당사자 추가 협의 요청" in text and f"{due.year}. {due.month}. {due.day}." in text
    history = as_json(cli("case", "history", number, "--json", user="kim"))
    kinds = [e["kind"] for e in history[-1 - len(parties):]]
    assert kinds[0] == "deadline_extended" and set(kinds[1:]) == {"document"}


def test_extending_an_internal_deadline_writes_no_notice(app: App, cli: Cli) -> None:
    number = drive_public(app, "mediation")
    other = [d for d in as_json(cli("deadline", "list", number, "--json", user="kim"))
             if d["rule"] != "mediation_duration" and d["status"] == "open"]
    assert other, "the case in mediation runs other deadlines (the progress notice)"
    result = as_json(cli("deadline", "extend", number, str(other[0]["id"]), "--by", "1d",
                         "--reason", "내부 사정", "--with-consent", "--json", user="kim",
                         now=later(1)))
    assert result["notices"] == []


# the remaining kinds: each fact against the CLI's own --json ---------------------------

def test_an_invitation_addresses_an_office_as_an_office_and_dates_its_reply_from_its_issue(
        app: App, cli: Cli) -> None:
    number = drive_public(app, "convening")
    office = as_json(cli("party", "add", number, "--name", "은평구청", "--role", "agency",
                         "--organization", "노인복지과", "--json", user="kim", now=later(1)))
    [doc] = as_json(cli("letter", "render", number, "invitation", "--party", str(office["id"]),
                        "--json", user="kim", now=later(2)))
    text = Path(doc["output_path"]).read_text(encoding="utf-8")
    case = as_json(cli("case", "show", number, "--json", now=later(2)))["case"]
    assert f"「{case['title']}」(사건번호 {case['number']})" in text
    assert "이에 귀 기관에서 협의회 당사자로" in text and "귀하" not in text
    # the reply deadline is 30 days from the letter's own date (its register entry)
    issued = datetime.fromisoformat(doc["generated_at"]).astimezone(START.tzinfo).date()
    due = issued + timedelta(days=30)
    assert f"회신 기한: {due.year}. {due.month}. {due.day}.까지" in text


def test_an_appointment_names_the_chair_and_mediator_of_the_record(app: App, cli: Cli) -> None:
    number = drive_public(app, "mediation")
    case = as_json(cli("case", "show", number, "--json", now=later(1)))["case"]
    users = {u["username"]: u for u in as_json(cli("user", "list", "--json"))}
    party = as_json(cli("party", "list", number, "--json"))[0]
    text = letter(cli, number, "appointment", "--party", str(party["id"]), now=later(1))
    assert f"협의회 의장: {case['chair']}" in text
    assert users[case["mediator"]]["name"] in text
    # a case without a chair yet says it will be chosen, never an empty name
    other = drive_public(app, "convening", title="다른 가상 갈등")
    first = as_json(cli("party", "list", other, "--json"))[0]
    assert as_json(cli("case", "show", other, "--json", now=later(1)))["case"]["chair"] is None
    text = letter(cli, other, "appointment", "--party", str(first["id"]), now=later(1))
    assert "협의회 의장: 당사자의 합의로 선정할 예정" in text


def test_an_impact_analysis_prints_the_case_parties_and_issues_of_the_record(
        app: App, cli: Cli) -> None:
    number = drive_public(app, "impact_analysis")
    ok(cli("case", "update", number, "--district", "은평구", "--people", "1200", user="kim"))
    for name, role, org in (("가상동 주민대책위원회", "resident_group", None),
                            ("김전문", "expert", "가상대학교"),
                            ("은평구청", "agency", "노인복지과")):
        extra = ("--organization", org) if org else ()
        ok(cli("party", "add", number, "--name", name, "--role", role, *extra, user="kim"))
    ok(cli("issue", "add", number, "봉안당 진입로 교통", user="kim"))
    case = as_json(cli("case", "show", number, "--json"))["case"]
    parties = as_json(cli("party", "list", number, "--json"))
    issues = as_json(cli("issue", "list", number, "--json"))
    text = letter(cli, number, "impact_analysis", now=later(1))
    assert case["title"] in text and case["number"] in text
    assert f"{case['district']}" in text and f"{case['people_involved']}명" in text
    stakeholders, experts = text.split("3. 관련 단체 및 전문가의 의견")
    for p in parties:
        where = experts if p["role"] in ("group", "expert") else stakeholders
        assert p["name"] in where, p
    for i in issues:
        assert i["text"] in text
