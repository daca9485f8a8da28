"""Files as planners make them: Excel workbooks typed by hand, CSV saved by German Excel,
and the German spreadsheets the export writes for them (issue 11), plus hostile files
(issue 13): YAML alias bombs, XLSX zip bombs, floods of problems, formula injection."""

from __future__ import annotations

import io
import time
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from domain.landscape import Landscape
from domain.problems import LoadError
from loaders import tabular
from loaders.export import WORKBOOK_NAME, export_landscape, to_document
from loaders.landscape import load_landscape
from loaders.readers import read_file

GIFHORN = Path(__file__).resolve().parents[2] / "loaders" / "data" / "gifhorn"


@pytest.fixture(scope="module")
def gifhorn() -> Landscape:
    return load_landscape([GIFHORN])


def save(book: Workbook, path: Path) -> Path:
    book.save(path)
    return path


# --- the German workbook and CSV of an export ----------------------------------------------


def test_xlsx_export_is_what_a_planner_expects_in_excel(gifhorn: Landscape, tmp_path: Path) -> None:
    [path] = export_landscape(gifhorn, tmp_path / "out", "xlsx")
    book = load_workbook(path)

    assert path.name == WORKBOOK_NAME
    assert "Akteure" in book.sheetnames and "Angebote" in book.sheetnames
    actors = book["Akteure"]
    header = [cell.value for cell in actors[1]]
    assert header[:3] == ["Kennung", "Name", "Art"]
    assert "Ort" in header and "Quelle" in header
    assert all(cell.font.bold for cell in actors[1])
    assert actors.freeze_panes == "A2"
    assert 10 < actors.column_dimensions["B"].width <= 62
    rows = {
        row[0]: dict(zip(header, row, strict=False))
        for row in actors.iter_rows(2, values_only=True)
    }
    stabsstelle = rows["stabsstelle-integration"]
    assert stabsstelle["Art"] == "Verwaltung"  # the German label, not 'administration'
    assert stabsstelle["Ort"] == "Stadt Gifhorn [gifhorn]"  # name with the id beside it
    offerings = book["Angebote"]
    dated = [c for row in offerings.iter_rows(2) for c in row if isinstance(c.value, datetime)]
    assert dated and all(c.number_format == "DD.MM.YYYY" for c in dated)
    providers = [c.value for c in offerings[1]].index("Anbieter")
    assert any("; " in str(row[providers]) for row in offerings.iter_rows(2, values_only=True))


@pytest.mark.parametrize("fmt", ["xlsx", "excel-csv"])
def test_spreadsheet_exports_load_back_into_the_same_landscape(
    gifhorn: Landscape, tmp_path: Path, fmt: str
) -> None:
    export_landscape(gifhorn, tmp_path / fmt, fmt)  # type: ignore[arg-type]

    assert to_document(load_landscape([tmp_path / fmt])) == to_document(gifhorn)


def test_excel_csv_is_utf8_with_bom_semicolons_and_german(
    gifhorn: Landscape, tmp_path: Path
) -> None:
    export_landscape(gifhorn, tmp_path, "excel-csv")
    data = (tmp_path / "Akteure.csv").read_bytes()

    assert data.startswith(b"\xef\xbb\xbf")
    header = data.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("Kennung;Name;Art;")
    assert "Wohlfahrtsverband" in data.decode("utf-8-sig")


def test_an_edited_cell_loads_back(gifhorn: Landscape, tmp_path: Path) -> None:
    [path] = export_landscape(gifhorn, tmp_path / "out", "xlsx")
    book = load_workbook(path)
    sheet = book["Akteure"]
    header = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(2):
        if row[0].value == "stabsstelle-integration":
            row[header.index("Beschreibung")].value = "Neu beschrieben"
            row[
                header.index("Ort")
            ].value = "Stadt Wittingen"  # a name alone, as a planner types it
    book.save(path)

    actors: dict[str, Any] = {a.id: a for a in load_landscape([path]).nodes["actors"]}

    assert actors["stabsstelle-integration"].description == "Neu beschrieben"
    assert actors["stabsstelle-integration"].located_in == "wittingen"


