"""Every file the program is pointed at is a regular file under a size limit: a device, a FIFO
or a huge file is refused on one line, before anything is read — never a hang, never a
memory blow-up. Errors raised before the settings load speak the language asked for, and the
error log goes under MEDIATION_HOME. Run as real processes with a timeout, so a regression
fails instead of hanging the suite."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import ROOT, Cli, ok, refused

from mediation.core.files import FileRefused, read_limited


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    return path


def one_line(result: object, code: int) -> str:
    return refused(result, code)  # type: ignore[arg-type]


@pytest.mark.parametrize("target", ["/dev/zero", "fifo", "folder"])
def test_workflow_validate_refuses_what_is_not_a_regular_file(
        cli: Cli, fifo: Path, tmp_path: Path, target: str) -> None:
    path = {"/dev/zero": "/dev/zero", "fifo": str(fifo), "folder": str(tmp_path)}[target]
    # When a workflow file that is a device, a FIFO or a folder is validated
    result = cli.proc("workflow", "validate", path, timeout=30)
    # Then it is refused on one line, quickly
    assert result.code in (2, 4) and "일반 파일이 아닙니다" in result.err, result
    assert len(result.err.splitlines()) == 1 and "Traceback" not in result.err


def test_an_office_file_that_is_a_device_is_refused_in_the_language_asked_for(
        cli: Cli, fifo: Path) -> None:
    for path in ("/dev/zero", str(fifo)):
        # When the office file points at a device or a FIFO, with English asked for
        result = cli.proc("case", "list", timeout=30, MEDIATION_OFFICE_FILE=path,
                          MEDIATION_LANG="en")
        # Then the settings refuse it on one line, in English, naming the setting
        assert result.code == 2, result
        assert "MEDIATION_OFFICE_FILE" in result.err and "regular file" in result.err
        assert not any("\uac00" <= ch <= "\ud7a3" for ch in result.err)  # no Hangul


def test_minutes_from_a_device_or_fifo_are_refused_and_nothing_is_recorded(
        cli: Cli, fifo: Path) -> None:
    # Given a case with a scheduled meeting
    number = json.loads(ok(cli("case", "open", "--workflow", "neighbor_dispute", "--title",
                               "가상 소음 분쟁", "--mediator", "kim", "--supervisor", "park",
                               "--json")).out)["number"]
    meeting = ok(cli("meeting", "schedule", number, "--at", "2026-12-10T14:00+09:00",
                     "--place", "주민센터", "--no-notice", user="kim")).out.strip()
    before = ok(cli("case", "history", number, "--json")).out
    for path in ("/dev/zero", str(fifo)):
        # When the minutes are given as a device or a FIFO
        result = cli.proc("meeting", "record", number, meeting, "--minutes", path, user="kim",
                          timeout=30)
        # Then the record is refused and the case's history is unchanged
        assert result.code == 2 and "일반 파일이 아닙니다" in result.err, result
    assert ok(cli("case", "history", number, "--json")).out == before


def test_an_office_template_that_is_a_fifo_is_refused_when_a_letter_is_rendered(
        cli: Cli, tmp_path: Path) -> None:
    # Given an office template folder where the receipt letter's template is a FIFO
    override = tmp_path / "office-templates"
    for receipt in (ROOT / "templates").rglob("receipt.j2"):  # Korean and English
        target = override / receipt.relative_to(ROOT / "templates")
        target.parent.mkdir(parents=True)
        os.mkfifo(target)
    number = json.loads(ok(cli("case", "open", "--workflow", "public_conflict", "--title",
                               "가상 갈등", "--mediator", "kim", "--supervisor", "park",
                               "--json")).out)["number"]
    ok(cli("party", "add", number, "--name", "가상 주민", "--role", "applicant"))
    # When the receipt is rendered
    result = cli.proc("letter", "render", number, "receipt", "--all-parties", "--format", "txt",
                      user="kim", timeout=60, MEDIATION_TEMPLATES_DIR=str(override))
    # Then it is refused on one line (after the example office's notice), naming the file,
    # and no letter is issued (a number it had reserved is visibly void)
    assert result.code != 0 and "regular file" in result.err.splitlines()[-1], result
    assert "Traceback" not in result.err
    letters = json.loads(ok(cli("letter", "list", number, "--json")).out)
    assert all(d["status"] == "void" for d in letters)


def test_reading_stops_at_the_limit_for_a_file_that_grows(tmp_path: Path) -> None:
    # Given a regular file larger than the limit
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 2048)
    # When it is read with a smaller limit, Then it is refused with its size
    with pytest.raises(FileRefused, match="2,048 bytes"):
        read_limited(big, 1024)
    assert read_limited(big, 4096) == b"x" * 2048


def test_an_unexpected_error_before_the_settings_load_is_logged_under_mediation_home(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mediation.cli import main

    # Given MEDIATION_HOME, and no settings loaded
    monkeypatch.setenv("MEDIATION_HOME", str(tmp_path / "home"))
    # When an unexpected error is logged
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        where = main._log_unexpected(None)
    # Then the log is in MEDIATION_HOME/logs
    assert where is not None and where.parent == tmp_path / "home" / "logs"
    assert "boom" in where.read_text(encoding="utf-8")
