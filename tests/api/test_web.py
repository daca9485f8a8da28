"""Serving the cockpit and GraphiQL, and cross-origin access to /graphql.

The served folder here is a small stand-in for ``web/dist`` written by the test (the real
build is exercised by the browser tests in ``tests/web``); the API behind it is real.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest
from starlette.testclient import TestClient

from graph.settings import Settings, SettingsError, load_settings
from schema.app import create_app
from schema.web import CONTENT_SECURITY_POLICY

DASHBOARD = "https://dashboard.example.org"


@pytest.fixture
def built(tmp_path: Path) -> Path:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text("<!doctype html><title>Cockpit</title>")
    (tmp_path / "graphiql.html").write_text("<!doctype html><title>GraphiQL</title>")
    (tmp_path / "assets" / "main-abc123.js").write_text("console.log('cockpit')")
    return tmp_path


def _client(settings: Settings, **changes: object) -> TestClient:
    return TestClient(create_app(settings.model_copy(update=changes)))


@pytest.fixture
def web(driver: neo4j.Driver, settings: Settings, built: Path) -> Iterator[TestClient]:
    with _client(settings, api_web_dir=built) as client:
        yield client


def test_the_cockpit_is_served_at_the_root_with_a_same_origin_policy(web: TestClient) -> None:
    page = web.get("/", headers={"Accept": "text/html"})

    assert page.status_code == 200
    assert "Cockpit" in page.text
    assert page.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["cache-control"] == "no-cache"


def test_hashed_assets_are_cached_and_unknown_files_are_404(web: TestClient) -> None:
    asset = web.get("/assets/main-abc123.js")

    assert asset.status_code == 200
    assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert web.get("/assets/missing.js").status_code == 404
    assert web.get("/../pyproject.toml").status_code == 404


def test_a_browser_opening_graphql_is_sent_to_graphiql(web: TestClient) -> None:
    opened = web.get("/graphql", headers={"Accept": "text/html"}, follow_redirects=False)
    graphiql = web.get("/graphiql")

    assert opened.status_code == 307
    assert opened.headers["location"] == "/graphiql"
    assert graphiql.status_code == 200
    assert "GraphiQL" in graphiql.text
    assert graphiql.headers["content-security-policy"] == CONTENT_SECURITY_POLICY


def test_an_api_client_asking_by_get_still_gets_json(web: TestClient) -> None:
    response = web.get("/graphql", params={"query": "{ revision }"})

    assert response.status_code == 200
    assert isinstance(response.json()["data"]["revision"], int)


def test_graphiql_can_be_switched_off(
    driver: neo4j.Driver, settings: Settings, built: Path
) -> None:
    with _client(settings, api_web_dir=built, api_graphiql=False) as client:
        page = client.get("/graphiql")
        opened = client.get("/graphql", headers={"Accept": "text/html"}, follow_redirects=False)

        assert page.status_code == 404
        assert "API_GRAPHIQL" in page.text
        assert opened.status_code != 307
        assert client.get("/", headers={"Accept": "text/html"}).status_code == 200


def test_an_unbuilt_cockpit_says_how_to_build_it(
    driver: neo4j.Driver, settings: Settings, tmp_path: Path
) -> None:
    with _client(settings, api_web_dir=tmp_path / "missing") as client:
        page = client.get("/")

        assert page.status_code == 503
        assert "make web" in page.text
        assert client.post("/graphql", json={"query": "{ revision }"}).status_code == 200


def test_no_cross_origin_access_unless_configured(web: TestClient) -> None:
    response = web.post("/graphql", json={"query": "{ revision }"}, headers={"Origin": DASHBOARD})

    assert response.status_code == 200
    assert "access-control-allow-origin" not in response.headers


def test_a_configured_dashboard_origin_passes_preflight_and_reads(
    driver: neo4j.Driver, settings: Settings, built: Path
) -> None:
    with _client(settings, api_web_dir=built, api_cors_origins=DASHBOARD) as client:
        preflight = client.options(
            "/graphql",
            headers={
                "Origin": DASHBOARD,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "authorization, content-type",
            },
        )
        read = client.post(
            "/graphql", json={"query": "{ revision }"}, headers={"Origin": DASHBOARD}
        )
        stranger = client.options(
            "/graphql",
            headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
        )

        assert preflight.status_code == 200
        assert preflight.headers["access-control-allow-origin"] == DASHBOARD
        assert "authorization" in preflight.headers["access-control-allow-headers"].lower()
        assert read.headers["access-control-allow-origin"] == DASHBOARD
        assert read.json()["data"]["revision"] >= 0
        assert stranger.status_code == 400
        assert "access-control-allow-origin" not in stranger.headers


@pytest.mark.parametrize("origins", ["dashboard.example.org", "https://x.org/path", "ftp://x.org"])
def test_a_malformed_cors_origin_is_refused_with_the_variable_named(origins: str) -> None:
    with pytest.raises(SettingsError, match="API_CORS_ORIGINS"):
        load_settings(api_cors_origins=origins)
