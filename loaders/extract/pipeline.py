"""The extraction pipeline: article text + metadata + reference data + parser -> ``Extraction``.

Stages: chrome stripping (content spans, offsets kept) -> sentences and tokens (spaCy blank
English + sentencizer) -> actor/place/source mentions (gazetteer) -> masking and one parse of
the whole document (``tree``) -> per sentence: attribution, event mentions (``events``),
their places, dates and casualty figures -> one event per occurrence (``merge``) -> control
statements (``control``) -> document-level completion of roles (``discourse``).

Everything that depends only on the reference data (tokenizer, alias keys, fuzzy candidates,
lookups) is built once per ``ReferenceData`` object and cached, so extracting many articles
pays for it once. The parser is injected (``parse.Parser``): the service passes its CoreNLP
client (``kg.nlp.client``), so this package stays free of network I/O.
"""

from __future__ import annotations

import threading
from collections import Counter

from loaders.articles.documents import ArticleMeta
from loaders.claims import Casualties, DateSpan, EventClaim, Extraction, Stance
from loaders.extract import dates
from loaders.extract.attribution import (
    Attribution,
    Sources,
    article_monitor,
    attribute,
    denied_words,
    document_default,
    unattributed_stance,
)
from loaders.extract.casualties import figures
from loaders.extract.control import ControlReader
from loaders.extract.discourse import complete_roles
from loaders.extract.document import Doc
from loaders.extract.events import Mentioned, sentence_events
from loaders.extract.gazetteer import Gazetteer
from loaders.extract.merge import DEFINITE, INHERITED, UNDATED, UNSAID, merge_events
from loaders.extract.parse import Parser
from loaders.extract.places import REGION_TYPES, PlaceBook, Places, select, widen_regions
from loaders.extract.roles import ANAPHORS, SAY_VERBS, Resolver, singular
from loaders.extract.sentences import Mention, Segmenter, Sentence
from loaders.extract.text import content_spans, dateline, dateline_length
from loaders.extract.tree import Sent, parse_sentences
from loaders.extract.window import events as window
from loaders.extract.window import places as window_places
from loaders.extract.window.control import control_claims as window_control
from loaders.extract.window.discourse import fill_targets
from loaders.reference import ReferenceData

EXTRACTOR_VERSION = "parse-2.5.0"
UNATTRIBUTED = "unattributed"
UNIDENTIFIED = "unidentified-sources"
LEAD_SENTENCES = 3
LONG_SENTENCE = 60
"""Sentences of more tokens are read with the token-window rules (``window``): measured on
the seed articles, the parse of such run-on sentences attaches arguments unreliably."""
HEADLINE_MAX_WORDS = 30


