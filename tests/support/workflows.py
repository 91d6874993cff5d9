"""Workflows for stories about the document register itself rather than about where a kind
of document may be issued (tests/documents/test_letters_truth.py covers that)."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import WORKFLOWS

DOCUMENTS_SECTION = re.compile(r"\n# The states in which each kind[^\n]*\n(?:#[^\n]*\n)*"
                               r"documents:\n(?:  [^\n]*\n)+")
APPROVAL_SECTION = re.compile(r"\n# Approval \(결재[^\n]*\n(?:#[^\n]*\n)*approval: [^\n]*\n")


def issuing_anywhere(folder: Path) -> Path:
    """Copies of the shipped workflows without their `documents:` and `approval:` sections,
    so that every kind of document may be issued in every state, and issued when written
    (no draft awaiting approval); the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in WORKFLOWS.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        stripped = APPROVAL_SECTION.sub("\n", DOCUMENTS_SECTION.sub("\n", text, count=1),
                                        count=1)
        assert stripped != text, f"{path.name} has no documents section to leave out"
        (folder / path.name).write_text(stripped, encoding="utf-8")
    return folder
