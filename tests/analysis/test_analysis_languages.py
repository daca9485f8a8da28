"""Language gaps: residents whose languages no offering in reach is held in."""

from graph.analysis import language_gaps
from tests.analysis.landscapes import small_county


def test_a_municipality_without_an_offering_in_its_residents_language() -> None:
    land = small_county()
    land.language("ar", "Arabisch", spoken_in={"sy": 0.9, "iq": 0.8})
    land.language("ku", "Kurdisch", spoken_in={"sy": 0.1, "iq": 0.2})
    land.language("de", "Deutsch")
    land.country("sy", "Syrien")
    land.country("iq", "Irak")
    land.residents("sy", "wittingen", 200)
    land.residents("iq", "wittingen", 100)
    land.offering("kurs", languages=["de", "ku"], municipalities=["wittingen"])

    result = language_gaps(land.graph)

    (gap,) = result.gaps
    assert (gap.municipality_name, gap.language_name) == ("Wittingen", "Arabisch")
    assert gap.residents_not_reached == 200 * 0.9 + 100 * 0.8
    assert gap.countries == ("Syrien", "Irak")
    assert (
        gap.reason
        == "kein Angebot auf Arabisch in Wittingen, ca. 260 Einwohner:innen aus Syrien und Irak"
    )


def test_an_offering_of_the_samtgemeinde_reaches_its_members() -> None:
    land = small_county()
    land.language("ti", "Tigrinya", spoken_in={"er": 1.0})
    land.residents("er", "hillerse", 40)
    land.residents("er", "leiferde", 60)
    land.offering("cafe", languages=["ti"], municipalities=["sg-meinersen"])

    assert language_gaps(land.graph).gaps == ()


def test_gaps_are_ranked_by_residents_not_reached() -> None:
    land = small_county()
    land.language("uk", "Ukrainisch", spoken_in={"ua": 0.7})
    land.language("ru", "Russisch", spoken_in={"ua": 0.3})
    land.residents("ua", "gifhorn", 1000)
    land.residents("ua", "wittingen", 100)

    result = language_gaps(land.graph, top=3)

    assert [
        (g.municipality_name, g.language_name, g.residents_not_reached) for g in result.gaps
    ] == [
        ("Gifhorn", "Ukrainisch", 700),
        ("Gifhorn", "Russisch", 300),
        ("Wittingen", "Ukrainisch", 70),
    ]
    assert result.gap_count == 4
    assert result.residents_not_reached == 1100


def test_residents_counted_for_a_samtgemeinde_are_reached_by_an_offering_in_a_member() -> None:
    land = small_county()
    land.language("fa", "Persisch", spoken_in={"af": 0.5})
    land.residents("af", "sg-meinersen", 80)
    land.offering("beratung", languages=["fa"], municipalities=["leiferde"])

    assert language_gaps(land.graph).gaps == ()


def test_residents_from_countries_without_language_data_are_reported_apart() -> None:
    land = small_county()
    land.country("xx", "Unbekannt")
    land.residents("xx", "gifhorn", 12)

    result = language_gaps(land.graph)

    assert result.gaps == ()
    assert result.residents_without_language_data == 12


def test_filters_by_municipality_and_language() -> None:
    land = small_county()
    land.language("uk", "Ukrainisch", spoken_in={"ua": 0.7})
    land.language("ru", "Russisch", spoken_in={"ua": 0.3})
    land.residents("ua", "gifhorn", 1000)
    land.residents("ua", "meinersen", 100)

    gaps = language_gaps(land.graph, municipality="sg-meinersen", language="ru").gaps

    assert [(g.municipality_id, g.language_id) for g in gaps] == [("meinersen", "ru")]
