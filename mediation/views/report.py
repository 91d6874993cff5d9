"""The statistics report as frozen records: what the terminal table, CSV, XLSX, PDF and JSON
print. Every label carries its Korean and English title; the definitions of the figures are
in ``docs/report.md``, and the settlement rate's own definition travels with it
(``SETTLEMENT_DEFINITION``)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from mediation.core import vocabulary
from mediation.core.titles import Title

FIELDS: dict[str, Title] = {
    "workflow": Title(ko="업무흐름", en="workflow"),
    "type": Title(ko="갈등 유형", en="conflict type"),
    "district": Title(ko="자치구", en="district"),
    "grade": Title(ko="진단 등급", en="grade"),
    "channel": Title(ko="접수 경로", en="intake channel"),
    "sector": Title(ko="분야", en="sector"),
    "stage": Title(ko="사업 단계", en="project stage"),
    "mediator": Title(ko="갈등조정관", en="mediator"),
}
DEFAULT_FIELDS = ("workflow", "type", "district", "grade", "channel")
VOCABULARIES: dict[str, dict[str, Title]] = {
    "type": vocabulary.CONFLICT_TYPES, "grade": vocabulary.GRADES,
    "channel": vocabulary.CHANNELS, "sector": vocabulary.SECTORS, "stage": vocabulary.STAGES}
NOT_RECORDED = Title(ko="(미기재)", en="(not recorded)")
SETTLED = ("agreement", "partial_agreement")
"""The outcomes the settlement rate counts as settled."""
NOT_MEDIATED = ("referred", "monitored")
"""Outcomes left out of the settlement rate's base: the case went elsewhere (이송) or stayed
with the department (부서 자체 관리), so no mediation could settle it."""

SETTLEMENT_DEFINITION = Title(
    ko="합의율 = (합의 성립 + 부분 합의) ÷ (기간 중 결과가 난 사건 - 이송 - 부서 자체 관리)",
    en="settlement rate = (agreement + partial agreement) ÷ (cases with an outcome in the "
       "period - referred - left to the department)")


@dataclass(frozen=True, slots=True, kw_only=True)
class Period:
    first: date  # the first day
    last: date   # the last day, included
    cutoff: datetime  # where the period stops: its end, or now if that is earlier


@dataclass(frozen=True, slots=True, kw_only=True)
class CountRow:
    """One value of a breakdown: cases opened and cases closed in the period."""

    value: str | None
    title: Title
    opened: int
    closed: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Breakdown:
    field: str
    title: Title
    rows: tuple[CountRow, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class MonthRow:
    month: str  # 2026-03
    opened: int
    closed: int


@dataclass(frozen=True, slots=True, kw_only=True)
class OutcomeRow:
    outcome: str
    title: Title
    cases: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Rate:
    settled: int
    base: int
    rate: float | None  # settled / base, None when base is 0
    definition: Title = SETTLEMENT_DEFINITION


@dataclass(frozen=True, slots=True, kw_only=True)
class Spread:
    """Days from intake to an event: how many cases, the median and the 90th percentile."""

    name: str
    title: Title
    cases: int
    median: float | None
    p90: float | None


@dataclass(frozen=True, slots=True, kw_only=True)
class DeadlineRow:
    """One rule's deadlines; ``workflows`` are those that define a rule of this name."""

    workflows: tuple[str, ...]
    workflow_title: Title
    rule: str
    title: Title
    on_time: int
    late: int
    missed: int
    escalations: int


@dataclass(frozen=True, slots=True, kw_only=True)
class KindRow:
    """A count under a vocabulary value: commitments by status, meetings by kind."""

    value: str
    title: Title
    count: int


@dataclass(frozen=True, slots=True, kw_only=True)
class CaseloadRow:
    mediator: str
    name: str
    open_cases: int


@dataclass(frozen=True, slots=True, kw_only=True)
class StatisticsReport:
    period: Period
    generated_at: datetime
    reader: str  # who asked: the report covers the cases they may read
    reader_role: str
    reader_name: str  # their display name, as the report prints it
    opened: int
    closed: int
    breakdowns: tuple[Breakdown, ...]
    months: tuple[MonthRow, ...]
    outcomes: tuple[OutcomeRow, ...]
    settlement: Rate
    durations: tuple[Spread, ...]
    deadlines: tuple[DeadlineRow, ...]
    commitments: tuple[KindRow, ...]
    meetings: tuple[KindRow, ...]
    caseload: tuple[CaseloadRow, ...]


def percentile(values: Sequence[float], q: float) -> float | None:
    """The ``q`` quantile (0–1) of ``values`` by linear interpolation between the closest
    ranks (PostgreSQL's ``percentile_cont``); ``None`` for no values."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def spread(name: str, title: Title, days: Sequence[float]) -> Spread:
    return Spread(name=name, title=title, cases=len(days), median=percentile(days, 0.5),
                  p90=percentile(days, 0.9))


def settlement(outcomes: dict[str, int]) -> Rate:
    settled = sum(outcomes.get(o, 0) for o in SETTLED)
    base = sum(n for o, n in outcomes.items() if o not in NOT_MEDIATED)
    return Rate(settled=settled, base=base, rate=settled / base if base else None)
