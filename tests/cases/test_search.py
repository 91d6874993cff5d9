"""``case search`` through the command line on SQLite and PostgreSQL: words inside Korean
compounds, two-syllable words, every kind of text a case holds, the filters, the read
scope, the index kept current by each change, and the index built by ``mediation init`` for a
database that had cases before it existed."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from alembic import command
from alembic.script import ScriptDirectory
from conftest import START, Cli, as_json, ok, refused
from sqlalchemy import create_engine, text
from support.stories import drive_public

from mediation.app import App
from mediation.storage import migrate


def open_case(cli: Cli, title: str, *, workflow: str = "public_conflict", mediator: str = "kim",
              supervisor: str = "park", **fields: str) -> str:
    extra = [x for k, v in fields.items() for x in (f"--{k}", v)]
    return str(as_json(cli("case", "open", "--workflow", workflow, "--title", title,
                           "--mediator", mediator, "--supervisor", supervisor, *extra,
                           "--json"))["number"])


def search(cli: Cli, *words: str, user: str = "admin") -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = as_json(cli("case", "search", *words, "--json", user=user))
    return found


def numbers(found: list[dict[str, Any]]) -> list[str]:
    return [h["case"]["number"] for h in found]


def places(found: list[dict[str, Any]], number: str) -> list[str]:
    [hit] = [h for h in found if h["case"]["number"] == number]
    return [m["label_ko"] for m in hit["matched"]]


def two_cases(cli: Cli) -> tuple[str, str]:
    """A columbarium conflict (kim's) with an agency party and an issue; a floor-noise
    dispute (lee's, in 마포구) whose summary speaks of noise."""
    columbarium = open_case(cli, "구립봉안당건립 반대 민원", district="은평구", type="siting",
                            grade="B")
    ok(cli("party", "add", columbarium, "--name", "은평구청", "--organization", "노인복지과",
           "--role", "agency"))
    ok(cli("issue", "add", columbarium, "운구 차량 소음과 주차", user="kim"))
    noise = open_case(cli, "아파트 위아래층 분쟁", workflow="neighbor_dispute", mediator="lee",
                      supervisor="choi", district="마포구",
                      summary="밤마다 층간소음이 심하다는 민원")
    return columbarium, noise


def test_a_word_inside_a_compound_and_two_syllable_words_are_found(cli: Cli) -> None:
    # Given a columbarium case and a floor-noise case
    columbarium, noise = two_cases(cli)
    # When staff search for a word that is part of a compound title
    found = search(cli, "봉안당")
    # Then the columbarium case is found, matched in its title
    assert numbers(found) == [columbarium]
    assert places(found, columbarium) == ["제목"]
    # And two-syllable words are found inside longer words, in any of the case's texts
    assert numbers(search(cli, "층간")) == [noise]
    assert places(search(cli, "층간"), noise) == ["개요"]
    assert set(numbers(search(cli, "소음"))) == {columbarium, noise}
    # And an agency party is found by its name and shown with its organisation
    found = search(cli, "은평구청")
    assert numbers(found) == [columbarium]
    assert places(found, columbarium) == ["당사자: 은평구청 노인복지과"]
    # And every word must occur: 소음 with 주차 is only the columbarium case (its issue)
    found = search(cli, "소음", "주차")
    assert numbers(found) == [columbarium]
    assert places(found, columbarium) == ["쟁점 #1"]
    # And a word found nowhere finds nothing, and says so in Korean
    assert search(cli, "케이블카") == []
    assert "조건에 맞는 사건이 없습니다" in ok(cli("case", "search", "케이블카")).out


def test_the_screen_says_where_the_text_matched_in_korean(cli: Cli) -> None:
    columbarium, _ = two_cases(cli)
    out = ok(cli("case", "search", "은평구청")).out
    assert columbarium in out and "찾은 곳: 당사자: 은평구청 노인복지과" in out


def test_relevance_puts_a_title_match_before_a_match_elsewhere(cli: Cli) -> None:
    # Given a case with 소음 in its summary, then (newer) one with it in an issue, and the
    # oldest with it in its title
    titled = open_case(cli, "소음 갈등")
    summary = open_case(cli, "공사장 갈등", summary="야간 소음")
    issue = open_case(cli, "공원 갈등")
    ok(cli("issue", "add", issue, "소음", user="kim"))
    # When staff search for 소음, the title match comes first, then the summary, then the issue
    assert numbers(search(cli, "소음")) == [titled, summary, issue]


def test_filters_combine_with_the_text(cli: Cli) -> None:
    columbarium, noise = two_cases(cli)
    assert numbers(as_json(cli("case", "search", "소음", "--workflow", "neighbor_dispute",
                               "--json"))) == [noise]
    assert numbers(as_json(cli("case", "search", "소음", "--district", "은평구",
                               "--json"))) == [columbarium]
    assert numbers(as_json(cli("case", "search", "소음", "--type", "siting", "--grade", "b",
                               "--json"))) == [columbarium]
    assert numbers(as_json(cli("case", "search", "소음", "--mediator", "lee",
                               "--json"))) == [noise]
    assert numbers(as_json(cli("case", "search", "소음", "--supervisor", "park",
                               "--json"))) == [columbarium]
    assert as_json(cli("case", "search", "소음", "--closed", "--json")) == []
    assert len(as_json(cli("case", "search", "소음", "--open", "--json"))) == 2
    assert as_json(cli("case", "search", "소음", "--since", "2026-11-25", "--json")) == []
    assert len(as_json(cli("case", "search", "소음", "--until", "2026-11-24", "--json"))) == 2
    assert len(as_json(cli("case", "search", "소음", "--limit", "1", "--json"))) == 1


def test_a_mediator_finds_only_their_own_cases_and_a_supervisor_those_they_supervise(
        cli: Cli) -> None:
    columbarium, noise = two_cases(cli)
    assert numbers(search(cli, "소음", user="kim")) == [columbarium]
    assert numbers(search(cli, "소음", user="lee")) == [noise]
    assert numbers(search(cli, "소음", user="choi")) == [noise]
    assert numbers(search(cli, "봉안당", user="lee")) == []


def test_the_index_follows_each_change_of_the_text(cli: Cli, app: App, tmp_path: Path) -> None:
    # Given a case drafting its agreement
    number = drive_public(app, "drafting", title="가상 도로 확장 갈등")
    # When its title changes with a note, an agreement item is added and edited
    ok(cli("case", "update", number, "--title", "가상 고가도로 철거 갈등",
           "--note", "주민설명회 요청 반영", user="kim"))
    owner = app.parties.list_parties(app.users.actor("kim"), number)[0].id
    item = ok(cli("agreement", "item", "add", number, "--text", "방음벽 설치", "--owner",
                  str(owner), "--due", "2027-03-31", user="kim")).out.strip()
    ok(cli("agreement", "item", "edit", number, item, "--text", "가로수 식재", user="kim"))
    # Then the old title is no longer found and the new one is
    assert search(cli, "확장") == []
    assert places(search(cli, "고가도로"), number) == ["제목"]
    # And the note and the item's present text are found, the item's old text not
    seq = as_json(cli("case", "history", number, "--json"))[-3]["seq"]  # the update's event
    assert places(search(cli, "설명회"), number) == [f"기록 메모 #{seq}"]
    assert places(search(cli, "가로수"), number) == [f"합의 항목 #{item}"]
    assert search(cli, "방음벽") == []
    # And corrections of the record: an issue reworded, then removed; a party renamed, another
    # removed
    issue = ok(cli("issue", "add", number, "주차 문제", user="kim")).out.strip()
    ok(cli("issue", "update", number, issue, "--text", "통학로 안전", user="kim"))
    assert search(cli, "주차") == []
    assert places(search(cli, "통학로"), number) == [f"쟁점 #{issue}"]
    ok(cli("issue", "remove", number, issue, "--reason", "중복", user="kim"))
    assert search(cli, "통학로") == []
    first, second = [p.id for p in app.parties.list_parties(app.users.actor("kim"), number)]
    ok(cli("party", "update", number, str(first), "--name", "새솔동 주민대표", user="kim"))
    assert places(search(cli, "새솔동"), number) == ["당사자: 새솔동 주민대표"]
    assert search(cli, "주민대표", "1") == []
    ok(cli("party", "remove", number, str(second), "--reason", "잘못 추가", user="kim"))
    assert [m for m in places(search(cli, "주민대표"), number) if "2" in m] == []
    # And the minutes of a meeting are found by a word in them
    meeting = ok(cli("meeting", "schedule", number, "--at", "2026-11-24T10:00+09:00",
                     "--place", "구청 회의실", "--no-notice", "--force", "--reason", "긴급",
                     user="kim")).out.strip()
    minutes = tmp_path / "회의록.txt"
    minutes.write_text("교통량 조사 결과를 공유함\n", encoding="utf-8")
    ok(cli("meeting", "record", number, meeting, "--attended", str(owner), "--minutes",
           str(minutes), user="kim", now=START + timedelta(hours=2)))
    assert places(search(cli, "교통량"), number) == [f"회의록 #{meeting}"]


def test_bad_queries_are_refused_on_one_line(cli: Cli) -> None:
    refused(cli("case", "search", " "), code=2)
    refused(cli("case", "search", *[f"낱말{i}" for i in range(9)]), code=2)
    refused(cli("case", "search", "소음", "--since", "어제"), code=2)
    # A quote or a wildcard is a character to find, not syntax
    assert search(cli, '"봉안"') == []
    assert search(cli, "%") == []


def test_init_builds_the_index_of_a_database_that_had_cases_before_it(
        cli: Cli, database_url: str) -> None:
    # Given cases written before the search index existed (one revision back)
    columbarium, noise = two_cases(cli)
    engine = create_engine(database_url)
    with engine.begin() as conn:
        cfg: Any = migrate._config(conn)
        command.downgrade(cfg, "-1")
    # When `mediation init` upgrades it
    result = json.loads(ok(cli("init", "--json")).out)
    assert result["revision"] == ScriptDirectory(str(migrate.SCRIPTS)).get_current_head()
    # Then the index holds the existing cases' text
    assert numbers(search(cli, "봉안당")) == [columbarium]
    assert set(numbers(search(cli, "소음"))) == {columbarium, noise}
    assert places(search(cli, "은평구청"), columbarium) == ["당사자: 은평구청 노인복지과"]
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM search_text")).scalar_one() == 5
    engine.dispose()
