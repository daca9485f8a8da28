"""Many files become one validated landscape, or one error that lists every problem."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from domain.model import Actor, Event, Offering
from domain.problems import LoadError, Problem
from domain.vocabulary import EventKind
from loaders.landscape import load_landscape

MUNICIPALITIES = """\
municipalities:
  - id: landkreis-gifhorn
    name: Landkreis Gifhorn
    kind: county
    ags: "03151"
    source: LSN 2023
  - id: gifhorn
    name: Stadt Gifhorn
    kind: einheitsgemeinde
    partOf: landkreis-gifhorn
    source: LSN 2023
topics:
  - {id: sprache, name: Sprache, source: example}
"""

ACTORS_CSV = """\
id;Name;Art;Ort;Quelle
kvhs-gifhorn;Kreisvolkshochschule Gifhorn;education_provider;Stadt Gifhorn;example
"""

OFFERINGS_JSON = {
    "offerings": [
        {
            "id": "kurs-1",
            "title": "Integrationskurs",
            "kind": "course",
            "source": "example",
            "providers": ["kvhs-gifhorn"],
            "topics": ["sprache"],
        }
    ]
}


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def problems_of(paths: list[Path], **options: object) -> list[Problem]:
    with pytest.raises(LoadError) as caught:
        load_landscape(paths, **options)  # type: ignore[arg-type]
    return list(caught.value.problems)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    write(tmp_path, "gifhorn.yaml", MUNICIPALITIES)
    write(tmp_path, "actors.csv", ACTORS_CSV)
    write(tmp_path, "offerings.json", json.dumps(OFFERINGS_JSON))
    return tmp_path


def test_a_folder_of_yaml_csv_and_json_merges_into_one_landscape(folder: Path) -> None:
    landscape = load_landscape([folder])

    assert landscape.counts()["municipalities"] == 2
    [actor] = landscape.nodes["actors"]
    [offering] = landscape.nodes["offerings"]
    assert isinstance(actor, Actor) and isinstance(offering, Offering)
    assert actor.located_in == "gifhorn"  # the CSV named the municipality by its name
    assert offering.providers == ["kvhs-gifhorn"]
    assert landscape.external == ()


def test_every_problem_of_every_file_is_reported_at_once(folder: Path) -> None:
    write(
        folder,
        "more.yaml",
        """\
actors:
  - id: kvhs-gifhorn
    name: Doppelt
    kind: verein
    source: example
  - id: caritas
    name: Caritas
    kind: charity
    source: example
    locatedIn: wolfsburg
""",
    )

    problems = problems_of([folder])

    found = {(Path(p.file).name, p.origin.position, p.field) for p in problems}
    assert found == {
        ("more.yaml", 2, "id"),  # duplicate id, first in actors.csv
        ("more.yaml", 8, "kind"),
        ("more.yaml", 10, "locatedIn"),
    }
    reasons = " ".join(p.reason for p in problems)
    assert "duplicate id 'kvhs-gifhorn' in actors" in reasons
    assert "unknown municipality 'wolfsburg'" in reasons


def test_a_reference_may_point_into_the_graph_when_the_graph_knows_it(folder: Path) -> None:
    offerings = write(
        folder,
        "more-offerings.yaml",
        """\
offerings:
  - {id: kurs-2, title: Kurs, kind: course, source: example, topics: [sprache, bildung]}
