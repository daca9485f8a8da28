"""The differential corpus is asked in shards (``tests/api/differential.py``); the promises
about the whole corpus are checked by whichever shard finishes last, from the counts every
shard leaves in a folder the run's workers share. No server needed."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.api.differential import Tally, check_together


def finish(
    folder: Path, shard: int, clean: int, personal_shown: int = 1, provoked: int = 0
) -> None:
    tally = Tally(documents=200, provoked=provoked, clean=clean, personal_shown=personal_shown)
    check_together("Gifhorn", folder, shard, 4, tally, every_field=True)


def test_the_last_shard_checks_the_share_of_the_whole_corpus(tmp_path: Path) -> None:
    for shard in range(3):
        finish(tmp_path, shard, clean=185)  # 92.5% each: not checked while shards are out
    with pytest.raises(AssertionError, match="only 754 of 800 documents ran without errors"):
        finish(tmp_path, 3, clean=199)


def test_a_shard_may_fall_short_when_the_whole_corpus_does_not(tmp_path: Path) -> None:
    for shard, clean in enumerate([200, 200, 200, 185]):
        finish(tmp_path, shard, clean=clean)  # 785 of 800


def test_documents_written_to_be_refused_do_not_count_in_the_share(tmp_path: Path) -> None:
    for shard in range(4):
        finish(tmp_path, shard, clean=185, provoked=10)  # 740 of 760 answered: 97%


def test_the_share_is_of_the_documents_not_written_to_be_refused(tmp_path: Path) -> None:
    for shard in range(3):
        finish(tmp_path, shard, clean=180, provoked=10)
    with pytest.raises(AssertionError, match="only 720 of 760 documents ran without errors"):
        finish(tmp_path, 3, clean=180, provoked=10)  # 94.7%


def test_contact_data_seen_by_any_shard_is_enough(tmp_path: Path) -> None:
    for shard in range(4):
        finish(tmp_path, shard, clean=200, personal_shown=int(shard == 2))


def test_no_shard_seeing_contact_data_fails_the_last(tmp_path: Path) -> None:
    for shard in range(3):
        finish(tmp_path, shard, clean=200, personal_shown=0)
    with pytest.raises(AssertionError, match="no document showed a coordinator's contact data"):
        finish(tmp_path, 3, clean=200, personal_shown=0)
