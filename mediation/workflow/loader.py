"""YAML workflow files → validated ``WorkflowDef`` records.

Keys are strict: an unknown or missing key is an error naming the file and the key path
(``workflows/x.yaml: transitions[4]: unknown key 'condition'``). Guards resolve against
``guards.REGISTRY``; the graph is checked by ``graph.problems``. Only the safe loader
(libyaml's when PyYAML has it).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

try:  # libyaml: the same safe constructors as yaml.safe_load, ten times faster
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader  # type: ignore[assignment]

from mediation.core.errors import DefinitionError
from mediation.core.files import FileRefused, read_limited
from mediation.core.titles import Title
from mediation.core.vocabulary import FINAL_OUTCOMES, PARTY_ROLES
from mediation.workflow import graph
from mediation.workflow.deadline_rules import parse_rules
from mediation.workflow.definitions import (
    ROLES,
    SYSTEM,
    WORDING,
    StateDef,
    TransitionDef,
    WorkflowDef,
)
from mediation.workflow.dockinds import KINDS as DOC_KINDS
from mediation.workflow.guards import REGISTRY as GUARDS
from mediation.workflow.meeting_rules import parse_meetings
from mediation.workflow.yamlread import YamlContext, shown

MAX_FILE_BYTES = 1_000_000
MAX_INT = 2**31 - 1  # the cases' workflow_version column is an int4 on PostgreSQL


def _unique_mapping(loader: SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    """A mapping whose keys are all different: YAML's "the last one wins" hides typos."""
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        try:
            duplicate = key in seen
            seen.add(key)
        except TypeError:  # an unhashable key: the constructor below refuses it
            continue
        if duplicate:
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping", node.start_mark,
                f"duplicate key {shown(key)}", key_node.start_mark)
    return loader.construct_mapping(node)


class UniqueKeyLoader(SafeLoader):
    """The safe loader, refusing a mapping that repeats a key (file, line and key named)."""


UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _unique_mapping)
ALL_OPEN = "*"

TOP_KEYS = {"name", "version", "title", "description", "states", "transitions", "deadlines",
            "meetings", "wording", "documents", "approval",
            "consent_roles", "retention_years"}
STATE_KEYS = {"title", "initial", "final", "description", "outcome"}
TRANSITION_KEYS = {"trigger", "from", "to", "title", "roles", "guards", "note_required",
                   "documents"}


def _states(ctx: YamlContext, raw: object) -> tuple[StateDef, ...]:
    if not isinstance(raw, dict) or not raw:
        raise ctx.fail("states", "expected a non-empty mapping of state names",
                                 "상태 이름을 키로 한 항목이 하나 이상 있어야 합니다")
    out = []
    for key, body in raw.items():
        where = f"states.{key}"
        name = ctx.name(key, where)
        data = ctx.mapping(body, where, STATE_KEYS, {"title"})
        final = ctx.flag(data.get("final", False), f"{where}.final")
        out.append(StateDef(
            name=name,
            title=ctx.title(data["title"], f"{where}.title"),
            initial=ctx.flag(data.get("initial", False), f"{where}.initial"),
            final=final,
            description=ctx.text(data.get("description", ""), f"{where}.description"),
            outcome=_outcome(ctx, data.get("outcome"), where, final),
        ))
    return tuple(out)


def _outcome(ctx: YamlContext, raw: object, where: str, final: bool) -> str | None:
    """A final state names how a case ended there; an open state names nothing."""
    if not final:
        if raw is not None:
            raise ctx.fail(f"{where}.outcome", "only a final state has an outcome",
                                               "결과(outcome)는 종결 상태에만 적습니다")
        return None
    if raw not in FINAL_OUTCOMES:
        raise ctx.fail(f"{where}.outcome", "a final state needs an outcome, one of "
                                          f"{', '.join(FINAL_OUTCOMES)}",
                                          "종결 상태에는 결과(outcome)가 필요합니다. "
                                          f"{', '.join(FINAL_OUTCOMES)} 중 하나를 적으세요")
    return str(raw)


