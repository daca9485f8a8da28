"""Coordination gaps: what no coordinator is responsible for, and each one's load."""

from graph.analysis import coordination_gaps
from tests.analysis.landscapes import Landscape


def landscape() -> Landscape:
    land = Landscape()
    land.topic("sprache", "Sprache")
    land.topic("arbeit", "Arbeit & Ausbildung")
    land.offering("integrationskurs", "Integrationskurs", topics=["sprache"])
    land.offering("sprachcafe", "Sprachcafé", topics=["sprache"])
    land.offering("bewerbung", "Bewerbungstraining", topics=["arbeit"])
    land.working_group("ak-bildung", "AK Bildung", topics=["sprache"])
    land.coordinator(
        "koordination-bildung",
        "Bildungskoordination",
        role="Bildungskoordinatorin",
        topics=["sprache"],
        offerings=["integrationskurs"],
    )
    return land


def test_items_without_a_coordinator_name_who_could_take_them_on() -> None:
    result = coordination_gaps(landscape().graph)

    listed = [(u.label, u.name, u.topic_coordinators) for u in result.uncoordinated]
    assert listed == [
        ("Topic", "Arbeit & Ausbildung", ()),
        ("WorkingGroup", "AK Bildung", ("Bildungskoordination",)),
        ("Offering", "Bewerbungstraining", ()),
        ("Offering", "Sprachcafé", ("Bildungskoordination",)),
    ]
    assert result.uncoordinated[3].reason == (
        "Angebot „Sprachcafé“ ohne Koordinator:in; über das Handlungsfeld zuständig: "
        "Bildungskoordination"
    )
    assert (result.uncoordinated_topics, result.uncoordinated_offerings) == (1, 2)


def test_load_counts_direct_duties_and_offerings_in_coordinated_topics() -> None:
    (load,) = coordination_gaps(landscape().graph).load

    assert (load.name, load.role) == ("Bildungskoordination", "Bildungskoordinatorin")
    assert (load.offerings, load.working_groups, load.topics, load.total) == (1, 0, 1, 2)
    assert load.offerings_in_topics == 2


def test_top_cuts_the_lists_but_not_the_counts() -> None:
    result = coordination_gaps(landscape().graph, top=1)

    assert len(result.uncoordinated) == 1
    assert result.uncoordinated_offerings == 2
