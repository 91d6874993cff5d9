"""The console over HTTP: sign-in and its limits, the session cookie, CSRF, the security
headers, the read scope and every refusal as a page with the right status, and a form read
before someone else changed the case (409), on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import timedelta
from html import unescape

import pytest
from sqlalchemy import text
from starlette.testclient import TestClient
from support.web import PASSWORD, Console, csrf_of, new_console

from mediation.app import App, build_app
from mediation.config import WebSettings
from mediation.core.clock import FrozenClock
from mediation.web.server import create_app


def state_of(app: App, number: str) -> str:
    return app.reading.show_case(app.users.actor("admin"), number).case.state


def version_of(c: Console, number: str) -> str:
    page = c.client.get(f"/cases/{number}").text
    return page.split('name="version" value="', 1)[1].split('"', 1)[0]


# sign-in and the session ---------------------------------------------------------------

def test_a_page_without_signing_in_leads_to_the_sign_in_form(console: Console) -> None:
    # When
    page = console.client.get("/cases?q=x", follow_redirects=False)
    # Then
    assert page.status_code == 303
    assert page.headers["location"].startswith("/signin?next=/cases%3Fq%3Dx")


def test_signing_in_sets_a_signed_http_only_lax_cookie_and_opens_the_dashboard(
        console: Console) -> None:
    # When
    answer = console.sign_in("park")
    # Then
    assert answer.status_code == 303 and answer.headers["location"] == "/"
    cookie = answer.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie
    dashboard = console.client.get("/")
    assert dashboard.status_code == 200 and "오늘의 업무" in dashboard.text


def test_over_https_the_session_cookie_is_secure(app: App) -> None:
    # Given a console reached over HTTPS (the office's proxy)
    with TestClient(create_app(app, secret="s"), base_url="https://console.example") as client:
        # When
        page = client.get("/signin")
    # Then
    assert "Secure" in page.headers["set-cookie"]


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(
        console: Console) -> None:
    # When
    wrong_password = console.sign_in("park", "not the password")
    no_such_user = console.sign_in("nobody", "not the password")
    # Then
    assert wrong_password.status_code == no_such_user.status_code == 401
    assert "사용자 이름 또는 비밀번호가 맞지 않습니다." in wrong_password.text
    assert console.client.get("/", follow_redirects=False).status_code == 303


def test_five_failures_lock_the_user_for_the_window_even_with_the_right_password(
        console: Console, app: App, clock: FrozenClock) -> None:
    # Given five failed attempts
    for _ in range(5):
        assert console.sign_in("park", "guess").status_code == 401
    # When the right password comes next
    locked = console.sign_in("park")
    # Then it is refused, and the attempts are on record
    assert locked.status_code == 429 and "15분 뒤에" in locked.text
    with app.db.read() as conn:
        failures = conn.execute(text("SELECT count(*) FROM sign_in_attempts "
                                     "WHERE username = 'park' AND NOT ok")).scalar_one()
    assert failures == 5
    # and after the window the user signs in again
    clock.advance(timedelta(minutes=16))
    assert console.sign_in("park").status_code == 303


def test_twenty_failures_from_one_address_lock_every_user_from_it(console: Console) -> None:
    # Given twenty failures over four users from the same address
    for name in ("kim", "lee", "choi", "admin"):
        for _ in range(5):
            console.sign_in(name, "guess")
    # When another user signs in correctly from there
    answer = console.sign_in("park")
    # Then
    assert answer.status_code == 429


def test_the_session_ends_after_the_idle_time(console: Console, clock: FrozenClock) -> None:
    # Given
    console.sign_in("park")
    clock.advance(timedelta(minutes=29))
    assert console.client.get("/").status_code == 200
    # When thirty-one minutes pass without a request
    clock.advance(timedelta(minutes=31))
    page = console.client.get("/")
    # Then
    assert "오래 사용하지 않아 로그아웃되었습니다" in page.text
    assert console.client.get("/", follow_redirects=False).status_code == 303


def test_signing_out_ends_the_session(console: Console) -> None:
    # Given
    console.sign_in("park")
    # When
    answer = console.client.post("/signout", data={"csrf": console.csrf()}, follow_redirects=False)
    # Then
    assert answer.status_code == 303
    assert console.client.get("/", follow_redirects=False).status_code == 303


def test_a_form_without_the_csrf_token_is_refused_and_changes_nothing(
        console: Console, app: App, kims_case: str) -> None:
    # Given
    console.sign_in("kim")
    version = version_of(console, kims_case)
    # When
    for token in (None, "forged"):
        data = {"trigger": "diagnose", "version": version}
        if token:
            data["csrf"] = token
        answer = console.client.post(f"/cases/{kims_case}/advance", data=data)
        # Then
        assert answer.status_code == 403 and "양식이 만료되었습니다" in answer.text
    assert state_of(app, kims_case) == "intake"


def test_the_sign_in_form_needs_its_csrf_token_too(console: Console) -> None:
    # When
    answer = console.client.post("/signin", data={"username": "park", "password": PASSWORD},
                                 follow_redirects=False)
    # Then
    assert answer.status_code == 403


def test_every_response_carries_the_security_headers(console: Console) -> None:
    # When
    for page in (console.client.get("/signin"), console.client.get("/static/console.css")):
        # Then
        csp = page.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "script-src" not in csp
        assert "default-src 'none'" in csp
        assert page.headers["x-content-type-options"] == "nosniff"
        assert page.headers["referrer-policy"] == "same-origin"


def test_the_pages_have_no_script_and_escape_what_users_typed(
        console: Console, app: App) -> None:
    # Given a case whose title is markup
    from mediation.cases.commands import CaseFields

    park = app.users.actor("park")
    number = app.cases.open_case(park, workflow="public_conflict", mediator="kim",
                                 supervisor="park",
                                 fields=CaseFields(title="<script>alert(1)</script> 갈등")).number
    console.sign_in("park")
    # When
    pages = [console.client.get(p).text for p in ("/", "/cases", f"/cases/{number}")]
    # Then
    for page in pages:
        assert "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages[2]


# the language -----------------------------------------------------------------------------

def test_english_by_choice_is_kept_in_a_cookie(console: Console, kims_case: str) -> None:
    # Given
    console.sign_in("lee")
    # When
    first = console.client.get("/cases?lang=en")
    later = console.client.get(f"/cases/{kims_case}")
    # Then
    assert '<html lang="en">' in first.text and "Cases" in first.text
    assert later.status_code == 403
    assert f"Case {kims_case} can be read only by its mediator" in later.text


# the read scope and the refusals -------------------------------------------------------------

def test_a_mediator_neither_lists_nor_opens_another_mediators_case(
        console: Console, kims_case: str) -> None:
    # Given
    console.sign_in("lee")
    # When
    listed = console.client.get("/cases")
    opened = console.client.get(f"/cases/{kims_case}")
    # Then
    assert kims_case not in listed.text
    assert opened.status_code == 403
    assert f"사건 {kims_case}은(는) 담당 갈등조정관과 담당관, 관리자만 볼 수 있습니다" in opened.text


def test_the_supervisor_and_the_mediator_see_the_case(console: Console, kims_case: str) -> None:
    for user in ("kim", "park", "admin"):
        c = new_console(console)
        c.sign_in(user)
        assert kims_case in c.client.get("/cases").text
        assert c.client.get(f"/cases/{kims_case}").status_code == 200


def test_firing_a_trigger_moves_the_case_and_records_who(
        console: Console, app: App, kims_case: str) -> None:
    # Given
    console.sign_in("kim")
    # When
    answer = console.client.post(f"/cases/{kims_case}/advance", follow_redirects=False, data={
        "csrf": console.csrf(), "trigger": "diagnose", "version": version_of(console, kims_case)})
    # Then
    assert answer.status_code == 303
    assert state_of(app, kims_case) == "diagnosis"
    page = console.client.get(answer.headers["location"]).text
    assert "처리했습니다." in page and "갈등진단 착수" in page


@pytest.mark.parametrize(("user", "trigger", "explained"), [
    ("kim", "monitor", "사용자 'kim'(갈등조정관)은(는)"),  # the supervisor's step, by a mediator
    # a step whose condition is unmet (no grade recorded)
    ("park", "plan", "대응전략 수립(plan)은 아직 할 수 없습니다"),
])
def test_a_refused_trigger_is_403_and_explained(console: Console, app: App, kims_case: str,
                                                user: str, trigger: str, explained: str) -> None:
    # Given a case in diagnosis
    app.moves.advance(app.users.actor("kim"), kims_case, "diagnose")
    console.sign_in(user)
    # When
    answer = console.client.post(f"/cases/{kims_case}/advance", data={
        "csrf": console.csrf(), "trigger": trigger, "version": version_of(console, kims_case)})
    # Then
    assert answer.status_code == 403
    assert explained in unescape(answer.text)
    assert state_of(app, kims_case) == "diagnosis"


def test_a_mediator_may_not_reassign(console: Console, app: App, kims_case: str) -> None:
    # Given
    console.sign_in("kim")
    # When
    answer = console.client.post(f"/cases/{kims_case}/assign", data={
        "csrf": console.csrf(), "mediator": "lee", "version": version_of(console, kims_case)})
    # Then
    assert answer.status_code == 403 and "담당자를 변경할 권한이 없습니다" in answer.text
    assert app.reading.show_case(app.users.actor("admin"), kims_case).case.mediator == "kim"


def test_the_supervisor_reassigns_pauses_and_resumes(
        console: Console, app: App, kims_case: str) -> None:
    # Given
    console.sign_in("park")
    # When
    for path, data in (("assign", {"mediator": "lee", "supervisor": "park"}),
                       ("pause", {"reason": "당사자 요청"}), ("resume", {"reason": ""})):
        answer = console.client.post(f"/cases/{kims_case}/{path}", follow_redirects=False,
                                     data={"csrf": console.csrf(), **data,
                                           "version": version_of(console, kims_case)})
        assert answer.status_code == 303, answer.text
    # Then
    kinds = [e.kind for e in app.reading.history(app.users.actor("admin"), kims_case)]
    assert kinds[-3:] == ["reassigned", "paused", "resumed"]


def test_a_form_read_before_another_change_is_refused_with_409(
        console: Console, app: App, kims_case: str) -> None:
    # Given kim's page read, then the supervisor pauses the case
    console.sign_in("kim")
    token, version = console.csrf(), version_of(console, kims_case)
    app.adjust.pause_case(app.users.actor("park"), kims_case, "당사자 요청")
    # When kim sends the form read before
    answer = console.client.post(f"/cases/{kims_case}/advance", data={
        "csrf": token, "trigger": "diagnose", "version": version})
    # Then
    assert answer.status_code == 409
    assert "사건이 열어 본 뒤에 바뀌었습니다 — 새로 고치세요." in answer.text
    assert state_of(app, kims_case) == "intake"


def test_bad_input_is_400_and_an_unknown_case_404(console: Console, kims_case: str) -> None:
    # Given
    console.sign_in("park")
    # When
    empty_reason = console.client.post(f"/cases/{kims_case}/pause", data={
        "csrf": console.csrf(), "reason": " ", "version": version_of(console, kims_case)})
    missing = console.client.get("/cases/2026-9999")
    # Then
    assert empty_reason.status_code == 400 and "잘못된 입력입니다 (reason)" in empty_reason.text
    assert missing.status_code == 404 and "사건 '2026-9999'을(를) 찾을 수 없습니다" in unescape(
        missing.text)


def test_a_document_is_downloaded_by_its_number_after_the_read_check(
        console: Console, app: App, kims_case: str) -> None:
    # Given a letter of kim's case
    from mediation.documents.register import LetterRequest
    from mediation.parties.commands import PartyFields

    park = app.users.actor("park")
    party = app.parties.add_party(park, kims_case, PartyFields(
        name="홍길동", role="resident_group", email="hong@example.org"))
    [letter] = app.documents.render_documents(park, LetterRequest(
        number=kims_case, kind="receipt", party_id=party.id, fmt="txt"))
    number = letter.number
    console.sign_in("kim")
    # When
    mine = console.client.get(f"/documents/{number}")
    other = new_console(console)
    other.sign_in("lee")
    refused = other.client.get(f"/documents/{number}")
    # Then
    assert mine.status_code == 200 and len(mine.content) == letter.output_bytes
    assert refused.status_code == 403
    assert console.client.get("/documents/..%2F..%2Fetc%2Fpasswd").status_code == 404


# single sign-on ---------------------------------------------------------------------------

@pytest.fixture
def proxied(app: App, clock: FrozenClock) -> Iterator[App]:
    web = WebSettings(trusted_header="X-Remote-User", trusted_proxies=("testclient",))
    behind = build_app(dataclasses.replace(app.settings, web=web), clock=clock)
    yield behind
    behind.close()


def test_the_trusted_header_signs_in_only_from_the_listed_proxy(
        proxied: App, app: App, clock: FrozenClock) -> None:
    # Given the console behind the proxy the test client speaks as
    with TestClient(create_app(proxied, secret="s")) as client:
        # When
        page = client.get("/", headers={"X-Remote-User": "park"})
    # Then
    assert page.status_code == 200 and "<b>박담당</b>" in page.text
    # and from anywhere else the header is ignored
    elsewhere = build_app(dataclasses.replace(app.settings, web=WebSettings(
        trusted_header="X-Remote-User", trusted_proxies=("10.0.0.1",))), clock=clock)
    with TestClient(create_app(elsewhere, secret="s")) as client:
        ignored = client.get("/", headers={"X-Remote-User": "park"}, follow_redirects=False)
    elsewhere.close()
    assert ignored.status_code == 303


def test_the_csrf_token_changes_when_signing_in(console: Console) -> None:
    # Given
    before = csrf_of(console.client.get("/signin").text)
    # When
    console.sign_in("park")
    # Then
    assert console.csrf() != before


# approval (결재) --------------------------------------------------------------------------

@pytest.fixture
def draft(app: App, kims_case: str) -> str:
    """A receipt to a party of kim's case: a letter public_conflict has approved first."""
    from mediation.documents.register import LetterRequest
    from mediation.parties.commands import PartyFields

    kim = app.users.actor("kim")
    party = app.parties.add_party(kim, kims_case, PartyFields(
        name="홍길동", role="resident_group", email="hong@example.org"))
    [letter] = app.documents.render_documents(kim, LetterRequest(
        number=kims_case, kind="receipt", party_id=party.id, fmt="txt"))
    assert letter.status == "draft"
    return letter.number


