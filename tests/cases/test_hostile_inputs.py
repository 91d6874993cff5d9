"""Hostile inputs of a review that used to end in an unexpected error (exit 1): each is a
clear one-line refusal with exit 2, the same on SQLite and on PostgreSQL, and leaves every
row of every table as it was.

Values the databases cannot hold (an id beyond int4, a year the calendar does not have, a
meeting time past year 9999 once converted to UTC, a workflow version beyond int4, titles
longer than their columns), folders that cannot take a file (not a folder, full,
read-only), a database URL that is not one, and a workflow file that repeats a key.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import WORKFLOWS, Cli
from test_bad_input import case, unchanged  # noqa: F401  (case: the fixture)

from mediation.app import App

NUMBER = "2026-0001"
RENDER = ("letter", "render", NUMBER, "receipt", "--all-parties", "--format", "txt")
SCHEDULE = ("meeting", "schedule", NUMBER, "--place", "가상 회의실", "--force",
            "--reason", "가상 사유")
LATER = "2026-12-20T14:00+09:00"
WORKFLOW = (WORKFLOWS / "neighbor_dispute.yaml").read_text(encoding="utf-8")

# (argv with {tmp} for the test's folder, extra environment, workflow file text, fragment)
HOSTILE: dict[str, tuple[tuple[str, ...], dict[str, str], str | None, str]] = {
    "a negative calendar year": (("calendar", "list", "--year=-1"), {}, None, "out of range"),
    "a year past 9999": (("calendar", "list", "--year", "10000"), {}, None, "out of range"),
    "a reminder id beyond int4": (("reminders", "retry", "99999999999999999999999"), {}, None,
                                  "out of range (1–2147483647)"),
    "letters into a file": ((*RENDER, "--out", "/etc/hostname"), {}, None,
                            "folder /etc/hostname: Not a directory"),
    "letters into a device": ((*RENDER, "--out", "/dev/null"), {}, None,
                              "folder /dev/null: Not a directory"),
    "a full documents folder": (RENDER, {"MEDIATION_FAULT": "write_file:oserror=28"}, None,
                                "{tmp}/documents/2026-0001: No space left on device"),
    "a read-only documents folder": (RENDER, {"MEDIATION_FAULT": "write_file:oserror=30"}, None,
                                     "{tmp}/documents/2026-0001: Read-only file system"),
    "a forbidden documents folder": (RENDER, {"MEDIATION_FAULT": "write_file:oserror=13"},
                                     None, "{tmp}/documents/2026-0001: Permission denied"),
    "notices into a full folder": ((*SCHEDULE, "--at", LATER),
                                   {"MEDIATION_FAULT": "write_file:oserror=28"}, None,
                                   "{tmp}/documents: No space left on device"),
    "a database URL that is none": (("case", "list"),
                                    {"MEDIATION_DATABASE_URL": "garbage://x"}, None,
                                    "MEDIATION_DATABASE_URL"),
    "a busy wait that is no number": (("case", "list"), {"MEDIATION_DB_BUSY_SECONDS": "long"},
                                      None, "MEDIATION_DB_BUSY_SECONDS"),
    "a meeting at the end of time": ((*SCHEDULE, "--at", "9999-12-31T23:59+09:00"), {}, None,
                                     "out of the calendar's range"),
    "a meeting past the end of time in UTC": ((*SCHEDULE, "--at", "9999-12-31T23:59-09:00"),
                                              {}, None, "out of the calendar's range"),
    "a workflow version beyond int4": (
        ("workflow", "validate", "{tmp}/wf.yaml"), {},
        WORKFLOW.replace("version: 1", "version: 3000000000"), "version: expected a positive "
        "integer, got 3000000000 (at most 2,147,483,647"),
    "a workflow title longer than its column": (
        ("workflow", "validate", "{tmp}/wf.yaml"), {},
        WORKFLOW.replace("en: Neighbour dispute mediation}", f"en: {'x' * 201}}}"),
        "title.en: 201 characters; at most 200"),
    "a workflow that repeats a key": (
        ("workflow", "validate", "{tmp}/wf.yaml"), {},
        WORKFLOW.replace("version: 1\n", "version: 1\nversion: 2\n"),
        "wf.yaml: line 7: not valid YAML (duplicate key 'version')"),
    "a repeated key deep inside": (
        ("workflow", "validate", "{tmp}/wf.yaml"), {},
        WORKFLOW.replace("    limit: 2\n", "    limit: 2\n    limit: 3\n"),
        "duplicate key 'limit'"),
}


@pytest.mark.parametrize(("argv", "env", "workflow", "fragment"), HOSTILE.values(),
                         ids=HOSTILE.keys())
def test_a_hostile_input_is_a_one_line_exit_2_and_changes_nothing(
        cli: Cli, app: App, case: str, tmp_path: Path,  # noqa: F811
        argv: tuple[str, ...], env: dict[str, str], workflow: str | None, fragment: str) -> None:
    # Given a case with one party, and the workflow file of the row if it has one
    if workflow is not None:
        (tmp_path / "wf.yaml").write_text(workflow, encoding="utf-8")
    args = [part.format(tmp=tmp_path) for part in argv]
    # When the command runs with the hostile value
    with unchanged(app, args):
        result = cli(*args, user="kim", MEDIATION_LANG="en", **env)
    # Then it is exit 2 with one line naming what is wrong, nothing on stdout, no traceback
    assert result.code == 2, result
    assert result.out == "" and "Traceback" not in result.err
    lines = [line for line in result.err.splitlines() if "example office details" not in line]
    assert len(lines) == 1, result.err
    assert fragment.format(tmp=tmp_path) in lines[0], lines[0]
    # And no file is left in the documents folder
    documents = tmp_path / "documents"
    assert not documents.exists() or not any(p.is_file() for p in documents.rglob("*"))
