"""Workflows for stories about the document register itself rather than about where a kind
of document may be issued (tests/documents/test_letters_truth.py covers that)."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import WORKFLOWS

DOCUMENTS_SECTION = re.compile(r"\n# The states in which each kind[^\n]*\n(?:#[^\n]*\n)*"
                               r"documents:\n(?:  [^\n]*\n)+")


def issuing_anywhere(folder: Path) -> Path:
    """Copies of the shipped workflows without their `documents:` section, so that every kind
    of document may be issued in every state; the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in WORKFLOWS.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        stripped = DOCUMENTS_SECTION.sub("\n", text, count=1)
        assert stripped != text, f"{path.name} has no documents section to leave out"
        (folder / path.name).write_text(stripped, encoding="utf-8")
    return folder
