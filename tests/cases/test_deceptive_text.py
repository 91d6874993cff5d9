"""Stories of texts that deceive, typed at the command line on SQLite and PostgreSQL: a case
title, a party's name or organisation, an issue made of invisible characters or holding a
right-to-left override is refused with exit 2 and one line naming the field and the
character, and changes nothing; Korean, Chinese characters, emoji and punctuation are stored
and read back exactly as typed."""

from __future__ import annotations

import json

import pytest
from conftest import TABLES, Cli, Result
from sqlalchemy import text

from mediation.app import App

RLO, ZWSP, BOM = "\u202e", "\u200b", "\ufeff"


def rows(app: App) -> dict[str, list[tuple[object, ...]]]:
    with app.db.engine.connect() as conn:
        return {t: [tuple(r) for r in conn.execute(text(f"SELECT * FROM {t} ORDER BY 1"))]
                for t in TABLES}


def open_case(cli: Cli, title: str = "가상 공원 조성 갈등") -> Result:
    return cli("case", "open", "--workflow", "public_conflict", "--title", title,
               "--mediator", "kim", "--supervisor", "park", "--json", user="park")


def refused_naming(result: Result, field: str, code_point: str) -> None:
    assert result.code == 2, result
    assert result.out == "" and "Traceback" not in result.err
    assert len(result.err.splitlines()) == 1, result.err
    assert f"({field})" in result.err and code_point in result.err, result.err


@pytest.mark.parametrize("typed, code_point", [
    (ZWSP * 3, "U+200B"), (BOM, "U+FEFF"), (ZWSP + BOM, "U+200B, U+FEFF"),
    ("\u3164", "U+3164"), (f"가상 {RLO}갈등 1000", "U+202E"), ("\u2067가상\u2069", "U+2067"),
])
def test_a_deceiving_case_title_is_refused_and_changes_nothing(
        cli: Cli, app: App, typed: str, code_point: str) -> None:
    # Given an office database with one case
    number = json.loads(open_case(cli).out)["number"]
    before = rows(app)
    # When a case is opened, or the case renamed, with a deceiving title
    opened = open_case(cli, typed)
    renamed = cli("case", "update", number, "--title", typed, user="kim")
    english = cli("case", "update", number, "--title", typed, "--lang", "en", user="kim")
    # Then each is refused with exit 2, one line naming the field and the character
    refused_naming(opened, "title", code_point)
    refused_naming(renamed, "title", code_point)
    refused_naming(english, "title", code_point)
    assert "잘못된 입력" in renamed.err and "Invalid input" in english.err
    # And nothing was written
    assert rows(app) == before


def test_deceiving_party_names_organisations_and_issues_are_refused(cli: Cli, app: App) -> None:
    number = json.loads(open_case(cli).out)["number"]
    before = rows(app)
    attempts = [
        (("party", "add", number, "--name", ZWSP, "--role", "applicant"), "name", "U+200B"),
        (("party", "add", number, "--name", f"홍길동{RLO}", "--role", "applicant"), "name",
         "U+202E"),
        (("party", "add", number, "--name", "홍길동", "--role", "applicant",
          "--organization", BOM), "organization", "U+FEFF"),
        (("issue", "add", number, f"소음 {RLO}기준"), "text", "U+202E"),
        (("issue", "add", number, ZWSP), "text", "U+200B"),
    ]
    for argv, field, code_point in attempts:
        refused_naming(cli(*argv, user="kim"), field, code_point)
    assert rows(app) == before


VISIBLE = {
    "korean": "가상 시설 입지 갈등",
    "hanja": "漢字 섞인 제목 (가상)",
    "emoji": "👩\u200d👩\u200d👧 가족 소음 분쟁 🏗️",
    "punctuation": "「가상」 — “공원” 조성… (2단계) & 100% 합의?",
    "decomposed": "Café Mu\u0308nchen",
}


@pytest.mark.parametrize("kind", list(VISIBLE))
def test_korean_and_other_visible_text_is_still_accepted_as_typed(
        cli: Cli, kind: str) -> None:
    typed = VISIBLE[kind]
    # When a case, a party and an issue are recorded with visible text of every kind
    opened = open_case(cli, typed)
    assert opened.code == 0, opened.err
    number = json.loads(opened.out)["number"]
    assert cli("party", "add", number, "--name", typed, "--role", "applicant",
               "--organization", typed, user="kim").code == 0
    assert cli("issue", "add", number, typed, user="kim").code == 0
    # Then each reads back exactly as typed, code point for code point
    case = json.loads(cli("case", "show", number, "--json", user="kim").out)
    parties = json.loads(cli("party", "list", number, "--json", user="kim").out)
    issues = json.loads(cli("issue", "list", number, "--json", user="kim").out)
    assert case["case"]["title"] == typed
    assert [(p["name"], p["organization"]) for p in parties] == [(typed, typed)]
    assert [i["text"] for i in issues] == [typed]
