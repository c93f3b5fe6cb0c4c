"""Settings, read once from the environment (and an optional ``.env``), validated up front.

Every setting is documented in ``docs/configuration.md``; a test fails when the two disagree.
"""

from __future__ import annotations

import os
import secrets
from functools import cached_property
from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from kg.errors import ConfigError
from loaders.graph.vocabulary import DEFAULT_NAMESPACE
from loaders.resolution.rules import DEFAULT_MIN_SCORE


def _default_home() -> Path:
    xdg = os.environ.get("XDG_DATA_HOME")
    return (Path(xdg) if xdg else Path.home() / ".local" / "share") / "kg"


def _default_cache() -> Path:
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "kg"


class Settings(BaseSettings):
    """All settings of the service, the CLI and the launcher."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    neo4j_uri: str | None = Field(
        default=None,
        alias="NEO4J_URI",
        description="Bolt URI of an external Neo4j (Aura, Docker, own install). "
        "Unset: the locally launched server is used.",
    )
    neo4j_user: str = Field(default="neo4j", alias="NEO4J_USER", description="Neo4j user name.")
    neo4j_password: SecretStr | None = Field(
        default=None,
        alias="NEO4J_PASSWORD",
        description="Neo4j password. Required with NEO4J_URI; for the local server one is "
        "generated once and stored in KG_HOME/neo4j-password (mode 0600) when unset.",
    )
    neo4j_database: str = Field(
        default="neo4j", alias="NEO4J_DATABASE", description="Database name."
    )
    kg_home: Path = Field(
        default_factory=_default_home,
        alias="KG_HOME",
        description="Project home: the local server's data, logs, config and password.",
    )
    kg_cache: Path = Field(
        default_factory=_default_cache,
        alias="KG_CACHE",
        description="Cache: the Neo4j and CoreNLP jars fetched from Maven Central, and the "
        "parser's results (parses/).",
    )
    bolt_port: int = Field(
        default=7687, alias="KG_BOLT_PORT", ge=1, le=65535, description="Local server Bolt port."
    )
    http_port: int = Field(
        default=7474, alias="KG_HTTP_PORT", ge=1, le=65535, description="Local server HTTP port."
    )
    neo4j_heap: str = Field(
        default="1g", alias="KG_NEO4J_HEAP", description="Local server JVM heap (e.g. 512m, 2g)."
    )
    neo4j_tx_memory: str = Field(
        default="",
        alias="KG_NEO4J_TX_MEMORY",
        description="Local server: most memory one transaction may use "
        "(db.memory.transaction.max, e.g. 300m); a document that needs more fails alone. "
        "Empty: 40% of KG_NEO4J_HEAP.",
    )
    neo4j_tx_timeout_s: int = Field(
        default=120,
        alias="KG_NEO4J_TX_TIMEOUT",
        gt=0,
        description="Local server: longest any transaction may run (db.transaction.timeout, s).",
    )
    neo4j_pagecache: str = Field(
        default="512m", alias="KG_NEO4J_PAGECACHE", description="Local server page cache size."
    )
    nlp_url: str | None = Field(
        default=None,
        alias="KG_NLP_URL",
        description="URL of an external Stanford CoreNLP 4.5.10 server (e.g. "
        "http://corenlp:9000). Unset: the locally launched server on KG_NLP_PORT is used.",
    )
    nlp_port: int = Field(
        default=9000,
        alias="KG_NLP_PORT",
        ge=1,
        le=65535,
        description="Local CoreNLP server port (bound to 127.0.0.1).",
    )
    nlp_timeout_s: float = Field(
        default=60.0,
        alias="KG_NLP_TIMEOUT",
        gt=0,
        description="Longest a parse request may take (s); also the local server's own limit.",
    )
    nlp_heap: str = Field(
        default="3g", alias="KG_NLP_HEAP", description="Local CoreNLP server JVM heap (e.g. 2g)."
    )
    namespace: str = Field(
        default=DEFAULT_NAMESPACE,
        alias="KG_NAMESPACE",
        description="Namespace of the instance IRIs of a new dataset; ends with '/' or '#'. "
        "Recorded in the database on its first load: later changes have no effect "
        "(see `kg db rebase-iris`).",
    )
    base_iri: str = Field(
        default="http://127.0.0.1:8000/id/",
        alias="KG_BASE_IRI",
        description="Public URL of this service's /id/ path; ends with '/'. Links in HTML "
        "pages point there; resources keep the dataset's IRIs.",
    )
    api_host: str = Field(default="127.0.0.1", alias="KG_API_HOST", description="API bind host.")
    api_port: int = Field(
        default=8000, alias="KG_API_PORT", ge=1, le=65535, description="API port."
    )
    cors_origins: list[str] = Field(
        default_factory=list,
        alias="KG_CORS_ORIGINS",
        description='Origins allowed by CORS, as a JSON list (e.g. ["https://app.example"]). '
        "Outside production, http://localhost, http://127.0.0.1 and http://[::1] on any port "
        "are allowed too (frontend development servers).",
    )
    production: bool = Field(
        default=False,
        alias="KG_PRODUCTION",
        description="Production mode: GraphiQL and introspection off, no localhost CORS origins.",
    )
    query_timeout_s: float = Field(
        default=10.0,
        alias="KG_QUERY_TIMEOUT",
        gt=0,
        description="Deadline of one API request (s): parsing, Cypher reads, execution and "
        "serialisation together.",
    )
    max_body_bytes: int = Field(
        default=262_144,
        alias="KG_MAX_BODY_BYTES",
        gt=0,
        description="Largest GraphQL request body (or GET query string) accepted, in bytes; "
        "larger ones answer 413 BODY_TOO_LARGE.",
    )
    max_tokens: int = Field(
        default=5_000,
        alias="KG_MAX_TOKENS",
        gt=0,
        description="Most GraphQL tokens in one document (TOO_MANY_TOKENS).",
    )
    max_depth: int = Field(
        default=10,
        alias="KG_MAX_DEPTH",
        gt=0,
        description="Deepest field nesting (QUERY_TOO_DEEP).",
    )
    max_aliases: int = Field(
        default=15, alias="KG_MAX_ALIASES", ge=0, description="Most aliases in one document."
    )
    max_cost: int = Field(
        default=50_000,
        alias="KG_MAX_COST",
        gt=0,
        description="Most values an operation may return, every list counted at its largest "
        "page (QUERY_TOO_COSTLY).",
    )
    api_threads: int = Field(
        default=8,
        alias="KG_API_THREADS",
        gt=0,
        le=64,
        description="Worker threads running GraphQL requests (parsing to serialisation); "
        "the event loop itself only moves bytes.",
    )
    sparql_dir: Path | None = Field(
        default=None,
        alias="KG_SPARQL_DIR",
        description="Where the SPARQL snapshot of the graph lives (default: KG_HOME/sparql). "
        "Loads refresh it; the API's /sparql reads it.",
    )
    sparql_timeout_s: float = Field(
        default=30.0,
        alias="KG_SPARQL_TIMEOUT",
        gt=0,
        description="Longest a /sparql query may run (s); the query is stopped after it.",
    )
    sparql_max_results: int = Field(
        default=10_000,
        alias="KG_SPARQL_MAX_RESULTS",
        gt=0,
        description="Most solutions (or triples) a /sparql answer holds; longer results are cut "
        "and say so in the X-KG-Results-Truncated header.",
    )
    sparql_workers: int = Field(
        default=2,
        alias="KG_SPARQL_WORKERS",
        ge=1,
        le=32,
        description="Worker processes answering /sparql queries (one query each at a time).",
    )
    max_article_bytes: int = Field(
        default=5_000_000,
        alias="KG_MAX_ARTICLE_BYTES",
        gt=0,
        description="Largest article file the loader accepts, in bytes.",
    )
    match_min_score: float = Field(
        default=DEFAULT_MIN_SCORE,
        alias="KG_MATCH_MIN_SCORE",
        ge=0.0,
        le=1.0,
        description="Corroboration: the score (0-1) a claim's link to an event must reach.",
    )

    @field_validator("base_iri", "namespace")
    @classmethod
    def _base_iri_ends_with_slash(cls, value: str) -> str:
        if not value.endswith(("/", "#")):
            raise ValueError("must end with '/' or '#'")
        return value

    @property
    def external(self) -> bool:
        """True when an external Neo4j is used and the launcher stays out of the way."""
        return bool(self.neo4j_uri)

    @property
    def bolt_uri(self) -> str:
        return self.neo4j_uri or f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def nlp_external(self) -> bool:
        """True when an external CoreNLP server is used and the launcher stays out of the way."""
        return bool(self.nlp_url)

    @property
    def nlp_server_url(self) -> str:
        """Where the parser answers: KG_NLP_URL, else the local server."""
        return (self.nlp_url or f"http://127.0.0.1:{self.nlp_port}").rstrip("/")

    @property
    def sparql_path(self) -> Path:
        """The SPARQL snapshot's folder."""
        return self.sparql_dir or self.kg_home / "sparql"

    @property
    def password_file(self) -> Path:
        return self.kg_home / "neo4j-password"

    @cached_property
    def password(self) -> str:
        """The Neo4j password: given, stored, or generated once and stored with mode 0600."""
        if self.neo4j_password is not None:
            return self.neo4j_password.get_secret_value()
        if self.external:
            raise ConfigError("NEO4J_URI is set but NEO4J_PASSWORD is not; set both")
        return _stored_or_new_password(self.password_file)


def _stored_or_new_password(path: Path) -> str:
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as e:
        raise ConfigError(f"cannot write the password file {path}: {e.strerror}") from e
    value = "kg" + secrets.token_urlsafe(18)  # never "-" first: it is a command-line argument
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(value + "\n")
    return value


def load_settings() -> Settings:
    """Read the settings, turning validation errors into one clear ConfigError."""
    from pydantic import ValidationError as PydanticValidationError

    try:
        return Settings()
    except PydanticValidationError as e:
        first = e.errors()[0]
        name = ".".join(str(p) for p in first["loc"])
        raise ConfigError(f"invalid setting {name}: {first['msg']}") from e
