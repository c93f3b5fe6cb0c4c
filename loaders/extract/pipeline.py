"""The extraction pipeline: article text + metadata + reference data -> ``Extraction``.

Stages: chrome stripping (content spans, offsets kept) -> sentences and tokens (spaCy blank
English + sentencizer) -> actor/place/source mentions (gazetteer) -> document topic and
default source -> per sentence: attribution, event claims -> control claims. Everything that
depends only on the reference data (tokenizer, alias keys, fuzzy candidates) is built once per
``ReferenceData`` object and cached, so extracting many articles pays for it once.
"""

from __future__ import annotations

import threading
from collections import Counter

from loaders.articles.documents import ArticleMeta
from loaders.claims import EventClaim, Extraction
from loaders.extract.attribution import Sources, attribute, document_default
from loaders.extract.control import control_claims
from loaders.extract.dates import publication
from loaders.extract.discourse import fill_targets
from loaders.extract.events import Context, last_actor, sentence_events
from loaders.extract.gazetteer import Gazetteer
from loaders.extract.places import REGION_TYPES, select, widen_regions
from loaders.extract.sentences import Segmenter, Sentence
from loaders.extract.text import content_spans
from loaders.reference import ReferenceData

EXTRACTOR_VERSION = "rules-1.0.0"
UNATTRIBUTED = "unattributed"
UNIDENTIFIED = "unidentified-sources"
LEAD_SENTENCES = 3


class Extractor:
    """Matchers and lookups built from one ``ReferenceData``; ``extract`` is pure per call."""

    def __init__(self, ref: ReferenceData) -> None:
        self.segmenter = Segmenter()
        self.gazetteer = Gazetteer(ref, self.segmenter.tokenize)
        self.parents: dict[str, str | None] = {p.id: p.part_of for p in ref.places}
        self.coarse = coarse_places(ref)
        types = {p.id: p.type for p in ref.places}
        self.region_of = {
            p.id: p.part_of
            for p in ref.places
            if p.type == "Settlement" and p.part_of and types[p.part_of] in REGION_TYPES
        }
        """Town -> the district or governorate meant by 'the countryside of <town>'."""
        anonymous = [s.id for s in ref.sources if s.type == "Unidentified"]
        self.fallback_source = (
            UNATTRIBUTED
            if not anonymous
            else UNIDENTIFIED
            if UNIDENTIFIED in anonymous
            else anonymous[0]
        )
        """Source of an article without a publisher: an unidentified source of the reference."""
        self.not_topics = frozenset(a.id for a in ref.actors if a.type == "Civilians")
        self.sources = Sources(
            anonymous=frozenset(s.id for s in ref.sources if s.type == "Unidentified"),
            agencies=frozenset(s.id for s in ref.sources if s.type == "NewsAgency"),
            speaks_for=_speakers(ref),
        )

    def sentences(self, text: str) -> list[Sentence]:
        """Content sentences with their mentions (generic aliases already resolved)."""
        sents = self.segmenter.sentences(text, content_spans(text))
        for s in sents:
            s.mentions = self.gazetteer.mentions(s.toks)
            for m in s.mentions:
                m.text = text[m.start : m.end]
            widen_regions(s, self.region_of)
        _drop_unanchored_generics(sents)
        return sents

    def extract(self, text: str, meta: ArticleMeta) -> Extraction:
        sents = self.sentences(text)
        topic = self._topic(sents)
        pub = publication(meta.published, meta.date_precision)
        publisher = meta.publisher or self.fallback_source
        default = document_default(sents[:LEAD_SENTENCES], self.sources, publisher)
        sources: list[str] = []
        previous: str | None = None
        for s in sents:
            said = attribute(s, self.sources, publisher, previous)
            previous = said or previous
            sources.append(said or default)
        events: list[EventClaim] = []
        aims: list[EventClaim] = []
        prev_actor: str | None = None
        prev_places: tuple[str, ...] = ()
        for s, source in zip(sents, sources, strict=True):
            ctx = Context(text, topic, pub, self.parents, prev_actor, prev_places, self.coarse)
            events.extend(sentence_events(s, ctx, source, aims))
            prev_actor = last_actor(s) or prev_actor
            prev_places = tuple(select(s, 0, len(s.toks), self.parents))
        ctx = Context(text, topic, pub, self.parents, coarse=self.coarse)
        control = control_claims(sents, ctx, sources)
        events = fill_targets(events, control, aims)
        return Extraction(events=events, control=control, version=EXTRACTOR_VERSION)

    def _topic(self, sents: list[Sentence]) -> str | None:
        """The most mentioned actor: what 'it', 'he' and 'its' most likely refer to."""
        counts = Counter(
            m.actor for s in sents for m in s.mentions if m.actor and m.actor not in self.not_topics
        )
        return counts.most_common(1)[0][0] if counts else None


def _speakers(ref: ReferenceData) -> dict[str, str]:
    """Actor -> its first listed speaking source ('the SDF said' is an SDF statement)."""
    out: dict[str, str] = {}
    for s in ref.sources:
        if s.actor and s.type != "Unidentified":
            out.setdefault(s.actor, s.id)
    return out


def coarse_places(ref: ReferenceData) -> frozenset[str]:
    """Countries and their cardinal parts ('eastern Syria'): background, not a front line."""
    countries = {p.id: p.name.lower() for p in ref.places if p.type == "Country"}
    cardinal = {"north", "south", "east", "west", "central", "northern", "southern", "eastern"}
    cardinal |= {"western"}
    coarse = set(countries)
    for p in ref.places:
        words = p.name.lower().split()
        if p.part_of in countries and len(words) == 2 and words[0] in cardinal:
            coarse.add(p.id)
    return frozenset(coarse)


def _drop_unanchored_generics(sents: list[Sentence]) -> None:
    """'the organization' means IS only where IS is also named explicitly."""
    named = {m.actor for s in sents for m in s.mentions if m.actor and not m.generic}
    for s in sents:
        for m in s.mentions:
            if m.generic and m.actor not in named:
                m.actor = None
        s.mentions = [m for m in s.mentions if m.actor or m.place or m.source]


_lock = threading.Lock()
_cache: list[tuple[ReferenceData, Extractor]] = []
CACHE_SIZE = 4


def extractor_for(ref: ReferenceData) -> Extractor:
    """The cached extractor of this reference data object (built on first use)."""
    with _lock:
        for cached_ref, extractor in _cache:
            if cached_ref is ref:
                return extractor
        extractor = Extractor(ref)
        _cache.append((ref, extractor))
        del _cache[:-CACHE_SIZE]
        return extractor


def extract(text: str, meta: ArticleMeta, ref: ReferenceData) -> Extraction:
    """Event and control claims of one article, offsets into ``text`` as given."""
    return extractor_for(ref).extract(text, meta)
