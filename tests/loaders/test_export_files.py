"""Export files load back into the same landscape, in every format."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.export import EXPORT_FORMATS, ExportFormat, export_landscape, to_document
from loaders.landscape import load_landscape
from loaders.synthetic import generate, write_document

GIFHORN = Path(__file__).resolve().parents[2] / "loaders" / "data" / "gifhorn"


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_files_of_an_export_load_into_the_same_landscape(tmp_path: Path, fmt: ExportFormat) -> None:
    write_document(generate(400, seed=2), tmp_path / "source", "yaml")
    original = load_landscape([tmp_path / "source"])

    export_landscape(original, tmp_path / fmt, fmt)
    again = load_landscape([tmp_path / fmt])

    assert to_document(again) == to_document(original)


def test_an_exported_record_reads_like_the_data_format_page(tmp_path: Path) -> None:
    landscape = load_landscape([GIFHORN])

    [path] = [p for p in export_landscape(landscape, tmp_path, "yaml") if p.stem == "actors"]
    text = path.read_text()

    assert text.startswith("actors:\n- id: ")
    first = text.split("\n- id: ")[1]
    assert first.index("name:") < first.index("kind:") < first.index("source:")
    assert "updatedAt" not in text


def test_csv_export_joins_lists_with_semicolons(tmp_path: Path) -> None:
    landscape = load_landscape([GIFHORN])

    export_landscape(landscape, tmp_path, "csv")
    header = (tmp_path / "offerings.csv").read_text().splitlines()[0]

    assert header.startswith("id,title,kind")
    assert ";" in (tmp_path / "offerings.csv").read_text()
