"""The statistics report as a PDF in the office's report form: the approval box (결재란) of
``partials/_report.html.j2``, the title, date and unit, the charts (``report_charts``, inline
SVG) and the tables (``report_tables``). The template ``reports/statistics.html.j2`` is
rendered in the sandbox and printed by WeasyPrint (``render.pdf``)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from markupsafe import Markup

from mediation.core.formats import kdate
from mediation.core.titles import Title
from mediation.render import report_charts as charts
from mediation.render.office import Office
from mediation.render.pdf import WeasyPrintRenderer
from mediation.render.report_tables import period_text, reader_text, show, tables
from mediation.views.report import MonthRow, StatisticsReport

MONTHS_TITLE = Title(ko="월별 접수·종결 사건", en="Cases opened and closed per month")


def _t(ko: str, en: str, lang: str) -> str:
    return Title(ko=ko, en=en).get(lang)


def figures(report: StatisticsReport, lang: str) -> list[tuple[str, str]]:
    """The report's charts, each with its title, as SVG (every text escaped): the PDF's and
    the web console's report page's."""
    return [
        month_figure(report.months, lang),
        (_t("사건 결과", "Outcomes", lang),
         charts.outcomes(report, _t("사건 결과", "Outcomes", lang), lang)),
        (_t("처리 기간(일)", "Days taken", lang),
         charts.durations(report, (_t("중앙값", "median", lang), _t("90백분위", "90th pct.", lang),
                                   _t("처리 기간", "days taken", lang)), lang)),
        (_t("기한 준수(규칙별)", "Deadline compliance per rule", lang),
         charts.compliance(report, (_t("기한 내 이행", "on time", lang), _t("기한 후 이행", "late", lang),
                                    _t("미이행", "missed", lang), _t("기한 준수", "compliance", lang)),
                           lang)),
    ]


def month_figure(rows: Sequence[MonthRow], lang: str) -> tuple[str, str]:
    """The first of ``figures``, cases opened and closed per month, by itself (the web
    console's dashboard shows it for this year)."""
    opened, closed = _t("접수", "opened", lang), _t("종결", "closed", lang)
    return (MONTHS_TITLE.get(lang),
            charts.months(rows, (opened, closed, _t("월별 접수·종결", "per month", lang)), lang))


def report_html(report: StatisticsReport, lang: str, office: Office,
                templates: list[Path]) -> str:
    from jinja2 import FileSystemLoader, select_autoescape
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    env = ImmutableSandboxedEnvironment(loader=FileSystemLoader([str(t) for t in templates]),
                                        autoescape=select_autoescape(default=True))
    return env.get_template("reports/statistics.html.j2").render(
        lang=lang, office=office, report=report, period=period_text(report, lang),
        reader=reader_text(report, lang),
        figures=[(title, Markup(svg)) for title, svg in figures(report, lang)],  # our SVG: every text escaped
        tables=tables(report, lang), show=show, issued=kdate(report.generated_at, lang),
        title=_t("조정 사건 통계 보고", "Mediation statistics report", lang))


def report_pdf(report: StatisticsReport, lang: str, office: Office,
               templates: list[Path]) -> bytes:
    """``templates``: the folders searched in order (an office's override, then the shipped)."""
    html = report_html(report, lang, office, templates)
    return WeasyPrintRenderer(allowed_folders=templates).render(html).data
