"""The questions of ``python -m bench library``, each asked three ways.

Each :class:`Case` holds our GraphQL document, the Neo4j GraphQL Library's document for the
same data (spelling out what our API does implicitly: every nested list ordered by name or
title, then id, and capped at 100) and the hand-written Cypher floor, which returns the
canonical answer in one column ``answer``; shape functions turn each server's answer into
that canonical shape, so that the bench can check all answers equal before timing.

The first nine are the bench's original questions (fixed parameters). The others are of
shapes a dashboard developer writes that the first nine lack (deep lists with small pages,
wide lists, many aliases, fragments on a union, variables for filters and ids, relationship
properties, ``some``/``none`` filters, sorts, a page in the middle of a long list), and
their ids and arguments change from request to request (``vary``: each names a pool of
values that ``bench.bench_library.choose_pools`` picks from the data), so that no cache of
answers serves a repeat (a plan cache keyed by variable values holds all ten after a round).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Json = Any


# The library spells out what our API does implicitly in every nested list.
BY_NAME = "(limit: 100, sort: [{name: ASC}, {id: ASC}])"
BY_TITLE = "(limit: 100, sort: [{title: ASC}, {id: ASC}])"
BY_NAME_10 = "(limit: 10, sort: [{name: ASC}, {id: ASC}])"
EDGES_BY_NAME = "(first: 100, sort: [{node: {name: ASC}}, {node: {id: ASC}}])"
EDGES_BY_TITLE = "(first: 100, sort: [{node: {title: ASC}}, {node: {id: ASC}}])"


def _nested(pattern: str, node: str, order: str, projection: str, limit: int = 100) -> str:
    """A floor subquery: related nodes ordered like our API, capped at ``limit`` (100)."""
    return (
        f"COLLECT {{ MATCH {pattern} WITH {node} ORDER BY {node}.{order}, {node}.id "
        f"LIMIT {limit} RETURN {node} {projection} }}"
    )


def _edges(value: Json, node: str, *props: str) -> list[Json]:
    """A library connection's edges as ``{prop..., node: {...}}`` items."""
    return [
        {**{p: edge["properties"][p] for p in props}, node: edge["node"]} for edge in value["edges"]
    ]


@dataclass(frozen=True)
class Case:
    """One question asked three ways, with a shape function per contestant.

    Each ``*_shape`` turns that contestant's (normalised) answer into the canonical shape;
    the floor's Cypher returns the canonical shape in its single column ``answer``.
    """

    name: str
    purpose: str
    ours: str
    library: str
    floor: str
    ours_shape: Callable[[Json], Json]
    library_shape: Callable[[Json], Json]
    vary: tuple[str, ...] = ()
    """Parameters that change from request to request: each names a pool of values."""


def _library_actor(data: Json) -> Json:
    if not data["actors"]:
        return None
    actor = dict(data["actors"][0])
    actor["fundings"] = _edges(actor.pop("fundingsConnection"), "offering", "program")
    actor["memberships"] = _edges(
        actor.pop("workingGroupsConnection"), "workingGroup", "role", "since"
    )
    return actor


def _groups_of(actor: Json) -> Json:
    """Our ``memberships { workingGroup }`` as the library's ``workingGroups`` list."""
    return {
        **{k: v for k, v in actor.items() if k != "memberships"},
        "workingGroups": [m["workingGroup"] for m in actor["memberships"]],
    }


OFFERING_FIELDS = (
    "id title kind description schedule capacity startDate endDate fundingProgram source"
)
"""Ten scalar fields that our API and the library's type definitions both have."""


def _library_groups(data: Json) -> Json:
    groups = []
    for group in data["workingGroups"]:
        shaped = dict(group)
        shaped["members"] = _edges(shaped.pop("membersConnection"), "actor", "role")
        groups.append(shaped)
    return groups


