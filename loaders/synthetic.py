"""A synthetic landscape of any size, with the shape of the real one, for scale tests.

Deterministic: one ``random.Random(seed)`` drives everything and nothing iterates over a
set, so the same ``actors``/``seed`` always gives byte-identical files.

The shape follows what the real county shows:

* **regions**: counties of about 500 actors, each with Samtgemeinden, member
  municipalities and Einheitsgemeinden; an actor sits in one municipality of its county and
  is active there and, for some, county-wide;
* **topics**: every actor has a main field of action (Zipf-distributed: language courses are
  everywhere, antidiscrimination work is rare); its offerings mostly address it;
* **heavy tails**: working-group memberships per actor and cooperations follow a Pareto
  law with preferential attachment (a few hubs such as the KVHS sit in every working group
  and cooperate with many), most actors have one or two ties;
* **clusters**: cooperations stay within the region and, more often than not, the topic.

Sizes per actor: about 2.7 nodes (actors, 1.5 offerings, coordinators, people,
municipalities, working groups, events, plus fixed vocabularies) and 15 relationships.
``actors_for_nodes`` inverts this for benchmarks that ask for a node count.

Files: one file per section and per 50,000 records (so no file comes near the 50 MB input
limit), JSON by default from 2,000 actors up because it parses ten times faster than YAML;
YAML below, as that is what people read.
"""

from __future__ import annotations

import itertools
import json
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeVar

import yaml

from domain.vocabulary import (
    ActorKind,
    CooperationKind,
    MembershipRole,
    OfferingKind,
    ParticipationRole,
)

T = TypeVar("T")
Document = dict[str, list[dict[str, Any]]]
FileFormat = Literal["json", "yaml"]

ACTORS_PER_COUNTY = 500
RECORDS_PER_FILE = 50_000
JSON_FROM_ACTORS = 2_000
NODES_PER_ACTOR = 2.63
SOURCE = "synthetic"

