"""One way a case moves: a system's trigger writes what its transition declares — event,
deadlines and documents — exactly as a person's trigger does (``cases.moves.Moves.write``)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from conftest import ADMIN, WORKFLOWS, make_settings, seeded

from mediation.app import App
from mediation.cases.commands import CaseFields
from mediation.core.clock import SEOUL, FrozenClock
from mediation.mail.fake import RecordingMailer
from mediation.parties.commands import PartyFields


def at(y: int, mo: int, d: int, h: int = 0) -> datetime:
    return datetime(y, mo, d, h, tzinfo=SEOUL)


@pytest.fixture
def closing_letter_app(database_url: str, tmp_path: Path, clock: FrozenClock) -> Iterator[App]:
    """An app whose public_conflict workflow sends the closure letter when the system closes
    a dormant case (the shipped workflow declares no document on that transition)."""
    folder = tmp_path / "workflows"
    shutil.copytree(WORKFLOWS, folder)
    path = folder / "public_conflict.yaml"
    text = path.read_text(encoding="utf-8")
    declared = ("    title: {ko: 장기 미진행 종결, en: Close as inactive}\n"
                "    roles: [system]\n")
    assert declared in text
    path.write_text(text.replace(declared, declared + "    documents: [closure]\n"),
                    encoding="utf-8")
    settings = make_settings(tmp_path, database_url)
    app = seeded(replace(settings, workflows_dir=folder), clock, RecordingMailer())
    yield app
    app.close()


def test_the_system_closing_a_dormant_case_writes_the_closure_letter_its_transition_declares(
        closing_letter_app: App, clock: FrozenClock) -> None:
    app = closing_letter_app
    # Given a case received Mon 2026-01-05 with one party, then nothing recorded
    clock.set(at(2026, 1, 5, 9))
    admin = app.users.actor("admin")
    number = app.cases.open_case(admin, workflow="public_conflict", mediator="kim",
                                 supervisor="park",
                                 fields=CaseFields(title="가상 시설 입지 갈등")).number
    app.parties.add_party(admin, number, PartyFields(name="가상 당사자", role="applicant",
                                                     email="party@example.org"))
    # When the dormancy notice goes out, then its 30 days pass with no step
    clock.set(at(2026, 6, 4, 18))
    assert app.reminders.run_due(("dormancy",)).dormancy_notices == 1
    clock.set(at(2026, 7, 3, 18))
    assert app.reminders.run_due(("dormancy",)).closed_inactive == 1
    # Then the system's move closed the case
    last = [e for e in app.reading.history(ADMIN, number) if e.kind == "transition"][-1]
    assert (last.actor, last.trigger, last.to_state) == ("system", "close_inactive",
                                                          "closed_inactive")
    # And the closure letter its transition declares is registered, produced by the system,
    # one per party, with its file on disk
    letters = [d for d in app.documents.list_documents(ADMIN, number) if d.kind == "closure"]
    assert len(letters) == 1
    assert (letters[0].generated_by, letters[0].trigger) == ("system", "close_inactive")
    assert letters[0].output_path is not None and Path(letters[0].output_path).is_file()
    assert app.documents.verify_document(ADMIN, letters[0].number).ok
    # And the chain still verifies
    assert app.reading.verify(ADMIN, number)[0].ok