ORIGINAL: tuple[Case, ...] = (
    Case(
        "actors_by_kind",
        "dashboard: 100 actors of one kind with their offerings' titles",
        """query ($kindEnum: ActorKind!) {
          actors(where: {kind: {eq: $kindEnum}}, first: 100) {
            edges { node { id name offerings { id title } } }
          }
        }""",
        f"""query ($kind: String!) {{
          actors(where: {{kind: {{eq: $kind}}}}, limit: 100,
                 sort: [{{name: ASC}}, {{id: ASC}}]) {{
            id name offerings{BY_TITLE} {{ id title }}
          }}
        }}""",
        f"""MATCH (a:Actor {{kind: $kind}}) WITH a ORDER BY a.name, a.id LIMIT 100
        RETURN collect(a {{.id, .name,
          offerings: {_nested("(a)-[:OFFERS]->(o:Offering)", "o", "title", "{.id, .title}")}
        }}) AS answer""",
        lambda data: [edge["node"] for edge in data["actors"]["edges"]],
        lambda data: data["actors"],
    ),
    Case(
        "offerings_by_topic",
        "planner: 100 offerings on one topic with providers, languages, municipalities",
        """query ($topic: ID!) {
          offerings(where: {topic: {eq: $topic}}, first: 100) {
            edges { node {
              id title
              providers { id name } languages { id name } municipalities { id name }
            } }
          }
        }""",
        f"""query ($topic: ID!) {{
          offerings(where: {{topics: {{some: {{id: {{eq: $topic}}}}}}}}, limit: 100,
                    sort: [{{title: ASC}}, {{id: ASC}}]) {{
            id title
            providers{BY_NAME} {{ id name }}
            languages{BY_NAME} {{ id name }}
            municipalities{BY_NAME} {{ id name }}
          }}
        }}""",
        f"""MATCH (o:Offering) WHERE EXISTS {{ (o)-[:ADDRESSES]->(:Topic {{id: $topic}}) }}
        WITH o ORDER BY o.title, o.id LIMIT 100
        RETURN collect(o {{.id, .title,
          providers: {_nested("(o)<-[:OFFERS]-(a:Actor)", "a", "name", "{.id, .name}")},
          languages: {_nested("(o)-[:IN_LANGUAGE]->(l:Language)", "l", "name", "{.id, .name}")},
          municipalities:
            {_nested("(o)-[:AVAILABLE_IN]->(m:Municipality)", "m", "name", "{.id, .name}")}
        }}) AS answer""",
        lambda data: [edge["node"] for edge in data["offerings"]["edges"]],
        lambda data: data["offerings"],
    ),
    Case(
        "municipality_3_levels",
        "dashboard: a municipality -> its offerings -> their providers -> working groups",
        """query ($municipality: ID!) {
          municipality(id: $municipality) {
            id name
            offerings(scope: EXACT) {
              id title
              providers { id name memberships { workingGroup { id name } } }
            }
          }
        }""",
        f"""query ($municipality: ID!) {{
          municipalities(where: {{id: {{eq: $municipality}}}}) {{
            id name
            offerings{BY_TITLE} {{
              id title
              providers{BY_NAME} {{ id name workingGroups{BY_NAME} {{ id name }} }}
            }}
          }}
        }}""",
        f"""MATCH (m:Municipality {{id: $municipality}})
        RETURN m {{.id, .name,
          offerings: COLLECT {{
            MATCH (m)<-[:AVAILABLE_IN]-(o:Offering) WITH o ORDER BY o.title, o.id LIMIT 100
            RETURN o {{.id, .title,
              providers: COLLECT {{
                MATCH (o)<-[:OFFERS]-(a:Actor) WITH a ORDER BY a.name, a.id LIMIT 100
                RETURN a {{.id, .name, workingGroups:
                  {_nested("(a)-[:MEMBER_OF]->(w:WorkingGroup)", "w", "name", "{.id, .name}")}
                }}
              }}
            }}
          }}
        }} AS answer""",
        lambda data: {
            **{k: v for k, v in data["municipality"].items() if k != "offerings"},
            "offerings": [
                {
                    **{k: v for k, v in offering.items() if k != "providers"},
                    "providers": [_groups_of(provider) for provider in offering["providers"]],
                }
                for offering in data["municipality"]["offerings"]
            ],
        },
        lambda data: data["municipalities"][0] if data["municipalities"] else None,
    ),
    Case(
        "actors_name_page",
        "planner: actors whose name contains a word, first page of 20, total and hasNext",
        """query ($text: String!) {
          actors(where: {name: {contains: $text}}, first: 20) {
            totalCount
            pageInfo { hasNextPage }
            edges { node { id name kind locatedIn { id name } } }
          }
        }""",
        """query ($text: String!) {
          actorsConnection(where: {name: {contains: $text}}, first: 20,
                           sort: [{name: ASC}, {id: ASC}]) {
            totalCount
            pageInfo { hasNextPage }
            edges { node { id name kind locatedIn { id name } } }
          }
        }""",
        """CALL () { MATCH (a:Actor) WHERE a.name CONTAINS $text RETURN count(a) AS total }
        CALL () {
          MATCH (a:Actor) WHERE a.name CONTAINS $text WITH a ORDER BY a.name, a.id LIMIT 20
          RETURN collect(a {.id, .name, .kind,
            locatedIn: [(a)-[:LOCATED_IN]->(m:Municipality) | m {.id, .name}][0]}) AS nodes
        }
        RETURN {totalCount: total, hasNextPage: total > 20, nodes: nodes} AS answer""",
        lambda data: {
            "totalCount": data["actors"]["totalCount"],
            "hasNextPage": data["actors"]["pageInfo"]["hasNextPage"],
            "nodes": [edge["node"] for edge in data["actors"]["edges"]],
        },
        lambda data: {
            "totalCount": data["actorsConnection"]["totalCount"],
            "hasNextPage": data["actorsConnection"]["pageInfo"]["hasNextPage"],
            "nodes": [edge["node"] for edge in data["actorsConnection"]["edges"]],
        },
    ),
    Case(
        "actor_everything",
        "planner: one actor by id with everything around it (5 lists, 4 nested in offerings)",
        """query ($actor: ID!) {
          actor(id: $actor) {
            id name kind description website
            locatedIn { id name } partOf { id name }
            activeIn { id name } parts { id name }
            offerings {
              id title kind
              topics { id name } targetGroups { id name }
              languages { id name } municipalities { id name }
            }
            fundings { program offering { id title } }
            memberships { role since workingGroup { id name } }
          }
        }""",
        f"""query ($actor: ID!) {{
          actors(where: {{id: {{eq: $actor}}}}) {{
            id name kind description website
            locatedIn {{ id name }} partOf {{ id name }}
            activeIn{BY_NAME} {{ id name }} parts{BY_NAME} {{ id name }}
            offerings{BY_TITLE} {{
              id title kind
              topics{BY_NAME} {{ id name }} targetGroups{BY_NAME} {{ id name }}
              languages{BY_NAME} {{ id name }} municipalities{BY_NAME} {{ id name }}
            }}
            fundingsConnection{EDGES_BY_TITLE} {{
              edges {{ properties {{ program }} node {{ id title }} }}
            }}
            workingGroupsConnection{EDGES_BY_NAME} {{
              edges {{ properties {{ role since }} node {{ id name }} }}
            }}
          }}
        }}""",
        f"""MATCH (a:Actor {{id: $actor}})
        RETURN a {{.id, .name, .kind, .description, .website,
          locatedIn: [(a)-[:LOCATED_IN]->(m:Municipality) | m {{.id, .name}}][0],
          partOf: [(a)-[:PART_OF]->(p:Actor) | p {{.id, .name}}][0],
          activeIn:
            {_nested("(a)-[:ACTIVE_IN]->(m:Municipality)", "m", "name", "{.id, .name}")},
          parts: {_nested("(a)<-[:PART_OF]-(p:Actor)", "p", "name", "{.id, .name}")},
          offerings: COLLECT {{
            MATCH (a)-[:OFFERS]->(o:Offering) WITH o ORDER BY o.title, o.id LIMIT 100
            RETURN o {{.id, .title, .kind,
              topics: {_nested("(o)-[:ADDRESSES]->(t:Topic)", "t", "name", "{.id, .name}")},
              targetGroups:
                {_nested("(o)-[:TARGETS]->(g:TargetGroup)", "g", "name", "{.id, .name}")},
              languages:
                {_nested("(o)-[:IN_LANGUAGE]->(l:Language)", "l", "name", "{.id, .name}")},
              municipalities:
                {_nested("(o)-[:AVAILABLE_IN]->(m:Municipality)", "m", "name", "{.id, .name}")}
            }}
          }},
          fundings: COLLECT {{
            MATCH (a)-[f:FUNDS]->(o:Offering) WITH f, o ORDER BY o.title, o.id LIMIT 100
            RETURN {{program: f.program, offering: o {{.id, .title}}}}
          }},
          memberships: COLLECT {{
            MATCH (a)-[r:MEMBER_OF]->(w:WorkingGroup) WITH r, w ORDER BY w.name, w.id LIMIT 100
            RETURN {{role: r.role, since: r.since, workingGroup: w {{.id, .name}}}}
          }}
        }} AS answer""",
        lambda data: data["actor"],
        _library_actor,
    ),
    Case(
        "working_groups",
        "dashboard: 50 working groups with members (role, actor) and topics",
        """{
          workingGroups(first: 50) {
            edges { node {
              id name
              members { role actor { id name } }
              topics { id name }
            } }
          }
        }""",
        f"""{{
          workingGroups(limit: 50, sort: [{{name: ASC}}, {{id: ASC}}]) {{
            id name
            membersConnection{EDGES_BY_NAME} {{
              edges {{ properties {{ role }} node {{ id name }} }}
            }}
            topics{BY_NAME} {{ id name }}
          }}
        }}""",
        f"""MATCH (w:WorkingGroup) WITH w ORDER BY w.name, w.id LIMIT 50
        RETURN collect(w {{.id, .name,
          members: COLLECT {{
            MATCH (w)<-[r:MEMBER_OF]-(a:Actor) WITH r, a ORDER BY a.name, a.id LIMIT 100
            RETURN {{role: r.role, actor: a {{.id, .name}}}}
          }},
          topics: {_nested("(w)-[:ADDRESSES]->(t:Topic)", "t", "name", "{.id, .name}")}
        }}) AS answer""",
        lambda data: [edge["node"] for edge in data["workingGroups"]["edges"]],
        _library_groups,
    ),
    Case(
        "nested_filter_3_levels",
        "planner: 100 actors offering something on a topic that one working group addresses "
        "(relationship filters 3 levels deep: offerings some, topics some, workingGroups some)",
        """query ($workingGroup: ID!) {
          actors(where: {offerings: {some: {topics: {some: {workingGroups: {some: {
                   id: {eq: $workingGroup}}}}}}}}, first: 100) {
            edges { node { id name kind } }
          }
        }""",
        """query ($workingGroup: ID!) {
          actors(where: {offerings: {some: {topics: {some: {workingGroups: {some: {
                   id: {eq: $workingGroup}}}}}}}}, limit: 100,
                 sort: [{name: ASC}, {id: ASC}]) {
            id name kind
          }
        }""",
        """MATCH (a:Actor)
        WHERE EXISTS { (a)-[:OFFERS]->(:Offering)-[:ADDRESSES]->(:Topic)
                       <-[:ADDRESSES]-(:WorkingGroup {id: $workingGroup}) }
        WITH a ORDER BY a.name, a.id LIMIT 100
        RETURN collect(a {.id, .name, .kind}) AS answer""",
        lambda data: [edge["node"] for edge in data["actors"]["edges"]],
        lambda data: data["actors"],
    ),
    Case(
        "wide_list_500",
        "dashboard: 500 offerings with 10 fields each",
        f"""{{
          offerings(first: 500) {{ edges {{ node {{ {OFFERING_FIELDS} }} }} }}
        }}""",
        f"""{{
          offerings(limit: 500, sort: [{{title: ASC}}, {{id: ASC}}]) {{ {OFFERING_FIELDS} }}
        }}""",
        f"""MATCH (o:Offering) WITH o ORDER BY o.title, o.id LIMIT 500
        RETURN collect(o {{{", ".join("." + f for f in OFFERING_FIELDS.split())}}}) AS answer""",
        lambda data: [edge["node"] for edge in data["offerings"]["edges"]],
        lambda data: data["offerings"],
    ),
    Case(
        "topics_4_levels",
        "dashboard: 10 topics -> 20 offerings each -> 10 providers -> 10 of their working "
        "groups -> 10 of those groups' topics (4 nested levels, each capped explicitly: "
        "uncapped, our cost limit refuses it)",
        """{
          topics(first: 10) { edges { node {
            id name
            offerings(first: 20) {
              id title
              providers(first: 10) {
                id name
                memberships(first: 10) { workingGroup { id name topics(first: 10) { id name } } }
              }
            }
          } } }
        }""",
        f"""{{
          topics(limit: 10, sort: [{{name: ASC}}, {{id: ASC}}]) {{
            id name
            offerings(limit: 20, sort: [{{title: ASC}}, {{id: ASC}}]) {{
              id title
              providers{BY_NAME_10} {{
                id name workingGroups{BY_NAME_10} {{ id name topics{BY_NAME_10} {{ id name }} }}
              }}
            }}
          }}
        }}""",
        """MATCH (t:Topic) WITH t ORDER BY t.name, t.id LIMIT 10
        RETURN collect(t {.id, .name,
          offerings: COLLECT {
            MATCH (t)<-[:ADDRESSES]-(o:Offering) WITH o ORDER BY o.title, o.id LIMIT 20
            RETURN o {.id, .title,
              providers: COLLECT {
                MATCH (o)<-[:OFFERS]-(a:Actor) WITH a ORDER BY a.name, a.id LIMIT 10
                RETURN a {.id, .name,
                  workingGroups: COLLECT {
                    MATCH (a)-[:MEMBER_OF]->(w:WorkingGroup) WITH w ORDER BY w.name, w.id
                    LIMIT 10
                    RETURN w {.id, .name, topics: COLLECT {
                      MATCH (w)-[:ADDRESSES]->(x:Topic) WITH x ORDER BY x.name, x.id LIMIT 10
                      RETURN x {.id, .name}
                    } }
                  }
                }
              }
            }
          }
        }) AS answer""",
        lambda data: [
            {
                **{k: v for k, v in edge["node"].items() if k != "offerings"},
                "offerings": [
                    {
                        **{k: v for k, v in offering.items() if k != "providers"},
                        "providers": [_groups_of(provider) for provider in offering["providers"]],
                    }
                    for offering in edge["node"]["offerings"]
                ],
            }
            for edge in data["topics"]["edges"]
        ],
        lambda data: data["topics"],
    ),
)


