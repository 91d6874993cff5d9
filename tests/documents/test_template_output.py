"""Stories of templates whose output holds control characters — a NUL byte, a terminal escape,
DEL, a C1 control: no letter, calendar file or e-mail holds one. The rendering is refused as a
template problem naming the template and the character, and nothing is written."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import ROOT, START, Cli
from support.cases import open_case
from support.templates import office_receipt

from mediation.app import App
from mediation.core.clock import FrozenClock
from mediation.render.samples import sample_context
from mediation.render.templates import Limits, TemplateProblem, Templates
from mediation.workflow.dockinds import KINDS

SHIPPED = ROOT / "templates"


def receipt_writing(tmp_path: Path, expression: str) -> Templates:
    """Templates whose Korean receipt notice writes ``expression`` in its content."""
    path = tmp_path / "override" / "letters" / "ko" / "receipt.j2"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{% extends layout %}{% set title = 'x' %}{% block content %}"
                    f"가{{{{ {expression} }}}}나{{% endblock %}}", encoding="utf-8")
    return Templates(SHIPPED, tmp_path / "override", Limits(seconds=5))


@pytest.mark.parametrize("fmt", ["txt", "html"])
@pytest.mark.parametrize("expression, char", [
    ("'\\x00'", "U+0000"),
    ("'%c'|format(0)", "U+0000"),
    ("'\\x1b[2J'", "U+001B"),
    ("'\\x07'", "U+0007"),
    ("'\\x0c'", "U+000C"),
    ("'\\x7f'", "U+007F"),
    ("'\\x9b31m'", "U+009B"),
    ("'{:c}'.format(8)", "U+0008"),
])
def test_a_control_character_in_a_letter_is_a_template_problem(
        tmp_path: Path, expression: str, char: str, fmt: str) -> None:
    # Given an office template that writes a control character into a letter
    templates = receipt_writing(tmp_path, expression)
    # When the letter is rendered
    with pytest.raises(TemplateProblem) as caught:
        templates.render(KINDS["receipt"], "ko", fmt, sample_context("receipt", "ko"))
    # Then it is refused on one line naming the template and the character, in both languages
    en, ko = caught.value.message("en"), caught.value.message("ko")
    assert "letters/ko/receipt.j2" in en and char in en and "control character" in en
    assert ko.startswith("템플릿 오류") and char in ko and "제어 문자" in ko
    assert "\n" not in en and "\n" not in ko and caught.value.exit_code == 2


@pytest.mark.parametrize("fmt", ["txt", "html"])
def test_tabs_line_breaks_and_carriage_returns_are_still_written(tmp_path: Path, fmt: str) -> None:
    templates = receipt_writing(tmp_path, "'\\t|\\r\\n|\\u00a0|\\u200d'")
    text = templates.render(KINDS["receipt"], "ko", fmt, sample_context("receipt", "ko")).text
    assert "\u00a0|\u200d" in text


def test_a_control_character_never_reaches_a_calendar_file(tmp_path: Path) -> None:
    # Given an office's calendar wording whose summary writes a NUL and an escape
    source = SHIPPED / "letters" / "ko" / "meeting_notice.ics.j2"
    path = tmp_path / "override" / "letters" / "ko" / "meeting_notice.ics.j2"
    path.parent.mkdir(parents=True)
    path.write_text(source.read_text(encoding="utf-8").replace(
        "{% block summary %}{{ meeting.title }}", "{% block summary %}{{ meeting.title }}"
        "{{ '\\x00\\x1b[31m' }}"), encoding="utf-8")
    templates = Templates(SHIPPED, tmp_path / "override")
    # When the calendar file is built (the program writes the file, icalendar escapes it)
    rendered = templates.render_calendar(KINDS["meeting_notice"], "ko",
                                         sample_context("meeting_notice", "ko"))
    # Then the file holds no control character but its line ends
    assert rendered is not None
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", rendered.text)
    assert "SUMMARY:" in rendered.text


def test_a_template_writing_a_nul_byte_writes_no_letter(
        app: App, cli: Cli, clock: FrozenClock, tmp_path: Path) -> None:
    # Given an office override template that writes a NUL byte into the receipt notice
    folder = office_receipt(tmp_path, "{{ '\\x00' }}")
    number = open_case(app, clock, START, parties=1)
    for fmt in ("txt", "html"):
        # When the letter is written
        result = cli("letter", "render", number, "receipt", "--party", "1", "--format", fmt,
                     "--json", user="kim",
                     MEDIATION_TEMPLATES_DIR=str(folder))
        # Then it is refused with exit 2, naming the template and the character
        assert result.code == 2, result
        error = result.err.strip().splitlines()[-1]
        assert "letters/ko/receipt.j2" in error and "U+0000" in error
        assert "Traceback" not in result.err
    # And no file holds the NUL byte, and both numbers it took are void
    assert not [p for p in tmp_path.rglob("*") if p.is_file() and p.suffix in (".txt", ".html")
                and b"\0" in p.read_bytes()]
    listed = json.loads(cli("letter", "list", number, "--json").out)
    assert [d["status"] for d in listed] == ["void", "void"]
