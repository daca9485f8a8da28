"""The synthetic landscape: same shape as Gifhorn, any size, the same for the same seed."""

from __future__ import annotations

import statistics
from collections import Counter
from pathlib import Path

from loaders.landscape import load_landscape
from loaders.synthetic import actors_for_nodes, count_nodes, generate, write_document


def test_the_same_seed_writes_the_same_bytes(tmp_path: Path) -> None:
    first = write_document(generate(300, seed=7), tmp_path / "a", "yaml")
    second = write_document(generate(300, seed=7), tmp_path / "b", "yaml")

    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    assert generate(300, seed=8) != generate(300, seed=7)


def test_the_loaders_read_it_without_a_single_problem(tmp_path: Path) -> None:
    document = generate(1200, seed=1)
    write_document(document, tmp_path, "json")

    landscape = load_landscape([tmp_path])

    assert landscape.counts()["actors"] == 1200
    assert count_nodes(document)[0] == sum(len(landscape.nodes[s]) for s in landscape.nodes)


def test_memberships_and_cooperations_are_heavy_tailed() -> None:
    document = generate(2000, seed=1)

    memberships = Counter(m["actor"] for m in document["memberships"])
    degree = Counter(c["from"] for c in document["cooperations"]) + Counter(
        c["to"] for c in document["cooperations"]
    )

    assert statistics.median(degree.values()) <= 3
    assert max(degree.values()) >= 10 * statistics.median(degree.values())
    assert len(memberships) < 2000 / 2  # most actors sit in no working group
    assert max(memberships.values()) >= 4


def test_cooperations_are_clustered_by_region_and_offerings_by_topic() -> None:
    document = generate(2000, seed=1)
    region = {a["id"]: a["locatedIn"].split("-")[1] for a in document["actors"]}

    same_region = [region[c["from"]] == region[c["to"]] for c in document["cooperations"]]
    topics = Counter(t for o in document["offerings"] for t in o["topics"])

    assert sum(same_region) / len(same_region) > 0.7
    assert topics.most_common()[0][1] > 5 * topics.most_common()[-1][1]


def test_a_hundred_thousand_node_landscape_has_that_many_nodes() -> None:
    # How fast it is generated is measured in bench/bench_load.py, not asserted here.
    nodes, relationships = count_nodes(generate(actors_for_nodes(100_000), seed=0))

    assert nodes >= 95_000 and relationships > nodes