""",
    )
    asked: list[tuple[str, list[str]]] = []

    def graph_knows_sprache(section: str, ids: list[str]) -> list[str]:
        asked.append((section, ids))
        return ["sprache"]

    [problem] = problems_of([offerings], known_ids=graph_knows_sprache)

    assert asked == [("topics", ["bildung", "sprache"])]
    assert (problem.field, problem.origin.position) == ("topics[1]", 2)
    assert "unknown topic 'bildung': neither the files nor the graph have it" in problem.reason

    landscape = load_landscape([offerings], known_ids=lambda section, ids: ids)

    assert sorted((r.section, r.id) for r in landscape.external) == [
        ("topics", "bildung"),
        ("topics", "sprache"),
    ]
    assert "no file has it" in problems_of([offerings])[0].reason


def test_a_name_shared_by_two_records_is_ambiguous_in_a_spreadsheet(tmp_path: Path) -> None:
    write(
        tmp_path,
        "municipalities.csv",
        "id,name,kind,source\n"
        "meine,Meine,member_municipality,x\nmeine-2,Meine,member_municipality,x\n",
    )
    write(tmp_path, "actors.csv", "id,name,kind,locatedIn,source\na,A,association,Meine,x\n")

    [problem] = problems_of([tmp_path])

    assert "is the name of 2 municipality records (meine, meine-2)" in problem.reason


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "actors.json"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # 50 MiB of nothing

    [problem] = problems_of([big])

    assert "larger than the limit of 50.0 MB" in problem.reason


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.yaml", b"", "is empty"),
        ("blank.csv", b"\n\n", "is empty"),
        ("actors.csv", b"PK\x03\x04rest-of-a-zip", "not a CSV text file"),
        ("actors.xlsx", b"id,name\n", "not an Excel workbook"),
        ("actors.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Excel file"),
        ("actors.json", b"actors:\n  - id: a\n", "is not JSON"),
        ("actors.csv", b'{"actors": []}', "looks like JSON"),
        ("notes.txt", b"hello", "unsupported file type"),
    ],
)
def test_a_file_that_is_not_what_it_claims(
    tmp_path: Path, name: str, content: bytes, expected: str
) -> None:
    path = write(tmp_path, name, content)

    [problem] = problems_of([path])

    assert problem.file == str(path)
    assert expected in problem.reason


def test_missing_paths_and_empty_folders(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()

    problems = problems_of([tmp_path / "missing.yaml", tmp_path / "empty"])

    assert sorted(p.reason for p in problems) == [
        "Ordner enthält keine .yaml-, .json-, .csv- oder .xlsx-Datei / "
        "folder holds no .yaml, .json, .csv or .xlsx file",
        "existiert nicht / does not exist",
    ]


def test_a_folder_skips_other_files_and_hidden_ones(folder: Path) -> None:
    write(folder, "README.md", "# notes")
    (folder / ".backup").mkdir()
    write(folder / ".backup", "actors.csv", ACTORS_CSV)

    assert load_landscape([folder]).counts()["actors"] == 1


PASSWD_LINE = "root:x:0:0:root:/root:/bin/bash\n"


def test_a_link_inside_a_folder_is_not_followed_but_named(tmp_path: Path) -> None:
    secret = write(tmp_path, "passwd", PASSWD_LINE)
    folder = tmp_path / "upload"
    folder.mkdir()
    write(folder, "gifhorn.yaml", MUNICIPALITIES)
    (folder / "actors.csv").symlink_to(secret)
    (folder / "more").symlink_to(tmp_path, target_is_directory=True)

    problems = problems_of([folder])

    assert [(p.file, p.reason.split(" / ")[0]) for p in problems] == [
        (
            str(folder / "actors.csv"),
            "ist ein symbolischer Link und wurde nicht gelesen (mit --follow-links lesen)",
        ),
        (
            str(folder / "more"),
            "ist ein symbolischer Link und wurde nicht gelesen (mit --follow-links lesen)",
        ),
    ]
    assert not any("root" in f"{p.field} {p.reason}" for p in problems)


def test_links_are_read_when_the_user_asks(tmp_path: Path) -> None:
    real = write(tmp_path, "real-actors.txt", ACTORS_CSV)
    folder = tmp_path / "upload"
    folder.mkdir()
    write(folder, "gifhorn.yaml", MUNICIPALITIES)
    (folder / "actors.csv").symlink_to(real)
    (folder / "loop").symlink_to(folder, target_is_directory=True)

    landscape = load_landscape([folder], follow_links=True)

    assert [a.name for a in landscape.records("actors") if isinstance(a, Actor)] == [
        "Kreisvolkshochschule Gifhorn"
    ]


def test_a_sheet_without_ids_gets_stable_ids_from_the_names(tmp_path: Path) -> None:
    write(tmp_path, "gifhorn.yaml", MUNICIPALITIES)
    write(
        tmp_path,
        "Akteure.csv",
        "Name;Art;Ort;Quelle\n"
        "Flüchtlingshilfe Müden;association;Stadt Gifhorn;Umfrage\n"
        "Caritas;association;Stadt Gifhorn;Umfrage\n"
        "Caritas;association;Stadt Gifhorn;Umfrage\n",
    )

    first = load_landscape([tmp_path])
    again = load_landscape([tmp_path])

    ids = [r.id for r in first.nodes["actors"]]
    assert ids == ["fluechtlingshilfe-mueden", "caritas", "caritas-2"]
    assert [r.id for r in again.nodes["actors"]] == ids
    assert [n.reason.split(" / ")[0] for n in first.notices] == [
        "Kennung 'fluechtlingshilfe-mueden' aus dem Namen 'Flüchtlingshilfe Müden' erzeugt",
        "Kennung 'caritas' aus dem Namen 'Caritas' erzeugt",
        "Kennung 'caritas-2' aus dem Namen 'Caritas' erzeugt",
    ]


def test_a_generated_id_is_the_stored_id_of_the_same_name(tmp_path: Path) -> None:
    write(
        tmp_path,
        "Akteure.csv",
        "Name;Art;Quelle\nKreisvolkshochschule Gifhorn;education_provider;x\n",
    )

    def names_in_graph(section: str, names: list[str]) -> dict[str, list[str]]:
        stored = {"Kreisvolkshochschule Gifhorn": ["kvhs-gifhorn"]}
        return {n: stored[n] for n in names if n in stored} if section == "actors" else {}

    landscape = load_landscape([tmp_path], names_in_graph=names_in_graph)

    assert [r.id for r in landscape.nodes["actors"]] == ["kvhs-gifhorn"]


MORE_MUNICIPALITIES = """\
municipalities:
  - {id: wittingen, name: Stadt Wittingen, kind: einheitsgemeinde, partOf: landkreis-gifhorn,
     source: LSN}
  - {id: sg-brome, name: Samtgemeinde Brome, kind: samtgemeinde, partOf: landkreis-gifhorn,
     source: LSN}
  - {id: brome, name: Brome, kind: mitgliedsgemeinde, partOf: sg-brome, source: LSN}
