"""A first story through the CLI: open a case, add parties, move it forward."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import Cli


def test_a_mediator_opens_a_case_and_diagnoses_it(cli: Cli) -> None:
    # Given a case opened by the supervisor for mediator kim
    opened = cli("case", "open", "--workflow", "public_conflict", "--title", "가상 시설 입지 갈등",
                 "--mediator", "kim", "--supervisor", "park", "--json", user="park")
    assert opened.code == 0, opened.err
    number = json.loads(opened.out)["number"]
    assert number == "2026-0001"
    # When kim starts the diagnosis
    moved = cli("case", "advance", number, "diagnose", user="kim")
    # Then the case is in diagnosis and the history has both events
    assert moved.code == 0, moved.err
    shown = json.loads(cli("case", "show", number, "--json", user="kim").out)
    assert shown["case"]["state"] == "diagnosis"
    assert [e["kind"] for e in shown["events"]] == ["opened", "transition"]


def test_reading_a_case_does_not_load_the_use_cases_that_write(cli: Cli) -> None:
    # Given a case
    number = cli("case", "open", "--workflow", "public_conflict", "--title", "가상 읽기 사례",
                 "--mediator", "kim", "--supervisor", "park").out.strip()
    # When `case show` runs in a fresh process that then lists what it imported
    code = ("import sys, io, contextlib\n"
            "from mediation.cli.main import run\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    assert run(['case', 'show', {number!r}]) == 0\n"
            "print('\\n'.join(sorted(sys.modules)))\n")
    env = {**os.environ, **cli.env, "MEDIATION_USER": "kim"}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    loaded = set(done.stdout.split())
    # Then the case was read without the meeting, agreement, document, reminder and mail
    # use cases (the start-up of read commands stays short; see docs/benchmarks.md)
    assert "mediation.cases.reading" in loaded
    for module in ("mediation.cases.moves", "mediation.meetings.commands", "mediation.documents.register",
                   "mediation.reminders.commands", "mediation.agreement.commands",
                   "mediation.mail.message", "jinja2"):
        assert module not in loaded, module
