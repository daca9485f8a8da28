"""Coverage gaps: which municipality lacks offerings in which field of action."""

import pytest

from graph.analysis import CoverageGaps, coverage_gaps
from tests.analysis.landscapes import small_county


def cells(result: CoverageGaps) -> set[tuple[str, str]]:
    return {(g.municipality_name, g.topic_name) for g in result.gaps}


def test_an_offering_of_a_samtgemeinde_covers_each_member() -> None:
    land = small_county()
    land.topic("sprache", "Sprache")
    land.offering("sprachcafe", topics=["sprache"], municipalities=["sg-meinersen"])
    land.offering("kurs-gifhorn", topics=["sprache"], municipalities=["gifhorn"])

    result = coverage_gaps(land.graph)

    assert cells(result) == {("Wittingen", "Sprache")}
    assert result.cells == 5  # Gifhorn, Wittingen, Hillerse, Leiferde, Meinersen


def test_an_offering_of_the_county_covers_every_municipality() -> None:
    land = small_county()
    land.topic("beratung", "Beratung")
    land.offering("mbe", topics=["beratung"], municipalities=["landkreis-gifhorn"])

    assert coverage_gaps(land.graph).gaps == ()


def test_an_offering_of_a_member_does_not_cover_its_neighbours() -> None:
    land = small_county()
    land.topic("wohnen", "Wohnen")
    land.offering("wohnberatung", topics=["wohnen"], municipalities=["hillerse"])

    result = coverage_gaps(land.graph, municipality="sg-meinersen")

    assert cells(result) == {("Leiferde", "Wohnen"), ("Meinersen", "Wohnen")}


def test_gaps_are_ranked_by_residents_with_a_migration_background() -> None:
    land = small_county()
    land.topic("arbeit", "Arbeit & Ausbildung")

    result = coverage_gaps(land.graph, top=3)

    assert [g.municipality_name for g in result.gaps] == ["Gifhorn", "Wittingen", "Meinersen"]
    assert result.gap_count == 5
    assert result.gaps[0].need == 9000
    assert result.gaps[0].reason == (
        "kein Angebot zu Arbeit & Ausbildung in Gifhorn (9.000 Einwohner:innen mit "
        "Migrationsgeschichte)"
    )


def test_need_falls_back_to_residents_statistics_and_unknown_need_comes_last() -> None:
    land = small_county()
    land.topic("sprache", "Sprache")
    land.municipality("neudorf", "Neudorf", part_of="sg-meinersen")  # need unknown
    land.municipality("altdorf", "Altdorf", part_of="sg-meinersen")
    land.residents("sy", "altdorf", 250)

    gaps = coverage_gaps(land.graph, municipality="sg-meinersen").gaps

    assert [(g.municipality_name, g.need) for g in gaps] == [
        ("Meinersen", 800),
        ("Leiferde", 400),
        ("Hillerse", 300),
        ("Altdorf", 250),
        ("Neudorf", None),
    ]


def test_cells_can_be_split_by_target_group() -> None:
    land = small_county()
    land.topic("sprache", "Sprache")
    land.target_group("frauen", "Frauen")
    land.target_group("jugendliche", "Jugendliche")
    land.offering(
        "frauenkurs", topics=["sprache"], target_groups=["frauen"], municipalities=["gifhorn"]
    )
    land.offering("offenes-cafe", topics=["sprache"], municipalities=["landkreis-gifhorn"])

    result = coverage_gaps(land.graph, municipality="gifhorn", by_target_group=True)

    assert [(g.target_group_name, g.reason) for g in result.gaps] == [
        (
            "Jugendliche",
            "kein Angebot zu Sprache für Jugendliche in Gifhorn (9.000 Einwohner:innen mit "
            "Migrationsgeschichte)",
        )
    ]


def test_filters_by_topic_and_unknown_ids_are_errors() -> None:
    land = small_county()
    land.topic("sprache", "Sprache")
    land.topic("wohnen", "Wohnen")

    assert {g.topic_id for g in coverage_gaps(land.graph, topic="wohnen").gaps} == {"wohnen"}
    with pytest.raises(KeyError):
        coverage_gaps(land.graph, municipality="atlantis")