def test_the_supervisor_approves_a_draft_from_the_queue(
        console: Console, app: App, draft: str) -> None:
    # Given
    console.sign_in("park")
    queue = console.client.get("/approvals")
    assert draft in queue.text and f"/approvals/{draft}/approve" in queue.text
    assert draft in console.client.get("/").text
    # When
    answer = console.client.post(f"/approvals/{draft}/approve", follow_redirects=False,
                                 data={"csrf": csrf_of(queue.text), "comment": "좋습니다"})
    # Then
    assert answer.status_code == 303
    [doc] = [d for d in app.documents.list_documents(app.users.actor("park"), _case_of(app, draft))
             if d.number == draft]
    assert doc.status == "issued" and doc.reviewed_by == "park"
    assert draft not in console.client.get("/approvals").text


def _case_of(app: App, doc: str) -> str:
    view, _path = app.documents.print_document(app.users.actor("admin"), doc)
    return view.case


def test_the_supervisor_returns_a_draft_with_a_comment(
        console: Console, app: App, draft: str) -> None:
    # Given
    console.sign_in("park")
    # When
    answer = console.client.post(f"/approvals/{draft}/return", follow_redirects=False,
                                 data={"csrf": console.csrf("/approvals"), "comment": "주소 확인"})
    # Then
    assert answer.status_code == 303
    history = app.reading.history(app.users.actor("admin"), _case_of(app, draft))
    assert history[-1].kind == "document_returned" and history[-1].note == "주소 확인"


