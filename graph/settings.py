"""Settings from the environment: one place, validated once at start.

Every knob of the project is read here, so that the CLI, the app and the tests agree on
names and defaults. A bad value stops the program with a message that names the variable,
not with a traceback from deep inside the driver.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from urllib.parse import urlparse

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
NEO4J_VERSION = "5.26.30"
BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


class SettingsError(ValueError):
    """A setting from the environment is missing or malformed."""


class Settings(BaseSettings):
    """What the project reads from the environment (names in upper case)."""

    model_config = SettingsConfigDict(env_prefix="", case_sensitive=False, extra="ignore")

    neo4j_uri: str | None = Field(
        default=None,
        description="Bolt URI of an existing Neo4j; unset: the project's own local server.",
    )
    neo4j_user: str = Field(default="neo4j", min_length=1)
    neo4j_password: str | None = Field(
        default=None, description="Password for NEO4J_URI; the local server's is generated."
    )
    neo4j_database: str = Field(default="neo4j", min_length=1)

    neo4j_version: str = Field(default=NEO4J_VERSION, pattern=r"^5\.26\.\d+$")
    neo4j_local_dir: Path = Field(default=PROJECT_ROOT / ".neo4j" / "local")
    neo4j_local_port: int = Field(default=7687, ge=1024, le=65535)
    neo4j_jar_cache: Path = Field(default=PROJECT_ROOT / ".cache" / "neo4j")
    neo4j_heap: str = Field(
        default="3g",
        pattern=r"^\d+[mg]$",
        description="largest heap; the server starts at 512m and grows only when a load needs it",
    )
    neo4j_pagecache: str = Field(default="128m", pattern=r"^\d+[mg]$")
    neo4j_tx_memory: str = Field(
        default="2g",
        pattern=r"^\d+[mg]$",
        description="memory all running transactions may use together (one load is one)",
    )
    neo4j_java_options: str = Field(
        default="",
        description="more options for the local server's JVM, separated by spaces "
        "(the tests give their short-lived servers -XX:TieredStopAtLevel=1)",
    )
    neo4j_keep_plans: bool = Field(
        default=False,
        description="the local server keeps its query plans while the data changes (no "
        "re-planning after statistics move, 10,000 plans cached); for test servers, whose "
        "data is wiped and loaded again all the time",
    )
    neo4j_start_timeout: float = Field(default=180.0, gt=0)
    neo4j_tx_timeout: float = Field(default=30.0, gt=0, description="seconds per transaction")
    neo4j_retry_time: float = Field(
        default=30.0,
        gt=0,
        le=600,
        description="seconds the CLI and loaders retry a transaction that failed for a "
        "reason that may pass (an unreachable server) before they give up",
    )

    api_host: str = Field(default="127.0.0.1", min_length=1)
    api_port: int = Field(default=8000, ge=1, le=65535)

    # Limits of the GraphQL API: every one has a clear error naming it (schema/limits.py).
    api_max_query_depth: int = Field(default=12, ge=1, description="deepest field nesting")
    api_max_aliases: int = Field(default=30, ge=0, description="aliases per document")
    api_max_tokens: int = Field(default=2000, ge=10, description="lexer tokens per document")
    api_max_page_size: int = Field(default=500, ge=1, description="largest first/limit")
    api_max_body_bytes: int = Field(default=1_000_000, ge=1024, description="request body")
    api_max_query_cost: int = Field(
        default=5_000_000, ge=1, description="estimated objects of a document (QUERY_TOO_COMPLEX)"
    )
    api_max_filter_conditions: int = Field(
        default=100, ge=1, description="conditions in one where, AND/OR/NOT included"
    )
    api_max_list_items: int = Field(
        default=1000, ge=1, description="values in one list argument, e.g. an `in` list"
    )
    api_max_response_bytes: int = Field(
        default=20_000_000, ge=1024, description="largest JSON response (RESPONSE_TOO_LARGE)"
    )
    api_request_timeout: float = Field(
        default=30.0, gt=0, le=3600, description="wall-clock seconds per GraphQL request"
    )
    api_analysis_debounce: float = Field(
        default=0.5,
        ge=0,
        le=600,
        description="seconds without a write before the analyses are recomputed in the "
        "background (a burst of writes costs one recomputation)",
    )
    api_analysis_wait: float = Field(
        default=0.0,
        ge=0,
        le=3600,
        description="seconds a visitor waits for a recomputation under way before being "
        "answered from the previous result (0: never; tests raise it to see their writes)",
    )
    api_body_timeout: float = Field(
        default=10.0, gt=0, le=3600, description="seconds to receive a request body (408)"
    )

    # The cockpit and GraphiQL (schema/web.py) and cross-origin dashboards.
    api_graphiql: bool = Field(default=True, description="serve GraphiQL at /graphiql")
    api_compiled: bool = Field(
        default=True,
        description="run reads compiled to one Cypher statement per operation (off: the "
        "resolver path, one statement per nesting level; for comparison and diagnosis)",
    )
    api_feed_interval: float = Field(
        default=1.0,
        gt=0,
        le=60,
        description="seconds between two looks at the graph revision for the change "
        "subscription (one look per server process, however many subscribers)",
    )
    api_web_dir: Path = Field(
        default=PROJECT_ROOT / "web" / "dist", description="the built cockpit (make web)"
    )
    api_cors_origins: str = Field(
        default="",
        description="comma-separated origins allowed to call /graphql from a browser; "
        "empty: none (same origin only); '*' : any origin, without credentials",
    )

    # Persisted documents and HTTP caching of /graphql (schema/persisted.py, schema/caching.py).
    api_apq_max_documents: int = Field(
        default=1000,
        ge=1,
        le=1_000_000,
        description="automatic persisted queries kept in Neo4j; more evict the least recently used",
    )
    api_trusted_documents_only: bool = Field(
        default=False,
        description="anonymous callers may run only trusted documents (the cockpit's and those "
        "added with `integration-graph documents add`); signed-in callers and tokens run anything",
    )
    api_cache_max_age: int = Field(
        default=0,
        ge=0,
        le=86_400,
        description="seconds a browser, proxy or CDN may reuse an anonymous query answer "
        "without asking (public dashboards); 0: revalidate every time (no-cache, ETag)",
    )

    # Accounts: sessions and the sign-in throttle (graph/sessions.py, graph/throttle.py).
    api_session_hours: float = Field(
        default=8.0, gt=0, le=24 * 30, description="a session ends this long after sign-in"
    )
    api_session_idle_minutes: float = Field(
        default=60.0, gt=0, description="a session ends after this long without a request"
    )
    api_login_max_failures: int = Field(
        default=5, ge=1, description="failed sign-ins per e-mail (x4 per address) in the window"
    )
    api_login_window_minutes: float = Field(default=15.0, gt=0)
    api_login_lock_minutes: float = Field(
        default=15.0, gt=0, description="how long sign-in stays locked at the limit"
    )

    @field_validator("neo4j_uri")
    @classmethod
    def _check_uri(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        parsed = urlparse(value)
        if parsed.scheme not in BOLT_SCHEMES or not parsed.hostname:
            raise ValueError(
                f"must look like bolt://host:7687 or neo4j://host:7687 (got {value!r})"
            )
        return value

    @field_validator("api_cors_origins")
    @classmethod
    def _check_origins(cls, value: str) -> str:
        for origin in (o.strip() for o in value.split(",") if o.strip()):
            parsed = urlparse(origin)
            plain = parsed.scheme in ("http", "https") and parsed.netloc and not parsed.path
            if origin != "*" and not plain:
                raise ValueError(
                    f"each origin must look like https://dashboard.example.org "
                    f"(scheme and host, no path) or be '*' (got {origin!r})"
                )
        return value

    @property
    def cors_origins(self) -> list[str]:
        """``API_CORS_ORIGINS`` as a list (empty: no cross-origin access)."""
        return [o.strip() for o in self.api_cors_origins.split(",") if o.strip()]

    @model_validator(mode="after")
    def _password_with_uri(self) -> Settings:
        if self.neo4j_uri and not self.neo4j_password:
            raise ValueError("NEO4J_PASSWORD must be set together with NEO4J_URI")
        return self

    @property
    def uses_local_server(self) -> bool:
        """True when the project starts and owns the Neo4j server itself."""
        return self.neo4j_uri is None

    @property
    def local_uri(self) -> str:
        return f"bolt://127.0.0.1:{self.neo4j_local_port}"


def load_settings(**overrides: object) -> Settings:
    """Read and validate the settings, turning pydantic's report into one clear message."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        problems = "; ".join(
            f"{'_'.join(str(p) for p in e['loc']).upper() or 'settings'}: {e['msg']}"
            for e in error.errors()
        )
        raise SettingsError(f"invalid configuration: {problems}") from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process, read once."""
    return load_settings()