# --- questions of other shapes, with ids and arguments that change per request -------------

WIDE_FIELDS = (
    "id title kind description schedule capacity cost startDate endDate fundingProgram source"
)
"""Eleven scalar fields of an offering (the library's type definitions have ``cost`` too)."""
ALIASES = 10


def _sort(*keys: str, direction: str = "ASC") -> str:
    """The library's sort argument: ``[{name: ASC}, {id: ASC}]``."""
    return "[" + ", ".join(f"{{{key}: {direction}}}" for key in keys) + "]"


def _nodes(data: Json, field: str) -> Json:
    """Our connection's nodes."""
    return [edge["node"] for edge in data[field]["edges"]]


def _first(items: Json) -> Json:
    """The library's one-element list for a lookup by id, as the item (None when empty)."""
    return items[0] if items else None


def _participants(items: Json) -> Json:
    """Participants in a fixed order (neither API promises one for a union)."""
    return sorted(
        items, key=lambda item: (item["participant"]["__typename"], item["participant"]["id"])
    )


def _library_event(data: Json) -> Json:
    event = _first(data["events"])
    if event is None:
        return None
    shaped = {k: v for k, v in event.items() if k != "participantsConnection"}
    shaped["participants"] = _participants(
        _edges(event["participantsConnection"], "participant", "role", "title")
    )
    return shaped


