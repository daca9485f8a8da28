"""Analyses never on a visitor's clock: after writes they are recomputed in the background,
once per burst, and a visitor meanwhile gets the previous result and a flag saying so.

The server here runs as in production (``API_ANALYSIS_WAIT=0``: a visitor never waits for a
recomputation). The tests hold the recomputation itself (the projection it starts with waits
for an event) instead of hoping it outlasts a read, so no assertion depends on the machine's
speed; waits below are guards that end as soon as their condition holds.
"""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Iterator
from typing import Any

import neo4j
import pytest
from starlette.testclient import TestClient

from graph import analysis_cache, gap_service, memory
from graph.analysis.network_map import network_map
from graph.analysis.report import gap_report
from graph.gap_service import GapService
from graph.revision import bump_revision
from graph.settings import Settings
from graph.tokens import create_token
from schema.app import create_app

GUARD = 120.0
"""How long a test waits for the recomputer at most (a guard, never a measured limit)."""

READ = (
    "{ gaps { revision updating peripheralActors(top: 200) { isolatedCount } "
    "networkMap { revision updating } } "
    "analysisStatus { revision latestRevision updating computedAt } }"
)
CREATE = "mutation($input: ActorInput!) { createActor(input: $input) { id revision } }"


class HeldProjection:
    """The recomputation's projection, held until ``release()`` once ``arm()`` was called."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.armed = False
        self.started = threading.Event()
        self.released = threading.Event()
        real = analysis_cache.project_with_revision

        def held(driver: neo4j.Driver, database: str) -> Any:
            if self.armed:
                self.started.set()
                self.released.wait(GUARD)
            return real(driver, database)

        monkeypatch.setattr(analysis_cache, "project_with_revision", held)

    def arm(self) -> None:
        self.armed = True

    def release(self) -> None:
        self.released.set()


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> Iterator[HeldProjection]:
    holder = HeldProjection(monkeypatch)
    yield holder
    holder.release()  # never leave the recomputer waiting


def served(settings: Settings, debounce: float) -> TestClient:
    """The app as a server runs it: visitors never wait for a recomputation."""
    return TestClient(
        create_app(
            settings.model_copy(
                update={"api_analysis_wait": 0.0, "api_analysis_debounce": debounce}
            )
        )
    )


def gql(
    client: TestClient, query: str, variables: dict[str, Any] | None = None, **headers: str
) -> Any:
    response = client.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


def service_of(client: TestClient) -> GapService:
    service: GapService = client.app.state.analyses  # type: ignore[attr-defined]
    return service


def settle(service: GapService) -> None:
    assert service.recomputer is not None
    assert service.recomputer.wait_idle(GUARD), "the recomputer did not come to rest"


def create_actors(client: TestClient, secret: str, names: list[str]) -> list[int]:
    revisions = []
    for name in names:
        data = gql(
            client,
            CREATE,
            {"input": {"id": name, "name": name, "kind": "ASSOCIATION", "source": "test"}},
            Authorization=f"Bearer {secret}",
        )
        revisions.append(data["createActor"]["revision"])
    return revisions


def test_a_burst_of_writes_costs_one_recomputation_and_readers_get_the_previous_result(
    gifhorn: neo4j.Driver, settings: Settings, held: HeldProjection
) -> None:
    _, secret = create_token(gifhorn, settings.neo4j_database, "editor", "recompute test")
    with served(settings, debounce=0.05) as client:
        service = service_of(client)
        gql(client, READ)  # the first result of the process
        settle(service)
        before = gql(client, READ)
        builds = service.cache.builds
        assert before["gaps"]["updating"] is False
        assert before["analysisStatus"]["updating"] is False

        held.arm()
        first = create_actors(client, secret, ["burst-1"])
        assert held.started.wait(GUARD), "no recomputation started after the write"
        rest = create_actors(client, secret, ["burst-2", "burst-3", "burst-4", "burst-5"])
        during = gql(client, READ)

        # Answered at once from the previous result, and told that a newer one comes.
        assert during["gaps"]["revision"] == before["gaps"]["revision"]
        assert during["gaps"]["peripheralActors"] == before["gaps"]["peripheralActors"]
        assert during["gaps"]["updating"] is True
        assert during["gaps"]["networkMap"] == {
            "revision": before["gaps"]["revision"],
            "updating": True,
        }
        status = during["analysisStatus"]
        assert status["revision"] == before["gaps"]["revision"]
        assert status["latestRevision"] == rest[-1]
        assert status["updating"] is True
        assert status["computedAt"] == before["analysisStatus"]["computedAt"]

        held.release()
        settle(service)
        after = gql(client, READ)

    # One recomputation for the five writes: it read the graph as the burst left it.
    assert service.cache.builds == builds + 1
    assert first[0] < rest[-1]
    assert after["gaps"]["revision"] == rest[-1]
    assert after["gaps"]["updating"] is False
    assert after["analysisStatus"]["updating"] is False
    isolated = before["gaps"]["peripheralActors"]["isolatedCount"]
    assert after["gaps"]["peripheralActors"]["isolatedCount"] == isolated + 5


def test_writes_closer_than_the_debounce_cost_one_recomputation(
    gifhorn: neo4j.Driver, settings: Settings
) -> None:
    _, secret = create_token(gifhorn, settings.neo4j_database, "editor", "recompute test")
    # Each write takes well under a tenth of the debounce, even on a busy machine.
    with served(settings, debounce=5.0) as client:
        service = service_of(client)
        gql(client, READ)
        settle(service)
        builds = service.cache.builds

        written = create_actors(client, secret, [f"quick-{n}" for n in range(5)])
        settle(service)

        assert service.cache.builds == builds + 1
        assert service.cache.newest is not None
        assert service.cache.newest.revision == written[-1]


def test_a_new_result_replaces_the_old_and_recomputes_what_visitors_asked(
    gifhorn: neo4j.Driver, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(analysis_cache, "TRIM_ABOVE", 0)  # the county's result counts as large
    _, secret = create_token(gifhorn, settings.neo4j_database, "editor", "recompute test")
    with served(settings, debounce=0.05) as client:
        service = service_of(client)
        gql(client, '{ gaps { coverage(municipality: "wittingen", top: 3) { gapCount } } }')
        settle(service)
        old = service.cache.newest
        assert old is not None
        gone = weakref.ref(old)
        asked = [key for key, _ in old.recipes() if key[0] == "coverage"]  # type: ignore[index]
        del old
        released = service.cache.releases

        create_actors(client, secret, ["replaces-1"])
        settle(service)

        newest = service.cache.newest
        assert newest is not None
        held_keys = [key for key, _ in newest.recipes()]
        assert set(asked) <= set(held_keys)  # ready for the next visitor
        gc.collect()
        assert gone() is None, "the previous result is still held"
        if memory.trim():  # glibc: the old result's pages went back to the system
            assert service.cache.releases == released + 1


def test_values_asked_with_arguments_are_bounded(gifhorn: neo4j.Driver, settings: Settings) -> None:
    with served(settings, debounce=0.05) as client:
        service = service_of(client)
        size = service.cache.size
        gql(client, "{ gaps { networkMap { revision } } }")
        settle(service)
        pinned = service.cache.entries()[0]
        for top in range(1, size + 40):
            gql(client, f"{{ gaps {{ coverage(top: {top}) {{ gapCount }} }} }}")

        assert service.cache.entries() == (pinned, size)  # the warm set stays, the rest is cut
        assert pinned >= 5


def test_failing_values_leave_nothing_behind_and_never_stop_a_recomputation(
    gifhorn: neo4j.Driver, settings: Settings
) -> None:
    _, secret = create_token(gifhorn, settings.neo4j_database, "editor", "recompute test")
    with served(settings, debounce=0.05) as client:
        service = service_of(client)
        for n in range(20):
            query = f'{{ gaps {{ coverage(municipality: "nowhere-{n}") {{ gapCount }} }} }}'
            body = client.post("/graphql", json={"query": query}).json()
            assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
        settle(service)
        snapshot = service.cache.newest
        assert snapshot is not None
        assert snapshot.computing() == 0
        assert snapshot.entries()[1] < 20  # the failures were not kept

        # A value that computed once and fails on the next graph (its record was deleted)
        first = snapshot.revision

        def fails_later(s: analysis_cache.Snapshot) -> int:
            if s.revision > first:
                raise KeyError("gone")
            return s.revision

        snapshot.get(("probe",), fails_later)
        builds = service.cache.builds
        written = create_actors(client, secret, ["after-probe"])
        settle(service)

        assert service.cache.builds == builds + 1
        assert service.cache.newest is not None
        assert service.cache.newest.revision == written[-1]
        assert gql(client, READ)["gaps"]["updating"] is False


def test_memory_is_given_back_only_after_a_large_result_was_replaced(
    gifhorn: neo4j.Driver, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A trim collects the cycles of the whole process with the GIL held: worth it for a
    large replaced result, not after a process's first build nor for the county's."""
    trims: list[str] = []

    def trim() -> bool:
        trims.append("trimmed")
        return True

    monkeypatch.setattr(memory, "trim", trim)
    cache = analysis_cache.RevisionCache()
    database = settings.neo4j_database
    county = cache.current(gifhorn, database)  # the first build: nothing replaced
    assert county.elements < analysis_cache.TRIM_ABOVE  # 544 nodes, 2,762 relationships
    bump(gifhorn, database)
    cache.current(gifhorn, database)  # replaced the county's result: small
    assert trims == []

    monkeypatch.setattr(analysis_cache, "TRIM_ABOVE", county.elements)  # now it counts as large
    bump(gifhorn, database)
    cache.current(gifhorn, database)

    assert cache.builds == 3
    assert trims == ["trimmed"] and cache.releases == 1


