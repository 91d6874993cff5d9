"""The ``deadlines:`` section of a workflow file → validated ``DeadlineRuleDef`` records.

Strict like the rest of the loader: unknown keys, unknown states or units, a rule without
its legal ``basis``, a dormancy rule whose trigger the system cannot fire — each is an error
naming the file and the key path (``deadlines[2].period.unit: unknown unit 'weeks'``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mediation.workflow.definitions import (
    DEADLINE_KINDS,
    PERIOD_UNITS,
    SYSTEM,
    DeadlineRuleDef,
    PeriodDef,
    StateDef,
    TransitionDef,
)
from mediation.workflow.yamlread import MAX_BASIS, YamlContext, shown

RULE_KEYS = {"name", "title", "basis", "basis_en", "kind", "states", "period", "remind_before", "escalate",
             "close_after", "trigger", "remind_owner", "extension_notice"}
REQUIRED = {"name", "title", "basis", "kind"}
ONLY_FOR = {"states": ("state", "commitment"), "close_after": ("dormancy",),
            "trigger": ("dormancy",), "remind_owner": ("commitment",),
            "extension_notice": ("state", "repeat")}
ESCALATE_KEYS = {"supervisor_after", "admins_after"}
LIMITS = {"working_hours": 2000, "days": 3660, "calendar_days": 3660, "months": 120}



def period(ctx: YamlContext, raw: object, where: str, *, minimum: int = 1) -> PeriodDef:
    data = ctx.mapping(raw, where, {"amount", "unit"}, {"amount", "unit"})
    unit, amount = data["unit"], data["amount"]
    if not isinstance(unit, str) or unit not in PERIOD_UNITS:
        raise ctx.fail(f"{where}.unit",
                       f"unknown unit {shown(unit)} (units: {', '.join(PERIOD_UNITS)})",
                       f"알 수 없는 단위 {shown(unit)}입니다 (단위: {', '.join(PERIOD_UNITS)})")
    if not isinstance(amount, int) or isinstance(amount, bool) or not minimum <= amount <= LIMITS[unit]:
        raise ctx.fail(f"{where}.amount", f"expected a whole number from {minimum} to "
                                          f"{LIMITS[unit]}, got {shown(amount)}",
                                          f"{minimum}에서 {LIMITS[unit]} 사이의 정수여야 합니다. 적힌 값: "
                                          f"{shown(amount)}")
    return PeriodDef(amount=amount, unit=unit)


def _states(ctx: YamlContext, raw: object, where: str, states: Mapping[str, StateDef]) -> tuple[str, ...]:
    if not isinstance(raw, list) or not raw:
        raise ctx.fail(where, "expected a non-empty list of state names",
                              "상태 이름이 하나 이상 있는 목록이어야 합니다")
    names = ctx.names(raw, where)
    for i, name in enumerate(names):
        if name not in states:
            raise ctx.fail(f"{where}[{i}]", f"unknown state '{name}'",
                                            f"알 수 없는 상태 '{name}'입니다")
        if states[name].final:
            raise ctx.fail(f"{where}[{i}]", f"'{name}' is a final state; no deadline runs there",
                                            f"'{name}'은(는) 종결 상태입니다. 종결 상태에서는 기한이 흐르지 "
                                            "않습니다")
    return names


def _escalation(ctx: YamlContext, raw: object, where: str) -> tuple[PeriodDef | None, PeriodDef | None]:
    data = ctx.mapping(raw, where, ESCALATE_KEYS, {"supervisor_after"})
    admins = data.get("admins_after")
    return (period(ctx, data["supervisor_after"], f"{where}.supervisor_after", minimum=0),
            None if admins is None else period(ctx, admins, f"{where}.admins_after"))


def _reminders(ctx: YamlContext, raw: object, where: str) -> tuple[PeriodDef, ...]:
    if not isinstance(raw, list):
        raise ctx.fail(where, "expected a list of periods",
                              "기간의 목록이어야 합니다")
    return tuple(period(ctx, r, f"{where}[{i}]") for i, r in enumerate(raw))


def system_trigger(ctx: YamlContext, raw: object, where: str, states: Mapping[str, StateDef],
                   transitions: tuple[TransitionDef, ...]) -> str:
    """A trigger the system can always fire on an open case unasked (closing a dormant case,
    a deemed withdrawal): known, available from every open state, allowed to ``system``,
    without guards, ending the case."""
    trigger = ctx.name(raw, where)
    found = [t for t in transitions if t.trigger == trigger]
    if not found:
        raise ctx.fail(where, f"unknown trigger '{trigger}'",
                              f"알 수 없는 트리거 '{trigger}'입니다")
    sources = {s for t in found for s in t.sources}
    missing = [n for n, s in states.items() if not s.final and n not in sources]
    if missing:
        raise ctx.fail(where, f"'{trigger}' must be available from every open state "
                              f"(missing: {', '.join(missing)})",
                              f"'{trigger}'은(는) 종결되지 않은 모든 상태에서 쓸 수 있어야 합니다 (빠진 "
                              f"상태: {', '.join(missing)})")
    if any(SYSTEM not in t.roles for t in found):
        raise ctx.fail(where, f"the system cannot fire '{trigger}': add it to the roles "
                              f"(roles: [{SYSTEM}])",
                              f"시스템이 '{trigger}'을(를) 실행할 수 없습니다. 역할에 추가하세요 (roles: "
                              f"[{SYSTEM}])")
    if any(t.guards for t in found):
        raise ctx.fail(where, f"'{trigger}' must have no guards (the system fires it unasked)",
                              f"'{trigger}'에는 조건(guards)이 없어야 합니다 (시스템이 묻지 않고 실행합니다)")
    if any(not states[t.dest].final for t in found):
        raise ctx.fail(where, f"'{trigger}' must lead to a final state (the system's move "
                              "closes the case)",
                              f"'{trigger}'은(는) 종결 상태로 가야 합니다 (시스템의 전이는 사건을 "
                              "종결합니다)")
    return trigger


def _kind_keys(ctx: YamlContext, data: Mapping[str, Any], where: str, kind: str) -> None:
    for key, owners in ONLY_FOR.items():
        if key in data and kind not in owners:
            raise ctx.fail(f"{where}.{key}",
                           f"only a {' or '.join(repr(o) for o in owners)} rule takes '{key}'",
                           f"'{key}'은(는) {' 또는 '.join(repr(o) for o in owners)} 규칙에만 씁니다")
    if kind == "dormancy" and "escalate" in data:
        raise ctx.fail(f"{where}.escalate", "a 'dormancy' rule ends in the system closing the case; "
                                            "it takes no escalation",
                                            "'dormancy' 규칙은 시스템이 사건을 종결하는 것으로 끝나므로 "
                                            "독촉(escalate)을 쓰지 않습니다")
    if kind == "commitment" and "period" in data:
        raise ctx.fail(f"{where}.period", "a 'commitment' rule takes no period: each deadline is "
                                          "due on its agreement item's due date",
                                          "'commitment' 규칙에는 기간(period)을 쓰지 않습니다. 각 기한은 "
                                          "합의 항목의 이행기한입니다")
    needed = {"state": ("states", "period"), "repeat": ("period",),
              "dormancy": ("period", "close_after", "trigger"),
              "commitment": ("states",)}[kind]
    for key in needed:
        if key not in data:
            raise ctx.fail(where, f"a '{kind}' rule needs '{key}'",
                                  f"'{kind}' 규칙에는 '{key}'이(가) 필요합니다")


def _commitment_states(ctx: YamlContext, names: tuple[str, ...], where: str,
                       transitions: tuple[TransitionDef, ...]) -> tuple[str, ...]:
    """Commitments exist only where a transition that needs every signature leads."""
    signed = {t.dest for t in transitions if "all_parties_signed" in t.guards}
    for i, name in enumerate(names):
        if name not in signed:
            raise ctx.fail(f"{where}[{i}]", f"'{name}' is not entered by a transition guarded by "
                                            "all_parties_signed; commitments are tracked only there",
                                            f"'{name}'은(는) all_parties_signed 조건의 전이로 들어가는 "
                                            "상태가 아닙니다. 이행 항목은 그 상태에서만 관리합니다")
    return names


def _flag(ctx: YamlContext, raw: object, where: str) -> bool:
    if not isinstance(raw, bool):
        raise ctx.fail(where, f"expected true or false, got {shown(raw)}",
                              f"true 또는 false여야 합니다. 적힌 값: {shown(raw)}")
    return raw


def rule(ctx: YamlContext, raw: object, where: str, states: Mapping[str, StateDef],
         transitions: tuple[TransitionDef, ...]) -> DeadlineRuleDef:
    data = ctx.mapping(raw, where, RULE_KEYS, REQUIRED)
    kind = data["kind"]
    if not isinstance(kind, str) or kind not in DEADLINE_KINDS:
        raise ctx.fail(f"{where}.kind",
                       f"unknown kind {shown(kind)} (kinds: {', '.join(DEADLINE_KINDS)})",
                       f"알 수 없는 종류 {shown(kind)}입니다 (종류: {', '.join(DEADLINE_KINDS)})")
    _kind_keys(ctx, data, where, kind)
    basis = data["basis"]
    if not isinstance(basis, str) or not basis.strip():
        raise ctx.fail(f"{where}.basis", "every deadline names its legal basis or says '(design)'",
                                         "모든 기한에는 법적 근거를 적거나 '(design)'이라고 적어야 합니다")
    ctx.fits(basis.strip(), f"{where}.basis", MAX_BASIS)
    supervisor, admins = (_escalation(ctx, data["escalate"], f"{where}.escalate")
                          if "escalate" in data else (None, None))
    ruled = (_states(ctx, data["states"], f"{where}.states", states)
             if kind in ("state", "commitment") else ())
    if kind == "commitment":
        ruled = _commitment_states(ctx, ruled, f"{where}.states", transitions)
    return DeadlineRuleDef(
        name=ctx.name(data["name"], f"{where}.name"),
        title=ctx.title(data["title"], f"{where}.title"),
        basis=basis.strip(), basis_en=ctx.basis_en(data, where), kind=kind,
        period=period(ctx, data["period"], f"{where}.period") if "period" in data else None,
        states=ruled,
        remind_owner=_flag(ctx, data.get("remind_owner", False), f"{where}.remind_owner"),
        extension_notice=_flag(ctx, data.get("extension_notice", False),
                               f"{where}.extension_notice"),
        remind_before=_reminders(ctx, data.get("remind_before", []), f"{where}.remind_before"),
        supervisor_after=supervisor, admins_after=admins,
        close_after=(period(ctx, data["close_after"], f"{where}.close_after")
                     if kind == "dormancy" else None),
        trigger=(system_trigger(ctx, data["trigger"], f"{where}.trigger", states, transitions)
                 if kind == "dormancy" else None),
    )


def parse_rules(ctx: YamlContext, raw: object, states: Mapping[str, StateDef],
                transitions: tuple[TransitionDef, ...]) -> tuple[DeadlineRuleDef, ...]:
    """Every rule of the section, checked one by one, then together (unique names, one
    dormancy rule)."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise ctx.fail("deadlines", "expected a list of deadline rules",
                                    "기한 규칙의 목록이어야 합니다")
    rules = tuple(rule(ctx, r, f"deadlines[{i}]", states, transitions) for i, r in enumerate(raw))
    seen: dict[str, int] = {}
    for i, r in enumerate(rules):
        if r.name in seen:
            raise ctx.fail(f"deadlines[{i}].name",
                           f"'{r.name}' is already the name of deadlines[{seen[r.name]}]",
                           f"'{r.name}'은(는) 이미 deadlines[{seen[r.name]}]의 이름입니다")
        seen[r.name] = i
    for kind in ("dormancy", "commitment"):
        found = [i for i, r in enumerate(rules) if r.kind == kind]
        if len(found) > 1:
            raise ctx.fail(f"deadlines[{found[1]}]", f"a workflow has at most one {kind} rule",
                                                     f"업무흐름 하나에 {kind} 규칙은 하나만 둘 수 있습니다")
    return rules
