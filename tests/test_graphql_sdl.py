"""The committed SDL (schema/schema.graphql) is the schema the code serves."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql import build_schema

from kg.api.export_sdl import SDL_FILE, main, sdl


def test_committed_sdl_matches_the_code() -> None:
    committed = SDL_FILE.read_text(encoding="utf-8")
    assert committed == sdl(), "schema/schema.graphql is stale: run python -m kg.api.export_sdl"


def test_committed_sdl_is_valid_graphql_with_the_headline_types() -> None:
    parsed = build_schema(SDL_FILE.read_text(encoding="utf-8"))
    for name in ("Event", "Actor", "Place", "Source", "Document", "Claim", "ControlClaim"):
        assert name in parsed.type_map
    query = parsed.query_type
    assert query is not None
    for field in ("events", "whoAttackedWhom", "search", "control", "node", "actor"):
        assert field in query.fields


def test_check_mode_fails_when_file_and_code_disagree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stale = tmp_path / "schema.graphql"
    stale.write_text("type Query { old: Int }\n", encoding="utf-8")
    monkeypatch.setattr("kg.api.export_sdl.SDL_FILE", stale)
    assert main(["export_sdl", "--check"]) == 1
    assert main(["export_sdl"]) == 0
    assert main(["export_sdl", "--check"]) == 0
