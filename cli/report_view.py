"""The gap report as the Stabsstelle reads it: German headings, one table per finding.

The report is first turned into plain :class:`Section` values (heading, note, columns, rows);
Markdown and terminal tables are two renderings of the same sections, so they cannot drift
apart. JSON is the report's own structure, for machines.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rich.console import Console
from rich.table import Table

from graph.analysis import GapReport

LABELS_DE = {"Offering": "Angebot", "WorkingGroup": "Arbeitskreis", "Topic": "Handlungsfeld"}


@dataclass(frozen=True)
class Section:
    heading: str
    note: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def _num(value: float | int | None, digits: int = 3) -> str:
    if value is None:
        return "–"
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    return f"{value:.{digits}f}".replace(".", ",")


def _join(items: Iterable[str]) -> str:
    return ", ".join(items) or "–"


def _section(
    heading: str, note: str, columns: Sequence[str], rows: Iterable[Sequence[str]]
) -> Section:
    return Section(heading, note, tuple(columns), tuple(tuple(row) for row in rows))


def sections(report: GapReport) -> list[Section]:
    """Every finding of the report as a table with a German heading."""
    c = report.collaboration
    sampled = (
        f"Geschätzt durch Stichproben: {', '.join(report.sampled)} (Seed {report.seed})."
        if report.sampled
        else "Alle Maße exakt berechnet."
    )
    overview = _section(
        "Überblick / overview",
        f"{sampled} Berechnet in {_num(report.seconds, 2)} s.",
        ("Maß", "Wert"),
        [
            ("Akteure", _num(c.actors)),
            ("Verbindungen (Kooperationsgraph)", _num(c.ties)),
            ("Akteure ohne Verbindung", _num(c.isolated_actors)),
            ("Zusammenhangskomponenten", _num(c.components)),
            ("Größte Komponente", _num(c.largest_component)),
        ],
    )
    coverage = _section(
        "Versorgungslücken: Gemeinde × Handlungsfeld / coverage gaps",
        f"{_num(report.coverage.gap_count)} von {_num(report.coverage.cells)} Feldern "
        "ohne Angebot, nach Bedarf geordnet.",
        ("Gemeinde", "Handlungsfeld", "Bedarf", "Begründung"),
        [(g.municipality_name, g.topic_name, _num(g.need), g.reason) for g in report.coverage.gaps],
    )
    languages = _section(
        "Sprachlücken / language gaps",
        f"{_num(report.languages.residents_not_reached)} Einwohner:innen in ihrer Sprache "
        "nicht erreicht.",
        ("Gemeinde", "Sprache", "Nicht erreicht", "Begründung"),
        [
            (g.municipality_name, g.language_name, _num(g.residents_not_reached), g.reason)
            for g in report.languages.gaps
        ],
    )
    peripheral = _section(
        "Isolierte und randständige Akteure / isolated and peripheral actors",
        f"{_num(report.peripheral.isolated_count)} ohne jede Verbindung, "
        f"{_num(report.peripheral.peripheral_count)} mit nur einer.",
        ("Akteur", "Verbindungen", "Begründung"),
        [(a.name, _num(a.ties), "; ".join(a.reasons)) for a in report.peripheral.actors],
    )
    brokers = _section(
        "Vermittler und strukturelle Löcher / brokers",
        "Wer das Netzwerk zusammenhält (Betweenness; Burts Constraint und effektive Größe)."
        + (
            f" Betweenness aus {report.brokers.samples} Stichproben."
            if report.brokers.sampled
            else ""
        ),
        ("Akteur", "Betweenness", "Effektive Größe", "Constraint", "Begründung"),
        [
            (b.name, _num(b.betweenness), _num(b.effective_size, 2), _num(b.constraint), b.reason)
            for b in report.brokers.brokers
        ],
    )
    fragility = _section(
        "Bruchstellen / fragile points",
        f"{_num(report.fragility.articulation_point_count)} Schlüsselakteure, "
        f"{_num(report.fragility.bridge_count)} Brücken.",
        ("Art", "Wer", "Abgeschnitten", "Begründung"),
        [
            ("Schlüsselakteur", p.name, _num(p.cut_off), p.reason)
            for p in report.fragility.articulation_points
        ]
        + [
            ("Brücke", f"{b.actor_a_name} – {b.actor_b_name}", _num(b.cut_off), b.reason)
            for b in report.fragility.bridges
        ],
    )
    communities = _section(
        "Gemeinschaften / communities",
        f"{_num(report.communities.community_count)} Gemeinschaften (Louvain, Seed "
        f"{report.communities.seed}), Modularität {_num(report.communities.modularity)}.",
        ("Nr.", "Größe", "Handlungsfelder", "Gemeinden", "Begründung"),
        [
            (
                str(g.index),
                _num(g.size),
                _join(t.name for t in g.topics),
                _join(m.name for m in g.municipalities),
                g.reason,
            )
            for g in report.communities.communities
        ],
    )
    introductions = _section(
        "Vorgeschlagene Kontakte / suggested introductions",
        f"Bewertet mit {report.introductions.method}.",
        ("Akteur A", "Akteur B", "Wert", "Begründung"),
        [
            (i.actor_a_name, i.actor_b_name, _num(i.score), i.reason)
            for i in report.introductions.suggestions
        ],
    )
    wg = report.working_groups
    working_groups = _section(
        "Lücken in den Arbeitskreisen / working-group gaps",
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
    )
    co = report.coordination
    coordination = _section(
        "Koordinationslücken / coordination gaps",
        f"{_num(len(co.uncoordinated))} Einträge ohne zuständige Koordination.",
        ("Art", "Was", "Begründung"),
        [(LABELS_DE.get(u.label, u.label), u.name, u.reason) for u in co.uncoordinated]
        + [
            ("Auslastung", load.name, f"{load.total} Zuständigkeiten ({load.role})")
            for load in co.load
        ],
    )
    return [
        overview,
        coverage,
        languages,
        peripheral,
        brokers,
        fragility,
        communities,
        introductions,
        working_groups,
        coordination,
    ]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(report: GapReport) -> str:
    lines = ["# Lückenbericht Netzwerk Integration / gap report", ""]
    for section in sections(report):
        lines += [f"## {section.heading}", "", section.note, ""]
        if not section.rows:
            lines += ["_Keine Einträge._", ""]
            continue
        lines.append("| " + " | ".join(section.columns) + " |")
        lines.append("|" + "---|" * len(section.columns))
        lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in section.rows]
        lines.append("")
    return "\n".join(lines)


def to_json(report: GapReport) -> str:
    return json.dumps(dataclasses.asdict(report), ensure_ascii=False, indent=2)


def print_tables(report: GapReport, console: Console) -> None:
    console.rule("Lückenbericht Netzwerk Integration / gap report")
    for section in sections(report):
        table = Table(title=section.heading, caption=section.note, show_lines=False)
        for column in section.columns:
            table.add_column(column, overflow="fold")
        for row in section.rows:
            table.add_row(*row)
        console.print(table)
