"""``mediation report``: the figures an office reports each year, over the cases the actor
may read (``storage.scope``), counted in SQL (``storage.report``) and read as the record
stands now. How a case ended is ``views.outcome.case_outcome``, applied once per distinct
combination of its inputs; the definitions of every figure are in ``docs/report.md``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from mediation.casework import CaseWork
from mediation.core import vocabulary as vocab
from mediation.core.clock import SEOUL
from mediation.core.errors import BadInput
from mediation.core.titles import Title
from mediation.storage import cases as people
from mediation.storage import report as store
from mediation.storage import scope
from mediation.views.outcome import case_outcome
from mediation.views.report import (
    DEFAULT_FIELDS,
    FIELDS,
    NOT_RECORDED,
    SETTLED,
    VOCABULARIES,
    Breakdown,
    CaseloadRow,
    CountRow,
    DeadlineRow,
    KindRow,
    MonthRow,
    OutcomeRow,
    Period,
    StatisticsReport,
    settlement,
    spread,
)
from mediation.workflow.engine import Actor
from mediation.workflow.records import agreement_is_signed

TO_AGREEMENT = Title(ko="접수부터 합의까지", en="intake to agreement")
TO_CLOSURE = Title(ko="접수부터 종결까지", en="intake to closure")
_UNSET: Any = object()


class ReportInput(BadInput):
    """A period or an output the report cannot take, worded in both languages."""


def period_of(year: int | None, first: date | None, last: date | None, today: date) -> tuple[date, date]:
    """The period's first and last day: ``--year``, ``--from``/``--to``, else this year."""
    if year is not None and (first or last):
        raise ReportInput(field="--year", reason_ko="--year와 --from/--to 가운데 하나만 주세요",
                          reason_en="give --year or --from/--to, not both")
    if year is not None:
        return date(year, 1, 1), date(year, 12, 31)
    if first is None and last is None:
        return date(today.year, 1, 1), date(today.year, 12, 31)
    if first is None or last is None:
        raise ReportInput(field="--from" if first is None else "--to",
                          reason_ko="기간에는 --from과 --to가 모두 필요합니다",
                          reason_en="a period needs both --from and --to")
    if last < first:
        raise ReportInput(field="--to", reason_ko="기간의 끝이 시작보다 앞섭니다",
                          reason_en="the period ends before it starts")
    return first, last


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=SEOUL)


