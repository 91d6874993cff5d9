"""Stories of `mediation workflow validate`: the shipped workflows load, and every broken,
hostile or malformed file is refused with exit 2 and one line naming the file and the key
path of the first problem. No database is involved, so these tests run once.

The broken files live in tests/fixtures/workflows/ (each differs from ``tiny.yaml`` in one
way and says how in its first line); files that must not be committed (binary, huge) are
written to a temporary folder by the test itself.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, WORKFLOWS, Cli, Result

from mediation.core.errors import DefinitionError
from mediation.workflow import loader

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "workflows"


@pytest.fixture
def wf_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    """A CLI runner for the commands that need no database."""
    return Cli({"MEDIATION_HOME": str(tmp_path),
                "MEDIATION_DATABASE_URL": f"sqlite:///{tmp_path / 'unused.db'}",
                "MEDIATION_WORKFLOWS_DIR": str(WORKFLOWS), "MEDIATION_LANG": "ko"}, capsys)


def assert_refused(result: Result, path: Path, *fragments: str) -> None:
    """Exit 2, nothing on stdout, one line on stderr naming ``path`` and each fragment."""
    assert result.code == 2, result
    assert result.out == ""
    assert result.err.endswith("\n") and len(result.err.splitlines()) == 1, result.err
    assert "Traceback" not in result.err
    assert f"{path}: " in result.err
    for fragment in fragments:
        assert fragment in result.err, (fragment, result.err)


# the files we ship --------------------------------------------------------------------

@pytest.mark.parametrize("name", ["public_conflict", "neighbor_dispute"])
def test_the_shipped_workflows_are_valid(wf_cli: Cli, name: str) -> None:
    # Given a workflow file of the product
    path = WORKFLOWS / f"{name}.yaml"
    # When it is validated
    result = wf_cli("workflow", "validate", str(path), "--json")
    # Then it loads, with the name written in the file
    assert result.code == 0, result.err
    assert json.loads(result.out)["name"] == name
    assert result.err == ""


def test_the_small_base_fixture_is_valid(wf_cli: Cli) -> None:
    # Given the fixture every broken file below is derived from
    path = FIXTURES / "tiny.yaml"
    # When it is validated
    result = wf_cli("workflow", "validate", str(path), "--lang", "en")
    # Then it is accepted, so each broken variant fails for its own one difference
    assert result.code == 0, result.err
    assert "tiny v1, 5 states, 5 transitions" in result.out


# wrong keys and wrong shapes -----------------------------------------------------------

def test_an_unknown_key_in_a_transition_is_named_with_its_key_path(wf_cli: Cli) -> None:
    # Given a file whose fifth transition has a 'condition' key
    path = FIXTURES / "unknown_key.yaml"
    # When it is validated
    result = wf_cli("workflow", "validate", str(path), "--lang", "en")
    # Then the file and the key path are named
    assert_refused(result, path, f"{path}: transitions[4]: unknown key 'condition'")
    # ... and in Korean, the key path as written and the reason in Korean
    result = wf_cli("workflow", "validate", str(path))
    assert_refused(result, path, f"{path}: transitions[4]: 알 수 없는 키 'condition'입니다 "
                                 "(쓸 수 있는 키: documents, from, guards,")


def test_an_unknown_key_in_a_state_is_named_with_its_key_path(wf_cli: Cli) -> None:
    path = FIXTURES / "unknown_state_key.yaml"
    result = wf_cli("workflow", "validate", str(path), "--lang", "en")
    assert_refused(result, path, f"{path}: states.talks: unknown key 'colour'")


def test_an_unknown_key_in_the_shipped_workflow_is_named_with_its_key_path(
        wf_cli: Cli, tmp_path: Path) -> None:
    # Given a copy of the public-conflict workflow whose fifth transition gained a key
    text = (WORKFLOWS / "public_conflict.yaml").read_text(encoding="utf-8")
    head, sep, rest = text.partition("\ntransitions:\n")
    items = rest.split("  - trigger:")
    items[5] = items[5].replace("\n", "\n    condition: parties_agree\n", 1)
    path = tmp_path / "public_conflict.yaml"
    path.write_text(head + sep + "  - trigger:".join(items), encoding="utf-8")
    # When it is validated
    result = wf_cli("workflow", "validate", str(path), "--lang", "en")
    # Then the message is exactly the documented one
    assert_refused(result, path, f"{path}: transitions[4]: unknown key 'condition'")


def test_broken_yaml_syntax_is_refused_with_its_line(wf_cli: Cli) -> None:
    path = FIXTURES / "broken_syntax.yaml"
    result = wf_cli("workflow", "validate", str(path), "--lang", "en")
    assert_refused(result, path, "line 15", "YAML")


def test_an_unknown_guard_is_a_load_error(wf_cli: Cli) -> None:
    path = FIXTURES / "unknown_guard.yaml"
    result = wf_cli("workflow", "validate", str(path), "--lang", "en")
    assert_refused(result, path, "transitions[1].guards[0]", "unknown guard 'parties_happy'")


# the shape of the graph ----------------------------------------------------------------

def test_a_state_that_cannot_be_reached_is_refused(wf_cli: Cli) -> None:
    path = FIXTURES / "unreachable_state.yaml"
    result = wf_cli("workflow", "validate", str(path), "--lang", "en")
    assert_refused(result, path, "'archive' cannot be reached from 'intake'")


def test_a_state_that_can_never_reach_a_final_state_is_refused(wf_cli: Cli) -> None:
    path = FIXTURES / "dead_end_state.yaml"
    result = wf_cli("workflow", "validate", str(path), "--lang", "en")
    assert_refused(result, path, "'limbo' can never reach a final state")


def test_two_initial_states_are_refused(wf_cli: Cli) -> None:
    path = FIXTURES / "two_initial_states.yaml"
    result = wf_cli("workflow", "validate", str(path), "--lang", "en")
    assert_refused(result, path, "exactly one initial state", "found 2")


# hostile files -------------------------------------------------------------------------

@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system", "!!python/object/new:os.system",
                                 "!!python/name:os.system"])
def test_python_tags_are_refused_and_never_run(wf_cli: Cli, tmp_path: Path, tag: str) -> None:
    # Given a workflow whose description asks YAML to run a shell command
    marker = tmp_path / "ran"
    base = (FIXTURES / "tiny.yaml").read_text(encoding="utf-8")
    value = f'{tag} ["touch {marker}"]' if "name:" not in tag else f"{tag} ''"
    path = tmp_path / "hostile.yaml"
    path.write_text(base.replace("description: Intake, talks, an agreement, closure.",
                                 f"description: {value}"), encoding="utf-8")
    # When it is validated
    result = wf_cli("workflow", "validate", str(path), "--lang", "en")
    # Then safe loading refuses the tag and nothing ran
    assert_refused(result, path, "not valid YAML")
    assert not marker.exists()


def _validate_in_a_process(path: Path, home: Path) -> Result:
    """Run the real command in its own process, so that a loader that blows up on the file
    fails this test instead of hanging the test run (a sound loader answers in well under a
    second; the limit only turns a hang into a failure)."""
    proc = subprocess.run([sys.executable, str(ROOT / "run.py"), "workflow", "validate", str(path)],
                          capture_output=True, text=True, timeout=20,
                          env={"PATH": "/usr/bin:/bin", "MEDIATION_HOME": str(home),
                               "MEDIATION_LANG": "en"})
    return Result(proc.returncode, proc.stdout, proc.stderr)


@pytest.mark.parametrize(("name", "fragment"), [
    ("alias_bomb.yaml", "(top): unknown key 'a'"),
    ("alias_bomb_in_description.yaml", "description: expected a text, got a list"),
    ("alias_bomb_in_version.yaml", "version: expected a positive integer, got a list"),
    ("alias_bomb_in_deadline.yaml", "deadlines[0].period.unit: unknown unit"),
])
def test_a_billion_laughs_alias_bomb_is_refused_by_its_shape(
        tmp_path: Path, name: str, fragment: str) -> None:
    # Given a few hundred bytes of YAML that expand to 9^9 items when walked
    path = FIXTURES / name
    assert path.stat().st_size < 2000
    # When it is validated
    result = _validate_in_a_process(path, tmp_path)
    # Then it is refused because the value has the wrong shape, without ever being expanded
    assert_refused(result, path, fragment)


def test_a_file_over_one_megabyte_is_refused_before_it_is_parsed(wf_cli: Cli, tmp_path: Path) -> None:
    # Given a valid workflow padded past the size limit with a comment
    path = tmp_path / "padded.yaml"
    base = (FIXTURES / "tiny.yaml").read_text(encoding="utf-8")
    path.write_text(base + "#" + "x" * loader.MAX_FILE_BYTES + "\n", encoding="utf-8")
    # When it is validated
    result = wf_cli("workflow", "validate", str(path), "--lang", "en")
    # Then the size is the reason
    assert_refused(result, path, "(file)", f"the limit is {loader.MAX_FILE_BYTES:,}")


def test_deeply_nested_yaml_is_refused_as_bad_input(wf_cli: Cli, tmp_path: Path) -> None:
    # Given 100,000 nested flow lists (well under the size limit)
    path = tmp_path / "deep.yaml"
    path.write_text("name: " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    # When it is validated
    result = wf_cli("workflow", "validate", str(path), "--lang", "en")
    # Then it is a bad file (exit 2), not an unexpected crash (exit 1)
    assert_refused(result, path, "not valid YAML")


def test_an_integer_too_long_to_convert_is_refused_as_bad_input(wf_cli: Cli, tmp_path: Path) -> None:
    # Given a version number of 5,000 digits (Python refuses to convert over 4,300)
    path = tmp_path / "long_int.yaml"
    base = (FIXTURES / "tiny.yaml").read_text(encoding="utf-8")
    path.write_text(base.replace("version: 1", "version: " + "9" * 5000), encoding="utf-8")
    # When it is validated
    result = wf_cli("workflow", "validate", str(path), "--lang", "en")
    # Then it is a bad file, reported on one short line
    assert_refused(result, path, "not valid YAML")
    assert len(result.err) < 400


def test_a_file_that_is_not_utf8_is_refused(wf_cli: Cli, tmp_path: Path) -> None:
    # Given the base workflow with a comment written in Latin-1 ("café")
    path = tmp_path / "latin1.yaml"
    path.write_bytes((FIXTURES / "tiny.yaml").read_bytes() + b"# caf\xe9\n")
    # When it is validated
    result = wf_cli("workflow", "validate", str(path), "--lang", "en")
    # Then the encoding is the reason
    assert_refused(result, path, "(file)", "not UTF-8")


def test_a_missing_file_is_refused_with_its_path(wf_cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "nowhere.yaml"
    result = wf_cli("workflow", "validate", str(path), "--lang", "en")
    assert_refused(result, path, "(file)")


# the loader itself ---------------------------------------------------------------------

def test_the_loader_reports_the_same_location_to_code_that_calls_it() -> None:
    # Given the unknown-key fixture
    path = FIXTURES / "unknown_key.yaml"
    # When it is loaded directly
    with pytest.raises(DefinitionError) as caught:
        loader.load_file(path)
    # Then the structured fields name the file and the key path
    assert caught.value.fields["path"] == str(path)
    assert caught.value.fields["where"] == "transitions[4]"
    assert caught.value.message("en").startswith(f"{path}: transitions[4]: unknown key 'condition'")


# the meetings section -------------------------------------------------------------------

TINY = (FIXTURES / "tiny.yaml").read_text(encoding="utf-8")
# tiny.yaml ends with its 'withdraw' transition: lines appended here continue it, or add
# transitions after it
SYSTEM_WITHDRAW = TINY + "    roles: [mediator, supervisor, admin, system]\n"
EXTRA = {
    "drop": '  - {trigger: drop, from: talks, to: closed_withdrawn, title: {ko: 중단, en: Drop}, '
            'roles: [system]}\n',
    "quit": '  - {trigger: quit, from: "*", to: closed_withdrawn, title: {ko: 중단, en: Quit}, '
            'roles: [system], guards: [two_parties]}\n',
    "pause": '  - {trigger: pause, from: "*", to: talks, title: {ko: 보류, en: Pause}, '
             'roles: [system]}\n',
}
ABSENCES = """
meetings:
  absences:
    limit: 2
    action: withdraw
    trigger: withdraw
    basis: 환경분쟁 조정법 제49조 제3항 준용