TOPICS = (
    ("sprache", "Sprache"),
    ("bildung", "Bildung"),
    ("arbeit-ausbildung", "Arbeit & Ausbildung"),
    ("beratung", "Beratung"),
    ("kinder-jugend-familie", "Kinder, Jugend, Familie"),
    ("ehrenamt", "Ehrenamt"),
    ("wohnen", "Wohnen"),
    ("gesundheit", "Gesundheit"),
    ("frauen", "Frauen"),
    ("kultur-sport-freizeit", "Kultur, Sport, Freizeit"),
    ("interkulturelle-oeffnung", "Interkulturelle Öffnung"),
    ("antidiskriminierung", "Antidiskriminierung"),
)
TARGET_GROUPS = (
    ("gefluechtete", "Geflüchtete"),
    ("neuzugewanderte", "Neuzugewanderte"),
    ("frauen", "Frauen"),
    ("kinder", "Kinder"),
    ("jugendliche", "Jugendliche"),
    ("familien", "Familien"),
    ("senioren", "Senior:innen"),
    ("arbeitsuchende", "Arbeitsuchende"),
    ("ehrenamtliche", "Ehrenamtliche"),
    ("alle", "Alle Interessierten"),
)
LANGUAGES = (
    ("de", "Deutsch"),
    ("ar", "Arabisch"),
    ("fa", "Persisch"),
    ("tr", "Türkisch"),
    ("ru", "Russisch"),
    ("uk", "Ukrainisch"),
    ("en", "Englisch"),
    ("fr", "Französisch"),
    ("ku", "Kurdisch"),
    ("ps", "Paschtu"),
    ("ti", "Tigrinya"),
    ("pl", "Polnisch"),
    ("ro", "Rumänisch"),
    ("bg", "Bulgarisch"),
    ("sq", "Albanisch"),
    ("so", "Somali"),
    ("es", "Spanisch"),
    ("it", "Italienisch"),
    ("el", "Griechisch"),
    ("vi", "Vietnamesisch"),
)
COUNTRIES = (
    ("sy", "Syrien"),
    ("ua", "Ukraine"),
    ("af", "Afghanistan"),
    ("tr", "Türkei"),
    ("iq", "Irak"),
    ("pl", "Polen"),
    ("ro", "Rumänien"),
    ("ru", "Russland"),
    ("bg", "Bulgarien"),
    ("er", "Eritrea"),
    ("ir", "Iran"),
    ("xk", "Kosovo"),
    ("al", "Albanien"),
    ("so", "Somalia"),
    ("it", "Italien"),
    ("gr", "Griechenland"),
    ("vn", "Vietnam"),
    ("ng", "Nigeria"),
    ("lb", "Libanon"),
    ("ma", "Marokko"),
)
SPOKEN = {
    "sy": ("ar", "ku"),
    "ua": ("uk", "ru"),
    "af": ("fa", "ps"),
    "tr": ("tr", "ku"),
    "iq": ("ar", "ku"),
    "pl": ("pl",),
    "ro": ("ro",),
    "ru": ("ru",),
    "bg": ("bg", "tr"),
    "er": ("ti", "ar"),
    "ir": ("fa",),
    "xk": ("sq",),
    "al": ("sq",),
    "so": ("so", "ar"),
    "it": ("it",),
    "gr": ("el",),
    "vn": ("vi",),
    "ng": ("en",),
    "lb": ("ar", "fr"),
    "ma": ("ar", "fr"),
}
ACTOR_KIND_WEIGHTS = (
    (ActorKind.ASSOCIATION, 30),
    (ActorKind.VOLUNTEER_INITIATIVE, 20),
    (ActorKind.WELFARE_ASSOCIATION, 10),
    (ActorKind.EDUCATION_PROVIDER, 10),
    (ActorKind.MIGRANT_ORGANISATION, 8),
    (ActorKind.RELIGIOUS_COMMUNITY, 7),
    (ActorKind.ADMINISTRATION, 5),
    (ActorKind.CULTURE_SPORT, 6),
    (ActorKind.EMPLOYMENT_AGENCY, 2),
    (ActorKind.POLITICS, 1),
    (ActorKind.RESEARCH_INSTITUTE, 1),
)
NAME_PARTS = (
    "Integration",
    "Begegnung",
    "Miteinander",
    "Zukunft",
    "Brücken",
    "Vielfalt",
    "Nachbarschaft",
    "Willkommen",
    "Teilhabe",
    "Perspektive",
)
KIND_NAMES = {
    ActorKind.ASSOCIATION: "Verein",
    ActorKind.VOLUNTEER_INITIATIVE: "Initiative",
    ActorKind.WELFARE_ASSOCIATION: "Wohlfahrtsverband",
    ActorKind.EDUCATION_PROVIDER: "Bildungswerk",
    ActorKind.MIGRANT_ORGANISATION: "Kulturverein",
    ActorKind.RELIGIOUS_COMMUNITY: "Gemeinde",
    ActorKind.ADMINISTRATION: "Fachdienst",
    ActorKind.CULTURE_SPORT: "Sportverein",
    ActorKind.EMPLOYMENT_AGENCY: "Jobcenter",
    ActorKind.POLITICS: "Ausschuss",
    ActorKind.RESEARCH_INSTITUTE: "Institut",
}


def actors_for_nodes(nodes: int) -> int:
    """How many actors give a landscape of about ``nodes`` nodes."""
    return max(1, round(nodes / NODES_PER_ACTOR))


def default_format(actors: int) -> FileFormat:
    """JSON for large landscapes (fast to read), YAML for small ones (easy to read)."""
    return "json" if actors >= JSON_FROM_ACTORS else "yaml"


def _zipf_weights(count: int, exponent: float = 1.1) -> list[float]:
    return [1.0 / (rank**exponent) for rank in range(1, count + 1)]


@dataclass
class _Region:
    county: str
    municipalities: list[str] = field(default_factory=list)
    actors: list[int] = field(default_factory=list)
    groups: list[tuple[str, int]] = field(default_factory=list)
    events: list[str] = field(default_factory=list)