class Extractor:
    """Matchers and lookups built from one ``ReferenceData``; ``extract`` is pure per call."""

    def __init__(self, ref: ReferenceData) -> None:
        self.segmenter = Segmenter()
        self.gazetteer = Gazetteer(ref, self.segmenter.tokenize, nationality_groups=False)
        self.window_gazetteer = Gazetteer(ref, self.segmenter.tokenize)
        """The window rules read 'Russian officers' as one mention of Russia."""
        self.book = PlaceBook(
            parents={p.id: p.part_of for p in ref.places},
            types={p.id: p.type for p in ref.places},
            coarse=coarse_places(ref),
        )
        types = self.book.types
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
        """Source of an article without a (known) publisher: an unidentified source."""
        self.known_sources = frozenset(s.id for s in ref.sources)
        self.source_actor = {s.id: s.actor for s in ref.sources if s.actor}
        self.media_of = {s.id: s.actor for s in ref.sources if s.actor and s.type != "Unidentified"}
        """A party's own media and statements (Amaq for IS, the SDF's statements): the enemy
        losses they report are their party's doing."""
        self.part_of = {a.id: [*a.part_of, *a.pledged_to] for a in ref.actors}
        self.civilians = next((a.id for a in ref.actors if a.type == "Civilians"), None)
        self.not_topics = frozenset(a.id for a in ref.actors if a.type == "Civilians")
        self.groups = frozenset(a.id for a in ref.actors if a.type in ("ArmedGroup", "Militia"))
        self.states = frozenset(
            a.id for a in ref.actors if a.type in ("State", "StateForce", "Government")
        )
        self.from_afar = frozenset(a.id for a in ref.actors if a.type in ("State", "Coalition"))
        """Actors named as a whole state or coalition: they strike and back, but the ground
        changes hands between forces (a capture's loser is never inferred to be one)."""
        self.called = _called(ref)
        self.airborne = frozenset(
            a.id
            for a in ref.actors
            if a.type == "Coalition" or any(w in a.name.lower() for w in AIR_ARMS)
        )
        """Actors whose bare *strikes* are air strikes: the coalition and air forces."""
        self.backs: dict[str, list[str]] = {}
        """Backer -> the actors the reference data says it supports (Russia: the regime)."""
        for a in ref.actors:
            for backer in a.supported_by:
                self.backs.setdefault(backer, []).append(a.id)
        self.army = next(
            (a.id for a in ref.actors if any(x.lower() == "the army" for x in a.aliases)), None
        )
        """Whose soldiers bare *soldiers* are: the actor the reference data calls *the army*."""
        self.nationality = {adj: a.id for a in ref.actors for adj in a.nationality_adjectives}
        self.sources = Sources(
            anonymous=frozenset(s.id for s in ref.sources if s.type == "Unidentified"),
            agencies=frozenset(s.id for s in ref.sources if s.type == "NewsAgency"),
            speaks_for=_speakers(ref),
            part_of={a.id: list(a.part_of or a.pledged_to) for a in ref.actors},
            monitors=frozenset(s.id for s in ref.sources if s.type == "Monitor"),
            adjectives=self.nationality,
        )
        self.names = {
            **{f"source:{s.id}": s.name for s in ref.sources},
            **{f"place:{p.id}": p.name for p in ref.places},
            **{f"actor:{a.id}": a.name for a in ref.actors},
        }

    def same_side(self, a: str, b: str) -> bool:
        """One actor is (part of) the other: the YPG and the SDF, the SAA and the regime."""
        return a == b or b in self._up(a) or a in self._up(b)

    def _up(self, actor: str) -> set[str]:
        out: set[str] = set()
        todo = [actor]
        while todo:
            for p in self.part_of.get(todo.pop(), []):
                if p not in out:
                    out.add(p)
                    todo.append(p)
        return out

    def name_of(self, m: Mention) -> str:
        """The reference name a mention is masked with (actor, else place, else source)."""
        if m.actor:
            return self.names.get(f"actor:{m.actor}", m.text)
        if m.place:
            return self.names.get(f"place:{m.place}", m.text)
        if m.source:
            return self.names.get(f"source:{m.source}", m.text)
        return m.text

    def sentences(self, text: str) -> list[Sentence]:
        """Content sentences with their mentions (generic aliases already resolved)."""
        sents = _without_datelines(self.segmenter.sentences(text, content_spans(text)))
        for s in sents:
            s.mentions = self.gazetteer.mentions(s.toks)
            for m in s.mentions:
                m.text = text[m.start : m.end]
            widen_regions(s, self.region_of)
        _drop_unanchored_generics(sents)
        return sents

    def extract(self, text: str, meta: ArticleMeta, parser: Parser) -> Extraction:
        raw = self.sentences(text)
        if not raw:
            return Extraction(version=EXTRACTOR_VERSION)
        sents = parse_sentences(text, raw, parser, self.name_of)
        headline = _headline(sents, meta)
        topic = self._topic(raw)
        pub = dates.publication(meta.published, meta.date_precision)
        line = dateline(text, pub.ref if pub else None)
        if line is not None and pub is not None and line < pub.ref:
            pub = dates.Publication(line, line, line, "day") if pub.precision == "day" else pub
        publisher = meta.publisher if meta.publisher in self.known_sources else None
        publisher = publisher or self.fallback_source
        body = [s for s in sents if s.n not in headline]
        default = document_default(body[:LEAD_SENTENCES], self.sources, publisher)
        sources: list[Attribution] = []
        previous: Attribution | None = None
        people: dict[str, str] = {}
        monitor = article_monitor(sents, self.sources)
        for s in sents:
            said = attribute(s, self.sources, publisher, previous, people, monitor)
            previous = said or previous
            sources.append(
                said or Attribution(default, stance=unattributed_stance(s), said_by_text=False)
            )
        doc = Doc(text, sents, headline, pub, sources)
        res = Resolver(
            self.nationality,
            topic,
            self.groups,
            self.civilians,
            self.states,
            self.source_actor,
            self.army,
            self.called,
        )
        found: list[tuple[Mentioned, Places, bool]] = []
        reader = ControlReader(doc, self.book, [a.source for a in sources])
        windowed: list[EventClaim] = []
        aims: list[EventClaim] = []
        long_sents: list[Sentence] = []
        long_sources: list[str] = []
        prev_actor: str | None = None
        prev_places: tuple[str, ...] = ()
        for s in sents:
            ws = self._window_sentence(text, s)
            if ws is None:
                reader.read(s, res)
            elif s.n not in headline:
                long_sents.append(ws)
                long_sources.append(sources[s.n].source)
            if ws is not None and s.n not in headline:
                ctx = window.Context(
                    text, topic, pub, self.book.parents, prev_actor, prev_places, self.book.coarse
                )
                windowed += window.sentence_events(ws, ctx, sources[s.n].source, aims)
            mentioned = sentence_events(s, res) if ws is None else []
            if s.n not in headline:
                for ev in mentioned:
                    if not ev.generic:
                        found.append((ev, *self._places(doc, ev)))
            _note_subjects(s, res)
            if s.src is not None:
                src = ws or s.src
                prev_actor = window.last_actor(src) or prev_actor
                prev_places = tuple(window_places.select(src, 0, len(src.toks), self.book.parents))
        control = reader.claims
        if long_sents:
            ctx = window.Context(text, topic, pub, self.book.parents, coarse=self.book.coarse)
            control = sorted(
                [*control, *window_control(long_sents, ctx, long_sources)], key=lambda c: c.start
            )
        windowed = fill_targets(windowed, control, aims) if windowed else []
        claims = []
        last_day: DateSpan | None = None  # the day of the event told last
        for ev, where, own in found:
            claims.append(self._claim(doc, ev, where, own, last_day))
            if UNDATED not in claims[-1].rule and claims[-1].date.precision == "day":
                last_day = claims[-1].date
        claims += windowed
        claims = complete_roles(
            claims, control, self.same_side, topic, self.media_of, self.from_afar, self.backs
        )
        claims = [_from_the_air(c, self.airborne) for c in claims]
        # A summary capture with no place below country level is no event, and merged into
        # a concrete one it would lend it its date and roles ('IS overran much of Syria in 2014').
        claims = [c for c in claims if self._placed(c)]
        events = [without_repeats(e) for e in merge_events(claims, self.book)]
        events = [
            e for e in events if (e.attackers or e.targets or _concrete(e)) and self._placed(e)
        ]
        return Extraction(events=events, control=control, version=EXTRACTOR_VERSION)

    def _places(self, doc: Doc, ev: Mentioned) -> tuple[Places, bool]:
        """The clause's places (True: its own), else the sentence's, else those of the
        closest sentence before it that names one, else the headline's (False: inherited)."""
        s = ev.s
        where = select(s, ev.place_words, self.book, frozenset(ev.place_words))
        if where:
            return where, True
        where = select(s, ev.words, self.book)
        if where:
            return where, True
        if {"internal", "reciprocal"} & set(ev.how):
            return Places([], []), True  # 'fighting each other inside IS': located in a group
        if _described_place(s, set(s.subtree(ev.trig.anchor)) | ev.place_words):
            return Places([], []), True  # 'the last remaining areas of IS': said, not named
        aside = _asides(s, ev.trig.i)
        where = select(s, [k for k in range(len(s.words)) if k not in aside], self.book)
        if where:
            return where, True
        coarse: Places | None = None
        for back, prev in enumerate(reversed(doc.sents[: s.n])):
            if prev.n in doc.headline or (coarse is not None and back > LOOK_BACK):
                break
            where = select(prev, range(len(prev.words)), self.book)
            if where and (where.written or any(self.book.specific(p) for p in where.ids)):
                return where, False
            if where and coarse is None:
                coarse = where  # 'on the eastern bank, near the border': a town just before?
        if coarse is not None:
            return coarse, False
        for n in sorted(doc.headline):
            where = select(doc.sents[n], range(len(doc.sents[n].words)), self.book)
            if where:
                return where, False
        return Places([], []), False

    def _claim(
        self,
        doc: Doc,
        ev: Mentioned,
        where: Places,
        own: bool,
        last_day: DateSpan | None = None,
    ) -> EventClaim:
        s = ev.s
        idx = sorted(ev.words | {ev.trig.i})
        start, end = s.words[idx[0]].start, s.words[idx[-1]].end
        source = doc.sources[s.n]
        speech = _speech_time(s, ev.trig.i)
        clause = " ".join(s.words[k].text for k in idx if k not in speech)
        date = dates.resolve(clause, doc.pub)
        if date is None:
            aside = _asides(s, ev.trig.i)
            whole = " ".join(w.text for w in s.words if w.i not in speech and w.i not in aside)
            date = dates.resolve(whole, doc.pub) or dates.after_previous(whole, last_day)
        if date is None and speech:
            said = dates.resolve(" ".join(s.words[k].text for k in sorted(speech)), doc.pub)
            date = dates.on_or_before(said) if said is not None else None
        found = self._casualties(s, start, end)
        how = "+".join(ev.how) or "no-roles"
        if not source.said_by_text:
            how += UNSAID
        if ev.definite:
            how += DEFINITE
        if date is None:
            how += UNDATED
        if not own:
            how += INHERITED
        return EventClaim(
            quote=doc.text[start:end],
            start=start,
            end=end,
            date=date or dates.undated(doc.pub),
            according_to=source.source,
            relays=source.relays,
            rule=f"trigger:{s.words[ev.trig.i].lemma}/{ev.etype}|roles:{how}",
            confidence=_confidence(ev.attackers, ev.targets, bool(where)),
            event_type=ev.etype,
            attackers=ev.attackers,
            targets=ev.targets,
            places=where.ids,
            unresolved_places=where.written,
            casualties=found,
            supporters=ev.supporters,
            stance=_stance_of(source, s, ev.trig.i),
        )

    def _window_sentence(self, text: str, s: Sent) -> Sentence | None:
        """The segmenter's sentence with the window rules' mentions, when ``s`` is long."""
        if s.src is None or len(s.src.toks) <= LONG_SENTENCE:
            return None
        src = s.src
        mentions = self.window_gazetteer.mentions(src.toks)
        for m in mentions:
            m.text = text[m.start : m.end]
        out = Sentence(src.start, src.end, src.text, src.toks, src.para, mentions)
        widen_regions(out, self.region_of)
        return out

    def _casualties(self, s: Sent, start: int, end: int) -> list[Casualties]:
        """Casualty figures of the claim's span ('an Iranian fighter' counts one: the
        nationality groups of the window gazetteer are read here)."""
        if s.src is None:
            return []
        toks = s.src.toks
        mentions = self.window_gazetteer.mentions(toks)
        return [f.casualties for f in figures(toks, mentions) if start <= toks[f.i].start < end]

    def _placed(self, e: EventClaim) -> bool:
        """A territorial change needs a place below country or region level of its own
        ('lost control in northern and eastern Syria' is a summary, not a capture)."""
        if e.event_type != "capture_of_territory" or INHERITED in e.rule:
            return True
        return bool(e.unresolved_places) or any(p not in self.book.coarse for p in e.places)

    def _topic(self, sents: list[Sentence]) -> str | None:
        """The most mentioned actor: what 'it', 'he' and 'its' most likely refer to."""
        counts = Counter(
            m.actor for s in sents for m in s.mentions if m.actor and m.actor not in self.not_topics
        )
        return counts.most_common(1)[0][0] if counts else None


