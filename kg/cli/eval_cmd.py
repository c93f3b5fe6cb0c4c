"""``kg eval GOLD_DIR``: score the extractor against hand annotations (not yet built)."""

from __future__ import annotations

import typer

app = typer.Typer(help="Evaluate extraction against gold annotations.")
