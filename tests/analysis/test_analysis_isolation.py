"""Isolated and peripheral actors."""

from graph.analysis import collaboration_graph, peripheral_actors
from tests.analysis.landscapes import Landscape, small_county


def network() -> Landscape:
    land = small_county()
    land.actor("moschee", "Moscheegemeinde", located_in="gifhorn")
    land.actor("tafel", "Tafel Wittingen", located_in="wittingen")
    land.actor("caritas", "Caritas", located_in="gifhorn")
    land.actor("awo", "AWO", located_in="hillerse")
    land.actor("kvhs", "KVHS", located_in="gifhorn")
    land.cooperation("caritas", "awo")
    land.cooperation("caritas", "kvhs")
    land.cooperation("awo", "kvhs")
    land.working_group("ak-bildung", "AK Bildung", members=["caritas", "awo", "kvhs", "tafel"])
    return land


def test_an_actor_without_any_tie_is_isolated_and_comes_first() -> None:
    result = peripheral_actors(network().graph)

    first = result.actors[0]
    assert (first.name, first.isolated, first.ties) == ("Moscheegemeinde", True, 0)
    assert first.reasons == (
        "ohne Verbindung im Netzwerk",
        "in keinem Arbeitskreis",
        "keine Kooperation",
    )
    assert result.isolated_count == 1


def test_an_actor_with_ties_but_no_cooperation_is_peripheral() -> None:
    result = peripheral_actors(network().graph)

    tafel = next(a for a in result.actors if a.actor_id == "tafel")
    assert tafel.ties == 3 and tafel.working_groups == 1 and tafel.cooperations == 0
    assert tafel.reasons == ("keine Kooperation",)


def test_well_connected_members_are_not_reported() -> None:
    result = peripheral_actors(network().graph)

    assert {a.actor_id for a in result.actors} == {"moschee", "tafel"}
    assert result.actor_count == 5


def test_a_pendant_hangs_on_one_partner() -> None:
    land = network()
    land.actor("initiative", "Flüchtlingshilfe")
    land.cooperation("initiative", "caritas")

    result = peripheral_actors(land.graph)

    pendant = next(a for a in result.actors if a.actor_id == "initiative")
    assert pendant.reasons == ("nur eine Verbindung (zu Caritas)", "in keinem Arbeitskreis")


def test_filter_by_municipality_includes_members_of_a_samtgemeinde() -> None:
    land = network()
    land.actor("dorfverein", "Dorfverein", located_in="leiferde")
    collab = collaboration_graph(land.graph)

    result = peripheral_actors(land.graph, collab, municipality="sg-meinersen")

    assert [a.name for a in result.actors] == ["Dorfverein"]