ROLE_LISTS = ("attackers", "targets", "participants", "supporters", "places", "unresolved_places")


def _stance_of(source: Attribution, s: Sent, trigger: int) -> Stance:
    """The sentence's stance, but a denial only for an event inside what is denied."""
    if source.stance == "denies" and trigger not in denied_words(s):
        return "asserts"
    return source.stance


LOOK_BACK = 2
"""Sentences looked back past one that names only a region for one that names a town."""


AIR_ARMS = ("air force", "aerospace")
"""Words naming an air arm in an actor's name (the Syrian Air Force, the Russian Aerospace
Forces)."""


def _from_the_air(e: EventClaim, airborne: frozenset[str]) -> EventClaim:
    """'four strikes near P destroyed ...' in a coalition release: strikes by the coalition
    or an air force are air strikes (known once the attacker is, also from the article)."""
    if e.event_type != "attack" or not e.rule.startswith("trigger:strike/"):
        return e
    if not e.attackers or not set(e.attackers) <= airborne:
        return e
    return e.model_copy(update={"event_type": "air_strike", "rule": f"{e.rule}+airborne"})


def without_repeats(e: EventClaim) -> EventClaim:
    """The event with each actor and place listed once (two phrases of one clause may name the
    same group: *expel IS from P and the nearby Q*)."""
    update = {
        name: list(dict.fromkeys(values))
        for name in ROLE_LISTS
        if len(set(values := getattr(e, name))) != len(values)
    }
    return e.model_copy(update=update) if update else e