def test_the_mediator_sees_the_draft_waiting_but_no_approval_action(
        console: Console, app: App, draft: str) -> None:
    # Given
    console.sign_in("kim")
    # When
    queue = console.client.get("/approvals")
    forced = console.client.post(f"/approvals/{draft}/approve",
                                 data={"csrf": csrf_of(queue.text), "comment": ""})
    # Then
    assert draft in queue.text and "/approve" not in queue.text
    assert "결재 대기 중인 공문" in console.client.get("/").text
    assert forced.status_code == 403 and "문서를 결재할" in forced.text
    other = new_console(console)
    other.sign_in("lee")
    assert draft not in other.client.get("/approvals").text


# the dashboard ----------------------------------------------------------------------------

def test_the_dashboard_shows_what_needs_the_user_in_their_cases_only(
        console: Console, app: App, clock: FrozenClock) -> None:
    # Given cases of kim's: one opened twenty days ago and untouched since (its acknowledgement
    # overdue), one opened ten days ago with a meeting in three days, one opened today
    from mediation.cases.commands import CaseFields
    from mediation.core.clock import SEOUL
    from mediation.meetings.commands import MeetingFields

    park = app.users.actor("park")
    start = clock.now()
    clock.set(start - timedelta(days=20))
    quiet = app.cases.open_case(park, workflow="public_conflict", mediator="kim",
                                supervisor="park", fields=CaseFields(title="조용한 갈등")).number
    clock.set(start - timedelta(days=10))
    met = app.cases.open_case(park, workflow="public_conflict", mediator="kim",
                              supervisor="park", fields=CaseFields(title="회의 갈등")).number
    app.meetings.schedule_meeting(park, met, MeetingFields(
        kind="joint", starts_at=(start + timedelta(days=3)).astimezone(SEOUL).replace(hour=14),
        place="가상 주민센터 회의실", notify=False))
    clock.set(start)
    fresh = app.cases.open_case(park, workflow="public_conflict", mediator="kim",
                                supervisor="park", fields=CaseFields(title="새 갈등")).number
    # When the supervisor and another mediator open their dashboards
    console.sign_in("park")
    mine = unescape(console.client.get("/").text)
    other = new_console(console)
    other.sign_in("lee")
    theirs = other.client.get("/").text
    # Then the supervisor sees each in its place, and lee none of them
    overdue, rest = mine.split("기한 경과", 1)[1].split("이번 주 기한", 1)
    week, rest = rest.split("이번 주 회의", 1)
    meetings, rest = rest.split("활동 없는 사건", 1)
    quiet_part, load = rest.split("담당자별 진행 사건", 1)
    assert quiet in overdue and fresh not in overdue
    assert fresh in week and quiet not in week
    assert "가상 주민센터 회의실" in meetings and met in meetings
    assert quiet in quiet_part and fresh not in quiet_part
    assert 'value="3"' in load and "김조정" in load
    assert quiet not in theirs and fresh not in theirs and "가상 주민센터" not in theirs


