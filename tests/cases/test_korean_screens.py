"""Korean screens in Korean, English screens in English: states, triggers, events, statuses
and vocabulary values shown by their titles (the internal name only in parentheses, where a
command needs it typed), Korean labels accepted as input, and ``--help`` in the reader's
language."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from conftest import START, Cli, ok
from support.stories import drive_public as drive

from mediation.app import App

# internal names a reader must not meet outside parentheses
INTERNAL = ("closed_resolved", "intake", "diagnosis", "strategy", "mediation_state", "opened",
            "transition", "updated", "party_added", "document", "document_sent", "issued",
            "pending", "escalation", "reminder", "cancelled", "receipt", "invitation",
            "meeting_notice", "meeting_scheduled", "scheduled", "joint", "welfare",
            "resident_group", "applicant", "no longer due", "supervisor", "mediator",
            "(initial)", "roles:", "guards:")
HANGUL = re.compile("[\uac00-\ud7a3]")


@pytest.fixture(autouse=True)
def html_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    """Letters as HTML: these stories are about the screens, not PDF."""
    monkeypatch.setenv("MEDIATION_DOCUMENT_FORMAT", "html")


def outside_parentheses(text: str) -> str:
    """``text`` without what stands in parentheses (the names a command takes)."""
    previous = None
    while previous != text:
        previous, text = text, re.sub(r"\([^()]*\)", "", text)
    return text


def internal_names(text: str) -> list[str]:
    shown = outside_parentheses(text)
    return [name for name in INTERNAL
            if re.search(rf"(?<![\w@./:-]){re.escape(name)}(?![\w@.-])", shown)]


def screens(cli: Cli, number: str, lang: str) -> dict[str, str]:
    """Every reading command's text output for case ``number``."""
    commands = {
        "case show": ("case", "show", number, "--events", "100"),
        "case list": ("case", "list"), "case history": ("case", "history", number),
        "deadline list": ("deadline", "list", number, "--all"),
        "deadline explain": ("deadline", "explain", number),
        "reminders list": ("reminders", "list", "--all"),
        "letter list": ("letter", "list", number), "letter kinds": ("letter", "kinds"),
        "meeting list": ("meeting", "list", number), "meeting show": ("meeting", "show", number, "1"),
        "agreement show": ("agreement", "show", number), "commitment list": ("commitment", "list"),
        "workflow show": ("workflow", "show", "public_conflict"), "user list": ("user", "list"),
        "party list": ("party", "list", number),
    }
    return {name: ok(cli(*argv, "--lang", lang, user="kim" if name != "user list" else "admin")).out
            for name, argv in commands.items()}


def a_case_with_everything(cli: Cli, app: App) -> str:
    """A case in mediation with parties, letters, a scheduled meeting, an update and
    reminders, some of them cancelled."""
    number = drive(app, "mediation", title="Fictional road widening")
    ok(cli("case", "update", number, "--sector", "복지시설", "--note", "re-diagnosed"))
    at = (START + timedelta(days=10)).isoformat()
    ok(cli("meeting", "schedule", number, "--at", at, "--place", "City Hall", "--kind", "합동회의",
           user="kim"))
    return number


def test_korean_screens_name_states_events_and_statuses_by_their_titles(cli: Cli, app: App) -> None:
    # Given a case that went through several steps, with letters, a meeting and reminders
    number = a_case_with_everything(cli, app)
    # When each reading command is printed in Korean
    shown = screens(cli, number, "ko")
    # Then no internal state, event, status or value name appears outside parentheses
    leaks = {name: internal_names(text) for name, text in shown.items() if internal_names(text)}
    assert leaks == {}, leaks
    # And the titles stand in their place, the trigger to type in parentheses
    assert "상태 변경 갈등진단 착수: 접수 → 갈등진단" in shown["case history"]
    assert "(draft_agreement)" in shown["case show"]
    assert "발행" in shown["letter list"] and "조정 참여 요청" in shown["letter list"]


def test_english_screens_show_no_korean_but_the_case_data(cli: Cli, app: App) -> None:
    # Given the same case (its parties' Korean names, the users' names and the office's
    # document number prefix are its data)
    number = a_case_with_everything(cli, app)
    case = json.loads(ok(cli("case", "show", number, "--json")).out)
    data = [case["case"]["chair"], *(p["name"] for p in case["parties"]),
            *(u["name"] for u in json.loads(ok(cli("user", "list", "--json")).out)),
            "갈등조정담당관-"]  # the documents' number prefix
    # When each reading command is printed in English
    shown = screens(cli, number, "en")
    # Then no Hangul appears except in the case's own data and people's names
    # (the workflows' legal bases, quoted by `workflow show` and `deadline explain`, and the
    # holidays' names in `deadline explain` are written in Korean only)
    del shown["deadline explain"]
    for name, text in shown.items():
        text = "\n".join(line for line in text.splitlines()
                         if not line.strip().startswith("basis:"))
        for value in data:
            text = text.replace(value, "")
        assert not HANGUL.search(text), (name, HANGUL.findall(text)[:10], text)