DATELINE_PARAGRAPHS = 3
MIN_WORDS_AFTER_DATELINE = 4


def _without_datelines(sents: list[Sentence]) -> list[Sentence]:
    """The opening sentence of one of the first paragraphs loses its dateline ('ERBIL,
    Kurdistan Region—', 'AMMAN: '): it is no part of the sentence and misleads the parse."""
    out: list[Sentence] = []
    seen_paras: set[int] = set()
    for s in sents:
        first = s.para not in seen_paras
        seen_paras.add(s.para)
        n = dateline_length(s.text) if first and s.para < DATELINE_PARAGRAPHS else 0
        toks = [t for t in s.toks if t.start >= s.start + n] if n else s.toks
        if n and len(toks) >= MIN_WORDS_AFTER_DATELINE:
            start = toks[0].start
            s = Sentence(start, s.end, s.text[start - s.start :], toks, s.para)
        out.append(s)
    return out


UNKNOWN_PERPETRATOR = frozenset({"bombing", "suicide_attack", "attack", "killing", "shelling"})


def _concrete(e: EventClaim) -> bool:
    """An event with no actor named that still happened ('a car bomb exploded near a market
    in P, killing 20 people'): its own place and a figure of its dead, or a bombing."""
    if INHERITED in e.rule or not (e.places or e.unresolved_places):
        return False
    if e.event_type not in UNKNOWN_PERPETRATOR:
        return False
    killed = any(c.kind == "killed" for c in e.casualties)
    shot = e.rule.startswith(("trigger:shoot/", "trigger:gun/"))  # 'gunmen shot dead X in P'
    return killed or shot or e.event_type in ("bombing", "suicide_attack")


