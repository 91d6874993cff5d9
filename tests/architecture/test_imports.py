"""The package's import graph: no module is reached again by following its own imports, not
even through an import inside a function or under ``TYPE_CHECKING`` (the layer contract
itself is ``lint-imports``, run by ``make test``)."""

from __future__ import annotations

import grimp


def modules_in_cycles(graph: grimp.ImportGraph) -> list[str]:
    """The modules that reach themselves again by following imports."""
    return sorted(module for module in graph.modules
                  if any(module in graph.find_upstream_modules(imported) or module == imported
                         for imported in graph.find_modules_directly_imported_by(module)))


def test_no_module_of_the_package_imports_itself_back_through_others() -> None:
    # Given the import graph of every module, with imports inside functions and for typing
    graph = grimp.build_graph("mediation", cache_dir=None)
    # When its cycles are looked for
    cycles = modules_in_cycles(graph)
    # Then there are none
    assert cycles == []


def test_the_cycle_finder_finds_a_circle_through_an_import_inside_a_function() -> None:
    # Given a graph where a imports b at the top and b imports a inside a function
    graph = grimp.ImportGraph()
    for module in ("pkg", "pkg.a", "pkg.b", "pkg.c"):
        graph.add_module(module)
    graph.add_import(importer="pkg.a", imported="pkg.b", line_number=1, line_contents="import")
    graph.add_import(importer="pkg.b", imported="pkg.a", line_number=9, line_contents="import")
    graph.add_import(importer="pkg.c", imported="pkg.a", line_number=1, line_contents="import")
    # When its cycles are looked for / Then the circle is found and nothing else
    assert modules_in_cycles(graph) == ["pkg.a", "pkg.b"]