def _sources(ctx: YamlContext, raw: object, where: str, states: dict[str, StateDef]) -> tuple[str, ...]:
    if raw == ALL_OPEN:
        return tuple(n for n, s in states.items() if not s.final)
    sources = ctx.names(raw, where)
    for i, src in enumerate(sources):
        if src not in states:
            raise ctx.fail(f"{where}[{i}]" if isinstance(raw, list) else where,
                           f"unknown state '{src}'",
                           f"알 수 없는 상태 '{src}'입니다")
    return sources


def _transition(ctx: YamlContext, raw: object, where: str,
                states: dict[str, StateDef]) -> TransitionDef:
    data = ctx.mapping(raw, where, TRANSITION_KEYS, {"trigger", "from", "to", "title"})
    dest = ctx.name(data["to"], f"{where}.to")
    if dest not in states:
        raise ctx.fail(f"{where}.to", f"unknown state '{dest}'",
                                      f"알 수 없는 상태 '{dest}'입니다")
    roles = ctx.names(data.get("roles", list(ROLES)), f"{where}.roles")
    for i, role in enumerate(roles):
        if role not in (*ROLES, SYSTEM):
            raise ctx.fail(f"{where}.roles[{i}]",
                           f"unknown role '{role}' (roles: {', '.join((*ROLES, SYSTEM))})",
                           f"알 수 없는 역할 '{role}'입니다 (역할: {', '.join((*ROLES, SYSTEM))})")
    guards = ctx.names(data.get("guards", []), f"{where}.guards")
    for i, guard in enumerate(guards):
        if guard not in GUARDS:
            raise ctx.fail(f"{where}.guards[{i}]",
                           f"unknown guard '{guard}' (known: {', '.join(sorted(GUARDS))})",
                           f"알 수 없는 조건 '{guard}'입니다 (쓸 수 있는 조건: {', '.join(sorted(GUARDS))})")
    return TransitionDef(
        trigger=ctx.name(data["trigger"], f"{where}.trigger"),
        sources=_sources(ctx, data["from"], f"{where}.from", states),
        dest=dest,
        title=ctx.title(data["title"], f"{where}.title"),
        roles=roles,
        guards=guards,
        note_required=ctx.flag(data.get("note_required", False), f"{where}.note_required"),
        documents=_documents(ctx, data.get("documents", []), f"{where}.documents"),
    )


def _documents(ctx: YamlContext, raw: object, where: str) -> tuple[str, ...]:
    """Document kinds a transition produces; each must be one ``dockinds.KINDS`` knows."""
    kinds = ctx.names(raw, where)
    for i, kind in enumerate(kinds):
        if kind not in DOC_KINDS:
            raise ctx.fail(f"{where}[{i}]",
                           f"unknown document kind '{kind}' (known: {', '.join(DOC_KINDS)})",
                           f"알 수 없는 문서 종류 '{kind}'입니다 (종류: {', '.join(DOC_KINDS)})")
    return kinds


def _no_duplicates(ctx: YamlContext, transitions: tuple[TransitionDef, ...]) -> None:
    seen: dict[tuple[str, str], int] = {}
    for i, t in enumerate(transitions):
        for src in t.sources:
            if (src, t.trigger) in seen:
                raise ctx.fail(f"transitions[{i}]", f"trigger '{t.trigger}' from '{src}' is "
                               f"already defined by transitions[{seen[(src, t.trigger)]}]",
                               f"'{src}'에서 시작하는 트리거 '{t.trigger}'은(는) 이미 "
                               f"transitions[{seen[(src, t.trigger)]}]에 정의되어 있습니다")
            seen[(src, t.trigger)] = i
        if t.dest == "" or not t.sources:
            raise ctx.fail(f"transitions[{i}]", "a transition needs a source and a destination",
                                                "전이에는 출발 상태와 도착 상태가 필요합니다")


