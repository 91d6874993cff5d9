"""Nothing is left behind by a command that dies or fails, on SQLite and on PostgreSQL.

A document number is spent only with its file, or it is visibly voided with a
``document_voided`` event in the case's hash-chained trail. A reservation whose process was
killed between reserving and writing is voided by the next render or by ``letter verify``.
Files are written under a temporary name and renamed; nothing half-written stays.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import signal
import subprocess
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import ADMIN, START, Cli, Result
from support.workflows import issuing_anywhere

from mediation.app import App
from mediation.cases.commands import CaseFields
from mediation.mail.folder import OutboxMailer
from mediation.mail.message import Address, Email, MailError
from mediation.parties.commands import PartyFields

FIRST, SECOND = "갈등조정담당관-2026-0001", "갈등조정담당관-2026-0002"


@pytest.fixture(autouse=True)
def issued_when_written(cli: Cli, tmp_path: Path) -> None:
    """These stories are about reservations of numbers, not approval: letters are issued
    when written (no draft awaiting approval)."""
    cli.env["MEDIATION_WORKFLOWS_DIR"] = str(issuing_anywhere(tmp_path / "workflows"))


def open_case(app: App) -> str:
    park = app.users.actor("park")
    number = app.cases.open_case(park, workflow="public_conflict", mediator="kim",
                                 supervisor="park", fields=CaseFields(title="가상 잔재 사례")).number
    app.parties.add_party(park, number, PartyFields(name="가상 주민", role="resident_group",
                                                    email="p1@example.org"))
    return number


def ok(result: Result) -> Any:
    assert result.code == 0, result.err
    return json.loads(result.out) if result.out.strip().startswith(("[", "{")) else result.out


def files_under(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def voided_events(app: App, number: str) -> list[dict[str, Any]]:
    return [e.details for e in app.reading.history(ADMIN, number) if e.kind == "document_voided"]


def test_a_render_killed_after_reserving_its_number_is_voided_by_letter_verify(
        app: App, cli: Cli) -> None:
    # Given a render killed after it reserved its number and before it wrote the file
    number = open_case(app)
    killed = cli.proc("letter", "render", number, "receipt", "--all-parties", "--format", "txt",
                      user="kim", MEDIATION_FAULT="after_reserve:kill")
    assert killed.code == -signal.SIGKILL, killed
    # When the number is verified
    result = cli("letter", "verify", FIRST, "--json", user="kim")
    # Then it is reported void (exit 4), no longer reserved for ever
    assert result.code == 4
    assert json.loads(result.out)["status"] == "void"
    # And the case's trail says so, and the chain still verifies
    assert voided_events(app, number) == [{"document": FIRST, "kind": "receipt",
                                           "reason": "abandoned"}]
    assert [a.ok for a in app.reading.verify(ADMIN, number)] == [True]


def test_the_next_render_voids_an_abandoned_reservation_and_takes_the_next_number(
        app: App, cli: Cli, tmp_path: Path) -> None:
    # Given a render killed after it reserved its number
    number = open_case(app)
    cli.proc("letter", "render", number, "receipt", "--all-parties", "--format", "txt",
             user="kim", MEDIATION_FAULT="after_reserve:kill")
    # When the letter is rendered again
    docs = ok(cli("letter", "render", number, "receipt", "--all-parties", "--format", "txt",
                  "--json", user="kim"))
    # Then it gets the next number, and the abandoned one is void with its event
    assert [d["number"] for d in docs] == [SECOND]
    listed = ok(cli("letter", "list", number, "--json", user="kim"))
    assert [(d["number"], d["status"]) for d in listed] == [(FIRST, "void"), (SECOND, "issued")]
    assert [e["document"] for e in voided_events(app, number)] == [FIRST]
    # And the documents folder holds the one issued letter only
    assert files_under(tmp_path / "documents") == [Path(docs[0]["output_path"]).name]


def test_a_reservation_held_by_a_live_process_is_not_voided(app: App, cli: Cli) -> None:
    # Given a render that holds its reservation for a while before writing
    number = open_case(app)
    slow = cli.spawn("letter", "render", number, "receipt", "--all-parties", "--format", "txt",
                     user="kim", MEDIATION_FAULT="after_reserve:sleep=6")
    try:
        # When the register is read and verified while it is still running
        for _ in range(100):
            if ok(cli("letter", "list", number, "--json", user="kim")):
                break
            with contextlib.suppress(subprocess.TimeoutExpired):
                slow.wait(timeout=0.1)
        else:
            pytest.fail("the slow render reserved nothing")
        assert cli("letter", "verify", FIRST, user="kim").code == 4  # not issued yet
        # Then its number stays reserved
        assert [d["status"] for d in ok(cli("letter", "list", number, "--json"))] == ["reserved"]
    finally:
        _out, err = slow.communicate(timeout=60)
    # And the render then finishes normally
    assert slow.returncode == 0, err
    assert [d["status"] for d in ok(cli("letter", "list", number, "--json"))] == ["issued"]
    assert voided_events(app, number) == []


def test_a_failed_render_voids_its_numbers_with_an_event(
        app: App, cli: Cli, tmp_path: Path) -> None:
    # Given an office template that fails
    folder = tmp_path / "office-templates" / "letters" / "ko"
    folder.mkdir(parents=True)
    (folder / "receipt.j2").write_text("{{ no_such_value }}", encoding="utf-8")
    number = open_case(app)
    # When the letter is rendered
    result = cli("letter", "render", number, "receipt", "--all-parties", "--format", "txt",
                 user="kim", MEDIATION_TEMPLATES_DIR=str(tmp_path / "office-templates"))
    # Then it fails, and the number it reserved is void with an event in the trail
    assert result.code == 2
    assert voided_events(app, number) == [{"document": FIRST, "kind": "receipt",
                                           "reason": "failed"}]
    assert [a.ok for a in app.reading.verify(ADMIN, number)] == [True]


def fail_writing_letters(monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    """Every rename onto a letter's name fails with ``code`` (the calendar file is written)."""
    import mediation.render.production as production

    real = os.replace

    def replace(src: Any, dst: Any) -> None:
        if Path(dst).suffix in (".txt", ".pdf", ".html"):
            raise OSError(code, os.strerror(code))
        real(src, dst)

    monkeypatch.setattr(production.os, "replace", replace)


