"""The package's import graph: no module is reached again by following its own imports, not
even through an import inside a function or under ``TYPE_CHECKING`` (the layer contract
itself is ``lint-imports``, run by ``make test``)."""

from __future__ import annotations

import grimp


def import_cycles(graph: grimp.ImportGraph) -> list[list[str]]:  # noqa: C901  (one iterative Tarjan)
    """The strongly connected groups of more than one module (Tarjan, iterative)."""
    adjacency = {m: sorted(graph.find_modules_directly_imported_by(m)) for m in graph.modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    for root in sorted(adjacency):
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            nexts = adjacency[node]
            if i < len(nexts):
                work.append((node, i + 1))
                child = nexts[i]
                if child not in index:
                    work.append((child, 0))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            for child in nexts:
                if child in on_stack:
                    low[node] = min(low[node], low[child])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))
    return groups


def test_no_module_of_the_package_imports_itself_back_through_others() -> None:
    # Given the import graph of every module, with imports inside functions and for typing
    graph = grimp.build_graph("mediation", cache_dir=None)
    # When its cycles are looked for
    cycles = import_cycles(graph)
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
    assert import_cycles(graph) == [["pkg.a", "pkg.b"]]
