"""``mediation report``: the statistics report of a year or a period, as a terminal table,
CSV, XLSX, PDF or JSON, over the cases the user may read."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mediation.views.report import DEFAULT_FIELDS, FIELDS

from .context import Ctx, whole_number
from .render import pad, width

if TYPE_CHECKING:
    from mediation.render.report_tables import Table
    from mediation.views.report import StatisticsReport

FORMATS = ("text", "csv", "xlsx", "pdf", "json")

DESCRIPTION = (
    "The figures an office reports each year (and the decree's annual self-inspection asks): "
    "cases opened and closed by workflow, conflict type, district, grade and channel; outcomes "
    "and the settlement rate with its definition; days from intake to agreement and to closure "
    "(median, 90th percentile); deadline compliance per rule with the escalations sent; "
    "commitments; meetings held; open cases per mediator at the period's end. A mediator's "
    "report covers their cases, a supervisor's those they supervise, an admin's all. Every "
    "figure is defined in docs/report.md.")


EXAMPLE = "example: mediation report --year 2026 --format xlsx --out 2026-report.xlsx"

def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("report", parents=[common], help="the statistics report of a year or a period",
                       description=DESCRIPTION, epilog=EXAMPLE)
    p.add_argument("--year", type=whole_number(1900, 9998), help="a calendar year (default: this year)")
    p.add_argument("--from", dest="first", metavar="DATE",
                   help="first day of the period, e.g. 2026-01-01 (with --to)")
    p.add_argument("--to", dest="last", metavar="DATE", help="last day of the period, included")
    p.add_argument("--by", nargs="+", choices=tuple(FIELDS), metavar="FIELD",
                   help=f"breakdowns of cases opened and closed, any of: {' '.join(FIELDS)} "
                        f"(default: {' '.join(DEFAULT_FIELDS)})")
    p.add_argument("--format", choices=FORMATS, default="text",
                   help="text (a table on the terminal), csv (UTF-8 with BOM), xlsx (a sheet per "
                        "table), pdf (the report form with charts) or json")
    p.add_argument("--out", metavar="FILE",
                   help="write the report to FILE (needed for xlsx and pdf)")
    p.set_defaults(handler=cmd_report)


def _day(value: str | None, field: str) -> Any:
    from mediation.core import validate

    return None if value is None else validate.day(value, field)


def cmd_report(ctx: Ctx, a: argparse.Namespace) -> int:
    from mediation.reports.commands import ReportInput, period_of

    fmt = "json" if ctx.json else a.format
    if fmt in ("xlsx", "pdf") and not a.out:
        raise ReportInput(field="--out", reason_ko=f"--format {fmt}은(는) 파일로 씁니다: --out FILE을 주세요",
                          reason_en=f"--format {fmt} writes a file: give --out FILE")
    first, last = period_of(a.year, _day(a.first, "--from"), _day(a.last, "--to"),
                            ctx.app.clock.now().astimezone(_seoul()).date())
    report = ctx.app.reports.statistics(ctx.actor(), first, last, tuple(a.by or DEFAULT_FIELDS))
    data = _encode(ctx, report, fmt, bool(a.out))
    if data is None:
        return 0
    if a.out:
        from mediation.render.production import write_atomic

        written = write_atomic(Path(a.out), data)
        ctx.say(ctx.pick(f"보고서를 썼습니다: {written.path} ({written.bytes:,}바이트)",
                         f"Report written: {written.path} ({written.bytes:,} bytes)"))
    else:
        import sys

        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0


def _seoul() -> Any:
    from mediation.core.clock import SEOUL

    return SEOUL


def _encode(ctx: Ctx, report: StatisticsReport, fmt: str, to_file: bool) -> bytes | None:
    """The report's bytes in ``fmt``; ``None`` when it was printed as a table."""
    if fmt == "json":
        import json

        from mediation.views.jsonable import to_jsonable

        text = json.dumps(to_jsonable(report), ensure_ascii=False, indent=2) + "\n"
        return text.encode("utf-8")
    from mediation.render.report_tables import tables

    sheets = tables(report, ctx.lang)
    if fmt == "csv":
        from mediation.render.report_files import to_csv

        return to_csv(sheets)
    if fmt == "xlsx":
        from mediation.render.report_files import to_xlsx

        return to_xlsx(sheets)
    if fmt == "pdf":
        pdf: bytes = ctx.app.report_pdf(report, ctx.lang)
        return pdf
    if to_file:
        return "\n".join(_table_lines(t) for t in sheets).encode("utf-8")
    for table in sheets:
        ctx.say(_table_lines(table))
    return None


def _table_lines(table: Table) -> str:
    from mediation.render.report_tables import show

    cells = [[c.title for c in table.columns],
             *([show(v, c.kind) for v, c in zip(row, table.columns, strict=True)]
               for row in table.rows)]
    widths = [max(width(r[i]) for r in cells) for i in range(len(table.columns))]
    lines = [f"■ {table.title}"]
    for n, row in enumerate(cells):
        lines.append("  " + "  ".join(
            pad(v, w) if c.kind == "text" else " " * (w - width(v)) + v
            for v, w, c in zip(row, widths, table.columns, strict=True)).rstrip())
        if n == 0:
            lines.append("  " + "  ".join("─" * w for w in widths))
    if table.note:
        lines.append(f"  ※ {table.note}")
    return "\n".join(lines) + "\n"
