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
                       f"unknown unit {shown(unit)} (units: {', '.join(PERIOD_UNITS)})")
    if not isinstance(amount, int) or isinstance(amount, bool) or not minimum <= amount <= LIMITS[unit]:
        raise ctx.fail(f"{where}.amount", f"expected a whole number from {minimum} to "
                                          f"{LIMITS[unit]}, got {shown(amount)}")
    return PeriodDef(amount=amount, unit=unit)


def _states(ctx: YamlContext, raw: object, where: str, states: Mapping[str, StateDef]) -> tuple[str, ...]:
    if not isinstance(raw, list) or not raw:
        raise ctx.fail(where, "expected a non-empty list of state names")
    names = ctx.names(raw, where)
    for i, name in enumerate(names):
        if name not in states:
            raise ctx.fail(f"{where}[{i}]", f"unknown state '{name}'")
        if states[name].final:
            raise ctx.fail(f"{where}[{i}]", f"'{name}' is a final state; no deadline runs there")
    return names


def _escalation(ctx: YamlContext, raw: object, where: str) -> tuple[PeriodDef | None, PeriodDef | None]:
    data = ctx.mapping(raw, where, ESCALATE_KEYS, {"supervisor_after"})
    admins = data.get("admins_after")
    return (period(ctx, data["supervisor_after"], f"{where}.supervisor_after", minimum=0),
            None if admins is None else period(ctx, admins, f"{where}.admins_after"))


def _reminders(ctx: YamlContext, raw: object, where: str) -> tuple[PeriodDef, ...]:
    if not isinstance(raw, list):
        raise ctx.fail(where, "expected a list of periods")
    return tuple(period(ctx, r, f"{where}[{i}]") for i, r in enumerate(raw))


def system_trigger(ctx: YamlContext, raw: object, where: str, states: Mapping[str, StateDef],
                   transitions: tuple[TransitionDef, ...]) -> str:
    """A trigger the system can always fire on an open case unasked (closing a dormant case,
    a deemed withdrawal): known, available from every open state, allowed to ``system``,
    without guards, ending the case."""
    trigger = ctx.name(raw, where)
    found = [t for t in transitions if t.trigger == trigger]
    if not found:
        raise ctx.fail(where, f"unknown trigger '{trigger}'")
    sources = {s for t in found for s in t.sources}
    missing = [n for n, s in states.items() if not s.final and n not in sources]
    if missing:
        raise ctx.fail(where, f"'{trigger}' must be available from every open state "
                              f"(missing: {', '.join(missing)})")
    if any(SYSTEM not in t.roles for t in found):
        raise ctx.fail(where, f"the system cannot fire '{trigger}': add it to the roles "
                              f"(roles: [{SYSTEM}])")
    if any(t.guards for t in found):
        raise ctx.fail(where, f"'{trigger}' must have no guards (the system fires it unasked)")
    if any(not states[t.dest].final for t in found):
        raise ctx.fail(where, f"'{trigger}' must lead to a final state (the system's move "
                              "closes the case)")
    return trigger


def _kind_keys(ctx: YamlContext, data: Mapping[str, Any], where: str, kind: str) -> None:
    for key, owners in ONLY_FOR.items():
        if key in data and kind not in owners:
            raise ctx.fail(f"{where}.{key}",
                           f"only a {' or '.join(repr(o) for o in owners)} rule takes '{key}'")
    if kind == "dormancy" and "escalate" in data:
        raise ctx.fail(f"{where}.escalate", "a 'dormancy' rule ends in the system closing the case; "
                                            "it takes no escalation")
    if kind == "commitment" and "period" in data:
        raise ctx.fail(f"{where}.period", "a 'commitment' rule takes no period: each deadline is "
                                          "due on its agreement item's due date")
    needed = {"state": ("states", "period"), "repeat": ("period",),
              "dormancy": ("period", "close_after", "trigger"),
              "commitment": ("states",)}[kind]
    for key in needed:
        if key not in data:
            raise ctx.fail(where, f"a '{kind}' rule needs '{key}'")


def _commitment_states(ctx: YamlContext, names: tuple[str, ...], where: str,
                       transitions: tuple[TransitionDef, ...]) -> tuple[str, ...]:
    """Commitments exist only where a transition that needs every signature leads."""
    signed = {t.dest for t in transitions if "all_parties_signed" in t.guards}
    for i, name in enumerate(names):
        if name not in signed:
            raise ctx.fail(f"{where}[{i}]", f"'{name}' is not entered by a transition guarded by "
                                            "all_parties_signed; commitments are tracked only there")
    return names


def _flag(ctx: YamlContext, raw: object, where: str) -> bool:
    if not isinstance(raw, bool):
        raise ctx.fail(where, f"expected true or false, got {shown(raw)}")
    return raw


def rule(ctx: YamlContext, raw: object, where: str, states: Mapping[str, StateDef],
         transitions: tuple[TransitionDef, ...]) -> DeadlineRuleDef:
    data = ctx.mapping(raw, where, RULE_KEYS, REQUIRED)
    kind = data["kind"]
    if not isinstance(kind, str) or kind not in DEADLINE_KINDS:
        raise ctx.fail(f"{where}.kind",
                       f"unknown kind {shown(kind)} (kinds: {', '.join(DEADLINE_KINDS)})")
    _kind_keys(ctx, data, where, kind)
    basis = data["basis"]
    if not isinstance(basis, str) or not basis.strip():
        raise ctx.fail(f"{where}.basis", "every deadline names its legal basis or says '(design)'")
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
        raise ctx.fail("deadlines", "expected a list of deadline rules")
    rules = tuple(rule(ctx, r, f"deadlines[{i}]", states, transitions) for i, r in enumerate(raw))
    seen: dict[str, int] = {}
    for i, r in enumerate(rules):
        if r.name in seen:
            raise ctx.fail(f"deadlines[{i}].name",
                           f"'{r.name}' is already the name of deadlines[{seen[r.name]}]")
        seen[r.name] = i
    for kind in ("dormancy", "commitment"):
        found = [i for i, r in enumerate(rules) if r.kind == kind]
        if len(found) > 1:
            raise ctx.fail(f"deadlines[{found[1]}]", f"a workflow has at most one {kind} rule")
    return rules