def parse(text: str, path: str = "<text>") -> WorkflowDef:
    """Parse and validate one workflow document."""
    ctx = YamlContext(path)
    try:
        raw = yaml.load(text, Loader=UniqueKeyLoader)  # a safe loader (see the import)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "(yaml)"
        raise ctx.fail(where, f"not valid YAML ({getattr(exc, 'problem', None) or exc})",
                              f"올바른 YAML이 아닙니다 ({getattr(exc, 'problem', None) or exc})") from exc
    except RecursionError as exc:
        raise ctx.fail("(yaml)", "not valid YAML (nested too deeply)",
                                 "올바른 YAML이 아닙니다 (중첩이 너무 깊습니다)") from exc
    except ValueError as exc:  # an int over 4300 digits, a date like 2026-13-45
        raise ctx.fail("(yaml)", f"not valid YAML ({shown(str(exc))})",
                                 f"올바른 YAML이 아닙니다 ({shown(str(exc))})") from exc
    data = ctx.mapping(raw, "", TOP_KEYS, {"name", "version", "title", "states", "transitions"})
    version = data["version"]
    if (not isinstance(version, int) or isinstance(version, bool)
            or not 1 <= version <= MAX_INT):
        raise ctx.fail("version", f"expected a positive integer, got {shown(version)} (at most "
                                  f"{MAX_INT:,}, what a database column holds)",
                                  f"양의 정수여야 합니다. 적힌 값: {shown(version)} (데이터베이스 열에 "
                                  f"들어가는 {MAX_INT:,}까지)")
    states = _states(ctx, data["states"])
    by_name = {s.name: s for s in states}
    raw_transitions = data["transitions"]
    if not isinstance(raw_transitions, list) or not raw_transitions:
        raise ctx.fail("transitions", "expected a non-empty list",
                                      "전이가 하나 이상 있는 목록이어야 합니다")
    transitions = tuple(_transition(ctx, t, f"transitions[{i}]", by_name)
                        for i, t in enumerate(raw_transitions))
    _no_duplicates(ctx, transitions)
    for problem_en, problem_ko in graph.problems(states, transitions):
        raise ctx.fail("states", problem_en, problem_ko)
    return WorkflowDef(
        name=ctx.name(data["name"], "name"),
        version=version,
        title=ctx.title(data["title"], "title"),
        description=ctx.text(data.get("description", ""), "description"),
        states=states,
        transitions=transitions,
        source=path,
        deadlines=parse_rules(ctx, data.get("deadlines"), by_name, transitions),
        meetings=parse_meetings(ctx, data.get("meetings"), by_name, transitions),
        wording=_wording(ctx, data.get("wording")),
        documents=_document_states(ctx, data.get("documents"), by_name, transitions),
        approval=_approval(ctx, data.get("approval")),
        consent_roles=_consent_roles(ctx, data.get("consent_roles"), text),
        retention_years=_retention(ctx, data.get("retention_years")),
    )


def _retention(ctx: YamlContext, raw: object) -> int | None:
    """The years a closed case's personal data is kept (1–100), if the file says."""
    if raw is None:
        return None
    if not isinstance(raw, int) or isinstance(raw, bool) or not 1 <= raw <= 100:
        raise ctx.fail("retention_years", f"expected a whole number of years from 1 to 100, "
                                          f"got {shown(raw)}",
                                          f"1에서 100 사이의 햇수(정수)여야 합니다. 적힌 값: {shown(raw)}")
    return raw


def _approval(ctx: YamlContext, raw: object) -> tuple[str, ...]:
    """The kinds of document approved (결재) by the case's supervisor before they go out."""
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(k, str) for k in raw):
        raise ctx.fail("approval", "expected a list of document kinds",
                                   "문서 종류의 목록이어야 합니다")
    for i, kind in enumerate(raw):
        if kind not in DOC_KINDS:
            raise ctx.fail(f"approval[{i}]", f"unknown document kind (one of "
                                             f"{', '.join(DOC_KINDS)})",
                                             f"알 수 없는 문서 종류입니다 (종류: {', '.join(DOC_KINDS)})")
    return tuple(raw)


def _consent_roles(ctx: YamlContext, raw: object, text: str) -> tuple[str, ...] | None:
    """The party roles whose consent mediation needs; an unknown role names its line."""
    if raw is None:
        return None
    if not isinstance(raw, list) or not raw:
        raise ctx.fail(f"consent_roles ({_line(text, None)})",
                       "expected a non-empty list of party roles",
                       "당사자 역할이 하나 이상 있는 목록이어야 합니다")
    for i, role in enumerate(raw):
        if not isinstance(role, str) or role not in PARTY_ROLES:
            raise ctx.fail(f"consent_roles[{i}] ({_line(text, i)})",
                           f"unknown party role {shown(role)} (roles: {', '.join(PARTY_ROLES)})",
                           f"알 수 없는 당사자 역할 {shown(role)}입니다 (역할: {', '.join(PARTY_ROLES)})")
    return tuple(dict.fromkeys(raw))


