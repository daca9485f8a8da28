"""The printable HTML report: one self-contained file, every section, all data escaped."""

from __future__ import annotations

from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest

from cli.report_html import to_html
from cli.report_view import sections, to_markdown
from graph.analysis import GapReport, gap_report
from graph.data_status import summarise
from reports.header import ReportContext, header
from tests.analysis.landscapes import synthetic_landscape
from tests.analysis.test_analysis_explanations import jargon

HOSTILE = '<script>alert("x")</script> & <img src=x>'


class Page(HTMLParser):
    """Collects what a self-contained page must not have and what it must show."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.references: list[tuple[str, str, str]] = []
        self.headings: list[str] = []
        self.text: list[str] = []
        self._in_h2 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._in_h2 = tag == "h2"
        for name, value in attrs:
            if name in ("src", "href", "srcset", "xlink:href", "action", "poster", "data"):
                self.references.append((tag, name, value or ""))
            if name == "style" and value and "url(" in value:
                self.references.append((tag, name, value))

    def handle_endtag(self, tag: str) -> None:
        if tag == "h2":
            self._in_h2 = False

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_h2:
            self.headings.append(data)


@pytest.fixture(scope="module")
def report() -> GapReport:
    land = synthetic_landscape(regions=2, seed=4)
    land.nodes["Actor:r0-a0"]["name"] = HOSTILE  # data is data, never markup
    return gap_report(land, top=5)


@pytest.fixture(scope="module")
def context() -> ReportContext:
    status = summarise(
        7,
        [
            {
                "source": "example",
                "nodes": 900,
                "updated": datetime(2026, 11, 30, 9, 15, tzinfo=UTC),
            },
            {"source": "article", "nodes": 20, "updated": None},
        ],
        [{"source": "example", "relationships": 2000}],
    )
    return ReportContext(generated_at=datetime(2026, 12, 1, 8, 0, tzinfo=UTC), status=status)


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


def test_the_html_report_is_one_file_without_external_references(
    report: GapReport, context: ReportContext
) -> None:
    page = parse(to_html(report, context))

    assert page.references, "the table of contents links to the sections"
    assert [ref for ref in page.references if not ref[2].startswith("#")] == []
    assert not {"script", "link", "img", "iframe", "object", "embed"} & set(page.tags)
    assert page.tags.count("style") == 1
    assert page.tags.count("svg") >= 3  # coverage, languages, brokers


def test_the_html_report_has_every_section_with_its_explanation(
    report: GapReport, context: ReportContext
) -> None:
    html = to_html(report, context)
    page = parse(html)
    text = " ".join(page.text)

    expected = sections(report)
    assert page.headings == [s.heading for s in expected]
    for section in expected:
        assert section.explanation and section.explanation in text
    assert "Stand der Daten: 30.11.2026, 10:15 Uhr" in text  # Berlin time
    assert "Bericht erstellt: 01.12.2026, 09:00 Uhr" in text
    assert "Beispieldaten" in text
    assert "@page" in html and "table-header-group" in html and "break-before: page" in html


def test_data_is_escaped(report: GapReport, context: ReportContext) -> None:
    html = to_html(report, context)
    page = parse(html)

    assert HOSTILE in "".join(page.text)  # shown as text ...
    assert "<script>" not in html  # ... never as markup
    assert "script" not in page.tags and "img" not in page.tags


def test_the_header_names_dates_sources_and_the_example_share(
    report: GapReport, context: ReportContext
) -> None:
    head = header(report, context)

    assert head.lines[0].startswith("Stand der Daten: 30.11.2026")
    assert "example (2.900 Datensätze, Beispieldaten)" in head.lines[2]
    assert "article (20 Datensätze)" in head.lines[2]
    assert "2.900 von 2.920 Datensätzen" in head.warning
    assert header(report).lines == () and header(report).warning == ""


def test_report_texts_are_plain_german(report: GapReport, context: ReportContext) -> None:
    texts = [to_markdown(report, context)] + [
        " ".join((s.heading, s.note, s.explanation, s.warning, *s.columns))
        for s in sections(report)
    ]
    # Markdown also holds the data rows; names of the synthetic actors carry no jargon.
    assert [jargon(t) for t in texts if jargon(t)] == []
