"""The title block every report shares: its title, the dates of the data and of the
report, where the figures come from, and the example-data warning.

Shared by the renderings of the CLI (``cli/report_view.py`` and its terminal, Markdown,
HTML and Excel views) and by the Integrationskonzept document (``reports.concept_docx``),
which the cockpit's download route serves too: it sits below both, so that ``schema/``
never imports from ``cli/`` (data flows loaders -> graph -> reports -> schema / cli).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.days import LOCAL_ZONE
from graph.analysis import GapReport
from graph.analysis.wording import counted, number
from graph.data_status import DataStatus

TITLE = "Lückenbericht Netzwerk Integration / gap report"


@dataclass(frozen=True)
class ReportContext:
    """What the report is about beyond the analyses: when it was made, from which data."""

    generated_at: datetime
    status: DataStatus | None = None


@dataclass(frozen=True)
class Header:
    title: str
    lines: tuple[str, ...]
    """The dates and the sources, one statement per line."""
    warning: str
    """The example-data warning of the whole report; empty when all data are facts."""


def when(moment: datetime) -> str:
    """``"01.12.2026, 23:05 Uhr"`` in the county's time (``domain.days``; its zone data come
    with the ``tzdata`` package where the system has none)."""
    local = moment.astimezone(LOCAL_ZONE)
    return f"{local:%d.%m.%Y, %H:%M} Uhr"


def header(report: GapReport, context: ReportContext | None = None) -> Header:
    """The report's title block: dates, sources and the example-data warning."""
    lines: list[str] = []
    warning = ""
    if context is not None:
        status = context.status
        if status is not None:
            data_date = when(status.last_updated) if status.last_updated else "unbekannt"
            lines.append(
                f"Stand der Daten: {data_date} (letzte Änderung; Versionsstand {status.revision})"
            )
        lines.append(f"Bericht erstellt: {when(context.generated_at)}")
        if status is not None and status.sources:
            listed = [
                f"{c.source} ({counted(c.nodes + c.relationships, 'Datensatz', 'Datensätze')}"
                + (", Beispieldaten)" if c.illustrative else ")")
                for c in status.sources
            ]
            lines.append("Quellen der Zahlen: " + "; ".join(listed))
        if status is not None and status.illustrative:
            warning = illustrative_warning(status)
    return Header(TITLE, tuple(lines), warning)


def illustrative_warning(status: DataStatus) -> str:
    records = sum(c.nodes + c.relationships for c in status.sources)
    made_up = sum(c.nodes + c.relationships for c in status.sources if c.illustrative)
    extent = "zu einem großen Teil" if made_up * 2 >= records else "teilweise"
    return (
        f"Dieser Bericht beruht {extent} auf Beispieldaten: {number(made_up)} von "
        f"{counted(records, 'Datensatz', 'Datensätzen')} stammen aus den Quellen „example“ "
        "oder „synthetic“. Sie sind erfunden, um die Auswertungen vorzuführen, und keine "
        "amtlichen Zahlen; wo Einwohnerzahlen darauf beruhen, steht es bei der Zahl."
    )