def _our_event(data: Json) -> Json:
    event = data["event"]
    if event is None:
        return None
    return {**event, "participants": _participants(event["participants"])}


def _library_members(group: Json, *props: str) -> Json:
    shaped = {k: v for k, v in group.items() if k != "membersConnection"}
    shaped["members"] = _edges(group["membersConnection"], "actor", *props)
    return shaped


def _library_offering(data: Json) -> Json:
    offering = _first(data["offerings"])
    if offering is None:
        return None
    shaped = {k: v for k, v in offering.items() if k != "fundersConnection"}
    shaped["funders"] = _edges(offering["fundersConnection"], "funder", "program")
    return shaped


PARTICIPANT = (
    "__typename ... on Actor { id name kind } ... on Person { id } ... on Coordinator { id }"
)

VARIED: tuple[Case, ...] = (
    Case(
        "deep_small_pages",
        "dashboard: 5 topics -> 3 offerings -> 2 providers -> 3 of their offerings -> 2 "
        "languages (4 nested levels, small pages); a new set of topics per request",
        """query ($topics: [ID!]!) {
          topics(where: {id: {in: $topics}}, first: 5) { edges { node {
            id name
            offerings(first: 3) {
              id title
              providers(first: 2) {
                id name
                offerings(first: 3) { id title languages(first: 2) { id name } }
              }
            }
          } } }
        }""",
        f"""query ($topics: [ID!]!) {{
          topics(where: {{id: {{in: $topics}}}}, limit: 5, sort: {_sort("name", "id")}) {{
            id name
            offerings(limit: 3, sort: {_sort("title", "id")}) {{
              id title
              providers(limit: 2, sort: {_sort("name", "id")}) {{
                id name
                offerings(limit: 3, sort: {_sort("title", "id")}) {{
                  id title languages(limit: 2, sort: {_sort("name", "id")}) {{ id name }}
                }}
              }}
            }}
          }}
        }}""",
        f"""MATCH (t:Topic) WHERE t.id IN $topics WITH t ORDER BY t.name, t.id LIMIT 5
        RETURN collect(t {{.id, .name,
          offerings: COLLECT {{
            MATCH (t)<-[:ADDRESSES]-(o:Offering) WITH o ORDER BY o.title, o.id LIMIT 3
            RETURN o {{.id, .title,
              providers: COLLECT {{
                MATCH (o)<-[:OFFERS]-(a:Actor) WITH a ORDER BY a.name, a.id LIMIT 2
                RETURN a {{.id, .name,
                  offerings: COLLECT {{
                    MATCH (a)-[:OFFERS]->(p:Offering) WITH p ORDER BY p.title, p.id LIMIT 3
                    RETURN p {{.id, .title, languages:
                      {_nested("(p)-[:IN_LANGUAGE]->(l:Language)", "l", "name", "{.id, .name}", 2)}
                    }}
                  }}
                }}
              }}
            }}
          }}
        }}) AS answer""",
        lambda data: _nodes(data, "topics"),
        lambda data: data["topics"],
        vary=("topics",),
    ),
    Case(
        "wide_list_varied",
        "dashboard: up to 300 offerings with 11 scalar fields each; another page size per request",
        f"""query ($size: Int!) {{
          offerings(first: $size) {{ edges {{ node {{ {WIDE_FIELDS} }} }} }}
        }}""",
        f"""query ($size: Int!) {{
          offerings(limit: $size, sort: {_sort("title", "id")}) {{ {WIDE_FIELDS} }}
        }}""",
        f"""MATCH (o:Offering) WITH o ORDER BY o.title, o.id LIMIT $size
        RETURN collect(o {{{", ".join("." + f for f in WIDE_FIELDS.split())}}}) AS answer""",
        lambda data: _nodes(data, "offerings"),
        lambda data: data["offerings"],
        vary=("size",),
    ),
    Case(
        "aliases_10",
        f"planner: {ALIASES} actors by id in one request, one alias each; other ids per request",
        "query ("
        + ", ".join(f"$a{i}: ID!" for i in range(ALIASES))
        + ") {\n"
        + "\n".join(f"  a{i}: actor(id: $a{i}) {{ id name kind }}" for i in range(ALIASES))
        + "\n}",
        "query ("
        + ", ".join(f"$a{i}: ID!" for i in range(ALIASES))
        + ") {\n"
        + "\n".join(
            f"  a{i}: actors(where: {{id: {{eq: $a{i}}}}}) {{ id name kind }}"
            for i in range(ALIASES)
        )
        + "\n}",
        "UNWIND range(0, "
        + str(ALIASES - 1)
        + ") AS i WITH i, ["
        + ", ".join(f"$a{i}" for i in range(ALIASES))
        + "][i] AS id OPTIONAL MATCH (a:Actor {id: id}) WITH i, a ORDER BY i "
        + "RETURN collect(a {.id, .name, .kind}) AS answer",
        lambda data: [data[f"a{i}"] for i in range(ALIASES)],
        lambda data: [_first(data[f"a{i}"]) for i in range(ALIASES)],
        vary=tuple(f"a{i}" for i in range(ALIASES)),
    ),
    Case(
        "union_fragments",
        "planner: one event with its participants, a union (actor, person, coordinator) asked "
        "with a fragment per member; another event per request",
        f"""query ($event: ID!) {{
          event(id: $event) {{
            id name
            participants {{ role title participant {{ {PARTICIPANT} }} }}
          }}
        }}""",
        f"""query ($event: ID!) {{
          events(where: {{id: {{eq: $event}}}}) {{
            id name
            participantsConnection {{
              edges {{ properties {{ role title }} node {{ {PARTICIPANT} }} }}
            }}
          }}
        }}""",
        """MATCH (e:Event {id: $event})
        RETURN e {.id, .name,
          participants: COLLECT {
            MATCH (e)<-[r:PARTICIPATED_IN]-(p)
            WITH r, p, [label IN labels(p) WHERE label IN ['Actor', 'Person', 'Coordinator']][0]
              AS type
            ORDER BY type, p.id
            RETURN {role: r.role, title: r.title, participant: CASE type
              WHEN 'Actor' THEN {__typename: type, id: p.id, name: p.name, kind: p.kind}
              ELSE {__typename: type, id: p.id} END}
          }
        } AS answer""",
        _our_event,
        _library_event,
        vary=("event",),
    ),
    Case(
        "filter_variables",
        "planner: 50 offerings of one provider in the two commonest kinds (variables for the "
        "filter's id and list); another provider per request",
        """query ($actor: ID!, $offeringKindsEnum: [OfferingKind!]!) {
          offerings(where: {provider: {eq: $actor}, kind: {in: $offeringKindsEnum}},
                    first: 50) {
            edges { node { id title kind topics { id name } } }
          }
        }""",
        f"""query ($actor: ID!, $offeringKinds: [String!]!) {{
          offerings(where: {{providers: {{some: {{id: {{eq: $actor}}}}}},
                             kind: {{in: $offeringKinds}}}},
                    limit: 50, sort: {_sort("title", "id")}) {{
            id title kind topics(limit: 100, sort: {_sort("name", "id")}) {{ id name }}
          }}
        }}""",
        f"""MATCH (o:Offering)
        WHERE EXISTS {{ (o)<-[:OFFERS]-(:Actor {{id: $actor}}) }} AND o.kind IN $offeringKinds
        WITH o ORDER BY o.title, o.id LIMIT 50
        RETURN collect(o {{.id, .title, .kind,
          topics: {_nested("(o)-[:ADDRESSES]->(t:Topic)", "t", "name", "{.id, .name}")}
        }}) AS answer""",
        lambda data: _nodes(data, "offerings"),
        lambda data: data["offerings"],
        vary=("actor", "offeringKinds", "offeringKindsEnum"),
    ),
    Case(
        "relationship_properties",
        "dashboard: one working group's members with the membership's role, since, until; "
        "another group per request",
        """query ($workingGroup: ID!) {
          workingGroup(id: $workingGroup) {
            id name members { role since until actor { id name kind } }
          }
        }""",
        """query ($workingGroup: ID!) {
          workingGroups(where: {id: {eq: $workingGroup}}) {
            id name
            membersConnection(first: 100, sort: [{node: {name: ASC}}, {node: {id: ASC}}]) {
              edges { properties { role since until } node { id name kind } }
            }
          }
        }""",
        """MATCH (w:WorkingGroup {id: $workingGroup})
        RETURN w {.id, .name,
          members: COLLECT {
            MATCH (w)<-[r:MEMBER_OF]-(a:Actor) WITH r, a ORDER BY a.name, a.id LIMIT 100
            RETURN {role: r.role, since: r.since, until: r.until, actor: a {.id, .name, .kind}}
          }
        } AS answer""",
        lambda data: data["workingGroup"],
        lambda data: (
            None
            if not data["workingGroups"]
            else _library_members(data["workingGroups"][0], "role", "since", "until")
        ),
        vary=("workingGroup",),
    ),
    Case(
        "some_none_filters",
        "planner: 100 actors with an offering on a topic (some) that are not members of a "
        "working group (none); another topic and group per request",
        """query ($topic: ID!, $workingGroup: ID!) {
          actors(where: {offerings: {some: {topic: {eq: $topic}}},
                         memberships: {none: {id: {eq: $workingGroup}}}}, first: 100) {
            edges { node { id name kind } }
          }
        }""",
        f"""query ($topic: ID!, $workingGroup: ID!) {{
          actors(where: {{offerings: {{some: {{topics: {{some: {{id: {{eq: $topic}}}}}}}}}},
                          workingGroups: {{none: {{id: {{eq: $workingGroup}}}}}}}},
                 limit: 100, sort: {_sort("name", "id")}) {{
            id name kind
          }}
        }}""",
        """MATCH (a:Actor)
        WHERE EXISTS { (a)-[:OFFERS]->(:Offering)-[:ADDRESSES]->(:Topic {id: $topic}) }
          AND NOT EXISTS { (a)-[:MEMBER_OF]->(:WorkingGroup {id: $workingGroup}) }
        WITH a ORDER BY a.name, a.id LIMIT 100
        RETURN collect(a {.id, .name, .kind}) AS answer""",
        lambda data: _nodes(data, "actors"),
        lambda data: data["actors"],
        vary=("topic", "workingGroup"),
    ),
    Case(
        "sorted_desc_nested",
        "dashboard: 50 actors of two kinds sorted by name descending, with their municipality "
        "and 5 municipalities each is active in; other kinds per request",
        """query ($kindsEnum: [ActorKind!]!) {
          actors(where: {kind: {in: $kindsEnum}}, sort: {field: NAME, direction: DESC},
                 first: 50) {
            edges { node {
              id name kind locatedIn { id name } activeIn(first: 5) { id name }
              offerings(first: 3) { id title }
            } }
          }
        }""",
        f"""query ($kinds: [String!]!) {{
          actors(where: {{kind: {{in: $kinds}}}}, limit: 50,
                 sort: {_sort("name", "id", direction="DESC")}) {{
            id name kind locatedIn {{ id name }}
            activeIn(limit: 5, sort: {_sort("name", "id")}) {{ id name }}
            offerings(limit: 3, sort: {_sort("title", "id")}) {{ id title }}
          }}
        }}""",
        f"""MATCH (a:Actor) WHERE a.kind IN $kinds
        WITH a ORDER BY a.name DESC, a.id DESC LIMIT 50
        RETURN collect(a {{.id, .name, .kind,
          locatedIn: [(a)-[:LOCATED_IN]->(m:Municipality) | m {{.id, .name}}][0],
          activeIn:
            {_nested("(a)-[:ACTIVE_IN]->(m:Municipality)", "m", "name", "{.id, .name}", 5)},
          offerings: {_nested("(a)-[:OFFERS]->(o:Offering)", "o", "title", "{.id, .title}", 3)}
        }}) AS answer""",
        lambda data: _nodes(data, "actors"),
        lambda data: data["actors"],
        vary=("kinds", "kindsEnum"),
    ),
    Case(
        "middle_page",
        "planner: a page of 20 actors from the middle of the whole list (ours by cursor, the "
        "library by offset); another page per request",
        """query ($after: String!) {
          actors(first: 20, after: $after) {
            edges { node { id name kind locatedIn { id name } } }
          }
        }""",
        f"""query ($offset: Int!) {{
          actors(offset: $offset, limit: 20, sort: {_sort("name", "id")}) {{
            id name kind locatedIn {{ id name }}
          }}
        }}""",
        """MATCH (a:Actor) WITH a ORDER BY a.name, a.id SKIP $offset LIMIT 20
        RETURN collect(a {.id, .name, .kind,
          locatedIn: [(a)-[:LOCATED_IN]->(m:Municipality) | m {.id, .name}][0]}) AS answer""",
        lambda data: _nodes(data, "actors"),
        lambda data: data["actors"],
        vary=("offset", "after"),
    ),
    Case(
        "offering_by_id",
        "planner: one offering by id with providers, funders (program), topics, target "
        "groups, languages, municipalities; another offering per request",
        """query ($offering: ID!) {
          offering(id: $offering) {
            id title kind description
            providers { id name } funders { program funder { id name } }
            topics { id name } targetGroups { id name }
            languages { id name } municipalities { id name }
          }
        }""",
        f"""query ($offering: ID!) {{
          offerings(where: {{id: {{eq: $offering}}}}) {{
            id title kind description
            providers{BY_NAME} {{ id name }}
            fundersConnection{EDGES_BY_NAME} {{
              edges {{ properties {{ program }} node {{ id name }} }}
            }}
            topics{BY_NAME} {{ id name }} targetGroups{BY_NAME} {{ id name }}
            languages{BY_NAME} {{ id name }} municipalities{BY_NAME} {{ id name }}
          }}
        }}""",
        f"""MATCH (o:Offering {{id: $offering}})
        RETURN o {{.id, .title, .kind, .description,
          providers: {_nested("(o)<-[:OFFERS]-(a:Actor)", "a", "name", "{.id, .name}")},
          funders: COLLECT {{
            MATCH (o)<-[f:FUNDS]-(a:Actor) WITH f, a ORDER BY a.name, a.id LIMIT 100
            RETURN {{program: f.program, funder: a {{.id, .name}}}}
          }},
          topics: {_nested("(o)-[:ADDRESSES]->(t:Topic)", "t", "name", "{.id, .name}")},
          targetGroups:
            {_nested("(o)-[:TARGETS]->(g:TargetGroup)", "g", "name", "{.id, .name}")},
          languages:
            {_nested("(o)-[:IN_LANGUAGE]->(l:Language)", "l", "name", "{.id, .name}")},
          municipalities:
            {_nested("(o)-[:AVAILABLE_IN]->(m:Municipality)", "m", "name", "{.id, .name}")}
        }} AS answer""",
        lambda data: data["offering"],
        _library_offering,
        vary=("offering",),
    ),
    Case(
        "groups_by_topics",
        "dashboard: working groups addressing any of 3 topics, with founding date, topics and "
        "5 members (role); other topics per request",
        """query ($topicTrio: [ID!]!) {
          workingGroups(where: {topics: {some: {id: {in: $topicTrio}}}}, first: 50) {
            edges { node {
              id name founded topics { id name } members(first: 5) { role actor { id name } }
            } }
          }
        }""",
        f"""query ($topicTrio: [ID!]!) {{
          workingGroups(where: {{topics: {{some: {{id: {{in: $topicTrio}}}}}}}}, limit: 50,
                        sort: {_sort("name", "id")}) {{
            id name founded topics{BY_NAME} {{ id name }}
            membersConnection(first: 5, sort: [{{node: {{name: ASC}}}}, {{node: {{id: ASC}}}}]) {{
              edges {{ properties {{ role }} node {{ id name }} }}
            }}
          }}
        }}""",
        f"""MATCH (w:WorkingGroup)
        WHERE EXISTS {{ (w)-[:ADDRESSES]->(t:Topic) WHERE t.id IN $topicTrio }}
        WITH w ORDER BY w.name, w.id LIMIT 50
        RETURN collect(w {{.id, .name, .founded,
          topics: {_nested("(w)-[:ADDRESSES]->(t:Topic)", "t", "name", "{.id, .name}")},
          members: COLLECT {{
            MATCH (w)<-[r:MEMBER_OF]-(a:Actor) WITH r, a ORDER BY a.name, a.id LIMIT 5
            RETURN {{role: r.role, actor: a {{.id, .name}}}}
          }}
        }}) AS answer""",
        lambda data: _nodes(data, "workingGroups"),
        lambda data: [_library_members(group, "role") for group in data["workingGroups"]],
        vary=("topicTrio",),
    ),
    Case(
        "municipality_offerings_varied",
        "dashboard: one municipality's offerings (EXACT) with topics and providers; another "
        "municipality per request",
        """query ($place: ID!) {
          municipality(id: $place) {
            id name
            offerings(scope: EXACT, first: 50) { id title topics { id name } providers { id name } }
          }
        }""",
        f"""query ($place: ID!) {{
          municipalities(where: {{id: {{eq: $place}}}}) {{
            id name
            offerings(limit: 50, sort: {_sort("title", "id")}) {{
              id title topics{BY_NAME} {{ id name }} providers{BY_NAME} {{ id name }}
            }}
          }}
        }}""",
        f"""MATCH (m:Municipality {{id: $place}})
        RETURN m {{.id, .name,
          offerings: COLLECT {{
            MATCH (m)<-[:AVAILABLE_IN]-(o:Offering) WITH o ORDER BY o.title, o.id LIMIT 50
            RETURN o {{.id, .title,
              topics: {_nested("(o)-[:ADDRESSES]->(t:Topic)", "t", "name", "{.id, .name}")},
              providers: {_nested("(o)<-[:OFFERS]-(a:Actor)", "a", "name", "{.id, .name}")}
            }}
          }}
        }} AS answer""",
        lambda data: data["municipality"],
        lambda data: _first(data["municipalities"]),
        vary=("place",),
    ),
)

CASES: tuple[Case, ...] = ORIGINAL + VARIED
