"""Test data is loaded again exactly when something was written since its last load
(``tests/loaded_data.py``), so that tests which only read share one load."""

from __future__ import annotations

import neo4j

from graph.settings import Settings
from tests.conftest import wipe
from tests.loaded_data import ensure_loaded


def test_a_data_set_is_loaded_again_only_after_a_write(
    driver: neo4j.Driver, settings: Settings
) -> None:
    database = settings.neo4j_database
    loads: list[str] = []

    def load() -> str:
        loads.append("probe")
        driver.execute_query("CREATE (:Probe {id: 'p', name: 'Erst'})", database_=database)
        return f"load {len(loads)}"

    def names() -> list[str]:
        found = driver.execute_query("MATCH (p:Probe) RETURN p.name AS n", database_=database)
        return [record["n"] for record in found.records]

    try:
        assert ensure_loaded(driver, settings, "probe", load) == "load 1"
        driver.execute_query("MATCH (n) RETURN count(n)", database_=database)  # a read
        again = ensure_loaded(driver, settings, "probe", load)
        # a server the tests did not start has no log to look at: there it loads each time
        assert again == ("load 1" if settings.uses_local_server else "load 2")

        driver.execute_query("MATCH (p:Probe) SET p.name = 'Geändert'", database_=database)
        loaded = ensure_loaded(driver, settings, "probe", load)

        assert loaded == f"load {len(loads)}" and names() == ["Erst"]
        ensure_loaded(driver, settings, "other", lambda: None)  # another data set: wiped
        assert names() == []
    finally:
        wipe(driver, database)
