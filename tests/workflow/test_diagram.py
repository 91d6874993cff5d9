"""Mermaid diagrams of the shipped workflows: a pure function, checked against the workflow files."""

from __future__ import annotations

from conftest import WORKFLOWS

from mediation.workflow.diagram import mermaid
from mediation.workflow.loader import load_directory


def test_the_diagram_has_every_state_and_transition_of_the_workflow() -> None:
    # Given the shipped workflows
    for wf in load_directory(WORKFLOWS).values():
        # When the diagram is drawn in Korean
        text = mermaid(wf, "ko")
        # Then each state appears with its Korean title and each edge with its trigger
        for state in wf.states:
            assert f'state "{state.title.ko}" as {state.name}' in text
        for t in wf.transitions:
            for src in t.sources:
                assert f"{src} --> {t.dest}: {t.trigger}" in text
        assert f"[*] --> {wf.initial.name}" in text
