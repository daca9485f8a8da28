"""docker-compose.yml agrees with the settings module (no Docker engine needed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from graph.settings import NEO4J_VERSION, PROJECT_ROOT, Settings


def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((PROJECT_ROOT / "docker-compose.yml").read_text())
    return loaded


def test_neo4j_image_is_the_pinned_community_version() -> None:
    image = compose()["services"]["neo4j"]["image"]

    assert image == f"neo4j:{NEO4J_VERSION}"  # no -enterprise suffix: Community


def test_app_environment_names_are_settings() -> None:
    app_env = compose()["services"]["app"]["environment"]
    known = {name.upper() for name in Settings.model_fields}

    assert set(app_env) <= known
    assert app_env["NEO4J_URI"] == "bolt://neo4j:7687"
    assert int(app_env["API_PORT"]) == Settings.model_fields["api_port"].default


def test_ports_match_the_defaults() -> None:
    services = compose()["services"]

    assert "127.0.0.1:7687:7687" in services["neo4j"]["ports"]
    assert f"127.0.0.1:{Settings.model_fields['api_port'].default}:8000" in services["app"]["ports"]


def test_app_waits_for_a_healthy_neo4j_whose_probe_writes_no_file() -> None:
    services = compose()["services"]
    probe = " ".join(services["neo4j"]["healthcheck"]["test"])

    assert services["app"]["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert "--spider" in probe
    assert Path(PROJECT_ROOT / "Dockerfile").is_file()
