"""Differential test on the Gifhorn data: every answer of the compiled path is the resolver
path's (the machinery and what it checks: ``tests/api/differential.py``)."""

from __future__ import annotations

from collections.abc import Iterator

import neo4j
import pytest

from graph.settings import Settings
from tests.api.differential import (
    GIFHORN_DOCUMENTS,
    Corpus,
    plan_corpus,
    run_and_check,
    shared_folder,
    two_paths,
)
from tests.conftest import load_gifhorn, wipe

SHARDS = 4
"""The corpus is asked in this many tests, each with its line of what it did. They run on one
parallel worker, after one build of the corpus (``tests/conftest.py``: ``parallel_group``):
shared out, each worker built it again, and the second build cost more than the share of
the asking it saved."""


@pytest.fixture(scope="module")
def corpus(driver: neo4j.Driver, settings: Settings) -> Iterator[Corpus]:
    """The Gifhorn corpus, with both apps on the shipped data (loaded once per run)."""
    load_gifhorn(driver, settings)
    with two_paths(driver, settings) as paths:
        yield plan_corpus(paths, driver, settings, "Gifhorn", GIFHORN_DOCUMENTS)
    wipe(driver, settings.neo4j_database)


@pytest.mark.parametrize("shard", range(SHARDS), ids=lambda n: f"shard{n + 1}of{SHARDS}")
def test_gifhorn_corpus_answers_alike_on_both_paths(
    corpus: Corpus, shard: int, tmp_path_factory: pytest.TempPathFactory
) -> None:
    run_and_check(corpus, shard, SHARDS, shared_folder(tmp_path_factory))
