"""A measure's status log and a meeting's agenda in the planner's workbook (user trial): in
words, not as the JSON they are stored as, and still loaded back by the importer: the same
landscape after export and load, and a status log typed in words by a planner is read."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from domain.landscape import Landscape
from domain.model import Event, Measure
from loaders.export import export_landscape, to_document
from loaders.landscape import load_landscape

GIFHORN = Path(__file__).resolve().parents[2] / "loaders" / "data" / "gifhorn"

MEETING = """
events:
  - id: ak-teilhabe-2026-03
    name: Sitzung AK Gesellschaftliche Teilhabe März 2026
    kind: working_group_meeting
    date: 2026-03-12
    workingGroup: ak-gesellschaftliche-teilhabe
    agenda:
      - title: Begrüßung
      - title: Sprachkurse im Nordkreis
        gapKey: coverage:meine:sprache
        measure: sprachkurs-meine
    source: test
measures:
  - id: sprachkurs-meine
    title: Sprachkurs Meine
    status: in_progress
    statusLog:
      - {status: planned, date: 2026-03-12}
      - {status: in_progress, date: 2026-04-02}
    workingGroup: ak-gesellschaftliche-teilhabe
    decidedIn: ak-teilhabe-2026-03
    source: test
"""


@pytest.fixture(scope="module")
def landscape(tmp_path_factory: pytest.TempPathFactory) -> Landscape:
    extra = tmp_path_factory.mktemp("meeting") / "meeting.yaml"
    extra.write_text(MEETING, encoding="utf-8")
    return load_landscape([GIFHORN, extra])


def _rows(path: Path, sheet: str) -> dict[str, dict[str, Any]]:
    table = load_workbook(path)[sheet]
    header = [cell.value for cell in table[1]]
    return {r[0]: dict(zip(header, r, strict=False)) for r in table.iter_rows(2, values_only=True)}


def test_the_workbook_shows_the_status_log_and_the_agenda_in_words(
    landscape: Landscape, tmp_path: Path
) -> None:
    [path] = export_landscape(landscape, tmp_path / "out", "xlsx")

    measure = _rows(path, "Maßnahmen")["sprachkurs-meine"]
    assert measure["Statusverlauf"] == "12.03.2026 geplant → 02.04.2026 in Umsetzung"
    meeting = _rows(path, "Veranstaltungen")["ak-teilhabe-2026-03"]
    assert meeting["Tagesordnung"] == (
        "1. Begrüßung\n"
        "2. Sprachkurse im Nordkreis (Lücke: Sprache in Meine [coverage:meine:sprache]; "
        "Maßnahme: Sprachkurs Meine [sprachkurs-meine])"
    )


@pytest.mark.parametrize("fmt", ["xlsx", "excel-csv"])
def test_the_words_load_back_into_the_same_landscape(
    landscape: Landscape, tmp_path: Path, fmt: str
) -> None:
    export_landscape(landscape, tmp_path / fmt, fmt)  # type: ignore[arg-type]

    assert to_document(load_landscape([tmp_path / fmt])) == to_document(landscape)


def test_a_status_log_and_an_agenda_edited_in_excel_load(
    landscape: Landscape, tmp_path: Path
) -> None:
    [path] = export_landscape(landscape, tmp_path / "out", "xlsx")
    book = load_workbook(path)
    for sheet, key, column, text in (
        (
            "Maßnahmen",
            "sprachkurs-meine",
            "Statusverlauf",
            "12.03.2026 geplant → 02.04.2026 in Umsetzung → 30.06.2026 umgesetzt",
        ),
        (
            "Veranstaltungen",
            "ak-teilhabe-2026-03",
            "Tagesordnung",
            "1. Begrüßung\n2. Bericht (kurz)\n3. Sprachkurse (Maßnahme: [sprachkurs-meine])",
        ),
    ):
        table = book[sheet]
        header = [cell.value for cell in table[1]]
        row = next(r for r in table.iter_rows(2) if r[0].value == key)
        row[header.index(column)].value = text
        if column == "Statusverlauf":
            row[header.index("Status")].value = "umgesetzt"
    book.save(path)

    loaded = load_landscape([path])

    [measure] = [m for m in loaded.nodes["measures"] if isinstance(m, Measure)]
    assert measure.status.value == "done" and str(measure.status_changed_at) == "2026-06-30"
    assert '"status": "done", "date": "2026-06-30"' in (measure.status_log or "")
    [meeting] = [
        e for e in loaded.nodes["events"] if isinstance(e, Event) and e.id == "ak-teilhabe-2026-03"
    ]
    assert meeting.agenda == (
        '[{"title": "Begrüßung", "gapKey": null, "measure": null}, '
        '{"title": "Bericht (kurz)", "gapKey": null, "measure": null}, '
        '{"title": "Sprachkurse", "gapKey": null, "measure": "sprachkurs-meine"}]'
    )
