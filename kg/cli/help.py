"""How ``--help`` reads: click's plain layout (each paragraph wrapped to the terminal), and option
values named by a word (``N``, ``DIR``, ``TEXT``) instead of typer's type placeholders
(``<int range>``, ``<list[Path]>``)."""

from __future__ import annotations

from typing import Any

import typer
import typer.core

WORDS = {
    "int": "INTEGER",
    "int range": "INTEGER",
    "float": "NUMBER",
    "float range": "NUMBER",
    "str": "TEXT",
    "list[str]": "TEXT",
    "dir": "DIR",
    "file": "FILE",
    "path": "PATH",
    "list[Path]": "PATH",
    "%Y-%m-%d": "YYYY-MM-DD",
}


def value_word(param: Any, typed: str) -> str:
    """The word shown after an option: its metavar, else a word for its type; nothing after an
    argument, whose name already says what it is."""
    if isinstance(param, typer.core.TyperArgument):
        return ""
    if param.metavar:
        return str(param.metavar)
    label = typed.strip("<>")
    return WORDS.get(label, label.upper())


def plain_help(*apps: typer.Typer) -> None:
    """Give these command groups plain help, with value words (see the module docstring)."""
    for app in apps:
        app.rich_markup_mode = None
    for cls in (typer.core.TyperOption, typer.core.TyperArgument):
        original = cls.display_type_rich
        if getattr(original, "_kg_plain", False):
            continue

        def display(self: Any, ctx: Any, _original: Any = original) -> str:
            return value_word(self, _original(self, ctx) or "")

        display._kg_plain = True  # type: ignore[attr-defined]
        cls.display_type_rich = display  # type: ignore[method-assign]
