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
        description="Cache for the Neo4j server jars fetched from Maven Central.",
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
    neo4j_pagecache: str = Field(
        default="512m", alias="KG_NEO4J_PAGECACHE", description="Local server page cache size."
    )
    base_iri: str = Field(
        default="http://127.0.0.1:8000/id/",
        alias="KG_BASE_IRI",
        description="Base of instance IRIs; ends with '/'. Set it to the public URL of /id/.",
    )
    api_host: str = Field(default="127.0.0.1", alias="KG_API_HOST", description="API bind host.")
    api_port: int = Field(
        default=8000, alias="KG_API_PORT", ge=1, le=65535, description="API port."
    )
    cors_origins: list[str] = Field(
        default_factory=list,
        alias="KG_CORS_ORIGINS",
        description='Origins allowed by CORS, as a JSON list (e.g. ["https://app.example"]).',
    )
    production: bool = Field(
        default=False,
        alias="KG_PRODUCTION",
        description="Production mode: GraphiQL and introspection off.",
    )
    query_timeout_s: float = Field(
        default=10.0, alias="KG_QUERY_TIMEOUT", gt=0, description="Server-side query timeout (s)."
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

    @field_validator("base_iri")
    @classmethod
    def _base_iri_ends_with_slash(cls, value: str) -> str:
        if not value.endswith(("/", "#")):
            raise ValueError("KG_BASE_IRI must end with '/' or '#'")
        return value

    @property
    def external(self) -> bool:
        """True when an external Neo4j is used and the launcher stays out of the way."""
        return bool(self.neo4j_uri)

    @property
    def bolt_uri(self) -> str:
        return self.neo4j_uri or f"bolt://127.0.0.1:{self.bolt_port}"

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
    value = secrets.token_urlsafe(18)
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