def _described_place(s: Sent, words: set[int]) -> bool:
    """The clause says where without a name ('the last remaining areas of IS', 'its
    positions in the desert'): no place is borrowed from other sentences. A bare 'the area'
    or 'those towns' refers back, and does borrow."""
    from loaders.extract.lexicon import PLACE_NOUNS

    for k in words:
        w = s.words[k]
        if w.lemma not in PLACE_NOUNS or w.mention is not None:
            continue
        for d in s.kids(k, "nmod:of", "nmod:poss", "amod", "compound"):
            dep = s.words[d.dep]
            if dep.lemma in ("this", "that", "these", "those", "same", "it", "they", "its"):
                continue  # 'its outskirts', 'those towns': the place named before
            owner = dep.mention is not None and dep.mention.actor and dep.mention.place is None
            if (d.rel.startswith("nmod") and owner) or dep.lemma in ("remaining", "last", "few"):
                return True
    return False


def _asides(s: Sent, trigger: int) -> set[int]:
    """Words of relative clauses that do not hold the trigger (*the coalition, which has been
    bombing IS in Syria since 2014, said its jets struck ...*): their time and place describe
    an actor, not this event."""
    own = set(s.subtree(trigger)) | {trigger}
    out: set[int] = set()
    for w in s.words:
        for d in s.govs(w.i, "acl:relcl"):
            if d.gov >= 0 and d.gov not in own:  # 'an explosion that targeted X on Sunday'
                clause = set(s.subtree(w.i))  # describes the event itself: not an aside
                if trigger not in clause:
                    out |= clause
    return out


ANNOUNCING = frozenset({"announce", "declare"})
"""Speech verbs whose object is the event itself (*announced the liberation of P on Nov.
9*): their date is the event's."""


def _speech_time(s: Sent, trigger: int | None = None) -> set[int]:
    """Words dating a speech act (*said on Friday*): not the event's date, unless the speech
    announces the event ``trigger`` itself."""
    from loaders.extract.lexicon import SPEECH_VERBS

    out: set[int] = set()
    for w in s.words:
        if w.lemma in ANNOUNCING and any(d.dep == trigger for d in s.kids(w.i, "obj")):
            continue
        if w.lemma in SPEECH_VERBS and w.pos.startswith("VB"):
            for d in s.kids(w.i, "obl:on", "obl:tmod", "obl:npmod", "advmod", "obl"):
                sub = s.subtree(d.dep)
                if trigger is not None and max(sub) + 1 == trigger:
                    continue  # 'said IS on Sunday executed ...': the event's time, misattached
                text = " ".join(s.words[k].text for k in sub)
                if dates.resolve(text, None) is not None or any(
                    s.words[k].lemma in dates.TIME_WORDS for k in sub
                ):
                    out.update(sub)
    return out


