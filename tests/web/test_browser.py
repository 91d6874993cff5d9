"""The console in a real browser: Debian's headless Chromium driven by Playwright through its
executable path (never Playwright's own browser downloads), against the console served by
uvicorn on 127.0.0.1. A supervisor signs in, finds a case, fires a trigger, sees a refused
action explained, approves a letter and downloads it, and signs out; a mediator's browser
sees neither another mediator's case nor the approval actions. Every page is photographed
in Korean and English (kept in ``MEDIATION_SCREENSHOTS`` when set, to look at)."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, sync_playwright
from support.web import PASSWORD

from mediation.app import App, build_app
from mediation.cases.commands import CaseFields
from mediation.config import Settings
from mediation.core.clock import FrozenClock
from mediation.core.paths import PROJECT_ROOT
from mediation.documents.register import LetterRequest
from mediation.parties.commands import PartyFields
from mediation.web.server import create_app

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
LONG_NAME = "남궁가나다라마바사아자차카타파하(가상 외부 조정위원회 위촉 조정위원)"


@pytest.fixture
def site(sqlite_template: Path, tmp_path: Path, clock: FrozenClock) -> Iterator[tuple[str, App]]:
    """The console over a seeded SQLite database, served by uvicorn on a free port."""
    db = tmp_path / "mediation.db"
    shutil.copy(sqlite_template, db)
    app = build_app(Settings(home=tmp_path, database_url=f"sqlite:///{db}",
                             workflows_dir=PROJECT_ROOT / "workflows"), clock=clock)
    app.users.ensure_admin("admin")
    admin = app.users.actor("admin")
    for name, full, role in (("kim", "김조정", "mediator"), ("lee", "이조정", "mediator"),
                             ("park", "박담당", "supervisor")):
        app.users.add_user(admin, name, full, f"{name}@example.org", role)
        app.passwords.set_password(admin, name, PASSWORD)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(app, secret="browser test"),
                                           host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    yield f"http://127.0.0.1:{port}", app
    server.should_exit = True
    thread.join(timeout=10)
    app.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        found = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield found
        found.close()


def cases_of_kim(app: App) -> tuple[str, str]:
    """Kim's case with a party and a draft receipt waiting for approval."""
    park = app.users.actor("park")
    number = app.cases.open_case(park, workflow="public_conflict", mediator="kim",
                                 supervisor="park",
                                 fields=CaseFields(title="가상 물류센터 입지 갈등")).number
    party = app.parties.add_party(park, number, PartyFields(
        name="가상 주민대책위원회", role="resident_group", email="hong@example.org"))
    [letter] = app.documents.render_documents(app.users.actor("kim"), LetterRequest(
        number=number, kind="receipt", party_id=party.id, fmt="html"))
    return number, letter.number