def test_the_case_list_filters_by_text_and_turns_pages(console: Console, app: App) -> None:
    # Given 52 cases of kim's, two of them about a landfill, one with an office as a party
    from mediation.cases.commands import CaseFields
    from mediation.parties.commands import PartyFields

    park = app.users.actor("park")
    numbers = []
    for i in range(52):
        title = "가상 매립지 갈등" if i in (3, 40) else f"가상 갈등 {i}"
        numbers.append(app.cases.open_case(park, workflow="public_conflict", mediator="kim",
                                           supervisor="park", fields=CaseFields(title=title)).number)
    app.parties.add_party(park, numbers[7], PartyFields(name="가상구청 환경과", role="agency"))
    console.sign_in("park")
    # When
    first = console.client.get("/cases").text
    second = console.client.get("/cases?page=2").text
    found = console.client.get("/cases?q=매립지").text
    none_closed = console.client.get("/cases?closed=closed").text
    by_party = console.client.get("/cases?q=가상구청").text
    # Then
    assert first.count('<tr>\n    <td><a href="/cases/') == 50 and "page=2" in first
    assert second.count('<tr>\n    <td><a href="/cases/') == 2 and "page=3" not in second
    assert found.count("가상 매립지 갈등") == 2 and "가상 갈등 7<" not in found
    assert "/cases/2026-" not in none_closed.split("<tbody>")[-1]
    assert by_party.count('<tr>\n    <td><a href="/cases/') == 1 and numbers[7] in by_party