def bump(driver: neo4j.Driver, database: str) -> None:
    """A new graph revision without changing the data."""
    with driver.session(database=database) as session:
        session.execute_write(bump_revision)


def test_the_warm_set_is_built_with_full_collections_deferred(
    gifhorn: neo4j.Driver, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The recomputer's steps build lasting values, so full collections wait while each
    runs (``graph.memory.collector_paused``); the one deferred runs right after the step,
    in the recomputer's thread (``Snapshot.settle``), not in a visitor's request."""
    thresholds: list[int] = []

    def watched(*args: Any, **kwargs: Any) -> Any:
        thresholds.append(gc.get_threshold()[2])
        return network_map(*args, **kwargs)

    monkeypatch.setattr(gap_service, "network_map", watched)
    service = GapService(gifhorn, settings.neo4j_database)
    snapshot = service.cache.current(gifhorn, settings.neo4j_database)

    gap_service.warm(snapshot)

    assert thresholds == [memory.FULL_COLLECTIONS_DEFERRED]
    assert gc.get_threshold()[2] != memory.FULL_COLLECTIONS_DEFERRED


def test_the_report_is_built_with_full_collections_deferred_then_settled(
    gifhorn: neo4j.Driver, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The full report is a large, lasting value too (three full collections of the growing
    heap at 100,000 nodes): built as a warm-set step is, the collection it deferred runs
    right after it in the thread that asked for it."""
    events: list[tuple[str, int]] = []

    def watched(*args: Any, **kwargs: Any) -> Any:
        events.append(("report", gc.get_threshold()[2]))
        return gap_report(*args, **kwargs)

    def settle(snapshot: analysis_cache.Snapshot) -> None:
        events.append(("settle", gc.get_threshold()[2]))

    monkeypatch.setattr(gap_service, "gap_report", watched)
    monkeypatch.setattr(analysis_cache.Snapshot, "settle", settle)
    normal = gc.get_threshold()[2]

    report = GapService(gifhorn, settings.neo4j_database).report()

    assert events == [("report", memory.FULL_COLLECTIONS_DEFERRED), ("settle", normal)]
    assert report.introductions.suggestions  # the Gifhorn report itself, not a stand-in
