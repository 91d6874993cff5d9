"""Where the program's own files are: the project folder that holds ``templates/`` and
``workflows/`` beside the package."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