def test_a_case_page_is_an_access_record_from_the_client_s_address(
        console: Console, app: App, kims_case: str) -> None:
    from mediation.parties.commands import PartyFields
    from mediation.privacy.commands import LogQuery

    # Given a case with a private person among its parties
    kim = app.users.actor("kim")
    person = app.parties.add_party(kim, kims_case, PartyFields(name="홍길동", role="applicant"))
    admin = app.users.actor("admin")
    before = len(app.privacy.log(admin, LogQuery(user="kim")))
    # When kim opens the case page in the console
    console.sign_in("kim")
    assert console.client.get(f"/cases/{kims_case}").status_code == 200
    # Then the read is recorded: kim, from the client's address (not the server's terminal),
    # whose data, what was done
    records = app.privacy.log(admin, LogQuery(user="kim"))[before:]
    reads = [r for r in records if r.action == "read" and person.id in r.parties]
    assert reads and all(r.origin.startswith("web ") for r in reads), records
    assert all(r.case == kims_case for r in reads)


def test_a_documents_download_keeps_the_reason_given_in_its_access_record(
        console: Console, app: App, kims_case: str) -> None:
    # Given a letter to a private applicant of kim's case
    from mediation.documents.register import LetterRequest
    from mediation.parties.commands import PartyFields
    from mediation.privacy.commands import LogQuery

    park = app.users.actor("park")
    party = app.parties.add_party(park, kims_case, PartyFields(name="홍길동", role="applicant"))
    [letter] = app.documents.render_documents(park, LetterRequest(
        number=kims_case, kind="receipt", party_id=party.id, fmt="txt"))
    console.sign_in("kim")
    # When kim downloads it with a reason
    got = console.client.get(f"/documents/{letter.number}", params={"reason": "재발송"})
    # Then the access record of the download keeps it
    assert got.status_code == 200
    [record] = [r for r in app.privacy.log(park, LogQuery()) if r.what == "letter print"]
    assert (record.account, record.reason, record.parties) == ("kim", "재발송", (party.id,))


