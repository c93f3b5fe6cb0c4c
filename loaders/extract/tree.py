"""Parsed sentences in document terms: words with original offsets and their mentions.

``parse_sentences`` masks the segmented sentences (``masking``), sends them to the parser in
one request, converts the answer (``parse.convert``) and maps every token back to the exact
character span of the original document and to the gazetteer mention it belongs to.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from loaders.extract.masking import Line, mask_sentence, request_text
from loaders.extract.parse import PROPERTIES, Dep, Parsed, Parser, convert
from loaders.extract.sentences import Mention, Sentence


@dataclass(frozen=True, slots=True)
class Word:
    i: int
    text: str
    """The original text of the token (the whole mention for a mask)."""
    lemma: str
    """Lower-cased lemma (a mask's lemma is its lower-cased original text)."""
    pos: str
    start: int
    end: int
    mention: Mention | None = None

    @property
    def lower(self) -> str:
        return self.text.lower()


@dataclass
class Sent:
    """One sentence: document span, paragraph, words and its dependency graph."""

    n: int
    para: int
    start: int
    end: int
    text: str
    words: list[Word]
    tree: Parsed
    mentions: list[Mention] = field(default_factory=list)
    src: Sentence | None = None
    """The segmenter's sentence (tokens and mentions) this was parsed from."""

    def kids(self, i: int, *rels: str) -> Iterator[Dep]:
        return self.tree.kids(i, *rels)

    def govs(self, i: int, *rels: str) -> Iterator[Dep]:
        return self.tree.govs(i, *rels)

    def span(self, idx: Sequence[int]) -> tuple[int, int]:
        """Document span covering words ``idx`` (non-empty)."""
        return self.words[min(idx)].start, self.words[max(idx)].end

    def subtree(self, i: int, skip: frozenset[int] = frozenset()) -> list[int]:
        return self.tree.subtree(i, skip)


def parse_sentences(
    text: str,
    sents: Sequence[Sentence],
    parser: Parser,
    name_of: Callable[[Mention], str],
) -> list[Sent]:
    """Parse the document's sentences (one request) and map the answer back to ``text``."""
    if not sents:
        return []
    lines = [mask_sentence(text, s.start, s.end, s.mentions, name_of) for s in sents]
    sent_text, starts = request_text(lines)
    parsed = convert(parser.parse(sent_text, dict(PROPERTIES)), sent_text)
    parsed = _without_asides(parsed, sent_text, parser)
    out: list[Sent] = []
    line_no = 0
    for p in parsed:
        if not p.tokens:
            continue
        first = p.tokens[0].start
        while line_no + 1 < len(starts) and starts[line_no + 1] <= first:
            line_no += 1
        out.append(_sent(text, sents[line_no], lines[line_no], starts[line_no], p, len(out)))
    return out


SUBJECT_WORDS = 5
"""How far into its sentence a subject set off by an aside may end."""


def _aside(p: Parsed) -> tuple[int, int] | None:
    """Offsets of an aside between a sentence's subject and its verb, when the parser read the
    verb as a modifier because of it and made the subject the root (*Army units, in
    cooperation with supporting forces, restored security to P*: *restored* tagged as the
    participle of *restored security*)."""
    roots = [d.dep for d in p.deps if d.gov < 0]
    if len(roots) != 1:
        return None
    r = roots[0]
    toks = p.tokens
    backed = _backed_root(p, r)
    if backed is not None:
        return backed
    if r >= SUBJECT_WORDS or not toks[r].pos.startswith("NN") or r + 1 >= len(toks):
        return None
    if toks[r + 1].word != ",":
        return None
    for v in range(r + 3, len(toks)):  # r is the one root: no verb after it is another
        modifier = any(d.rel in ("amod", "acl", "dep") for d in p.govs(v))
        if toks[v].pos in ("VBN", "VBD") and toks[v - 1].word == "," and modifier:
            return toks[r + 1].start, toks[v - 1].end
    return None


BACKING = frozenset({"back", "support", "arm", "fund", "sponsor"})
SAYING = frozenset({"say", "claim", "announce", "report", "confirm", "state"})


def _backed_root(p: Parsed, r: int) -> tuple[int, int] | None:
    """*An alliance of fighters backed by the US says it ...*: read with *backed* the main
    verb and *says* left hanging; the span of *backed by the US* (blanked, the sentence parses
    with *says* the verb)."""
    toks = p.tokens
    if toks[r].pos != "VBN" or toks[r].lemma.lower() not in BACKING:
        return None
    if not any(True for _ in p.kids(r, "nsubj")):
        return None
    agents = [d.dep for d in p.kids(r, "obl:agent", "obl:by", "obl")]
    if not agents:
        return None
    end = max(max(p.subtree(a)) for a in agents)
    later = toks[end + 1 :]
    if not any(t.pos.startswith("VB") and t.lemma.lower() in SAYING for t in later):
        return None  # the participle may well be the verb ('fighters backed by X captured')
    return toks[r].start, toks[end].end


def _without_asides(parsed: list[Parsed], sent_text: str, parser: Parser) -> list[Parsed]:
    """Sentences whose subject an aside cut from its verb (``_aside``) parsed again with the
    aside blanked out (spaces: every other offset stays where it was); the second parse is
    kept when it finds the verb. One more request, for those sentences only."""
    asides = {k: span for k, p in enumerate(parsed) if (span := _aside(p)) is not None}
    if not asides:
        return parsed
    pieces: list[str] = []
    shifts: list[int] = []  # offset in the first request - offset in this one
    pos = 0
    for k, (a, b) in asides.items():
        lo, hi = parsed[k].tokens[0].start, parsed[k].tokens[-1].end
        pieces.append(sent_text[lo:a] + " " * (b - a) + sent_text[b:hi])
        shifts.append(lo - pos)
        pos += hi - lo + 1
    again = convert(parser.parse("\n".join(pieces), dict(PROPERTIES)), "\n".join(pieces))
    out = list(parsed)
    for (k, _), p, shift in zip(asides.items(), again, shifts, strict=False):
        roots = [d.dep for d in p.deps if d.gov < 0]
        if len(roots) == 1 and p.tokens[roots[0]].pos.startswith("VB"):
            out[k] = _shifted(p, shift)
    return out


def _shifted(p: Parsed, shift: int) -> Parsed:
    tokens = [replace(t, start=t.start + shift, end=t.end + shift) for t in p.tokens]
    return Parsed(tokens, p.deps, p.head)


def _sent(text: str, s: Sentence, line: Line, base: int, p: Parsed, n: int) -> Sent:
    words: list[Word] = []
    by_span = [(m.start, m.end, m) for m in s.mentions]
    for t in p.tokens:
        ms, me = t.start - base, t.end - base
        start, end = line.to_orig(ms), line.to_orig(me, end=True)
        mention = line.mention_at(ms, me)
        if mention is None:
            mention = next((m for a, b, m in by_span if a <= start and end <= b), None)
        surface = text[start:end] if end > start else t.word
        lemma = surface.lower() if line.mention_at(ms, me) is not None else t.lemma.lower()
        words.append(Word(t.i, surface, lemma, t.pos, start, end, mention))
    start, end = words[0].start, words[-1].end
    return Sent(n, s.para, start, end, text[start:end], words, p, s.mentions, s)
