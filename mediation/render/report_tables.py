"""The statistics report as tables: one per breakdown and per figure, each cell typed
(count, days, share or text). The terminal table, the CSV file, the XLSX sheets and the
tables of the PDF are all written from these, so they show the same figures."""

from __future__ import annotations

from dataclasses import dataclass

from mediation.core import vocabulary as vocab
from mediation.core.formats import kdate, kdatetime
from mediation.core.titles import Title
from mediation.views.report import KindRow, StatisticsReport

Cell = str | int | float | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Column:
    title: str
    kind: str = "int"  # int | days | share | text


@dataclass(frozen=True, slots=True, kw_only=True)
class Table:
    key: str  # the sheet's name in XLSX and the section in JSON-less formats
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    note: str = ""


def _t(ko: str, en: str, lang: str) -> str:
    return Title(ko=ko, en=en).get(lang)


def period_text(report: StatisticsReport, lang: str) -> str:
    p = report.period
    return f"{kdate(p.first, lang)} ~ {kdate(p.last, lang)}"


def summary(report: StatisticsReport, lang: str) -> Table:
    rate = report.settlement
    rows: list[tuple[Cell, ...]] = [
        (_t("기간", "period", lang), period_text(report, lang), ""),
        (_t("집계 시각", "counted at", lang), kdatetime(report.generated_at, lang), ""),
        (_t("범위", "scope", lang),
         f"{report.reader_name} ({vocab.title(vocab.USER_ROLES, report.reader_role, lang)})",
         _t("이 사용자가 볼 수 있는 사건", "the cases this user may read", lang)),
        (_t("접수 사건", "cases opened", lang), report.opened, ""),
        (_t("종결 사건", "cases closed", lang), report.closed, ""),
        (_t("합의율", "settlement rate", lang), rate.rate,
         f"{rate.settled} / {rate.base} — {rate.definition.get(lang)}"),
    ]
    return Table(key="summary", title=_t("요약", "Summary", lang),
                 columns=(Column(title=_t("항목", "figure", lang), kind="text"),
                          Column(title=_t("값", "value", lang), kind="value"),
                          Column(title=_t("비고", "note", lang), kind="text")),
                 rows=tuple(rows))


def tables(report: StatisticsReport, lang: str) -> tuple[Table, ...]:
    opened, closed = _t("접수", "opened", lang), _t("종결", "closed", lang)
    out = [summary(report, lang)]
    for b in report.breakdowns:
        out.append(Table(key=f"by_{b.field}",
                         title=_t(f"{b.title.ko}별 접수·종결", f"Opened and closed by {b.title.en}",
                                  lang),
                         columns=(Column(title=b.title.get(lang), kind="text"),
                                  Column(title=opened), Column(title=closed)),
                         rows=tuple((r.title.get(lang), r.opened, r.closed) for r in b.rows)))
    out.append(Table(key="months", title=_t("월별 접수·종결", "Opened and closed by month", lang),
                     columns=(Column(title=_t("월", "month", lang), kind="text"),
                              Column(title=opened), Column(title=closed)),
                     rows=tuple((m.month, m.opened, m.closed) for m in report.months)))
    out.append(Table(key="outcomes", title=_t("사건 결과", "Outcomes", lang),
                     columns=(Column(title=_t("결과", "outcome", lang), kind="text"),
                              Column(title=_t("사건 수", "cases", lang))),
                     rows=tuple((o.title.get(lang), o.cases) for o in report.outcomes),
                     note=report.settlement.definition.get(lang)))
    out.append(Table(key="durations", title=_t("처리 기간(일)", "Days taken", lang),
                     columns=(Column(title=_t("구간", "span", lang), kind="text"),
                              Column(title=_t("사건 수", "cases", lang)),
                              Column(title=_t("중앙값(일)", "median (days)", lang), kind="days"),
                              Column(title=_t("90백분위(일)", "90th percentile (days)", lang),
                                     kind="days")),
                     rows=tuple((d.title.get(lang), d.cases, d.median, d.p90)
                                for d in report.durations)))
    out.append(Table(key="deadlines", title=_t("기한 준수", "Deadline compliance", lang),
                     columns=(Column(title=_t("기한", "deadline", lang), kind="text"),
                              Column(title=_t("업무흐름", "workflow", lang), kind="text"),
                              Column(title=_t("기한 내 이행", "met on time", lang)),
                              Column(title=_t("기한 후 이행", "met late", lang)),
                              Column(title=_t("미이행", "missed", lang)),
                              Column(title=_t("독촉 발송", "escalations sent", lang))),
                     rows=tuple((d.title.get(lang), d.workflow_title.get(lang), d.on_time, d.late, d.missed,
                                 d.escalations) for d in report.deadlines)))
    out.append(_kinds("commitments", _t("합의 이행 항목", "Commitments", lang),
                      _t("상태", "status", lang), _t("항목 수", "items", lang),
                      report.commitments, lang))
    out.append(_kinds("meetings", _t("개최한 회의", "Meetings held", lang),
                      _t("종류", "kind", lang), _t("회의 수", "meetings", lang),
                      report.meetings, lang))
    out.append(Table(key="caseload",
                     title=_t("갈등조정관별 진행 사건(기간 말)", "Open cases per mediator at the "
                                                        "period's end", lang),
                     columns=(Column(title=_t("갈등조정관", "mediator", lang), kind="text"),
                              Column(title=_t("이름", "name", lang), kind="text"),
                              Column(title=_t("진행 중 사건", "open cases", lang))),
                     rows=tuple((c.mediator, c.name, c.open_cases) for c in report.caseload)))
    return tuple(out)


def _kinds(key: str, title: str, label: str, counted: str, rows: tuple[KindRow, ...],
           lang: str) -> Table:
    return Table(key=key, title=title,
                 columns=(Column(title=label, kind="text"), Column(title=counted)),
                 rows=tuple((r.title.get(lang), r.count) for r in rows))


def show(value: Cell, kind: str) -> str:
    """A cell as text: days with one decimal, a share as a percentage."""
    if value is None:
        return "-"
    if isinstance(value, float) and kind in ("share", "value"):
        return f"{value * 100:.1f}%"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)
