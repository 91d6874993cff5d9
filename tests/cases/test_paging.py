"""The lists across cases come a page at a time and say how many more there are."""

from __future__ import annotations

from conftest import Cli, as_json, ok
from support.cases import at, open_case

from mediation.app import App
from mediation.core.clock import FrozenClock


def three_cases(app: App, clock: FrozenClock) -> list[str]:
    return [open_case(app, clock, at(2026, 11, 2 + i, 10)) for i in range(3)]


def test_a_case_list_shows_a_page_and_says_how_many_more(cli: Cli, app: App,
                                                         clock: FrozenClock) -> None:
    # Given three cases
    numbers = three_cases(app, clock)
    # When kim lists two at a time, in Korean, in English and as JSON
    first = ok(cli("case", "list", "--limit", "2", user="kim")).out
    english = ok(cli("case", "list", "--limit", "2", "--lang", "en", user="kim")).out
    second = as_json(cli("case", "list", "--limit", "2", "--offset", "2", "--json", user="kim"))
    # Then the first page has the two newest and says one more follows, and where
    assert [line.split()[0] for line in first.splitlines()[:2]] == numbers[:0:-1]
    assert first.splitlines()[-1] == "(전체 3건 중 1–2, 1건 더 있음: --offset 2)"
    assert english.splitlines()[-1] == "(rows 1–2 of 3; 1 more: --offset 2)"
    # And the second page holds the oldest, with nothing after it
    assert [c["number"] for c in second["items"]] == [numbers[0]]
    assert {k: second[k] for k in ("total", "offset", "limit", "more")} == {
        "total": 3, "offset": 2, "limit": 2, "more": 0}


def test_a_list_that_fits_on_its_page_says_nothing_more(cli: Cli, app: App,
                                                        clock: FrozenClock) -> None:
    # Given three cases, each with its open deadlines
    three_cases(app, clock)
    # When the whole list fits on the default page
    listed = ok(cli("case", "list", user="kim")).out
    deadlines = as_json(cli("deadline", "list", "--json", user="kim"))
    # Then no line about more rows is printed, and the JSON counts every row
    assert len(listed.splitlines()) == 3
    assert deadlines["total"] == len(deadlines["items"]) > 0 and deadlines["more"] == 0


def test_the_deadline_and_reminder_pages_count_every_matching_row(cli: Cli, app: App,
                                                                  clock: FrozenClock) -> None:
    # Given three cases with their deadlines and reminders
    three_cases(app, clock)
    everything = as_json(cli("deadline", "list", "--json", "--limit", "100", user="admin"))
    reminders = as_json(cli("reminders", "list", "--json", "--limit", "100", user="admin"))
    # When the admin reads them one row at a time
    one = as_json(cli("deadline", "list", "--json", "--limit", "1", "--offset", "1",
                      user="admin"))
    first = as_json(cli("reminders", "list", "--json", "--limit", "1", user="admin"))
    # Then each page says how many there are in all, and which row it holds
    assert one["total"] == everything["total"] and one["more"] == everything["total"] - 2
    assert one["items"] == everything["items"][1:2]
    assert first["total"] == reminders["total"] > 1 and first["items"] == reminders["items"][:1]
