"""Differential test on a synthetic landscape of 2,000 actors: scale changes no answer of the
compiled path (the machinery and what it checks: ``tests/api/differential.py``)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest

from graph.settings import Settings
from tests.api.differential import (
    SEED,
    SYNTHETIC_ACTORS,
    SYNTHETIC_CAPS,
    SYNTHETIC_DOCUMENTS,
    Corpus,
    plan_corpus,
    run_and_check,
    shared_folder,
    two_paths,
)
from tests.conftest import LOAD_TIMEOUT, wipe

SHARDS = 2
"""The corpus is asked in this many tests, on one parallel worker after one build of the
corpus (as ``test_differential``'s)."""


@pytest.fixture(scope="module")
def corpus(driver: neo4j.Driver, settings: Settings) -> Iterator[Corpus]:
    """The synthetic corpus, with both apps on the landscape (loaded once per run); the
    database is wiped again afterwards."""
    from graph.store.writer import write_landscape
    from loaders.landscape import load_landscape
    from loaders.synthetic import generate, write_document

    wipe(driver, settings.neo4j_database)
    with tempfile.TemporaryDirectory() as folder:
        write_document(generate(SYNTHETIC_ACTORS, seed=SEED), Path(folder), "json")
        landscape = load_landscape([folder])
        write_landscape(driver, landscape, database=settings.neo4j_database, timeout=LOAD_TIMEOUT)
    with two_paths(driver, settings) as paths:
        yield plan_corpus(
            paths,
            driver,
            settings,
            "synthetic",
            SYNTHETIC_DOCUMENTS,
            every_field=False,
            **SYNTHETIC_CAPS,
        )
    wipe(driver, settings.neo4j_database)


@pytest.mark.parametrize("shard", range(SHARDS), ids=lambda n: f"shard{n + 1}of{SHARDS}")
def test_synthetic_corpus_answers_alike_on_both_paths(
    corpus: Corpus, shard: int, tmp_path_factory: pytest.TempPathFactory
) -> None:
    run_and_check(corpus, shard, SHARDS, shared_folder(tmp_path_factory), every_field=False)
