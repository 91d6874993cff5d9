"""A command's parser is built from its own module only (the start-up of every command):
it must be the same parser, help and Korean help included, as the one built from every
module, and every command must be in the table that names its module."""

from __future__ import annotations

import argparse

import pytest

from mediation.cli.main import GROUPS, build_parser, parser_for


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_each_command_alone_is_the_same_parser_as_among_all(lang: str) -> None:
    # Given the parser of every command
    every = _commands(build_parser(lang))
    # Then each command is in the table, and built from its module alone it has the same
    # help, down to each of its subcommands
    assert sorted(every) == sorted(GROUPS)
    for name, full in every.items():
        alone = _commands(parser_for([name, "--help"], lang))
        assert list(alone) == [c for c, m in GROUPS.items() if m == GROUPS[name]]
        assert alone[name].format_help() == full.format_help()
        subs = [a for a in full._actions if isinstance(a, argparse._SubParsersAction)]
        for action in subs:
            mine = next(a for a in alone[name]._actions
                        if isinstance(a, argparse._SubParsersAction))
            for sub_name, sub_parser in action.choices.items():
                assert mine.choices[sub_name].format_help() == sub_parser.format_help()


def test_words_that_name_no_command_get_every_command() -> None:
    assert parser_for(["--help"], "ko") is build_parser("ko")
    assert parser_for([], "en") is build_parser("en")
    assert parser_for(["no-such-command"], "ko") is build_parser("ko")
