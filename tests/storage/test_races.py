"""Many real processes writing at the same moment, on SQLite and on PostgreSQL.

Numbers (case numbers, document numbers) are handed out by one atomic upsert of a counter
row, so concurrent commands never collide on a number and never fail for it. A busy
database is waited for (``MEDIATION_DB_BUSY_SECONDS``) and, if it stays busy, is exit 5
with one line saying so — never exit 1.
"""

from __future__ import annotations

import json
import subprocess
from datetime import timedelta

from conftest import ADMIN, START, Cli, Result

from mediation.app import App
from mediation.cases.commands import CaseFields
from mediation.parties.commands import PartyFields

# ``after_number`` holds each process in its transaction right after it took a number, so
# that every process takes its number while the others' transactions are still open.
HOLD_AFTER_NUMBER = "after_number:sleep=0.3"
LINE_UP_BEFORE_WRITE = "before_write:sleep=1"


def together(procs: list[subprocess.Popen[str]], timeout: float = 120) -> list[Result]:
    results = []
    for p in procs:
        out, err = p.communicate(timeout=timeout)
        results.append(Result(p.returncode, out, err))
    return results


def test_twenty_four_cases_opened_at_once_at_the_first_intake_of_a_year_all_get_a_number(
        app: App, cli: Cli) -> None:
    # Given a year in which no case was opened yet
    # When twenty-four people open a case at the same moment, each in their own process,
    # each holding its transaction a while after taking its number (longer, all together,
    # than SQLite used to wait for a busy database)
    results = together([
        cli.spawn("case", "open", "--workflow", "public_conflict", "--title", f"가상 동시 접수 {i}",
                  "--mediator", "kim", "--supervisor", "park", "--json",
                  MEDIATION_FAULT=HOLD_AFTER_NUMBER, MEDIATION_LANG="en")
        for i in range(24)], timeout=180)
    # Then every one waited its turn and succeeded, with twenty-four different numbers
    assert [r.code for r in results] == [0] * 24, [r.err for r in results if r.code]
    numbers = sorted(json.loads(r.out)["number"] for r in results)
    assert numbers == [f"2026-{i:04d}" for i in range(1, 25)]
    # And the next case gets the next number
    nxt = app.cases.open_case(app.users.actor("admin"), workflow="public_conflict",
                              mediator="kim", supervisor="park",
                              fields=CaseFields(title="가상 다음 사건")).number
    assert nxt == "2026-0025"


def test_ten_meetings_scheduled_at_once_on_ten_cases_all_get_their_notices(
        app: App, cli: Cli) -> None:
    # Given ten cases, each with one party
    park = app.users.actor("park")
    numbers = []
    for i in range(10):
        number = app.cases.open_case(park, workflow="public_conflict", mediator="kim",
                                     supervisor="park",
                                     fields=CaseFields(title=f"가상 회의 사건 {i}")).number
        app.parties.add_party(park, number, PartyFields(name=f"가상 주민 {i}",
                                                        role="resident_group"))
        numbers.append(number)
    at = (START + timedelta(days=14)).isoformat()
    # When a meeting is scheduled on each, with its notice, in ten processes at once
    results = together([
        cli.spawn("meeting", "schedule", number, "--at", at, "--place", "가상 회의실", user="kim",
                  MEDIATION_FAULT=LINE_UP_BEFORE_WRITE, MEDIATION_DOCUMENT_FORMAT="txt",
                  MEDIATION_LANG="en")
        for number in numbers])
    # Then none was told the case changed: every meeting is scheduled with its notice
    assert [r.code for r in results] == [0] * 10, [r.err for r in results]
    docs = [d for number in numbers for d in app.documents.list_documents(ADMIN, number)]
    assert sorted(d.number for d in docs) == [f"갈등조정담당관-2026-{i:04d}" for i in range(1, 11)]
    assert {d.status for d in docs} == {"issued"}
    assert all(app.documents.verify_document(ADMIN, d.number).ok for d in docs)


# a busy database ----------------------------------------------------------------------

def open_cases(app: App, count: int) -> list[str]:
    admin = app.users.actor("admin")
    return [app.cases.open_case(admin, workflow="public_conflict", mediator="kim",
                                supervisor="park", fields=CaseFields(title=f"가상 사건 {i}")).number
            for i in range(count)]


def test_a_database_busy_longer_than_the_setting_allows_is_exit_5_in_one_line(
        app: App, cli: Cli) -> None:
    # Given a case, and a process that holds it inside its write for four seconds
    number, = open_cases(app, 1)
    holder = cli.spawn("case", "update", number, "--grade", "A", user="kim",
                       MEDIATION_FAULT="after_state_update:sleep=4")
    # When another process writes to it meanwhile, willing to wait one second
    other = cli.spawn("case", "update", number, "--grade", "C", user="kim",
                      MEDIATION_FAULT="before_write:sleep=2", MEDIATION_DB_BUSY_SECONDS="1",
                      MEDIATION_LANG="en")
    held, waited = together([holder, other])
    # Then the holder's change is kept, and the other is told, in one line, that the
    # database is busy and to try again (exit 5, never 1)
    assert held.code == 0, held.err
    assert waited.code == 5, waited
    assert len(waited.err.splitlines()) == 1 and "Traceback" not in waited.err
    assert "The database is busy (waited 1 s); try again" in waited.err
    assert app.reading.show_case(ADMIN, number).case.grade == "A"


def test_the_busy_message_is_korean_by_default(app: App, cli: Cli) -> None:
    number, = open_cases(app, 1)
    holder = cli.spawn("case", "update", number, "--grade", "A", user="kim",
                       MEDIATION_FAULT="after_state_update:sleep=4")
    other = cli.spawn("case", "update", number, "--grade", "C", user="kim",
                      MEDIATION_FAULT="before_write:sleep=2", MEDIATION_DB_BUSY_SECONDS="1")
    _, waited = together([holder, other])
    assert waited.code == 5 and "데이터베이스가 사용 중입니다" in waited.err, waited
    assert "잠시 후 다시 시도하세요" in waited.err
