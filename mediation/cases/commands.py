"""Use cases that open, list and update cases (the fields of DOMAIN.md §6)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Connection

from mediation.casework import CaseWork
from mediation.core import validate, vocabulary
from mediation.core.audit import GENESIS, EventRecord, canonical, event_hash
from mediation.core.clock import SEOUL
from mediation.core.errors import BadInput, NotADistrict, PermissionDenied
from mediation.deadlines.commands import DeadlineCommands
from mediation.storage import cases as repo
from mediation.storage import scope
from mediation.storage import search as search_store
from mediation.views.build import case_view
from mediation.views.cases import CaseView
from mediation.views.page import Page, page_of
from mediation.workflow.engine import Actor

MAX_COST = 10**15
MAX_PEOPLE = 10**8


@dataclass(frozen=True, slots=True, kw_only=True)
class CaseFields:
    """Optional case fields as people type them; ``None`` means not given."""

    title: str | None = None
    summary: str | None = None
    types: tuple[str, ...] | None = None
    sector: str | None = None
    district: str | None = None
    location: str | None = None
    department: str | None = None
    channel: str | None = None
    stage: str | None = None
    grade: str | None = None
    alert: str | None = None
    indicators: tuple[str, ...] | None = None
    people: int | None = None
    cost: int | None = None
    chair: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)


def _vocab(value: str | None, vocab: vocabulary.Vocabulary, name: str) -> str | None:
    return None if value is None else vocabulary.check(vocab, value.strip(), name)


def clean_fields(f: CaseFields) -> dict[str, Any]:
    """Validate the given fields into column values; absent fields are left out."""
    out: dict[str, Any] = {
        "title": None if f.title is None else validate.text(f.title, "title", max_len=300),
        "summary": validate.optional_text(f.summary, "summary", max_len=20000, multiline=True),
        "conflict_types": None if f.types is None else validate.choices(
            f.types, vocabulary.CONFLICT_TYPES, "type"),
        "sector": _vocab(f.sector, vocabulary.SECTORS, "sector"),
        "district": validate.optional_text(f.district, "district", max_len=64),
        "location": validate.optional_text(f.location, "location", max_len=300),
        "department": validate.optional_text(f.department, "department", max_len=200),
        "channel": _vocab(f.channel, vocabulary.CHANNELS, "channel"),
        "stage": _vocab(f.stage, vocabulary.STAGES, "stage"),
        "grade": _vocab(f.grade and f.grade.upper(), vocabulary.GRADES, "grade"),
        "alert": _vocab(f.alert, vocabulary.ALERTS, "alert"),
        "alert_indicators": None if f.indicators is None else [
            validate.text(i, "indicator", max_len=200) for i in f.indicators],
        "people_involved": None if f.people is None else validate.non_negative(
            f.people, "people", maximum=MAX_PEOPLE),
        "project_cost": None if f.cost is None else validate.non_negative(
            f.cost, "cost", maximum=MAX_COST),
        "chair": validate.optional_text(f.chair, "chair", max_len=200),
    }
    return {k: v for k, v in out.items() if v is not None}


def _jsonable(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def changes_after(changes: Mapping[str, list[Any]]) -> dict[str, Any]:
    """The new values of ``changes`` ({field: [before, after]})."""
    return {k: after for k, (_, after) in changes.items()}


def index_fields(conn: Connection, case_id: int, values: Mapping[str, Any]) -> None:
    """Write the case's title and summary among ``values`` to the search index."""
    for source in ("title", "summary"):
        if source in values:
            search_store.put(conn, case_id, source, 0, values[source])


def check_district(values: dict[str, Any], districts: tuple[str, ...]) -> None:
    """Refuse a district that is not written exactly as one of ``districts``, naming the
    listed one it likely means (``은평`` → ``은평구``)."""
    given = values.get("district")
    if given is None or given in districts:
        return
    near = [d for d in districts if d.startswith(given) or given.startswith(d)][:3]
    raise NotADistrict(value=given,
                       hint_ko=f" ({', '.join(near)}?)" if near else "",
                       hint_en=f" (did you mean {' or '.join(near)}?)" if near else "")