def test_a_meeting_whose_notice_cannot_be_written_leaves_no_file_and_no_number(
        app: App, cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Given a case with a party, and a documents folder that is full once the calendar
    # file of the notice is written
    number = open_case(app)
    fail_writing_letters(monkeypatch, errno.ENOSPC)
    at = (START + timedelta(days=14)).isoformat()
    # When a meeting is scheduled with its notice
    result = cli("meeting", "schedule", number, "--at", at, "--place", "가상 회의실", user="kim",
                 MEDIATION_DOCUMENT_FORMAT="txt", MEDIATION_LANG="en")
    # Then it is refused in one line naming the folder and the reason (exit 2)
    assert result.code == 2, result
    assert "No space left on device" in result.err and str(tmp_path / "documents") in result.err
    # And neither the calendar file nor a temporary file is left, and no number was used
    assert files_under(tmp_path / "documents") == []
    assert app.meetings.list_meetings(ADMIN, number) == ()
    # And the next meeting gets the first number
    monkeypatch.undo()
    ok(cli("meeting", "schedule", number, "--at", at, "--place", "가상 회의실", user="kim",
           MEDIATION_DOCUMENT_FORMAT="txt"))
    assert [d.number for d in app.documents.list_documents(ADMIN, number)] == [FIRST]


def test_a_full_outbox_leaves_no_temporary_file(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    # Given an outbox folder on a disk that fills up while a message is written
    import mediation.mail.folder as folder_module

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(folder_module.os, "fsync", full)
    mailer = OutboxMailer(tmp_path / "outbox")
    email = Email(sender=Address(email="office@example.org"),
                  to=(Address(email="p1@example.org"),), subject="가상", text="가상", html=None,
                  message_id="<m1@example.org>", date=START)
    # When a message is sent, Then it fails as a transient mail error
    with pytest.raises(MailError, match="No space left on device"):
        mailer.send(email)
    # And the folder holds nothing, not even an empty temporary file
    assert files_under(tmp_path / "outbox") == []
