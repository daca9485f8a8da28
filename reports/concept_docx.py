"""The Integrationskonzept report as a Word document the county can go on editing.

A title page (with the dates and sources of the gap report's :func:`reports.header.header`
and its example-data warning), an overview of the fields of action, then a section per
Handlungsfeld (*Handlungsfeld: Sprache*): its coverage, its open gaps (a table, need first),
its measures and their state (a table), and, with ``--since``, the development since that
day. Illustrative figures and records are marked as in the HTML report ("Beispieldaten,
nicht amtlich"). Written with python-docx using Word's built-in styles (Title, Heading 1/2,
Table Grid), so the county's own template styles apply when they paste or restyle it.

Used by ``integration-graph analyse --format docx`` and by the cockpit's download
(``GET /export/integrationskonzept.docx``), both through :func:`concept_document`, so the
two give the same document.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import UTC, date, datetime

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from domain.days import LOCAL_ZONE, local_day, start_of
from graph.analysis import GapReport
from graph.analysis.wording import EXAMPLE_RESIDENTS, number
from graph.concept import Concept, ConceptMeasure, FieldOfAction, concept
from graph.data_status import data_status
from graph.development import Development, RecordChange, remember
from graph.gap_service import GapService
from graph.gap_states import GapState
from reports.header import ReportContext, header, when

TITLE = "Integrationskonzept: Handlungsfelder, Lücken und Maßnahmen"
STATUS_DE = {
    "idea": "Idee",
    "planned": "geplant",
    "in_progress": "in Umsetzung",
    "done": "umgesetzt",
    "dropped": "verworfen",
}
PRIORITY_DE = {"focus": "Schwerpunktmaßnahme", "quick_win": "Quick Win"}
STATE_DE = {
    GapState.OPEN: "offen",
    GapState.MEASURE_PLANNED: "Maßnahme geplant",
    GapState.IN_PROGRESS: "in Umsetzung",
    GapState.DELIBERATELY_OPEN: "bewusst offen",
}
MAX_OPEN_ROWS = 60
"""Open gaps listed per field; the rest are counted (the full list is in the cockpit)."""
EXAMPLE_MARK = " (Beispieldaten, nicht amtlich)"
WARNING_COLOUR = RGBColor(0x8A, 0x5A, 0x00)


def _german_day(value: date | str | None) -> str:
    if value is None:
        return "–"
    day = date.fromisoformat(value[:10]) if isinstance(value, str) else value
    return f"{day:%d.%m.%Y}"


def _warning(document: DocumentObject, text: str) -> None:
    run = document.add_paragraph().add_run(text)
    run.bold = True
    run.font.color.rgb = WARNING_COLOUR


def _table(
    document: DocumentObject,
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float] | None = None,
) -> None:
    """A table with a bold header row that repeats on every page; ``widths`` in cm (the
    default equal widths break long words such as "Handlungsfeld" in narrow columns)."""
    if not rows:
        document.add_paragraph("Keine Einträge.").runs[0].italic = True
        return
    table = document.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    header_row = table.rows[0]
    properties = header_row._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    properties.append(repeat)
    for cell, text in zip(header_row.cells, columns, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    if widths is not None:
        # Word reads the cells' widths, LibreOffice the table grid's: set both
        table.autofit = False
        grid = table._tbl.tblGrid.findall(qn("w:gridCol"))
        for column, grid_column, width in zip(table.columns, grid, widths, strict=True):
            grid_column.set(qn("w:w"), str(round(width / 2.54 * 1440)))  # twentieths of a pt
            for cell in column.cells:
                cell.width = Cm(width)
    document.add_paragraph()


def _measure_rows(measures: Sequence[ConceptMeasure]) -> list[tuple[str, ...]]:
    return [
        (
            m.title + (" (Beispiel)" if m.illustrative else ""),
            STATUS_DE.get(m.status, m.status),
            PRIORITY_DE.get(m.priority or "", "–"),
            _german_day(m.due),
            m.working_group_name or "–",
            ", ".join(m.gap_keys) or "–",
        )
        for m in measures
    ]


MEASURE_COLUMNS = ("Maßnahme", "Stand", "Priorität", "Fällig", "Arbeitskreis", "Lücken")
MEASURE_WIDTHS = (3.5, 2.5, 2.1, 2.3, 2.6, 2.2)
"""Column widths in cm, 15.2 cm in all (the default page between its margins)."""


def _field(document: DocumentObject, field: FieldOfAction) -> None:
    document.add_heading(f"Handlungsfeld: {field.topic_name}", level=1)
    document.add_heading("Versorgung", level=2)
    covered = field.cells - field.gap_count
    counts = ", ".join(f"{STATE_DE[s]}: {number(n)}" for s, n in field.states.items() if n)
    document.add_paragraph(
        f"{number(covered)} von {number(field.cells)} Gemeinden haben mindestens ein Angebot "
        f"in diesem Handlungsfeld, {number(field.gap_count)} keines"
        + (f" ({counts})." if counts else ".")
        + (f" Bedarf laut: {', '.join(field.need_sources)}." if field.need_sources else "")
    )
    if field.need_illustrative:
        _warning(document, EXAMPLE_RESIDENTS)
    document.add_heading("Offene Lücken", level=2)
    shown = field.open_gaps[:MAX_OPEN_ROWS]
    mark = EXAMPLE_MARK if field.need_illustrative else ""
    _table(
        document,
        ("Gemeinde", "Bedarf" + mark, "Begründung"),
        [
            (g.municipality_name, "unbekannt" if g.need is None else number(g.need), g.reason)
            for g in shown
        ],
        (3.3, 2.4, 9.5),
    )
    if len(field.open_gaps) > len(shown):
        document.add_paragraph(
            f"… und {number(len(field.open_gaps) - len(shown))} weitere offene Lücken "
            "(vollständige Liste im Netzwerk-Cockpit)."
        )
    if field.deliberately_open:
        document.add_heading("Bewusst offen", level=2)
        _table(
            document,
            ("Gemeinde", "Begründung", "entschieden am"),
            [
                (g.municipality_name, d.reason, _german_day(local_day(d.decided_at)))
                for g, d in field.deliberately_open
            ],
            (3.3, 9.5, 2.4),
        )
    document.add_heading("Maßnahmen", level=2)
    _table(document, MEASURE_COLUMNS, _measure_rows(field.measures), MEASURE_WIDTHS)


def _development(document: DocumentObject, dev: Development) -> None:
    since = _german_day(local_day(dev.since))
    document.add_heading(f"Entwicklung seit {since}", level=1)
    document.add_paragraph(dev.gaps_note)

    def names(records: Sequence[RecordChange]) -> list[str]:
        return [r.name + (EXAMPLE_MARK if r.illustrative else "") for r in records]

    groups: list[tuple[str, list[str]]] = [
        ("Geschlossene Lücken", [g.reason or g.key for g in dev.gaps_closed]),
        ("Neue Lücken", [g.reason or g.key for g in dev.gaps_new]),
        ("Neue Akteure", names(dev.of(dev.added, "Actor"))),
        ("Entfernte Akteure", names(dev.of(dev.removed, "Actor"))),
        ("Neue Angebote", names(dev.of(dev.added, "Offering"))),
        ("Entfernte Angebote", names(dev.of(dev.removed, "Offering"))),
        (
            "Umgesetzte Maßnahmen",
            [f"{m.title} ({_german_day(m.done_on)})" for m in dev.measures_done],
        ),
    ]
    for heading, items in groups:
        if heading.endswith("Lücken") and not dev.gaps_compared:
            continue
        document.add_heading(f"{heading} ({number(len(items))})", level=2)
        for item in items:
            document.add_paragraph(item, style="List Bullet")
        if not items:
            document.add_paragraph("Keine.").runs[0].italic = True


def to_docx(report: GapReport, concept: Concept, context: ReportContext | None = None) -> bytes:
    """The Integrationskonzept report as the bytes of a .docx file."""
    document = Document()
    document.styles["Normal"].font.size = Pt(10.5)
    head = header(report, context)
    document.add_heading(TITLE, level=0)
    for line in head.lines:
        document.add_paragraph(line)
    if head.warning:
        _warning(document, f"Achtung: {head.warning}")
    document.add_paragraph(
        "Dieses Dokument ist ein Entwurf zur Fortschreibung des Integrationskonzepts: je "
        "Handlungsfeld die Versorgung der Gemeinden mit Angeboten, die offenen Lücken und die "
        "Maßnahmen des Netzwerks mit ihrem Stand. Es kann in Word weiterbearbeitet werden."
    )
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    document.add_heading("Überblick", level=1)
    _table(
        document,
        (
            "Handlungsfeld",
            "Gemeinden",
            "ohne Angebot",
            "offen",
            "in Arbeit",
            "bewusst offen",
            "Maßnahmen",
        ),
        [
            (
                f.topic_name,
                number(f.cells),
                number(f.gap_count),
                number(f.states[GapState.OPEN]),
                number(f.states[GapState.MEASURE_PLANNED] + f.states[GapState.IN_PROGRESS]),
                number(f.states[GapState.DELIBERATELY_OPEN]),
                number(len(f.measures)),
            )
            for f in concept.fields
        ],
        (4.1, 1.85, 1.85, 1.85, 1.85, 1.85, 1.85),
    )
    for field in concept.fields:
        _field(document, field)
    if concept.measures_without_field:
        document.add_heading("Maßnahmen ohne Handlungsfeld", level=1)
        _table(
            document, MEASURE_COLUMNS, _measure_rows(concept.measures_without_field), MEASURE_WIDTHS
        )
    if concept.development is not None:
        _development(document, concept.development)
    generated = context.generated_at if context else datetime.now(LOCAL_ZONE)
    document.core_properties.title = TITLE
    document.core_properties.comments = f"Erstellt {when(generated)}"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def concept_document(
    service: GapService, since: date | None, report: GapReport | None = None
) -> bytes:
    """The whole document from ``service``'s cached analyses; the development since ``since``.

    ``report`` when the caller has it already (the CLI computes it with its own ``top``).
    The gap keys of the current revision are kept first (``remember``), so that a later
    development can compare against today.
    """
    status = data_status(service.driver, service.database)
    report = report if report is not None else service.report()
    remember(service)
    found = concept(service, None if since is None else start_of(since))
    return to_docx(report, found, ReportContext(generated_at=datetime.now(UTC), status=status))
