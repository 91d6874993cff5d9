"""Stories of who may read what: a mediator reads their own cases, a supervisor the cases they
supervise, admins every case. Every command that reads one case refuses anyone else (exit 4,
one line saying who may read it, nothing of the case printed); every list over many cases
shows each user only the cases they may read; the checks over the whole database are for
admins and supervisors. On SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pytest
from conftest import Cli, as_json, ok, refused
from support.stories import drive_neighbor

from mediation.agreement.commands import ItemFields
from mediation.app import App
from mediation.cases.commands import CaseFields
from mediation.core.clock import SEOUL, FrozenClock
from mediation.documents.register import LetterRequest
from mediation.meetings.commands import MeetingFields
from mediation.parties.commands import PartyFields

SECRETS = ("가상 비밀 분쟁", "hong-secret@example.org", "010-9999-0000")
"""What kim's case holds that nobody else's command may print: its title, its party's
e-mail address and telephone number."""


@dataclass(frozen=True)
class KimsCase:
    """Mediator kim's case, supervised by park: a party with contacts, an issue, a meeting,
    a letter (and the deadlines and reminders its opening started)."""

    number: str
    meeting: int
    letter: str

    def argv(self, probe: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(word.format(number=self.number, meeting=self.meeting, letter=self.letter)
                     for word in probe)


@pytest.fixture(autouse=True)
def html_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    """Letters a move writes (the signed settlement) are rendered as HTML (fast)."""
    monkeypatch.setenv("MEDIATION_DOCUMENT_FORMAT", "html")


@pytest.fixture
def kims_case(app: App) -> KimsCase:
    kim = app.users.actor("kim")
    number = app.cases.open_case(kim, workflow="neighbor_dispute", mediator="kim",
                                 supervisor="park", fields=CaseFields(title=SECRETS[0])).number
    party = app.parties.add_party(kim, number, PartyFields(
        name="가상 세대", role="applicant", email=SECRETS[1], phone=SECRETS[2]))
    app.agreement.add_issue(kim, number, "야간 소음 기준")
    meeting = app.meetings.schedule_meeting(kim, number, MeetingFields(
        kind="joint", starts_at=datetime(2026, 12, 10, 14, tzinfo=SEOUL), place="가상 주민센터",
        notify=False)).meeting.id
    [letter] = app.documents.render_documents(kim, LetterRequest(
        number=number, kind="receipt", party_id=party.id, fmt="txt"))
    return KimsCase(number=number, meeting=meeting, letter=letter.number)


# Every command that reads one case, as the command line runs it.
PROBES = {
    "case show": ("case", "show", "{number}", "--json"),
    "case history": ("case", "history", "{number}", "--json"),
    "party list": ("party", "list", "{number}", "--json"),
    "issue list": ("issue", "list", "{number}", "--json"),
    "agreement show": ("agreement", "show", "{number}", "--json"),
    "commitment list of a case": ("commitment", "list", "{number}", "--json"),
    "meeting list": ("meeting", "list", "{number}", "--json"),
    "meeting show": ("meeting", "show", "{number}", "{meeting}", "--json"),
    "letter list": ("letter", "list", "{number}", "--json"),
    "letter show with its context": ("letter", "show", "{letter}", "--context", "--json"),
    "letter verify": ("letter", "verify", "{letter}", "--json"),
    "deadline list of a case": ("deadline", "list", "{number}", "--json"),
    "deadline explain": ("deadline", "explain", "{number}", "--json"),
    "reminders list of a case": ("reminders", "list", "--case", "{number}", "--all", "--json"),
    "audit verify of a case": ("audit", "verify", "{number}", "--json"),
}


@pytest.mark.parametrize("probe", list(PROBES))
def test_only_its_mediator_its_supervisor_and_admins_read_a_case(
        cli: Cli, kims_case: KimsCase, probe: str) -> None:
    argv = kims_case.argv(PROBES[probe])
    number = kims_case.number
    for user in ("lee", "choi"):  # another mediator, another supervisor
        # When they read kim's case
        korean = cli(*argv, user=user)
        english = cli(*argv, "--lang", "en", user=user)
        # Then they are refused with exit 4, on one line saying who may read it, and
        # nothing of the case is printed
        assert refused(korean) == (f"mediation: 사건 {number}은(는) 담당 갈등조정관과 담당관, "
                                   f"관리자만 볼 수 있습니다 (사용자 '{user}').\n")
        assert refused(english) == (f"mediation: Case {number} can be read only by its "
                                    f"mediator, its supervisor and admins (not by '{user}').\n")
        assert not any(secret in korean.err + english.err for secret in SECRETS)
    for user in ("kim", "park", "admin"):
        # When kim (its mediator), park (its supervisor) or the admin read it, Then they may
        assert as_json(cli(*argv, user=user)) is not None


def listed_numbers(cli: Cli, user: str, *argv: str) -> set[str]:
    """The case numbers a list command shows ``user`` (a page's items, for the paged lists)."""
    listed = as_json(cli(*argv, "--json", user=user))
    rows = listed["items"] if argv[0] in PAGED else listed
    return {row.get("number") for row in rows} - {None}


PAGED = ("case", "deadline", "reminders", "commitment")  # across cases: a page at a time


LISTS = {
    "case list": ("case", "list"),
    "case list of kim's cases": ("case", "list", "--mediator", "kim"),
    "deadline list": ("deadline", "list"),
    "reminders list": ("reminders", "list", "--all"),
    "commitment list": ("commitment", "list"),
}


@pytest.fixture
def signed_cases(app: App) -> dict[str, str]:
    """A neighbour dispute in follow-up (its settlement signed, so its commitments are
    listed) for each mediator: kim's supervised by park, lee's by choi."""
    numbers = {}
    for mediator, supervisor in (("kim", "park"), ("lee", "choi")):
        number = drive_neighbor(app, "settlement")  # kim's, supervised by park
        if mediator != "kim":
            app.cases.reassign(app.users.actor("admin"), number, mediator=mediator,
                               supervisor=supervisor)
        actor = app.users.actor(mediator)
        parties = app.parties.list_parties(actor, number)
        app.agreement.add_item(actor, number, ItemFields(
            text="가상 방음매트 설치", owner_party_id=parties[0].id, due=date(2027, 1, 15)))
        for party in parties:
            app.agreement.sign_agreement(actor, number, party.id)
        app.moves.advance(actor, number, "settle")
        numbers[mediator] = number
    return numbers


@pytest.mark.parametrize("listing", list(LISTS))
def test_lists_show_each_user_only_the_cases_they_may_read(
        cli: Cli, signed_cases: dict[str, str], listing: str) -> None:
    kims, lees = signed_cases["kim"], signed_cases["lee"]
    argv = LISTS[listing]
    mine = listing != "case list of kim's cases"
    # When each lists (kim's cases are supervised by park, lee's by choi)
    seen = {user: listed_numbers(cli, user, *argv) for user in ("kim", "lee", "park", "choi",
                                                                  "admin")}
    # Then a mediator and a supervisor see their own cases only, and the admin sees both
    assert seen == {"kim": {kims}, "lee": {lees} if mine else set(), "park": {kims},
                    "choi": {lees} if mine else set(), "admin": {kims, lees} if mine else {kims}}


def test_a_users_own_digest_is_listed_to_them_and_to_nobody_else(
        cli: Cli, app: App, clock: FrozenClock, kims_case: KimsCase) -> None:
    # Given the 09:00 digests queued for each supervisor on a working day
    clock.set(datetime(2026, 11, 25, 9, 0, tzinfo=SEOUL))
    app.reminders.run_due(("digest",))
    # When the supervisors and a mediator list the reminders
    seen = {user: [(r["kind"], r["audience"]) for r in as_json(cli(
        "reminders", "list", "--all", "--json", user=user, now=clock.now()))["items"]
        if r["kind"] == "digest"] for user in ("park", "choi", "kim")}
    # Then each sees their own digest only
    assert seen == {"park": [("digest", "user:park")], "choi": [("digest", "user:choi")],
                    "kim": []}


@pytest.mark.parametrize("check", ["verify", "anchor", "verify --anchor"])
def test_the_checks_over_the_whole_database_are_for_admins_and_supervisors(
        cli: Cli, app: App, check: str) -> None:
    # Given kim's case, and an anchor kept by the admin
    app.cases.open_case(app.users.actor("kim"), workflow="neighbor_dispute", mediator="kim",
                        supervisor="park", fields=CaseFields(title="가상 소음 분쟁"))
    line = ok(cli("audit", "anchor", user="admin")).out.strip()
    argv = ("audit", *check.split(" "), *((line,) if "--anchor" in check else ()))
    # When a mediator runs a check over every case, even holding only her own
    # Then it is refused, saying who may and what she may do instead
    assert refused(cli(*argv, user="kim")) == (
        f"mediation: {WHOLE_KO[check]}은 관리자와 갈등조정담당관만 할 수 있습니다 (사용자 "
        "'kim'). 담당 사건은 `mediation audit verify 사건번호`로 검증하세요.\n")
    assert refused(cli(*argv, "--lang", "en", user="kim")) == (
        f"mediation: {WHOLE_EN[check]} is for admins and supervisors only (not 'kim'); "
        "verify a case of yours with `mediation audit verify NUMBER`.\n")
    # When a supervisor or an admin runs it, Then it runs
    for user in ("park", "admin"):
        ok(cli(*argv, user=user))


WHOLE_KO = {"verify": "데이터베이스 전체의 감사 기록 검증", "anchor": "감사 기준점(anchor) 작성",
            "verify --anchor": "데이터베이스 전체의 감사 기록 검증"}
WHOLE_EN = {"verify": "Verifying the whole database's audit trail",
            "anchor": "Writing the audit anchor",
            "verify --anchor": "Verifying the whole database's audit trail"}