def test_a_download_of_a_private_persons_letter_asks_for_the_reason_first(
        console: Console, app: App, kims_case: str) -> None:
    # Given a letter to a private applicant and one to a resident group, in kim's case
    from mediation.documents.register import LetterRequest
    from mediation.parties.commands import PartyFields
    from mediation.privacy.commands import LogQuery

    park = app.users.actor("park")
    person = app.parties.add_party(park, kims_case, PartyFields(name="홍길동", role="applicant"))
    group = app.parties.add_party(park, kims_case, PartyFields(name="가상 주민대책위원회",
                                                               role="resident_group"))
    [private] = app.documents.render_documents(park, LetterRequest(
        number=kims_case, kind="receipt", party_id=person.id, fmt="txt"))
    [public] = app.documents.render_documents(park, LetterRequest(
        number=kims_case, kind="receipt", party_id=group.id, fmt="txt"))
    console.sign_in("kim")
    printed = [r for r in app.privacy.log(park, LogQuery()) if r.what == "letter print"]
    # When kim follows the case page's link to the private applicant's letter
    case_page = console.client.get(f"/cases/{kims_case}").text
    assert f'href="/documents/{private.number}"' in case_page
    asked = console.client.get(f"/documents/{private.number}")
    # Then the console asks for the reason, with a form, and gives no file and records nothing
    assert asked.status_code == 200 and asked.headers["content-type"].startswith("text/html")
    assert "내려받는 사유를 적어 주세요" in asked.text
    assert f'action="/documents/{private.number}"' in asked.text and 'name="reason"' in asked.text
    assert f'href="/cases/{kims_case}"' in asked.text  # back to its case
    # When the form is sent with the reason left blank
    blank = console.client.get(f"/documents/{private.number}", params={"reason": "  "})
    # Then the form again, with its one line as the problem, still no file
    assert blank.status_code == 400 and 'class="problem"' in blank.text
    assert blank.text.count("내려받는 사유를 적어 주세요") == 1
    assert "content-disposition" not in blank.headers
    assert [r for r in app.privacy.log(park, LogQuery()) if r.what == "letter print"] == printed
    # When a reason is given
    got = console.client.get(f"/documents/{private.number}", params={"reason": "당사자 재발송 요청"})
    # Then the file, and the access record holds the reason
    assert got.status_code == 200 and "attachment" in got.headers["content-disposition"]
    [record] = [r for r in app.privacy.log(park, LogQuery())
                if r.what == "letter print" and r not in printed]
    assert (record.account, record.reason, record.parties) == ("kim", "당사자 재발송 요청",
                                                               (person.id,))
    # ... and the resident group's letter (no private person) comes at once, in English too
    plain = console.client.get(f"/documents/{public.number}?lang=en")
    assert plain.status_code == 200 and "attachment" in plain.headers["content-disposition"]
    english = console.client.get(f"/documents/{private.number}?back=/approvals")
    assert "Give the reason for downloading it" in english.text
    assert 'href="/approvals"' in english.text


