"""Need figures: where people live, and whether the figures behind "Bedarf" are examples.

The last two tests read the shipped Gifhorn dataset from a real Neo4j through the
projection, as the API and the CLI do.
"""

import neo4j

from graph.analysis import coverage_gaps, language_gaps, working_group_gaps
from graph.analysis.typed import leaf_municipalities, name_of
from graph.projection import project
from graph.settings import Settings
from tests.analysis.landscapes import Landscape, small_county

STATISTICS = "Landesamt für Statistik Niedersachsen"


def county_with_residents(source: str) -> Landscape:
    land = small_county()
    land.topic("sprache", "Sprache")
    land.language("ar", "Arabisch", spoken_in={"sy": 1.0}, source=STATISTICS)
    land.country("sy", "Syrien")
    land.municipality("dorf", "Dorf", part_of="sg-meinersen")
    land.residents("sy", "dorf", 120, source=source)
    return land


def test_figures_from_an_official_source_are_not_illustrative() -> None:
    land = county_with_residents(STATISTICS)

    coverage = coverage_gaps(land.graph, municipality="dorf")
    languages = language_gaps(land.graph)

    assert (coverage.need_sources, coverage.need_illustrative) == ((STATISTICS,), False)
    assert (languages.need_sources, languages.need_illustrative) == ((STATISTICS,), False)
    (gap,) = coverage.gaps
    assert not gap.need_illustrative
    assert "Beispieldaten" not in gap.reason + coverage.explanation
    assert "Beispieldaten" not in languages.gaps[0].reason + languages.explanation


def test_example_residents_make_the_need_illustrative_and_say_so() -> None:
    land = county_with_residents("example")

    coverage = coverage_gaps(land.graph, municipality="dorf")
    languages = language_gaps(land.graph)

    assert (coverage.need_sources, coverage.need_illustrative) == (("example",), True)
    assert languages.need_sources == (STATISTICS, "example")
    assert languages.need_illustrative
    (gap,) = coverage.gaps
    assert gap.need_illustrative
    assert gap.reason == (
        "kein Angebot zu Sprache in Dorf (120 Einwohner:innen aus anderen Herkunftsländern; "
        "Beispieldaten, nicht amtlich)"
    )
    assert languages.gaps[0].reason.endswith("(Beispieldaten, nicht amtlich)")
    assert "Beispieldaten: die Einwohnerzahlen sind illustrativ" in coverage.explanation
    assert "Beispieldaten: die Einwohnerzahlen sind illustrativ" in languages.explanation


def test_synthetic_figures_are_illustrative_too() -> None:
    land = county_with_residents("synthetic")

    assert coverage_gaps(land.graph, municipality="dorf").need_illustrative


def test_a_migrant_population_rests_on_the_municipality_record() -> None:
    land = small_county()
    land.topic("sprache", "Sprache")
    land.municipality("dorf", "Dorf", part_of="sg-meinersen", migrant_population=50)
    land.node("Municipality", "dorf", source="example")

    result = coverage_gaps(land.graph, municipality="dorf")

    assert (result.need_sources, result.need_illustrative) == (("example",), True)
    assert result.gaps[0].reason.endswith(
        "(50 Einwohner:innen mit Migrationsgeschichte; Beispieldaten, nicht amtlich)"
    )


def test_places_without_population_have_no_gaps() -> None:
    land = small_county()  # Giebel: population 0
    land.topic("sprache", "Sprache")
    land.language("ar", "Arabisch", spoken_in={"sy": 1.0})
    land.residents("sy", "giebel", 10)  # contradicts the population: 0 wins
    land.municipality("forst", "Forst", kind="unincorporated_area", part_of="landkreis-gifhorn")
    land.municipality("neudorf", "Neudorf", part_of="sg-meinersen")  # a Gemeinde, figure unknown

    places = {g.municipality_id for g in coverage_gaps(land.graph).gaps}
    spoken = {g.municipality_id for g in language_gaps(land.graph).gaps}
    unrepresented = {
        u.municipality_id for u in working_group_gaps(land.graph).unrepresented_municipalities
    }

    assert "giebel" not in places | spoken | unrepresented
    assert "forst" not in places | unrepresented  # unincorporated, nothing says people live there
    assert {"neudorf", "gifhorn", "hillerse"} <= places  # inhabited, even with need unknown
    assert {"neudorf", "gifhorn"} <= unrepresented


def test_an_unincorporated_area_with_residents_counts() -> None:
    land = small_county()
    land.municipality("forst", "Forst", kind="unincorporated_area", part_of="landkreis-gifhorn")
    land.residents("sy", "forst", 3)

    assert "Forst" in {name_of(land.graph, m) for m in leaf_municipalities(land.graph)}


def test_giebel_is_no_need_in_the_shipped_data(gifhorn: neo4j.Driver, settings: Settings) -> None:
    typed = project(gifhorn, settings.neo4j_database)

    coverage = coverage_gaps(typed)
    languages = language_gaps(typed)
    unrepresented = working_group_gaps(typed).unrepresented_municipalities

    assert typed.nodes["Municipality:giebel"].get("kind") == "unincorporated_area"
    listed = (
        {g.municipality_id for g in coverage.gaps}
        | {m.municipality_id for m in coverage.by_municipality}
        | {g.municipality_id for g in languages.gaps}
        | {u.municipality_id for u in unrepresented}
    )
    assert "giebel" not in listed
    # ... while populated municipalities are listed with their need.
    sassenburg = [g for g in coverage.gaps if g.municipality_id == "sassenburg"]
    assert sassenburg and all(g.need and g.need > 0 for g in sassenburg)
    assert "gifhorn" in {g.municipality_id for g in languages.gaps}


def test_the_shipped_need_figures_are_marked_as_example_data(
    gifhorn: neo4j.Driver, settings: Settings
) -> None:
    typed = project(gifhorn, settings.neo4j_database)

    coverage = coverage_gaps(typed, top=5)
    languages = language_gaps(typed, top=5)

    assert coverage.need_illustrative and languages.need_illustrative
    assert "example" in coverage.need_sources and "example" in languages.need_sources
    assert all(g.need_illustrative and "Beispieldaten" in g.reason for g in coverage.gaps)
    assert all(g.need_illustrative and "Beispieldaten" in g.reason for g in languages.gaps)