"""


def test_a_meetings_section_loads_with_its_absence_rule() -> None:
    wf = loader.parse(SYSTEM_WITHDRAW + ABSENCES, "tiny.yaml")
    rule = wf.meetings.absences
    assert rule is not None
    assert (rule.limit, rule.action, rule.trigger, rule.basis) == (
        2, "withdraw", "withdraw", "환경분쟁 조정법 제49조 제3항 준용")
    notify = loader.parse(TINY + ABSENCES.replace("action: withdraw", "action: notify")
                          .replace("    trigger: withdraw\n", ""), "tiny.yaml")
    assert notify.meetings.absences is not None and notify.meetings.absences.trigger is None
    assert loader.parse(TINY, "tiny.yaml").meetings.absences is None


@pytest.mark.parametrize(("base", "section", "where", "reason"), [
    (SYSTEM_WITHDRAW, ABSENCES + "    colour: red\n", "meetings.absences", "unknown key 'colour'"),
    (SYSTEM_WITHDRAW, "\nmeetings:\n  attendance: {}\n", "meetings", "unknown key 'attendance'"),
    (SYSTEM_WITHDRAW, "\nmeetings: [absences]\n", "meetings", "expected a mapping"),
    (SYSTEM_WITHDRAW, ABSENCES.replace("limit: 2", "limit: 0"), "meetings.absences.limit",
     "whole number from 1 to 20"),
    (SYSTEM_WITHDRAW, ABSENCES.replace("limit: 2", "limit: two"), "meetings.absences.limit",
     "got 'two'"),
    (SYSTEM_WITHDRAW, ABSENCES.replace("action: withdraw", "action: expel"),
     "meetings.absences.action", "unknown action 'expel' (actions: notify, withdraw)"),
    (SYSTEM_WITHDRAW, ABSENCES.replace("    basis: 환경분쟁 조정법 제49조 제3항 준용\n", ""),
     "meetings.absences", "missing key 'basis'"),
    (SYSTEM_WITHDRAW, ABSENCES.replace("basis: 환경분쟁 조정법 제49조 제3항 준용", "basis: ' '"),
     "meetings.absences.basis", "legal basis"),
    (SYSTEM_WITHDRAW, ABSENCES.replace("    trigger: withdraw\n", ""), "meetings.absences",
     "a 'withdraw' rule needs 'trigger'"),
    (SYSTEM_WITHDRAW, ABSENCES.replace("action: withdraw", "action: notify"),
     "meetings.absences.trigger", "only a 'withdraw' rule takes 'trigger'"),
    (SYSTEM_WITHDRAW, ABSENCES.replace("trigger: withdraw", "trigger: leave"),
     "meetings.absences.trigger", "unknown trigger 'leave'"),
    (TINY, ABSENCES, "meetings.absences.trigger", "the system cannot fire 'withdraw'"),
    (SYSTEM_WITHDRAW + EXTRA["drop"], ABSENCES.replace("trigger: withdraw", "trigger: drop"),
     "meetings.absences.trigger", "must be available from every open state"),
    (SYSTEM_WITHDRAW + EXTRA["quit"], ABSENCES.replace("trigger: withdraw", "trigger: quit"),
     "meetings.absences.trigger", "must have no guards"),
    (SYSTEM_WITHDRAW + EXTRA["pause"], ABSENCES.replace("trigger: withdraw", "trigger: pause"),
     "meetings.absences.trigger", "must lead to a final state"),
])
def test_a_bad_meetings_section_names_the_file_and_the_key_path(
        base: str, section: str, where: str, reason: str) -> None:
    # When a workflow file has the faulty section
    with pytest.raises(DefinitionError) as caught:
        loader.parse(base + section, "workflows/tiny.yaml")
    # Then the error names the file, the key path and the reason
    message = caught.value.message("en")
    assert message.startswith(f"workflows/tiny.yaml: {where}: "), message
    assert reason in message


def test_a_broken_meetings_section_is_refused_by_workflow_validate_on_one_line(
        wf_cli: Cli, tmp_path: Path) -> None:
    # Given a copy of the neighbour-dispute workflow whose withdrawal the system may not fire
    text = (WORKFLOWS / "neighbor_dispute.yaml").read_text(encoding="utf-8")
    path = tmp_path / "neighbor_dispute.yaml"
    path.write_text(text.replace("roles: [mediator, supervisor, admin, system]", "roles: [mediator]"),
                    encoding="utf-8")
    # When it is validated
    result = wf_cli("workflow", "validate", str(path), "--lang", "en")
    # Then one line names the file, the key path and the reason
    assert_refused(result, path, f"{path}: meetings.absences.trigger: the system cannot fire "
                                 "'withdraw'")


def test_the_shipped_workflows_state_their_absence_rules() -> None:
    public = loader.load_file(WORKFLOWS / "public_conflict.yaml").meetings.absences
    neighbour = loader.load_file(WORKFLOWS / "neighbor_dispute.yaml").meetings.absences
    assert public is not None and (public.limit, public.action) == (2, "notify")
    assert neighbour is not None and (neighbour.limit, neighbour.action, neighbour.trigger) == (
        2, "withdraw", "withdraw")
    assert "환경분쟁 조정법 제49조 제3항 준용" in neighbour.basis


@pytest.mark.parametrize(("change", "message"), [
    ("    outcome: agreement\n", "states.closed_done.outcome: a final state needs an outcome"),
    ("    outcome: agreement\n", "one of agreement, impasse"),
])
def test_a_final_state_must_say_how_a_case_ended_there(
        wf_cli: Cli, tmp_path: Path, change: str, message: str) -> None:
    # Given the tiny workflow whose 'closed_done' state lost its outcome
    text = (FIXTURES / "tiny.yaml").read_text(encoding="utf-8")
    path = tmp_path / "no_outcome.yaml"
    path.write_text(text.replace(change, "", 1), encoding="utf-8")
    # When it is validated, then it is refused naming the key path and the choices
    result = wf_cli("workflow", "validate", str(path), "--lang", "en")
    assert result.code == 2 and message in result.err


def test_only_a_final_state_has_an_outcome(wf_cli: Cli, tmp_path: Path) -> None:
    text = (FIXTURES / "tiny.yaml").read_text(encoding="utf-8")
    path = tmp_path / "open_outcome.yaml"
    path.write_text(text.replace("    initial: true\n", "    initial: true\n    outcome: impasse\n"),
                    encoding="utf-8")
    result = wf_cli("workflow", "validate", str(path), "--lang", "en")
    assert result.code == 2 and "states.intake.outcome: only a final state has an outcome" in result.err


def test_a_workflow_words_only_the_sentences_letters_know(wf_cli: Cli, tmp_path: Path) -> None:
    text = (FIXTURES / "tiny.yaml").read_text(encoding="utf-8")
    path = tmp_path / "wording.yaml"
    path.write_text(text.replace("\nstates:", "\nwording:\n  greeting: {ko: 안녕, en: Hi}\n"
                                 "\nstates:", 1), encoding="utf-8")
    result = wf_cli("workflow", "validate", str(path), "--lang", "en")
    assert result.code == 2 and "wording: unknown key 'greeting'" in result.err
