"""Sentences and tokens with offsets into the original document, from spaCy's blank English.

Only the rule-based tokenizer and the sentencizer run (no statistical model is loaded or
downloaded). Tokens keep their character offsets in the *whole* document, so every later
stage can cut exact quotes out of the stored body.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import spacy

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Tok:
    text: str
    lower: str
    start: int
    end: int


@dataclass
class Mention:
    """A stretch of tokens naming an actor, a place and/or a source (aliases can be shared)."""

    i: int
    j: int
    start: int
    end: int
    text: str
    actor: str | None = None
    place: str | None = None
    source: str | None = None
    generic: bool = False
    fuzzy: bool = False


@dataclass
class Sentence:
    """One sentence: its span in the document, its tokens and (later) its entity mentions."""

    start: int
    end: int
    text: str
    toks: list[Tok]
    para: int
    mentions: list[Mention] = field(default_factory=list)

    def tok_index(self, char: int) -> int:
        """Index of the first token starting at or after document offset ``char``."""
        for i, t in enumerate(self.toks):
            if t.start >= char:
                return i
        return len(self.toks)


class Segmenter:
    """spaCy blank English with a sentencizer; build once and reuse (it is not cheap)."""

    def __init__(self) -> None:
        self.nlp = spacy.blank("en")
        self.nlp.add_pipe("sentencizer")

    def tokenize(self, text: str) -> list[str]:
        """Token texts of a short string (used to key gazetteer aliases the same way)."""
        return [t.text for t in self.nlp.make_doc(text) if not t.is_space]

    def sentences(self, text: str, spans: list[Span]) -> list[Sentence]:
        """Sentences of the content paragraphs ``spans`` of ``text``."""
        out: list[Sentence] = []
        paras = [text[s:e] for s, e in spans]
        for p, ((base, _), doc) in enumerate(zip(spans, self.nlp.pipe(paras), strict=True)):
            for sent in doc.sents:
                toks = [
                    Tok(t.text, t.lower_, base + t.idx, base + t.idx + len(t.text))
                    for t in sent
                    if not t.is_space
                ]
                if not toks:
                    continue
                start, end = toks[0].start, toks[-1].end
                out.append(Sentence(start, end, text[start:end], toks, p))
        return out