class CaseCommands(CaseWork):
    def __init__(self, *args: Any, deadlines: DeadlineCommands,
                 districts: Callable[[], tuple[str, ...]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.deadlines = deadlines
        self._districts = districts

    def districts(self) -> tuple[str, ...]:
        """The districts a case may name (the office's list, read when asked)."""
        return self._districts()

    def open_case(self, actor: Actor, *, workflow: str, mediator: str, supervisor: str,
                  fields: CaseFields) -> CaseView:
        wf = self.workflow(workflow)
        values = clean_fields(fields)
        check_district(values, self.districts() if "district" in values else ())
        if "title" not in values:
            raise BadInput(field="title", reason_ko="사건 제목(--title)을 주세요",
                                          reason_en="a case needs a title (--title)")
        mediator = self.assignable(mediator, ("mediator", "supervisor", "admin"), "mediator")
        supervisor = self.assignable(supervisor, ("supervisor", "admin"), "supervisor")
        if actor.role == "mediator" and mediator != actor.username:
            raise PermissionDenied(user=actor.username, role=actor.role,
                                   action_ko="다른 조정관에게 사건을 배정할",
                                   action_en="open a case for another mediator")
        now = self.now()
        with self.db.write() as conn:
            number = repo.next_case_number(conn, now.astimezone(SEOUL).year)
            self.faults.hit("after_number")
            details = {"workflow": wf.name, "version": wf.version,
                       "fields": {k: _jsonable(v) for k, v in values.items()},
                       "mediator": mediator, "supervisor": supervisor}
            record = EventRecord(number=number, seq=1, at=now, actor=actor.username,
                                 kind="opened", from_state=None, to_state=wf.initial.name,
                                 trigger=None, note=None, details=canonical(details),
                                 prev_hash=GENESIS)
            digest = event_hash(record)
            case_id = repo.insert_case(conn, {
                "number": number, "workflow": wf.name, "workflow_version": wf.version,
                "state": wf.initial.name, "closed": False, "mediator": mediator,
                "supervisor": supervisor, "opened_at": now, "updated_at": now,
                "audit_head": digest, "version": 1,
                "conflict_types": [], "alert_indicators": [], "alert": "none", "summary": "",
                **values})
            repo.insert_event(conn, {
                "case_id": case_id, "seq": 1, "at": now, "actor": actor.username,
                "kind": "opened", "from_state": None, "to_state": wf.initial.name,
                "trigger": None, "note": None, "details": record.details,
                "prev_hash": GENESIS, "hash": digest})
            self.deadlines.opened(conn, case_id, wf, now)
            index_fields(conn, case_id, values)
            row = self.load_case(conn, number)
        return case_view(row, wf, now)

    def update_case(self, actor: Actor, number: str, fields: CaseFields,
                    note: str | None = None) -> CaseView:
        values = clean_fields(fields)
        if not values:
            raise BadInput(field="update", reason_ko="바꿀 내용이 없습니다. 옵션을 하나 이상 주세요",
                                           reason_en="nothing to change; give at least one option")
        check_district(values, self.districts() if "district" in values else ())
        now = self.now()
        with self.db.read() as conn:
            case = self.load_case(conn, number)
        self.authorize(actor, case, "사건을 수정할", "update")
        self.require_open(case)
        changes = {k: [_jsonable(getattr(case, k)), _jsonable(v)] for k, v in values.items()
                   if _jsonable(getattr(case, k)) != _jsonable(v)}
        if not changes:
            raise BadInput(field="update", reason_ko="준 값이 이미 기록된 값과 같습니다. 바꿀 내용이 "
                                                     "없습니다",
                                           reason_en="the values given are already recorded")
        with self.db.write() as conn:
            self.append(conn, case, actor.recorded, "updated", now, note=note,
                        details={"changes": changes},
                        values={k: v for k, v in values.items() if k in changes})
            index_fields(conn, case.id, changes_after(changes))
            row = self.load_case(conn, number)
        return case_view(row, self.workflow(row.workflow), now)

    def reassign(self, actor: Actor, number: str, *, mediator: str | None,
                 supervisor: str | None) -> CaseView:
        if actor.role == "mediator":
            raise PermissionDenied(user=actor.username, role=actor.role,
                                   action_ko="담당자를 변경할", action_en="reassign cases")
        values: dict[str, str] = {}
        if mediator:
            values["mediator"] = self.assignable(mediator, ("mediator", "supervisor", "admin"),
                                                 "mediator")
        if supervisor:
            values["supervisor"] = self.assignable(supervisor, ("supervisor", "admin"),
                                                   "supervisor")
        now = self.now()
        with self.db.read() as conn:
            case = self.load_case(conn, number)
        self.authorize(actor, case, "담당자를 변경할", "reassign")
        self.require_open(case)
        changes = {k: [getattr(case, k), v] for k, v in values.items() if getattr(case, k) != v}
        if not changes:
            raise BadInput(field="assign", reason_ko="바꿀 내용이 없습니다",
                                           reason_en="nothing to change")
        with self.db.write() as conn:
            self.append(conn, case, actor.recorded, "reassigned", now,
                        details={"changes": changes}, values=values)
            row = self.load_case(conn, number)
        return case_view(row, self.workflow(row.workflow), now)

    def caseload(self, actor: Actor) -> list[tuple[str, int]]:
        """Open cases per mediator, among those ``actor`` may read, most first."""
        with self.db.read() as conn:
            return repo.open_caseload(conn, scope.readable(actor))

    def list_cases(self, actor: Actor, f: repo.CaseFilter) -> Page[CaseView]:
        """The page of ``f`` of the cases that ``actor`` may read."""
        now = self.now()
        with self.db.read() as conn:
            rows, total = repo.find_cases(conn, f, scope.readable(actor))
        return page_of([case_view(r, self.workflow(r.workflow), now) for r in rows
                        if r.workflow in self.workflows], total, f.offset, f.limit)
