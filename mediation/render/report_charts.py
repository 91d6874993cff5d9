"""The statistics report's charts as SVG drawn by our own code, so that WeasyPrint puts them
in the PDF as vector graphics with the letters' Korean font: cases per month opened against
closed, outcomes, days to agreement and to closure, and deadline compliance per rule."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from mediation.views.report import MonthRow, StatisticsReport

FONT = "NanumGothic, 'Nanum Gothic', 'Noto Sans CJK KR', sans-serif"
OPENED, CLOSED = "#2f5d8a", "#e08a2c"
ON_TIME, LATE, MISSED = "#3a8a4f", "#e0b12c", "#c0392b"
WIDTH = 640
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _svg(height: int, body: Sequence[str], label: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
            f'width="100%" role="img" aria-label="{escape(label)}" font-family="{FONT}" '
            f'font-size="11">{"".join(body)}</svg>')


def _text(x: float, y: float, text: str, anchor: str = "start", size: int = 11,
          fill: str = "#000") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" '
            f'fill="{fill}">{escape(text)}</text>')


def _rect(x: float, y: float, w: float, h: float, fill: str) -> str:
    return f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(w, 0):.1f}" height="{max(h, 0):.1f}" fill="{fill}"/>'


def _legend(x: float, y: float, items: Sequence[tuple[str, str]]) -> list[str]:
    out = []
    for label, color in items:
        out += [_rect(x, y - 9, 10, 10, color), _text(x + 14, y, label)]
        x += 28 + 11 * len(label)
    return out


def _step(top: float) -> int:
    """A round step for a value axis reaching ``top`` (about five gridlines)."""
    raw = max(top, 1) / 5
    for nice in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000):
        if nice >= raw:
            return nice
    return int(raw) + 1


def months(rows: Sequence[MonthRow], labels: tuple[str, str, str], lang: str = "ko") -> str:
    """Grouped bars per month (``StatisticsReport.months``): opened and closed; a year's
    months named ``1월`` or ``Jan``."""
    opened_label, closed_label, title = labels
    height, left, top, bottom = 240, 40, 30, 200
    peak = max([1, *(m.opened for m in rows), *(m.closed for m in rows)])
    step = _step(peak)
    axis_top = step * -(-peak // step)
    scale = (bottom - top) / axis_top
    body = _legend(left, 16, ((opened_label, OPENED), (closed_label, CLOSED)))
    for v in range(0, axis_top + 1, step):
        y = bottom - v * scale
        body += [f'<line x1="{left}" y1="{y:.1f}" x2="{WIDTH - 10}" y2="{y:.1f}" '
                 f'stroke="#ccc" stroke-width="0.6"/>', _text(left - 6, y + 4, str(v), "end", 10)]
    slot = (WIDTH - 10 - left) / max(len(rows), 1)
    bar = min(16.0, slot / 3)
    for i, m in enumerate(rows):
        x = left + i * slot + slot / 2
        for j, (value, color) in enumerate(((m.opened, OPENED), (m.closed, CLOSED))):
            h = value * scale
            bx = x - bar + j * bar
            body.append(_rect(bx, bottom - h, bar - 1, h, color))
            if value:
                body.append(_text(bx + bar / 2, bottom - h - 3, str(value), "middle", 9))
        label = m.month[5:] if len(rows) <= 24 else m.month[2:]
        if len(rows) <= 12:
            label = MONTHS[int(label) - 1] if lang == "en" else f"{int(label)}월"
        body.append(_text(x, bottom + 15, label, "middle", 10))
    return _svg(height, body, title)


def _hbars(rows: Sequence[tuple[str, Sequence[tuple[float, str]], str]], title: str,
           legend: Sequence[tuple[str, str]] = ()) -> str:
    """Horizontal bars, one per row, each of one or more segments; the value text after it."""
    left, top, band = 190, 30 if legend else 8, 24  # room for a label of 28 columns
    height = top + band * len(rows) + 8
    peak = max([1.0, *(sum(v for v, _ in segs) for _, segs, _ in rows)])
    scale = (WIDTH - left - 70) / peak
    body = _legend(left, 16, legend) if legend else []
    for i, (label, segments, value) in enumerate(rows):
        y = top + i * band
        body.append(_text(left - 8, y + 15, label, "end"))
        x = float(left)
        for amount, color in segments:
            body.append(_rect(x, y + 4, amount * scale, band - 8, color))
            x += amount * scale
        body.append(_text(x + 6, y + 15, value, size=10))
    return _svg(height, body, title)


def outcomes(report: StatisticsReport, title: str, lang: str) -> str:
    return _hbars([(o.title.get(lang), [(o.cases, OPENED)], str(o.cases))
                   for o in report.outcomes], title)


def durations(report: StatisticsReport, labels: tuple[str, str, str], lang: str) -> str:
    """Median and 90th percentile of each span, in days."""
    median, p90, title = labels
    rows = []
    for d in report.durations:
        for name, value, color in ((median, d.median, OPENED), (p90, d.p90, CLOSED)):
            shown = "-" if value is None else f"{value:.1f}"
            rows.append((f"{d.title.get(lang)} · {name}", [(value or 0.0, color)], shown))
    return _hbars(rows, title)


def _short(label: str, columns: int = 28) -> str:
    """``label`` cut to about ``columns`` terminal columns (Hangul counts two)."""
    out, used = "", 0
    for ch in label:
        used += 2 if ord(ch) > 0x1100 else 1
        if used > columns:
            return out + "…"
        out += ch
    return out


def compliance(report: StatisticsReport, labels: tuple[str, str, str, str], lang: str) -> str:
    """Per rule: met on time, met late, missed, stacked."""
    on_time, late, missed, title = labels
    rows = [(_short(d.title.get(lang)),
             [(d.on_time, ON_TIME), (d.late, LATE), (d.missed, MISSED)],
             f"{d.on_time} / {d.late} / {d.missed}") for d in report.deadlines]
    if not rows:
        rows = [("-", [], "0")]
    return _hbars(rows, title, ((on_time, ON_TIME), (late, LATE), (missed, MISSED)))
