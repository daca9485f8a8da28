"""The gap report as one printable, self-contained HTML file.

It renders the same :func:`~cli.report_view.header` and :func:`~cli.report_view.sections`
as the terminal and Markdown reports, so the formats cannot drift apart. Everything is in
the one file: the stylesheet inline, the charts as inline SVG drawn here, no script, no
font, no image from anywhere else, so it opens offline and can be mailed or archived as it
is. A print stylesheet (A4, each section on a new page, table headers repeated on every
page) makes "Drucken > Als PDF speichern" in any browser give a clean report. Every piece
of data is escaped.
"""

from __future__ import annotations

import re
from html import escape

from cli.report_view import Chart, Section, sections
from graph.analysis import GapReport
from reports.header import Header, ReportContext, header

CSS = """
:root { --ink: #1b1b1b; --muted: #555; --accent: #245f8c; --bar: #3b7bb0;
        --line: #c9d2da; --head: #e9f0f6; --warn: #fff3d1; --warn-edge: #c98a00; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Noto Sans", Arial, Helvetica, sans-serif;
       color: var(--ink); line-height: 1.45; max-width: 62rem; margin: 2rem auto;
       padding: 0 1.25rem; font-size: 15px; }
h1 { font-size: 1.6rem; margin: 0 0 .4rem; color: var(--accent); }
h2 { font-size: 1.25rem; margin: 0 0 .6rem; padding-bottom: .25rem;
     border-bottom: 2px solid var(--accent); }
.meta { margin: 0; color: var(--muted); }
.warning { background: var(--warn); border-left: 5px solid var(--warn-edge);
           padding: .55rem .8rem; margin: .8rem 0; font-weight: 600; }
.explanation { margin: .4rem 0 .8rem; }
nav ol { margin: .3rem 0 0; padding-left: 1.6rem; }
nav a { color: var(--accent); text-decoration: none; }
section { margin-top: 2.2rem; }
figure { margin: .8rem 0 1rem; }
figcaption { font-weight: 600; font-size: .95rem; margin-bottom: .3rem; }
svg { display: block; max-width: 100%; height: auto; }
svg text { font-size: 12px; fill: var(--ink); }
table { border-collapse: collapse; width: 100%; font-size: .88rem; margin: .4rem 0 1rem; }
caption { caption-side: top; text-align: left; color: var(--muted); font-style: italic;
          padding-bottom: .35rem; }
th, td { border-bottom: 1px solid var(--line); padding: .3rem .45rem; text-align: left;
         vertical-align: top; overflow-wrap: break-word; hyphens: manual; }
th { background: var(--head); font-weight: 600; }
.num { text-align: right; }
td.num { white-space: nowrap; }
th.reason { width: 46%; }
.empty { color: var(--muted); font-style: italic; }
@page { size: A4; margin: 15mm 13mm 16mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 9.5pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  section { margin-top: 0; }
  section.overview { margin-top: 1.2rem; }
  section.analysis { break-before: page; }
  h2, figcaption, caption { break-after: avoid; }
  thead { display: table-header-group; }
  tr, figure, .warning { break-inside: avoid; }
  table { font-size: 8.5pt; }
  nav a { color: var(--ink); }
}
"""

NUMERIC = re.compile(r"^[–\d.,%\s-]+$")
"""A cell that holds only a figure (``1.234``, ``25,2 %``, ``–``): right-aligned."""

REASON = "Begründung"
"""The column of the German reasons: given the most room."""
BAR_HEIGHT = 16
BAR_GAP = 6
LABEL_WIDTH = 240
CHAR_WIDTH = 7
"""About the width of one character of the 12 px chart font, to leave room for the values."""
CHART_WIDTH = 700
LABEL_CHARS = 32


