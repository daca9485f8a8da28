"""Working-group gaps: topics, actors and places the Arbeitskreise do not reach."""

from graph.analysis import working_group_gaps
from tests.analysis.landscapes import Landscape, small_county


def landscape() -> Landscape:
    land = small_county()
    land.topic("bildung", "Bildung")
    land.topic("gesundheit", "Gesundheit")
    land.actor("kvhs", "KVHS", located_in="gifhorn")
    land.actor("schule", "Schule", located_in="gifhorn")
    land.actor("kita", "Kita Hillerse", located_in="hillerse")
    land.actor("gesundheitsamt", "Gesundheitsamt", located_in="gifhorn")
    land.working_group("ak-bildung", "AK Bildung", topics=["bildung"], members=["schule"])
    for i in range(3):
        land.offering(f"kvhs-{i}", providers=["kvhs"], topics=["bildung"])
    land.offering("schule-1", providers=["schule"], topics=["bildung"])
    land.offering("impfberatung", providers=["gesundheitsamt"], topics=["gesundheit"])
    land.offering("kita-1", providers=["kita"], topics=["bildung"])
    return land


def test_a_topic_with_offerings_but_no_working_group() -> None:
    (gap,) = working_group_gaps(landscape().graph).topics_without_group

    assert (gap.topic_name, gap.offerings, gap.actors) == ("Gesundheit", 1, 1)
    assert gap.reason == "1 Angebot zu Gesundheit, aber kein Arbeitskreis"


def test_the_most_active_actor_on_the_topic_is_missing_from_the_group() -> None:
    result = working_group_gaps(landscape().graph, most_active=1)

    (missing,) = result.missing_members
    assert (missing.actor_name, missing.offerings_on_topics, missing.rank) == ("KVHS", 3, 1)
    assert missing.reason == (
        "KVHS hat 3 Angebote zu Bildung, ist aber nicht Mitglied in „AK Bildung“"
    )


def test_ties_at_the_cut_are_all_checked() -> None:
    result = working_group_gaps(landscape().graph, most_active=2, working_group="ak-bildung")

    # Schule and Kita both have one offering: the cut at rank 2 takes both.
    names = [m.actor_name for m in result.missing_members]
    assert names == ["KVHS", "Kita Hillerse"]


def test_municipalities_without_any_member_are_ranked_by_need() -> None:
    result = working_group_gaps(landscape().graph)

    assert [m.municipality_name for m in result.unrepresented_municipalities] == [
        "Wittingen",
        "Meinersen",
        "Leiferde",
        "Hillerse",
        "Samtgemeinde Meinersen",
    ]
    assert result.unrepresented_municipalities[0].reason == (
        "kein Mitglied eines Arbeitskreises in Wittingen (1.200 Einwohner:innen mit "
        "Migrationsgeschichte)"
    )


def test_an_actor_active_in_a_samtgemeinde_represents_its_members() -> None:
    land = landscape()
    land.actor("fluechtlingshilfe", "Flüchtlingshilfe Meinersen", active_in=["sg-meinersen"])
    land.working_group("ak-teilhabe", members=["fluechtlingshilfe"])

    result = working_group_gaps(land.graph)

    assert [m.municipality_name for m in result.unrepresented_municipalities] == ["Wittingen"]


def test_a_county_wide_member_represents_no_particular_village() -> None:
    land = landscape()
    land.actor("landkreis", "Landkreis Gifhorn", active_in=["landkreis-gifhorn"])
    land.working_group("steuerungsgruppe", members=["landkreis"])

    result = working_group_gaps(land.graph)

    assert "Wittingen" in {m.municipality_name for m in result.unrepresented_municipalities}


def test_actors_of_another_county_are_not_missing_members() -> None:
    land = landscape()
    land.municipality("landkreis-celle", "Landkreis Celle", kind="county")
    land.municipality("celle", "Celle", part_of="landkreis-celle")
    land.actor("vhs-celle", "VHS Celle", located_in="celle")
    for i in range(5):
        land.offering(f"celle-{i}", providers=["vhs-celle"], topics=["bildung"])

    names = {m.actor_name for m in working_group_gaps(land.graph).missing_members}

    assert "VHS Celle" not in names
