"""Pure checks on a workflow's shape: one initial state, every state reachable, every
state able to reach a final state, final states without exits."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

from mediation.workflow.definitions import StateDef, TransitionDef


def _walk(start: Iterable[str], edges: dict[str, set[str]]) -> set[str]:
    seen = set(start)
    queue = deque(seen)
    while queue:
        for nxt in edges.get(queue.popleft(), ()):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


def problems(states: tuple[StateDef, ...],
             transitions: tuple[TransitionDef, ...]) -> list[tuple[str, str]]:
    """Every structural problem, as sentences in English and Korean; empty when the workflow
    is sound."""
    found: list[tuple[str, str]] = []
    initial = [s.name for s in states if s.initial]
    if len(initial) != 1:
        found.append((f"exactly one initial state is needed, found {len(initial)}",
                      f"시작 상태는 하나여야 합니다 (지금 {len(initial)}개)"))
        return found
    forward: dict[str, set[str]] = {}
    backward: dict[str, set[str]] = {}
    for t in transitions:
        for src in t.sources:
            forward.setdefault(src, set()).add(t.dest)
            backward.setdefault(t.dest, set()).add(src)
    reachable = _walk(initial, forward)
    for s in states:
        if s.name not in reachable:
            found.append((f"state '{s.name}' cannot be reached from '{initial[0]}'",
                          f"상태 '{s.name}'에는 '{initial[0]}'에서 갈 수 없습니다"))
    finals = [s.name for s in states if s.final]
    if not finals:
        found.append(("no final state", "종결 상태가 없습니다"))
    can_end = _walk(finals, backward)
    for s in states:
        if s.name not in can_end:
            found.append((f"state '{s.name}' can never reach a final state",
                          f"상태 '{s.name}'에서는 종결 상태에 이를 수 없습니다"))
        if s.final and forward.get(s.name):
            found.append((f"final state '{s.name}' has outgoing transitions",
                          f"종결 상태 '{s.name}'에서 나가는 전이가 있습니다"))
    return found