def test_korean_labels_are_accepted_where_a_closed_vocabulary_is_asked(cli: Cli) -> None:
    # Given a case opened with a Korean sector and grade
    number = ok(cli("case", "open", "--workflow", "public_conflict", "--title", "가상 복지관 갈등",
                    "--mediator", "kim", "--supervisor", "park", "--sector", "복지시설",
                    "--grade", "A(심각)", "--channel", "민원", "--type", "입지(NIMBY/PIMFY),이익",
                    user="park")).out.strip()
    # When a party is added by its Korean role and the alert set by its English title
    ok(cli("party", "add", number, "--name", "가상 주민", "--role", "신청인", user="park"))
    ok(cli("case", "update", number, "--alert", "Pre-alert", "--stage", "시공", user="park"))
    # Then the English values are stored
    case = json.loads(ok(cli("case", "show", number, "--json", user="park")).out)
    assert case["case"]["sector"] == "welfare" and case["case"]["grade"] == "A"
    assert case["case"]["channel"] == "complaint"
    assert case["case"]["conflict_types"] == ["siting", "interest"]
    assert (case["case"]["alert"], case["case"]["stage"]) == ("pre", "construction")
    assert case["parties"][0]["role"] == "applicant"
    # And a grade is also named by its word alone, as people say it (주의 is B)
    ok(cli("case", "update", number, "--grade", "주의", user="park"))
    assert json.loads(ok(cli("case", "show", number, "--json", user="park")).out
                      )["case"]["grade"] == "B"
    # And a value outside the vocabulary is refused with the choices in the reader's language
    ko = cli("case", "update", number, "--sector", "우주", user="park")
    en = cli("case", "update", number, "--sector", "space", "--lang", "en", user="park")
    assert ko.code == en.code == 2
    assert "복지시설(welfare)" in ko.err and "welfare" in en.err and not HANGUL.search(en.err)


@pytest.mark.parametrize("command", [(), ("case", "open"), ("case", "list"), ("deadline", "extend"),
                                     ("meeting", "schedule"), ("letter", "render")])
def test_help_follows_the_language_of_the_reader(cli: Cli, command: tuple[str, ...]) -> None:
    # Given a command's help
    # When it is asked for in Korean (the default), in English by MEDIATION_LANG, and by --lang
    korean = ok(cli(*command, "--help", MEDIATION_LANG="ko")).out
    english = ok(cli(*command, "--help", MEDIATION_LANG="en")).out
    by_option = ok(cli("--lang", "en", *command, "--help")).out
    # Then the Korean help is in Korean and the English one in English, options unchanged
    assert korean.startswith("사용법: ") and "옵션:" in korean and "--json" in korean
    assert english.startswith("usage: ") and "options:" in english and "--json" in english
    assert by_option == english
    assert "이 도움말을 보이고 끝냅니다" in korean and "show this help message" not in korean


def test_every_help_text_has_its_korean_version() -> None:
    # Given the parser in Korean
    import argparse

    from mediation.cli.main import build_parser

    missing = []
    todo = [build_parser("ko")]
    while todo:
        parser = todo.pop()
        texts = [parser.description, *(g.title for g in parser._action_groups)]
        for action in parser._actions:
            texts.append(action.help)
            if isinstance(action, argparse._SubParsersAction):
                texts += [c.help for c in action._choices_actions]
                todo += dict.fromkeys(action.choices.values())
        # Then every text it shows is Korean
        missing += [t for t in texts if t and not HANGUL.search(t)]
    assert missing == []


def test_every_help_text_of_every_command_is_in_the_catalogue() -> None:
    # Given the parser in English, every command below it, their descriptions and epilogs
    import argparse

    from mediation.cli.help_ko import KO
    from mediation.cli.main import build_parser

    top = build_parser("en")
    missing, seen, todo = [], set(), [top]
    while todo:
        parser = todo.pop()
        if id(parser) in seen:
            continue
        seen.add(id(parser))
        texts = [*(g.title for g in parser._action_groups)]
        if parser is not top:  # the top's description and epilog have their own Korean text
            texts += [parser.description, parser.epilog]
        for action in parser._actions:
            texts.append(action.help)
            if isinstance(action, argparse._SubParsersAction):
                texts += [c.help for c in action._choices_actions]
                todo += action.choices.values()
        # Then each has its Korean text, not only some Hangul in an English line
        missing += [(parser.prog, t) for t in texts
                    if t and t != argparse.SUPPRESS and " ".join(t.split()) not in KO]
    assert missing == []


def test_history_shows_the_old_and_new_values_of_an_update(cli: Cli) -> None:
    # Given a case whose grade was B
    number = ok(cli("case", "open", "--workflow", "public_conflict", "--title", "가상 사례",
                    "--mediator", "kim", "--supervisor", "park", "--grade", "B",
                    user="park")).out.strip()
    # When the grade becomes A and the alert pre
    ok(cli("case", "update", number, "--grade", "A", "--alert", "pre", "--note", "현장 확인",
           user="park"))
    # Then the history says what changed, from what to what, in each language
    korean = ok(cli("case", "history", number, user="park")).out
    english = ok(cli("case", "history", number, "--lang", "en", user="park")).out
    assert "사건 수정 — 경보단계: 없음 → 예비경보; 진단등급: B(주의) → A(심각) — 현장 확인" in korean
    assert "case updated — Alert level: none → pre-alert; Diagnosis grade: B (watch) → A (severe)" \
        in english
