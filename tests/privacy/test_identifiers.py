"""Unique identifiers are never stored: a 주민등록번호, 외국인등록번호, passport or driver's
licence number typed into any free-text field is refused with one line (exit 2) and
nothing is saved. The pattern as a pure function; the refusal through the CLI on SQLite and
PostgreSQL."""

from __future__ import annotations

import pytest
from conftest import Cli, as_json, ok, refused

from mediation.core import identifiers

RRN = "900101-1234567"


@pytest.mark.parametrize(("text", "kind"), [
    ("주민번호 900101-1234567 입니다", "주민등록번호"), ("9001011234567", "주민등록번호"),
    ("900101 2234567", "주민등록번호"), ("050315-3123456", "주민등록번호"),
    ("120229-4123456", "주민등록번호"), ("850707-5123456", "외국인등록번호"),
    ("010101-7123456", "외국인등록번호"), ("여권 M12345678", "여권번호"),
    ("passport M123A4567", "여권번호"), ("면허 11-12-345678-90", "운전면허번호"),
    ("서울 12-345678-90", "운전면허번호"),
])
def test_a_unique_identifier_is_found_in_text(text: str, kind: str) -> None:
    found = identifiers.find(text)
    assert found is not None and found.kind.ko == kind


@pytest.mark.parametrize("text", [
    "010-1234-5678", "02-2133-1234", "사업비 12,000,000,000원", "901301-1234567",
    "900230-1234567", "900101-9234567", "900101-*******", "1200000000000",
    "2026-0001", "갈등조정담당관-2026-0012", "계좌 123-456789-01-234", "M1234567",
    "9001011234567890",
])
def test_other_numbers_are_not_taken_for_one(text: str) -> None:
    assert identifiers.find(text) is None


def _case(cli: Cli) -> str:
    return ok(cli("case", "open", "--workflow", "neighbor_dispute", "--title", "층간소음",
                  "--mediator", "kim", "--supervisor", "park")).out.strip()


def test_a_resident_registration_number_is_refused_everywhere_and_nothing_is_saved(
        cli: Cli) -> None:
    # Given a case with a party and an issue
    number = _case(cli)
    ok(cli("party", "add", number, "--name", "홍길동", "--role", "applicant", user="kim"))
    before = as_json(cli("case", "history", number, "--json"))
    # When a 주민등록번호 is typed into each kind of free-text field
    attempts = [
        ("case", "open", "--workflow", "neighbor_dispute", "--title", f"홍길동({RRN}) 민원",
         "--mediator", "kim", "--supervisor", "park"),
        ("case", "update", number, "--summary", f"신청인 {RRN}"),
        ("party", "add", number, "--name", "김철수", "--role", "respondent",
         "--address", f"마포구 {RRN}"),
        ("party", "update", number, "1", "--name", f"홍길동 {RRN}"),
        ("issue", "add", number, f"주민번호 {RRN} 확인"),
        ("agreement", "item", "add", number, "--text", f"{RRN} 세대 방음", "--owner", "1",
         "--due", "2027-03-31", "--check", "현장 확인"),
        ("case", "advance", number, "visit", "--note", f"확인: {RRN}"),
        ("party", "remove", number, "1", "--reason", f"{RRN} 중복"),
    ]
    for argv in attempts:
        # Then each is refused with one line naming the kind of number (exit 2)
        err = refused(cli(*argv, user="kim"), code=2)
        assert "주민등록번호로 보이는 번호" in err and RRN not in err, (argv, err)
    # and nothing was saved: no new event, no new case, the number nowhere
    after = as_json(cli("case", "history", number, "--json"))
    assert after == before
    assert as_json(cli("case", "list", "--json"))["total"] == 1
    assert RRN not in ok(cli("case", "show", number, "--json")).out


def test_the_refusal_speaks_english_too(cli: Cli) -> None:
    number = _case(cli)
    err = refused(cli("issue", "add", number, "여권 M12345678", "--lang", "en", user="kim"),
                  code=2)
    assert "passport number" in err and "nothing was saved" in err
