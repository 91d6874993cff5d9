"""Every refusal of bad input reads in the reader's language: a ``BadInput`` (or a subclass)
is built with ``reason_ko`` and ``reason_en``, never with one ``reason`` shown alike in both
languages, and no error is given a reason in one language only."""

from __future__ import annotations

import ast
from pathlib import Path

import mediation
from mediation.core import errors

PACKAGE = Path(mediation.__file__).parent


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _own_ko(node: ast.ClassDef) -> str | None:
    """The Korean template a class statement sets (``ko = "..."``), if it sets one."""
    for stmt in node.body:
        if isinstance(stmt, ast.Assign) and any(_name(t) == "ko" for t in stmt.targets):
            return "".join(c.value for c in ast.walk(stmt.value)
                           if isinstance(c, ast.Constant) and isinstance(c.value, str))
    return None


def error_classes(trees: list[ast.Module]) -> tuple[set[str], set[str]]:
    """The names of the errors whose reason is given as ``reason_ko`` and ``reason_en``
    (``BadInput`` and its subclasses, and any whose template shows ``{reason_ko}``), and of
    every ``MediationError`` class, in the errors module and in class statements anywhere in
    ``trees``."""
    bad = {c.__name__ for c in vars(errors).values()
           if isinstance(c, type) and issubclass(c, errors.MediationError)
           and (issubclass(c, errors.BadInput) or "{reason_ko}" in c.ko)}
    every = {c.__name__ for c in vars(errors).values()
             if isinstance(c, type) and issubclass(c, errors.MediationError)}
    classes = [n for tree in trees for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]
    grown = True
    while grown:  # a subclass of a subclass, defined in another module
        grown = False
        for c in classes:
            bases, ko = {_name(b) for b in c.bases}, _own_ko(c)
            if c.name not in every and bases & every:
                every.add(c.name)
                grown = True
            if c.name not in bad and c.name in every and (
                    (ko is None and bases & bad) or (ko is not None and "{reason_ko}" in ko)):
                bad.add(c.name)
                grown = True
    return bad, every


def one_language_reasons(sources: dict[str, str]) -> list[str]:
    """``file:line Class`` for each error built with a ``reason`` alone where its reason is
    given in both languages, or with ``reason_ko`` but no ``reason_en`` (or the other way
    round)."""
    trees = {where: ast.parse(text) for where, text in sources.items()}
    bad, every = error_classes(list(trees.values()))
    found = []
    for where, tree in trees.items():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or _name(node.func) not in every:
                continue
            keys = {k.arg for k in node.keywords}
            if (_name(node.func) in bad and "reason" in keys) or \
                    len(keys & {"reason_ko", "reason_en"}) == 1:
                found.append(f"{where}:{node.lineno} {_name(node.func)}")
    return found


def test_no_error_of_the_package_has_a_reason_in_one_language() -> None:
    # Given every module of the package
    sources = {str(p.relative_to(PACKAGE.parent)): p.read_text(encoding="utf-8")
               for p in sorted(PACKAGE.rglob("*.py"))}
    # When the errors built in them are read / Then each gives its reason in both languages
    assert one_language_reasons(sources) == []


def test_the_scan_finds_a_reason_given_in_one_language() -> None:
    # Given modules that build a BadInput with one reason, a subclass of a subclass (defined
    # elsewhere) with one, a refusal with a Korean reason only, a workflow error and an error
    # of another module whose template shows the Korean reason, each with one reason, and two
    # that are right (one whose ``reason`` is the record's own, not a reason in a language)
    sources = {
        "a.py": ("class Odd(NotAChoice):\n    pass\n"
                 "class Own(MediationError):\n    ko = '오류: {reason_ko}'\n"),
        "b.py": ("raise BadInput(field='x', reason='no')\n"
                 "raise Odd(field='x', reason=f'{y} no')\n"
                 "raise errors.Refused(reason_ko='안 됩니다')\n"
                 "raise BadInput(field='x', reason_ko='안 됩니다', reason_en='no')\n"
                 "raise NotCurrent(document='d', status='void', reason='잘못 발행')\n"
                 "raise DefinitionError(path='p', where='w', reason='bad')\n"
                 "raise Own(reason='bad')\n"),
    }
    # When they are scanned / Then the three are found, by file and line
    assert one_language_reasons(sources) == ["b.py:1 BadInput", "b.py:2 Odd", "b.py:3 Refused",
                                             "b.py:6 DefinitionError", "b.py:7 Own"]