def test_the_approval_queue_s_download_goes_through_the_reason_form(
        console: Console, app: App, kims_case: str) -> None:
    # Given a draft letter to a private applicant waiting for park's approval
    from mediation.documents.register import LetterRequest
    from mediation.parties.commands import PartyFields

    park = app.users.actor("park")
    person = app.parties.add_party(park, kims_case, PartyFields(name="홍길동", role="applicant"))
    [draft] = app.documents.render_documents(app.users.actor("kim"), LetterRequest(
        number=kims_case, kind="receipt", party_id=person.id, fmt="txt"))
    console.sign_in("park")
    # When park follows the queue's download link
    queue = unescape(console.client.get("/approvals").text)
    link = f"/documents/{draft.number}?back=/approvals"
    assert f'href="{link}"' in queue
    asked = console.client.get(link)
    # Then the reason is asked, and the form leads back to the queue
    assert asked.status_code == 200 and "내려받는 사유" in asked.text
    assert 'href="/approvals"' in asked.text and "content-disposition" not in asked.headers


def test_another_office_s_user_gets_no_reason_form_but_the_refusal(
        console: Console, app: App, kims_case: str) -> None:
    # Given a private applicant's letter in kim's case
    from mediation.documents.register import LetterRequest
    from mediation.parties.commands import PartyFields

    park = app.users.actor("park")
    person = app.parties.add_party(park, kims_case, PartyFields(name="홍길동", role="applicant"))
    [letter] = app.documents.render_documents(park, LetterRequest(
        number=kims_case, kind="receipt", party_id=person.id, fmt="txt"))
    console.sign_in("lee")
    # When lee (a mediator of other cases) asks for it, with or without a reason
    bare = console.client.get(f"/documents/{letter.number}")
    given = console.client.get(f"/documents/{letter.number}", params={"reason": "확인"})
    # Then both are refused, and the form never shows the document
    assert bare.status_code == 403 and given.status_code == 403
    assert 'name="reason"' not in bare.text and "홍길동" not in bare.text
