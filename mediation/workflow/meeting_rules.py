"""The ``meetings:`` section of a workflow file → a validated ``MeetingRulesDef``.

Today it holds one rule, what unexcused absences of the applicant lead to::

    meetings:
      absences:
        limit: 2
        action: withdraw        # or notify (an e-mail to the mediator and the supervisor)
        trigger: withdraw       # withdraw only: a trigger the system may fire from every open state
        basis: 환경분쟁 조정법 제49조 제3항 ...

Strict like the rest of the loader: an unknown key, a bad value, an unknown trigger or one the
system cannot fire from every open state is an error naming the file and the key path
(``meetings.absences.trigger: unknown trigger 'leave'``).
"""

from __future__ import annotations

from collections.abc import Mapping

from mediation.workflow.deadline_rules import system_trigger
from mediation.workflow.definitions import (
    ABSENCE_ACTIONS,
    AbsenceRuleDef,
    MeetingRulesDef,
    StateDef,
    TransitionDef,
)
from mediation.workflow.yamlread import YamlContext, shown

SECTION_KEYS = {"absences"}
ABSENCE_KEYS = {"limit", "action", "trigger", "basis", "basis_en"}
MAX_LIMIT = 20



def _limit(ctx: YamlContext, raw: object, where: str) -> int:
    if not isinstance(raw, int) or isinstance(raw, bool) or not 1 <= raw <= MAX_LIMIT:
        raise ctx.fail(where, f"expected a whole number from 1 to {MAX_LIMIT}, got {shown(raw)}",
                              f"1에서 {MAX_LIMIT} 사이의 정수여야 합니다. 적힌 값: {shown(raw)}")
    return raw


def _action(ctx: YamlContext, raw: object, where: str) -> str:
    if not isinstance(raw, str) or raw not in ABSENCE_ACTIONS:
        raise ctx.fail(where, f"unknown action {shown(raw)} (actions: {', '.join(ABSENCE_ACTIONS)})",
                              f"알 수 없는 조치 {shown(raw)}입니다 (조치: {', '.join(ABSENCE_ACTIONS)})")
    return raw


def _absences(ctx: YamlContext, raw: object, where: str, states: Mapping[str, StateDef],
              transitions: tuple[TransitionDef, ...]) -> AbsenceRuleDef:
    data = ctx.mapping(raw, where, ABSENCE_KEYS, {"limit", "action", "basis"})
    action = _action(ctx, data["action"], f"{where}.action")
    basis = data["basis"]
    if not isinstance(basis, str) or not basis.strip():
        raise ctx.fail(f"{where}.basis", "the rule names its legal basis or says '(design)'",
                                         "규칙에는 법적 근거를 적거나 '(design)'이라고 적어야 합니다")
    if action == "withdraw" and "trigger" not in data:
        raise ctx.fail(where, "a 'withdraw' rule needs 'trigger'",
                              "'withdraw' 규칙에는 'trigger'가 필요합니다")
    if action != "withdraw" and "trigger" in data:
        raise ctx.fail(f"{where}.trigger", "only a 'withdraw' rule takes 'trigger'",
                                           "'trigger'는 'withdraw' 규칙에만 씁니다")
    return AbsenceRuleDef(
        limit=_limit(ctx, data["limit"], f"{where}.limit"), action=action, basis=basis.strip(),
        basis_en=ctx.basis_en(data, where),
        trigger=(system_trigger(ctx, data["trigger"], f"{where}.trigger", states, transitions)
                 if action == "withdraw" else None))


def parse_meetings(ctx: YamlContext, raw: object, states: Mapping[str, StateDef],
                   transitions: tuple[TransitionDef, ...]) -> MeetingRulesDef:
    if raw is None:
        return MeetingRulesDef()
    data = ctx.mapping(raw, "meetings", SECTION_KEYS, set())
    absences = data.get("absences")
    return MeetingRulesDef(
        absences=None if absences is None else _absences(ctx, absences, "meetings.absences",
                                                         states, transitions))
