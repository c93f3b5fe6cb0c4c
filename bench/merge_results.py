"""Rebuild docs/benchmarks.md from the per-topic result files in bench/results/.

Each benchmark writes its own results file next to the command that reproduces it; the docs
page is their concatenation (headings moved one level down), so it cannot drift from them.

    .venv/bin/python bench/merge_results.py
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
TARGET = ROOT / "docs" / "benchmarks.md"
ORDER = [
    "extract.md",
    "load.md",
    "datasets.md",
    "graphql.md",
    "export.md",
    "shacl-validation.md",
    "browser-queries.md",
]
HEADER = (
    "# Benchmarks\n\n"
    "Measured on the project's 2-core, 24 GiB machine. Each section gives the command that"
    " reproduces it, the load average during the run and the driver codec; compare ratios"
    " measured in one run, not absolute figures across runs.\n"
    "This page is generated from `bench/results/*.md` by `bench/merge_results.py`.\n"
)


def demote(text: str) -> str:
    """Move every Markdown heading one level down, leaving fenced code untouched."""
    lines, fenced = [], False
    for line in text.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        if not fenced and line.startswith("#"):
            line = "#" + line
        lines.append(line)
    return "\n".join(lines).strip() + "\n"


def merged() -> str:
    names = ORDER + sorted(p.name for p in RESULTS.glob("*.md") if p.name not in ORDER)
    parts = [HEADER] + [demote((RESULTS / n).read_text()) for n in names if (RESULTS / n).exists()]
    return "\n".join(parts)


if __name__ == "__main__":
    TARGET.write_text(merged())
    print(f"wrote {TARGET.relative_to(ROOT)}")
