"""The statistics report's tables as files a spreadsheet opens: CSV (UTF-8 with a byte-order
mark, so that Excel reads Korean) with one section per table, and XLSX with one sheet per
table, typed cells (counts as integers, days as numbers, shares as percentages) and the
header row frozen. openpyxl is imported on first use."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from mediation.render.report_tables import Table, show

BOM = "\ufeff"


def to_csv(tables: Sequence[Table]) -> bytes:
    """Every table under its title, a blank line between them."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for i, table in enumerate(tables):
        if i:
            writer.writerow([])
        writer.writerow([table.title])
        writer.writerow([c.title for c in table.columns])
        for row in table.rows:
            writer.writerow([_csv_cell(v, c.kind) for v, c in zip(row, table.columns, strict=True)])
        if table.note:
            writer.writerow([table.note])
    return (BOM + buffer.getvalue()).encode("utf-8")


def _csv_cell(value: object, kind: str) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}" if kind in ("share", "value") else f"{value:.1f}"
    return str(value)


def to_xlsx(tables: Sequence[Table]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    book = Workbook()
    book.remove(book.active)
    bold, grey = Font(bold=True), PatternFill("solid", fgColor="EEEEEE")
    for table in tables:
        sheet = book.create_sheet(title=table.title[:31].translate(_SHEET_NAME))
        sheet.append([c.title for c in table.columns])
        for cell in sheet[1]:
            cell.font, cell.fill = bold, grey
        for row in table.rows:
            sheet.append(list(row))
            for cell, column, value in zip(sheet[sheet.max_row], table.columns, row, strict=True):
                cell.number_format = _number_format(column.kind, value)
        if table.note:
            sheet.append([])
            sheet.append([table.note])
        sheet.freeze_panes = "A2"
        for i, column in enumerate(table.columns):
            longest = max([_width(column.title), *(_width(show(r[i], column.kind))
                                                   for r in table.rows)])
            sheet.column_dimensions[chr(ord("A") + i)].width = min(60, longest + 2)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


_SHEET_NAME = str.maketrans({c: "·" for c in "[]:*?/\\"})


def _number_format(kind: str, value: object) -> str:
    if isinstance(value, float) and kind in ("share", "value"):
        return "0.0%"
    if kind == "days":
        return "0.0"
    return "0" if isinstance(value, int) else "General"


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x1100 else 1 for ch in text)