@dataclass
class _Builder:
    rng: random.Random
    doc: Document = field(default_factory=dict)
    regions: list[_Region] = field(default_factory=list)
    actor_region: list[int] = field(default_factory=list)
    actor_topic: list[int] = field(default_factory=list)
    actor_weight: list[float] = field(default_factory=list)
    topic_weights: list[float] = field(default_factory=lambda: _zipf_weights(len(TOPICS)))

    def add(self, section: str, record: dict[str, Any]) -> None:
        record["source"] = SOURCE
        self.doc.setdefault(section, []).append(record)

    def pick_topic(self) -> int:
        return self.rng.choices(range(len(TOPICS)), self.topic_weights)[0]

    def sample(self, population: Sequence[T], k: int) -> list[T]:
        return self.rng.sample(population, min(k, len(population)))

    # -- vocabularies and regions ---------------------------------------------------------

    def vocabularies(self) -> None:
        for section, entries in (
            ("topics", TOPICS),
            ("targetGroups", TARGET_GROUPS),
            ("languages", LANGUAGES),
            ("countries", COUNTRIES),
        ):
            for slug, name in entries:
                self.add(section, {"id": slug, "name": name})
        for country, languages in SPOKEN.items():
            for index, language in enumerate(languages):
                share = round(0.9 if index == 0 else self.rng.uniform(0.05, 0.4), 2)
                self.add(
                    "languageShares", {"language": language, "country": country, "share": share}
                )

    def region(self, number: int) -> _Region:
        county = f"county-{number:04d}"
        region = _Region(county)
        key = f"{(number % 90) + 1:02d}{number // 90 % 10}{number % 100:02d}"[:5]
        self.add(
            "municipalities",
            {
                "id": county,
                "name": f"Landkreis {number}",
                "kind": "county",
                "ags": key,
                "population": self.rng.randint(80_000, 400_000),
                "populationYear": 2023,
            },
        )
        region.municipalities.append(county)
        for sg in range(self.rng.randint(3, 6)):
            sg_id = f"{county}-sg-{sg:02d}"
            self.add(
                "municipalities",
                {
                    "id": sg_id,
                    "name": f"Samtgemeinde {number}-{sg}",
                    "kind": "samtgemeinde",
                    "partOf": county,
                    "ags": f"{key}{500 + sg:03d}",
                },
            )
            region.municipalities.append(sg_id)
            for member in range(self.rng.randint(3, 7)):
                self.add(
                    "municipalities",
                    {
                        "id": f"{sg_id}-{member:02d}",
                        "name": f"Gemeinde {number}-{sg}-{member}",
                        "kind": "member_municipality",
                        "partOf": sg_id,
                        "ags": f"{key}{sg * 10 + member:03d}",
                        "population": self.rng.randint(500, 8_000),
                        "populationYear": 2023,
                    },
                )
                region.municipalities.append(f"{sg_id}-{member:02d}")
        for town in range(self.rng.randint(1, 3)):
            town_id = f"{county}-stadt-{town:02d}"
            self.add(
                "municipalities",
                {
                    "id": town_id,
                    "name": f"Stadt {number}-{town}",
                    "kind": "einheitsgemeinde",
                    "partOf": county,
                    "ags": f"{key}{900 + town:03d}",
                    "population": self.rng.randint(10_000, 60_000),
                    "populationYear": 2023,
                },
            )
            region.municipalities.append(town_id)
        for municipality in region.municipalities[1:]:
            for country in self.sample([c for c, _ in COUNTRIES], self.rng.randint(2, 6)):
                self.add(
                    "residents",
                    {
                        "country": country,
                        "municipality": municipality,
                        "count": int(self.rng.paretovariate(1.2) * 10),
                        "year": 2023,
                    },
                )
        return region

    # -- actors, offerings, people ----------------------------------------------------------

    def actor(self, index: int, region_index: int) -> None:
        region = self.regions[region_index]
        kinds, weights = zip(*ACTOR_KIND_WEIGHTS, strict=True)
        kind = self.rng.choices(kinds, weights)[0]
        topic = self.pick_topic()
        hub = self.rng.paretovariate(1.3)  # heavy-tailed activity
        self.actor_region.append(region_index)
        self.actor_topic.append(topic)
        self.actor_weight.append(hub)
        region.actors.append(index)
        home = self.rng.choice(region.municipalities[1:])
        active = [home] + ([region.county] if hub > 3 else [])
        record: dict[str, Any] = {
            "id": f"actor-{index:06d}",
            "name": f"{KIND_NAMES[kind]} {self.rng.choice(NAME_PARTS)} {index}",
            "kind": kind.value,
            "locatedIn": home,
            "activeIn": active,
        }
        if self.rng.random() < 0.3:
            record["website"] = f"https://actor-{index}.example.org"
            record["email"] = f"kontakt@actor-{index}.example.org"
        if len(region.actors) > 10 and self.rng.random() < 0.1:
            record["partOf"] = f"actor-{region.actors[self.rng.randrange(10)]:06d}"
        self.add("actors", record)

    def offerings(self, count: int) -> None:
        actors = len(self.actor_region)
        kinds = [k.value for k in OfferingKind]
        groups = [g for g, _ in TARGET_GROUPS]
        languages = [code for code, _ in LANGUAGES[1:]]
        for index in range(count):
            provider = self.rng.randrange(actors)
            region = self.regions[self.actor_region[provider]]
            topic = self.actor_topic[provider] if self.rng.random() < 0.7 else self.pick_topic()
            topics = [TOPICS[topic][0]]
            if self.rng.random() < 0.4:
                extra = TOPICS[self.pick_topic()][0]
                if extra not in topics:
                    topics.append(extra)
            record: dict[str, Any] = {
                "id": f"offering-{index:06d}",
                "title": f"{TOPICS[topic][1]}: Angebot {index}",
                "kind": self.rng.choice(kinds),
                "providers": [f"actor-{provider:06d}"],
                "topics": topics,
                "targetGroups": self.sample(groups, self.rng.randint(1, 2)),
                "languages": ["de", *self.sample(languages, self.rng.randint(0, 2))],
                "municipalities": [self.rng.choice(region.municipalities)],
            }
            if self.rng.random() < 0.5:
                record["capacity"] = self.rng.randint(5, 40)
            if self.rng.random() < 0.3:
                record["startDate"] = f"20{self.rng.randint(16, 24)}-0{self.rng.randint(1, 9)}-01"
            self.add("offerings", record)
            if self.rng.random() < 0.15:
                funder = self.rng.choice(region.actors)
                self.add(
                    "fundings",
                    {
                        "funder": f"actor-{funder:06d}",
                        "offering": record["id"],
                        "program": "Förderprogramm",
                    },
                )

    def groups_and_events(self) -> None:
        for region_index, region in enumerate(self.regions):
            for number in range(self.rng.randint(4, 8)):
                topic = self.pick_topic()
                group = f"ak-{region_index:04d}-{number:02d}"
                self.add(
                    "workingGroups",
                    {
                        "id": group,
                        "name": f"AK {TOPICS[topic][1]} {group}",
                        "topics": [TOPICS[topic][0]],
                        "meetingCadence": "vierteljährlich",
                    },
                )
                region.groups.append((group, topic))
            for number in range(self.rng.randint(2, 6)):
                event = f"event-{region_index:04d}-{number:02d}"
                self.add(
                    "events",
                    {
                        "id": event,
                        "name": f"Netzwerktreffen {event}",
                        "date": f"20{self.rng.randint(17, 24)}-0{self.rng.randint(1, 9)}-15",
                    },
                )
                region.events.append(event)

    def memberships(self) -> None:
        for actor, region_index in enumerate(self.actor_region):
            region = self.regions[region_index]
            wanted = min(len(region.groups), int(self.actor_weight[actor] ** 1.2) - 1)
            if wanted <= 0:
                continue
            topic = self.actor_topic[actor]
            ordered = sorted(region.groups, key=lambda g: (g[1] != topic, self.rng.random()))
            for position, (group, _) in enumerate(ordered[:wanted]):
                role = (
                    MembershipRole.SPOKESPERSON
                    if position == 0 and self.actor_weight[actor] > 8
                    else MembershipRole.MEMBER
                )
                self.add(
                    "memberships",
                    {"actor": f"actor-{actor:06d}", "workingGroup": group, "role": role.value},
                )

    def cooperations(self) -> None:
        """Preferential attachment: partners are drawn in proportion to their activity, so
        hubs collect many ties; mostly within the region, preferably within the topic."""
        kinds = [k.value for k in CooperationKind]
        cumulative = [
            list(itertools.accumulate(self.actor_weight[a] for a in region.actors))
            for region in self.regions
        ]
        seen: set[tuple[int, int]] = set()
        for actor, region_index in enumerate(self.actor_region):
            wanted = min(12, int(self.actor_weight[actor]))
            for _ in range(wanted):
                home = (
                    region_index
                    if self.rng.random() < 0.85
                    else self.rng.randrange(len(self.regions))
                )
                pool = self.regions[home].actors
                candidates = self.rng.choices(pool, cum_weights=cumulative[home], k=3)
                same_topic = [
                    c for c in candidates if self.actor_topic[c] == self.actor_topic[actor]
                ]
                chosen = (same_topic or candidates)[0]
                pair = (actor, chosen)
                if chosen == actor or pair in seen:
                    continue
                seen.add(pair)
                self.add(
                    "cooperations",
                    {
                        "from": f"actor-{actor:06d}",
                        "to": f"actor-{chosen:06d}",
                        "kind": self.rng.choice(kinds),
                    },
                )

    def people(self, actors: int) -> None:
        for index in range(max(1, actors // 25)):
            employer = self.rng.randrange(actors)
            region = self.regions[self.actor_region[employer]]
            record: dict[str, Any] = {
                "id": f"coordinator-{index:05d}",
                "name": f"Koordinator:in {index}",
                "role": "Koordination",
                "worksFor": [f"actor-{employer:06d}"],
            }
            if region.groups and self.rng.random() < 0.5:
                record["coordinatesWorkingGroups"] = [self.rng.choice(region.groups)[0]]
            if self.rng.random() < 0.3:
                record["coordinatesTopics"] = [TOPICS[self.actor_topic[employer]][0]]
            self.add("coordinators", record)
        roles = [r.value for r in ParticipationRole]
        for index in range(max(1, actors // 50)):
            employer = self.rng.randrange(actors)
            self.add(
                "people",
                {
                    "id": f"person-{index:05d}",
                    "name": f"Person {index}",
                    "role": "Referent:in",
                    "worksFor": [f"actor-{employer:06d}"],
                },
            )
        for region in self.regions:
            for event in region.events:
                guests = self.sample(region.actors, self.rng.randint(3, 12))
                for position, actor in enumerate(guests):
                    self.add(
                        "participations",
                        {
                            "event": event,
                            "actor": f"actor-{actor:06d}",
                            "role": roles[0] if position == 0 else self.rng.choice(roles[1:]),
                        },
                    )


def generate(actors: int, seed: int = 0) -> Document:
    """A landscape document (sections -> records, as in a YAML/JSON file) of ``actors``."""
    if actors < 1:
        raise ValueError("a landscape needs at least one actor")
    builder = _Builder(random.Random(seed))
    builder.vocabularies()
    counties = max(1, math.ceil(actors / ACTORS_PER_COUNTY))
    builder.regions = [builder.region(number) for number in range(counties)]
    for index in range(actors):
        builder.actor(index, index * counties // actors)
    builder.groups_and_events()
    builder.offerings(actors * 3 // 2)
    builder.people(actors)
    builder.memberships()
    builder.cooperations()
    return builder.doc


def write_document(document: Document, out: Path, fmt: FileFormat) -> list[Path]:
    """Write one file per section (and per 50,000 records) into ``out``; return the paths."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for section, records in document.items():
        for part, start in enumerate(range(0, len(records), RECORDS_PER_FILE)):
            chunk = {section: records[start : start + RECORDS_PER_FILE]}
            suffix = f"-{part + 1:03d}" if len(records) > RECORDS_PER_FILE else ""
            path = out / f"{section}{suffix}.{fmt}"
            with path.open("w", encoding="utf-8") as handle:
                if fmt == "json":
                    json.dump(chunk, handle, ensure_ascii=False, separators=(",", ":"))
                else:
                    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
                    yaml.dump(chunk, handle, Dumper=dumper, allow_unicode=True, sort_keys=False)
            written.append(path)
    return written


def count_nodes(document: Document) -> tuple[int, int]:
    """``(nodes, relationships)`` a document will create (links plus relationship records)."""
    from domain.registry import NODE_SECTION, RELATIONSHIP_SECTION

    nodes = relationships = 0
    for section, records in document.items():
        if section in RELATIONSHIP_SECTION:
            relationships += len(records)
            continue
        nodes += len(records)
        spec = NODE_SECTION[section]
        for link in spec.links:
            alias = spec.alias(link.attribute)
            for record in records:
                value = record.get(alias)
                relationships += len(value) if isinstance(value, list) else int(value is not None)
    return nodes, relationships
