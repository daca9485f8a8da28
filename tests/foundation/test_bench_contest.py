"""The library bench times every contestant side by side; one that fails under load (the
library timed out at c=8 on a 10,000-actor landscape) is reported and left out of that
question's timing, and the others are still timed: the run does not end there."""

from __future__ import annotations

import argparse
import asyncio

from bench.bench_library import BenchError, contest

ARGS = argparse.Namespace(warmup=1, requests=8, rounds=2, seconds=60.0)


def test_a_contestant_failing_under_load_is_named_and_the_others_are_timed() -> None:
    asked = {"steady": 0, "fragile": 0}

    async def steady() -> object:
        asked["steady"] += 1
        await asyncio.sleep(0.001)
        return b"{}"

    async def fragile() -> object:
        asked["fragile"] += 1
        await asyncio.sleep(0.001)
        if asked["fragile"] > 3:
            raise BenchError("HTTP 200: the transaction has been terminated")
        return b"{}"

    cells, failed = asyncio.run(contest({"steady": steady, "fragile": fragile}, {}, 4, ARGS))

    assert set(cells) == {"steady"} and cells["steady"].requests == ARGS.requests
    assert list(failed) == ["fragile"]
    assert failed["fragile"].startswith("failed at c=4: BenchError: HTTP 200: the transaction")
    assert asked["fragile"] <= 3 + 4  # its other workers stopped with the first failure


def test_a_contestant_failing_in_its_warm_up_is_never_timed() -> None:
    async def broken() -> object:
        raise BenchError("HTTP 500")

    async def steady() -> object:
        return b"{}"

    cells, failed = asyncio.run(contest({"broken": broken, "steady": steady}, {}, 2, ARGS))

    assert set(cells) == {"steady"} and set(failed) == {"broken"}
