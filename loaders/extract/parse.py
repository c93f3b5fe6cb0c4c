"""The dependency parser seen from the extractor: a small ``Parser`` protocol and a pure
converter from CoreNLP's JSON answer to typed sentences, tokens and dependencies.

Any object with ``parse(text, properties) -> dict`` answering like a CoreNLP server (the kg
layer's client ``kg.nlp.client.CoreNLPClient``, with its parse cache) is injected. The
extractor sends one sentence per line (``ssplit.eolonly``), so answer sentence *k* is request
line *k*.

CoreNLP counts ``characterOffsetBegin/End`` in UTF-16 code units (Java strings); Python
strings count code points. The parser hands them over already converted to code points of the
text sent (the service's client does it once, before caching), so a character outside the
Basic Multilingual Plane (an emoji, a mathematical letter) does not shift later offsets.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

ANNOTATORS = "tokenize,ssplit,pos,lemma,depparse"
PROPERTIES: dict[str, str] = {
    "annotators": ANNOTATORS,
    "ssplit.eolonly": "true",
    "tokenize.language": "en",
    "outputFormat": "json",
}
"""What the extractor asks for: one sentence per line, enhanced++ UD dependencies."""


class Parser(Protocol):
    """What the extractor needs from a parser: CoreNLP's JSON answer for a text, with
    character offsets counted in code points of ``text``."""

    def parse(self, text: str, properties: dict[str, str]) -> dict[str, Any]: ...


@dataclass(frozen=True, slots=True)
class Token:
    """One token of the parsed text; ``start``/``end`` are code-point offsets into the text
    that was sent (the caller maps them back to the original document)."""

    i: int
    """0-based index in its sentence."""
    word: str
    lemma: str
    pos: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Dep:
    gov: int
    """Index of the governor in the sentence, -1 for the root."""
    rel: str
    dep: int


@dataclass
class Parsed:
    """One parsed sentence: tokens, enhanced++ dependencies (the relations the rules read)
    and the basic tree (``head[i]``, -1 for the root: what subtrees and spans are cut from)."""

    tokens: list[Token]
    deps: list[Dep]
    head: list[int] = field(default_factory=list)
    children: dict[int, list[Dep]] = field(default_factory=dict)
    heads: dict[int, list[Dep]] = field(default_factory=dict)
    tree_kids: dict[int, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for d in self.deps:
            self.children.setdefault(d.gov, []).append(d)
            self.heads.setdefault(d.dep, []).append(d)
        if len(self.head) != len(self.tokens):
            self.head = [-1] * len(self.tokens)
        for i, h in enumerate(self.head):
            self.tree_kids.setdefault(h, []).append(i)

    def subtree(self, i: int, skip: frozenset[int] = frozenset()) -> list[int]:
        """Token indexes of the basic-tree subtree of ``i`` (not entering ``skip``), sorted."""
        out, stack = [], [i]
        while stack:
            k = stack.pop()
            out.append(k)
            stack.extend(c for c in self.tree_kids.get(k, ()) if c not in skip)
        return sorted(out)

    def kids(self, i: int, *rels: str) -> Iterator[Dep]:
        """Dependents of token ``i`` whose relation is one of ``rels`` (or starts with
        ``rel:`` for a bare relation name such as ``obl``); all dependents without ``rels``."""
        for d in self.children.get(i, ()):
            if not rels or _rel_in(d.rel, rels):
                yield d

    def govs(self, i: int, *rels: str) -> Iterator[Dep]:
        for d in self.heads.get(i, ()):
            if not rels or _rel_in(d.rel, rels):
                yield d


def _rel_in(rel: str, rels: tuple[str, ...]) -> bool:
    base = rel.split(":", 1)[0]
    return rel in rels or base in rels


def convert(answer: dict[str, Any], text: str) -> list[Parsed]:
    """CoreNLP JSON (with ``enhancedPlusPlusDependencies``, offsets in code points) ->
    parsed sentences with offsets into ``text``, the string that was sent."""
    out: list[Parsed] = []
    for s in answer.get("sentences", []):
        tokens = [
            Token(
                i=k,
                word=str(t["word"]),
                lemma=str(t.get("lemma", t["word"])),
                pos=str(t.get("pos", "")),
                start=int(t["characterOffsetBegin"]),
                end=int(t["characterOffsetEnd"]),
            )
            for k, t in enumerate(s.get("tokens", []))
        ]
        raw = s.get("enhancedPlusPlusDependencies") or s.get("basicDependencies") or []
        deps = [
            Dep(gov=int(d["governor"]) - 1, rel=str(d["dep"]), dep=int(d["dependent"]) - 1)
            for d in raw
        ]
        head = [-1] * len(tokens)
        for d in s.get("basicDependencies") or []:
            k = int(d["dependent"]) - 1
            if 0 <= k < len(head):
                head[k] = int(d["governor"]) - 1
        out.append(Parsed(tokens, deps, head))
    return out