def test_a_name_that_does_not_belong_to_the_id_beside_it_is_reported(
    gifhorn: Landscape, tmp_path: Path
) -> None:
    [path] = export_landscape(gifhorn, tmp_path / "out", "xlsx")
    book = load_workbook(path)
    sheet = book["Akteure"]
    column = [cell.value for cell in sheet[1]].index("Ort")
    sheet.cell(2, column + 1).value = "Wittingen [gifhorn]"
    book.save(path)

    with pytest.raises(LoadError) as caught:
        load_landscape([path])

    assert "'Wittingen' is not the name of 'gifhorn'" in str(caught.value)


# --- what planners type ---------------------------------------------------------------------


def planner_workbook(path: Path) -> Path:
    """A workbook as a planner types it: a title row, German headers and labels, a German
    date as text, a date cell, an AGS that Excel made a number, references by name."""
    book = Workbook()
    municipalities = book.active
    municipalities.title = "Gemeinden"
    municipalities.append(["Gemeinden im Landkreis, Stand 2024"])
    municipalities.append(["Kennung", "Name", "Art", "Gemeindeschlüssel", "Quelle"])
    municipalities.append(["landkreis", "Landkreis Gifhorn", "Landkreis", 3151, "LSN"])
    municipalities.append(["wahrenholz", "Wahrenholz", "Mitgliedsgemeinde", 3151032, "LSN"])
    actors = book.create_sheet("Akteure")
    actors.append(["Kennung", "Name", "Art", "Ort", "Quelle"])
    actors.append(["kvhs", "Kreisvolkshochschule Gifhorn", "Bildungsträger", "Wahrenholz", "Liste"])
    offerings = book.create_sheet("Angebote")
    offerings.append(["Kennung", "Titel", "Art", "Beginn", "Ende", "Anbieter", "Quelle"])
    offerings.append(
        [
            "kurs",
            "Deutschkurs",
            "Kurs",
            "01.09.2024",
            datetime(2025, 6, 30),
            "Kreisvolkshochschule Gifhorn",
            "Liste",
        ]
    )
    return save(book, path)


def test_a_workbook_typed_by_a_planner_loads(tmp_path: Path) -> None:
    landscape = load_landscape([planner_workbook(tmp_path / "planung.xlsx")])

    municipalities: dict[str, Any] = {m.id: m for m in landscape.nodes["municipalities"]}
    assert municipalities["landkreis"].ags == "03151"  # the leading zero is back
    assert municipalities["wahrenholz"].ags == "03151032"
    actor: Any = landscape.nodes["actors"][0]
    assert actor.located_in == "wahrenholz"
    offering: Any = landscape.nodes["offerings"][0]
    assert offering.start_date == date(2024, 9, 1)
    assert offering.end_date == date(2025, 6, 30)
    assert offering.providers == ["kvhs"]


def test_a_close_miss_gets_a_suggestion(tmp_path: Path) -> None:
    path = planner_workbook(tmp_path / "planung.xlsx")
    book = load_workbook(path)
    book["Angebote"]["F2"] = "Kreisvolkshochschul Gifhorn"
    book.save(path)

    with pytest.raises(LoadError) as caught:
        load_landscape([path])

    [problem] = caught.value.problems
    assert "meinten Sie 'Kreisvolkshochschule Gifhorn'?" in problem.reason
    assert problem.field == "Anbieter (1. Eintrag)"  # the column as the planner typed it


def test_csv_saved_by_german_excel_in_windows_1252_is_read(tmp_path: Path) -> None:
    text = "Kennung;Name;Quelle\r\nbuerger;Bürgerbeteiligung für Ältere;Liste\r\n"
    path = tmp_path / "Handlungsfelder.csv"
    path.write_bytes(text.encode("cp1252"))

    topic: Any = load_landscape([path]).nodes["topics"][0]

    assert topic.name == "Bürgerbeteiligung für Ältere"


def test_a_header_row_that_is_nowhere_is_explained(tmp_path: Path) -> None:
    path = tmp_path / "topics.csv"
    path.write_text("Liste der Themen\nsprache;Sprache;x\n")

    with pytest.raises(LoadError) as caught:
        load_landscape([path])

    assert "a title row above the header row is fine" in str(caught.value.problems)


# --- formula injection ----------------------------------------------------------------------


