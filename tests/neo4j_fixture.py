"""One real Neo4j for a test session: NEO4J_URI if set, else testcontainers when a Docker
engine answers, else the project's own launcher on free ports with a throwaway data dir."""

from __future__ import annotations

import os
import secrets
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kg.config import Settings, load_settings

NEO4J_IMAGE = "neo4j:5.26-community"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def docker_answers() -> bool:
    try:
        import docker

        client = docker.from_env(timeout=3)
        return bool(client.ping())
    except Exception:
        return False


@contextmanager
def neo4j_for_tests(home: Path) -> Iterator[Settings]:
    if os.environ.get("NEO4J_URI"):
        yield load_settings()
    elif docker_answers():
        yield from _container()
    else:
        yield from _launched(home)


def _container() -> Iterator[Settings]:
    from testcontainers.neo4j import Neo4jContainer

    password = "kg" + secrets.token_urlsafe(12)
    with Neo4jContainer(NEO4J_IMAGE, password=password) as container:
        yield Settings(NEO4J_URI=container.get_connection_url(), NEO4J_PASSWORD=password)


def _launched(home: Path) -> Iterator[Settings]:
    from kg.ops.neo4j import launcher

    cfg = Settings(
        KG_HOME=home,
        KG_BOLT_PORT=free_port(),
        KG_HTTP_PORT=free_port(),
        KG_NEO4J_HEAP="768m",
        KG_NEO4J_PAGECACHE="256m",
        NEO4J_PASSWORD="kg" + secrets.token_urlsafe(12),
    )
    launcher.start(cfg)
    try:
        yield cfg
    finally:
        launcher.stop(cfg)
