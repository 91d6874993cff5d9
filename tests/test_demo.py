"""The demo walks its fictional case as far as the product goes, in a folder of its own."""

from __future__ import annotations

import email
from email import policy
from pathlib import Path

import pytest
from conftest import START

from mediation.demo import run_demo
from mediation.errors import BadInput


def test_the_demo_walks_a_fictional_case_to_drafting_with_letters_and_mail(tmp_path: Path) -> None:
    # Given an empty folder
    folder = tmp_path / "demo"
    lines: list[str] = []
    # When the demo runs from a fixed start
    result = run_demo(folder, start=START, lang="ko", say=lines.append)
    # Then the case reached drafting with an intact audit trail
    assert result.state == "drafting" and result.audit_ok
    assert result.number == "2026-0001"
    # And it says so, step by step, in Korean with official dates
    assert lines[0].startswith("[2026. 11. 24. 09:00]")
    assert any("서명 단계는 아직 막혀 있습니다" in line for line in lines)
    # And it wrote one letter per party for receipt, invitation and appointment
    kinds = [line.split()[1] for line in result.documents]
    assert kinds.count("receipt") == kinds.count("invitation") == kinds.count("appointment") == 3
    assert all(Path(line.split()[-1]).is_file() for line in result.documents)
    # And a reminder to the mediator and an escalation to the supervisor are in the outbox
    messages = [email.message_from_bytes(Path(p).read_bytes(), policy=policy.default)
                for p in result.outbox]
    recipients = sorted(str(m["To"]) for m in messages)
    assert len(messages) == 2
    assert "han.demo@example.invalid" in recipients[1] and "jung.demo@example.invalid" in recipients[0]
    assert all(m["X-Mediation-Case"] == "2026-0001" for m in messages)


def test_the_demo_refuses_a_folder_it_did_not_create(tmp_path: Path) -> None:
    # Given a folder holding someone's files
    (tmp_path / "notes.txt").write_text("keep me", encoding="utf-8")
    # When the demo is pointed at it, Then it refuses and leaves the file alone
    with pytest.raises(BadInput):
        run_demo(tmp_path, start=START, lang="en", say=lambda _line: None)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "keep me"