def _note_subjects(s: Sent, res: Resolver) -> None:
    """The subject actors of the sentence, of its main clause when that has one: what a
    pronoun in the next sentence most likely refers to."""
    roots = {d.dep for d in s.tree.deps if d.gov < 0}
    main: list[str] = []
    last: list[str] = []
    for w in s.words:
        for d in s.kids(w.i, "nsubj", "nsubj:pass"):
            actors = res.of(s, d.dep, anaphora=False)
            if actors:
                last = actors
                if w.i in roots:
                    main = actors
    if main or last:
        res.note_subjects(main or last)
    named = [m.actor for m in s.mentions if m.actor and m.place is None]
    speakers = _speaker_words(s)
    for w in s.words:  # the group last named, not counting who is quoted ('a YPG commander said')
        m = w.mention
        if m is not None and m.actor and m.place is None and w.i not in speakers:
            res.note_subjects([m.actor], groups_only=True)
    res.previous_actors = named
    res.seen.update(named)
    res.note_armies(s)
    res.note_descriptions(s)


def _called(ref: ReferenceData) -> dict[str, frozenset[str]]:
    """Anaphoric nouns the reference data uses alone as an alias (*the jihadists*,
    *militants*) -> the actors it gives them to."""
    out: dict[str, set[str]] = {}
    for a in ref.actors:
        for alias in a.aliases:
            words = alias.lower().split()
            if words[:1] == ["the"]:
                words = words[1:]
            if len(words) != 1:
                continue
            single = singular(words[0])
            if single in ANAPHORS:
                out.setdefault(single, set()).add(a.id)
    return {k: frozenset(v) for k, v in out.items()}


def _speaker_words(s: Sent) -> set[int]:
    """Words of the phrases that speak (subjects of *say*, *tell*, ...): who is quoted is not
    what the next *the group* or *the militants* refers to."""
    out: set[int] = set()
    for w in s.words:
        if w.lemma in SAY_VERBS and w.pos.startswith("VB"):
            for d in s.kids(w.i, "nsubj"):
                out.update(s.subtree(d.dep))
    return out


def _confidence(attackers: list[str], targets: list[str], placed: bool) -> float:
    return round(min(0.4 + 0.2 * bool(attackers) + 0.2 * bool(targets) + 0.1 * placed, 0.95), 2)


def _headline(sents: list[Sent], meta: ArticleMeta) -> frozenset[int]:
    """The first line when it is a headline: it repeats the title, or it is a short line
    without final punctuation followed by more text."""
    if len(sents) < 2:
        return frozenset()
    first = [s for s in sents if s.para == sents[0].para]
    text = " ".join(s.text for s in first)
    title = (meta.title or "").strip().lower()
    repeats = bool(title) and _squash(title) == _squash(text.lower())
    short = len(text.split()) <= HEADLINE_MAX_WORDS and not text.rstrip().endswith((".", "”", '"'))
    if repeats or (short and len(first) == 1):
        return frozenset(s.n for s in first)
    return frozenset()


def _squash(text: str) -> str:
    return "".join(c for c in text if c.isalnum())


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
    """'the organization' means IS only where IS is also named explicitly; an indefinite
    generic ('a coalition of forces') names no one."""
    named = {m.actor for s in sents for m in s.mentions if m.actor and not m.generic}
    for s in sents:
        for m in s.mentions:
            indefinite = m.i > 0 and s.toks[m.i - 1].lower in ("a", "an", "another")
            head = m.j >= len(s.toks) or s.toks[m.j].lower in ("of", ",", ".", "that", "which")
            if m.actor and indefinite and head and m.text[:1].islower():
                m.actor = None
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


def extract(text: str, meta: ArticleMeta, ref: ReferenceData, parser: Parser) -> Extraction:
    """Event and control claims of one article, offsets into ``text`` as given."""
    return extractor_for(ref).extract(text, meta, parser)
