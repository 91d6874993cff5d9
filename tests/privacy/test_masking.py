"""The masking rule of lists over many cases (need to know), as a pure function: names,
telephone numbers, e-mail addresses and addresses of private persons."""

from __future__ import annotations

import pytest

from mediation.core.masking import (
    mask_address,
    mask_contact,
    mask_email,
    mask_name,
    mask_phone,
)


@pytest.mark.parametrize(("name", "masked"), [
    ("김철수", "김○수"), ("홍길동", "홍○동"), ("이수", "이○"), ("김", "○"),
    ("남궁민수", "남○○수"), ("황보 혜정", "황○○정"), ("선우용녀", "선○○녀"),
    ("John Smith", "J*** S****"), ("Mary", "M***"), ("  김철수 ", "김○수"), ("", ""),
])
def test_a_name_keeps_only_its_first_and_last_syllables_or_initials(name: str,
                                                                     masked: str) -> None:
    assert mask_name(name) == masked


@pytest.mark.parametrize(("phone", "masked"), [
    ("010-1234-5678", "010-****-5678"), ("010 1234 5678", "010 **** 5678"),
    ("01012345678", "010****5678"), ("011-123-4567", "011-***-4567"),
    ("02-123-4567", "02-***-4567"), ("02-3456-7890", "02-****-7890"),
    ("+82 10-1234-5678", "+82 10-****-5678"), ("+82-10-1234-5678", "+82-10-****-5678"),
    ("(02) 2133-1234", "(02) ****-1234"), ("1234", "1234"), ("없음", "**"),
])
def test_a_phone_keeps_its_prefix_and_last_four_digits(phone: str, masked: str) -> None:
    assert mask_phone(phone) == masked


@pytest.mark.parametrize(("email", "masked"), [
    ("hong@example.org", "h***@example.org"), ("h@example.org", "h***@example.org"),
    ("kim.chulsoo+case@mail.seoul.go.kr", "k***@mail.seoul.go.kr"), ("not-an-address", "***"),
])
def test_an_email_keeps_its_first_character_and_domain(email: str, masked: str) -> None:
    assert mask_email(email) == masked


def test_an_address_keeps_city_and_district() -> None:
    assert mask_address("서울특별시 마포구 월드컵로 212, 101동 202호") == "서울특별시 마포구 ***"
    assert mask_address("마포구") == "***"


def test_a_contact_is_masked_as_what_it_is() -> None:
    assert mask_contact("hong@example.org") == "h***@example.org"
    assert mask_contact("010-1234-5678") == "010-****-5678"
    # and a masked value never shows the digits it hid
    assert "1234" not in mask_contact("010-1234-5678")
