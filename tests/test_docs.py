"""The generated reference docs match the code: no undocumented setting or command."""

from __future__ import annotations

from kg.cli.docgen import DOCS, cli_md, configuration_md


def test_configuration_doc_is_current() -> None:
    assert (DOCS / "configuration.md").read_text() == configuration_md(), (
        "docs/configuration.md is stale: run `python -m kg.cli.docgen`"
    )


def test_cli_doc_is_current() -> None:
    assert (DOCS / "cli.md").read_text() == cli_md(), (
        "docs/cli.md is stale: run `python -m kg.cli.docgen`"
    )


def test_every_setting_and_command_is_listed() -> None:
    from kg.config import Settings

    text = (DOCS / "configuration.md").read_text()
    for field in Settings.model_fields.values():
        assert f"`{field.alias}`" in text
    assert "`kg neo4j start`" in (DOCS / "cli.md").read_text()


def test_benchmarks_doc_is_current() -> None:
    import importlib.util

    path = DOCS.parent / "bench" / "merge_results.py"
    spec = importlib.util.spec_from_file_location("merge_results", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (DOCS / "benchmarks.md").read_text() == module.merged(), (
        "docs/benchmarks.md is stale: run `python bench/merge_results.py`"
    )
