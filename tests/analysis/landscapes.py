"""Build typed graphs for the analysis tests, tersely.

``Landscape`` writes the typed graph the projection produces (``"<Label>:<id>"`` keys,
``label`` / ``id`` / property attributes, relationship type as edge key and ``type``
attribute), so a test reads like the YAML of ``docs/data-format.md``::

    land = Landscape()
    land.municipality("meinersen", "Samtgemeinde Meinersen", kind="samtgemeinde")
    land.municipality("hillerse", part_of="meinersen", migrant_population=120)
    land.offering("sprachcafe", providers=["caritas"], topics=["sprache"],
                  municipalities=["meinersen"])

Referenced nodes that were not declared are created with their id as name.
``synthetic_landscape`` generates a larger, random but reproducible landscape.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx

DEFAULT_KINDS = {
    "Actor": "association",
    "Municipality": "member_municipality",
    "Offering": "course",
}


class Landscape:
    """A typed graph under construction; ``graph`` is the ``nx.MultiDiGraph``."""

    def __init__(self) -> None:
        self.graph = nx.MultiDiGraph()

    # nodes -------------------------------------------------------------------------------

    def node(self, label: str, node_id: str, name: str | None = None, **props: Any) -> str:
        key = f"{label}:{node_id}"
        data = self.graph.nodes.get(key)
        if data is None:
            attrs: dict[str, Any] = {"label": label, "id": node_id}
            if label in DEFAULT_KINDS:
                attrs["kind"] = DEFAULT_KINDS[label]
            attrs["title" if label == "Offering" else "name"] = name or node_id
            self.graph.add_node(key, **attrs)
        elif name is not None:
            self.graph.nodes[key]["title" if label == "Offering" else "name"] = name
        self.graph.nodes[key].update({k: v for k, v in props.items() if v is not None})
        return key

    def edge(self, start: str, rel: str, end: str, **props: Any) -> None:
        self.graph.add_edge(start, end, key=rel, type=rel, **props)

    def topic(self, topic_id: str, name: str | None = None) -> str:
        return self.node("Topic", topic_id, name)

    def target_group(self, group_id: str, name: str | None = None) -> str:
        return self.node("TargetGroup", group_id, name)

    def country(self, country_id: str, name: str | None = None) -> str:
        return self.node("Country", country_id, name)

    def municipality(
        self,
        municipality_id: str,
        name: str | None = None,
        *,
        kind: str | None = None,
        part_of: str | None = None,
        population: int | None = None,
        migrant_population: int | None = None,
        source: str | None = None,
    ) -> str:
        key = self.node(
            "Municipality",
            municipality_id,
            name,
            kind=kind,
            population=population,
            migrantPopulation=migrant_population,
            source=source,
        )
        if part_of is not None:
            self.edge(key, "PART_OF", self.node("Municipality", part_of))
        return key

    def actor(
        self,
        actor_id: str,
        name: str | None = None,
        *,
        kind: str | None = None,
        located_in: str | None = None,
        active_in: Iterable[str] = (),
    ) -> str:
        key = self.node("Actor", actor_id, name, kind=kind)
        if located_in is not None:
            self.edge(key, "LOCATED_IN", self.node("Municipality", located_in))
        for m in active_in:
            self.edge(key, "ACTIVE_IN", self.node("Municipality", m))
        return key

    def offering(
        self,
        offering_id: str,
        title: str | None = None,
        *,
        providers: Iterable[str] = (),
        topics: Iterable[str] = (),
        target_groups: Iterable[str] = (),
        languages: Iterable[str] = (),
        municipalities: Iterable[str] = (),
        funders: Iterable[str] = (),
    ) -> str:
        key = self.node("Offering", offering_id, title)
        for a in providers:
            self.edge(self.node("Actor", a), "OFFERS", key)
        for t in topics:
            self.edge(key, "ADDRESSES", self.node("Topic", t))
        for g in target_groups:
            self.edge(key, "TARGETS", self.node("TargetGroup", g))
        for lang in languages:
            self.edge(key, "IN_LANGUAGE", self.node("Language", lang))
        for m in municipalities:
            self.edge(key, "AVAILABLE_IN", self.node("Municipality", m))
        for f in funders:
            self.edge(self.node("Actor", f), "FUNDS", key)
        return key

    def working_group(
        self,
        group_id: str,
        name: str | None = None,
        *,
        topics: Iterable[str] = (),
        members: Iterable[str] = (),
    ) -> str:
        key = self.node("WorkingGroup", group_id, name)
        for t in topics:
            self.edge(key, "ADDRESSES", self.node("Topic", t))
        for a in members:
            self.edge(self.node("Actor", a), "MEMBER_OF", key, role="member")
        return key

    def cooperation(self, a: str, b: str, kind: str = "partnership") -> None:
        self.edge(self.node("Actor", a), "COOPERATES_WITH", self.node("Actor", b), kind=kind)

    def event(self, event_id: str, name: str | None = None, *, actors: Iterable[str] = ()) -> str:
        key = self.node("Event", event_id, name)
        for a in actors:
            self.edge(self.node("Actor", a), "PARTICIPATED_IN", key, role="guest")
        return key

    def residents(
        self,
        country: str,
        municipality: str,
        count: int,
        year: int = 2023,
        source: str | None = None,
    ) -> None:
        self.edge(
            self.node("Country", country),
            "RESIDES_IN",
            self.node("Municipality", municipality),
            count=count,
            year=year,
            **({"source": source} if source else {}),
        )

    def language(
        self,
        language_id: str,
        name: str | None = None,
        *,
        spoken_in: Mapping[str, float] = {},
        source: str | None = None,
    ) -> str:
        key = self.node("Language", language_id, name)
        for country, share in spoken_in.items():
            sourced = {"source": source} if source else {}
            self.edge(key, "SPOKEN_IN", self.node("Country", country), share=share, **sourced)
        return key

    def coordinator(
        self,
        coordinator_id: str,
        name: str | None = None,
        *,
        role: str = "Koordination",
        offerings: Iterable[str] = (),
        working_groups: Iterable[str] = (),
        topics: Iterable[str] = (),
    ) -> str:
        key = self.node("Coordinator", coordinator_id, name, role=role)
        for o in offerings:
            self.edge(key, "COORDINATES", self.node("Offering", o))
        for g in working_groups:
            self.edge(key, "COORDINATES", self.node("WorkingGroup", g))
        for t in topics:
            self.edge(key, "COORDINATES", self.node("Topic", t))
        return key


TOPICS = [
    ("sprache", "Sprache"),
    ("bildung", "Bildung"),
    ("arbeit", "Arbeit & Ausbildung"),
    ("wohnen", "Wohnen"),
    ("gesundheit", "Gesundheit"),
    ("familie", "Kinder/Jugend/Familie"),
    ("frauen", "Frauen"),
    ("ehrenamt", "Ehrenamt"),
    ("beratung", "Beratung"),
    ("kultur", "Kultur/Sport/Freizeit"),
    ("antidiskriminierung", "Antidiskriminierung"),
    ("oeffnung", "Interkulturelle Öffnung"),
]
TARGET_GROUPS = [
    "gefluechtete",
    "neuzugewanderte",
    "frauen",
    "kinder",
    "jugendliche",
    "familien",
    "senioren",
    "arbeitsuchende",
    "ehrenamtliche",
    "alle",
]
ACTOR_KINDS = [
    "administration",
    "politics",
    "welfare_association",
    "association",
    "volunteer_initiative",
    "education_provider",
    "employment_agency",
    "migrant_organisation",
    "religious_community",
    "culture_sport",
]


def synthetic_landscape(regions: int, seed: int = 7) -> nx.MultiDiGraph:
    """Return a random, reproducible landscape of ``regions`` county-like regions.

    Each region has 22 municipalities (a county, three Einheitsgemeinden, three
    Samtgemeinden of five members), 60 actors, 110 offerings, 4 working groups, 3 events
    and 3 coordinators (202 nodes); 122 shared nodes (topics, target groups, languages,
    countries) come on top. About 5 % of the cooperations cross regions.
    """
    rng = random.Random(seed)
    land = Landscape()
    for tid, name in TOPICS:
        land.topic(tid, name)
    for gid in TARGET_GROUPS:
        land.target_group(gid)
    countries = [f"c{i:02d}" for i in range(60)]
    languages = ["de"] + [f"l{i:02d}" for i in range(39)]
    for lang in languages:
        land.node("Language", lang)
    for c in countries:
        land.country(c)
        spoken = rng.sample(languages[1:], rng.randint(1, 3))
        for lang in spoken:
            land.edge(f"Language:{lang}", "SPOKEN_IN", f"Country:{c}", share=0.9 / len(spoken))
    topic_ids = [t for t, _ in TOPICS]

    all_actors: list[str] = []
    for r in range(regions):
        county = f"r{r}"
        land.municipality(county, f"Kreis {r}", kind="county", population=150_000)
        unitary = [f"r{r}-e{i}" for i in range(3)]
        joint = [f"r{r}-s{i}" for i in range(3)]
        for m in unitary:
            land.municipality(
                m,
                kind="einheitsgemeinde",
                part_of=county,
                population=rng.randint(5_000, 40_000),
                migrant_population=rng.randint(500, 8_000),
            )
        members: list[str] = []
        for s in joint:
            land.municipality(s, kind="samtgemeinde", part_of=county, population=15_000)
            for j in range(5):
                m = f"{s}-{j}"
                members.append(m)
                known = rng.random() < 0.8
                land.municipality(
                    m,
                    part_of=s,
                    population=rng.randint(500, 5_000),
                    migrant_population=rng.randint(20, 900) if known else None,
                )
        leaves = unitary + members
        for m in leaves:
            for c in rng.sample(countries, 4):
                land.residents(c, m, rng.randint(5, 400))
        places = leaves + joint

        actors = [f"r{r}-a{i}" for i in range(60)]
        for i, a in enumerate(actors):
            active = []
            if rng.random() < 0.3:
                active.append(county)
            elif rng.random() < 0.3:
                active.append(rng.choice(joint))
            land.actor(
                a,
                f"Akteur {r}-{i}",
                kind="administration" if i < 3 else rng.choice(ACTOR_KINDS),
                located_in=rng.choice(places),
                active_in=active,
            )
        for i in range(110):
            providers = [rng.choice(actors)]
            if rng.random() < 0.15:
                providers.append(rng.choice(actors))
            where = rng.random()
            municipality = (
                county if where < 0.1 else rng.choice(joint) if where < 0.3 else rng.choice(leaves)
            )
            land.offering(
                f"r{r}-o{i}",
                f"Angebot {r}-{i}",
                providers=set(providers),
                topics=rng.sample(topic_ids, rng.randint(1, 2)),
                target_groups=rng.sample(TARGET_GROUPS, rng.randint(0, 2)),
                languages=["de", *rng.sample(languages[1:], rng.randint(0, 2))],
                municipalities=[municipality],
                funders=[rng.choice(actors[:3])] if rng.random() < 0.15 else [],
            )
        for i in range(4):
            land.working_group(
                f"r{r}-ak{i}",
                f"AK {r}-{i}",
                topics=rng.sample(topic_ids, rng.randint(1, 2)),
                members=rng.sample(actors, rng.randint(8, 15)),
            )
        for i in range(3):
            land.event(f"r{r}-ev{i}", actors=rng.sample(actors, rng.randint(10, 25)))
        for _ in range(60):
            a, b = rng.sample(actors, 2)
            if all_actors and rng.random() < 0.05:
                b = rng.choice(all_actors)
            land.cooperation(a, b, rng.choice(["partnership", "referral", "joint_project"]))
        for i in range(3):
            land.coordinator(
                f"r{r}-k{i}",
                f"Koordinator:in {r}-{i}",
                offerings=[f"r{r}-o{j}" for j in rng.sample(range(110), 20)],
                working_groups=[f"r{r}-ak{i}"] if i < 2 else [],
                topics=rng.sample(topic_ids, 1) if rng.random() < 0.2 else [],
            )
        all_actors.extend(actors)
    return land.graph


def small_county(land: Landscape | None = None) -> Landscape:
    """A small piece of Landkreis Gifhorn to build examples on.

    Landkreis Gifhorn (county) with the Einheitsgemeinden Gifhorn and Wittingen, the
    Samtgemeinde Meinersen with its members Hillerse, Leiferde and Meinersen, and the
    uninhabited Giebel; migrant populations (need) are made up.
    """
    land = land or Landscape()
    land.municipality("landkreis-gifhorn", "Landkreis Gifhorn", kind="county")
    land.municipality(
        "gifhorn",
        "Gifhorn",
        kind="einheitsgemeinde",
        part_of="landkreis-gifhorn",
        migrant_population=9000,
    )
    land.municipality(
        "wittingen",
        "Wittingen",
        kind="einheitsgemeinde",
        part_of="landkreis-gifhorn",
        migrant_population=1200,
    )
    land.municipality(
        "sg-meinersen", "Samtgemeinde Meinersen", kind="samtgemeinde", part_of="landkreis-gifhorn"
    )
    land.municipality("hillerse", "Hillerse", part_of="sg-meinersen", migrant_population=300)
    land.municipality("leiferde", "Leiferde", part_of="sg-meinersen", migrant_population=400)
    land.municipality("meinersen", "Meinersen", part_of="sg-meinersen", migrant_population=800)
    land.municipality(
        "giebel", "Giebel", kind="unincorporated_area", part_of="landkreis-gifhorn", population=0
    )
    return land
