"""A first story through the CLI: open a case, add parties, move it forward."""

from __future__ import annotations

import json

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
