"""The shipped data tells the truth (issue 11): facts of the article that lived only in free
text are fields a planner can ask for, and what the county's website describes carries that
source instead of `example`, without invented dates."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import neo4j

from domain.model import Event
from domain.vocabulary import EventKind
from loaders.landscape import load_landscape

GraphQL = Callable[..., dict[str, Any]]
GIFHORN = Path(__file__).resolve().parents[2] / "loaders" / "data" / "gifhorn"
WEBSITE_GROUPS = (
    "ak-bildung",
    "ak-familienleben",
    "ak-gesellschaftliche-teilhabe",
    "ak-ausbildung-arbeit",
    "steuerungsgruppe-integration",
)


def test_the_networks_groups_carry_the_websites_source_and_no_invented_dates() -> None:
    groups: dict[str, Any] = {g.id: g for g in load_landscape([GIFHORN]).nodes["workingGroups"]}

    for group_id in WEBSITE_GROUPS:
        assert groups[group_id].source == "Landkreis Gifhorn, Webseite Netzwerk Integration"
        assert groups[group_id].founded is None
    assert groups["ak-ehrenamt"].source == "example"  # illustrative stays illustrative


def test_a_planner_asks_when_the_stabsstelle_was_founded_and_what_the_talk_was(
    gifhorn: neo4j.Driver, data: GraphQL
) -> None:
    result = data(
        """{ actor(id: "stabsstelle-integration") { founded }
             event(id: "neustart-netzwerk-integration-2018") {
               participants(role: [SPEAKER]) { title participant { ... on Person { id } } }
             }
             person(id: "heinz-mueller") { participations { title role } } }"""
    )

    assert result["actor"] == {"founded": "2017-06"}
    talks = [p for p in result["event"]["participants"] if p["title"]]
    assert talks == [
        {
            "title": "Perspektiven der Integration im Landkreis Gifhorn",
            "participant": {"id": "heinz-mueller"},
        }
    ]
    assert result["person"]["participations"] == [
        {"title": "Perspektiven der Integration im Landkreis Gifhorn", "role": "SPEAKER"}
    ]


def test_the_relaunch_of_2018_is_a_netzwerktreffen_and_the_planned_update_a_plain_event() -> None:
    """The article's description calls the relaunch a Netzwerktreffen: its kind says so, so
    that it counts among the network's meetings and not as a plain Veranstaltung."""
    events = {e.id: e for e in load_landscape([GIFHORN]).nodes["events"] if isinstance(e, Event)}

    assert events["neustart-netzwerk-integration-2018"].kind is EventKind.NETWORK_MEETING
    assert events["fortschreibung-integrationskonzept-2018"].kind is None  # not a meeting