def shot(page: Page, tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    keep = os.environ.get("MEDIATION_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(keep) / path.name)


LINES_OF = """([selector, word]) => {
  const el = document.querySelector(selector);
  const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    const at = n.data.indexOf(word);
    if (at < 0) continue;
    const range = document.createRange();
    range.setStart(n, at);
    range.setEnd(n, at + word.length);
    return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
  }
  return 0;
}"""


def lines_of(page: Page, selector: str, word: str) -> int:
    """On how many lines ``word`` of the first ``selector`` is laid out (1: whole)."""
    return int(page.evaluate(LINES_OF, [selector, word]))


def sign_in(page: Page, base: str, user: str) -> None:
    page.goto(f"{base}/")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit].primary")


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_supervisor_works_through_the_console(
        browser: Browser, site: tuple[str, App], tmp_path: Path, lang: str) -> None:
    base, app = site
    number, draft = cases_of_kim(app)
    words = {"ko": ("결재", "처리했습니다.", "대응전략 수립(plan)은 아직 할 수 없습니다", "로그인"),
             "en": ("Approve", "Done.", "Plan the response (plan) cannot be done yet", "Sign in")}[lang]
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    # Given the sign-in form in the chosen language
    page.goto(f"{base}/signin?lang={lang}")
    shot(page, tmp_path, f"{lang}-signin")
    # When the supervisor signs in
    sign_in(page, base, "park")
    # Then the dashboard shows the letter to approve
    assert page.url == f"{base}/"
    assert draft in page.content()
    # ... with no Korean word broken inside (in cards of a third of the page), and the chart
    # of cases opened and closed this year
    for word in ("처리담당자", "주민대책위원회") if lang == "ko" else ("주민대책위원회",):
        assert lines_of(page, "main .grid", word) == 1, word
    chart = page.locator("section#months img")
    chart.scroll_into_view_if_needed()
    page.wait_for_function("() => document.querySelector('section#months img').complete")
    assert chart.evaluate("e => e.naturalWidth") > 0  # the image of the chart loaded
    shot(page, tmp_path, f"{lang}-dashboard")
    # When they look the case up in the list
    page.click("nav a[href='/cases']")
    page.fill("input[name=q]", "물류센터")
    page.click("form.filters button")
    shot(page, tmp_path, f"{lang}-cases")
    page.click(f"a[href='/cases/{number}']")
    shot(page, tmp_path, f"{lang}-case")
    # and fire the first step
    page.click("form:has(input[name=trigger][value=diagnose]) button")
    assert words[1] in page.content()
    assert page.locator("form:has(input[name=trigger][value=plan])").count() == 1
    # Then a step whose condition is unmet is refused, and the page says why
    page.click("form:has(input[name=trigger][value=plan]) button")
    refusal = page.locator("p.problem").inner_text()
    assert words[2] in refusal
    shot(page, tmp_path, f"{lang}-refused")
    # When they approve the letter and download it
    page.goto(f"{base}/approvals")
    shot(page, tmp_path, f"{lang}-approvals")
    with page.expect_download() as download:  # a resident group's letter: no reason asked
        page.click(f"a[href^='/documents/{draft}']")
    assert download.value.suggested_filename.endswith(".html")
    page.fill(f"form[action='/approvals/{draft}/approve'] input[name=comment]", "확인")
    page.click(f"form[action='/approvals/{draft}/approve'] button")
    assert draft not in page.locator("main").inner_text()
    assert app.documents.show_document(app.users.actor("park"), draft).document.status == "issued"
    # When they download a letter to a private person from the case page
    person = app.parties.add_party(app.users.actor("park"), number, PartyFields(
        name="홍가상", role="applicant", email="hong.applicant@example.org"))
    [private] = app.documents.render_documents(app.users.actor("park"), LetterRequest(
        number=number, kind="receipt", party_id=person.id, fmt="html"))
    page.goto(f"{base}/cases/{number}")
    page.click(f"a[href='/documents/{private.number}']")
    # Then the console asks why first, without JavaScript's help
    assert page.locator("form.download input[name=reason][required]").count() == 1
    shot(page, tmp_path, f"{lang}-download-reason")
    page.fill("form.download input[name=reason]", "당사자 재발송 요청")
    with page.expect_download() as download:
        page.click("form.download button")
    assert download.value.suggested_filename.endswith(".html")
    # and sign out
    page.goto(f"{base}/")
    page.click("header form button")
    assert words[3] in page.locator("h1").inner_text()
    page.goto(f"{base}/")
    assert "/signin" in page.url
    context.close()


@pytest.mark.slow
def test_a_mediator_sees_neither_anothers_case_nor_the_approval_actions(
        browser: Browser, site: tuple[str, App], tmp_path: Path) -> None:
    base, app = site
    number, draft = cases_of_kim(app)
    # Given two browsers: lee, a mediator of other cases, and kim, the case's mediator
    lee = browser.new_context().new_page()
    kim = browser.new_context().new_page()
    sign_in(lee, base, "lee")
    sign_in(kim, base, "kim")
    # When lee lists the cases and opens kim's by its address
    lee.goto(f"{base}/cases")
    assert number not in lee.locator("main").inner_text()
    answer = lee.goto(f"{base}/cases/{number}")
    # Then
    assert answer is not None and answer.status == 403
    assert "담당 갈등조정관과 담당관, 관리자만" in lee.locator("p.problem").inner_text()
    shot(lee, tmp_path, "ko-read-denied")
    # and kim sees the draft waiting, without approve or return
    kim.goto(f"{base}/approvals")
    assert draft in kim.content()
    assert kim.locator("form[action$='/approve']").count() == 0
    shot(kim, tmp_path, "ko-approvals-mediator")


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_supervisor_reads_the_report_and_the_calendar_and_extends_a_deadline(
        browser: Browser, site: tuple[str, App], tmp_path: Path, lang: str) -> None:
    from datetime import datetime

    from mediation.core.clock import SEOUL
    from mediation.meetings.commands import MeetingFields

    base, app = site
    number, _ = cases_of_kim(app)
    park = app.users.actor("park")
    app.meetings.schedule_meeting(park, number, MeetingFields(
        kind="joint", starts_at=datetime(2026, 12, 10, 14, tzinfo=SEOUL),
        place="가상 주민센터 대회의실", notify=False))
    app.agreement.add_issue(park, number, "물류센터 진입로의 대형 화물차 통행 시간")
    admin = app.users.actor("admin")
    app.users.add_user(admin, "nam", LONG_NAME, "nam@example.org", "mediator")
    app.cases.open_case(park, workflow="public_conflict", mediator="nam", supervisor="park",
                        fields=CaseFields(title="가상 송전선로 경과지 갈등"))
    # a one-time password, to be changed at the first sign-in
    app.passwords.set_password(app.users.actor("admin"), "park", "one-time pass 1",
                               temporary=True)
    words = {"ko": ("통계 보고", "회의 1건", "처리했습니다.", "새 구독 주소"),
             "en": ("statistics report", "meetings: 1", "Done.", "new feed address")}[lang]
    page = browser.new_context(accept_downloads=True,
                               locale="ko-KR" if lang == "ko" else "en-GB").new_page()
    page.goto(f"{base}/signin?lang={lang}")
    page.fill("input[name=username]", "park")
    page.fill("input[name=password]", "one-time pass 1")
    page.click("button[type=submit].primary")
    # Then the console asks for a new password before anything else
    assert page.url == f"{base}/me?change=1"
    shot(page, tmp_path, f"{lang}-me-change")
    page.goto(f"{base}/cases")
    assert "/me?change=1" in page.url
    page.fill("input[name=current]", "one-time pass 1")
    page.fill("input[name=new]", PASSWORD)
    page.fill("input[name=again]", PASSWORD)
    page.click("form[action='/me/password'] button")
    assert words[2] in page.content()
    # Then the dashboard's caseload cuts a long name, whole in its title
    page.goto(f"{base}/")
    name = page.locator(f"table.bars th[title='{LONG_NAME}']")
    assert name.count() == 1
    assert name.evaluate("e => e.scrollWidth > e.clientWidth")  # cut with an ellipsis
    box, card = name.bounding_box(), page.locator("section.card:has(table.bars)").bounding_box()
    assert box is not None and card is not None and box["x"] + box["width"] <= card["x"] + card["width"]
    shot(page, tmp_path, f"{lang}-dashboard-long-name")
    # When they make their calendar feed's address
    page.goto(f"{base}/me")
    page.click("form[action='/me/feed'] button")
    assert words[3] in page.content()
    address = page.locator("input.feed").input_value()
    shot(page, tmp_path, f"{lang}-me")
    # Then the address gives the calendar without signing in
    feed = browser.new_context().request.get(address)
    assert feed.status == 200 and number in feed.text()
    # When they open the statistics report
    page.click("nav a[href='/report']")
    assert words[0] in page.locator("h1").inner_text()
    assert page.locator("main svg").count() == 4
    with page.expect_download() as download:
        page.click("a.button:text('CSV')")
    assert download.value.suggested_filename.endswith(".csv")
    shot(page, tmp_path, f"{lang}-report")
    # and the calendar of next month, with the meeting linking to its case
    page.click("nav a[href='/calendar']")
    page.click("a[rel=next]")
    assert words[1] in page.locator("h1").inner_text()
    shot(page, tmp_path, f"{lang}-calendar")
    page.click(f"a.meeting[href='/cases/{number}']")
    # and extend a deadline of the case by an hour
    page.fill("form[action$='/extend'] input[name=by]", "1h")
    page.fill("form[action$='/extend'] input[name=reason]", "현장 확인 필요")
    page.click("form[action$='/extend'] button")
    assert words[2] in page.content()
    assert "물류센터 진입로의 대형 화물차 통행 시간" in page.content()
    shot(page, tmp_path, f"{lang}-case-extended")
    kinds = [e.kind for e in app.reading.history(park, number)]
    assert "deadline_extended" in kinds
