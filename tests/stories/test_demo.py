"""The demo walks its fictional case as far as the product goes, in a folder of its own."""

from __future__ import annotations

import email
from email import policy
from pathlib import Path

import pytest
from conftest import START

from mediation.core.errors import BadInput
from mediation.demo.walk import run_demo
from mediation.workflow.dockinds import KINDS


def test_the_demo_walks_a_fictional_case_to_closure_with_letters_and_mail(tmp_path: Path) -> None:
    # Given an empty folder
    folder = tmp_path / "demo"
    lines: list[str] = []
    # When the demo runs from a fixed start
    result = run_demo(folder, start=START, lang="ko", say=lines.append)
    # Then the case closed as resolved, a partial agreement, with an intact audit trail
    assert (result.state, result.outcome, result.audit_ok) == ("closed_resolved",
                                                               "partial_agreement", True)
    assert result.number == "2026-0001"
    assert result.follow_up is not None and result.follow_up.commitments == 3
    # And it says so, step by step, in Korean with official dates
    assert lines[0].startswith("[2026. 11. 24. 09:00]")
    assert any("조정 개시가 거부되었습니다" in line for line in lines)
    assert any("늦게나마 이행되어 완료로 기록했습니다" in line for line in lines)
    # And it wrote one letter per party for receipt, invitation, appointment and the result,
    # progress letters every 30 days, and the agreement once for the council
    # (each named by its Korean title)
    titles = [line.split("  ")[1] for line in result.documents]
    kinds = [next(k for k, d in KINDS.items() if d.title.ko == t) for t in titles]
    for kind in ("receipt", "invitation", "appointment", "result_notice"):
        assert kinds.count(kind) == 3, kind
    assert kinds.count("agreement") == 1 and kinds.count("progress") % 3 == 0
    assert kinds.count("progress") >= 6
    assert all(Path(line.split()[-1]).is_file() for line in result.documents)
    # And the outbox holds the receipt reminder and escalation, each commitment's reminders to
    # the mediator and to its owner party, and the overdue commitment's escalation
    messages = [email.message_from_bytes(Path(p).read_bytes(), policy=policy.default)
                for p in result.outbox]
    assert all(m["X-Mediation-Case"] == "2026-0001" for m in messages)
    to = [str(m["To"]) for m in messages]
    for owner in ("residents@example.invalid", "dept@example.invalid", "forum@example.invalid"):
        assert any(owner in t for t in to), owner
    subjects = [str(m["Subject"]) for m in messages]
    overdue = [s for s in subjects if s.startswith("[기한 경과·독촉]") and "공개 토론회" in s]
    assert len(overdue) == 1
    assert any(s.startswith("[Commitment due]") for s in subjects)  # the forum reads English
    # And two meetings were called with notices and calendar files, one of them moved: three
    # notices each time, the calendar event of the moved meeting at SEQUENCE 1
    notices = [m for m in messages if m.get("X-Mediation-Document")]
    assert len(notices) == 9
    calendars = [part.get_content() for m in notices for part in m.iter_attachments()
                 if part.get_content_type() == "text/calendar"]
    assert len(calendars) == 9 and sum("SEQUENCE:1" in c for c in calendars) == 3
    assert any("회의가 열려 출석과 회의록을 기록했습니다" in line for line in lines)
    assert len(messages) == 2 + len(notices) + result.follow_up.reminders_sent
    # And the supervisor and the mediator have a one-time password for the web console,
    # which signs in and must then be changed
    assert [u for u, _, _ in result.sign_ins] == ["jung.demo", "han.demo"]
    from mediation.app import build_app
    from mediation.config import Settings

    app = build_app(Settings(home=folder, database_url=f"sqlite:///{result.database}",
                             workflows_dir=Settings.from_env({}).workflows_dir))
    try:
        for username, _, password in result.sign_ins:
            assert len(password) >= 12
            assert app.passwords.sign_in(username, password, "127.0.0.1").username == username
            assert app.passwords.must_change(username)
    finally:
        app.close()


def test_the_demo_refuses_a_folder_it_did_not_create(tmp_path: Path) -> None:
    # Given a folder holding someone's files
    (tmp_path / "notes.txt").write_text("keep me", encoding="utf-8")
    # When the demo is pointed at it, Then it refuses and leaves the file alone
    with pytest.raises(BadInput):
        run_demo(tmp_path, start=START, lang="en", say=lambda _line: None)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "keep me"
