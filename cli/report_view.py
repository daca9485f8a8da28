"""The gap report as the Stabsstelle reads it: plain German, one table per finding.

The report is first turned into plain values: a :class:`Header` (title, the date of the
data and of the report, where the figures come from, the example-data warning) and
:class:`Section` values (heading, note, an explanation in plain words, columns, rows, an
optional chart). The terminal tables, Markdown and HTML (``cli/report_html.py``) are
renderings of the same values, so they cannot drift apart. JSON is the report's own
structure, for machines, with the same dates and sources under ``about``.
"""

from __future__ import annotations

import dataclasses
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.console import Console
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from cli.console import RULE_WIDTH
from graph.analysis import GapReport
from graph.analysis.wording import EXAMPLE_RESIDENTS, counted, decimal, number
from reports.header import ReportContext, header

LABELS_DE = {"Offering": "Angebot", "WorkingGroup": "Arbeitskreis", "Topic": "Handlungsfeld"}


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: its label, its value and the value as shown."""

    label: str
    value: float
    shown: str


@dataclass(frozen=True)
class Chart:
    """A bar chart of a section (rendered only where pictures can be drawn)."""

    title: str
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class Section:
    heading: str
    note: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    explanation: str = ""
    """What the section shows and how to read it, in plain German."""
    warning: str = ""
    """Shown visibly (e.g. that the figures rest on example data); empty when none."""
    chart: Chart | None = None


def _num(value: float | int | None, digits: int = 3) -> str:
    if value is None:
        return "–"
    if isinstance(value, int):
        return number(value)
    return decimal(value, digits)


def _percent(share: float) -> str:
    return f"{_num(100 * share, 1)} %"


def _join(items: Iterable[str]) -> str:
    return ", ".join(items) or "–"


def _section(
    heading: str,
    note: str,
    columns: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    explanation: str = "",
    warning: str = "",
    chart: Chart | None = None,
) -> Section:
    return Section(
        heading,
        note,
        tuple(columns),
        tuple(tuple(row) for row in rows),
        explanation=explanation,
        warning=warning,
        chart=chart,
    )


def _chart(title: str, bars: Iterable[tuple[str, float, str]]) -> Chart | None:
    chosen = tuple(Bar(label, float(value), shown) for label, value, shown in bars)
    return Chart(title, chosen) if chosen else None


def _need_warning(explanation: str, illustrative: bool) -> tuple[str, str]:
    """Move the example-data sentence out of an explanation into a visible warning."""
    if not illustrative:
        return explanation, ""
    return explanation.removesuffix(" " + EXAMPLE_RESIDENTS), EXAMPLE_RESIDENTS


def sections(report: GapReport) -> list[Section]:
    """Every finding of the report as a table with a German heading and explanation."""
    return [
        _overview(report),
        _coverage(report),
        _languages(report),
        _peripheral(report),
        _brokers(report),
        _fragility(report),
        _communities(report),
        _introductions(report),
        _working_groups(report),
        _coordination(report),
    ]


def _overview(report: GapReport) -> Section:
    c = report.collaboration
    if report.sampled:
        method = "Vermittlerrolle bei diesem großen Netz aus einer Stichprobe geschätzt"
    else:
        method = "alle Werte exakt berechnet"
    return _section(
        "Überblick / overview",
        f"Berechnet in {_num(report.seconds, 2)} s; {method}.",
        ("Kennzahl", "Wert"),
        [
            ("Akteure im Netzwerk", _num(c.actors)),
            ("Verbindungen zwischen Akteuren", _num(c.ties)),
            ("Akteure ohne jede Verbindung", _num(c.isolated_actors)),
            ("Getrennte Teilnetze (ab 2 Akteuren)", _num(c.components)),
            ("Akteure im größten Teilnetz", _num(c.largest_component)),
            ("Versorgungslücken (Gemeinde × Handlungsfeld)", _num(report.coverage.gap_count)),
            (
                "Einwohner:innen, in ihrer Sprache nicht erreicht (geschätzt)",
                _num(report.languages.residents_not_reached),
            ),
        ],
        explanation=(
            "Der Bericht zeigt, wo im Netzwerk Integration Verbindungen oder Angebote fehlen. "
            "Zwei Akteure gelten als verbunden, wenn sie kooperieren, ein Angebot gemeinsam "
            "tragen oder fördern, im selben Arbeitskreis sitzen oder an derselben "
            "Veranstaltung teilgenommen haben. Jeder Abschnitt erklärt, was er zeigt und "
            "wie seine Zahlen zu lesen sind; jede Zeile nennt ihre Begründung."
        ),
    )


def _coverage(report: GapReport) -> Section:
    cov = report.coverage
    explanation, warning = _need_warning(cov.explanation, cov.need_illustrative)
    return _section(
        "Versorgungslücken: Gemeinde × Handlungsfeld / coverage gaps",
        f"{_num(cov.gap_count)} von {_num(cov.cells)} Feldern ohne Angebot, nach Bedarf "
        f"geordnet. Bedarf laut: {_join(cov.need_sources)}.",
        ("Gemeinde", "Handlungsfeld", "Bedarf", "Begründung"),
        [(g.municipality_name, g.topic_name, _num(g.need), g.reason) for g in cov.gaps],
        explanation=explanation,
        warning=warning,
        chart=_chart(
            "Gemeinden mit Versorgungslücken: Bedarf (Balken) und Zahl der Handlungsfelder "
            "ohne Angebot" + (" (Beispieldaten)" if cov.need_illustrative else ""),
            (
                (
                    m.municipality_name,
                    m.need or 0,
                    f"{_num(m.need) if m.need is not None else 'Bedarf unbekannt'} · "
                    + counted(m.gaps, "Lücke", "Lücken"),
                )
                for m in cov.by_municipality
            ),
        ),
    )


def _languages(report: GapReport) -> Section:
    lang = report.languages
    explanation, warning = _need_warning(lang.explanation, lang.need_illustrative)
    marked = " (Beispieldaten)" if lang.need_illustrative else ""
    return _section(
        "Sprachlücken / language gaps",
        f"Geschätzt {_num(lang.residents_not_reached)} Einwohner:innen in ihrer Sprache nicht "
        f"erreicht ({_num(lang.gap_count)} Lücken in {_num(lang.municipalities)} Gemeinden). "
        f"Zahlen laut: {_join(lang.need_sources)}.",
        ("Gemeinde", "Sprache", "Nicht erreicht (geschätzt)", "Begründung"),
        [
            (g.municipality_name, g.language_name, _num(g.residents_not_reached), g.reason)
            for g in lang.gaps
        ],
        explanation=explanation,
        warning=warning,
        chart=_chart(
            f"Nicht erreichte Einwohner:innen je Sprache und Gemeinde, geschätzt{marked}",
            (
                (
                    f"{g.language_name} – {g.municipality_name}",
                    g.residents_not_reached,
                    _num(g.residents_not_reached),
                )
                for g in lang.gaps
            ),
        ),
    )


def _peripheral(report: GapReport) -> Section:
    p = report.peripheral
    return _section(
        "Akteure am Rand des Netzwerks / peripheral actors",
        f"{_num(p.isolated_count)} von {_num(p.actor_count)} Akteuren ohne jede Verbindung, "
        f"{_num(p.peripheral_count)} insgesamt am Rand.",
        ("Akteur", "Verbindungen", "Begründung"),
        [(a.name, _num(a.ties), "; ".join(a.reasons)) for a in p.actors],
        explanation=p.explanation,
    )


def _brokers(report: GapReport) -> Section:
    b = report.brokers
    return _section(
        "Vermittler: wer das Netz zusammenhält / brokers",
        f"Berechnet auf {_num(b.connected_actors)} Akteuren mit mindestens einer Verbindung"
        + (f"; Vermittlerrolle aus {_num(b.samples)} Stichproben geschätzt." if b.sampled else "."),
        ("Akteur", "Vermittlerrolle", "Unabhängige Kontakte", "Abhängigkeit (0–1)", "Begründung"),
        [
            (
                x.name,
                _percent(x.betweenness),
                _num(x.effective_size, 1),
                _num(x.constraint, 2),
                x.reason,
            )
            for x in b.brokers
        ],
        explanation=b.explanation,
        chart=_chart(
            "Vermittlerrolle: Anteil der kürzesten Wege zwischen anderen Akteuren",
            ((x.name, 100 * x.betweenness, _percent(x.betweenness)) for x in b.brokers),
        ),
    )


def _fragility(report: GapReport) -> Section:
    f = report.fragility
    return _section(
        "Bruchstellen / fragile points",
        f"{_num(f.articulation_point_count)} Schlüsselakteure, {_num(f.bridge_count)} Brücken.",
        ("Art", "Wer", "Abgeschnitten", "Begründung"),
        [("Schlüsselakteur", p.name, _num(p.cut_off), p.reason) for p in f.articulation_points]
        + [
            ("Brücke", f"{b.actor_a_name} – {b.actor_b_name}", _num(b.cut_off), b.reason)
            for b in f.bridges
        ],
        explanation=f.explanation,
    )


def _communities(report: GapReport) -> Section:
    c = report.communities
    return _section(
        "Gruppen im Netzwerk / communities",
        f"{_num(c.community_count)} Gruppen, Trennschärfe {_num(c.modularity, 2)}; "
        f"{_num(c.unconnected_actors)} Akteure ohne Verbindung gehören zu keiner Gruppe.",
        ("Nr.", "Größe", "Handlungsfelder", "Gemeinden", "Begründung"),
        [
            (
                str(g.index),
                _num(g.size),
                _join(t.name for t in g.topics),
                _join(m.name for m in g.municipalities),
                g.reason,
            )
            for g in c.communities
        ],
        explanation=c.explanation,
    )


def _introductions(report: GapReport) -> Section:
    i = report.introductions
    return _section(
        "Vorgeschlagene Kontakte / suggested introductions",
        f"{_num(i.candidates)} mögliche Paare geprüft.",
        ("Akteur A", "Akteur B", "Wert", "Begründung"),
        [(s.actor_a_name, s.actor_b_name, _num(s.score, 2), s.reason) for s in i.suggestions],
        explanation=i.explanation,
    )


def _working_groups(report: GapReport) -> Section:
    wg = report.working_groups
    return _section(
        "Lücken in den Arbeitskreisen / working-group gaps",
        f"{_num(len(wg.topics_without_group))} Handlungsfelder ohne Arbeitskreis, "
        f"{_num(wg.missing_member_count)} fehlende Mitglieder, "
        f"{_num(wg.unrepresented_count)} Gemeinden ohne Mitglied in einem Arbeitskreis.",
        ("Art", "Was", "Begründung"),
        [
            ("Handlungsfeld ohne Arbeitskreis", t.topic_name, t.reason)
            for t in wg.topics_without_group
        ]
        + [
            ("Fehlendes Mitglied", f"{m.actor_name} → {m.working_group_name}", m.reason)
            for m in wg.missing_members
        ]
        + [
            ("Gemeinde nicht vertreten", u.municipality_name, u.reason)
            for u in wg.unrepresented_municipalities
        ],
        explanation=wg.explanation,
    )


def _coordination(report: GapReport) -> Section:
    co = report.coordination
    open_items = co.uncoordinated_topics + co.uncoordinated_working_groups
    return _section(
        "Koordinationslücken / coordination gaps",
        f"{_num(open_items + co.uncoordinated_offerings)} Einträge ohne zuständige Koordination "
        f"({_num(co.uncoordinated_topics)} Handlungsfelder, "
        f"{_num(co.uncoordinated_working_groups)} Arbeitskreise, "
        f"{_num(co.uncoordinated_offerings)} Angebote).",
        ("Art", "Was", "Begründung"),
        [(LABELS_DE.get(u.label, u.label), u.name, u.reason) for u in co.uncoordinated]
        + [
            (
                "Zuständigkeiten",
                load.name,
                f"{_num(load.total)} direkte Zuständigkeiten ({load.role or 'ohne Rollenangabe'}); "
                f"dazu {_num(load.offerings_in_topics)} Angebote in ihren Handlungsfeldern",
            )
            for load in co.load
        ],
        explanation=co.explanation,
    )


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(report: GapReport, context: ReportContext | None = None) -> str:
    head = header(report, context)
    lines = [f"# {head.title}", ""]
    lines += [f"{line}  " for line in head.lines]
    if head.warning:
        lines += ["", f"> **Achtung:** {head.warning}"]
    lines.append("")
    for section in sections(report):
        lines += [f"## {section.heading}", ""]
        if section.explanation:
            lines += [section.explanation, ""]
        if section.warning:
            lines += [f"> **{section.warning}**", ""]
        lines += [f"_{section.note}_", ""]
        if not section.rows:
            lines += ["_Keine Einträge._", ""]
            continue
        lines.append("| " + " | ".join(section.columns) + " |")
        lines.append("|" + "---|" * len(section.columns))
        lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in section.rows]
        lines.append("")
    return "\n".join(lines)


def about(context: ReportContext) -> dict[str, Any]:
    """The dates and sources of a report, for machines (ISO dates)."""
    status = context.status
    return {
        "generated_at": context.generated_at.isoformat(),
        "data_updated_at": (
            status.last_updated.isoformat() if status and status.last_updated else None
        ),
        "revision": status.revision if status else None,
        "illustrative": status.illustrative if status else None,
        "sources": [dataclasses.asdict(c) for c in status.sources] if status else [],
    }


def to_json(report: GapReport, context: ReportContext | None = None) -> str:
    body = dataclasses.asdict(report)
    if context is not None:
        body = {"about": about(context), **body}
    return json.dumps(body, ensure_ascii=False, indent=2)


def print_tables(report: GapReport, console: Console, context: ReportContext | None = None) -> None:
    head = header(report, context)
    console.print(Rule(head.title), width=None if console.is_terminal else RULE_WIDTH)
    for line in head.lines:
        console.print(Text(line))
    if head.warning:
        console.print(Text(f"Achtung: {head.warning}", style="bold yellow"))
    for section in sections(report):
        console.print()
        console.print(Text(section.heading, style="bold"))
        if section.explanation:
            console.print(Text(section.explanation))
        if section.warning:
            console.print(Text(section.warning, style="bold yellow"))
        table = Table(caption=Text(section.note), show_lines=False)
        for column in section.columns:
            table.add_column(column, overflow="fold")
        for row in section.rows:
            table.add_row(*(Text(cell) for cell in row))
        console.print(table)


def to_text(report: GapReport, context: ReportContext | None = None) -> str:
    """The terminal tables as plain text (for ``--output`` with the table format)."""
    buffer = io.StringIO()
    print_tables(report, Console(file=buffer, width=140, color_system=None), context)
    return buffer.getvalue()