def to_html(report: GapReport, context: ReportContext | None = None) -> str:
    """The whole report as one HTML document (German)."""
    head = header(report, context)
    parts = sections(report)
    body = [_title(head), _contents(parts)]
    body += [_section(i, s) for i, s in enumerate(parts)]
    return (
        '<!DOCTYPE html>\n<html lang="de">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(head.title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def _title(head: Header) -> str:
    lines = "".join(f'<p class="meta">{escape(line)}</p>' for line in head.lines)
    warning = _warning(f"Achtung: {head.warning}") if head.warning else ""
    return f"<header><h1>{escape(head.title)}</h1>{lines}{warning}</header>"


def _warning(text: str) -> str:
    return f'<p class="warning" role="note">{escape(text)}</p>'


def _contents(parts: list[Section]) -> str:
    items = "".join(
        f'<li><a href="#abschnitt-{i}">{escape(s.heading)}</a></li>' for i, s in enumerate(parts)
    )
    return f'<nav aria-label="Inhalt"><strong>Inhalt</strong><ol>{items}</ol></nav>'


def _section(index: int, section: Section) -> str:
    kind = "overview" if index == 0 else "analysis"
    html = [
        f'<section id="abschnitt-{index}" class="{kind}">',
        f"<h2>{escape(section.heading)}</h2>",
    ]
    if section.explanation:
        html.append(f'<p class="explanation">{escape(section.explanation)}</p>')
    if section.warning:
        html.append(_warning(section.warning))
    if section.chart is not None:
        html.append(_figure(section.chart))
    html.append(_table(section))
    html.append("</section>")
    return "\n".join(html)


def _table(section: Section) -> str:
    caption = f"<caption>{escape(section.note)}</caption>"
    if not section.rows:
        empty = '<tr><td class="empty">Keine Einträge.</td></tr>'
        return f"<table>{caption}<tbody>{empty}</tbody></table>"
    numeric = [
        all(NUMERIC.match(row[i]) for row in section.rows) for i in range(len(section.columns))
    ]

    def cls(i: int) -> str:
        return ' class="num"' if numeric[i] else ""

    def head_cls(i: int) -> str:
        return ' class="reason"' if section.columns[i] == REASON else cls(i)

    head = "".join(
        f'<th scope="col"{head_cls(i)}>{escape(c)}</th>' for i, c in enumerate(section.columns)
    )
    rows = "".join(
        "<tr>" + "".join(f"<td{cls(i)}>{escape(cell)}</td>" for i, cell in enumerate(row)) + "</tr>"
        for row in section.rows
    )
    return f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def _figure(chart: Chart) -> str:
    """A horizontal bar chart as inline SVG: one bar per entry, its value beside it."""
    top = max((bar.value for bar in chart.bars), default=0.0) or 1.0
    value_width = 12 + CHAR_WIDTH * max(len(bar.shown) for bar in chart.bars)
    span = CHART_WIDTH - LABEL_WIDTH - value_width
    height = len(chart.bars) * (BAR_HEIGHT + BAR_GAP) + BAR_GAP
    shapes = [
        f'<line x1="{LABEL_WIDTH}" y1="0" x2="{LABEL_WIDTH}" y2="{height}" stroke="#8a96a3"/>'
    ]
    for i, bar in enumerate(chart.bars):
        y = BAR_GAP + i * (BAR_HEIGHT + BAR_GAP)
        width = max(1.0, span * bar.value / top) if bar.value > 0 else 0.0
        middle = y + BAR_HEIGHT / 2 + 4
        shapes.append(
            f"<g><title>{escape(bar.label)}: {escape(bar.shown)}</title>"
            f'<text x="{LABEL_WIDTH - 8}" y="{middle:.1f}" text-anchor="end">'
            f"{escape(_short(bar.label))}</text>"
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}" '
            f'fill="#3b7bb0"/>'
            f'<text x="{LABEL_WIDTH + width + 6:.1f}" y="{middle:.1f}">'
            f"{escape(bar.shown)}</text></g>"
        )
    svg = (
        f'<svg viewBox="0 0 {CHART_WIDTH} {height}" '
        f'width="{CHART_WIDTH}" height="{height}" role="img" '
        f'aria-label="{escape(chart.title)}">{"".join(shapes)}</svg>'
    )
    return f"<figure><figcaption>{escape(chart.title)}</figcaption>{svg}</figure>"
