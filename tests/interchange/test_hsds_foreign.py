"""An HSDS dataset made by another system: its UUIDs, its names, no ids of ours.

The dataset is written here as CSV tables, as a directory maintainer would hand it over.
Kinds, topics and target groups use the taxonomies we publish (their term URIs); service
areas name municipalities by AGS or by name.
"""

from __future__ import annotations

import csv
from pathlib import Path

import neo4j
import pytest
from typer.testing import CliRunner

from cli.main import app
from domain.model import Actor, Offering
from domain.problems import LoadError
from graph.settings import Settings
from loaders.hsds import Place, read_hsds
from loaders.hsds.mapping import ACTOR_KINDS, OFFERING_KINDS, TABLES, TOPICS

PLACES = [
    Place("meinersen", "Meinersen", "03151402"),
    Place("samtgemeinde-meinersen", "Samtgemeinde Meinersen"),
]
ORG = "1b4e28ba-2fa1-11d2-883f-0016d3cca427"
SERVICE = "6fa459ea-ee8a-3ca4-894e-db77e160355e"


def _write(folder: Path, table: str, rows: list[dict[str, str]]) -> None:
    name, columns = TABLES[table]
    with (folder / name).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


def _attribute(number: int, link: str, entity: str, term: str) -> dict[str, str]:
    return {
        "id": f"00000000-0000-4000-8000-{number:012d}",
        "link_id": link,
        "link_entity": entity,
        "taxonomy_term_id": term,
    }


def _dataset(folder: Path, *, org_kind: bool = True, area: str = "Meinersen") -> Path:
    _write(
        folder,
        "organization",
        [
            {
                "id": ORG,
                "name": "Flüchtlingshilfe Müden (Aller) e.V.",
                "description": "",
                "email": "kontakt@example.org",
            }
        ],
    )
    _write(
        folder,
        "phone",
        [
            {
                "id": "7a9c8b6d-4e0f-4d3b-8c6b-5d4e6f7a8b92",
                "organization_id": ORG,
                "number": "05371 12345",
            }
        ],
    )
    _write(
        folder,
        "service",
        [{"id": SERVICE, "organization_id": ORG, "name": "Sprachcafé Müden", "status": "active"}],
    )
    _write(
        folder,
        "schedule",
        [
            {
                "id": "2c5ea4c0-4067-11e9-8bad-9b1deb4d3b7d",
                "service_id": SERVICE,
                "freq": "WEEKLY",
                "byday": "WE",
                "opens_at": "15:00",
                "closes_at": "17:00",
                "valid_from": "2024-01-10",
            }
        ],
    )
    _write(
        folder,
        "service_area",
        [{"id": "3d6f4e2a-1b7c-4a0e-9f3e-2a1b3c4d5e6f", "service_id": SERVICE, "name": area}],
    )
    _write(
        folder,
        "language",
        [
            {
                "id": "4e7a5f3b-2c8d-4b1f-8a4f-3b2c4d5e6f70",
                "service_id": SERVICE,
                "name": "Arabisch",
                "code": "AR",
            }
        ],
    )
    attributes = [
        _attribute(2, SERVICE, "service", OFFERING_KINDS.term_id("meeting_point")),
        _attribute(3, SERVICE, "service", TOPICS.term_id("sprache")),
    ]
    if org_kind:
        attributes.append(
            _attribute(1, ORG, "organization", ACTOR_KINDS.term_id("volunteer_initiative"))
        )
    _write(folder, "attribute", attributes)
    _write(
        folder,
        "taxonomy_term",
        [
            {
                "id": TOPICS.term_id("sprache"),
                "code": "sprache",
                "name": "Sprache",
                "description": "",
                "taxonomy_id": TOPICS.id,
            }
        ]
        + [
            {
                "id": t.term_id(code),
                "code": code,
                "name": code,
                "description": "",
                "taxonomy_id": t.id,
            }
            for t, code in (
                (ACTOR_KINDS, "volunteer_initiative"),
                (OFFERING_KINDS, "meeting_point"),
            )
        ],
    )
    return folder


def test_foreign_dataset_becomes_a_landscape(tmp_path: Path) -> None:
    landscape = read_hsds(_dataset(tmp_path), places=PLACES, known_ids=lambda s, ids: ids)

    [actor] = landscape.nodes["actors"]
    [offering] = landscape.nodes["offerings"]
    assert isinstance(actor, Actor) and isinstance(offering, Offering)
    assert actor.id == "fluechtlingshilfe-mueden-aller-e-v"
    assert actor.kind.value == "volunteer_initiative"
    assert actor.source == f"HSDS-Import {tmp_path.name}"
    assert actor.phone == "05371 12345"
    assert actor.email == "kontakt@example.org"
    assert offering.id == "sprachcafe-mueden"
    assert offering.providers == [actor.id]
    assert offering.municipalities == ["meinersen"]
    assert offering.languages == ["ar"]
    assert offering.schedule == "WEEKLY WE 15:00-17:00"
    assert str(offering.start_date) == "2024-01-10"
    assert [t.id for t in landscape.nodes["topics"]] == ["sprache"]


def test_every_problem_is_named_with_file_row_and_field(tmp_path: Path) -> None:
    folder = _dataset(tmp_path, org_kind=False, area="Atlantis")
    _write(
        folder,
        "funding",
        [
            {
                "id": "5f8b6a4c-3d9e-4c2a-9b5a-4c3d5e6f7a81",
                "service_id": "unknown-service",
                "source": "Land Niedersachsen",
            }
        ],
    )

    with pytest.raises(LoadError) as caught:
        read_hsds(folder, places=PLACES, known_ids=lambda s, ids: ids)

    found = {(Path(p.file).name, p.place, p.field) for p in caught.value.problems}
    assert ("organizations.csv", "row 2", "attribute (actor-kinds)") in found
    assert ("service_areas.csv", "row 2", "name") in found
    assert ("funding.csv", "row 2", "service_id") in found
    assert all(p.reason for p in caught.value.problems)


def test_bad_dataset_writes_nothing(
    empty_db: neo4j.Driver, settings: Settings, cli_env: CliRunner, tmp_path: Path
) -> None:
    folder = _dataset(tmp_path, org_kind=False)

    result = cli_env.invoke(app, ["load", "--format", "hsds", str(folder)])

    assert result.exit_code == 1
    assert "organizations.csv" in result.output and "actor-kinds" in result.output
    # the shipped municipalities were to come along (the graph had none) and, in the same
    # transaction, stay out as well
    assert "loading the 50 shipped ones along" in result.output
    records, _, _ = empty_db.execute_query(
        "MATCH (n) WHERE NOT n:_Meta RETURN count(n) AS n", database_=settings.neo4j_database
    )
    assert records[0]["n"] == 0


def test_hsds_load_refuses_replace_and_several_paths(cli_env: CliRunner, tmp_path: Path) -> None:
    for args in (["--replace", str(tmp_path)], [str(tmp_path), str(tmp_path)]):
        result = cli_env.invoke(app, ["load", "--format", "hsds", *args])
        assert result.exit_code == 2
        assert "exactly one" in result.output