def _line(text: str, index: int | None) -> str:
    """"line N" of the top-level ``consent_roles`` key, or of its item ``index``: read again
    as a node tree, only when the file is refused."""
    root = yaml.compose(text, Loader=SafeLoader)
    for key, value in root.value if isinstance(root, yaml.MappingNode) else ():
        if key.value == "consent_roles":
            node = (value.value[index] if index is not None
                    and isinstance(value, yaml.SequenceNode) else key)
            return f"line {node.start_mark.line + 1}"
    return "line ?"  # pragma: no cover - the key was read from this very text


def _document_states(ctx: YamlContext, raw: object, states: dict[str, StateDef],
               transitions: tuple[TransitionDef, ...]) -> dict[str, tuple[str, ...]] | None:
    """Each kind of document this workflow issues, with the states it may be issued in
    (``"*"``: every open state). A transition's documents must be allowed where it leads."""
    if raw is None:
        return None
    if not isinstance(raw, dict) or not raw:
        raise ctx.fail("documents", "expected a mapping of document kinds to states",
                                    "문서 종류마다 상태를 적은 항목이어야 합니다")
    found: dict[str, tuple[str, ...]] = {}
    for kind, value in raw.items():
        where = f"documents.{kind}"
        if kind not in DOC_KINDS:
            raise ctx.fail(where, f"unknown document kind (one of {', '.join(DOC_KINDS)})",
                                  f"알 수 없는 문서 종류입니다 (종류: {', '.join(DOC_KINDS)})")
        found[kind] = _sources(ctx, value, where, states)
    for i, t in enumerate(transitions):
        for kind in t.documents:
            if t.dest not in found.get(kind, ()):
                raise ctx.fail(f"transitions[{i}].documents",
                               f"'{kind}' is not issued in '{t.dest}' (see documents.{kind})",
                               f"'{kind}'은(는) '{t.dest}'에서 발행되지 않습니다 (documents.{kind} 참조)")
    return found


def _wording(ctx: YamlContext, raw: object) -> dict[str, Title]:
    """The letters' sentences this workflow words itself (keys of ``WORDING``)."""
    if raw is None:
        return {}
    data = ctx.mapping(raw, "wording", set(WORDING), set())
    return {key: ctx.title(value, f"wording.{key}") for key, value in data.items()}


def load_file(path: Path) -> WorkflowDef:
    """Read, size-check and parse one workflow file."""
    shown = str(path)
    try:
        text = read_limited(path, MAX_FILE_BYTES).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DefinitionError(path=shown, where="(file)", reason_ko="UTF-8 텍스트가 아닙니다",
                              reason_en="not UTF-8 text") from exc
    except FileRefused as exc:
        raise DefinitionError(path=shown, where="(file)", reason_ko=exc.reason_ko,
                              reason_en=exc.reason) from exc
    return _parse_once(text, shown)


@lru_cache(maxsize=32)
def _parse_once(text: str, path: str) -> WorkflowDef:
    """``parse`` is a pure function of its arguments and returns a frozen record, so a
    process that builds the app many times (the scheduler, the demo, tests) parses each
    file's text once."""
    return parse(text, path)


def load_directory(directory: Path) -> dict[str, WorkflowDef]:
    """Every ``*.yaml`` file of a folder, keyed by workflow name."""
    found: dict[str, WorkflowDef] = {}
    for path in sorted(directory.glob("*.yaml")):
        wf = load_file(path)
        if wf.name in found:
            raise DefinitionError(path=str(path), where="name",
                                  reason_ko=f"업무흐름 '{wf.name}'은(는) "
                                            f"{found[wf.name].source}에도 정의되어 있습니다",
                                  reason_en=f"workflow '{wf.name}' is also defined in "
                                            f"{found[wf.name].source}")
        found[wf.name] = wf
    return found