def injected(gifhorn: Landscape) -> Landscape:
    """Gifhorn with an actor description that a spreadsheet would run as a formula."""
    actors = list(gifhorn.nodes["actors"])
    actors[0] = actors[0].model_copy(
        update={"description": '=HYPERLINK("http://evil.example","x")', "phone": "+49 5371 82-0"}
    )
    nodes = {**gifhorn.nodes, "actors": tuple(actors)}
    return Landscape(nodes, gifhorn.relationships)


def test_csv_export_escapes_formulas_and_loads_them_back(
    gifhorn: Landscape, tmp_path: Path
) -> None:
    landscape = injected(gifhorn)
    export_landscape(landscape, tmp_path / "csv", "csv")
    export_landscape(landscape, tmp_path / "excel", "excel-csv")

    plain = (tmp_path / "csv" / "actors.csv").read_text()
    german = (tmp_path / "excel" / "Akteure.csv").read_text(encoding="utf-8-sig")
    for text in (plain, german):
        assert "'=HYPERLINK(" in text
        assert "'+49" in text  # phone numbers start with + and are escaped too
        lines = text.splitlines()
        assert not any(
            cell.startswith(("=", "+", "@")) for line in lines for cell in line.split(",")
        )
    assert to_document(load_landscape([tmp_path / "csv"])) == to_document(landscape)


def test_xlsx_export_stores_formula_text_as_text(gifhorn: Landscape, tmp_path: Path) -> None:
    landscape = injected(gifhorn)
    [path] = export_landscape(landscape, tmp_path / "x", "xlsx")

    with zipfile.ZipFile(path) as archive:
        sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")]
    assert not any(b"<f>" in sheet for sheet in sheets)  # no formula cell anywhere
    assert to_document(load_landscape([path])) == to_document(landscape)


# --- hostile files --------------------------------------------------------------------------


def test_a_yaml_billion_laughs_is_refused_fast(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        previous = f"*a{level - 1}"
        lines.append(f"a{level}: &a{level} [{', '.join([previous] * 9)}]")
    lines.append("actors: *a9")
    path = tmp_path / "laughs.yaml"
    path.write_text("\n".join(lines) + "\n")

    started = time.process_time()  # CPU time: what expanding the aliases would cost
    result = read_file(path)

    assert time.process_time() - started < 2  # measured: under 0.001 s
    [problem] = result.problems
    assert "aliases" in problem.reason and "refused" in problem.reason
    assert path.stat().st_size < 1500


def zip_bomb(path: Path, rows: int) -> Path:
    """An XLSX whose one sheet unpacks to ``rows`` rows of one cell each."""
    buffer = io.BytesIO()
    Workbook().save(buffer)
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as template,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bomb,
    ):
        for item in template.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                bomb.writestr(item, template.read(item))
                continue
            with bomb.open(item.filename, "w") as sheet:
                sheet.write(
                    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                )
                row = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>'
                for _ in range(rows // 10_000):
                    sheet.write(row * 10_000)
                sheet.write(b"</sheetData></worksheet>")
    return path


def test_an_xlsx_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    path = zip_bomb(tmp_path / "actors.xlsx", 1_000_000)

    started = time.process_time()  # CPU time: what unpacking the sheet would cost
    result = read_file(path)

    assert time.process_time() - started < 2  # measured: under 0.01 s
    [problem] = result.problems
    assert "zip bomb" in problem.reason
    assert path.stat().st_size < 1_000_000


def test_problems_are_listed_up_to_a_limit_and_counted(tmp_path: Path) -> None:
    path = tmp_path / "topics.csv"
    path.write_text("id,name,source,\n" + "t,T,x,stray\n" * 5000)

    problems = read_file(path).problems

    assert len(problems) == tabular.MAX_PROBLEMS + 1
    assert "... and 4,900 more problems" in problems[-1].reason


def test_rows_beyond_the_limit_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tabular, "MAX_ROWS", 10)
    path = tmp_path / "topics.csv"
    path.write_text("id,name,source\n" + "".join(f"t{i},T{i},x\n" for i in range(20)))

    problems = read_file(path).problems

    assert any("more than 10 rows" in p.reason for p in problems)
