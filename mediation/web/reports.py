"""The statistics report page: a period (a year, or from/to), the report's tables and charts
as ``mediation report`` computes them, and its CSV, XLSX and PDF files — the same bytes the
command line writes for the same period and language, read through the same use case
(``reports.statistics``) with the signed-in user's read scope."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from markupsafe import Markup
from starlette.responses import Response

from mediation.core import validate
from mediation.core.clock import SEOUL
from mediation.core.errors import BadInput
from mediation.web.console import Req

if TYPE_CHECKING:
    from mediation.views.report import StatisticsReport

DOWNLOADS = {"csv": "text/csv; charset=utf-8",
             "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             "pdf": "application/pdf"}


def _period(req: Req) -> tuple[date, date, dict[str, str]]:
    """The period of the query (``year``, or ``from`` and ``to``) as ``period_of`` reads
    the command line's options; this year without any; and the query that names it."""
    from mediation.reports.commands import period_of

    q = req.request.query_params
    raw_year, first, last = (q.get("year") or "").strip(), q.get("from") or None, q.get("to") or None
    year = None
    if raw_year and not (first or last):
        if not raw_year.isdigit() or not 1900 <= int(raw_year) <= 9998:
            raise BadInput(field="year", reason_ko=f"'{raw_year[:10]}'은(는) 2026 같은 연도가 아닙니다",
                                         reason_en=f"'{raw_year[:10]}' is not a year like 2026")
        year = int(raw_year)
    today = req.app.clock.now().astimezone(SEOUL).date()
    start, end = period_of(year, validate.day(first, "from") if first else None,
                           validate.day(last, "to") if last else None, today)
    kept = {"year": str(year)} if year else (
        {"from": start.isoformat(), "to": end.isoformat()} if first or last else {})
    return start, end, kept


def _report(req: Req) -> tuple[StatisticsReport, dict[str, str]]:
    first, last, kept = _period(req)
    return req.app.reports.statistics(req.me, first, last), kept


def report_page(req: Req) -> Response:
    from mediation.render.report_pdf import figures
    from mediation.render.report_tables import period_text, show, tables

    report, kept = _report(req)
    charts = [(title, Markup(svg)) for title, svg in figures(report, req.lang)]  # escaped SVG
    this_year = req.app.clock.now().astimezone(SEOUL).year
    return req.render("report.html.j2", report=report, period=period_text(report, req.lang),
                      charts=charts, tables=tables(report, req.lang), show=show,
                      years=range(this_year + 1, this_year - 6, -1), kept=kept, this_year=this_year,
                      link=lambda fmt: "/report/download?" + urlencode({**kept, "format": fmt}))


def report_file(req: Req) -> Response:
    """The report as ``mediation report --format csv|xlsx|pdf`` writes it."""
    from mediation.render.report_files import to_csv, to_xlsx
    from mediation.render.report_tables import tables

    fmt = req.request.query_params.get("format", "")
    if fmt not in DOWNLOADS:
        raise BadInput(field="format", reason_ko="csv, xlsx, pdf 중 하나를 고르세요",
                                       reason_en="give csv, xlsx or pdf")
    report, _ = _report(req)
    if fmt == "pdf":
        data = req.app.report_pdf(report, req.lang)
    elif fmt == "csv":
        data = to_csv(tables(report, req.lang))
    else:
        data = to_xlsx(tables(report, req.lang))
    p = report.period
    name = f"statistics-{p.first.isoformat()}-{p.last.isoformat()}.{fmt}"
    return Response(data, media_type=DOWNLOADS[fmt],
                    headers={"content-disposition": f'attachment; filename="{name}"'})