"""


def test_everyday_names_of_municipalities_are_understood(tmp_path: Path) -> None:
    write(tmp_path, "gifhorn.yaml", MUNICIPALITIES)
    write(tmp_path, "more.yaml", MORE_MUNICIPALITIES)
    write(
        tmp_path,
        "Akteure.csv",
        "Name;Art;Ort;Aktiv in;Quelle\n"
        "Tafel Wittingen;association;Wittingen;Gifhorn;x\n"
        "Kirchengemeinde Brome;association;Brome;Samtgemeinde Brome;x\n",
    )

    landscape = load_landscape([tmp_path])

    actors = [a for a in landscape.nodes["actors"] if isinstance(a, Actor)]
    placed = {a.name: (a.located_in, a.active_in) for a in actors}
    assert placed == {
        "Tafel Wittingen": ("wittingen", ["gifhorn"]),
        "Kirchengemeinde Brome": ("brome", ["sg-brome"]),
    }


def test_a_loose_name_of_a_samtgemeinde_and_its_member_asks_which(tmp_path: Path) -> None:
    write(tmp_path, "gifhorn.yaml", MUNICIPALITIES)
    write(tmp_path, "more.yaml", MORE_MUNICIPALITIES)
    write(tmp_path, "Akteure.csv", "Name;Art;Ort;Quelle\nTafel;association;BROME;x\n")

    [problem] = problems_of([tmp_path])

    assert problem.reason.startswith(
        "'BROME' ist mehrdeutig (meinten Sie 'Brome' oder 'Samtgemeinde Brome'?)"
    )


def test_everyday_names_find_stored_municipalities_too(tmp_path: Path) -> None:
    write(
        tmp_path,
        "Akteure.csv",
        "Kennung;Name;Art;Ort;Quelle\ntafel;Tafel;association;Wittingen;x\n",
    )
    stored = {"Stadt Wittingen": ["wittingen"], "Landkreis Gifhorn": ["landkreis-gifhorn"]}

    def names_in_graph(section: str, names: list[str]) -> dict[str, list[str]]:
        if section != "municipalities":
            return {}
        return {n: ids for n, ids in stored.items() if not names or n in names}

    landscape = load_landscape(
        [tmp_path], names_in_graph=names_in_graph, known_ids=lambda _s, ids: ids
    )

    actors = [a for a in landscape.nodes["actors"] if isinstance(a, Actor)]
    assert [a.located_in for a in actors] == ["wittingen"]


def test_problems_of_a_sheet_name_its_columns_and_speak_german(tmp_path: Path) -> None:
    write(tmp_path, "gifhorn.yaml", MUNICIPALITIES)
    write(tmp_path, "Akteure.csv", "Kennung;Name;Art;Quelle\nkvhs;KVHS;Verein e.V.;x\n")
    write(
        tmp_path,
        "Angebote.csv",
        'Kennung;Titel;Art;Träger;Quelle\nkurs;Kurs;course;"kvhs; Atlantis-Schule";x\n',
    )

    problems = {p.field: p.reason for p in problems_of([tmp_path])}

    assert set(problems) == {"Art", "Träger (2. Eintrag)"}
    assert problems["Art"].startswith("unbekannter Wert 'Verein e.V.'; erlaubt: ")
    assert problems["Träger (2. Eintrag)"].startswith("Akteur 'Atlantis-Schule' unbekannt")
    assert all(" / " in reason for reason in problems.values())


def test_a_meetings_agenda_names_measures_that_must_exist(folder: Path) -> None:
    meeting = write(
        folder,
        "meetings.yaml",
        """\
measures:
  - {id: lotsen, title: Lotsenschulung, source: example}
events:
  - id: ak-sitzung
    name: AK-Sitzung
    kind: AK-Sitzung
    source: example
    agenda:
      - {title: Lotsen, measure: lotsen}
      - {title: Sprachkurs, gapKey: "coverage:gifhorn:sprache", measure: sprachkurs}
""",
    )

    [problem] = problems_of([folder])

    assert (Path(problem.file), problem.field) == (meeting, "agenda[1].measure")
    assert "unknown measure 'sprachkurs': no file has it" in problem.reason
    landscape = load_landscape([folder], known_ids=lambda section, ids: ids)
    [event] = landscape.nodes["events"]
    assert isinstance(event, Event)
    assert event.kind is EventKind.WORKING_GROUP_MEETING  # the German term is understood
    assert [(r.section, r.id) for r in landscape.external] == [("measures", "sprachkurs")]