class ReportCommands(CaseWork):
    def statistics(self, actor: Actor, first: date, last: date,
                   fields: Sequence[str] = DEFAULT_FIELDS) -> StatisticsReport:
        now = self.now()
        span = _span(first, last, now)
        readable = scope.readable(actor)
        with self.db.read() as conn:
            wanted = tuple(dict.fromkeys(fields))
            counted = store.breakdowns(conn, wanted, span, readable)
            breakdowns = tuple(self._breakdown(f, counted[f]) for f in wanted)
            opened, closed = store.months(conn, span, readable)
            outcomes, durations = self._outcomes(store.outcome_rows(
                conn, span, readable, self._withdrawn_states()))
            only = scope.restriction(actor)
            deadlines = self._deadlines(store.deadline_compliance(conn, span, now, only),
                                        store.escalations(conn, span, only))
            commitments = [(r[0], r[4]) for r in store.commitments(conn, span, readable)
                           if agreement_is_signed(parties=int(r[1]), signed=int(r[2]),
                                                  items=int(r[3]))]
            meetings = store.meetings_held(conn, span, readable)
            caseload = store.caseload(conn, span, readable)
            reader = people.user_by_name(conn, actor.username)
        return StatisticsReport(
            period=Period(first=first, last=last, cutoff=span.cutoff), generated_at=now,
            reader=actor.username, reader_role=actor.role,
            reader_name=str(reader.name) if reader is not None and reader.name else actor.username,
            opened=sum(opened.values()), closed=sum(closed.values()), breakdowns=breakdowns,
            months=_months(first, last, opened, closed),
            outcomes=tuple(OutcomeRow(outcome=o, title=t, cases=outcomes[o])
                           for o, t in vocab.OUTCOMES.items()),
            settlement=settlement(outcomes), durations=durations, deadlines=deadlines,
            commitments=_kinds(vocab.COMMITMENT_STATUSES, commitments, all_values=True),
            meetings=_kinds(vocab.MEETING_KINDS, meetings, all_values=False),
            caseload=tuple(CaseloadRow(mediator=m, name=name, open_cases=n)
                           for m, name, n in caseload))

    def _withdrawn_states(self) -> list[str]:
        """The final states whose outcome is a withdrawal: the only ones where who made the
        last transition changes the outcome (``case_outcome``: a deemed withdrawal)."""
        return sorted({s.name for wf in self.workflows.values() for s in wf.states
                       if s.final and s.outcome == "withdrawn"})

    def months(self, actor: Actor, first: date, last: date) -> tuple[MonthRow, ...]:
        """Only the report's cases opened and closed per month (``StatisticsReport.months``,
        counted the same way), for a page that shows no more than that chart."""
        with self.db.read() as conn:
            opened, closed = store.months(conn, _span(first, last, self.now()),
                                          scope.readable(actor))
        return _months(first, last, opened, closed)

    def _title(self, field: str, value: str | None) -> Title:
        if value is None:
            return NOT_RECORDED
        if field == "workflow" and value in self.workflows:
            return self.workflows[value].title
        found = VOCABULARIES.get(field, {}).get(value)
        return found if found is not None else Title(ko=value, en=value)

    def _breakdown(self, field: str, counts: dict[str | None, tuple[int, int]]) -> Breakdown:
        """Rows by value, those without a value last."""
        order = sorted(counts, key=lambda v: (v is None, v or ""))
        return Breakdown(field=field, title=FIELDS[field], rows=tuple(
            CountRow(value=v, title=self._title(field, v), opened=counts[v][0],
                     closed=counts[v][1]) for v in order))

    def _outcomes(self, rows: Sequence[Any]) -> tuple[Counter[str], tuple[Any, ...]]:
        """Cases per outcome reached in the period (an agreement on its last signature, any
        other outcome on its closing) and the days from intake to agreement and to closure.
        ``case_outcome`` runs once per distinct combination of its inputs; the rows (one per
        case, tens of thousands in a year) are read by position."""
        memo: dict[tuple[Any, ...], str | None] = {}
        counted: Counter[str] = Counter()
        to_agreement: list[float] = []
        to_closure: list[float] = []
        for (workflow, state, closed, parties, signed, items, unresolved, by_system, closed_in,
             signed_in, close_days, sign_days) in rows:
            is_signed = agreement_is_signed(parties=int(parties), signed=int(signed),
                                            items=int(items))
            key = (workflow, state, is_signed, int(unresolved) > 0,
                   bool(closed) and bool(by_system))
            outcome = memo.get(key, _UNSET)
            if outcome is _UNSET:
                outcome = memo[key] = case_outcome(
                    self.workflows.get(workflow), state, signed=is_signed,
                    unresolved=int(unresolved), closed_by_system=key[4])
            if closed_in:
                to_closure.append(float(close_days))
            if outcome in SETTLED:
                if sign_days is None:  # no signature on record: reached on closing
                    reached, days = bool(closed_in), close_days
                else:
                    reached, days = bool(signed_in), sign_days
                if reached:
                    counted[outcome] += 1
                    to_agreement.append(float(days))
            elif outcome is not None and closed_in:
                counted[outcome] += 1
        return counted, (spread("to_agreement", TO_AGREEMENT, to_agreement),
                         spread("to_closure", TO_CLOSURE, to_closure))

    def _deadlines(self, compliance: Iterable[Any], sent: Iterable[Any]) -> tuple[DeadlineRow, ...]:
        """Per rule name: a rule of the same name in several workflows is one obligation
        (``acknowledge``, ``progress_notice``: the same statute) and is counted once."""
        escalated = {r.rule: int(r.sent) for r in sent}
        counts = {r.rule: (int(r.on_time), int(r.late), int(r.missed)) for r in compliance}
        out = []
        for name in sorted(counts.keys() | escalated.keys()):
            defining = [wf for wf in self.workflows.values() if wf.deadline(name) is not None]
            rule = defining[0].deadline(name) if defining else None
            on_time, late, missed = counts.get(name, (0, 0, 0))
            out.append(DeadlineRow(
                workflows=tuple(wf.name for wf in defining),
                workflow_title=Title(ko=", ".join(wf.title.ko for wf in defining) or "-",
                                     en=", ".join(wf.title.en for wf in defining) or "-"),
                rule=name, title=rule.title if rule else Title(ko=name, en=name),
                on_time=on_time, late=late, missed=missed, escalations=escalated.get(name, 0)))
        return tuple(out)


def _span(first: date, last: date, now: datetime) -> store.Span:
    end = _midnight(last + timedelta(days=1))
    return store.Span(start=_midnight(first), end=end, cutoff=min(end, now),
                      first_day=first, end_day=last + timedelta(days=1))


def _months(first: date, last: date, opened: dict[str, int],
            closed: dict[str, int]) -> tuple[MonthRow, ...]:
    out, day = [], first.replace(day=1)
    while day <= last:
        key = f"{day.year}-{day.month:02d}"
        out.append(MonthRow(month=key, opened=opened.get(key, 0), closed=closed.get(key, 0)))
        day = (day + timedelta(days=32)).replace(day=1)
    return tuple(out)


def _kinds(vocabulary: vocab.Vocabulary, rows: Iterable[Any], *,
           all_values: bool) -> tuple[KindRow, ...]:
    counts: Counter[str] = Counter()
    for value, n in rows:
        counts[str(value)] += int(n)
    names = list(vocabulary) if all_values else [v for v in vocabulary if v in counts]
    names += [v for v in counts if v not in vocabulary]
    return tuple(KindRow(value=v, title=vocabulary.get(v) or Title(ko=v, en=v),
                         count=counts.get(v, 0)) for v in names)
