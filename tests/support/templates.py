"""An office's override folder holding a changed copy of a shipped letter template."""

from __future__ import annotations

from pathlib import Path

SHIPPED = Path(__file__).resolve().parents[2] / "templates"


def office_receipt(tmp_path: Path, content: str) -> Path:
    """An override folder whose Korean receipt notice writes ``content`` at the start of its
    content block; returns the folder (for ``MEDIATION_TEMPLATES_DIR``)."""
    folder = tmp_path / "office-templates"
    path = folder / "letters" / "ko" / "receipt.j2"
    path.parent.mkdir(parents=True)
    source = (SHIPPED / "letters" / "ko" / "receipt.j2").read_text(encoding="utf-8")
    path.write_text(source.replace("{% block content %}", "{% block content %}" + content),
                    encoding="utf-8")
    return folder
