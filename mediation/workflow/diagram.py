"""Mermaid state diagrams of workflows, with state titles in the reader's language."""

from __future__ import annotations

from mediation.workflow.definitions import WorkflowDef


def _label(text: str) -> str:
    return text.replace('"', "'")


def mermaid(workflow: WorkflowDef, lang: str = "ko") -> str:
    """A ``stateDiagram-v2`` with every state, transition (labelled by trigger) and end."""
    lines = ["---", f"title: {_label(workflow.title.get(lang))} (v{workflow.version})", "---",
             "stateDiagram-v2"]
    lines += [f'  state "{_label(s.title.get(lang))}" as {s.name}' for s in workflow.states]
    lines.append(f"  [*] --> {workflow.initial.name}")
    for t in workflow.transitions:
        lines += [f"  {src} --> {t.dest}: {t.trigger}" for src in t.sources]
    lines += [f"  {s.name} --> [*]" for s in workflow.states if s.final]
    return "\n".join(lines) + "\n"
