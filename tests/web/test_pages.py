"""The console's statistics report page and its files, the month calendar of meetings, the
personal calendar feed (its secret address, renewal, "not found" for any other token), the
deadline extension of the case page and its issues and agreement, and the user's own page,
on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime
from html import unescape
from pathlib import Path

from icalendar import Calendar
from starlette.testclient import TestClient
from support.stories import drive_neighbor
from support.web import PASSWORD, Console, new_console

from mediation.agreement.commands import ItemFields
from mediation.app import App
from mediation.core.clock import SEOUL
from mediation.meetings.commands import MeetingFields


def version_of(c: Console, number: str) -> str:
    page = c.client.get(f"/cases/{number}").text
    return page.split('name="version" value="', 1)[1].split('"', 1)[0]


def first_deadline(app: App, number: str) -> tuple[int, datetime]:
    found = [d for d in app.deadlines.list_deadlines(app.users.actor("admin"), number)
             if d.status == "open" and d.kind != "commitment"]
    assert found and found[0].due_at is not None
    return found[0].id, found[0].due_at


def meeting_at(app: App, number: str, when: datetime, place: str = "가상 주민센터") -> None:
    app.meetings.schedule_meeting(app.users.actor("park"), number, MeetingFields(
        kind="joint", starts_at=when, place=place, notify=False))


# the statistics report -----------------------------------------------------------------------

def test_the_report_page_shows_tables_and_charts_and_its_files_are_the_command_line_s(
        console: Console, kims_case: str, cli: object, tmp_path: Path) -> None:
    # Given park signed in
    console.sign_in("park")
    # When the report of 2026 is shown and its files downloaded
    page = console.client.get("/report?year=2026")
    files = {fmt: console.client.get(f"/report/download?year=2026&format={fmt}")
             for fmt in ("csv", "xlsx", "pdf")}
    # ... and the command line writes them for park
    for fmt in ("csv", "xlsx", "pdf"):
        assert cli("report", "--year", "2026", "--format", fmt,  # type: ignore[operator]
                   "--out", str(tmp_path / f"r.{fmt}"), user="park").code == 0
    # Then the page has the period, the charts (inline SVG) and the tables
    assert page.status_code == 200
    assert "2026. 1. 1. ~ 2026. 12. 31." in page.text and page.text.count("<svg") == 4
    assert "사건 결과" in page.text and "합의율" in page.text
    assert 'href="/report/download?year=2026&amp;format=xlsx"' in page.text
    # ... the CSV is the command line's, byte for byte, and says one case opened
    assert files["csv"].content == (tmp_path / "r.csv").read_bytes()
    rows = list(csv.reader(io.StringIO(files["csv"].content.decode("utf-8-sig"))))
    assert ["접수 사건", "1", ""] in rows
    assert files["csv"].headers["content-type"].startswith("text/csv")
    # ... the workbook holds the same cells
    from openpyxl import load_workbook

    def cells(data: bytes) -> list[list[object]]:
        book = load_workbook(io.BytesIO(data))
        return [[c.value for c in row] for sheet in book for row in sheet.iter_rows()]

    assert cells(files["xlsx"].content) == cells((tmp_path / "r.xlsx").read_bytes())
    # ... and the PDF the same text
    from pypdf import PdfReader

    def text(data: bytes) -> str:
        return "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)

    assert files["pdf"].content.startswith(b"%PDF")
    assert text(files["pdf"].content) == text((tmp_path / "r.pdf").read_bytes())


def test_the_report_takes_a_period_in_english_and_refuses_a_bad_one(console: Console) -> None:
    # Given
    console.sign_in("admin")
    # When
    period = console.client.get("/report?from=2026-03-01&to=2026-05-31&lang=en")
    backwards = console.client.get("/report?from=2026-05-01&to=2026-03-01&lang=ko")
    not_a_year = console.client.get("/report?year=20x6")
    bad_format = console.client.get("/report/download?year=2026&format=exe")
    # Then
    assert period.status_code == 200
    assert "Mediation statistics report" in period.text and "1 Mar 2026 ~ 31 May 2026" in period.text
    assert backwards.status_code == 400 and "기간의 끝이 시작보다 앞섭니다" in backwards.text
    assert not_a_year.status_code == 400 and bad_format.status_code == 400


def test_the_report_and_the_calendar_need_signing_in(console: Console) -> None:
    for path in ("/report", "/report/download?format=csv", "/calendar", "/me"):
        answer = console.client.get(path, follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"].startswith("/signin")


# the month calendar ----------------------------------------------------------------------------

def test_the_month_calendar_shows_the_meetings_of_readable_cases_with_links(
        console: Console, app: App, kims_case: str) -> None:
    # Given a meeting of kim's case on 10 December 2026 and one next January
    meeting_at(app, kims_case, datetime(2026, 12, 10, 14, tzinfo=SEOUL), "가상 주민센터 3층")
    meeting_at(app, kims_case, datetime(2027, 1, 5, 10, tzinfo=SEOUL))
    console.sign_in("kim")
    # When kim opens December, and lee (another mediator) too
    december = console.client.get("/calendar?month=2026-12")
    other = new_console(console)
    other.sign_in("lee")
    lees = other.client.get("/calendar?month=2026-12")
    # Then kim sees the meeting on its day, linked to the case, and the months around
    assert december.status_code == 200 and "2026년 12월 회의" in december.text
    assert f'href="/cases/{kims_case}"' in december.text and "14:00" in december.text
    assert "가상 주민센터 3층" in unescape(december.text) and "회의 1건" in december.text
    assert 'href="/calendar?month=2026-11"' in december.text
    assert 'href="/calendar?month=2027-01"' in december.text
    january = console.client.get("/calendar?month=2027-01")
    assert "10:00" in january.text and "회의 1건" in january.text
    # ... and lee sees none of it
    assert lees.status_code == 200 and kims_case not in lees.text and "회의 0건" in lees.text
    assert console.client.get("/calendar?month=13-2026").status_code == 400


# the personal calendar feed ----------------------------------------------------------------------

FEED = re.compile(r'value="(http://127\.0\.0\.1/calendar/[A-Za-z0-9_-]+\.ics)"')


def renew(c: Console) -> str:
    answer = c.client.post("/me/feed", data={"csrf": c.csrf("/me")})
    assert answer.status_code == 200
    found = FEED.search(answer.text)
    assert found, answer.text[-2000:]
    return found.group(1).removeprefix("http://127.0.0.1")


def test_the_feed_holds_the_user_s_meetings_and_deadlines_by_its_secret_address_only(
        console: Console, app: App, kims_case: str) -> None:
    # Given a meeting of kim's case and park's feed address
    meeting_at(app, kims_case, datetime(2026, 12, 10, 14, tzinfo=SEOUL))
    console.sign_in("park")
    address = renew(console)
    # When a calendar without any cookie reads it
    with TestClient(console.client.app, base_url="http://127.0.0.1") as phone:
        answer = phone.get(address)
        unknown = phone.get("/calendar/" + "x" * 43 + ".ics")
    # Then it is a valid calendar of the meeting and the running deadlines, in Korean
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/calendar")
    [cal] = Calendar.from_ical(answer.content, multiple=True)
    assert not cal.errors
    events = {str(e["summary"]): e for e in cal.walk("VEVENT")}
    [meeting] = [e for s, e in events.items() if s.startswith("회의: 합동회의")]
    assert kims_case in str(meeting["summary"])
    assert meeting.decoded("dtstart") == datetime(2026, 12, 10, 5, tzinfo=meeting.decoded(
        "dtstart").tzinfo)
    assert str(meeting["location"]) == "가상 주민센터"
    due = [e for s, e in events.items() if s.startswith("기한: ")]
    _, due_at = first_deadline(app, kims_case)
    assert due and due_at.astimezone(SEOUL).date() in [e.decoded("dtstart") for e in due]
    # ... and any other token is not found
    assert unknown.status_code == 404


def test_renewing_the_feed_stops_the_old_address_and_needs_the_csrf_token(
        console: Console, app: App, kims_case: str) -> None:
    # Given park's feed address
    console.sign_in("park")
    old = renew(console)
    # When it is renewed, and a renewal without the form's token is tried
    new = renew(console)
    forged = console.client.post("/me/feed", data={})
    # Then the old address is gone, the new one works, the forged renewal changed nothing
    assert old != new
    assert console.client.get(old).status_code == 404
    assert forged.status_code == 403
    assert console.client.get(new).status_code == 200
    page = console.client.get("/me").text
    assert "지금 주소는 2026. 11. 24. 09:00에 만들었습니다" in page and new not in page
    # ... and each renewal is in the users' trail
    from sqlalchemy import text

    with app.db.read() as conn:
        kinds = conn.execute(text("SELECT kind FROM user_events WHERE username = 'park' "
                                  "AND kind = 'calendar_feed_renewed'")).all()
    assert len(kinds) == 2


def test_a_mediator_s_feed_holds_only_their_cases(console: Console, app: App,
                                                  kims_case: str) -> None:
    # Given a meeting of kim's case, and lee's feed
    meeting_at(app, kims_case, datetime(2026, 12, 10, 14, tzinfo=SEOUL))
    console.sign_in("lee")
    address = renew(console)
    # When
    answer = console.client.get(address)
    # Then
    assert answer.status_code == 200 and kims_case not in answer.content.decode()
    assert Calendar.from_ical(answer.content).walk("VEVENT") == []


# the case page ------------------------------------------------------------------------------------

def test_the_supervisor_extends_a_deadline_from_the_case_page(
        console: Console, app: App, kims_case: str) -> None:
    # Given
    deadline, due = first_deadline(app, kims_case)
    console.sign_in("park")
    # When
    answer = console.client.post(f"/cases/{kims_case}/extend", follow_redirects=False, data={
        "csrf": console.csrf(), "version": version_of(console, kims_case),
        "deadline": str(deadline), "by": "1h", "reason": "현장 확인 필요"})
    # Then
    assert answer.status_code == 303, answer.text
    after = next(d for d in app.deadlines.list_deadlines(app.users.actor("admin"), kims_case)
                 if d.id == deadline)
    assert after.due_at is not None and after.due_at > due and after.extensions == 1
    [event] = [e for e in app.reading.history(app.users.actor("admin"), kims_case)
               if e.kind == "deadline_extended"]
    assert event.actor == "park" and event.note == "현장 확인 필요"


def test_an_extension_is_refused_when_the_case_changed_without_csrf_or_out_of_scope(
        console: Console, app: App, kims_case: str) -> None:
    # Given kim's page read, then the supervisor pauses and resumes the case
    deadline, due = first_deadline(app, kims_case)
    console.sign_in("kim")
    token, version = console.csrf(), version_of(console, kims_case)
    park = app.users.actor("park")
    app.adjust.pause_case(park, kims_case, "당사자 요청")
    app.adjust.resume_case(park, kims_case)
    due = first_deadline(app, kims_case)[1]
    form = {"deadline": str(deadline), "by": "1h", "reason": "현장 확인 필요"}
    # When kim sends the form read before; a form without its token; lee's form
    stale = console.client.post(f"/cases/{kims_case}/extend",
                                data={**form, "csrf": token, "version": version})
    no_token = console.client.post(f"/cases/{kims_case}/extend",
                                   data={**form, "version": version_of(console, kims_case)})
    other = new_console(console)
    other.sign_in("lee")
    lees = other.client.post(f"/cases/{kims_case}/extend", data={
        **form, "csrf": other.csrf(), "version": version_of(console, kims_case)})
    too_long = console.client.post(f"/cases/{kims_case}/extend", data={
        **form, "by": "12m", "csrf": token, "version": version_of(console, kims_case)})
    # Then
    assert stale.status_code == 409 and "사건이 열어 본 뒤에 바뀌었습니다 — 새로 고치세요." in stale.text
    assert no_token.status_code == 403
    assert lees.status_code == 403
    assert too_long.status_code == 403 and "첫 연장은" in unescape(too_long.text)
    assert first_deadline(app, kims_case)[1] == due
    kinds = [e.kind for e in app.reading.history(app.users.actor("admin"), kims_case)]
    assert "deadline_extended" not in kinds


def test_the_case_page_shows_titles_names_issues_and_the_agreement(
        console: Console, app: App, monkeypatch: object) -> None:
    # Given a neighbour dispute in settlement with an issue and an agreement item
    monkeypatch.setenv("MEDIATION_DOCUMENT_FORMAT", "html")  # type: ignore[attr-defined]
    number = drive_neighbor(app, "settlement")
    kim = app.users.actor("kim")
    app.agreement.add_issue(kim, number, "야간 소음 기준")
    party = app.parties.list_parties(kim, number)[0]
    app.agreement.add_item(kim, number, ItemFields(
        text="가상 방음매트 설치", owner_party_id=party.id, due=date(2027, 1, 15)))
    console.sign_in("park")
    # When
    page = unescape(console.client.get(f"/cases/{number}").text)
    english = unescape(console.client.get(f"/cases/{number}?lang=en").text)
    # Then the workflow's title and the users' names, not their internal names
    flow = app.workflows["neighbor_dispute"].title
    assert flow.ko in page and "neighbor_dispute" not in page
    assert "김조정" in page and "박담당" in page and ">kim<" not in page
    # ... the issues and the agreement, as `issue list` and `agreement show` read them
    assert "야간 소음 기준" in page and "미정" in page
    shown = app.agreement.show_agreement(kim, number)
    [item] = shown.items
    assert item.text in page and item.owner_name in page and "2027. 1. 15." in page
    assert "초안" in page  # not every party signed yet
    assert flow.en in english and "Agreement and commitments" in english and "draft" in english


# the user's own page ----------------------------------------------------------------------------------

def test_the_user_changes_their_password_on_their_page(console: Console) -> None:
    # Given
    console.sign_in("kim")
    new = "a new long password"
    # When
    differ = console.client.post("/me/password", data={
        "csrf": console.csrf("/me"), "current": PASSWORD, "new": new, "again": new + "!"})
    wrong = console.client.post("/me/password", data={
        "csrf": console.csrf("/me"), "current": "not mine", "new": new, "again": new})
    done = console.client.post("/me/password", follow_redirects=False, data={
        "csrf": console.csrf("/me"), "current": PASSWORD, "new": new, "again": new})
    # Then
    assert differ.status_code == 400 and wrong.status_code == 403
    assert done.status_code == 303
    other = new_console(console)
    assert other.sign_in("kim", PASSWORD).status_code == 401  # type: ignore[attr-defined]
    assert other.sign_in("kim", new).status_code == 303  # type: ignore[attr-defined]


def test_the_dashboard_names_each_mediator_whole_in_a_title(
        console: Console, app: App, kims_case: str) -> None:
    console.sign_in("park")
    page = console.client.get("/").text
    assert '<th class="name" title="김조정">김조정</th>' in page


# the dashboard's chart, the names in place of user names ------------------------------------

def _svg(html: str, start: str = "") -> str:
    """The first inline SVG of ``html`` after ``start``."""
    rest = html.split(start, 1)[1] if start else html
    return "<svg" + rest.split("<svg", 1)[1].split("</svg>", 1)[0] + "</svg>"


def test_the_dashboard_charts_this_years_cases_opened_and_closed_as_the_report_does(
        console: Console, kims_case: str, cli: object) -> None:
    import json

    # Given kim's case opened this year (2026) and park, its supervisor, and lee, who reads none
    console.sign_in("park")
    other = new_console(console)
    other.sign_in("lee")
    # When each opens the dashboard and the report of this year
    dashboard = console.client.get("/").text
    chart = console.client.get("/charts/months.svg")
    parks, parks_report = chart.text, console.client.get("/report").text
    lees, lees_report = (other.client.get("/charts/months.svg").text,
                         other.client.get("/report").text)
    # Then the dashboard shows the report's first chart, drawn from the same counts
    section = dashboard.split('id="months"', 1)[1].split("</section>", 1)[0]
    assert "월별 접수·종결 사건" in section and "2026년" in section
    assert '<img src="/charts/months.svg" alt="월별 접수·종결 사건 2026년"' in section
    assert chart.headers["content-type"].startswith("image/svg+xml")
    assert _svg(parks) == _svg(parks_report)
    assert _svg(lees) == _svg(lees_report)
    # ... within each reader's scope: park's has kim's case in November, lee's nothing
    months = json.loads(cli("report", "--year", "2026", "--json",  # type: ignore[operator]
                            user="park").out)["months"]
    assert [m["opened"] for m in months if m["month"] == "2026-11"] == [1]
    bar = 'font-size="9" fill="#000">1</text>'  # the value over a bar
    assert _svg(parks).count(bar) == 1
    assert 'font-size="9"' not in _svg(lees)
    # ... and in English with the month names
    english = console.client.get("/?lang=en").text
    assert "Cases opened and closed per month" in english
    assert ">Nov</text>" in console.client.get("/charts/months.svg").text
    # ... and only for a signed-in user
    assert new_console(console).client.get("/charts/months.svg",
                                           follow_redirects=False).status_code == 303


def test_pages_show_a_users_name_and_role_not_the_user_name(
        console: Console, kims_case: str, cli: object, tmp_path: Path) -> None:
    # Given park (박담당, a supervisor) signed in
    console.sign_in("park")
    # When they list the cases and read the report in Korean and English
    listed = console.client.get("/cases").text
    report = unescape(console.client.get("/report?year=2026").text)
    english = unescape(console.client.get("/report?year=2026&lang=en").text)
    csv_file = console.client.get("/report/download?year=2026&format=csv&lang=ko")
    # Then the list names the mediator and supervisor as the office knows them
    row = listed.split(f'href="/cases/{kims_case}"', 1)[1].split("</tr>", 1)[0]
    assert "김조정" in row and "박담당" in row and ">kim<" not in row and ">park<" not in row
    assert "<span>1쪽</span>" in listed
    assert "<span>Page 1</span>" in console.client.get("/cases?lang=en").text
    # ... and the report's scope is the name and role, the same in the page, CSV and command line
    assert "박담당 갈등조정담당관" in report and "park (supervisor)" not in report
    assert "박담당, supervisor" in english
    rows = list(csv.reader(io.StringIO(csv_file.content.decode("utf-8-sig"))))
    assert ["범위", "박담당 갈등조정담당관", "이 사용자가 볼 수 있는 사건"] in rows
    shown = cli("report", "--year", "2026", user="park")  # type: ignore[operator]
    assert shown.code == 0 and "박담당 갈등조정담당관" in shown.out
